"""Speculative decoding: guesses of the next tokens that the writer's model checks in one batch.

Two kinds of guess share one verification path (``Runtime._sample_loop``): prompt lookup
(``core/writing/lookup.py``), which copies what followed the same words earlier, and a draft
model, a small model of the same vocabulary (Qwen3 0.6B for Qwen3 4B) loaded beside the
writer's model, which guesses the tokens the larger one would most likely write.

The writer's model evaluates its next token together with the guesses, with logits for every
position, and its own sampler draws at each position in turn; a guess is kept while it
equals what was drawn, and the cache is rolled back past the first one that does not. For a
guess that is one token rather than a distribution (the draft model proposes its most likely
token), this is the standard acceptance rule of speculative sampling: the guess is kept
with the target's probability of it, and a rejected position takes the target's draw, which
is then a draw from the target's distribution without the guess, renormalised, exactly the
residual distribution the rule samples from. So sampled text keeps the target model's
distribution, and, since the sampler makes the same random draws in the same order, the
same seed writes the same text with and without a draft; greedy text is identical.

A draft costs the writer time when it is wrong: the draft model's own steps, and a batch of
several tokens in place of one. The draft model proposes only tokens it is confident of
(``P_MIN``, as llama.cpp's ``--draft-p-min``), as many as its last guess earned (twice as
many after one kept whole, one more than were kept otherwise: ``DraftLength``, the rule
prompt lookup sizes its guesses by), and after a guess that the writer's model refuses
outright it rests for a growing number of tokens, catching up on them later in one batch;
so at no acceptance it costs a small part of its size, at full acceptance it saves the
target's steps.
"""

from __future__ import annotations

import ctypes
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, Protocol

import llama_cpp.llama_cpp as llama_c
import numpy as np
from llama_cpp import Llama

from writer_app.core.i18n import QT_TRANSLATE_NOOP
from writer_app.core.i18n import message as core_message
from writer_app.core.writing.lookup import DraftLength, PromptLookup
from writer_app.engine.state_cache import shared_prefix

P_MIN = 0.1
"""The draft model's probability of its token below which it stops guessing, as llama.cpp's
``--draft-p-min``: a probability among its ``CANDIDATES`` most likely tokens, as llama.cpp's
draft sampler (top-k 10) computes it. What a guess earned before (``DraftLength``,
resting) bounds its length and cost; this only stops a guess the draft model all but
disowns."""
CANDIDATES = 10
MAX_REST = 64
"""Most tokens the draft model rests for after its guesses were refused."""
PENALTY_WINDOW = 64
"""The last tokens of the answer that the repeat penalty looks at (``make_sampler``'s)."""
VOCAB_CHECK_START, MAX_VOCAB_DIFFERENCE = 5, 128
"""llama.cpp's own rule (``common/speculative.cpp``): the texts of every token from the
sixth on, and the sizes within 128 tokens (padding rows), must agree."""


class Drafter(Protocol):
    """Guesses of the next tokens of one generation, checked by the writer's model."""

    @property
    def kept(self) -> int:
        """How many guessed tokens the writer's model kept."""

    def add(self, token: int) -> None:
        """A token of the answer, as the writer's model chose it."""

    def draft(self, limit: int) -> list[int]:
        """Up to ``limit`` guesses of the tokens after those added (none: no guess)."""

    def record(self, kept: int, drafted: int) -> None:
        """How many of the last ``drafted`` guesses the writer's model kept."""


class VocabularyMismatch(ValueError):
    """The draft model cannot guess tokens for this model: the message says why."""


def _token_text(vocab: Any, token: int) -> bytes:
    return llama_c.llama_vocab_get_text(vocab, token) or b""


