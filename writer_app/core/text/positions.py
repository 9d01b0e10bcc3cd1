"""Python string indices and editor positions, which count UTF-16 code units.

Qt (and most editors) count a character beyond U+FFFF (an emoji, a rare Chinese
character) as two units, where Python counts one. Half of a surrogate pair, which a
document can hold after a paste, counts as one unit on both sides.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

_CODEC = "utf-16-le"
_UNIT_BYTES = 2


def utf16_length(text: str) -> int:
    """How many UTF-16 code units ``text`` takes."""
    return len(text.encode(_CODEC, "surrogatepass")) // _UNIT_BYTES


def utf16_position(text: str, index: int) -> int:
    """The editor position of ``text[index]``."""
    return utf16_length(text[:index])


def string_index(text: str, position: int) -> int:
    """The index in ``text`` of the editor position ``position`` (one inside a character of
    two units falls before it)."""
    units = text.encode(_CODEC, "surrogatepass")[: _UNIT_BYTES * max(0, position)]
    before = units.decode(_CODEC, "surrogatepass")
    # A cut between the two units of one character leaves its first half at the end.
    if before and before[-1] != text[len(before) - 1]:
        return len(before) - 1
    return len(before)


_ASTRAL = re.compile("[\U00010000-\U0010ffff]")


def one_unit_each(text: str) -> bool:
    """Whether every character of ``text`` takes one UTF-16 unit, so that its editor
    positions are its indices."""
    return _ASTRAL.search(text) is None


def utf16_positions(text: str, indices: Sequence[int],
                    origin: tuple[int, int] = (0, 0)) -> list[int]:
    """The editor positions of ``text[i]`` for each of ``indices``, which ascend: one pass
    over the text, however many there are. ``origin`` is an index and its position known
    before the first of them, to go on from an earlier batch."""
    if one_unit_each(text):
        return list(indices)
    positions: list[int] = []
    done, position = origin
    for index in indices:
        position += utf16_length(text[done:index])
        done = index
        positions.append(position)
    return positions
