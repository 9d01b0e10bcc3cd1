"""Find and replace: one matching rule for finding, replacing one, and replacing all.

A search is the text to find and three options (match case, whole words, regular
expression), compiled once into a Python pattern (``compile_search``) that runs on the
document's plain text, where each paragraph ends with ``\\n``.

- Without "Match case", letters match in any case (Unicode case folding, so "STRASSE"
  finds "Straße" only where the regular expression engine's simple folding allows).
- A regular expression uses Python's syntax; ``^`` and ``$`` match at each line, and the
  replacement may name groups as ``\\1`` or ``\\g<name>``. A pattern that is not valid is a
  ``SearchError`` whose message says why, for the find bar to show.
- "Whole words" accepts a match only where no letter or digit of a spaced script (Latin,
  Cyrillic, Hangul…) touches it on either side. Chinese characters and kana are each a
  unit of their own (as in ``units``), so in Chinese, where there are no spaces, every
  character boundary is a word boundary: "雨" is found in "下雨了" with Whole words on,
  while "rain" is not found in "rainbow".
- A match of no characters (``x*``, ``^``) is never a match: there is nothing to select.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from writer_app.core.errors import WriterError
from writer_app.core.i18n import QT_TRANSLATE_NOOP, message
from writer_app.core.text.units import UNSPACED

# A character that continues a word of a spaced script.
_WORD_CHAR = rf"[^\W{UNSPACED}]"


class SearchError(WriterError):
    """The text to find or the replacement is not a valid regular expression."""


@dataclass(frozen=True)
class SearchOptions:
    """How the text to find is matched."""

    match_case: bool = False
    whole_words: bool = False
    regex: bool = False


def compile_search(needle: str, options: SearchOptions) -> re.Pattern[str]:
    """The pattern that finds ``needle`` under ``options``; a ``SearchError`` when
    ``needle`` is not a valid regular expression."""
    source = needle if options.regex else re.escape(needle)
    flags = re.MULTILINE
    if not options.match_case:
        flags |= re.IGNORECASE
    try:
        # Alone first: a pattern is only put inside the boundaries once it is whole, so
        # that "[a" or "a)|(b" cannot reach into them.
        pattern = re.compile(source, flags)
        if options.whole_words:
            pattern = re.compile(rf"(?<!{_WORD_CHAR})(?:{source})(?!{_WORD_CHAR})", flags)
        return pattern
    except re.error as exc:
        raise SearchError(_regex_problem(exc, needle)) from exc
    except (RecursionError, OverflowError) as exc:
        raise SearchError(message(QT_TRANSLATE_NOOP(
            "core", "The regular expression is too complex: make it shorter."))) from exc


# Python's reasons, which it gives in English only, as a writer reads them in the app's
# language: the reason's start, and the template for it with the rest of it.
_REASONS = (
    ("missing ), unterminated subpattern",
     QT_TRANSLATE_NOOP("core", "missing ), unterminated subpattern")),
    ("unterminated character set", QT_TRANSLATE_NOOP("core", "unterminated character set")),
    ("nothing to repeat", QT_TRANSLATE_NOOP("core", "nothing to repeat")),
    ("multiple repeat", QT_TRANSLATE_NOOP("core", "multiple repeat")),
    ("unbalanced parenthesis", QT_TRANSLATE_NOOP("core", "unbalanced parenthesis")),
    ("unexpected end of pattern", QT_TRANSLATE_NOOP("core", "unexpected end of pattern")),
    ("look-behind requires fixed-width pattern",
     QT_TRANSLATE_NOOP("core", "look-behind requires fixed-width pattern")),
    ("missing group name", QT_TRANSLATE_NOOP("core", "missing group name")),
    ("missing >, unterminated name", QT_TRANSLATE_NOOP("core", "missing >, unterminated name")),
    ("bad escape", QT_TRANSLATE_NOOP("core", "bad escape {rest}")),
    ("bad character range", QT_TRANSLATE_NOOP("core", "bad character range {rest}")),
    ("unknown extension", QT_TRANSLATE_NOOP("core", "unknown extension {rest}")),
    ("unknown group name", QT_TRANSLATE_NOOP("core", "unknown group name {rest}")),
    ("invalid group reference", QT_TRANSLATE_NOOP("core", "invalid group reference {rest}")),
)


def _reason(text: str) -> str:
    """Python's reason ``text``, as a message to translate where it is a known one."""
    for start, template in _REASONS:
        if text.startswith(start):
            return message(template, rest=text[len(start):].strip())
    return text


