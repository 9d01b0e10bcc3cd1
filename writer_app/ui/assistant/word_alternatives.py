"""Word alternatives: the other words the model considered for a continuation's tokens.

A Continue that records alternatives (``core/writing/alternatives.py``) leaves them here
once its text is in the document, with the place it begins. Alt+Click on one of its words
offers the model's other choices there; picking one swaps the word in, and "Write On from
Here" keeps the text up to the word and asks for the rest again (``write_on_requested``).
An edit to the word since it was written makes its alternatives stale: they are not offered.
A swap follows Undo and Redo: each is remembered with the place in the undo stack it made,
so after Undo the word that is back offers its alternatives again.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QEvent, QObject, QPoint, Qt, Signal, Slot
from PySide6.QtGui import QAction, QMouseEvent, QTextCursor
from PySide6.QtWidgets import QMenu

from writer_app.core.documents.provenance import Source
from writer_app.core.writing.alternatives import AlternativesMap, TokenSpan
from writer_app.qt.messages import MessageBridge
from writer_app.ui.common.provenance import insert_from_model
from writer_app.ui.common.streaming import ComposingTextEdit


@dataclass(frozen=True)
class _Swap:
    """A word swapped at ``start`` of the continuation, leaving ``undo_steps`` steps to
    undo in the document."""

    undo_steps: int
    start: int
    before: str
    after: str


class WordAlternatives(QObject):
    """The alternatives of the continuation that last went in, and the menu that offers them."""

    kept = Signal()
    """A continuation went into the document with its recorded tokens (``recorded``, from
    ``position()``), or the ones kept before were dropped."""
    write_on_requested = Signal()
    """The rest of the continuation after a word was removed: Continue from the cursor."""

    def __init__(self, editor: ComposingTextEdit, messages: MessageBridge,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._editor = editor
        self._messages = messages
        self._recorded: AlternativesMap | None = None
        self._start: QTextCursor | None = None
        self._span: TokenSpan | None = None
        self._swaps: list[_Swap] = []
        self._undone: list[_Swap] = []
        self.drafts: list[AlternativesMap] = []
        """What each draft in the Continue panel recorded, for the draft that is chosen."""
        self.menu = QMenu(editor)
        self.menu.triggered.connect(self._on_menu_triggered)
        self._action_regenerate = QAction(self.tr("Write On from Here"), self)
        self._action_regenerate.setToolTip(self.tr(
            "Keep the text up to this word and write the rest of the continuation again"))
        editor.viewport().installEventFilter(self)

    @property
    def recorded(self) -> AlternativesMap | None:
        """The recorded word alternatives of the last Continue, if it recorded any."""
        return self._recorded

    def position(self) -> int | None:
        """Where the continuation of ``recorded`` begins in the document."""
        start = self._start
        return start.position() if start is not None and self._recorded else None

    def keep(self, recorded: AlternativesMap | None, at: QTextCursor | None) -> None:
        """The alternatives of the continuation that just went in at ``at``."""
        self._recorded = recorded if recorded is not None and len(recorded) else None
        self._start = QTextCursor(at) if self._recorded is not None and at is not None else None
        self._swaps, self._undone = [], []
        self.kept.emit()

    def keep_draft(self, index: int, at: QTextCursor | None) -> None:
        """Draft ``index`` of the Continue panel went in at ``at``."""
        self.keep(self.drafts[index] if index < len(self.drafts) else None, at)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (event.type() == QEvent.Type.MouseButtonPress and isinstance(event, QMouseEvent)
                and event.modifiers() & Qt.KeyboardModifier.AltModifier
                and self._recorded is not None):
            clicked = self._editor.cursorForPosition(event.position().toPoint())
            # Below the line, so the menu does not hide the word it offers to replace.
            below = self._editor.cursorRect(clicked).bottomLeft()
            return self.show_at(clicked.position(), self._editor.viewport().mapToGlobal(below))
        return False

    def show_at(self, position: int, at: QPoint) -> bool:
        """Offer the model's alternatives for the generated word at ``position``."""
        start = self._start
        if self._recorded is None or start is None:
            return False
        self._follow_undo()
        span = self._recorded.at(position - start.position())
        if span is None:
            return False
        if self._span_cursor(span).selectedText() != span.text:
            self._messages.info(self.tr(
                "That passage was edited since it was written, so its alternatives are gone."))
            return True
        self._span = span
        self.menu.clear()
        for choice in span.choices():
            action = self.menu.addAction(self.tr("{word}    {percent:.0%}").format(
                word=choice.text.strip() or repr(choice.text), percent=choice.probability))
            action.setData(choice.text)
        if self.menu.isEmpty():
            self._messages.info(self.tr("The model saw no other word there."))
            return True
        self.menu.addSeparator()
        self.menu.addAction(self._action_regenerate)
        self.menu.popup(at)
        return True

    def _follow_undo(self) -> None:
        """Make the recorded words those of the swaps the undo stack still holds."""
        recorded = self._recorded
        if recorded is None:
            return
        steps = self._editor.document().availableUndoSteps()
        while self._swaps and self._swaps[-1].undo_steps > steps:
            swap = self._swaps.pop()
            self._retext(recorded, swap.start, swap.before)
            self._undone.append(swap)
        while self._undone and self._undone[-1].undo_steps <= steps:
            swap = self._undone.pop()
            self._retext(recorded, swap.start, swap.after)
            self._swaps.append(swap)

    @staticmethod
    def _retext(recorded: AlternativesMap, start: int, text: str) -> None:
        span = recorded.at(start)
        if span is not None:
            recorded.replace(span, text)

    def _span_cursor(self, span: TokenSpan) -> QTextCursor:
        start = self._start
        assert start is not None
        cursor = QTextCursor(self._editor.document())
        cursor.setPosition(start.position() + span.start)
        cursor.setPosition(start.position() + span.end, QTextCursor.MoveMode.KeepAnchor)
        return cursor

    @Slot(QAction)
    def _on_menu_triggered(self, action: QAction) -> None:
        span, self._span = self._span, None
        if span is None or self._recorded is None:
            return
        cursor = self._span_cursor(span)
        if cursor.selectedText() != span.text:
            return
        if action is self._action_regenerate:
            self._write_on_after(cursor, self._recorded.length - span.end)
            return
        text = str(action.data())
        insert_from_model(cursor, text, Source.ALTERNATIVE)
        self._recorded.replace(span, text)
        self._swaps.append(_Swap(self._editor.document().availableUndoSteps(), span.start,
                                 span.text, text))
        self._undone = []

    def _write_on_after(self, word: QTextCursor, rest: int) -> None:
        """Remove the continuation's ``rest`` units after ``word`` and continue from there."""
        cursor = QTextCursor(word)
        cursor.clearSelection()
        cursor.setPosition(word.selectionEnd() + rest, QTextCursor.MoveMode.KeepAnchor)
        cursor.beginEditBlock()
        cursor.removeSelectedText()
        cursor.endEditBlock()
        self._recorded = None
        self.kept.emit()
        self._editor.setTextCursor(cursor)
        self.write_on_requested.emit()