def check_vocabularies(target: Llama, draft: Llama, target_name: str, draft_name: str) -> None:
    """Refuse a draft model whose tokens are not the target's, as llama.cpp does."""
    tv, dv = target._model.vocab, draft._model.vocab

    def refuse(reason: str) -> VocabularyMismatch:
        return VocabularyMismatch(core_message(QT_TRANSLATE_NOOP(
            "core", "{draft} cannot draft for {target}: {reason} A draft model must come "
            "from the same family as the model it drafts for (Qwen3 0.6B for Qwen3 4B), "
            "so writer-app runs without it."),
            draft=draft_name, target=target_name, reason=reason))

    if llama_c.llama_vocab_type(tv) != llama_c.llama_vocab_type(dv):
        raise refuse(core_message(QT_TRANSLATE_NOOP(
            "core", "their tokenizers are of different kinds.")))
    same_ends = all(
        adds(tv) == adds(dv) and (not adds(tv) or token(tv) == token(dv))
        for adds, token in ((llama_c.llama_vocab_get_add_bos, llama_c.llama_vocab_bos),
                            (llama_c.llama_vocab_get_add_eos, llama_c.llama_vocab_eos)))
    if not same_ends:
        raise refuse(core_message(QT_TRANSLATE_NOOP(
            "core", "they begin or end a text with different tokens.")))
    n_target, n_draft = llama_c.llama_vocab_n_tokens(tv), llama_c.llama_vocab_n_tokens(dv)
    if abs(n_target - n_draft) > MAX_VOCAB_DIFFERENCE:
        raise refuse(core_message(QT_TRANSLATE_NOOP(
            "core", "their vocabularies have {target:,} and {draft:,} tokens."),
            target=n_target, draft=n_draft))
    for token in range(VOCAB_CHECK_START, min(n_target, n_draft)):
        if _token_text(tv, token) != _token_text(dv, token):
            raise refuse(core_message(QT_TRANSLATE_NOOP(
                "core", "their vocabularies differ (token {token} is '{target}' in one and "
                "'{draft}' in the other)."), token=token,
                target=_token_text(tv, token).decode("utf-8", "replace"),
                draft=_token_text(dv, token).decode("utf-8", "replace")))


class DraftModel:
    """A draft model loaded beside the writer's model; ``start`` begins a generation."""

    def __init__(self, llm: Llama, path: Path, n_vocab_target: int) -> None:
        self.llm, self.path = llm, path
        # A draft token beyond the target's vocabulary (a padding row) cannot be checked.
        self._n_vocab = min(llm.n_vocab(), n_vocab_target)
        self._row = ctypes.POINTER(ctypes.c_float * llm.n_vocab())
        self._logits = np.empty(self._n_vocab, dtype=np.float32)
        # Guesses in a row that came to nothing, kept from one answer to the next: how well
        # the pair agrees is a property of the two models and the writer's kind of text.
        self.refusals = 0

    def close(self) -> None:
        self.llm.close()

    def start(self, prompt: Sequence[int], cancelled: Callable[[], bool],
              repeat_penalty: float) -> ModelDrafts:
        """The drafts of a generation after ``prompt``, which the draft model reads now,
        with the writer's model's prompt, rather than at its first guess. The draft model
        penalises repeats as the writer's sampler does (``repeat_penalty``), or it would
        guess the word the penalty turns the writer's model away from."""
        drafts = ModelDrafts(self, prompt, cancelled, repeat_penalty)
        drafts.read_prompt()
        return drafts

    def catch_up(self, tokens: Sequence[int], cancelled: Callable[[], bool],
                 checked: int = 0) -> bool:
        """Put ``tokens`` in the draft model's cache, reusing the prefix it holds (its first
        ``checked`` tokens are known to be ``tokens``'); its logits are then those after the
        last one. False when cancelled first."""
        llm = self.llm
        if not tokens:
            return False
        held = min(llm.n_tokens, len(tokens) - 1)
        common = min(checked, held)
        common += shared_prefix(llm.input_ids[common:held].tolist(), tokens[common:held])
        llm.n_tokens = common
        for start in range(common, len(tokens), llm.n_batch):
            if cancelled():
                return False
            llm.eval(tokens[start : start + llm.n_batch])
        return True

    def best(self, repeated: Sequence[int], penalty: float) -> tuple[int, float]:
        """The draft model's most likely next token and its ``confidence``."""
        pointer = llama_c.llama_get_logits_ith(self.llm.ctx, -1)
        logits = self._logits
        np.copyto(logits, np.frombuffer(memoryview(ctypes.cast(pointer, self._row).contents),
                                        dtype=np.float32)[: self._n_vocab])
        return confidence(logits, repeated, penalty)


