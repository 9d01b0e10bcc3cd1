"""EngineService: the engine's requests run on worker threads, results come back as signals.

Each request returns a job object (``LoadJob``, ``GenerationJob``) whose signals carry that
request's events and nothing else, so a listener connects to the job it started and never
filters. Each job runs in its own short-lived thread that iterates the engine's event
stream; what it reports is relayed to the GUI thread, which emits the signals (see
``qt/jobs.py``: no signal is emitted from a worker thread). A new request cancels the
one in flight, which still ends with its own ``finished`` or ``failed``; a listener that
moves on calls ``abandon()`` and hears nothing more from that job.
``shutdown()`` stops the engine, joins every thread and delivers what they reported; like
Stop and a model switch, it is bounded in time whatever the engine does (see
``EngineClient``'s watchdog).

Each window has its own service, and all of them share one engine (one process, one
loaded model): ``EngineService(other_service)`` makes another window's handle on
``other_service``'s engine. The engine serves one request at a time, so a window's new
request cancels only that window's own request in flight; while another window's request
runs, it is refused at once with a message that says so (a stream is never cut short by
another window). A model load is for every window: it goes ahead, and every service
announces it (``load_started``) and its result (``model_loaded``). Shutting down the
service of one window stops that window's request only; the last one stops the engine.
"""

from __future__ import annotations

import functools
import itertools
import logging
from collections.abc import Callable, Iterator
from typing import Protocol

from PySide6.QtCore import QObject, QTimer, Signal, SignalInstance

from writer_app.core.documents.notes import with_notes
from writer_app.core.errors import describe_failure
from writer_app.core.models.adapters import Adapter
from writer_app.core.models.load_settings import LoadSettings
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
from writer_app.core.requests import GenerationRequest
from writer_app.core.sources.servers import Capabilities
from writer_app.qt.jobs import Job, TrackedThreads

log = logging.getLogger(__name__)


class Engine(Protocol):
    """What the service needs from an engine: ``EngineClient``, ``RemoteEngine`` or
    ``FakeEngine``."""

    model: ModelInfo | None
    capabilities: Capabilities

    def load(self, settings: LoadSettings) -> Iterator[Event]: ...
    def set_adapters(self, adapters: tuple[Adapter, ...]) -> Iterator[Event]: ...
    def generate(self, request: GenerationRequest) -> Iterator[Event]: ...
    def probe(self, refresh: bool = False) -> BackendInfo: ...
    def cancel(self) -> None: ...
    def close(self) -> None: ...


class EngineJob(Job):
    """One request to the engine: cancelling it stops the engine while it is the request
    in flight."""

    def __init__(self, service: EngineService) -> None:
        super().__init__(lambda: service.cancel(self))


class LoadJob(EngineJob):
    """A model load: ``progressed`` (0..1), then ``loaded`` or ``failed``; also a change
    of the loaded model's adapters (``loaded`` without progress)."""

    # Fires as the model loads, with the fraction loaded (0..1).
    progressed = Signal(float)
    # Fires once, last, with the ModelInfo of the model now loaded.
    loaded = Signal(object)
    # ``failed`` (see Job) fires once, last, with the reason the model is not loaded.

    def __init__(self, service: EngineService, settings: LoadSettings | None = None) -> None:
        super().__init__(service)
        self.settings = settings
        """What is loaded (None for a change of adapters)."""


class GenerationJob(EngineJob):
    """A generation: ``prompt_progressed``, ``chunk_received``…, then ``finished`` or
    ``failed``. If the engine had to start again, the model is reloaded first
    (``reload_progressed``).

    ``chunk_received`` carries text and token count only; ``chunk_arrived`` carries the
    whole ``Chunk`` (its draft and word alternatives) for listeners that ask for several
    drafts. ``drafts_finished`` hands over each draft's ``DraftResult`` just before
    ``finished``.
    """

    # Fires while the prompt is read, with the tokens done and the tokens in all.
    prompt_progressed = Signal(int, int)
    # Fires for each piece of text generated, with the text and its token count.
    chunk_received = Signal(str, int)
    # Fires with each whole Chunk, right after its ``chunk_received`` (a ``held`` one,
    # which has no text, has none).
    chunk_arrived = Signal(object)
    # Fires while a restarted engine loads the model again, with the fraction loaded.
    reload_progressed = Signal(float)
    # Fires once, just before ``finished``, with each draft's DraftResult.
    drafts_finished = Signal(object)
    # Fires once, last, when the generation ended (complete, cancelled, at the length
    # limit or with the context full), with the FinishReason and the GenerationStats.
    finished = Signal(object, object)
    # ``failed`` (see Job) fires once, last, instead of ``finished`` when it went wrong.


