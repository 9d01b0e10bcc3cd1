"""Work made of several requests in a row (a composed draft, a long summary), run headless.

A plan (``compose.ComposePlan``, ``longsummary.LongSummary``) only says which request comes
next and takes each answer back; who runs the requests is up to the caller. The GUI runs
them through ``EngineService`` one job at a time; the CLI, the tests and the benchmarks
run them here, on anything with the engine's ``generate`` (the local engine, a server, the
fake engine).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Protocol

from writer_app.core.documents.notes import with_notes
from writer_app.core.protocol import Chunk, Event, Finished, FinishReason, GenerationStats
from writer_app.core.requests import GenerationRequest


class Generates(Protocol):
    """Anything that streams the events of a request: the engines and the fake engine."""

    def generate(self, request: GenerationRequest) -> Iterator[Event]: ...


@dataclass(frozen=True)
class WithNotes:
    """``engine`` with the document's ``notes`` in every request (``notes.with_notes``), as
    the GUI's engine service gives them."""

    engine: Generates
    notes: str

    def generate(self, request: GenerationRequest) -> Iterator[Event]:
        return self.engine.generate(with_notes(request, self.notes))


@dataclass(frozen=True)
class StepResult:
    """The text one request produced, why it ended, and its statistics."""

    text: str
    reason: FinishReason
    stats: GenerationStats | None

    @property
    def cancelled(self) -> bool:
        return self.reason is FinishReason.CANCELLED

    @property
    def truncated_input(self) -> bool:
        """The engine cut the request's text to fit its context window."""
        return self.stats is not None and self.stats.truncated_input


def run_request(engine: Generates, request: GenerationRequest,
                on_text: Callable[[str], None] = lambda text: None) -> StepResult:
    """Run ``request`` to its end, passing each piece of text to ``on_text`` as it comes."""
    pieces: list[str] = []
    reason, stats = FinishReason.STOP, None
    for event in engine.generate(request):
        if isinstance(event, Chunk) and event.text:
            pieces.append(event.text)
            on_text(event.text)
        elif isinstance(event, Finished):
            reason, stats = event.reason, event.stats
    return StepResult("".join(pieces), reason, stats)
