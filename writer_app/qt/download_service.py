"""DownloadService: model downloads and Hub queries on worker threads, reported as signals
emitted in the GUI thread.

Downloads are keyed by their first file (``repo/file``), or for a catalog model, whose
files are known only once its repository has been listed, by ``repo/QUANTIZATION``.
``shutdown()`` pauses every download, so what was fetched stays on disk and resumes next
time, and joins the threads. A source that cannot be reached at all is reported by
``unreachable`` too, so a dialog can offer the other ways to a model.
"""

from __future__ import annotations

import itertools
import logging
import threading
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, Signal

from writer_app.core.errors import WriterError, describe_failure
from writer_app.core.sources.catalog import CatalogModel
from writer_app.core.sources.download import Control, Downloader, Outcome, Progress
from writer_app.core.sources.hub import HubSettings, RemoteFile, SourceUnreachable
from writer_app.core.sources.resolution import catalog_repo, resolve
from writer_app.qt.jobs import TrackedThreads

log = logging.getLogger(__name__)


def download_key(files: Sequence[RemoteFile]) -> str:
    return f"{files[0].repo}/{files[0].filename}"


def catalog_key(model: CatalogModel, hub: HubSettings) -> str:
    """The key of a catalog model's download from the source of ``hub``."""
    try:
        repo = catalog_repo(model, hub)
    except WriterError:
        repo = model.repo
    return f"{repo}/{model.quantization}"


class DownloadService(QObject):
    """Runs downloads and Hub queries; one thread each."""

    progressed = Signal(str, object)
    finished = Signal(str, object)
    paused = Signal(str)
    cancelled = Signal(str)
    # Messages are objects: a core Message keeps its template for the translation.
    failed = Signal(str, object)
    unreachable = Signal(str, object)
    query_finished = Signal(int, object)
    query_failed = Signal(int, object)

    def __init__(self, hub: HubSettings, models_dir: Path,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.hub = hub
        self.models_dir = models_dir
        self._controls: dict[str, Control] = {}
        self._threads = TrackedThreads(self)
        self._lock = threading.Lock()
        self._queries = itertools.count(1)

    def is_downloading(self, key: str) -> bool:
        with self._lock:
            return key in self._controls

    def download(self, files: Sequence[RemoteFile]) -> str:
        """Start (or resume) downloading ``files``; returns the download's key."""
        chosen = list(files)
        return self._start(download_key(chosen), lambda: chosen)

    def download_model(self, model: CatalogModel) -> str:
        """List the repository of a catalog model on the current source, then download the
        file (or split set) of its quantization; returns the download's key."""
        hub = self.hub
        return self._start(catalog_key(model, hub), lambda: list(resolve(model, hub).files))

    def _start(self, key: str, files: Callable[[], list[RemoteFile]]) -> str:
        with self._lock:
            if key in self._controls:
                return key
            control = self._controls[key] = Control()
        self._threads.spawn(lambda: self._run_download(key, files, control),
                            f"download {key}")
        return key

    def pause(self, key: str) -> None:
        with self._lock:
            control = self._controls.get(key)
        if control is not None:
            control.pause()

    def cancel(self, key: str) -> None:
        with self._lock:
            control = self._controls.get(key)
        if control is not None:
            control.cancel()

    def query(self, work: Callable[[], Any]) -> int:
        """Run ``work`` (a Hub search or listing) off the GUI thread; returns its id."""
        query = next(self._queries)

        def run() -> None:
            try:
                result = work()
            except Exception as exc:  # every failure reaches the dialog as a message
                message = describe_failure(exc, self.tr("The Hub request failed"))
                log.warning("query %d failed: %s", query, message)
                self._threads.post(self.query_failed.emit, query, message)
            else:
                self._threads.post(self.query_finished.emit, query, result)

        self._threads.spawn(run, f"hub query {query}")
        return query

    def shutdown(self, timeout_s: float = 10.0) -> None:
        """Pause every download (keeping its bytes) and wait for the threads."""
        with self._lock:
            for control in self._controls.values():
                control.pause()
        self._threads.join(timeout_s)

    def _run_download(self, key: str, files: Callable[[], list[RemoteFile]],
                      control: Control) -> None:
        downloader = Downloader(self.hub, self.models_dir)
        try:
            outcome, paths = downloader.download(
                files(), control, lambda progress: self._on_progress(key, progress))
        except Exception as exc:  # every failure reaches the dialog as a message
            self._forget(key)
            message = describe_failure(exc, self.tr("The download failed"))
            log.warning("download %s failed: %s", key, message)
            if isinstance(exc, SourceUnreachable):
                self._threads.post(self.unreachable.emit, key, message)
            self._threads.post(self.failed.emit, key, message)
            return
        self._forget(key)
        if outcome is Outcome.DONE:
            self._threads.post(self.finished.emit, key, paths[0])
        elif outcome is Outcome.PAUSED:
            self._threads.post(self.paused.emit, key)
        else:
            self._threads.post(self.cancelled.emit, key)

    def _on_progress(self, key: str, progress: Progress) -> None:
        self._threads.post(self.progressed.emit, key, progress)

    def _forget(self, key: str) -> None:
        with self._lock:
            self._controls.pop(key, None)
