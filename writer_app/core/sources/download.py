"""Resumable, verified model downloads built on huggingface_hub's public pieces.

huggingface_hub's own ``hf_hub_download`` deletes a partial file when a download fails
or is cancelled, so writer-app downloads into its own models folder with ranged requests
instead, keeping huggingface_hub's endpoint, auth headers, offline mode and HTTP client:

- ``NAME.gguf.part`` holds the bytes so far and ``NAME.gguf.part.json`` what they belong
  to (repo, file, size, sha256, commit). Pause, a lost connection, a crash or a restart
  all resume from the last byte written; a file changed on the Hub starts over.
- A stalled transfer (no byte for ``stall_timeout_s``) and 5xx answers are retried with
  a backoff; the retry budget refills whenever bytes arrive.
- Free disk space is checked before the first byte.
- File and repository names from a server are checked before anything is written: a
  name that would leave the models folder is refused. No more bytes than the Hub lists
  for a file are written; a server that sends more is stopped and its file deleted.
- The finished file is checked against the sha256 the Hub publishes, then against the
  GGUF header, and only then renamed to its final name: a partial or wrong file is never
  listed as a model. A mismatch deletes it and says so.
"""

from __future__ import annotations

import enum
import hashlib
import json
import logging
import os
import re
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from urllib.parse import urlparse

import httpx2
from huggingface_hub import errors as hub_errors
from huggingface_hub import get_hf_file_metadata, get_session, hf_hub_url

# Documented public API; the package does not list it in utils.__all__.
from huggingface_hub.utils import build_hf_headers  # type: ignore[attr-defined]

from writer_app.core.errors import WriterError
from writer_app.core.i18n import QT_TRANSLATE_NOOP, message, message_of
from writer_app.core.models.fit import disk_free, human_size
from writer_app.core.models.gguf_header import inspect_gguf
from writer_app.core.sources.hub import (
    HubSettings,
    RemoteFile,
    SourceUnreachable,
    configure_proxy,
    describe_http_error,
    is_safe_file_name,
    is_safe_repo_id,
)
from writer_app.core.untrusted import (
    MAX_INT,
    UntrustedError,
    optional_text,
    read_json_object,
    text,
    whole,
)

log = logging.getLogger(__name__)

PART_SUFFIX = ".part"
SIDECAR_SUFFIX = ".part.json"
MAX_SIDECAR_BYTES = 64 * 1024
_CHUNK = 1 << 20
_DISK_MARGIN = 64 * 1024**2
_SHA256 = re.compile(r"^[0-9a-f]{64}$")


class DownloadError(WriterError):
    """A download failed; the message says why and what to do."""


class Outcome(enum.Enum):
    DONE = "done"
    PAUSED = "paused"
    CANCELLED = "cancelled"


@dataclass(frozen=True)
class Progress:
    """Bytes done of total (all parts of a split model), speed and time left."""

    done: int
    total: int
    bytes_per_s: float
    verifying: bool = False

    @property
    def eta_s(self) -> float | None:
        if self.bytes_per_s <= 0:
            return None
        return (self.total - self.done) / self.bytes_per_s

    def describe(self) -> str:
        """``312 MB of 1.04 GB · 8.1 MB/s · 1 min 40 s left``."""
        if self.verifying:
            return f"Checking {human_size(self.total)}…"
        parts = [f"{human_size(self.done)} of {human_size(self.total)}"]
        if self.bytes_per_s > 0:
            parts.append(f"{human_size(self.bytes_per_s)}/s")
        eta = self.eta_s
        if eta is not None:
            minutes, seconds = divmod(int(eta), 60)
            parts.append(f"{minutes} min {seconds} s left" if minutes else f"{seconds} s left")
        return " · ".join(parts)


class Control:
    """Pause or cancel a running download from another thread."""

    def __init__(self) -> None:
        self._paused = threading.Event()
        self._cancelled = threading.Event()

    def pause(self) -> None:
        self._paused.set()

    def cancel(self) -> None:
        self._cancelled.set()

    @property
    def stopped(self) -> Outcome | None:
        if self._cancelled.is_set():
            return Outcome.CANCELLED
        if self._paused.is_set():
            return Outcome.PAUSED
        return None


