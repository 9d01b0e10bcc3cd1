"""Low-confidence words of a continuation: which to underline, and how the marks follow edits.

The engine records, with each generated token, the probability the model gave it
(``TokenAlternatives.chosen``). A word is low-confidence when one of its tokens had less
than ``LOW_CONFIDENCE``: the model then spread its belief over several words and the
sampler took a less likely one, which is where a writer most often wants to look again.
Tokens that meet inside a word ("extra" + "ordinary") count as one word, so the whole word
is marked; scripts written without spaces (Chinese, Japanese) are marked token by token.

Marks hold document positions in UTF-16 units (Qt's), and move with the writer's edits:
an edit before a mark moves it, an edit touching it removes it.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace

from writer_app.core.text.positions import utf16_length
from writer_app.core.writing.alternatives import AlternativesMap, TokenSpan

LOW_CONFIDENCE = 0.1
"""Below this probability a token is marked: the model gave it less than one chance in ten.
Measured on SmolLM2-135M-Instruct continuing a story at temperature 0.8 (three seeds),
this marks about one word in three; 0.3 marked three words in four, too many to point
at anything. Larger models are surer of their words, so they show fewer marks."""


@dataclass(frozen=True)
class Mark:
    """A low-confidence word at ``start`` to ``end`` (UTF-16 units in the document)."""

    start: int
    end: int
    text: str
    probability: float


def _spaced_letter(char: str) -> bool:
    """A letter of a word in a script that puts spaces between words."""
    return (char.isalnum() or char in "'’") and \
        unicodedata.east_asian_width(char) not in ("W", "F")


def _words(spans: list[TokenSpan]) -> Iterator[list[TokenSpan]]:
    """The tokens grouped by word: a token joins the one before when they touch and the
    letters on both sides of the seam belong to one word."""
    word: list[TokenSpan] = []
    for span in spans:
        if word and word[-1].end == span.start and span.text \
                and _spaced_letter(word[-1].text[-1]) and _spaced_letter(span.text[0]):
            word.append(span)
            continue
        if word:
            yield word
        word = [span]
    if word:
        yield word


def _kept(text: str, keep: Callable[[str], bool]) -> tuple[int, int]:
    """The indices from ``text``'s first kept character to just past its last (equal
    when none is kept)."""
    kept = [index for index, char in enumerate(text) if keep(char)]
    return (kept[0], kept[-1] + 1) if kept else (0, 0)


def low_confidence(recorded: AlternativesMap, at: int,
                   threshold: float = LOW_CONFIDENCE) -> list[Mark]:
    """The low-confidence words of ``recorded``, laid out from document position ``at``.

    A word is marked without the spaces and punctuation around it; a token of punctuation
    alone is marked as it is, and one of spaces alone not at all.
    """
    marks: list[Mark] = []
    for word in _words(list(recorded)):
        probability = min(span.alternatives.chosen.probability for span in word)
        if probability >= threshold:
            continue
        text = "".join(span.text for span in word)
        first, last = _kept(text, str.isalnum)
        if first == last:
            first, last = _kept(text, lambda char: not char.isspace())
        if first < last:
            start = at + word[0].start + utf16_length(text[:first])
            marks.append(Mark(start, start + utf16_length(text[first:last]), text[first:last],
                              probability))
    return marks


class ConfidenceMarks:
    """The marks shown in a document, kept in step with its edits."""

    def __init__(self, marks: list[Mark] | None = None) -> None:
        self._marks = list(marks or [])

    def __len__(self) -> int:
        return len(self._marks)

    def __iter__(self) -> Iterator[Mark]:
        return iter(self._marks)

    def edited(self, position: int, removed: int, added: int) -> None:
        """``removed`` units at ``position`` were replaced by ``added`` ones.

        Marks after the edit move; marks it touches go, except where as many units came
        as went: Qt reports a re-layout of unchanged text that way (a suggestion shown in
        grey, for one), so those stay until ``keep_matching`` reads them.
        """
        shift = added - removed
        kept: list[Mark] = []
        for mark in self._marks:
            if position + removed <= mark.start:
                kept.append(replace(mark, start=mark.start + shift, end=mark.end + shift)
                            if shift else mark)
            elif position >= mark.end or removed == added:
                kept.append(mark)
        self._marks = kept

    def keep_matching(self, read: Callable[[int, int], str]) -> None:
        """Keep the marks whose words still read as they did (``read(start, end)``)."""
        self._marks = [mark for mark in self._marks if read(mark.start, mark.end) == mark.text]
