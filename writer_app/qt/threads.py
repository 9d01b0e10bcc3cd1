"""Short-lived worker threads whose results reach the GUI thread through a queue.

Worker threads never call into Qt: they ``post`` plain calls, and a timer in the GUI
thread runs them, so every signal is emitted (and every slot runs) on the GUI thread and
in the order the workers reported. Only plain Python values cross threads.
"""

from __future__ import annotations

import threading
import time
from collections import deque
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QTimer, Slot

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