@dataclass(frozen=True)
class _Sidecar:
    repo: str
    filename: str
    size: int
    sha256: str | None
    commit: str | None


def model_path(models_dir: Path, repo: str, filename: str) -> Path:
    """Where a downloaded file lives: ``models/OWNER--NAME/FILE``, always inside
    ``models_dir``; a name from a server that would leave it is refused."""
    if not is_safe_repo_id(repo):
        raise DownloadError(message(QT_TRANSLATE_NOOP(
            "core", "The server named a repository {repo}, which is not a safe folder name, "
            "so nothing was downloaded. Check the mirror in Settings."), repo=repr(repo)))
    if not is_safe_file_name(filename):
        raise DownloadError(message(QT_TRANSLATE_NOOP(
            "core", "The server listed a file {file}, which is not a safe file name, so "
            "nothing was downloaded. Check the mirror in Settings."), file=repr(filename)))
    return models_dir / repo.replace("/", "--") / filename


class Downloader:
    """Downloads one model's files (several for a split model) into ``models_dir``."""

    def __init__(self, settings: HubSettings, models_dir: Path, *,
                 stall_timeout_s: float = 30.0, retries: int = 5,
                 backoff_s: float = 1.0) -> None:
        self.settings = settings
        configure_proxy(settings.proxy)
        self.models_dir = models_dir
        self.stall_timeout_s = stall_timeout_s
        self.retries = retries
        self.backoff_s = backoff_s

    def download(self, files: Sequence[RemoteFile], control: Control,
                 on_progress: Callable[[Progress], None]) -> tuple[Outcome, list[Path]]:
        """Fetch ``files``; returns DONE with their paths, or PAUSED/CANCELLED."""
        if self.settings.is_offline:
            raise DownloadError(str(describe_http_error(
                hub_errors.OfflineModeIsEnabled(), "", self.settings)))
        total = sum(f.size for f in files)
        targets = [model_path(self.models_dir, f.repo, f.filename) for f in files]
        self._check_disk(files, targets)
        meter = _Meter(total, sum(_part_size(t) if not t.exists() else t.stat().st_size
                                  for t in targets), on_progress)
        for remote, target in zip(files, targets, strict=True):
            if target.exists():
                continue
            outcome = self._fetch(remote, target, control, meter)
            if outcome is Outcome.CANCELLED:
                for other in targets:
                    _remove_partial(other)
                return outcome, []
            if outcome is Outcome.PAUSED:
                return outcome, []
        return Outcome.DONE, targets

    def _check_disk(self, files: Sequence[RemoteFile], targets: list[Path]) -> None:
        needed = sum(f.size - (t.stat().st_size if t.exists() else _part_size(t))
                     for f, t in zip(files, targets, strict=True))
        free = disk_free(self.models_dir)
        if needed + _DISK_MARGIN > free:
            raise DownloadError(message(QT_TRANSLATE_NOOP(
                "core", "Not enough disk space: this model needs {needed} more and {free} are "
                "free on the disk of {folder}. Free some space or choose a smaller model."),
                needed=human_size(needed), free=human_size(free), folder=self.models_dir))

    def _metadata(self, remote: RemoteFile) -> tuple[str, str | None, str | None]:
        """Download URL, sha256 and commit of a file, as huggingface_hub reads them (or as
        the listing of a source with its own addresses, ModelScope, gave them)."""
        if remote.url:
            return remote.url, remote.sha256, None
        url = hf_hub_url(remote.repo, remote.filename, endpoint=self.settings.resolved_endpoint)
        try:
            # No retries here: offline, a person should see why at once (and press Retry),
            # not after half a minute of backoff. The transfer itself is retried below.
            meta = get_hf_file_metadata(url, token=self.settings.token or None,
                                        endpoint=self.settings.resolved_endpoint,
                                        retry_on_errors=False)
        except (hub_errors.HfHubHTTPError, httpx2.HTTPError,
                hub_errors.OfflineModeIsEnabled) as exc:
            error = describe_http_error(exc, f"{remote.repo}/{remote.filename}", self.settings)
            log.warning("metadata of %s/%s failed: %r (%s)", remote.repo, remote.filename,
                        exc, error)
            if isinstance(error, SourceUnreachable):
                raise error from None
            raise DownloadError(str(error)) from None
        sha256 = remote.sha256
        if sha256 is None and meta.etag and _SHA256.match(meta.etag):
            sha256 = meta.etag
        return meta.location or url, sha256, meta.commit_hash

    def _fetch(self, remote: RemoteFile, target: Path, control: Control,
               meter: _Meter) -> Outcome:
        url, sha256, commit = self._metadata(remote)
        part = target.with_name(target.name + PART_SUFFIX)
        sidecar_path = target.with_name(target.name + SIDECAR_SUFFIX)
        sidecar = _Sidecar(remote.repo, remote.filename, remote.size, sha256, commit)
        if read_sidecar(sidecar_path) != sidecar and part.exists():
            log.info("%s changed on the Hub or has no record; starting over", remote.filename)
            meter.add(-part.stat().st_size)
            part.unlink()
        target.parent.mkdir(parents=True, exist_ok=True)
        sidecar_path.write_text(json.dumps(asdict(sidecar)), encoding="utf-8")
        budget = self.retries
        while True:
            stopped = control.stopped
            if stopped is not None:
                return stopped
            offset = part.stat().st_size if part.exists() else 0
            if offset >= remote.size:
                break
            try:
                self._stream(url, part, offset, remote.size, control=control, meter=meter,
                             what=f"{remote.repo}/{remote.filename}")
                budget = self.retries
            except _TooLong:
                part.unlink(missing_ok=True)
                sidecar_path.unlink(missing_ok=True)
                raise DownloadError(message(QT_TRANSLATE_NOOP(
                    "core", "The server sent more than the {size:,} bytes {source} lists for "
                    "{file}, so the download was stopped and deleted. Download it again; if "
                    "this repeats, check the mirror or proxy in Settings."),
                    size=remote.size, source=self.settings.source_name, file=remote.filename)
                ) from None
            except _Retryable as exc:
                written = (part.stat().st_size if part.exists() else 0) - offset
                budget = self.retries if written > 0 else budget - 1
                if budget <= 0:
                    raise DownloadError(message(QT_TRANSLATE_NOOP(
                        "core", "The download of {file} kept failing ({reason}). What was "
                        "downloaded is kept: resume it later."),
                        file=remote.filename, reason=str(exc))) from None
                log.warning("download of %s interrupted (%s); retrying", remote.filename, exc)
                time.sleep(self.backoff_s * (self.retries - budget + 1))
        meter.verifying()
        self._verify(part, sidecar_path, remote, sha256)
        os.replace(part, target)
        sidecar_path.unlink()
        return Outcome.DONE

    def _stream(self, url: str, part: Path, offset: int, size: int, *, control: Control,
                meter: _Meter, what: str) -> None:
        """Append the bytes from ``offset`` to ``part``; raise ``_TooLong`` rather than
        write past ``size``."""
        headers = {"Accept-Encoding": "identity"}
        if urlparse(url).netloc == urlparse(self.settings.resolved_endpoint).netloc:
            headers.update(build_hf_headers(token=self.settings.token or None))
        if offset:
            headers["Range"] = f"bytes={offset}-"
        timeout = httpx2.Timeout(self.stall_timeout_s, connect=self.stall_timeout_s)
        try:
            with get_session().stream("GET", url, headers=headers, timeout=timeout) as response:
                status = response.status_code
                if status >= 500 or status == 429:
                    raise _Retryable(f"the server answered {status}")
                if status in (401, 403, 404):
                    error = hub_errors.HfHubHTTPError(str(status), response=response)
                    raise DownloadError(str(describe_http_error(error, what, self.settings)))
                if status == 416:
                    return
                mode = "ab" if status == 206 else "wb"
                if status != 206 and offset:
                    meter.add(-offset)
                position = offset if status == 206 else 0
                with part.open(mode) as out:
                    for chunk in response.iter_bytes():
                        position += len(chunk)
                        if position > size:
                            raise _TooLong
                        out.write(chunk)
                        meter.add(len(chunk))
                        if control.stopped is not None:
                            return
                    out.flush()
                    os.fsync(out.fileno())
        except httpx2.TimeoutException:
            raise _Retryable(f"no data for {self.stall_timeout_s:.0f} s") from None
        except httpx2.TransportError as exc:
            raise _Retryable(f"connection lost: {type(exc).__name__}") from None
        except OSError as exc:
            if exc.errno == 28:
                raise DownloadError(message(QT_TRANSLATE_NOOP(
                    "core", "The disk is full: free some space and resume the download."))
                ) from None
            raise

    def _verify(self, part: Path, sidecar_path: Path, remote: RemoteFile,
                sha256: str | None) -> None:
        size = part.stat().st_size
        problem = ""
        if size != remote.size:
            problem = message(QT_TRANSLATE_NOOP(
                "core", "it has {size:,} bytes, the source lists {listed:,}"),
                size=size, listed=remote.size)
        elif sha256 is not None:
            digest = hashlib.sha256()
            with part.open("rb") as stream:
                while block := stream.read(_CHUNK):
                    digest.update(block)
            if digest.hexdigest() != sha256:
                problem = message(QT_TRANSLATE_NOOP(
                    "core", "its sha256 does not match the published one"))
        if problem:
            part.unlink()
            sidecar_path.unlink(missing_ok=True)
            raise DownloadError(message(QT_TRANSLATE_NOOP(
                "core", "The downloaded {file} is not the file on {source} ({problem}), so it "
                "was deleted. Download it again; if this repeats, check the mirror or proxy "
                "in Settings."), file=remote.filename, source=self.settings.source_name,
                problem=problem))
        if re.search(r"-0000[2-9]-of-|-000[1-9]\d-of-", remote.filename):
            return  # later parts of a split model have no header of their own
        try:
            inspect_gguf(part)
        except WriterError as exc:
            part.unlink()
            sidecar_path.unlink(missing_ok=True)
            raise DownloadError(message(QT_TRANSLATE_NOOP(
                "core", "The downloaded file is not a usable model: {reason}"),
                reason=message_of(exc))) from None


