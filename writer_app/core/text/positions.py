"""Python string indices and editor positions, which count UTF-16 code units.

Qt (and most editors) count a character beyond U+FFFF (an emoji, a rare Chinese
character) as two units, where Python counts one. Half of a surrogate pair, which a
document can hold after a paste, counts as one unit on both sides.
"""

from __future__ import annotations

_CODEC = "utf-16-le"
_UNIT_BYTES = 2


def utf16_length(text: str) -> int:
    """How many UTF-16 code units ``text`` takes."""
    return len(text.encode(_CODEC, "surrogatepass")) // _UNIT_BYTES


def utf16_units(text: str) -> bytes:
    """``text`` as UTF-16 code units (two bytes each, little-endian): unit ``n`` of the
    editor's text is ``units[2 * n : 2 * n + 2]``."""
    return text.encode(_CODEC, "surrogatepass")


def units_text(units: bytes, start: int = 0, end: int | None = None) -> str:
    """The text of the editor positions ``start`` to ``end`` of ``units``."""
    stop = len(units) if end is None else _UNIT_BYTES * end
    return units[_UNIT_BYTES * start:stop].decode(_CODEC, "surrogatepass")


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

