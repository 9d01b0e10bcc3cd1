"""Short-lived worker threads, remembered until they end so a shutdown can join them."""

from __future__ import annotations

import threading
from collections.abc import Callable


class TrackedThreads:
    """Starts daemon threads and keeps each until its target returns."""

    def __init__(self) -> None:
        self._threads: set[threading.Thread] = set()
        self._lock = threading.Lock()

    def spawn(self, target: Callable[[], None], name: str) -> None:
        def run() -> None:
            try:
                target()
            finally:
                with self._lock:
                    self._threads.discard(threading.current_thread())

        thread = threading.Thread(target=run, name=name, daemon=True)
        with self._lock:
            self._threads.add(thread)
        thread.start()

    def busy(self) -> bool:
        with self._lock:
            return any(thread.is_alive() for thread in self._threads)

    def join(self, timeout_s: float) -> None:
        """Wait for every thread started so far (each up to ``timeout_s``)."""
        with self._lock:
            threads = list(self._threads)
        for thread in threads:
            thread.join(timeout_s)
