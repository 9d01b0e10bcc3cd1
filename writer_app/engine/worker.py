"""The engine process: receives commands, runs llama.cpp, streams events back.

Started by ``EngineClient`` with the spawn method. It exits when told to, or when the app
goes away (its end of the pipe closes). SIGINT is ignored here: Ctrl+C in a terminal
reaches the whole process group, and the app decides what a Ctrl+C means.
"""

from __future__ import annotations

import logging
import os
import signal
import sys
import threading
import time
import traceback
from collections import defaultdict
from multiprocessing.connection import Connection
from typing import TYPE_CHECKING, Any, TextIO, cast

from writer_app.core.errors import ModelFileError, WriterError
from writer_app.core.i18n import message_of
from writer_app.core.models.adapters import AdapterError
from writer_app.core.models.cpu import wait_politely
from writer_app.core.privacy import install_from_environment
from writer_app.core.protocol import (
    Chunk,
    ErrorKind,
    Event,
    Failed,
    Finished,
    Generate,
    LoadModel,
    LoadProgress,
    LogLine,
    ModelLoaded,
    Probe,
    Probed,
    PromptProgress,
    SetAdapters,
    Shutdown,
    TokenAlternatives,
)

if TYPE_CHECKING:
    from writer_app.engine.runtime import Runtime

# Streamed text is sent at most this often; the first chunk goes at once.
CHUNK_INTERVAL_S = 0.015


class Sender:
    """Sends events from any thread of this process, one at a time."""

    def __init__(self, conn: Connection) -> None:
        self._conn = conn
        self._lock = threading.Lock()

    def send(self, event: Event) -> None:
        with self._lock:
            self._conn.send(event)


class _LogStream:
    """Python-level writes to stdout/stderr (llama-cpp-python prints some) go to the log."""

    def __init__(self, sender: Sender, level: int) -> None:
        self._sender = sender
        self._level = level

    def write(self, text: str) -> int:
        for line in text.splitlines():
            if line.strip():
                self._sender.send(LogLine(self._level, line))
        return len(text)

    def flush(self) -> None:
        """Nothing is buffered."""


class Batcher:
    """Collects each draft's streamed text and sends it in small batches."""

    def __init__(self, sender: Sender, request_id: int) -> None:
        self._sender = sender
        self._request_id = request_id
        self._buffers: defaultdict[int, list[str]] = defaultdict(list)
        self._tokens: defaultdict[int, int] = defaultdict(int)
        self._thinking: defaultdict[int, bool] = defaultdict(bool)
        self._alternatives: defaultdict[int, list[TokenAlternatives]] = defaultdict(list)
        # Drafts the window knows are writing: their text has come, or it has been told
        # that their text is held.
        self._writing: set[int] = set()
        self._last = 0.0

    def add(self, draft: int, text: str, tokens: int,
                alternatives: TokenAlternatives | None, thinking: bool) -> None:
        """Text of ``tokens`` generated tokens (empty while a character is incomplete, the
        answer's clean-up holds it back, or the model is ``thinking``)."""
        self._buffers[draft].append(text)
        self._tokens[draft] += tokens
        self._thinking[draft] = thinking
        if alternatives is not None:
            self._alternatives[draft].append(alternatives)
        now = time.monotonic()
        if now - self._last >= CHUNK_INTERVAL_S:
            self.flush()
            self._last = now

    def flush(self, *, last: bool = False) -> None:
        """Send what came since the last chunk. The tokens of a reasoning model's thinking
        are sent without text, so the window can say it is thinking rather than reading;
        tokens the answer's clean-up holds back wait for their text (the first time, the
        window is told that the model is writing), and the ``last`` flush sends whatever
        is left, so every token is counted once."""
        for draft, buffer in self._buffers.items():
            text = "".join(buffer)
            if text or (self._tokens[draft] and (last or self._thinking[draft])):
                self._sender.send(Chunk(self._request_id, text, self._tokens[draft], draft,
                                        tuple(self._alternatives[draft])))
                buffer.clear()
                self._tokens[draft] = 0
                self._alternatives[draft].clear()
                if text:
                    self._writing.add(draft)
            elif self._tokens[draft] and draft not in self._writing:
                self._writing.add(draft)
                self._sender.send(Chunk(self._request_id, "", 0, draft, held=True))


def main(conn: Connection, cancel_upto: Any) -> None:
    """Entry point of the engine process."""
    install_from_environment()
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    sender = Sender(conn)
    sys.stdout = cast(TextIO, _LogStream(sender, logging.INFO))
    sys.stderr = cast(TextIO, _LogStream(sender, logging.INFO))
    wait_politely(os.environ)
    from writer_app.engine.runtime import LlamaLog, Runtime

    runtime = Runtime(LlamaLog(lambda level, text: sender.send(LogLine(level, text))))
    while True:
        try:
            command = conn.recv()
        except (EOFError, OSError):
            break
        if isinstance(command, Shutdown):
            break
        try:
            _handle(command, runtime, sender, cancel_upto)
        except (BrokenPipeError, EOFError, OSError):
            break
    runtime.unload()


def _handle(command: object, runtime: Runtime, sender: Sender, cancel_upto: Any) -> None:
    if isinstance(command, Probe):
        from writer_app.engine.runtime import backend_info

        sender.send(Probed(command.request_id, backend_info()))
        return
    if not isinstance(command, LoadModel | SetAdapters | Generate):
        raise TypeError(f"unknown command {command!r}")
    request_id = command.request_id
    try:
        if isinstance(command, SetAdapters):
            sender.send(ModelLoaded(request_id, runtime.set_adapters(command.adapters)))
        elif isinstance(command, LoadModel):
            info = runtime.load(
                command.settings,
                lambda fraction: sender.send(LoadProgress(request_id, fraction)),
                lambda: cancel_upto.value >= request_id,
            )
            sender.send(ModelLoaded(request_id, info))
        else:
            batcher = Batcher(sender, request_id)
            stats, drafts = runtime.generate(
                command.request, batcher.add, lambda: cancel_upto.value >= request_id,
                lambda done, total: sender.send(PromptProgress(request_id, done, total)),
            )
            batcher.flush(last=True)
            sender.send(Finished(request_id, drafts[0].reason, stats, drafts))
    except AdapterError as exc:
        sender.send(Failed(request_id, ErrorKind.ADAPTER, message_of(exc)))
    except ModelFileError as exc:
        sender.send(Failed(request_id, ErrorKind.MODEL_FILE, str(exc)))
    except WriterError as exc:
        kind = ErrorKind.GENERATION if isinstance(command, Generate) else ErrorKind.LOAD
        sender.send(Failed(request_id, kind, str(exc)))
    except Exception as exc:  # a bug: report it with its traceback and keep serving
        sender.send(LogLine(logging.ERROR, traceback.format_exc(), "engine"))
        sender.send(Failed(request_id, ErrorKind.GENERATION,
                           f"The engine hit an internal error: {exc!r}"))
