"""The engine process's batches of streamed text, read from a real pipe."""

from __future__ import annotations

import contextlib
import multiprocessing

from writer_app.core.protocol import Chunk
from writer_app.engine.worker import Batcher, Sender


def test_thinking_tokens_are_sent_without_text_and_held_back_ones_wait_for_theirs() -> None:
    receiving, sending = multiprocessing.Pipe(duplex=False)
    batcher = Batcher(Sender(sending), request_id=7)
    batcher.add(0, "", 3, None, True)  # a reasoning model's thinking
    batcher.flush()
    batcher.add(0, "", 2, None, False)  # an answer's head the clean-up still holds
    batcher.flush()
    batcher.add(0, "Rain", 1, None, False)
    batcher.flush()
    batcher.flush()  # nothing new: nothing sent
    batcher.add(0, "", 1, None, False)  # a token whose text never came
    batcher.flush()
    batcher.flush(last=True)  # the stream's end: every token is counted
    sending.close()
    received = []
    with contextlib.suppress(EOFError):
        while True:
            received.append(receiving.recv())
    # Only thinking says "thinking" in the window: held text is the model writing, said
    # once, and its tokens come with their text.
    assert received == [Chunk(7, "", 3), Chunk(7, "", 0, held=True), Chunk(7, "Rain", 3),
                        Chunk(7, "", 1)]
