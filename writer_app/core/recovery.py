"""Unsaved text kept safe: recovery records written while the writer works.

Each window writes its unsaved text to ``recovery/<key>.json`` (atomically) a couple of
seconds after the last change and when the window loses focus. Saving or discarding the
document removes the record. After a crash or a kill, the next start finds the records
whose process is gone and offers them back.
"""

from __future__ import annotations

import json
import logging
import os
import time
from dataclasses import asdict, dataclass
from pathlib import Path

import psutil

from writer_app.core.files import TextFormat, write_atomic

log = logging.getLogger(__name__)


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

    @property
    def text_format(self) -> TextFormat:
        return TextFormat(self.encoding, self.newline)

    @property
    def name(self) -> str:
        return Path(self.path).name if self.path else "Untitled"


class RecoveryStore:
    """Recovery records in one folder."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def _file(self, key: str) -> Path:
        return self.folder / f"{key}.json"

    def save(self, key: str, path: Path | None, text: str, text_format: TextFormat) -> None:
        """Write (or replace) the record of one window's unsaved text."""
        record = Recovered(key, str(path) if path else "", text, text_format.encoding,
                           text_format.newline, time.time(), os.getpid())
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
            if record.pid == os.getpid():
                continue  # this session's own text
            if psutil.pid_exists(record.pid) and _is_writer_app(record.pid):
                continue  # another running writer-app owns it
            found.append(record)
        return sorted(found, key=lambda r: -r.saved_at)


def _is_writer_app(pid: int) -> bool:
    try:
        command = " ".join(psutil.Process(pid).cmdline())
    except (psutil.Error, OSError):
        return False
    return "writer" in command
