"""Where the assistant's text goes: a rewrite in place of its passage, a continuation.

A selection often carries the blank line before a paragraph or the space after a
sentence; models trim or add such whitespace freely. What the writer selected around the
words stays exactly as it was: only the words in between are replaced. A continuation
goes on with an unfinished last sentence even when the cursor sits on the line after it.
"""

from __future__ import annotations

from writer_app.core.text.units import CLAUSE_ENDS, CLOSERS, SENTENCE_TERMINATORS, count_words


def keep_surrounding_whitespace(original: str, result: str) -> str:
    """``result``'s words between ``original``'s own leading and trailing whitespace."""
    words = original.strip()
    if not words:
        return original
    start = original.index(words)
    return original[:start] + result.strip() + original[start + len(words):]


# A line ending in one of these has finished its sentence.
_FINISHED = SENTENCE_TERMINATORS + CLAUSE_ENDS + CLOSERS
# A shorter last line may be a title ("Chapter One"), which a new paragraph should follow.
# Counted in words, and Chinese characters one by one.
_MIN_SENTENCE_UNITS = 8


def continue_point(text: str, cursor: int) -> int:
    """Where Continue writes: the cursor, or the end of an unfinished last sentence.

    Most editors end a file with a line break, so the cursor at the end of a draft that
    stops mid-sentence ("…lit the lamp, and") sits on an empty line of its own. Continue
    there goes on with the sentence rather than start a new paragraph; a blank line, a
    finished sentence or a short line such as a title leave the cursor where it is.
    """
    if text[cursor:].strip():
        return cursor
    before = text[:cursor]
    content = before.rstrip()
    last_line = content[content.rfind("\n") + 1 :]
    if (before[len(content):].count("\n") != 1 or not content or content[-1] in _FINISHED
            or count_words(last_line) < _MIN_SENTENCE_UNITS):
        return cursor
    return len(content)