class _SharedEngine(QObject):
    """The engine and the threads that talk to it, shared by the services of all windows."""

    def __init__(self, engine: Engine) -> None:
        super().__init__()
        self.engine = engine
        self.ids = itertools.count(1)
        self.threads = TrackedThreads(self)
        self.closed = False
        self.current: Job | None = None
        self.owner: EngineService | None = None
        self.yields = False
        """Whether the request in flight gives way to another window's (see ``generate``)."""
        self.services: list[EngineService] = []


class EngineService(QObject):
    """A window's handle on the engine. Its signals are emitted in the GUI thread.

    ``model_loaded`` reports every model the engine loads, asked for or reloaded after a
    restart, from whichever window; ``load_started`` hands over every model load (with the
    ``LoadJob`` to watch), also from whichever window; ``hardware_found`` answers
    ``probe()``; ``generation_started`` hands every new ``GenerationJob`` of this service to
    whoever watches all of them (a benchmark, an activity display). ``notes`` are the
    writer's notes on the window's document: every request that has none of its own gets
    them (``notes.with_notes``), unless it is not about that document.
    """

    model_loaded = Signal(object)
    load_started = Signal(object)
    hardware_found = Signal(object)
    generation_started = Signal(object)

    def __init__(self, engine: Engine | EngineService, parent: QObject | None = None) -> None:
        """A service for ``engine``, or for another window on the engine of the service
        given instead."""
        super().__init__(parent)
        self._shared: _SharedEngine = (engine._shared if isinstance(engine, EngineService)
                                       else _SharedEngine(engine))
        self._shared.services.append(self)
        self._closed = False
        self.notes = ""

    @property
    def model(self) -> ModelInfo | None:
        return self._shared.engine.model

    @property
    def engine(self) -> Engine:
        return self._shared.engine

    def replace_engine(self, engine: Engine) -> Engine:
        """Send every window's requests to ``engine`` from now on; the old one is closed
        and returned."""
        old, self._shared.engine = self._shared.engine, engine
        old.close()
        return old

    def load_model(self, settings: LoadSettings) -> LoadJob:
        """Load a model in the background, cancelling the request in flight (whichever
        window's it is)."""
        job = LoadJob(self, settings)
        self._start(job, lambda: self._run_load(job, lambda: self.engine.load(settings)))
        for service in self._shared.services:
            service.load_started.emit(job)
        return job

    def set_adapters(self, adapters: tuple[Adapter, ...]) -> LoadJob:
        """Apply LoRA adapters to the loaded model, cancelling the request in flight."""
        job = LoadJob(self)
        self._start(job, lambda: self._run_load(job, lambda: self.engine.set_adapters(adapters)))
        return job

    def generate(self, request: GenerationRequest, *, document_notes: bool = True,
                 yields: bool = False) -> GenerationJob:
        """Start a generation, cancelling this window's request in flight; without
        ``document_notes`` the document's notes stay out of it (a new text planned from a
        brief). While another window's request runs, the job fails at once, unless that
        request ``yields``: one the writer did not ask for (an inline suggestion), which
        any window's request cancels."""
        if document_notes:
            request = with_notes(request, self.notes)
        job = GenerationJob(self)
        if self.busy_elsewhere():
            refusal = self.tr("The model is writing in another window. Wait until it is done, "
                              "or stop it there, then try again.")
            # After the caller has connected to the job, as every job's signals come.
            QTimer.singleShot(0, self, functools.partial(job.deliver, job.failed, True, refusal))
            return job
        self._start(job, lambda: self._run_generate(job, request))
        self._shared.yields = yields
        self.generation_started.emit(job)
        return job

    def current_load(self) -> LoadJob | None:
        """The model load under way, asked for in whichever window (None if none is)."""
        current = self._shared.current
        if isinstance(current, LoadJob) and current.settings is not None and not current.done:
            return current
        return None

    def busy_elsewhere(self) -> bool:
        """Whether the engine is busy with a request of another window."""
        shared = self._shared
        return (shared.owner is not self and shared.current is not None
                and not shared.current.done and not shared.yields)

    def probe(self) -> None:
        """Ask what llama.cpp can use here, with free memory now (``hardware_found``)."""
        if not self._shared.closed:
            self._shared.threads.spawn(self._run_probe, f"engine-probe-{next(self._shared.ids)}")

    def cancel(self, job: Job) -> None:
        """Stop ``job`` if it is the request in flight (``Job.cancel`` calls this)."""
        if job is self._shared.current:
            self.engine.cancel()

    def is_busy(self) -> bool:
        """Whether any window's request runs."""
        return self._shared.threads.busy()

    def is_idle(self) -> bool:
        """No request runs, and what every request reported has been emitted."""
        return self._shared.threads.idle()

    def shutdown(self, timeout_s: float = 10.0) -> None:
        """This window is done: its request in flight stops and it hears nothing more. The
        last window's service stops everything and waits for the worker threads; the engine
        process ends.

        The engine is closed first: that ends the request in flight (killing an engine that
        does not answer), and requests still waiting for their turn fail instead of
        starting a new engine.
        """
        shared = self._shared
        if self._closed:
            return
        self._closed = True
        shared.services.remove(self)
        if shared.services:
            if shared.owner is self and shared.current is not None:
                shared.current.abandon()
            return
        shared.closed = True
        shared.engine.close()
        shared.threads.join(timeout_s)

    def _start(self, job: Job, target: Callable[[], None]) -> None:
        shared = self._shared
        shared.engine.cancel()
        shared.current, shared.owner, shared.yields = job, self, False
        if not shared.closed:
            shared.threads.spawn(target, f"engine-job-{next(shared.ids)}")

    def _post(self, job: Job, signal: SignalInstance, *args: object) -> None:
        self._shared.threads.post(job.deliver, signal, False, *args)

    def _post_last(self, job: Job, signal: SignalInstance, *args: object) -> None:
        self._shared.threads.post(job.deliver, signal, True, *args)

    def _announce_model(self, info: ModelInfo) -> None:
        """Every window hears of the model the engine has now (from a worker thread)."""
        for service in list(self._shared.services):
            self._shared.threads.post(service.model_loaded.emit, info)

    def _run_load(self, job: LoadJob, events: Callable[[], Iterator[Event]]) -> None:
        try:
            for event in events():
                if isinstance(event, LoadProgress):
                    self._post(job, job.progressed, event.fraction)
                elif isinstance(event, ModelLoaded):
                    self._announce_model(event.info)
                    self._post_last(job, job.loaded, event.info)
        except Exception as exc:  # every failure reaches the window as a message
            self._post_last(job, job.failed,
                            describe_failure(exc, self.tr("The model could not be loaded")))

    def _run_probe(self) -> None:
        try:
            backend = self.engine.probe(refresh=True)
        except Exception as exc:  # the status bar says so; loading will say more
            log.warning("the engine could not be asked about the hardware: %s", exc)
            return
        for service in list(self._shared.services):
            self._shared.threads.post(service.hardware_found.emit, backend)

    def _run_generate(self, job: GenerationJob, request: GenerationRequest) -> None:
        try:
            for event in self.engine.generate(request):
                if isinstance(event, Chunk):
                    if not event.held:  # it has no text and no tokens
                        self._post(job, job.chunk_received, event.text, event.tokens)
                    self._post(job, job.chunk_arrived, event)
                elif isinstance(event, PromptProgress):
                    self._post(job, job.prompt_progressed, event.done, event.total)
                elif isinstance(event, LoadProgress):
                    self._post(job, job.reload_progressed, event.fraction)
                elif isinstance(event, ModelLoaded):
                    self._announce_model(event.info)
                elif isinstance(event, Finished):
                    self._post(job, job.drafts_finished, event.drafts)
                    self._post_last(job, job.finished, event.reason, event.stats)
        except Exception as exc:  # every failure reaches the window as a message
            self._post_last(job, job.failed,
                            describe_failure(exc, self.tr("Something went wrong in the engine")))
