"""Several drafts of one request, stacked in small read-only views; a click picks one.

A narrow dock reads drafts best one under the other, each with its number (the Alt+number
that picks it) above it. The chosen draft is framed in the palette's highlight colour.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Signal
from PySide6.QtGui import QFont, QPalette
from PySide6.QtWidgets import (
    QFrame,
    QLabel,
    QPlainTextEdit,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from writer_app.ui.common.streaming import Coalescer

_VIEW_LINES = 5


class _DraftBox(QFrame):
    """One draft: its number and its text."""

    def __init__(self, index: int, font: QFont, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.text = ""
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.label = QLabel(self.tr("Draft {number} (Alt+{number})").format(number=index + 1),
                            self)
        self.view = QPlainTextEdit(self)
        self.view.setReadOnly(True)
        self.view.setFont(font)
        self.view.setToolTip(self.tr("Click to use this draft."))
        lines = self.view.fontMetrics().lineSpacing() * _VIEW_LINES
        self.view.setFixedHeight(lines + 2 * self.view.frameWidth() + 8)
        self._coalescer = Coalescer(self._append, self)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.label)
        layout.addWidget(self.view)

    def add(self, text: str) -> None:
        self._coalescer.add(text)

    def flush(self) -> None:
        self._coalescer.flush()

    def show_text(self, text: str) -> None:
        self._coalescer.stop()
        self.text = text
        self.view.setPlainText(text)

    def set_chosen(self, chosen: bool) -> None:
        colour = self.palette().color(QPalette.ColorRole.Highlight).name()
        self.setStyleSheet(f"_DraftBox {{ border: 2px solid {colour}; }}" if chosen else "")
        font = self.label.font()
        font.setBold(chosen)
        self.label.setFont(font)

    def _append(self, text: str) -> None:
        self.text += text
        self.view.setPlainText(self.text)


class DraftsView(QScrollArea):
    """The drafts of a request as they stream; ``chosen`` says which one was clicked."""

    chosen = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._boxes: list[_DraftBox] = []
        self._font = self.font()
        self._inner = QWidget(self)
        self._layout = QVBoxLayout(self._inner)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self._layout.addStretch(1)
        self.setWidget(self._inner)
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)

    def __len__(self) -> int:
        return len(self._boxes)

    def set_text_font(self, font: QFont) -> None:
        """The drafts read in ``font`` (the editor's), new ones too."""
        self._font = font
        for box in self._boxes:
            box.view.setFont(font)

    def texts(self) -> tuple[str, ...]:
        self.flush()
        return tuple(box.text for box in self._boxes)

    def view(self, index: int) -> QPlainTextEdit:
        """The view that shows draft ``index``."""
        return self._boxes[index].view

    def show_drafts(self, texts: tuple[str, ...], chosen: int | None) -> None:
        """Show these drafts (a finished result), ``chosen`` framed."""
        while len(self._boxes) > len(texts):
            self._boxes.pop().deleteLater()
        for index, text in enumerate(texts):
            self._box(index).show_text(text)
        self.set_chosen(chosen)

    def add(self, draft: int, text: str) -> None:
        """Streamed ``text`` of draft ``draft`` (its view appears with its first text)."""
        self._box(draft).add(text)

    def reserve(self, count: int) -> None:
        """Boxes for ``count`` drafts, empty until their text comes, the first new one
        scrolled into view: the writer sees at once where the drafts asked for will go."""
        first = len(self._boxes)
        if count > first:
            self._box(count - 1)
            self.ensureWidgetVisible(self._boxes[first])

    def flush(self) -> None:
        for box in self._boxes:
            box.flush()

    def set_chosen(self, chosen: int | None) -> None:
        for index, box in enumerate(self._boxes):
            box.set_chosen(index == chosen)

    def _box(self, index: int) -> _DraftBox:
        while len(self._boxes) <= index:
            box = _DraftBox(len(self._boxes), self._font, self._inner)
            box.view.viewport().installEventFilter(self)
            self._layout.insertWidget(self._layout.count() - 1, box)
            self._boxes.append(box)
        return self._boxes[index]

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.MouseButtonRelease:
            for index, box in enumerate(self._boxes):
                if watched is box.view.viewport():
                    self.chosen.emit(index)
                    return False
        return False
