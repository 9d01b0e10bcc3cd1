"""Large documents without freezing: loading and counting in time slices.

A 50 MB file takes seconds to put into a QTextDocument or to count; done in one go, the
window would freeze that long. Both run here a slice at a time on a zero-interval timer,
so the event loop keeps painting and answering between slices.
"""

from __future__ import annotations

import time

from PySide6.QtCore import QObject, QTimer, Signal, Slot
from PySide6.QtGui import QTextCursor, QTextDocument

from writer_app.core.text.lines import BlockPlan
from writer_app.core.text.markdown import plain_slice
from writer_app.core.text.units import Counting, TextCounts, count_text

LARGE_TEXT = 1 << 20
LARGE_MARKDOWN = LARGE_TEXT // 4
"""Markdown is counted in slices from a smaller size: its marks are taken out first."""
LOAD_CHUNK = 512 * 1024
_SLICE_S = 0.008


class SlicedLoader(QObject):
    """Puts a plan's text into ``document`` a chunk per event-loop turn, with undo off.

    ``plan`` and ``modified`` are kept for whoever finishes the load: the blocks to mark,
    and whether the loaded text differs from the file (a restored or repaired text).
    """

    progressed = Signal(int, int)
    finished = Signal()

    def __init__(self, document: QTextDocument, plan: BlockPlan, modified: bool,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._document = document
        self.plan = plan
        self.modified = modified
        self._text = plan.text
        self._done = 0
        self._timer = QTimer(self)
        self._timer.setInterval(0)
        self._timer.timeout.connect(self._on_timer_timeout)

    def start(self) -> None:
        self._document.setUndoRedoEnabled(False)
        self._document.clear()
        self._timer.start()

    def stop(self) -> None:
        self._timer.stop()
        self._document.setUndoRedoEnabled(True)

    def running(self) -> bool:
        return self._timer.isActive()

    @Slot()
    def _on_timer_timeout(self) -> None:
        cursor = QTextCursor(self._document)
        cursor.movePosition(QTextCursor.MoveOperation.End)
        cursor.insertText(self._text[self._done : self._done + LOAD_CHUNK])
        self._done = min(len(self._text), self._done + LOAD_CHUNK)
        self.progressed.emit(self._done, len(self._text))
        if self._done >= len(self._text):
            self.stop()
            self.finished.emit()


class SlicedCounter(QObject):
    """Counts words and characters of a document, a few milliseconds at a time.

    Small documents are counted at once; large ones block by block (no word spans two
    blocks: they are separated by line breaks). ``restart`` abandons a count in progress.
    A Markdown document's marks are not counted (``core.text.markdown``).
    """

    counted = Signal(object)

    def __init__(self, document: QTextDocument, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._document = document
        self._next = 0
        self._totals = TextCounts(0, 0, 0)
        self._fence = ""
        self.markdown = False
        self._timer = QTimer(self)
        self._timer.setInterval(0)
        self._timer.timeout.connect(self._on_timer_timeout)

    def counting(self) -> bool:
        return self._timer.isActive()

    def restart(self) -> None:
        if self._document.characterCount() <= (LARGE_MARKDOWN if self.markdown else LARGE_TEXT):
            self._timer.stop()
            text = self._document.toPlainText()
            self.counted.emit(Counting(self.markdown).counts(text))
            return
        self._next = 0
        self._totals = TextCounts(0, 0, 0)
        self._fence = ""
        self._timer.start()

    def stop(self) -> None:
        self._timer.stop()

    @Slot()
    def _on_timer_timeout(self) -> None:
        deadline = time.perf_counter() + _SLICE_S
        # The place to go on from is kept as a number: the document may change between
        # slices (typing, another file), and a QTextBlock kept from before a change can
        # point into freed memory.
        block = self._document.findBlockByNumber(self._next)
        lines: list[str] = []
        while block.isValid() and time.perf_counter() < deadline:
            for _ in range(200):
                if not block.isValid():
                    break
                lines.append(block.text())
                block = block.next()
        done = not block.isValid()
        # A slice ends with the line break to the next one, as the whole text has it there.
        text = "\n".join(lines) + ("" if done else "\n")
        if self.markdown:
            text, self._fence = plain_slice(text, self._fence)
        self._totals += count_text(text)
        if done:
            self._timer.stop()
            self.counted.emit(self._totals)
        self._next = block.blockNumber()
