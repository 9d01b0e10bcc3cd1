"""The writing surface: text that keeps away from the window's edges, in a readable column.

QPlainTextEdit lays its text out across the whole viewport (it has no wrap column), so
the column is made by viewport margins, recomputed when the editor or its font changes.
The margins take the text's background colour, so the column has no visible border.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QSize
from PySide6.QtGui import QPalette, QResizeEvent

from writer_app.ui.streaming import ComposingTextEdit

DOCUMENT_MARGIN = 12
SIDE_MARGIN = 24
READABLE_CHARACTERS = 75


class WriterTextEdit(ComposingTextEdit):
    """The editor, with margins and an optional line length of about 75 characters."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._readable_width = False
        document = self.document()
        document.setDocumentMargin(DOCUMENT_MARGIN)
        # A margin is a format change, which QTextDocument records as an edit.
        document.clearUndoRedoStacks()
        document.setModified(False)
        self.setBackgroundRole(QPalette.ColorRole.Base)
        self.setAutoFillBackground(True)
        self._update_margins()

    def readable_width(self) -> bool:
        return self._readable_width

    def set_readable_width(self, readable: bool) -> None:
        """Keep lines to about ``READABLE_CHARACTERS`` characters, centred (or use the width)."""
        self._readable_width = readable
        self._update_margins()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._update_margins()

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
