"""Which writer-app has a document open: lock files kept in the app's own data folder.

A lock is never written next to the writer's file (it would show up in their folders and
in their version control). A lock whose owner is gone (killed, crashed, a container that
reused the process id) is stale and is taken over without a word. A lock carries its
computer's name: one written on another computer (the data folder on a shared drive) is
held, since whether its writer-app still runs cannot be told from here. A lock is read as
untrusted (``core.untrusted``): one that cannot be used is set aside, so the lock written
in its place is a fresh one that the next window can read.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import logging
import os
import socket
import uuid
from dataclasses import dataclass
from pathlib import Path

from writer_app.core.documents.files import DocumentError, write_atomic
from writer_app.core.documents.recovery import MAX_PID, SESSION, process_started, session_alive
from writer_app.core.untrusted import (
    UntrustedError,
    moment,
    read_json_object,
    set_aside,
    text,
    whole,
)

log = logging.getLogger(__name__)

HOST = socket.gethostname()
"""This computer, as the locks written here name it."""
MAX_LOCK_BYTES = 64 * 1024


@dataclass(frozen=True)
class LockOwner:
    """The writer-app that holds a document open."""

    pid: int
    session: str
    started: float
    owner: str
    host: str = ""
    """The computer it runs on ("" in a lock from a version that did not say)."""

    @property
    def elsewhere(self) -> bool:
        """True when it runs on another computer than this one."""
        return bool(self.host) and self.host != HOST

    @classmethod
    def read(cls, file: Path) -> LockOwner:
        """The owner named by the lock ``file``; ``UntrustedError`` says why it cannot
        be used."""
        data = read_json_object(file, MAX_LOCK_BYTES)
        return cls(whole(data, "pid", 1, MAX_PID), text(data, "session"),
                   moment(data, "started"), text(data, "owner"),
                   text(data, "host") if "host" in data else "")


class DocumentLock:
    """One window's hold on the document it has open (at most one at a time)."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self._owner = uuid.uuid4().hex
        self._held: Path | None = None

    def _file(self, document: Path) -> Path:
        key = hashlib.sha256(str(document.resolve()).encode("utf-8", "surrogateescape"))
        return self.folder / f"{key.hexdigest()[:32]}.lock"

    def holder(self, document: Path) -> LockOwner | None:
        """Another live writer-app window that has ``document`` open, if any: one on
        another computer counts as live."""
        file = self._file(document)
        try:
            owner = LockOwner.read(file)
        except FileNotFoundError:
            return None
        except UntrustedError as exc:
            log.warning("the lock %s of %s cannot be used: %s", file, document, exc)
            set_aside(file)
            return None
        if owner.owner == self._owner:
            return None
        if owner.elsewhere:
            return owner
        return owner if session_alive(owner.pid, owner.session, owner.started) else None

    def acquire(self, document: Path) -> LockOwner | None:
        """Hold ``document`` (releasing what was held); returns the live other holder
        instead when there is one, holding nothing."""
        other = self.holder(document)
        if other is not None:
            return other
        self.release()
        # A fresh file, not the old one replaced: write_atomic keeps a file's permissions,
        # and a stale lock that no one may read would warn no one of this one.
        with contextlib.suppress(OSError):
            self._file(document).unlink()
        record = {"pid": os.getpid(), "session": SESSION, "started": process_started(),
                  "owner": self._owner, "host": HOST, "path": str(document)}
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            write_atomic(self._file(document), json.dumps(record).encode("utf-8"))
        except (OSError, DocumentError) as exc:
            log.warning("could not lock %s: %s", document, exc)
            return None
        self._held = self._file(document)
        return None

    def take_over(self, document: Path) -> None:
        """Hold ``document`` even though another window does (the writer said so)."""
        self.release()
        with contextlib.suppress(OSError):
            self._file(document).unlink()
        self.acquire(document)

    def release(self) -> None:
        if self._held is None:
            return
        with contextlib.suppress(OSError, UntrustedError):
            if LockOwner.read(self._held).owner == self._owner:
                self._held.unlink()
        self._held = None
