"""Summaries of texts longer than the context window: map the parts, then reduce.

The text is cut into parts that fit the window (at paragraph breaks, else at sentence
ends), each part is summarized, and the parts' summaries are summarized together; when
they are themselves too long for one request they are reduced in groups, level by
level, until one summary is left.

The app has no tokenizer of its own, so parts are sized by an estimate of tokens per
character. Where the estimate was too low for a model's vocabulary, the engine reports
that it cut the text (``truncated_input``): that part is then summarized again in halves,
and the parts still to come are cut smaller, so no text is ever left out.
"""

from __future__ import annotations

import enum
import itertools
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace

from writer_app.core.plans.headless import Generates, StepResult, run_request
from writer_app.core.requests import Action, GenerationRequest, SamplingSettings
from writer_app.core.text.units import (
    SENTENCE_END,
    TextCounts,
    count_text,
    estimate_text_tokens,
    estimate_tokens,
)
from writer_app.core.writing.prompts import notes_block

# Room for the system prompt, the chat template and the task around a part, in tokens.
_OVERHEAD_TOKENS = 256
SUMMARY_TOKENS = 256
_MIN_PART_TOKENS = 64
_BREAKS = (re.compile(r"\n\s*\n"), re.compile(r"\n"),
           SENTENCE_END, re.compile(r"\s+"))
_NOTHING = TextCounts(0, 0, 0)


def split_parts(text: str, budget: int) -> list[str]:
    """``text`` cut into consecutive parts of at most ``budget`` tokens each.

    Cuts fall at blank lines where they can, else at line breaks, sentence ends, spaces,
    and only as a last resort inside a word. Joined, the parts give the text back, less any
    stretch of nothing but whitespace. Each piece is counted once and counts are added up
    (the estimate depends only on sums), so the time grows with the text's length; and the
    text is never counted whole, which would hold the interpreter for seconds in one call
    while the window waits.
    """
    return [part for part in _split(text, None, budget) if part.strip()]


def _split(text: str, counts: TextCounts | None, budget: int) -> list[str]:
    """``split_parts`` of ``text``, whose counts are ``counts`` (None: not counted yet),
    whitespace parts kept."""
    if counts is not None and estimate_tokens(counts) <= budget:
        return [text]
    for pattern in _BREAKS:
        pieces = _split_at(text, pattern)
        if len(pieces) > 1:
            break
    else:
        half = len(text) // 2
        if not half:
            return [text]  # one character: nothing is left to cut
        pieces = [text[:half], text[half:]]
    counted = [(piece, count_text(piece)) for piece in pieces]
    if counts is None:
        counts = sum((piece_counts for _, piece_counts in counted), _NOTHING)
        if estimate_tokens(counts) <= budget:
            return [text]
    parts: list[str] = []
    current: list[str] = []
    current_counts = _NOTHING
    for piece, piece_counts in counted:
        if current and estimate_tokens(current_counts + piece_counts) > budget:
            parts.append("".join(current))
            current, current_counts = [], _NOTHING
        if estimate_tokens(piece_counts) > budget:
            parts += _split(piece, piece_counts, budget)
        else:
            current.append(piece)
            current_counts += piece_counts
    if current:
        parts.append("".join(current))
    return parts


def _split_at(text: str, pattern: re.Pattern[str]) -> list[str]:
    """``text`` cut just after each match of ``pattern``, keeping every character."""
    ends = [match.end() for match in pattern.finditer(text) if 0 < match.end() < len(text)]
    bounds = [0, *ends, len(text)]
    return [text[a:b] for a, b in itertools.pairwise(bounds) if b > a]


class Phase(enum.Enum):
    """What a long summary is doing: summarizing the parts, or their summaries."""

    MAP = "map"
    REDUCE = "reduce"
    DONE = "done"


@dataclass(frozen=True)
class Progress:
    """Where a long summary stands: ``done`` of ``total`` requests of the current phase."""

    phase: Phase
    done: int
    total: int

    def describe(self) -> str:
        """A log line; the GUI words its own from the fields."""
        if self.phase is Phase.MAP:
            return f"part {min(self.done + 1, self.total)} of {self.total}"
        if self.phase is Phase.REDUCE:
            return f"combining summaries, step {self.done + 1} of {self.total}"
        return "done"


