"""The writing surface: text that keeps away from the window's edges, in a readable column.

QPlainTextEdit lays its text out across the whole viewport (it has no wrap column), so
the column is made by viewport margins, recomputed when the editor or its font changes.
The margins take the text's background colour, so the column has no visible border.

An inline suggestion (ghost text) is shown in the cursor's line through that line's
layout, in the place an input method shows the text it is composing: it wraps and pushes
the rest of the text like typed text, yet it is no part of the document (its text, undo
stack, modified flag and saved file never see it). Tab types all of it, Ctrl+Right its
next word; anything else the writer does takes it away first and then does what it always
does. ``GhostTextController`` (``ui/editor/ghost_text.py``) decides when one is asked for.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable
from pathlib import Path

from PySide6.QtCore import QEvent, QMimeData, QObject, QSize, Qt, Signal, Slot
from PySide6.QtGui import (
    QDragEnterEvent,
    QDragMoveEvent,
    QDropEvent,
    QFocusEvent,
    QKeyEvent,
    QMouseEvent,
    QPalette,
    QResizeEvent,
    QTextCharFormat,
    QTextCursor,
    QTextLayout,
)
from PySide6.QtWidgets import QApplication, QTextEdit

from writer_app.core.documents.provenance import Source
from writer_app.core.text.positions import utf16_length
from writer_app.core.writing.suggestions import next_word
from writer_app.ui.common.provenance import ProvenanceTracker, insert_from_model
from writer_app.ui.common.streaming import ComposingTextEdit

DOCUMENT_MARGIN = 12
SIDE_MARGIN = 24
READABLE_CHARACTERS = 75
# Keys that only change what the next key means (Ctrl before Ctrl+Right) keep the ghost.
_MODIFIER_KEYS = frozenset({Qt.Key.Key_Shift, Qt.Key.Key_Control, Qt.Key.Key_Alt,
                            Qt.Key.Key_Meta, Qt.Key.Key_AltGr, Qt.Key.Key_CapsLock,
                            Qt.Key.Key_NumLock, Qt.Key.Key_Super_L, Qt.Key.Key_Super_R})


class Marks(enum.IntEnum):
    """The kinds of marks laid over the text, in the order they are painted: a later kind
    is drawn over an earlier one where both cover the same characters."""

    PROVENANCE = enum.auto()
    """The tint of the model's text: under every other mark."""
    FOCUS = enum.auto()
    FOUND = enum.auto()
    SPELLING = enum.auto()
    UNCERTAIN = enum.auto()


def dropped_files(mime: QMimeData) -> list[Path]:
    """The local files a drag carries (a file manager's), none for text or web links."""
    if not mime.hasUrls():
        return []
    return [Path(url.toLocalFile()) for url in mime.urls() if url.isLocalFile()]


