"""Putting a rewritten passage back in place of the original, with the space around it.

A selection often carries the blank line before a paragraph or the space after a
sentence; models trim or add such whitespace freely. What the writer selected around the
words stays exactly as it was: only the words in between are replaced.
"""

from __future__ import annotations


def keep_surrounding_whitespace(original: str, result: str) -> str:
    """``result``'s words between ``original``'s own leading and trailing whitespace."""
    words = original.strip()
    if not words:
        return original
    start = original.index(words)
    return original[:start] + result.strip() + original[start + len(words):]
