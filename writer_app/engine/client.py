"""The app's handle on the engine process. Plain Python: no Qt, no llama_cpp import.

``EngineClient`` starts the engine process, sends it commands and turns its events into
an iterator. If the process dies, the request in flight fails with ``EngineCrashedError``
and the next request starts a fresh process and reloads the last model.

One request runs at a time. A new request while one runs cancels the running one (the
writer's newest intent wins) and starts as soon as the old one has wound down.

Whatever the engine does, a cancel takes effect within ``stop_timeout_s``: an engine that
has not ended the request by then (stopped, deadlocked, stuck in native code) is killed,
the request fails with ``EngineUnresponsiveError`` saying so, and the next request starts
a fresh engine. ``close()`` is bounded the same way and starts nothing new.
"""

from __future__ import annotations

import contextlib
import dataclasses
import itertools
import logging
import multiprocessing
import signal
import threading
import time
from collections.abc import Iterator
from multiprocessing.connection import Connection, wait
from multiprocessing.process import BaseProcess
from typing import Any, NoReturn

from writer_app.core.errors import (
    NO_MODEL_LOADED,
    EngineCrashedError,
    GenerationError,
    ModelFileError,
    ModelLoadError,
    WriterError,
)
from writer_app.core.i18n import QT_TRANSLATE_NOOP, Message, message, message_of
from writer_app.core.models.adapters import Adapter, AdapterError
from writer_app.core.models.fit import Machine, memory_size, memory_to_load
from writer_app.core.models.gguf_header import GgufInfo, inspect_gguf
from writer_app.core.models.load_settings import LoadSettings
from writer_app.core.protocol import (
    BackendInfo,
    Command,
    ErrorKind,
    Event,
    Failed,
    Finished,
    Generate,
    LoadModel,
    LogLine,
    ModelInfo,
    ModelLoaded,
    Probe,
    Probed,
    SetAdapters,
    Shutdown,
)
from writer_app.core.requests import GenerationRequest
from writer_app.core.sources.servers import LOCAL_CAPABILITIES
from writer_app.engine import worker

log = logging.getLogger(__name__)

_ERRORS: dict[ErrorKind, type[WriterError]] = {
    ErrorKind.MODEL_FILE: ModelFileError,
    ErrorKind.LOAD: ModelLoadError,
    ErrorKind.GENERATION: GenerationError,
    ErrorKind.NO_MODEL: GenerationError,
    ErrorKind.ADAPTER: AdapterError,
}
# How long the engine has to end a request after a cancel before it is killed. A healthy
# engine answers in milliseconds (llama.cpp checks the cancel between graph nodes and
# between loaded tensors); this only bounds an engine that has stopped answering.
STOP_TIMEOUT_S = 3.0


class EngineUnresponsiveError(GenerationError):
    """The engine did not end a cancelled request in time and was killed."""


def describe_exit(exitcode: int | None) -> Message:
    """How a process ended, in words."""
    if exitcode is None:
        return message(QT_TRANSLATE_NOOP("core", "it stopped answering"))
    if exitcode < 0:
        try:
            name = signal.Signals(-exitcode).name
        except ValueError:
            name = f"signal {-exitcode}"
        if name == "SIGKILL":
            return message(QT_TRANSLATE_NOOP(
                "core", "it was killed, often because the computer ran out of memory"))
        return message(QT_TRANSLATE_NOOP("core", "it was stopped by {signal}"), signal=name)
    return message(QT_TRANSLATE_NOOP("core", "it exited with code {code}"), code=exitcode)


def _readable_header(path: str) -> GgufInfo | None:
    """The header of a draft model's file; None where there is none to read (the engine
    then leaves the draft model out and says why)."""
    if not path:
        return None
    try:
        return inspect_gguf(path)
    except ModelFileError:
        return None