class LongSummary:
    """The requests of one summary of a long text, in order, and what they gave.

    Run it with ``next_request()`` and ``add_result()`` until ``next_request()`` returns
    None; then ``summary`` holds the answer and ``part_summaries`` what each part said.
    The writer's ``notes`` go into every request, and the parts are cut smaller to make
    room for them. A part whose summary is ``known`` (from an earlier run with the same
    notes, by the part's text) is not asked again.
    """

    def __init__(self, text: str, n_ctx: int, sampling: SamplingSettings | None = None,
                 notes: str = "", known: Mapping[str, str] | None = None) -> None:
        base = sampling or SamplingSettings()
        self.sampling = replace(base, max_tokens=min(base.max_tokens, SUMMARY_TOKENS,
                                                     max(32, n_ctx // 8)))
        self.notes = notes
        self.budget = max(_MIN_PART_TOKENS, n_ctx - self.sampling.max_tokens
                          - _OVERHEAD_TOKENS - estimate_text_tokens(notes_block(notes)))
        self.parts = split_parts(text, self.budget)
        self.part_summaries: list[str] = []
        self._queue = list(self.parts)
        self._level: list[str] = []
        self._phase = Phase.MAP
        self._reduce_done = 0
        self.summary: str | None = None
        self._sent: str | None = None
        self._known = dict(known or {})
        if not self.parts:
            self._phase, self.summary = Phase.DONE, ""

    @property
    def progress(self) -> Progress:
        if self._phase is Phase.MAP:
            return Progress(Phase.MAP, len(self.part_summaries), len(self.parts))
        if self._phase is Phase.REDUCE:
            return Progress(Phase.REDUCE, self._reduce_done,
                            self._reduce_done + len(self._queue) + (self._sent is not None))
        return Progress(Phase.DONE, 1, 1)

    @property
    def is_last_step(self) -> bool:
        """The request out now gives the final summary (unless the engine has to cut it)."""
        alone = not self._queue and not self._level  # the only request of its level
        return alone and (self._phase is Phase.REDUCE or len(self.parts) == 1)

    @property
    def known_parts(self) -> dict[str, str]:
        """What each part read so far said, by the part's text (for ``known``)."""
        return dict(zip(self.parts, self.part_summaries, strict=False))

    def next_request(self) -> GenerationRequest | None:
        """The next request to run, or None when the summary is complete."""
        while True:
            if self._sent is None and self._queue:
                self._sent = self._queue.pop(0)
            if self._sent is None:
                return None
            if self._phase is not Phase.MAP or self._sent not in self._known:
                return GenerationRequest(Action.SUMMARIZE, self._sent, sampling=self.sampling,
                                         notes=self.notes)
            self.add_result(self._known[self._sent])

    def add_result(self, summary: str, truncated_input: bool = False) -> None:
        """Take the answer to the last request; ``truncated_input`` if the engine cut it."""
        sent, self._sent = self._sent, None
        if sent is None:
            raise RuntimeError("add_result() without a request")
        if truncated_input and estimate_text_tokens(sent) > _MIN_PART_TOKENS:
            self.budget = max(_MIN_PART_TOKENS, self.budget // 2)
            self._queue = [piece for item in [sent, *self._queue]
                           for piece in split_parts(item, self.budget)]
            if self._phase is Phase.MAP:
                self.parts = self.parts[: len(self.part_summaries)] + self._queue
            return
        summary = summary.strip()
        if self._phase is Phase.MAP:
            self.part_summaries.append(summary)
        else:
            self._reduce_done += 1
        self._level.append(summary)
        if not self._queue:
            self._next_level()

    def _next_level(self) -> None:
        """Group this level's summaries into requests that fit, or finish with the last."""
        summaries, self._level = self._level, []
        if len(summaries) == 1 and (self._phase is Phase.REDUCE or len(self.parts) == 1):
            self._phase, self.summary = Phase.DONE, summaries[0]
            return
        self._phase = Phase.REDUCE
        groups: list[str] = []
        for text in summaries:
            if groups and estimate_text_tokens(groups[-1] + "\n\n" + text) <= self.budget:
                groups[-1] += "\n\n" + text
            else:
                groups.append(text)
        self._queue = groups


def summarize_long(engine: Generates, summary: LongSummary,
                   on_progress: Callable[[Progress], None] = lambda progress: None,
                   on_text: Callable[[str], None] = lambda text: None) -> StepResult | None:
    """Run every request of ``summary`` on ``engine``; ``on_text`` streams the final one.

    Returns the last step's result (None if there was nothing to summarize); a cancelled
    step ends the summary early, with ``summary.summary`` still None.
    """
    step: StepResult | None = None
    while (request := summary.next_request()) is not None:
        on_progress(summary.progress)
        step = run_request(engine, request,
                           on_text if summary.is_last_step else lambda text: None)
        if step.cancelled:
            return step
        summary.add_result(step.text, step.truncated_input)
    return step
