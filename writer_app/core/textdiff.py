"""Word-level diffs and counts that treat Chinese as characters, not one long "word"."""

from __future__ import annotations

import difflib
import enum
import re
from dataclasses import dataclass

# A token is a run of Latin-like letters/digits, one CJK character, a run of whitespace,
# or one other character (punctuation).
_CJK = (r"\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uac00-\ud7af"
        r"\U00020000-\U0002ffff")
_TOKEN = re.compile(rf"[{_CJK}]|[^\W{_CJK}]+|\s+|[^\w\s]|_", re.UNICODE)
_WORD = re.compile(rf"[^\W{_CJK}]+(?:['’][^\W{_CJK}]+)*", re.UNICODE)
_CJK_CHAR = re.compile(rf"[{_CJK}]")


def tokens(text: str) -> list[str]:
    """Split ``text`` into diff tokens; joining them gives ``text`` back."""
    return _TOKEN.findall(text)


class Change(enum.Enum):
    """What happened to a span of text."""

    SAME = "same"
    INSERTED = "inserted"
    DELETED = "deleted"


@dataclass(frozen=True)
class Span:
    """A piece of the diff."""

    change: Change
    text: str


def word_diff(original: str, rewritten: str) -> list[Span]:
    """How ``rewritten`` differs from ``original``, word by word (CJK by character)."""
    old, new = tokens(original), tokens(rewritten)
    matcher = difflib.SequenceMatcher(a=old, b=new, autojunk=False)
    spans: list[Span] = []
    for op, a0, a1, b0, b1 in matcher.get_opcodes():
        if op == "equal":
            spans.append(Span(Change.SAME, "".join(old[a0:a1])))
            continue
        if a1 > a0:
            spans.append(Span(Change.DELETED, "".join(old[a0:a1])))
        if b1 > b0:
            spans.append(Span(Change.INSERTED, "".join(new[b0:b1])))
    return spans


@dataclass(frozen=True)
class TextCounts:
    """Words (each CJK character counts as one) and characters (without whitespace too)."""

    words: int
    characters: int
    characters_no_spaces: int


def count_text(text: str) -> TextCounts:
    """Count ``text`` the way a writer expects, in English and in Chinese."""
    words = len(_WORD.findall(text)) + len(_CJK_CHAR.findall(text))
    no_spaces = len(text) - sum(1 for c in text if c.isspace())
    return TextCounts(words, len(text), no_spaces)
