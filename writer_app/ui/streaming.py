"""Applying streamed text to the GUI at a bounded rate, whatever the token rate.

``Coalescer`` gathers chunks and hands them on at most ~30 times a second.
``StreamInserter`` writes them into the document at an anchored position as one undo
step; text the writer types meanwhile, anywhere, is never mixed into the insertion, and
nothing is inserted while an input method is composing.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, QTimer, Slot
from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import QPlainTextEdit

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
    """

    def __init__(self, editor: ComposingTextEdit, position: int,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._document = editor.document()
        self._anchor = QTextCursor(self._document)
        self._anchor.setPosition(position)
        self._anchor.setKeepPositionOnInsert(True)
        self._undo_steps = -1
        self._coalescer = Coalescer(self._insert, self,
                                    ready=lambda: not editor.is_composing())

    def add(self, text: str) -> None:
        self._coalescer.add(text)

    def finish(self) -> bool:
        """Insert what is left (unless composing: then the caller tries again later)."""
        return self._coalescer.flush()

    def _insert(self, text: str) -> None:
        cursor = QTextCursor(self._document)
        cursor.setPosition(self._anchor.position())
        if self._document.availableUndoSteps() == self._undo_steps:
            cursor.joinPreviousEditBlock()
        else:
            cursor.beginEditBlock()
        cursor.insertText(text)
        cursor.endEditBlock()
        self._anchor.setPosition(cursor.position())
        self._undo_steps = self._document.availableUndoSteps()
