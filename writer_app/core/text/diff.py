"""Word-level diffs that treat Chinese as characters, not one long "word"."""

from __future__ import annotations

import difflib
import enum
import re
from dataclasses import dataclass

from writer_app.core.text.units import UNSPACED

# A token is a run of letters/digits of a spaced script, one character of an unspaced one
# (Chinese, kana), a run of whitespace, or one other character (punctuation).
_TOKEN = re.compile(rf"[{UNSPACED}]|[^\W{UNSPACED}]+|\s+|[^\w\s]|_", re.UNICODE)


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
    """How ``rewritten`` differs from ``original``, word by word (CJK by character).

    Changes separated only by whitespace form one change ("The wind" → "A storm" rather
    than "The" → "A", " ", "wind" → "storm"), which reads as a phrase. The SAME and
    DELETED spans give ``original`` back, the SAME and INSERTED ones ``rewritten``.
    """
    old, new = tokens(original), tokens(rewritten)
    matcher = difflib.SequenceMatcher(a=old, b=new, autojunk=False)
    groups: list[_Group] = []
    for op, a0, a1, b0, b1 in matcher.get_opcodes():
        if op != "equal" and len(groups) >= 2 and groups[-1].blank_between(old, groups[-2]):
            groups.pop()
            groups[-1].a1, groups[-1].b1 = a1, b1
        else:
            groups.append(_Group(op == "equal", a0, a1, b0, b1))
    spans: list[Span] = []
    for group in groups:
        if group.equal:
            spans.append(Span(Change.SAME, "".join(old[group.a0:group.a1])))
            continue
        if group.a1 > group.a0:
            spans.append(Span(Change.DELETED, "".join(old[group.a0:group.a1])))
        if group.b1 > group.b0:
            spans.append(Span(Change.INSERTED, "".join(new[group.b0:group.b1])))
    return spans


@dataclass
class _Group:
    """Token ranges of the old and the new text that are equal, or one change."""

    equal: bool
    a0: int
    a1: int
    b0: int
    b1: int

    def blank_between(self, old: list[str], before: _Group) -> bool:
        """True for equal whitespace right after a change: it joins the next change."""
        return (self.equal and not before.equal
                and all(word.isspace() for word in old[self.a0:self.a1]))


def inline_diff(original: str, rewritten: str) -> list[Span]:
    """``word_diff`` for reading in one column: a deleted and an inserted run that touch
    are kept apart by a space, so "He" → "The" never reads as "HeThe"."""
    spans: list[Span] = []
    for span in word_diff(original, rewritten):
        previous = spans[-1] if spans else None
        if (span.change is Change.INSERTED and previous is not None
                and previous.change is Change.DELETED
                and not previous.text[-1:].isspace() and not span.text[:1].isspace()):
            spans.append(Span(Change.SAME, " "))
        spans.append(span)
    return spans
