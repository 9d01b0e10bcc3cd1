"""DownloadService: model downloads and Hub queries on worker threads, each a job whose
signals are emitted in the GUI thread (see ``qt/jobs.py``).

A download is known by its first file (``repo/file``), or for a catalog model, whose
files are known only once its repository has been listed, by ``repo/QUANTIZATION``:
asking again for a download in progress returns its job. ``shutdown()`` pauses every
download, so what was fetched stays on disk and resumes next time, and joins the threads.
A source that cannot be reached at all is reported by ``unreachable`` too, so a dialog
can offer the other ways to a model.

New downloads go to ``models_dir``, the download folder the writer chose (the settings
change it for the next download); a download resumed from an earlier folder (the default
one, ``default_dir``, or one chosen before) is resumed where its bytes are.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, Signal, SignalInstance

from writer_app.core.errors import WriterError, describe_failure
from writer_app.core.sources.catalog import CatalogModel
from writer_app.core.sources.download import Control, Downloader, Outcome, Progress
from writer_app.core.sources.hub import HubSettings, RemoteFile, SourceUnreachable
from writer_app.core.sources.resolution import catalog_repo, resolve
from writer_app.qt.jobs import FunctionJob, Job, TrackedThreads

log = logging.getLogger(__name__)


def _catalog_key(model: CatalogModel, hub: HubSettings) -> str:
    try:
        repo = catalog_repo(model, hub)
    except WriterError:
        repo = model.repo
    return f"{repo}/{model.quantization}"


class DownloadJob(Job):
    """One download: ``progressed``…, then ``finished``, ``paused``, ``cancelled`` or
    ``failed``, whichever ends it. ``cancel()`` deletes what was fetched; ``pause()``
    keeps it for later."""

    # Fires as bytes arrive and while the files are verified, with a core Progress.
    progressed = Signal(object)
    # Fires once, last, when every file is downloaded and verified, with the first path.
    finished = Signal(object)
    # Fires once, last, when ``pause()`` has stopped the download (its bytes are kept).
    paused = Signal()
    # Fires once, last, when ``cancel()`` has stopped the download.
    cancelled = Signal()
    # Fires just before ``failed`` when the source could not be reached at all, with the
    # same message.
    unreachable = Signal(object)
    # ``failed`` (see Job) fires once, last, with the reason the download stopped.

    def __init__(self, key: str, control: Control) -> None:
        super().__init__(control.cancel)
        self.key = key
        self._control = control

    def pause(self) -> None:
        """Stop the download, keeping what was fetched; it ends with ``paused``."""
        if not self.done:
            self._control.pause()


class QueryJob(FunctionJob):
    """A Hub search or listing (see ``FunctionJob``)."""

    # Fires just before ``failed`` when the source could not be reached at all, with the
    # same message: the moment to offer the other ways to a model.
    unreachable = Signal(object)

    def _report_failure(self, exc: Exception, message: str) -> None:
        if isinstance(exc, SourceUnreachable):
            self._threads.post(self.deliver, self.unreachable, False, message)
        super()._report_failure(exc, message)


class DownloadService(QObject):
    """Runs downloads and Hub queries; one thread each."""

    def __init__(self, hub: HubSettings, models_dir: Path,
                 parent: QObject | None = None, *, default_dir: Path | None = None) -> None:
        super().__init__(parent)
        self.hub = hub
        self.models_dir = models_dir
        self.default_dir = default_dir or models_dir
        self._jobs: dict[str, DownloadJob] = {}
        self._threads = TrackedThreads(self)

    @property
    def own_dirs(self) -> tuple[Path, ...]:
        """The app's own models folders: the download folder and the default one."""
        return tuple(dict.fromkeys([self.models_dir, self.default_dir]))

    def download(self, files: Sequence[RemoteFile], folder: Path | None = None) -> DownloadJob:
        """Start (or resume) downloading ``files`` into ``folder`` (by default, the
        download folder)."""
        chosen = list(files)
        return self._start(f"{chosen[0].repo}/{chosen[0].filename}", lambda: chosen, folder)

    def download_model(self, model: CatalogModel) -> DownloadJob:
        """List the repository of a catalog model on the current source, then download the
        file (or split set) of its quantization."""
        hub = self.hub
        return self._start(_catalog_key(model, hub), lambda: list(resolve(model, hub).files))

    def _start(self, key: str, files: Callable[[], list[RemoteFile]],
               folder: Path | None = None) -> DownloadJob:
        if key in self._jobs:
            return self._jobs[key]
        control = Control()
        job = self._jobs[key] = DownloadJob(key, control)
        target = folder or self.models_dir  # chosen now: a later change is for later ones
        self._threads.spawn(lambda: self._run_download(job, files, control, target),
                            f"download {key}")
        return job

    def query(self, work: Callable[[], Any]) -> QueryJob:
        """Run ``work`` (a Hub search or listing) off the GUI thread; its job is
        ``returned`` with the answer, or ``failed`` (after ``unreachable`` when no source
        answered), then ``finished``."""
        job = QueryJob(work, failure=self.tr("The Hub request failed"), threads=self._threads)
        job.start("hub query")
        return job

    def shutdown(self, timeout_s: float = 10.0) -> None:
        """Pause every download (keeping its bytes) and wait for the threads."""
        for job in list(self._jobs.values()):
            job.pause()
        self._threads.join(timeout_s)

    def _run_download(self, job: DownloadJob, files: Callable[[], list[RemoteFile]],
                      control: Control, folder: Path) -> None:
        downloader = Downloader(self.hub, folder)
        try:
            outcome, paths = downloader.download(
                files(), control, lambda progress: self._on_progress(job, progress))
        except Exception as exc:  # every failure reaches the dialog as a message
            message = describe_failure(exc, self.tr("The download failed"))
            log.warning("download %s failed: %s", job.key, message)
            if isinstance(exc, SourceUnreachable):
                self._threads.post(job.deliver, job.unreachable, False, message)
            self._threads.post(self._end, job, job.failed, message)
            return
        if outcome is Outcome.DONE:
            self._threads.post(self._end, job, job.finished, paths[0])
        elif outcome is Outcome.PAUSED:
            self._threads.post(self._end, job, job.paused)
        else:
            self._threads.post(self._end, job, job.cancelled)

    def _on_progress(self, job: DownloadJob, progress: Progress) -> None:
        self._threads.post(job.deliver, job.progressed, False, progress)

    def _end(self, job: DownloadJob, signal: SignalInstance, *args: object) -> None:
        if self._jobs.get(job.key) is job:
            del self._jobs[job.key]
        job.deliver(signal, True, *args)
