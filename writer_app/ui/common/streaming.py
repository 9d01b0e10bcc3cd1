"""Applying streamed text to the GUI at a bounded rate, whatever the token rate.

``Coalescer`` gathers chunks and hands them on at most ~30 times a second.
``StreamInserter`` writes them into the document at an anchored position as one undo
step, marked as the model's (``ui.common.provenance``); text the writer types meanwhile,
anywhere, is never mixed into the insertion, and nothing is inserted while an input method
is composing. Typing where the stream goes (or inside what it wrote) takes the pen back:
the inserter stops and says so (``interrupted``).
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, QTimer, Signal, Slot
from PySide6.QtGui import QTextCharFormat, QTextCursor
from PySide6.QtWidgets import QPlainTextEdit

from writer_app.core.documents.provenance import Origin, Source
from writer_app.core.text.positions import string_index, utf16_length, utf16_position
from writer_app.ui.common.provenance import insert_from_model, model_origin

FLUSH_INTERVAL_MS = 33


class Coalescer(QObject):
    """Buffers text and passes it to ``sink`` on a timer; ``ready`` can hold it back."""

    def __init__(self, sink: Callable[[str], None], parent: QObject | None = None,
                 ready: Callable[[], bool] = lambda: True) -> None:
        super().__init__(parent)
        self._sink = sink
        self._ready = ready
        self._buffer: list[str] = []
        self._timer = QTimer(self)
        self._timer.setInterval(FLUSH_INTERVAL_MS)
        self._timer.timeout.connect(self._on_timer_timeout)

    def add(self, text: str) -> None:
        self._buffer.append(text)
        if not self._timer.isActive():
            self._timer.start()

    def flush(self) -> bool:
        """Hand on what is buffered now, unless ``ready`` says to wait; True when done."""
        if not self._buffer:
            self._timer.stop()
            return True
        if not self._ready():
            return False
        text = "".join(self._buffer)
        self._buffer.clear()
        self._sink(text)
        return True

    def stop(self) -> None:
        self._timer.stop()
        self._buffer.clear()

    @Slot()
    def _on_timer_timeout(self) -> None:
        self.flush()


class ComposingTextEdit(QPlainTextEdit):
    """A plain-text editor that knows when an input method is composing."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)  # type: ignore[arg-type]
        self._composing = False

    def is_composing(self) -> bool:
        return self._composing

    def inputMethodEvent(self, event: object) -> None:
        preedit = event.preeditString()  # type: ignore[attr-defined]
        self._composing = bool(preedit)
        super().inputMethodEvent(event)  # type: ignore[arg-type]


class StreamInserter(QObject):
    """Inserts a stream at ``position`` of ``editor``'s document, anchored and undoable.

    The anchor is a cursor that keeps its position when text is inserted at it, so what
    the writer types exactly where the stream goes lands after the streamed text instead
    of inside it; Qt moves it for every edit before it. It is never used to insert: a
    separate cursor writes, then the anchor moves to the end of the new text.

    The writer typing at the stream's end, or editing what it wrote, ends the insertion:
    the text not yet shown is dropped, nothing more is inserted, and ``interrupted`` is
    emitted once, so the writer's words stay where they typed them, after the stream's,
    each an undo step of its own. Edits elsewhere leave the stream going.

    Each flush joins the previous undo step only when that step is the stream's own. When
    the writer edits the document between flushes, QTextDocument's linear undo stack ends
    up with the stream's and the writer's steps alternating; ``finish`` then rebuilds the
    history as two steps, the writer's edits first and the whole insertion last, so one
    Undo removes exactly the inserted text and the next exactly what the writer typed.
    """

    interrupted = Signal()

    def __init__(self, editor: ComposingTextEdit, position: int,
                 parent: QObject | None = None, source: Source = Source.CONTINUE) -> None:
        super().__init__(parent)
        self._editor = editor
        self._source = source
        self._origin: Origin | None = None
        self._document = editor.document()
        self._start = QTextCursor(self._document)
        self._start.setPosition(position)
        self._start.setKeepPositionOnInsert(True)
        self._anchor = QTextCursor(self._start)
        self._anchor.setKeepPositionOnInsert(True)
        self._inserted: list[str] = []
        self._base_steps = -1
        self._undo_steps = -1
        self._own_last_step = False
        self._inserting = False
        self._steps = 0
        self._finished = False
        self.is_interrupted = False
        self._coalescer = Coalescer(self._insert, self,
                                    ready=lambda: not editor.is_composing())
        self._document.undoCommandAdded.connect(self._on_document_undo_command_added)
        self._document.contentsChange.connect(self._on_document_contents_change)

    def add(self, text: str) -> None:
        if not self.is_interrupted:
            self._coalescer.add(text)

    @property
    def text(self) -> str:
        """What has gone into the document so far."""
        return "".join(self._inserted)

    def finish(self) -> bool:
        """Insert what is left (unless composing: then the caller tries again later)."""
        if self._finished:
            return True
        if not self._coalescer.flush():
            return False
        self._finished = True
        self._document.undoCommandAdded.disconnect(self._on_document_undo_command_added)
        self._document.contentsChange.disconnect(self._on_document_contents_change)
        if self._steps > 1:
            self._make_one_undo_step()
        return True

    @Slot()
    def _on_document_undo_command_added(self) -> None:
        if not self._inserting:
            self._own_last_step = False

    @Slot(int, int, int)
    def _on_document_contents_change(self, position: int, _removed: int, _added: int) -> None:
        if (self._inserting or self.is_interrupted
                or not self._start.position() <= position <= self._anchor.position()):
            return
        self.is_interrupted = True
        self._coalescer.stop()
        self.interrupted.emit()

    def _insert(self, text: str) -> None:
        cursor = QTextCursor(self._document)
        cursor.setPosition(self._anchor.position())
        self._inserting = True
        if self._own_last_step and self._document.availableUndoSteps() == self._undo_steps:
            cursor.joinPreviousEditBlock()
        else:
            if self._base_steps < 0:
                self._base_steps = self._document.availableUndoSteps()
            self._steps += 1
            cursor.beginEditBlock()
        _insert_sealed(cursor, text, self._model_origin())
        cursor.endEditBlock()
        self._inserting = False
        self._inserted.append(text)
        self._own_last_step = True
        self._anchor.setPosition(cursor.position())
        self._undo_steps = self._document.availableUndoSteps()

    def _model_origin(self) -> Origin:
        """One origin for the whole stream, made when its first text goes in."""
        if self._origin is None:
            self._origin = model_origin(self._document, self._source)
        return self._origin

    def _make_one_undo_step(self) -> None:
        """Replay the interleaved edits as the writer's step, then the insertion's."""
        document = self._document
        raw = document.toRawText()
        position = self._start.position()
        start, end = string_index(raw, position), string_index(raw, self._anchor.position())
        inserted = "".join(self._inserted).replace("\n", _PARAGRAPH)
        if raw[start:end] != inserted:
            return  # the writer edited inside the insertion: its steps stay as they are
        if document.availableUndoSteps() <= self._base_steps:
            return
        edited = raw[:start] + raw[end:]
        view = _EditorView(self._editor)
        while document.availableUndoSteps() > self._base_steps:
            before = document.availableUndoSteps()
            document.undo()
            if document.availableUndoSteps() == before:
                break
        cursor = QTextCursor(document)
        cursor.beginEditBlock()
        _replace_changed_part(cursor, document.toRawText(), edited)
        cursor.endEditBlock()
        cursor.setPosition(position)
        cursor.beginEditBlock()
        _insert_sealed(cursor, inserted, self._model_origin())
        cursor.endEditBlock()
        view.restore()


