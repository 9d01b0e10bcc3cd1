"""Inline suggestions: where one may appear, what of an answer is shown, and its next word.

A suggestion is shown after the cursor while the writer pauses, and only where it reads as
the text going on: at the end of a line or before whitespace, after some text. It stays on
the cursor's line (it ends at its first line break) and takes one word at a time.
"""

from __future__ import annotations

import re

from writer_app.core.text.units import UNSPACED

# A character of a script written without spaces is a word of its own.
_WORD = re.compile(rf"\s*(?:[{UNSPACED}][^\s\w]*|[^\s{UNSPACED}]+)")
_LINE_BREAK = re.compile("[\n\r\u2028\u2029]")


def can_suggest(before: str, after: str) -> bool:
    """Whether a suggestion fits between ``before`` and ``after`` (the text around the
    cursor): the cursor ends a line or stands before whitespace, and the line has text."""
    if after and not after[0].isspace():
        return False
    line = _LINE_BREAK.split(before)[-1]
    return bool(line.strip())


def shown_part(answer: str, before: str) -> str:
    """What of ``answer`` is shown after ``before``: up to its first line break, without
    a space that would double the one before the cursor; "" if nothing is left."""
    shown = _LINE_BREAK.split(answer, maxsplit=1)[0]
    if before[-1:].isspace():
        shown = shown.lstrip()
    return shown if shown.strip() else ""


def ends_line(answer: str) -> bool:
    """Whether ``answer`` has reached a line break, after which nothing more is shown."""
    return _LINE_BREAK.search(answer) is not None


def next_word(suggestion: str) -> str:
    """The start of ``suggestion`` that Ctrl+Right accepts: its spaces and its next word
    (one character, with its punctuation, in Chinese or Japanese)."""
    match = _WORD.match(suggestion)
    return match.group(0) if match else suggestion
