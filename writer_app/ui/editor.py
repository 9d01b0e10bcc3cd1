"""The writing surface: text that keeps away from the window's edges, in a readable column,
and the find bar under it.

QPlainTextEdit lays its text out across the whole viewport (it has no wrap column), so
the column is made by viewport margins, recomputed when the editor or its font changes.
The margins take the text's background colour, so the column has no visible border.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QSize, Slot
from PySide6.QtGui import QPalette, QResizeEvent, QTextCursor, QTextDocument
from PySide6.QtWidgets import QHBoxLayout, QLineEdit, QPushButton, QWidget

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


class FindBar(QWidget):
    """Find and replace under the editor."""

    def __init__(self, editor: ComposingTextEdit, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._editor = editor
        self.find_field = QLineEdit(self)
        self.find_field.setPlaceholderText(self.tr("Find"))
        self.replace_field = QLineEdit(self)
        self.replace_field.setPlaceholderText(self.tr("Replace with"))
        self.find_field.returnPressed.connect(self.find_next)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(4, 2, 4, 2)
        layout.addWidget(self.find_field, 2)
        layout.addWidget(self._button(self.tr("Next"), self.find_next))
        layout.addWidget(self._button(self.tr("Previous"), self.find_previous))
        layout.addWidget(self.replace_field, 2)
        layout.addWidget(self._button(self.tr("Replace"), self.replace_one))
        layout.addWidget(self._button(self.tr("Replace all"), self.replace_all))
        layout.addWidget(self._button(self.tr("Close"), self.hide))

    def _button(self, label: str, slot: object) -> QPushButton:
        button = QPushButton(label, self)
        button.clicked.connect(slot)
        return button

    def open(self) -> None:
        selected = self._editor.textCursor().selectedText()
        if selected and "\u2029" not in selected:
            self.find_field.setText(selected)
        self.show()
        self.find_field.setFocus()
        self.find_field.selectAll()

    @Slot()
    def find_next(self) -> bool:
        return self._find(QTextDocument.FindFlag(0))

    @Slot()
    def find_previous(self) -> bool:
        return self._find(QTextDocument.FindFlag.FindBackward)

    def _find(self, flags: QTextDocument.FindFlag) -> bool:
        needle = self.find_field.text()
        if not needle:
            return False
        if self._editor.find(needle, flags):
            return True
        cursor = self._editor.textCursor()
        backward = bool(flags & QTextDocument.FindFlag.FindBackward)
        cursor.movePosition(QTextCursor.MoveOperation.End if backward
                            else QTextCursor.MoveOperation.Start)
        self._editor.setTextCursor(cursor)
        return self._editor.find(needle, flags)

    @Slot()
    def replace_one(self) -> None:
        cursor = self._editor.textCursor()
        if cursor.hasSelection() and cursor.selectedText() == self.find_field.text():
            cursor.insertText(self.replace_field.text())
        self.find_next()

    @Slot()
    def replace_all(self) -> int:
        needle, replacement = self.find_field.text(), self.replace_field.text()
        if not needle:
            return 0
        document = self._editor.document()
        cursor = QTextCursor(document)
        count = 0
        cursor.beginEditBlock()
        found = document.find(needle, 0)
        while not found.isNull():
            found.insertText(replacement)
            count += 1
            found = document.find(needle, found.position())
        cursor.endEditBlock()
        return count
