"""Positions in a QTextDocument as indices in its text as Python holds it.

Qt counts UTF-16 code units (``writer_app.core.text.positions``). Half of a surrogate pair
(pasted, or left by typing inside an emoji) does not come back from Qt as a Python
character of its own, so in a document with one, positions are counted through the
document's own selection instead.
"""

from __future__ import annotations

from PySide6.QtGui import QTextCursor, QTextDocument

from writer_app.core.text.positions import string_index, utf16_length


class PositionMap:
    """Maps positions of ``document`` to indices in ``text``, its plain text."""

    def __init__(self, text: str, document: QTextDocument) -> None:
        self._text = text
        whole = utf16_length(text) == document.characterCount() - 1
        self._document = None if whole else document

    def index(self, position: int) -> int:
        """The index in the text of the document position ``position``."""
        if self._document is None:
            return string_index(self._text, position)
        cursor = QTextCursor(self._document)
        cursor.setPosition(position, QTextCursor.MoveMode.KeepAnchor)
        return len(cursor.selectedText())
