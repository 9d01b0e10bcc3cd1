"""The document's exact text: what a QTextDocument cannot hold by itself.

``QPlainTextEdit.toPlainText()`` turns no-break spaces into spaces and U+2028/U+2029 into
line breaks. The raw text keeps the first two; a U+2029 from the file and the cuts of a
very long line (``core.blocks``) are marked on the blocks, so that saving writes every
character back as it was.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Slot
from PySide6.QtGui import QTextBlock, QTextCursor, QTextDocument, QTextFormat

from writer_app.core.text.lines import SEPARATORS, BlockPlan

_MARK = QTextFormat.Property.UserProperty + 0x2029


class BlockMarks(QObject):
    """Which line breaks of a document stand for U+2029 or for nothing (a cut long line).

    A mark lives in the block format of the block *after* the break, as a property, so that
    undo and redo restore it with the text. Splitting a block copies its format to the new
    block; a copy (the same mark number as the block it came from) is cleared at once, in
    the same undo step as the split.
    """

    def __init__(self, document: QTextDocument, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._document = document
        self._marked = False
        self._fixing = False
        document.contentsChange.connect(self._on_document_contents_change)

    def clear(self) -> None:
        self._marked = False

    def apply(self, plan: BlockPlan) -> None:
        """Mark the blocks of text loaded from ``plan`` (once it is in the document)."""
        self._marked = False
        if not plan.marks:
            return
        undo = self._document.isUndoRedoEnabled()
        self._document.setUndoRedoEnabled(False)
        for number, (before, kind) in enumerate(sorted(plan.marks.items())):
            cursor = QTextCursor(self._document.findBlockByNumber(before + 1))
            block_format = cursor.blockFormat()
            block_format.setProperty(_MARK, (number + 1) * 4 + kind)
            cursor.setBlockFormat(block_format)
        self._document.setUndoRedoEnabled(undo)
        self._marked = True

    def text(self) -> str:
        """The document's text as it is to be saved, every character kept."""
        if not self._marked:
            return self._document.toRawText().replace("\u2029", "\n")
        parts: list[str] = []
        block = self._document.begin()
        while block.isValid():
            if parts:
                parts.append(SEPARATORS.get(_mark(block) % 4, "\n"))
            parts.append(block.text())
            block = block.next()
        return "".join(parts)

    @Slot(int, int, int)
    def _on_document_contents_change(self, position: int, _removed: int, added: int) -> None:
        if not self._marked or not added or self._fixing:
            return
        first = self._document.findBlock(position)
        mark = _mark(first)
        if not mark:
            return
        last = self._document.findBlock(position + added).blockNumber()
        block = first.next()
        self._fixing = True
        try:
            while block.isValid() and block.blockNumber() <= last:
                if _mark(block) == mark:
                    cursor = QTextCursor(block)
                    cursor.joinPreviousEditBlock()
                    block_format = cursor.blockFormat()
                    block_format.clearProperty(_MARK)
                    cursor.setBlockFormat(block_format)
                    cursor.endEditBlock()
                block = block.next()
        finally:
            self._fixing = False


def _mark(block: QTextBlock) -> int:
    value = block.blockFormat().property(_MARK)
    return value if isinstance(value, int) else 0
