"""EngineService: the engine's requests run on worker threads, results come back as signals.

Each load or generation runs in its own short-lived thread that iterates the engine's
event stream; what it reports is relayed to the GUI thread, which emits the signals
(see ``qt/threads.py``: no signal is emitted from a worker thread). Every signal carries
the job id, so a window ignores what a job it has moved on from still sends.
``shutdown()`` stops the engine, joins every thread and delivers what they reported; like
Stop and a model switch, it is bounded in time whatever the engine does (see
``EngineClient``'s watchdog).
"""

from __future__ import annotations

import itertools
import logging
from collections.abc import Callable, Iterator
from typing import Protocol

from PySide6.QtCore import QObject, Signal

from writer_app.core.actions import GenerationRequest, LoadSettings
from writer_app.core.errors import describe_failure
from writer_app.core.protocol import (
    BackendInfo,
    Chunk,
    Event,
    Finished,
    LoadProgress,
    ModelInfo,
    ModelLoaded,
    PromptProgress,
)
from writer_app.core.servers import Capabilities
from writer_app.qt.threads import TrackedThreads

log = logging.getLogger(__name__)


class Engine(Protocol):
    """What the service needs from an engine: ``EngineClient``, ``RemoteEngine`` or
    ``FakeEngine``."""

    model: ModelInfo | None
    capabilities: Capabilities

    def load(self, settings: LoadSettings) -> Iterator[Event]: ...
    def generate(self, request: GenerationRequest) -> Iterator[Event]: ...
    def probe(self, refresh: bool = False) -> BackendInfo: ...
    def cancel(self) -> None: ...
    def close(self) -> None: ...


class EngineService(QObject):
    """The GUI's handle on the engine. Its signals are emitted in the GUI thread."""

    load_progressed = Signal(int, float)
    model_loaded = Signal(int, object)
    load_failed = Signal(int, str)
    prompt_progressed = Signal(int, int, int)
    chunk_received = Signal(int, str, int)
    generation_finished = Signal(int, object, object)
    generation_failed = Signal(int, str)
    hardware_found = Signal(int, object)

    def __init__(self, engine: Engine, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._engine = engine
        self._ids = itertools.count(1)
        self._threads = TrackedThreads(self)
        self._closed = False

    @property
    def model(self) -> ModelInfo | None:
        return self._engine.model

    @property
    def engine(self) -> Engine:
        return self._engine

    def replace_engine(self, engine: Engine) -> Engine:
        """Send requests to ``engine`` from now on; the old one is closed and returned."""
        old, self._engine = self._engine, engine
        old.close()
        return old

    def load_model(self, settings: LoadSettings) -> int:
        """Load a model in the background (cancelling the request in flight); returns the
        job id."""
        job = next(self._ids)
        self._engine.cancel()
        self._start(job, lambda: self._run_load(job, settings))
        return job

    def generate(self, request: GenerationRequest) -> int:
        """Start a generation (cancelling one that runs); returns the job id."""
        job = next(self._ids)
        self._engine.cancel()
        self._start(job, lambda: self._run_generate(job, request))
        return job

    def probe(self) -> int:
        """Ask what llama.cpp can use here, with free memory now (``hardware_found``)."""
        job = next(self._ids)
        self._start(job, lambda: self._run_probe(job))
        return job

    def stop(self) -> None:
        """Stop the generation in flight, if any."""
        self._engine.cancel()

    def is_busy(self) -> bool:
        return self._threads.busy()

    def shutdown(self, timeout_s: float = 10.0) -> None:
        """Stop everything and wait for the worker threads; the engine process ends.

        The engine is closed first: that ends the request in flight (killing an engine that
        does not answer), and requests still waiting for their turn fail instead of
        starting a new engine.
        """
        self._closed = True
        self._engine.close()
        self._threads.join(timeout_s)

    def _start(self, job: int, target: Callable[[], None]) -> None:
        if not self._closed:
            self._threads.spawn(target, f"engine-job-{job}")

    def _run_load(self, job: int, settings: LoadSettings) -> None:
        try:
            for event in self._engine.load(settings):
                if isinstance(event, LoadProgress):
                    self._threads.post(self.load_progressed.emit, job, event.fraction)
                elif isinstance(event, ModelLoaded):
                    self._threads.post(self.model_loaded.emit, job, event.info)
        except Exception as exc:  # every failure reaches the window as a message
            self._threads.post(self.load_failed.emit, job,
                               describe_failure(exc, self.tr("The model could not be loaded")))

    def _run_probe(self, job: int) -> None:
        try:
            self._threads.post(self.hardware_found.emit, job, self._engine.probe(refresh=True))
        except Exception as exc:  # the status bar says so; loading will say more
            log.warning("the engine could not be asked about the hardware: %s", exc)

    def _run_generate(self, job: int, request: GenerationRequest) -> None:
        try:
            for event in self._engine.generate(request):
                if isinstance(event, Chunk):
                    self._threads.post(self.chunk_received.emit, job, event.text,
                                       event.tokens)
                elif isinstance(event, PromptProgress):
                    self._threads.post(self.prompt_progressed.emit, job, event.done,
                                       event.total)
                elif isinstance(event, LoadProgress):
                    self._threads.post(self.load_progressed.emit, job, event.fraction)
                elif isinstance(event, ModelLoaded):
                    self._threads.post(self.model_loaded.emit, job, event.info)
                elif isinstance(event, Finished):
                    self._threads.post(self.generation_finished.emit, job, event.reason,
                                       event.stats)
        except Exception as exc:  # every failure reaches the window as a message
            self._threads.post(self.generation_failed.emit, job,
                               describe_failure(exc, self.tr("Something went wrong in the engine")))
