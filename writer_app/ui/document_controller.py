"""The document's safety: its exact text, autosave's timing, the file on disk, questions.

These keep the window's document code to wiring: ``BlockMarks`` gives the text exactly as
the file had it (``QPlainTextEdit.toPlainText()`` turns no-break spaces into spaces and
U+2028/U+2029 into line breaks), ``AutosaveScheduler`` keeps a recovery record at most a
few seconds behind the writer even while they never pause, and ``FileWatcher`` reports
changes another program makes to the open file.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from pathlib import Path

from PySide6.QtCore import QFileSystemWatcher, QObject, QTimer, Signal, Slot
from PySide6.QtGui import QTextBlock, QTextCursor, QTextDocument, QTextFormat
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QMessageBox,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from writer_app.core.blocks import SEPARATORS, BlockPlan
from writer_app.ui.panels import diff_html

_MARK = QTextFormat.Property.UserProperty + 0x2029
AUTOSAVE_DELAY_MS = 2000
AUTOSAVE_MAX_DELAY_MS = 4000
"""While typing goes on, a record is written at most this long after the first unsaved
change (plus 1 ms per thousand characters of document, for the copy): RELIABILITY.md
promises at most 5 s of typing lost to a crash."""


def ask(parent: QWidget | None, title: str, text: str, choices: Sequence[str]) -> str:
    """A question with one button per choice; returns the chosen one, or the last choice
    (the safe one, such as Cancel) when the writer closes the box."""
    box = QMessageBox(QMessageBox.Icon.Warning, title, text, QMessageBox.StandardButton.NoButton,
                      parent)
    buttons = [box.addButton(choice, QMessageBox.ButtonRole.AcceptRole if index == 0 else
                             QMessageBox.ButtonRole.RejectRole if index == len(choices) - 1
                             else QMessageBox.ButtonRole.ActionRole)
               for index, choice in enumerate(choices)]
    box.setEscapeButton(buttons[-1])
    box.setDefaultButton(buttons[-1])
    box.exec()
    clicked = box.clickedButton()
    return choices[buttons.index(clicked)] if clicked in buttons else choices[-1]


def compare(parent: QWidget | None, name: str, disk_text: str, ours: str) -> None:
    """Show how this window's text differs from the file on disk, until closed."""
    dialog = QDialog(parent)
    dialog.setWindowTitle(f"{name}: this window and the file on disk")
    intro = QLabel("Underlined: only in this window. Struck through: only in the file on "
                   "disk, which saving here would remove.", dialog)
    intro.setWordWrap(True)
    view = QTextBrowser(dialog)
    view.setHtml(diff_html(disk_text, ours, dialog.palette()))
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, dialog)
    buttons.rejected.connect(dialog.reject)
    layout = QVBoxLayout(dialog)
    layout.addWidget(intro)
    layout.addWidget(view, 1)
    layout.addWidget(buttons)
    dialog.resize(760, 520)
    dialog.exec()


class BlockMarks(QObject):
    """Which line breaks of a document stand for U+2029 or for nothing (a cut long line).

    A mark lives in the block format of the block *after* the break, as a property, so that
    undo and redo restore it with the text. Splitting a block copies its format to the new
    block; a copy (the same mark number as the block it came from) is cleared at once, in
    the same undo step as the split.
    """

    def __init__(self, document: QTextDocument, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._document = document
        self._marked = False
        self._fixing = False
        document.contentsChange.connect(self._on_document_contents_change)

    def clear(self) -> None:
        self._marked = False

    def apply(self, plan: BlockPlan) -> None:
        """Mark the blocks of text loaded from ``plan`` (once it is in the document)."""
        self._marked = False
        if not plan.marks:
            return
        undo = self._document.isUndoRedoEnabled()
        self._document.setUndoRedoEnabled(False)
        for number, (before, kind) in enumerate(sorted(plan.marks.items())):
            cursor = QTextCursor(self._document.findBlockByNumber(before + 1))
            block_format = cursor.blockFormat()
            block_format.setProperty(_MARK, (number + 1) * 4 + kind)
            cursor.setBlockFormat(block_format)
        self._document.setUndoRedoEnabled(undo)
        self._marked = True

    def text(self) -> str:
        """The document's text as it is to be saved, every character kept."""
        if not self._marked:
            return self._document.toRawText().replace("\u2029", "\n")
        parts: list[str] = []
        block = self._document.begin()
        while block.isValid():
            if parts:
                parts.append(SEPARATORS.get(_mark(block) % 4, "\n"))
            parts.append(block.text())
            block = block.next()
        return "".join(parts)

    @Slot(int, int, int)
    def _on_document_contents_change(self, position: int, _removed: int, added: int) -> None:
        if not self._marked or not added or self._fixing:
            return
        first = self._document.findBlock(position)
        mark = _mark(first)
        if not mark:
            return
        last = self._document.findBlock(position + added).blockNumber()
        block = first.next()
        self._fixing = True
        try:
            while block.isValid() and block.blockNumber() <= last:
                if _mark(block) == mark:
                    cursor = QTextCursor(block)
                    cursor.joinPreviousEditBlock()
                    block_format = cursor.blockFormat()
                    block_format.clearProperty(_MARK)
                    cursor.setBlockFormat(block_format)
                    cursor.endEditBlock()
                block = block.next()
        finally:
            self._fixing = False


def _mark(block: QTextBlock) -> int:
    value = block.blockFormat().property(_MARK)
    return value if isinstance(value, int) else 0


class AutosaveScheduler(QObject):
    """Says when to autosave: ``AUTOSAVE_DELAY_MS`` after the last change, and never more
    than ``AUTOSAVE_MAX_DELAY_MS`` after the first change not yet kept."""

    due = Signal()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self.due)
        self._first_change = 0.0
        self._extra_ms = 0

    def set_document_size(self, characters: int) -> None:
        """Copying a huge document takes a moment, so both delays grow with its size."""
        self._extra_ms = characters // 1000

    @Slot()
    def changed(self) -> None:
        now = time.monotonic()
        if not self._first_change:
            self._first_change = now
        left_ms = AUTOSAVE_MAX_DELAY_MS + self._extra_ms - (now - self._first_change) * 1000
        self._timer.start(int(max(0, min(AUTOSAVE_DELAY_MS + self._extra_ms, left_ms))))

    def done(self) -> None:
        """The record was just written (or dropped): nothing is waiting any more."""
        self._timer.stop()
        self._first_change = 0.0


class FileWatcher(QObject):
    """Reports when the open file changes on disk, also after a rename replaced it."""

    changed = Signal(Path)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._watcher = QFileSystemWatcher(self)
        self._watcher.fileChanged.connect(self._on_watcher_file_changed)
        self._path: Path | None = None
        self._retry = QTimer(self)
        self._retry.setSingleShot(True)
        self._retry.setInterval(200)
        self._retry.timeout.connect(self._on_retry_timeout)

    def watch(self, path: Path | None) -> None:
        if self._watcher.files():
            self._watcher.removePaths(self._watcher.files())
        self._path = path
        if path is not None and path.exists():
            self._watcher.addPath(str(path))

    @Slot(str)
    def _on_watcher_file_changed(self, _name: str) -> None:
        # A save by rename drops the watch: watch the new file once it is in place.
        self._retry.start()

    @Slot()
    def _on_retry_timeout(self) -> None:
        path = self._path
        if path is None:
            return
        if str(path) not in self._watcher.files() and path.exists():
            self._watcher.addPath(str(path))
        self.changed.emit(path)
