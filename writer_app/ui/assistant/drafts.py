"""Several drafts of one request, stacked in read-only views; a click picks one.

A narrow dock reads drafts best one under the other, each with its number (the Alt+number
that picks it), its length and its warnings above it, so drafts can be compared before one
is chosen. The views share the dock's height (five lines each at least, then the list
scrolls). The chosen draft is framed in the palette's highlight colour.
"""

from __future__ import annotations

import html
from collections.abc import Sequence

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QFont, QPalette
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QScrollArea,
    QSizePolicy,
    QStyle,
    QVBoxLayout,
    QWidget,
)

from writer_app.core.writing.review import Review
from writer_app.ui.common.accessibility import read_only
from writer_app.ui.common.core_text import translated
from writer_app.ui.common.streaming import Coalescer

_VIEW_LINES = 5


class WarningLine(QWidget):
    """A warning icon and the warnings, in the palette's warning colour; hidden if none."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        icon = QLabel(self)
        size = self.style().pixelMetric(QStyle.PixelMetric.PM_SmallIconSize)
        icon.setPixmap(self.style().standardIcon(
            QStyle.StandardPixmap.SP_MessageBoxWarning).pixmap(size, size))
        icon.setAlignment(Qt.AlignmentFlag.AlignTop)
        self.label = QLabel(self)
        self.label.setWordWrap(True)
        self.label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(icon)
        row.addWidget(self.label, 1)

    def show_warnings(self, warnings: tuple[str, ...]) -> None:
        dark = self.palette().color(QPalette.ColorRole.Window).lightness() < 128
        colour = "#f0b35a" if dark else "#8a4b00"
        lines = "<br>".join(html.escape(translated(warning)) for warning in warnings)
        self.label.setText(f'<span style="color:{colour}">{lines}</span>')
        self.setVisible(bool(warnings))


class _DraftBox(QFrame):
    """One draft: its number and its text."""

    def __init__(self, index: int, font: QFont, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.text = ""
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.label = QLabel(self.tr("Draft {number} (Alt+{number})").format(number=index + 1),
                            self)
        self.length_label = QLabel(self)
        self.length_label.setToolTip(self.tr("The length of the passage, and of this draft"))
        self.warning = WarningLine(self)
        self.warning.hide()
        self.view = QPlainTextEdit(self)
        self.view.setAccessibleName(self.tr("Draft {number}").format(number=index + 1))
        read_only(self.view)
        self.view.setFont(font)
        self.view.setToolTip(self.tr("Click to use this draft."))
        self.view.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self._fit_view()
        self._coalescer = Coalescer(self._append, self)
        header = QHBoxLayout()
        header.addWidget(self.label)
        header.addStretch(1)
        header.addWidget(self.length_label)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(header)
        layout.addWidget(self.warning)
        layout.addWidget(self.view, 1)

    def _fit_view(self) -> None:
        lines = self.view.fontMetrics().lineSpacing() * _VIEW_LINES
        self.view.setMinimumHeight(lines + 2 * self.view.frameWidth() + 8)

    def set_text_font(self, font: QFont) -> None:
        self.view.setFont(font)
        self._fit_view()

    def show_review(self, checked: Review | None) -> None:
        """The draft's length against the passage's, and its warnings (none: hidden)."""
        self.length_label.setText(translated(checked.summary) if checked else "")
        self.warning.show_warnings(checked.warnings if checked else ())

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
        self.setWidget(self._inner)
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)

    def __len__(self) -> int:
        return len(self._boxes)

    def set_text_font(self, font: QFont) -> None:
        """The drafts read in ``font`` (the editor's), new ones too."""
        self._font = font
        for box in self._boxes:
            box.set_text_font(font)

    def texts(self) -> tuple[str, ...]:
        self.flush()
        return tuple(box.text for box in self._boxes)

    def view(self, index: int) -> QPlainTextEdit:
        """The view that shows draft ``index``."""
        return self._boxes[index].view

    def lengths(self) -> tuple[str, ...]:
        """What each draft's header says of its length ("" before it is finished)."""
        return tuple(box.length_label.text() for box in self._boxes)

    def warnings(self, index: int) -> str:
        """The warnings shown above draft ``index`` ("" for none)."""
        box = self._boxes[index]
        return box.warning.label.text() if box.warning.isVisibleTo(box) else ""

    def show_drafts(self, texts: tuple[str, ...], chosen: int | None,
                    reviews: Sequence[Review | None] = ()) -> None:
        """Show these drafts (a finished result), ``chosen`` framed, each with its review."""
        while len(self._boxes) > len(texts):
            self._boxes.pop().deleteLater()
        for index, text in enumerate(texts):
            box = self._box(index)
            box.show_text(text)
            box.show_review(reviews[index] if index < len(reviews) else None)
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
            self._layout.addWidget(box, 1)
            self._boxes.append(box)
        return self._boxes[index]

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.MouseButtonRelease:
            for index, box in enumerate(self._boxes):
                if watched is box.view.viewport():
                    self.chosen.emit(index)
                    return False
        return False