class EngineClient:
    """Runs requests on the engine process, one at a time."""

    capabilities = LOCAL_CAPABILITIES

    def __init__(self, stop_timeout_s: float = STOP_TIMEOUT_S) -> None:
        self.stop_timeout_s = stop_timeout_s
        self._context = multiprocessing.get_context("spawn")
        self._process: BaseProcess | None = None
        self._conn: Connection | None = None
        self._cancel_upto: Any = None
        self._ids = itertools.count(1)
        self._current = 0
        self._lock = threading.Lock()
        # The request the engine is working on (0: none), the timer that kills the engine
        # if it does not end that request after a cancel, and whether that timer fired.
        self._in_flight = 0
        self._watchdog: threading.Timer | None = None
        self._watch_lock = threading.Lock()
        self._unresponsive = False
        # How many times close() was called: a request made before a close does not start
        # an engine after it (the app is quitting or has switched engines).
        self._closes = 0
        self._settings: LoadSettings | None = None
        self._loaded_bytes = 0
        self._backend: BackendInfo | None = None
        self.model: ModelInfo | None = None

    # Process lifetime ----------------------------------------------------------------

    @property
    def pid(self) -> int | None:
        """The engine process's id while it runs."""
        return self._process.pid if self._process is not None else None

    def is_running(self) -> bool:
        return self._process is not None and self._process.is_alive()

    @property
    def in_flight(self) -> bool:
        """Whether a request has been sent to the engine and has not ended yet."""
        return self._in_flight != 0

    def _start(self) -> None:
        self._stop_process()
        parent, child = self._context.Pipe()
        cancel_upto = self._context.RawValue("q", 0)
        process = self._context.Process(
            target=worker.main, args=(child, cancel_upto), name="writer-app-engine",
            daemon=True,
        )
        process.start()
        child.close()
        self._process, self._conn, self._cancel_upto = process, parent, cancel_upto
        with self._watch_lock:  # a kill that raced the end of a request is not this engine's
            self._unresponsive = False
        log.info("engine process %s started", process.pid)

    def _stop_process(self) -> None:
        process, conn = self._process, self._conn
        self._process = self._conn = None
        if process is None or conn is None:
            return
        with contextlib.suppress(OSError):
            conn.send(Shutdown())
        # Keep reading: an engine blocked on a full pipe would never see the Shutdown.
        deadline = time.monotonic() + self.stop_timeout_s
        while process.is_alive() and time.monotonic() < deadline:
            try:
                if conn.poll(0.05):
                    conn.recv()
            except (EOFError, OSError):
                process.join(max(0.0, deadline - time.monotonic()))
        if process.is_alive():
            process.kill()
        process.join()
        conn.close()

    def close(self) -> None:
        """Stop the engine process (cancelling whatever it is doing); bounded in time.

        A request in flight is cancelled, so the watchdog ends an engine that does not
        answer. Requests made before the close and still waiting for their turn fail
        without starting an engine; a later request starts one again. A stream abandoned
        mid-way may still hold the request lock in its suspended generator, so the lock is
        waited for only as long as the watchdog needs.
        """
        self._closes += 1
        self.cancel()
        locked = self._lock.acquire(timeout=2 * self.stop_timeout_s)
        try:
            if locked:
                self._stop_process()
            elif self._process is not None:
                self._process.kill()
            self._settings = self.model = None
        finally:
            if locked:
                self._lock.release()

    # Requests ------------------------------------------------------------------------

    def cancel(self) -> None:
        """Ask the request in flight to stop; safe to call from any thread.

        If the engine has not ended it ``stop_timeout_s`` later, the engine is killed.
        """
        if self._cancel_upto is not None:
            self._cancel_upto.value = self._current
        self._watch(self._in_flight)

    def _watch(self, request_id: int) -> None:
        """Kill the engine unless it ends ``request_id`` within ``stop_timeout_s``."""
        with self._watch_lock:
            if not request_id or request_id != self._in_flight or self._watchdog is not None:
                return
            timer = threading.Timer(self.stop_timeout_s, self._on_watchdog_timeout,
                                    (request_id,))
            timer.name = "engine-watchdog"
            timer.daemon = True
            self._watchdog = timer
            timer.start()

    def _on_watchdog_timeout(self, request_id: int) -> None:
        with self._watch_lock:
            process = self._process
            if request_id != self._in_flight or process is None:
                return
            self._unresponsive = True
        log.warning("the engine did not end request %d within %.1f s of a cancel; "
                    "killing it", request_id, self.stop_timeout_s)
        process.kill()

    def _track(self, request_id: int) -> None:
        """Mark ``request_id`` as in flight (0: none), ending the watch on the last one."""
        with self._watch_lock:
            self._in_flight = request_id
            timer, self._watchdog = self._watchdog, None
        if timer is not None:
            timer.cancel()

    def probe(self, refresh: bool = False) -> BackendInfo:
        """What the engine's llama.cpp build can use (devices, CPU features).

        Asked once unless ``refresh``: the build does not change while the app runs, only
        the devices' free memory does.
        """
        return self._probe(refresh, self._closes)

    def _probe(self, refresh: bool, closes: int) -> BackendInfo:
        if self._backend is None or refresh:
            for event in self._run(Probe, closes):
                if isinstance(event, Probed):
                    self._backend = event.backend
        if self._backend is None:
            raise GenerationError(message(QT_TRANSLATE_NOOP("core", "The engine did not answer.")))
        return self._backend

    def load(self, settings: LoadSettings) -> Iterator[Event]:
        """Load a model; yields ``LoadProgress`` then ``ModelLoaded``, or raises.

        If llama.cpp takes the engine down while loading, that is the file's fault as far
        as the user can act on it: it is reported as a ``ModelLoadError``.
        """
        return self._load(settings, self._closes)

    def _load(self, settings: LoadSettings, closes: int) -> Iterator[Event]:
        header = inspect_gguf(settings.model_path)
        self._check_memory(header, settings, closes)
        self._settings = self.model = None
        self._loaded_bytes = 0
        try:
            for event in self._run(lambda rid: LoadModel(rid, settings), closes):
                if isinstance(event, ModelLoaded):
                    self._settings = settings
                    self._loaded_bytes = header.file_size
                yield event
        except EngineUnresponsiveError:
            raise ModelLoadError(message(QT_TRANSLATE_NOOP(
                "core", "Loading {name} did not finish after it was cancelled, so the engine "
                "was stopped. Load the model again when you need it."), name=header.path.name)
            ) from None
        except EngineCrashedError as exc:
            raise ModelLoadError(message(QT_TRANSLATE_NOOP(
                "core", "llama.cpp stopped while loading {name}: the file is probably damaged "
                "or not supported. Download it again or choose another model. ({reason})"),
                name=header.path.name, reason=message_of(exc))) from None

    def _check_memory(self, header: GgufInfo, settings: LoadSettings, closes: int) -> None:
        """Refuse, with the numbers, a model and context that cannot fit in RAM.

        Layers offloaded to a GPU need VRAM instead, which this check cannot see, so it
        applies when the model runs on the CPU.
        """
        if settings.gpu_layers != 0 and self._probe(False, closes).gpu_offload:
            return
        needed = memory_to_load(header, settings.n_ctx, settings.batch_size,
                                settings.kv_cache)
        available = Machine.current().ram_available + self._loaded_bytes  # freed first
        draft = _readable_header(settings.draft_model_path)
        if draft is not None:
            with_draft = needed + memory_to_load(draft, settings.n_ctx, settings.batch_size)
            if needed <= available < with_draft:
                raise ModelLoadError(message(QT_TRANSLATE_NOOP(
                    "core", "{name} with the draft model {draft} needs about {needed} of "
                    "memory, but only {available} are free. Turn the draft model off in "
                    "Settings, or close other programs."),
                    name=header.path.name, draft=draft.path.name,
                    needed=memory_size(with_draft), available=memory_size(available)))
        if needed > available:
            raise ModelLoadError(message(QT_TRANSLATE_NOOP(
                "core", "{name} needs about {needed} of memory with a context of {n_ctx:,} "
                "tokens, but only {available} are free. Close other programs, choose a "
                "smaller model, or lower the context size in Settings."),
                name=header.path.name, needed=memory_size(needed), n_ctx=settings.n_ctx,
                available=memory_size(available)))

    def set_adapters(self, adapters: tuple[Adapter, ...]) -> Iterator[Event]:
        """Apply LoRA adapters to the loaded model without loading it again; yields
        ``ModelLoaded`` with the model as it is now, or raises ``AdapterError`` and leaves
        the adapters as they were. A reload after a crash applies them too."""
        if self._settings is None:
            raise GenerationError(NO_MODEL_LOADED)
        return self._set_adapters(adapters, self._closes)

    def _set_adapters(self, adapters: tuple[Adapter, ...], closes: int) -> Iterator[Event]:
        for event in self._run(lambda rid: SetAdapters(rid, adapters), closes):
            if isinstance(event, ModelLoaded) and self._settings is not None:
                self._settings = dataclasses.replace(self._settings, adapters=adapters)
            yield event

    def generate(self, request: GenerationRequest) -> Iterator[Event]:
        """Stream the answer to ``request``: ``Chunk`` events, then ``Finished``.

        After an engine crash the engine restarts first and reloads the last model, so
        ``LoadProgress`` and ``ModelLoaded`` may come before the chunks.
        """
        if self._settings is None:
            raise GenerationError(NO_MODEL_LOADED)
        if self._lock.locked():
            self.cancel()
        return self._run(lambda rid: Generate(rid, request), self._closes)

    def _run(self, make: Any, closes: int) -> Iterator[Event]:
        """Send a command, first starting the engine (and reloading the model it had) if
        it is not running: whichever request comes first after a crash, a probe included,
        the engine it starts has the user's model. A request made before the last
        ``close()`` (``closes`` is the count when it was made) is refused."""
        with self._lock:
            if closes != self._closes:
                raise GenerationError(message(QT_TRANSLATE_NOOP(
                    "core", "The engine was closed (writer-app is closing or switched "
                    "engines), so the request was not started.")))
            if not self.is_running():
                self._start()
                if self._settings is not None:
                    yield from self._reload(self._settings)
            yield from self._exchange(make(next(self._ids)))

    def _reload(self, settings: LoadSettings) -> Iterator[Event]:
        """Load the user's model into a fresh engine.

        A reload that does not end with the model loaded (cancelled by a newer request,
        failed, abandoned) leaves an engine without it: that engine is stopped, so the
        next request starts another and reloads again.
        """
        reloaded = False
        try:
            for event in self._exchange(LoadModel(next(self._ids), settings)):
                reloaded = reloaded or isinstance(event, ModelLoaded)
                yield event
        finally:
            if not reloaded:
                self._stop_process()

    def _exchange(self, command: Command) -> Iterator[Event]:
        """Send one command and yield its events until it ends; keeps the pipe in step."""
        assert self._conn is not None
        request_id = getattr(command, "request_id", 0)
        self._current = request_id
        self._track(request_id)
        done = False
        try:
            self._send(command)
            while not done:
                event = self._receive()
                if isinstance(event, Failed):
                    done = True
                    raise _ERRORS[event.kind](event.message)
                done = isinstance(event, Finished | ModelLoaded | Probed)
                if isinstance(event, ModelLoaded):
                    self.model = event.info
                yield event
        finally:
            if not done:
                self._wind_down(request_id)
            self._track(0)

    def _send(self, command: Command) -> None:
        """Send a command; an engine that died or was killed meanwhile is reported."""
        assert self._conn is not None
        try:
            self._conn.send(command)
        except OSError:
            self._crashed()

    def _wind_down(self, request_id: int) -> None:
        """The consumer left early: stop the request and read up to its end."""
        if self._process is None:  # the engine died; nothing is left to read
            return
        self._cancel_upto.value = request_id
        self._watch(request_id)
        try:
            while True:
                event = self._receive()
                if isinstance(event, Finished | Failed | ModelLoaded | Probed):
                    return
        except GenerationError:  # it died, or the watchdog ended it
            return

    def _receive(self) -> Event:
        """The next event that is not a log line; raises if the process died."""
        assert self._conn is not None and self._process is not None
        while True:
            ready = wait([self._conn, self._process.sentinel])
            if self._conn in ready or self._conn.poll():
                try:
                    event: Event = self._conn.recv()
                except (EOFError, OSError):
                    self._crashed()
                if isinstance(event, LogLine):
                    logging.getLogger(f"writer_app.{event.source}").log(
                        event.level, "%s", event.text)
                    continue
                return event
            self._crashed()

    def _crashed(self) -> NoReturn:
        process = self._process
        if process is not None:
            process.join(1.0)
        how = describe_exit(process.exitcode if process is not None else None)
        self._stop_process()
        with self._watch_lock:
            unresponsive, self._unresponsive = self._unresponsive, False
        if unresponsive:
            raise EngineUnresponsiveError(message(QT_TRANSLATE_NOOP(
                "core", "The writing engine did not stop within {seconds:g} s, so writer-app "
                "ended it. Your text is safe; the next request starts the engine again and "
                "reloads the model."), seconds=self.stop_timeout_s))
        log.error("engine process died: %s", how)
        raise EngineCrashedError(message(QT_TRANSLATE_NOOP(
            "core", "The writing engine stopped unexpectedly ({how}). Your text is safe; the "
            "next request starts the engine again."), how=how))
