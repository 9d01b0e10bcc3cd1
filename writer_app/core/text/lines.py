"""Text as the editor holds it: lines (blocks), and what separates each from the next.

Qt's document turns a paragraph separator (U+2029) into an ordinary line break, and lays
out each line as one unit: one line of 20 MB takes minutes to open and seconds per
keystroke. So a file's text is planned as blocks before it goes into the editor: U+2029
becomes a block break marked as such, and a line longer than ``LONG_LINE`` is cut into
display lines marked as joined. Saving puts back exactly what each mark stands for.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

LONG_LINE = 20_000
DISPLAY_LINE = 10_000
_CUT_SEARCH = 1_000
PLAIN = 0
"""A block followed by ``\\n``."""
PARAGRAPH = 1
"""A block followed by U+2029."""
JOINED = 2
"""A display line followed by nothing: the next block continues the same line."""
SEPARATORS = {PLAIN: "\n", PARAGRAPH: "\u2029", JOINED: ""}


@dataclass(frozen=True)
class BlockPlan:
    """Text for the editor (blocks split by ``\\n``) and the blocks not followed by one."""

    text: str
    marks: dict[int, int] = field(default_factory=dict)

    def join(self, blocks: Iterable[str]) -> str:
        """The original text back from the blocks' texts."""
        return join_blocks((text, self.marks.get(number, PLAIN))
                           for number, text in enumerate(blocks))


def plan_blocks(text: str) -> BlockPlan:
    """The blocks for ``text``; most texts need no marks and are returned as they are."""
    if "\u2029" not in text and max(map(len, text.split("\n"))) <= LONG_LINE:
        return BlockPlan(text)
    blocks: list[str] = []
    marks: dict[int, int] = {}
    for line in text.split("\n"):
        paragraphs = line.split("\u2029")
        for index, paragraph in enumerate(paragraphs):
            for piece in _display_lines(paragraph):
                marks[len(blocks)] = JOINED
                blocks.append(piece)
            del marks[len(blocks) - 1]
            if index < len(paragraphs) - 1:
                marks[len(blocks) - 1] = PARAGRAPH
    return BlockPlan("\n".join(blocks), marks)


def join_blocks(blocks: Iterable[tuple[str, int]]) -> str:
    """Blocks' texts and what follows each back into one text (the last one's is dropped)."""
    parts: list[str] = []
    for text, state in blocks:
        parts.append(text)
        parts.append(SEPARATORS.get(state, "\n"))
    return "".join(parts[:-1])


def _display_lines(line: str) -> list[str]:
    """A long line cut near every ``DISPLAY_LINE`` characters, after a space if there is
    one close before the limit, so that words stay whole where they can."""
    if len(line) <= LONG_LINE:
        return [line]
    pieces = []
    start = 0
    while len(line) - start > DISPLAY_LINE:
        end = start + DISPLAY_LINE
        space = line.rfind(" ", end - _CUT_SEARCH, end)
        if space > start:
            end = space + 1
        pieces.append(line[start:end])
        start = end
    pieces.append(line[start:])
    return pieces
