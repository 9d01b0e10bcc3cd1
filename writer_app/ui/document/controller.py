"""The window's document: files, autosave, recovery, and what happens to the file on disk.

``DocumentController`` owns one window's document job; the window wires its actions and
shows what it reports. ``AutosaveScheduler`` keeps a recovery record at most a few seconds
behind the writer even while they never pause; ``FileWatcher`` reports changes another
program makes to the open file; ``compare`` shows how the window's text and the file
differ. Its questions and alerts go through ``message_boxes``, its status lines through the
window's ``MessageBridge``.
"""

from __future__ import annotations

import time
import uuid
from pathlib import Path

from PySide6.QtCore import (
    QCoreApplication,
    QFileSystemWatcher,
    QLocale,
    QObject,
    QTimer,
    Signal,
    Slot,
)
from PySide6.QtGui import QTextCursor, QTextDocument
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QInputDialog,
    QLabel,
    QPlainTextEdit,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from writer_app.core.documents.files import (
    ENCODINGS,
    DiskState,
    DocumentError,
    InvalidUtf8Error,
    TextFormat,
    cannot_write,
    changed_on_disk,
    decode_as,
    disk_state,
    encode_text,
    other_names,
    read_bytes,
    read_document,
    save_concern,
    write_atomic,
)
from writer_app.core.documents.history import key_for_path, unsaved_key
from writer_app.core.documents.locks import DocumentLock
from writer_app.core.documents.recovery import Orphans, RecoveryStore
from writer_app.core.i18n import message_of
from writer_app.core.paths import AppPaths
from writer_app.core.text.lines import LONG_LINE, plan_blocks
from writer_app.core.text.markdown import is_markdown_name
from writer_app.qt.messages import Level, MessageBridge
from writer_app.ui.common import message_boxes
from writer_app.ui.common.core_text import translated
from writer_app.ui.common.diff_view import diff_html
from writer_app.ui.common.places import start_folder
from writer_app.ui.document.exact_text import BlockMarks
from writer_app.ui.document.large_text import LARGE_TEXT, SlicedLoader
from writer_app.ui.document.recovery_dialog import RecoveryDialog

COMPARE_LIMIT = 100_000
"""Longer documents are not offered a comparison: a word diff of them takes too long."""
AUTOSAVE_DELAY_MS = 2000
AUTOSAVE_MAX_DELAY_MS = 4000
"""While typing goes on, a record is written at most this long after the first unsaved
change (plus 1 ms per thousand characters of document, for the copy): RELIABILITY.md
promises at most 5 s of typing lost to a crash."""


def compare(parent: QWidget | None, name: str, disk_text: str, ours: str) -> None:
    """Show how this window's text differs from the file on disk, until closed."""
    dialog = QDialog(parent)
    dialog.setWindowTitle(QCoreApplication.translate(
        "DocumentController", "{name}: this window and the file on disk").format(name=name))
    intro = QLabel(QCoreApplication.translate(
        "DocumentController", "Underlined: only in this window. Struck through: only in the "
        "file on disk, which saving here would remove."), dialog)
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