_PARAGRAPH = "\u2029"


def _insert_sealed(cursor: QTextCursor, text: str, origin: Origin) -> None:
    """Insert ``text`` (the model's, from ``origin``) in the edit block open on ``cursor``
    so that what is typed next is
    not merged into it: Qt adds a typed insertion that touches the previous one to that
    step (QTextDocumentPrivate::appendUndoItem), and one Undo would take the writer's first
    words with the stream's. A format change of nothing ends the block instead, and an
    insertion is never merged with a format change."""
    insert_from_model(cursor, text, origin)
    if text:
        seal = QTextCursor(cursor)
        seal.movePosition(QTextCursor.MoveOperation.PreviousCharacter,
                          QTextCursor.MoveMode.KeepAnchor)
        seal.mergeCharFormat(QTextCharFormat())


def _replace_changed_part(cursor: QTextCursor, old: str, new: str) -> None:
    """Turn the document's text ``old`` into ``new`` by replacing the part that differs."""
    prefix = _common_prefix(old, new)
    suffix = min(_common_prefix(old[::-1], new[::-1]), min(len(old), len(new)) - prefix)
    head = utf16_position(old, prefix)
    cursor.setPosition(head)
    cursor.setPosition(head + utf16_length(old[prefix:len(old) - suffix]),
                       QTextCursor.MoveMode.KeepAnchor)
    cursor.insertText(new[prefix:len(new) - suffix])


def _common_prefix(a: str, b: str, step: int = 1 << 16) -> int:
    """How many characters ``a`` and ``b`` share at the start (compared a block at a time,
    so a long document costs no Python loop over every character)."""
    limit = min(len(a), len(b))
    index = 0
    while index < limit and a[index:index + step] == b[index:index + step]:
        index += step
    index = min(index, limit)
    while index < limit and a[index] == b[index]:
        index += 1
    return index


class _EditorView:
    """The editor's cursor, selection and scroll position, to put back after a replay."""

    def __init__(self, editor: QPlainTextEdit) -> None:
        self._editor = editor
        cursor = editor.textCursor()
        self._anchor, self._position = cursor.anchor(), cursor.position()
        self._scroll = (editor.horizontalScrollBar().value(),
                        editor.verticalScrollBar().value())

    def restore(self) -> None:
        cursor = self._editor.textCursor()
        cursor.setPosition(self._anchor)
        cursor.setPosition(self._position, QTextCursor.MoveMode.KeepAnchor)
        self._editor.setTextCursor(cursor)
        self._editor.horizontalScrollBar().setValue(self._scroll[0])
        self._editor.verticalScrollBar().setValue(self._scroll[1])
