"""The engine process's batches of streamed text, read from a real pipe."""

from __future__ import annotations

import contextlib
import multiprocessing

from writer_app.core.protocol import Chunk
from writer_app.engine.worker import Batcher, Sender


def test_tokens_without_text_are_sent_so_the_window_can_say_the_model_thinks() -> None:
    receiving, sending = multiprocessing.Pipe(duplex=False)
    batcher = Batcher(Sender(sending), request_id=7)
    batcher.add(0, "", 3, None)  # a reasoning model's held-back thinking
    batcher.flush()
    batcher.add(0, "Rain", 1, None)
    batcher.flush()
    batcher.flush()  # nothing new: nothing sent
    sending.close()
    received = []
    with contextlib.suppress(EOFError):
        while True:
            received.append(receiving.recv())
    assert received == [Chunk(7, "", 3), Chunk(7, "Rain", 1)]