class DocumentController(QObject):
    """One window's document: opening, saving, autosave, recovery and the file on disk.

    The window shows what this reports (title, encoding, progress, messages) and offers
    its actions; the text itself stays in the window's editor, touched on the GUI thread.
    """

    file_changed = Signal()
    """The document's file or encoding changed: ``path``, ``text_format`` and ``markdown``
    say to what."""
    named = Signal(Path)
    """A file was opened or saved under this name (for the recent files)."""
    replacing = Signal()
    """The editor's text is about to be replaced: anything streaming into it must stop."""
    data_key_changed = Signal(str, str, bool)
    """The document's key in the data folder's stores (history, notes, goal, marks) went
    from the first to the second, before ``file_changed``: True when it is the same
    document under a new name, whose data moves with it; False when another document
    came, which has data of its own (sent even when it has the key of the one before)."""
    load_progressed = Signal(int, int)
    load_finished = Signal()
    loaded = Signal()
    """The text of a document (opened, new or restored) is whole in the editor."""
    saved = Signal()
    """The text was written to ``path``: the file holds what the editor holds."""

    def __init__(self, editor: QPlainTextEdit, paths: AppPaths, messages: MessageBridge,
                 parent: QWidget) -> None:
        super().__init__(parent)
        self._window = parent
        self._messages = messages
        self._editor = editor
        self.path: Path | None = None
        self.data_key = unsaved_key()
        """The document's key in the data folder's stores: its file's, or one of its own
        while it has none."""
        self.text_format = TextFormat()
        self._untitled_markdown = False
        self.recovery = RecoveryStore(paths.recovery_dir)
        self._recovery_key = uuid.uuid4().hex
        self._disk: DiskState | None = None
        self._lock = DocumentLock(paths.locks_dir)
        self._told_links = False
        self._asking = False
        self._restored_record = ""
        self._loader: SlicedLoader | None = None
        self._cursor_wanted: int | None = None
        document = editor.document()
        self._marks = BlockMarks(document, self)
        self._autosave = AutosaveScheduler(self)
        self._autosave.due.connect(self.autosave)
        document.contentsChanged.connect(self._autosave.changed)
        self._watcher = FileWatcher(self)
        self._watcher.changed.connect(self._on_watcher_changed)

    def _document(self) -> QTextDocument:
        return self._editor.document()

    def name_new(self, path: Path) -> None:
        """The new document is to be saved as ``path``, a file that does not exist yet."""
        self.path = path.resolve()
        self._rekey(another=False)
        self.file_changed.emit()

    def _rekey(self, *, another: bool) -> None:
        """The data key for the document now at ``path``; ``another``: a new document."""
        old = self.data_key
        if another:
            self.data_key = key_for_path(self.path) if self.path else unsaved_key()
            self.data_key_changed.emit(old, self.data_key, False)
        elif self.path is not None and key_for_path(self.path) != old:
            self.data_key = key_for_path(self.path)
            self.data_key_changed.emit(old, self.data_key, True)

    @property
    def markdown(self) -> bool:
        """Whether the document is Markdown: a file named .md or .markdown, or a new
        document written in Markdown (a draft from a brief) until it is saved."""
        if self.path is not None:
            return is_markdown_name(self.path.name)
        return self._untitled_markdown

    def is_loading(self) -> bool:
        """True while a large document is still being opened."""
        return self._loader is not None

    def text(self) -> str:
        """The text as it is saved: no-break spaces and Unicode separators kept."""
        return self._marks.text()

    def maybe_save(self) -> bool:
        """Ask about unsaved changes; False when the user cancels.

        While a large text is still loading there is nothing to save: it is the file's
        text, or a restored text whose recovery record stays until the load is done.
        """
        if self._loader is not None or not self._document().isModified():
            return True
        name = self.path.name if self.path else self.tr("Untitled")
        answer = message_boxes.ask_to_save(
            self._window, self.tr("Unsaved changes"),
            self.tr("Save the changes to {name}?").format(name=name))
        if answer is message_boxes.SaveAnswer.SAVE:
            return self.save()
        return answer is message_boxes.SaveAnswer.DISCARD

    @Slot()
    def autosave(self) -> None:
        """Keep unsaved text in a recovery record (or drop the record once saved)."""
        self._autosave.done()
        self._autosave.set_document_size(self._document().characterCount())
        if self._loader is not None:
            return
        if not self._document().isModified():
            self.recovery.remove(self._recovery_key)
            return
        try:
            self.recovery.save(self._recovery_key, self.path, self.text(), self.text_format,
                               markdown=self.markdown)
        except DocumentError as exc:
            self._messages.error(self.tr("Unsaved text could not be kept safe: {reason}").format(
                reason=translated(message_of(exc))))

    def close(self) -> None:
        """The window closes (its changes were saved or discarded): let go of everything."""
        self.recovery.remove(self._recovery_key)
        self._lock.release()
        self._stop_loading()

    # Recovery -------------------------------------------------------------------------

    @property
    def editor(self) -> QPlainTextEdit:
        """The editor that holds the document's text."""
        return self._editor

    def offer_recovery(self, found: Orphans | None = None) -> RecoveryDialog | None:
        """After a crash: offer the text of earlier sessions back (non-blocking), those
        ``found`` by a survey already made or else by one made now."""
        if found is None:
            found = self.recovery.survey()
        if found.problems:
            self._messages.warning(" ".join(translated(problem) for problem in found.problems))
        if not found.records:
            return None
        dialog = RecoveryDialog(found.records, self._window)
        dialog.finished.connect(self._on_recovery_dialog_finished)
        dialog.open()
        return dialog

    @Slot(int)
    def _on_recovery_dialog_finished(self, _result: int) -> None:
        dialog = self.sender()
        if not isinstance(dialog, RecoveryDialog):
            return
        for discarded in dialog.discarded:
            self.recovery.remove(discarded.key)
        record = dialog.chosen
        if record is None or not self.maybe_save():
            return
        self.replacing.emit()
        self._untitled_markdown = record.markdown
        self._set_file(Path(record.path) if record.path else None, record.text_format,
                       another=True)
        self._load_text(record.text, modified=True, record=record.key)
        self._messages.info(
            self.tr("Restored the unsaved text of {name}.").format(
                name=record.name or self.tr("Untitled")))

    # Opening --------------------------------------------------------------------------

    @Slot()
    def new_document(self) -> None:
        """An empty plain-text document (after asking about unsaved changes)."""
        self._new(markdown=False)

    def new_markdown_document(self) -> None:
        """An empty Markdown document, such as a draft from a brief is written into."""
        self._new(markdown=True)

    def _new(self, *, markdown: bool) -> None:
        if not self.maybe_save():
            return
        self.recovery.remove(self._recovery_key)
        self.replacing.emit()
        self._untitled_markdown = markdown
        self._set_file(None, TextFormat(), another=True)
        self._load_text("", modified=False)

    @Slot()
    def open_document_dialog(self) -> None:
        """File ▸ Open… in place of this document."""
        if not self.maybe_save():
            return
        path = self.choose_file()
        if path is not None:
            self.open_path(path, ask=False)

    def choose_file(self) -> Path | None:
        """The document the writer chooses to open (None if they cancel)."""
        name, _ = QFileDialog.getOpenFileName(self._window, self.tr("Open"),
                                              str(start_folder(self.path)), self._filter())
        return Path(name) if name else None

    def open_path(self, path: Path, ask: bool = True, encoding: str = "") -> bool:
        """Open ``path`` (in ``encoding`` if given, else the one detected); a file that
        cannot be opened is explained and nothing changes."""
        if ask and not self.maybe_save():
            return False
        try:
            text, text_format, replaced = self._read(path, encoding)
        except DocumentError as exc:
            message_boxes.show_alert(self._window, Level.WARNING, self.tr("Cannot open"),
                                     translated(message_of(exc)))
            return False
        if replaced < 0 or not self._claim(path):
            return False
        self.recovery.remove(self._recovery_key)
        self.replacing.emit()
        self._set_file(path, text_format, another=True)
        self.named.emit(path.resolve())
        self._load_text(text, modified=replaced > 0)
        if replaced:
            self._messages.warning(self.tr(
                "{count} bytes could not be read and are shown as \ufffd.").format(
                count=QLocale().toString(replaced)))
        return True

    def _read(self, path: Path, encoding: str) -> tuple[str, TextFormat, int]:
        """Read ``path``; a damaged file may be opened with replacements if the writer
        agrees (the count is then > 0, or -1 if they do not)."""
        try:
            if not encoding:
                text, text_format = read_document(path)
                return text, text_format, 0
            return decode_as(read_bytes(path), encoding, name=path.name)
        except InvalidUtf8Error as exc:
            encoding, reason = "utf-8", message_of(exc)
        except DocumentError as exc:
            if not encoding:
                raise
            reason = message_of(exc)
        replace = self.tr("Open with replacements")
        choice = message_boxes.ask(self._window, self.tr("Cannot open"), translated(reason),
                                   [replace, self.tr("Cancel")])
        if choice != replace:
            return "", TextFormat(), -1
        text, text_format, replaced = decode_as(read_bytes(path), encoding, lossy=True)
        return text, text_format, max(1, replaced)

    def _claim(self, path: Path) -> bool:
        """Hold the document's lock; if another window has it open, ask first."""
        holder = self._lock.acquire(path)
        if holder is None:
            return True
        anyway = self.tr("Open Anyway")
        if holder.elsewhere:
            where = self.tr("{name} is open in writer-app on another computer, {host} "
                            "(process {pid}), or was when that computer stopped. If both "
                            "change it, the one saved last replaces the other's changes. "
                            "Open it here too?")
        else:
            where = self.tr("{name} is already open in another writer-app window (process "
                            "{pid}). If both change it, the one saved last replaces the "
                            "other's changes. Open it here too?")
        choice = message_boxes.ask(self._window, self.tr("Open elsewhere"),
                     where.format(name=path.name, pid=holder.pid, host=holder.host),
                     [anyway, self.tr("Cancel")])
        if choice != anyway:
            return False
        self._lock.take_over(path)
        return True

    def _set_file(self, path: Path | None, text_format: TextFormat, *,
                  another: bool = False) -> None:
        """The document (``another`` one, or the same) now belongs to ``path`` as it is on
        disk now."""
        self.path = path.resolve() if path else None
        if self.path is None:
            self._lock.release()
        elif self._lock.holder(self.path) is None:
            self._lock.acquire(self.path)
        self._disk = disk_state(self.path) if self.path else None
        self._watcher.watch(self.path)
        self._told_links = False
        self.text_format = text_format
        self._rekey(another=another)
        self.file_changed.emit()

    def _load_text(self, text: str, *, modified: bool, record: str = "") -> None:
        """Put ``text`` into the editor; a large one a slice at a time, responsively.

        ``record`` is the recovery record ``text`` came from: it is removed only once the
        text is whole in the editor and kept in this window's own record.
        """
        self._stop_loading()
        self._cursor_wanted = None
        plan = plan_blocks(text)
        self._marks.clear()
        self._restored_record = record
        if len(plan.text) <= LARGE_TEXT:
            self._editor.setPlainText(plan.text)
            self._marks.apply(plan)
            self._document().setModified(modified)
            self._loaded()
        else:
            self._editor.setReadOnly(True)
            self._loader = SlicedLoader(self._document(), plan, modified, self)
            self._loader.progressed.connect(self.load_progressed)
            self._loader.finished.connect(self._on_loader_finished)
            self.load_progressed.emit(0, len(plan.text))
            self._loader.start()
        if len(plan.marks) > text.count("\u2029"):
            self._messages.warning(
                self.tr("Lines over {count} characters are shown in pieces; saving "
                        "joins them again.").format(
                    count=QLocale().toString(LONG_LINE)))

    def place_cursor(self, position: int) -> None:
        """Put the cursor at ``position`` (a document position, kept within the text), once
        the text is whole in the editor."""
        if self._loader is not None:
            self._cursor_wanted = position
        else:
            self._place_cursor(position)

    def _place_cursor(self, position: int) -> None:
        self._cursor_wanted = None
        cursor = self._editor.textCursor()
        cursor.setPosition(max(0, min(position, self._document().characterCount() - 1)))
        self._editor.setTextCursor(cursor)
        self._editor.ensureCursorVisible()

    def _stop_loading(self) -> None:
        if self._loader is None:
            return
        self._loader.stop()
        self._loader = None
        self._editor.setReadOnly(False)
        self.load_finished.emit()

    @Slot()
    def _on_loader_finished(self) -> None:
        loader = self._loader
        if loader is None:
            return
        self._loader = None
        self._editor.setReadOnly(False)
        self._marks.apply(loader.plan)
        self._document().setModified(loader.modified)
        self._editor.moveCursor(QTextCursor.MoveOperation.Start)
        if self._cursor_wanted is not None:
            self._place_cursor(self._cursor_wanted)
        self._messages.info(self.tr("Opened."))
        self.load_finished.emit()
        self._loaded()

    def _loaded(self) -> None:
        """The text is whole in the editor: keep it safe, then drop its old record."""
        self.loaded.emit()
        if self._document().isModified():
            self.autosave()
        if self._restored_record:
            self.recovery.remove(self._restored_record)
            self._restored_record = ""

    @Slot(Path)
    def _on_watcher_changed(self, path: Path) -> None:
        if path != self.path or self._loader is not None or self._asking:
            return
        if not changed_on_disk(path, self._disk):
            return
        if not path.exists():
            self._messages.warning(
                self.tr("{name} was moved or deleted by another program; saving will ask "
                        "before writing it there again.").format(name=path.name))
            return
        if self._document().isModified():
            self._messages.warning(
                self.tr("{name} was changed by another program; saving will ask before "
                        "replacing it.").format(name=path.name))
            return
        self._asking = True
        try:
            reload = self.tr("Reload")
            choice = message_boxes.ask(
                self._window, self.tr("Changed on disk"),
                self.tr("{name} was changed by another program. You have no unsaved changes "
                        "here: reload it to see the new version?").format(name=path.name),
                [reload, self.tr("Keep This Version")])
        finally:
            self._asking = False
        if choice == reload:
            self.open_path(path, ask=False)

    # Encodings ------------------------------------------------------------------------

    @Slot()
    def reopen_with_encoding_dialog(self) -> None:
        codec = self._choose_encoding(self.tr("Reopen with Encoding"),
                                      self.tr("Read the file as:"))
        if codec:
            self.reopen_with_encoding(codec)

    def reopen_with_encoding(self, encoding: str) -> bool:
        """Read the open file again in ``encoding`` (unsaved changes are asked about)."""
        if self.path is None:
            self._messages.info(self.tr("The document has not been saved yet."))
            return False
        return self.open_path(self.path, encoding=encoding)

    @Slot()
    def save_with_encoding_dialog(self) -> None:
        codec = self._choose_encoding(self.tr("Save with Encoding"),
                                      self.tr("Save the text as:"))
        if codec:
            self.save_with_encoding(codec)

    def save_with_encoding(self, encoding: str, path: Path | None = None) -> bool:
        """Save As in ``encoding``; the document keeps it from then on."""
        if path is None:
            path = self._ask_save_path()
            if path is None:
                return False
        return self._write(path, TextFormat(encoding, self.text_format.newline))

    def _choose_encoding(self, title: str, label: str) -> str:
        names = [name for _, name in ENCODINGS]
        codecs = [codec for codec, _ in ENCODINGS]
        current = codecs.index(self.text_format.encoding) if (
            self.text_format.encoding in codecs) else 0
        name, accepted = QInputDialog.getItem(self._window, title, label, names, current,
                                              False)
        return codecs[names.index(name)] if accepted and name in names else ""

    # Saving ---------------------------------------------------------------------------

    @Slot()
    def save(self) -> bool:
        if self.path is None:
            return self.save_as()
        return self._write(self.path)

    @Slot()
    def save_as(self) -> bool:
        path = self._ask_save_path()
        return path is not None and self._write(path)

    def _ask_save_path(self) -> Path | None:
        suffix = ".md" if self.markdown else ".txt"
        start = self.path or start_folder(None) / (self.tr("Untitled") + suffix)
        name, _ = QFileDialog.getSaveFileName(self._window, self.tr("Save As"), str(start),
                                              self._filter())
        return Path(name) if name else None

    def _filter(self) -> str:
        return self.tr("Text and Markdown (*.txt *.md *.markdown *.text);;All files (*)")

    def _write(self, path: Path, text_format: TextFormat | None = None) -> bool:
        text_format = text_format or self.text_format
        text = self.text()
        try:
            data = encode_text(text, text_format)
        except DocumentError as exc:
            as_utf8 = self.tr("Save as UTF-8")
            choice = message_boxes.ask(self._window, self.tr("Not saved"),
                                       translated(message_of(exc)), [as_utf8, self.tr("Cancel")])
            if choice != as_utf8:
                return False
            text_format = TextFormat("utf-8", text_format.newline)
            data = encode_text(text, text_format)
        blocked = cannot_write(path)
        if blocked:
            save_as = self.tr("Save As…")
            if message_boxes.ask(self._window, self.tr("Not saved"), translated(blocked),
                                 [save_as, self.tr("Cancel")]) == save_as:
                return self.save_as()
            return False
        choice = self._confirm_overwrite(path, text)
        if choice == "Save As…":
            return self.save_as()
        if choice == "Cancel":
            return False
        links = other_names(path)
        try:
            write_atomic(path, data)
        except DocumentError as exc:
            message_boxes.show_alert(self._window, Level.ERROR, self.tr("Not saved"),
                                     translated(message_of(exc)))
            return False
        told_links = self._told_links and path.resolve() == self.path
        if path.resolve() != self.path or text_format != self.text_format:
            self._set_file(path, text_format)
        self._disk = disk_state(path)
        self._document().setModified(False)
        self.recovery.remove(self._recovery_key)
        self.named.emit(path.resolve())
        self.saved.emit()
        self._messages.info(self.tr("Saved {name}").format(name=path.name))
        if links and not told_links:
            self._told_links = True
            message_boxes.show_alert(
                self._window, Level.INFO, self.tr("Saved as a file of its own"),
                self.tr("{name} had {count} other names (hard links) for the same file. "
                        "writer-app saves by replacing the file, so that a crash can never "
                        "leave it half written; the other names keep the text as it was "
                        "before this save.").format(name=path.name, count=links))
        return True

    def _confirm_overwrite(self, path: Path, text: str) -> str:
        """"Overwrite" when saving over ``path`` is fine or the writer says so; else
        "Save As…" or "Cancel". A file changed by someone else can be compared first."""
        recorded = self._disk if path.resolve() == self.path else None
        concern = save_concern(path, recorded)
        labels = {"Overwrite": self.tr("Overwrite"), "Save As…": self.tr("Save As…"),
                  "Compare…": self.tr("Compare…"), "Cancel": self.tr("Cancel")}
        keys = ["Overwrite", "Save As…", "Cancel"]
        if concern and changed_on_disk(path, recorded) and path.exists() and (
                len(text) <= COMPARE_LIMIT):
            keys.insert(2, "Compare…")
        choice = "Compare…" if concern else "Overwrite"
        while choice == "Compare…":
            label = message_boxes.ask(self._window, self.tr("Save over it?"),
                                      translated(concern), [labels[key] for key in keys])
            choice = next(key for key in keys if labels[key] == label)
            if choice == "Compare…":
                try:
                    disk_text = read_document(path)[0]
                except DocumentError as exc:
                    disk_text = translated(message_of(exc))
                compare(self._window, path.name, disk_text, text)
        return choice
