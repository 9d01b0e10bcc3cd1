"""The text and the end of one request to an engine, for the tests that compare answers."""

from __future__ import annotations

from writer_app.core.protocol import Chunk, Finished
from writer_app.core.requests import GenerationRequest
from writer_app.engine.client import EngineClient


def generated(engine: EngineClient, request: GenerationRequest) -> tuple[str, Finished]:
    """The text ``engine`` streamed for ``request`` and how it finished."""
    text, finished = [], None
    for event in engine.generate(request):
        if isinstance(event, Chunk):
            text.append(event.text)
        elif isinstance(event, Finished):
            finished = event
    assert finished is not None
    return "".join(text), finished
