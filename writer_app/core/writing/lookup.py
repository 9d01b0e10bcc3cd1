"""Draft tokens for a rewrite from its own input: prompt-lookup (n-gram) drafting.

A grammar fix or a change of tone copies most of its passage. When the last tokens written
also occur earlier (in the prompt, or in the answer so far), the tokens that followed them
there are a good guess for what comes next. The engine verifies such a draft in one batch
and keeps the tokens the model draws anyway, so the text is what it would have been
without drafting, only sooner.
"""

from __future__ import annotations

from collections.abc import Sequence

# Longest and shortest n-gram matched; a single token matches too often to be worth a batch.
MAX_NGRAM, MIN_NGRAM = 4, 2
# A draft grows while the model keeps all of it and shrinks to what it kept otherwise, so a
# rewrite that copies long runs drafts long runs and a free one wastes little.
MIN_DRAFT, FIRST_DRAFT, MAX_DRAFT = 2, 4, 16


class DraftLength:
    """How many tokens to guess next: ``first``, then twice as many after a guess kept whole
    (up to ``MAX_DRAFT``), one more than were kept otherwise (at least ``least``)."""

    def __init__(self, least: int = MIN_DRAFT, first: int = FIRST_DRAFT) -> None:
        self._least = least
        self.size = first

    def record(self, kept: int, drafted: int) -> None:
        """How much of the last guess the model kept."""
        if kept == drafted:
            self.size = min(MAX_DRAFT, 2 * self.size)
        else:
            self.size = max(self._least, kept + 1)


class PromptLookup:
    """The prompt and the answer so far, indexed by n-gram, to guess the answer's next tokens.

    ``kept`` counts the drafted tokens the model kept.
    """

    def __init__(self, prompt: Sequence[int]) -> None:
        self._tokens: list[int] = []
        # The latest position after each n-gram: later text is closer to the answer's place.
        self._after: dict[tuple[int, ...], int] = {}
        self._length = DraftLength()
        self.kept = 0
        for token in prompt:
            self.add(token)

    def add(self, token: int) -> None:
        """Append a token; the n-grams it completes can now be looked up."""
        tokens = self._tokens
        end = len(tokens)
        for size in range(MIN_NGRAM, min(MAX_NGRAM, end) + 1):
            self._after[tuple(tokens[end - size : end])] = end
        tokens.append(token)

    def draft(self, limit: int) -> list[int]:
        """What followed the longest earlier occurrence of the latest tokens, up to ``limit``."""
        tokens = self._tokens
        for size in range(min(MAX_NGRAM, len(tokens)), MIN_NGRAM - 1, -1):
            end = self._after.get(tuple(tokens[-size:]))
            if end is not None:
                return tokens[end : end + max(0, min(limit, self._length.size))]
        return []

    def record(self, kept: int, drafted: int) -> None:
        """How much of the last draft the model kept: the next one is sized by it."""
        self.kept += kept
        self._length.record(kept, drafted)