class WriterTextEdit(ComposingTextEdit):
    """The editor, with margins, an optional line length of about 75 characters, and
    ghost text.

    ``interrupted`` says the writer did something (a key, a click, composing, leaving the
    editor, or any change of the text or the cursor): the ghost text is gone and a
    suggestion on its way no longer applies. ``typed`` says a key or an input method
    changed the text.
    """

    interrupted = Signal()
    typed = Signal()
    # Files from a file manager were dropped on the editor: they are to be opened, not
    # written into the text as their paths (a list of Paths).
    files_dropped = Signal(list)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._readable_width = False
        self._typewriter = False
        self._ghost = ""
        self._ghost_at: QTextCursor | None = None
        self._ghost_formats: list[QTextLayout.FormatRange] = []
        self._changed = False
        self._marks: dict[Marks, list[QTextEdit.ExtraSelection]] = {}
        document = self.document()
        document.setDocumentMargin(DOCUMENT_MARGIN)
        # A margin is a format change, which QTextDocument records as an edit.
        document.clearUndoRedoStacks()
        document.setModified(False)
        self.setBackgroundRole(QPalette.ColorRole.Base)
        self.setAutoFillBackground(True)
        self._update_margins()
        document.contentsChange.connect(self._on_document_contents_change)
        self.cursorPositionChanged.connect(self._on_cursor_position_changed)

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if dropped_files(event.mimeData()):
            event.acceptProposedAction()
            return
        super().dragEnterEvent(event)

    def dragMoveEvent(self, event: QDragMoveEvent) -> None:
        if dropped_files(event.mimeData()):
            event.acceptProposedAction()
            return
        super().dragMoveEvent(event)

    def dropEvent(self, event: QDropEvent) -> None:
        files = dropped_files(event.mimeData())
        if files:
            event.acceptProposedAction()
            self.files_dropped.emit(files)
            return
        super().dropEvent(event)

    def set_marks(self, kind: Marks, ranges: Iterable[tuple[int, int]],
                  style: QTextCharFormat) -> None:
        """Show the characters of ``ranges`` (start and end positions) in ``style`` as the
        marks of ``kind``, in place of its earlier ones; the other kinds keep theirs."""
        document = self.document()
        last = document.characterCount() - 1
        selections = []
        for start, end in ranges:
            selection = QTextEdit.ExtraSelection()
            selection.cursor = QTextCursor(document)
            selection.cursor.setPosition(min(start, last))
            selection.cursor.setPosition(min(end, last), QTextCursor.MoveMode.KeepAnchor)
            selection.format = style
            selections.append(selection)
        self._marks[kind] = selections
        self.setExtraSelections([selection for shown in sorted(self._marks)
                                 for selection in self._marks[shown]])

    def clear_marks(self, kind: Marks) -> None:
        """Take away the marks of ``kind``."""
        self.set_marks(kind, (), QTextCharFormat())

    def marks(self, kind: Marks) -> list[QTextEdit.ExtraSelection]:
        """The marks of ``kind`` now shown."""
        return list(self._marks.get(kind, ()))

    def ghost_text(self) -> str:
        """The suggestion shown after the cursor ("" when there is none)."""
        return self._ghost

    def show_ghost_text(self, text: str) -> bool:
        """Show ``text`` in grey after the cursor (replacing what was shown); False when it
        cannot be shown now: a selection, or an input method composing."""
        self._remove_ghost()
        cursor = self.textCursor()
        block = cursor.block()
        layout = block.layout()
        if (not text or cursor.hasSelection() or self.is_composing()
                or layout.preeditAreaText()):
            return False
        at = cursor.position() - block.position()
        width = utf16_length(text)
        grey = QTextCharFormat()
        grey.setForeground(self.palette().color(QPalette.ColorRole.PlaceholderText))
        span = QTextLayout.FormatRange()
        span.start, span.length, span.format = at, width, grey
        self._ghost_formats = list(layout.formats())
        layout.setPreeditArea(at, text)
        layout.setFormats([*_around(self._ghost_formats, at, width), span])
        self._ghost, self._ghost_at = text, QTextCursor(cursor)
        self.document().markContentsDirty(block.position(), block.length())
        return True

    def dismiss_ghost_text(self) -> None:
        """Take the suggestion away (the writer moved on) and say so."""
        self._remove_ghost()
        self.interrupted.emit()

    def _remove_ghost(self) -> None:
        if self._ghost_at is None:
            return
        block = self._ghost_at.block()
        layout = block.layout()
        # A composition that replaced the ghost in its line is the input method's to keep.
        if layout.preeditAreaText() == self._ghost:
            layout.setPreeditArea(-1, "")
            layout.setFormats(self._ghost_formats)
            self.document().markContentsDirty(block.position(), block.length())
        self._ghost, self._ghost_at, self._ghost_formats = "", None, []

    def _take_ghost(self, text: str) -> None:
        """Insert ``text`` of the suggestion at the cursor as one undo step, the model's
        text, as if typed (the next suggestion may follow it)."""
        cursor = self.textCursor()
        insert_from_model(cursor, text, Source.SUGGESTION)
        self.setTextCursor(cursor)
        self.typed.emit()

    def createMimeDataFromSelection(self) -> QMimeData:
        """The selection for the clipboard or a drag; the model's spans in it go beside
        its text in a private format, so a paste in writer-app keeps them."""
        data = super().createMimeDataFromSelection()
        tracker = ProvenanceTracker.of(self.document())
        cursor = self.textCursor()
        if tracker is not None and cursor.hasSelection():
            tracker.copy_to(data, cursor.selectionStart(), cursor.selectionEnd())
        return data

    def insertFromMimeData(self, source: QMimeData) -> None:
        tracker = ProvenanceTracker.of(self.document())
        pieces = tracker.pasted(source) if tracker is not None else None
        if tracker is None or pieces is None:
            super().insertFromMimeData(source)
            return
        block = self.textCursor()
        block.beginEditBlock()
        start = block.selectionStart()
        super().insertFromMimeData(source)
        tracker.claim(start, self.textCursor().position(), pieces)
        block.endEditBlock()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in _MODIFIER_KEYS:
            super().keyPressEvent(event)
            return
        ghost = self._ghost
        self.dismiss_ghost_text()
        modifiers = event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
        if ghost and event.key() == Qt.Key.Key_Tab and modifiers == Qt.KeyboardModifier.NoModifier:
            self._take_ghost(ghost)
            event.accept()
            return
        if (ghost and event.key() == Qt.Key.Key_Right
                and modifiers == Qt.KeyboardModifier.ControlModifier):
            word = next_word(ghost)
            self._take_ghost(word)
            self.show_ghost_text(ghost[len(word):])
            event.accept()
            return
        self._changed = False
        super().keyPressEvent(event)
        if self._changed:
            self.typed.emit()

    def inputMethodEvent(self, event: object) -> None:
        self.dismiss_ghost_text()
        self._changed = False
        super().inputMethodEvent(event)
        if self._changed and not self.is_composing():
            self.typed.emit()

    def mousePressEvent(self, event: QMouseEvent) -> None:
        self.dismiss_ghost_text()
        super().mousePressEvent(event)

    def focusOutEvent(self, event: QFocusEvent) -> None:
        self.dismiss_ghost_text()
        super().focusOutEvent(event)

    @Slot(int, int, int)
    def _on_document_contents_change(self, _position: int, _removed: int, _added: int) -> None:
        self._changed = True
        self.dismiss_ghost_text()

    @Slot()
    def _on_cursor_position_changed(self) -> None:
        self.dismiss_ghost_text()
        # A drag that selects text would scroll under the mouse: the line is centred
        # when the button is let go.
        if self._typewriter and QApplication.mouseButtons() == Qt.MouseButton.NoButton:
            self.centerCursor()

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        super().mouseReleaseEvent(event)
        if self._typewriter:
            self.centerCursor()

    def typewriter_scrolling(self) -> bool:
        return self._typewriter

    def set_typewriter_scrolling(self, on: bool) -> None:
        """Hold the cursor's line at the middle of the editor, as a typewriter holds the
        line being typed; the text can scroll past its end so that the last line can
        reach the middle too."""
        self._typewriter = on
        self.setCenterOnScroll(on)
        if on:
            self.centerCursor()

    def readable_width(self) -> bool:
        return self._readable_width

    def set_readable_width(self, readable: bool) -> None:
        """Keep lines to about ``READABLE_CHARACTERS`` characters, centred (or use the width)."""
        self._readable_width = readable
        self._update_margins()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._update_margins()
        if self._typewriter:
            self.centerCursor()

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.FontChange:
            self._update_margins()

    def _update_margins(self) -> None:
        side = SIDE_MARGIN
        if self._readable_width:
            column = (self.fontMetrics().horizontalAdvance("x") * READABLE_CHARACTERS
                      + 2 * int(self.document().documentMargin()))
            scroll_bar = self.verticalScrollBar()
            room = self.contentsRect().width() - (
                scroll_bar.sizeHint().width() if scroll_bar.isVisible() else 0)
            side = max(side, (room - column) // 2)
        margins = self.viewportMargins()
        if (margins.left(), margins.right()) != (side, side):
            self.setViewportMargins(side, 0, side, 0)
            # QPlainTextEdit sets the text's width from the viewport only when the editor
            # itself changes width, so a resize from nothing makes it lay the text out again.
            super().resizeEvent(QResizeEvent(self.size(), QSize()))


def _around(formats: list[QTextLayout.FormatRange], at: int,
            width: int) -> list[QTextLayout.FormatRange]:
    """The line's formats (a Markdown highlighter's) with ``width`` units inserted at
    ``at``: those after it move on, one across it grows, as Qt moves them around a
    composition."""
    moved: list[QTextLayout.FormatRange] = []
    for old in formats:
        new = QTextLayout.FormatRange()
        new.start, new.length, new.format = old.start, old.length, old.format
        if new.start >= at:
            new.start += width
        elif new.start + new.length > at:
            new.length += width
        moved.append(new)
    return moved

