"""The text and the end of one request's events, for the tests that compare answers."""

from __future__ import annotations

from collections.abc import Iterable

from writer_app.core.protocol import Chunk, Event, Finished


def collect(events: Iterable[Event]) -> tuple[str, Finished]:
    """The text a request streamed and how it finished."""
    text, finished = [], None
    for event in events:
        if isinstance(event, Chunk):
            text.append(event.text)
        elif isinstance(event, Finished):
            finished = event
    assert finished is not None
    return "".join(text), finished
