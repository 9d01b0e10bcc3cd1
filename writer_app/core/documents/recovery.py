"""Unsaved text kept safe: recovery records written while the writer works.

Each window writes its unsaved text to ``recovery/<key>.json`` (atomically) a couple of
seconds after the last change, at least every few seconds while typing goes on, and when
the window loses focus. Saving or discarding the document removes the record. After a
crash or a kill, the next start finds the records whose session is gone and offers them
back. A session is its process id, the process's start time and a random id: in
containers and sandboxes process ids repeat from one run to the next.
"""

from __future__ import annotations

import datetime
import json
import logging
import os
import time
import uuid
from dataclasses import asdict, dataclass
from pathlib import Path

import psutil

from writer_app.core.documents.files import TextFormat, write_atomic

log = logging.getLogger(__name__)

SESSION = uuid.uuid4().hex
"""This run of writer-app: records and locks carrying it belong to a live window."""


def process_started(pid: int | None = None) -> float:
    """When process ``pid`` (this one by default) started, 0.0 if it cannot be told."""
    try:
        return float(psutil.Process(pid).create_time())
    except (psutil.Error, OSError):
        return 0.0


def session_alive(pid: int, session: str, started: float) -> bool:
    """True when the writer-app session that wrote a record or a lock still runs."""
    if session == SESSION:
        return True
    if pid == os.getpid() or not psutil.pid_exists(pid):
        return False
    if started:  # the same process, not a later one that was given its id
        return abs(process_started(pid) - started) < 1.0
    return _is_writer_app(pid)


@dataclass(frozen=True)
class Recovered:
    """Unsaved text from an earlier session."""

    key: str
    path: str
    text: str
    encoding: str
    newline: str
    saved_at: float
    pid: int
    session: str = ""
    started: float = 0.0

    @property
    def text_format(self) -> TextFormat:
        return TextFormat(self.encoding, self.newline)

    @property
    def name(self) -> str:
        return Path(self.path).name if self.path else "Untitled"

    @property
    def label(self) -> str:
        """For a list of records: two of one file differ by time and length."""
        when = datetime.datetime.fromtimestamp(self.saved_at).strftime("%Y-%m-%d %H:%M:%S")
        return f"{self.name} · autosaved {when} · {len(self.text):,} characters"


class RecoveryStore:
    """Recovery records in one folder."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def _file(self, key: str) -> Path:
        return self.folder / f"{key}.json"

    def save(self, key: str, path: Path | None, text: str, text_format: TextFormat) -> None:
        """Write (or replace) the record of one window's unsaved text."""
        record = Recovered(key, str(path) if path else "", text, text_format.encoding,
                           text_format.newline, time.time(), os.getpid(), SESSION,
                           process_started())
        self.folder.mkdir(parents=True, exist_ok=True)
        write_atomic(self._file(key), json.dumps(asdict(record), ensure_ascii=False)
                     .encode("utf-8"))

    def remove(self, key: str) -> None:
        self._file(key).unlink(missing_ok=True)

    def orphans(self) -> list[Recovered]:
        """Records left by sessions that are no longer running, newest first."""
        found = []
        for file in self.folder.glob("*.json"):
            try:
                record = Recovered(**json.loads(file.read_text(encoding="utf-8")))
            except (OSError, ValueError, TypeError):
                log.warning("unreadable recovery record %s", file)
                continue
            if session_alive(record.pid, record.session, record.started):
                continue  # a running writer-app (this one, or another) owns it
            found.append(record)
        return sorted(found, key=lambda r: -r.saved_at)


def _is_writer_app(pid: int) -> bool:
    try:
        command = " ".join(psutil.Process(pid).cmdline())
    except (psutil.Error, OSError):
        return False
    return "writer" in command
