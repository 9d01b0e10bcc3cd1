"""Unsaved text kept safe: recovery records written while the writer works.

Each window writes its unsaved text to ``recovery/<key>.json`` (atomically) a couple of
seconds after the last change, at least every few seconds while typing goes on, and when
the window loses focus. Saving or discarding the document removes the record. After a
crash or a kill, the next start finds the records whose session is gone and offers them
back. A session is its process id, the process's start time and a random id: in
containers and sandboxes process ids repeat from one run to the next. A record is read as
untrusted (``core.untrusted``): one that cannot be used is set aside and reported once,
and the others are still offered.
"""

from __future__ import annotations

import codecs
import json
import logging
import os
import time
import uuid
from dataclasses import asdict, dataclass
from pathlib import Path

import psutil

from writer_app.core.documents.files import TextFormat, write_atomic
from writer_app.core.i18n import QT_TRANSLATE_NOOP, Message, message, message_of
from writer_app.core.untrusted import (
    UntrustedError,
    moment,
    read_json_object,
    set_aside,
    text,
    whole,
)

log = logging.getLogger(__name__)

SESSION = uuid.uuid4().hex
"""This run of writer-app: records and locks carrying it belong to a live window."""
MAX_PID = 2**31 - 1
"""The largest process id every platform's process calls accept."""
MAX_RECORD_BYTES = 1 << 30
NEWLINES = ("\n", "\r\n", "\r")


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
    markdown: bool = False
    """An unsaved document written in Markdown (a draft from a brief)."""

    @property
    def text_format(self) -> TextFormat:
        return TextFormat(self.encoding, self.newline)

    @property
    def name(self) -> str:
        """The file's name; "" for a document that was never saved."""
        return Path(self.path).name if self.path else ""

    @classmethod
    def read(cls, file: Path) -> Recovered:
        """The record in ``file``, its key its name; ``UntrustedError`` says why it cannot
        be used."""
        data = read_json_object(file, MAX_RECORD_BYTES)
        encoding, newline = text(data, "encoding"), text(data, "newline")
        try:
            codecs.lookup(encoding)
        except LookupError:
            raise UntrustedError(message(QT_TRANSLATE_NOOP(
                "core", "it names an unknown encoding, {encoding}"), encoding=encoding)
                ) from None
        if newline not in NEWLINES:
            raise UntrustedError(message(QT_TRANSLATE_NOOP("core", "it names no known line end")))
        return cls(key=file.stem, path=text(data, "path"), text=text(data, "text"),
                   encoding=encoding, newline=newline, saved_at=moment(data, "saved_at"),
                   pid=whole(data, "pid", 1, MAX_PID),
                   session=text(data, "session") if "session" in data else "",
                   started=moment(data, "started") if "started" in data else 0.0,
                   markdown=data.get("markdown") is True)


@dataclass(frozen=True)
class Orphans:
    """Records left by sessions that are no longer running, newest first, and the
    records that could not be used (set aside), in words for the writer."""

    records: list[Recovered]
    problems: list[Message]


class RecoveryStore:
    """Recovery records in one folder."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def _file(self, key: str) -> Path:
        return self.folder / f"{key}.json"

    def save(self, key: str, path: Path | None, text: str, text_format: TextFormat, *,
             markdown: bool = False) -> None:
        """Write (or replace) the record of one window's unsaved text (``markdown``: an
        unsaved document written in Markdown)."""
        record = Recovered(key, str(path) if path else "", text, text_format.encoding,
                           text_format.newline, time.time(), os.getpid(), SESSION,
                           process_started(), markdown)
        self.folder.mkdir(parents=True, exist_ok=True)
        write_atomic(self._file(key), json.dumps(asdict(record), ensure_ascii=False)
                     .encode("utf-8"))

    def remove(self, key: str) -> None:
        self._file(key).unlink(missing_ok=True)

    def orphans(self) -> list[Recovered]:
        """Records left by sessions that are no longer running, newest first."""
        return self.survey().records

    def survey(self) -> Orphans:
        """The records left by sessions that are no longer running, and those that
        cannot be used: each of these is set aside, so it is reported once."""
        found, problems = [], []
        try:
            files = sorted(self.folder.glob("*.json"))
        except OSError as exc:
            log.warning("the recovery folder %s cannot be read: %s", self.folder, exc)
            files = []
        for file in files:
            try:
                record = Recovered.read(file)
            except FileNotFoundError:
                continue  # its window saved or closed meanwhile
            except UntrustedError as exc:
                aside = set_aside(file)
                problems.append(message(QT_TRANSLATE_NOOP(
                    "core", "A record of unsaved text could not be read ({reason}). It is "
                    "kept as {name} in the app's data folder."), reason=message_of(exc),
                    name=aside.name))
                continue
            if session_alive(record.pid, record.session, record.started):
                continue  # a running writer-app (this one, or another) owns it
            found.append(record)
        return Orphans(sorted(found, key=lambda r: -r.saved_at), problems)


def _is_writer_app(pid: int) -> bool:
    try:
        command = " ".join(psutil.Process(pid).cmdline())
    except (psutil.Error, OSError):
        return False
    return "writer" in command