def _regex_problem(exc: re.error, needle: str) -> str:
    if exc.pos is None:
        return message(QT_TRANSLATE_NOOP(
            "core", "Not a valid regular expression: {reason}."), reason=_reason(exc.msg))
    return message(QT_TRANSLATE_NOOP(
        "core", "Not a valid regular expression: {reason} at character {position}."),
        reason=_reason(exc.msg), position=exc.pos + 1)


def matches(pattern: re.Pattern[str], text: str) -> Iterator[re.Match[str]]:
    """The matches of ``pattern`` in ``text``, first to last, none of them empty."""
    return (match for match in pattern.finditer(text) if match.end() > match.start())


CHUNK = 1 << 17
"""Characters searched in one step of ``chunked_matches`` (a few milliseconds)."""
LOOK_AHEAD = 1 << 16


def chunked_matches(pattern: re.Pattern[str], text: str, chunk: int = CHUNK,
                    look_ahead: int = LOOK_AHEAD) -> Iterator[list[tuple[int, int]]]:
    """The spans of ``matches(pattern, text)``, a list for each ``chunk`` characters of
    ``text``, so that a long text can be searched a step at a time.

    Each chunk is searched with ``look_ahead`` characters after it, so a match that starts
    in it may end in the next; one cut short by the end of that is matched again on the
    whole text. The chunks find what one search of the whole text finds, as long as no
    match is longer than ``look_ahead`` (64 K characters: far more than a writer looks
    for); a longer one may be missed or found shorter."""
    start, size = 0, len(text)
    while start < size:
        chunk_end = min(start + chunk, size)
        window_end = min(chunk_end + look_ahead, size)
        after = chunk_end
        spans: list[tuple[int, int]] = []
        for match in pattern.finditer(text, start, window_end):
            if match.start() >= chunk_end:
                break
            found: re.Match[str] | None = match
            if window_end < size and match.end() >= window_end:
                found = pattern.match(text, match.start())
            if found is None or found.end() == found.start():
                continue
            spans.append(found.span())
            after = max(after, found.end())
        start = after
        yield spans


def match_at(pattern: re.Pattern[str], text: str, start: int, end: int) -> re.Match[str] | None:
    """The match that covers exactly ``text[start:end]``, if that is one (a selection that
    Replace may replace), judged with the text around it, as finding judges it."""
    if end <= start:
        return None
    match = pattern.match(text, start)
    if match is not None and match.end() == end:
        return match
    # A lazy or alternating pattern may match shorter here than in a search from before.
    for found in pattern.finditer(text, start, end + 1):
        if found.start() == start and found.end() == end:
            return found
        if found.start() > start:
            break
    return None


def replacement(match: re.Match[str], template: str, options: SearchOptions) -> str:
    """What replaces ``match``: ``template`` itself, or with a regular expression, with its
    group references filled in; a ``SearchError`` for a reference that does not exist."""
    if not options.regex:
        return template
    try:
        return match.expand(template)
    except (re.error, IndexError) as exc:
        reason = exc.msg if isinstance(exc, re.error) else str(exc)
        raise SearchError(message(QT_TRANSLATE_NOOP(
            "core", "The replacement cannot be used: {reason}."),
            reason=_reason(reason))) from exc

