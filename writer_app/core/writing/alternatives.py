"""Where each generated token of a continuation lies in the text, with its alternatives.

The engine records, per generated token, the model's most likely tokens at that position
(``TokenAlternatives``). A continuation arrives as chunks of text with one entry per
token; this map lays the tokens end to end over the inserted text so that a click at a
position finds the token there. Offsets count UTF-16 code units, the unit of Qt's
document positions, so the window adds them to the position where the text went in.

Where the chunk's text is not the tokens' texts joined (the answer was cleaned: a leading
space dropped, a stop marker cut), the chunk keeps one span and the alternatives of its
first token, so the map never points into the middle of a word it cannot account for.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from writer_app.core.protocol import TokenAlternatives, TokenChoice
from writer_app.core.text.positions import utf16_length


@dataclass(frozen=True)
class TokenSpan:
    """A token's place in the inserted text (``start`` to ``end``, UTF-16 units) and the
    model's alternatives there."""

    start: int
    end: int
    text: str
    alternatives: TokenAlternatives

    def choices(self) -> tuple[TokenChoice, ...]:
        """The alternatives other than the token that is there now."""
        return tuple(choice for choice in self.alternatives.top if choice.text != self.text)


class AlternativesMap:
    """The tokens of one inserted continuation, in order, with their alternatives."""

    def __init__(self) -> None:
        self._spans: list[TokenSpan] = []
        self._length = 0

    def __len__(self) -> int:
        return len(self._spans)

    def __iter__(self) -> Iterator[TokenSpan]:
        return iter(self._spans)

    @property
    def length(self) -> int:
        """The length of the text laid out so far, in UTF-16 units."""
        return self._length

    def add(self, text: str, alternatives: tuple[TokenAlternatives, ...]) -> None:
        """Lay out one chunk of text, with its tokens' alternatives (none: only advance)."""
        if not alternatives:
            self._length += utf16_length(text)
            return
        tokens = [(entry.chosen.text, entry) for entry in alternatives]
        if "".join(token for token, _ in tokens) != text:
            tokens = [(text, alternatives[0])]
        for token, entry in tokens:
            end = self._length + utf16_length(token)
            if token:
                self._spans.append(TokenSpan(self._length, end, token, entry))
            self._length = end

    def cut(self, length: int) -> None:
        """Keep only the tokens within the first ``length`` UTF-16 units: the rest of the
        text never went into the document."""
        self._spans = [span for span in self._spans if span.end <= length]
        self._length = min(self._length, length)

    def at(self, offset: int) -> TokenSpan | None:
        """The token covering ``offset`` (the character starting there), if any."""
        for span in self._spans:
            if span.start <= offset < span.end:
                return span
        return None

    def replace(self, span: TokenSpan, text: str) -> None:
        """``span`` now reads ``text``: shift the tokens after it by the change in length.

        The new token keeps the alternatives of its position, so the writer can choose
        again there.
        """
        shift = utf16_length(text) - (span.end - span.start)
        replaced = TokenSpan(span.start, span.start + utf16_length(text), text,
                             span.alternatives)
        self._spans = [replaced if item is span
                       else item if item.end <= span.start
                       else TokenSpan(item.start + shift, item.end + shift, item.text,
                                      item.alternatives)
                       for item in self._spans]
        self._length += shift