def confidence(logits: np.ndarray, repeated: Sequence[int], penalty: float
               ) -> tuple[int, float]:
    """The most likely token of ``logits`` and its probability among the ``CANDIDATES``
    most likely, with the tokens ``repeated`` penalised (in ``logits``) as llama.cpp's
    penalties sampler does it."""
    if penalty != 1.0 and repeated:
        seen = np.unique(np.asarray(repeated, dtype=np.intp))
        seen = seen[seen < logits.size]
        values = logits[seen]
        logits[seen] = np.where(values > 0, values / penalty, values * penalty)
    count = min(CANDIDATES, logits.size)
    top = logits[np.argpartition(logits, -count)[-count:]]
    token = int(logits.argmax())
    return token, float(1.0 / np.exp(top - logits[token]).sum())


class ModelDrafts:
    """The draft model's guesses during one generation (a ``Drafter``)."""

    def __init__(self, model: DraftModel, prompt: Sequence[int],
                 cancelled: Callable[[], bool], repeat_penalty: float) -> None:
        self._model, self._cancelled = model, cancelled
        self._penalty = repeat_penalty
        self._tokens = list(prompt)
        self._answer_from = len(self._tokens)
        self._checked = 0
        self._rest = _rest(model.refusals)
        # Short at first and after a refusal: a confident draft model that is wrong would
        # otherwise cost a long guess every time.
        self._length = DraftLength(least=1, first=2)
        self.kept = 0

    def read_prompt(self) -> None:
        if self._model.catch_up(self._tokens, self._cancelled):
            self._checked = len(self._tokens)

    def add(self, token: int) -> None:
        self._tokens.append(token)

    def draft(self, limit: int) -> list[int]:
        if self._rest > 0:
            self._rest -= 1
            return []
        model = self._model
        if limit <= 0 or not model.catch_up(self._tokens, self._cancelled, self._checked):
            return []
        self._checked = len(self._tokens)
        guesses: list[int] = []
        answer = self._tokens[self._answer_from :]
        while True:
            token, probability = model.best((answer + guesses)[-PENALTY_WINDOW:],
                                            self._penalty)
            if probability < P_MIN:
                break
            guesses.append(token)
            if len(guesses) >= min(limit, self._length.size) or self._cancelled():
                break
            model.llm.eval([token])
        # No guess is not a refusal: it cost the writer's model nothing, and the draft
        # model tries again at the next token (a pair that agrees loses most where a
        # moment of doubt would make it rest).
        return guesses

    def record(self, kept: int, drafted: int) -> None:
        self.kept += kept
        self._length.record(kept, drafted)
        if kept:
            self._model.refusals = 0
        else:
            self._refused()

    def _refused(self) -> None:
        self._model.refusals += 1
        self._rest = _rest(self._model.refusals)


def _rest(refusals: int) -> int:
    """How many tokens to go without guessing after ``refusals`` guesses in a row that came
    to nothing: 1, 3, 7, … up to ``MAX_REST``."""
    return min(MAX_REST, (1 << min(refusals, 16)) - 1)


class LookupFirst:
    """Prompt lookup where it has a guess (free to make, and a rewrite copies long runs of
    its passage), the draft model otherwise (a ``Drafter``)."""

    def __init__(self, lookup: PromptLookup, model: ModelDrafts) -> None:
        self._lookup, self._model = lookup, model
        self._last: Drafter = lookup

    @property
    def kept(self) -> int:
        return self._lookup.kept + self._model.kept

    def add(self, token: int) -> None:
        self._lookup.add(token)
        self._model.add(token)

    def draft(self, limit: int) -> list[int]:
        guesses = self._lookup.draft(limit)
        self._last = self._lookup if guesses else self._model
        return guesses or self._model.draft(limit)

    def record(self, kept: int, drafted: int) -> None:
        self._last.record(kept, drafted)
