"""Background work for the GUI: jobs whose signals are emitted on the GUI thread.

A job is a QObject of the GUI thread whose signals carry the events of one piece of work
and nothing else, so whoever starts it connects to that job and never filters by id
(superqt's ``GeneratorWorker`` is the model). The work runs on a short-lived worker thread
that never calls into Qt: it ``post``s plain calls, and a timer in the GUI thread runs
them, so every signal is emitted (and every slot runs) on the GUI thread, in the order
the worker reported. Only plain Python values cross threads.

``call_in_thread`` runs one function that way and returns its ``FunctionJob``; the
services build their own jobs (``LoadJob``, ``DownloadJob``…) on ``TrackedThreads``.
"""

from __future__ import annotations

import threading
import time
from collections import deque
from collections.abc import Callable
from typing import Any, ClassVar

from PySide6.QtCore import QCoreApplication, QObject, QTimer, Signal, SignalInstance, Slot

from writer_app.core.errors import describe_failure

RELAY_INTERVAL_MS = 5


class TrackedThreads(QObject):
    """Starts daemon threads, keeps each until it ends, and relays its calls to the GUI."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._threads: set[threading.Thread] = set()
        self._lock = threading.Lock()
        self._calls: deque[tuple[Callable[..., Any], tuple[Any, ...]]] = deque()
        self._timer = QTimer(self)
        self._timer.setInterval(RELAY_INTERVAL_MS)
        self._timer.timeout.connect(self._on_timer_timeout)

    def spawn(self, target: Callable[[], None], name: str) -> None:
        """Run ``target`` on a new thread (call from the GUI thread)."""

        def run() -> None:
            try:
                target()
            finally:
                with self._lock:
                    self._threads.discard(threading.current_thread())

        thread = threading.Thread(target=run, name=name, daemon=True)
        with self._lock:
            self._threads.add(thread)
        self._timer.start()
        thread.start()

    def post(self, function: Callable[..., Any], *args: Any) -> None:
        """Have the GUI thread call ``function(*args)`` soon (safe from any thread)."""
        self._calls.append((function, args))

    def busy(self) -> bool:
        with self._lock:
            return any(thread.is_alive() for thread in self._threads)

    def idle(self) -> bool:
        """No thread runs, and every call they posted has been made."""
        return not self.busy() and not self._calls

    def join(self, timeout_s: float) -> None:
        """Wait (``timeout_s`` in all) for every thread started so far, then deliver what
        they posted."""
        with self._lock:
            threads = list(self._threads)
        deadline = time.monotonic() + timeout_s
        for thread in threads:
            thread.join(max(0.0, deadline - time.monotonic()))
        self._deliver()

    def _deliver(self) -> None:
        while self._calls:
            function, args = self._calls.popleft()
            function(*args)

    @Slot()
    def _on_timer_timeout(self) -> None:
        self._deliver()
        if self.idle():
            self._timer.stop()


class Job(QObject):
    """One piece of background work, created in the GUI thread; its signals are emitted
    there. The last signal a job emits ends it (``done``); each kind of job says which
    signals can be last."""

    # Fires once when the work could not be done, with a message for the writer: a str,
    # or a core Message that keeps its template for the translation (a str would not).
    failed = Signal(object)

    def __init__(self, stop: Callable[[], None] | None = None) -> None:
        """``stop`` asks the work to stop (it sets a flag the work checks); without it
        the work cannot be cancelled."""
        super().__init__()
        self._stop = stop
        self._abandoned = False
        self._done = False

    @property
    def done(self) -> bool:
        """Whether the job has ended (emitted its last signal, or been abandoned)."""
        return self._done or self._abandoned

    def cancel(self) -> None:
        """Ask the work to stop, if it can; the job still ends with its own last signal."""
        if not self.done and self._stop is not None:
            self._stop()

    def abandon(self) -> None:
        """Cancel, and hear nothing more from this job."""
        self.cancel()
        self._abandoned = True

    def deliver(self, signal: SignalInstance, last: bool, *args: object) -> None:
        """Emit ``signal`` (the job's ``last`` one if so) unless the job was abandoned;
        only the GUI thread calls this."""
        if self._abandoned:
            return
        self._done = self._done or last
        signal.emit(*args)


class FunctionJob(Job):
    """One function run on a worker thread: ``returned`` or ``failed``, then ``finished``.

    The job keeps itself alive until its work has ended, so a caller may drop it (superqt
    keeps its workers in a set the same way). ``cancel()`` only calls the ``stop`` it was
    given: the function ends when it sees that, and the job still ends with ``finished``.
    """

    # Fires once, if the function returned, with what it returned.
    returned = Signal(object)
    # ``failed`` fires once instead of ``returned`` if the function raised: a WriterError's
    # own message, else the job's ``failure`` sentence (the error is logged as a bug).
    # Fires once, always last: after ``returned`` or ``failed``.
    finished = Signal()

    _running: ClassVar[set[FunctionJob]] = set()
    # The threads of jobs that belong to no service, like Qt's global thread pool: not
    # the job's own, which would be deleted with it while relaying its last call.
    _shared: ClassVar[TrackedThreads | None] = None

    def __init__(self, function: Callable[[], object], *, failure: str,
                 stop: Callable[[], None] | None = None,
                 threads: TrackedThreads | None = None) -> None:
        """``failure`` says what failed when the function raises something other than a
        WriterError; ``threads`` (a service's, joined when it shuts down) runs the job,
        else it runs on a thread of the application's."""
        super().__init__(stop)
        self._function = function
        self._failure = failure
        if threads is None:
            if FunctionJob._shared is None:
                FunctionJob._shared = TrackedThreads(QCoreApplication.instance())
            threads = FunctionJob._shared
        self._threads = threads

    def start(self, name: str) -> None:
        """Call the function on a new thread called ``name``."""
        FunctionJob._running.add(self)
        self._threads.spawn(self._run, name)

    def _run(self) -> None:
        try:
            result = self._function()
        except Exception as exc:  # the listener shows it; describe_failure logs bugs
            self._report_failure(exc, describe_failure(exc, self._failure))
        else:
            self._threads.post(self.deliver, self.returned, False, result)
        self._threads.post(self._finish)

    def _report_failure(self, _exc: Exception, message: str) -> None:
        """Have ``failed`` say ``message`` (on the worker thread: only ``post`` here); a
        kind of job that tells some failures apart says so first."""
        self._threads.post(self.deliver, self.failed, False, message)

    def _finish(self) -> None:
        try:
            self.deliver(self.finished, True)
        finally:
            FunctionJob._running.discard(self)


def call_in_thread(function: Callable[[], object], name: str, *, failure: str,
                   stop: Callable[[], None] | None = None,
                   threads: TrackedThreads | None = None) -> FunctionJob:
    """Start calling ``function`` on a worker thread called ``name``; connect to the
    returned job's signals before control goes back to the event loop (they are emitted
    there, never sooner). See ``FunctionJob`` for the rest."""
    job = FunctionJob(function, failure=failure, stop=stop, threads=threads)
    job.start(name)
    return job
