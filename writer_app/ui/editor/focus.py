"""FocusMode: everything but the cursor's paragraph or sentence dimmed, as iA Writer and
FocusWriter do it.

The dimming is two marks (``Marks.FOCUS``): the text before the bright part and the text
after it, in the text colour mixed toward the page's, from the palette, so it reads as
faint on a light page and on a dark one. It follows the cursor and the palette; it is
never part of the document. A paragraph is the cursor's line (its block); a sentence ends
where ``units.sentence_span`` says, inside that paragraph.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Slot
from PySide6.QtGui import QPalette, QTextCharFormat

from writer_app.core.settings import FocusUnit
from writer_app.core.text.positions import string_index, utf16_position
from writer_app.core.text.units import sentence_span
from writer_app.ui.common.theme import mixed_colour
from writer_app.ui.editor.text_editor import Marks, WriterTextEdit

# How much of the text colour the dimmed text keeps: faint, yet legible when wanted.
_DIM_STRENGTH = 0.35


class FocusMode(QObject):
    """Dims the editor's text around the cursor's paragraph or sentence while on."""

    def __init__(self, editor: WriterTextEdit, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._editor = editor
        self._on = False
        self._unit = FocusUnit.PARAGRAPH
        self._span = (-1, -1)
        editor.cursorPositionChanged.connect(self._update)
        editor.document().contentsChanged.connect(self._update)
        editor.installEventFilter(self)

    def is_on(self) -> bool:
        return self._on

    def unit(self) -> FocusUnit:
        return self._unit

    def set_focus(self, on: bool, unit: FocusUnit) -> None:
        """Dim all but the cursor's ``unit`` (or nothing, when not ``on``)."""
        self._on, self._unit = on, unit
        self._span = (-1, -1)
        self._update()

    def bright_span(self) -> tuple[int, int]:
        """The document positions of the part kept bright."""
        cursor = self._editor.textCursor()
        block = cursor.block()
        start, end = block.position(), block.position() + block.length() - 1
        if self._unit is FocusUnit.SENTENCE:
            text = block.text()
            index = string_index(text, cursor.position() - block.position())
            first, last = sentence_span(text, index)
            start, end = (block.position() + utf16_position(text, first),
                          block.position() + utf16_position(text, last))
        return start, end

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.PaletteChange and self._on:
            self._span = (-1, -1)
            self._update()
        return super().eventFilter(watched, event)

    @Slot()
    def _update(self) -> None:
        if not self._on:
            if self._editor.marks(Marks.FOCUS):
                self._editor.clear_marks(Marks.FOCUS)
            return
        span = self.bright_span()
        if span == self._span:
            return
        self._span = span
        palette = self._editor.palette()
        faint = QTextCharFormat()
        faint.setForeground(mixed_colour(palette.color(QPalette.ColorRole.Text),
                                         palette.color(QPalette.ColorRole.Base),
                                         _DIM_STRENGTH))
        end_of_text = self._editor.document().characterCount() - 1
        self._editor.set_marks(Marks.FOCUS, [
            (first, last) for first, last in ((0, span[0]), (span[1], end_of_text))
            if last > first], faint)