class _Retryable(Exception):
    """A failure worth another try: a stall, a dropped connection, a 5xx."""


class _TooLong(Exception):
    """The server sent more bytes than the file has."""


class _Meter:
    """Progress over all files, reported at most every 0.2 s."""

    def __init__(self, total: int, done: int, sink: Callable[[Progress], None]) -> None:
        self._total = total
        self._done = done
        self._sink = sink
        self._started = time.monotonic()
        self._start_done = done
        self._last = 0.0
        sink(Progress(done, total, 0.0))

    def add(self, count: int) -> None:
        self._done += count
        now = time.monotonic()
        if now - self._last >= 0.2 or self._done >= self._total:
            self._last = now
            elapsed = now - self._started
            speed = (self._done - self._start_done) / elapsed if elapsed > 0.5 else 0.0
            self._sink(Progress(self._done, self._total, max(speed, 0.0)))

    def verifying(self) -> None:
        self._sink(Progress(self._done, self._total, 0.0, verifying=True))


def _part_size(target: Path) -> int:
    part = target.with_name(target.name + PART_SUFFIX)
    return part.stat().st_size if part.exists() else 0


def read_sidecar(path: Path) -> _Sidecar | None:
    """The record kept beside a partial download; None when there is none or it cannot be
    used (the download then starts over)."""
    try:
        data = read_json_object(path, MAX_SIDECAR_BYTES)
        return _Sidecar(text(data, "repo"), text(data, "filename"),
                        whole(data, "size", 0, MAX_INT), optional_text(data, "sha256"),
                        optional_text(data, "commit"))
    except (OSError, UntrustedError) as exc:
        if not isinstance(exc, FileNotFoundError):
            log.warning("ignoring the download record %s: %s", path, exc)
        return None


def _remove_partial(target: Path) -> None:
    for suffix in (PART_SUFFIX, SIDECAR_SUFFIX):
        target.with_name(target.name + suffix).unlink(missing_ok=True)
