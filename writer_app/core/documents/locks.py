"""Which writer-app has a document open: lock files kept in the app's own data folder.

A lock is never written next to the writer's file (it would show up in their folders and
in their version control). A lock whose owner is gone (killed, crashed, a container that
reused the process id) is stale and is taken over without a word.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import logging
import os
import uuid
from dataclasses import dataclass
from pathlib import Path

from writer_app.core.documents.files import DocumentError, write_atomic
from writer_app.core.documents.recovery import SESSION, process_started, session_alive

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class LockOwner:
    """The writer-app that holds a document open."""

    pid: int
    session: str
    started: float
    owner: str


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
        """Another live writer-app window that has ``document`` open, if any."""
        try:
            record = json.loads(self._file(document).read_text(encoding="utf-8"))
            owner = LockOwner(int(record["pid"]), str(record["session"]),
                              float(record["started"]), str(record["owner"]))
        except (OSError, ValueError, KeyError, TypeError):
            return None
        if owner.owner == self._owner:
            return None
        return owner if session_alive(owner.pid, owner.session, owner.started) else None

    def acquire(self, document: Path) -> LockOwner | None:
        """Hold ``document`` (releasing what was held); returns the live other holder
        instead when there is one, holding nothing."""
        other = self.holder(document)
        if other is not None:
            return other
        self.release()
        record = {"pid": os.getpid(), "session": SESSION, "started": process_started(),
                  "owner": self._owner, "path": str(document)}
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
        with contextlib.suppress(OSError, ValueError):
            record = json.loads(self._held.read_text(encoding="utf-8"))
            if record.get("owner") == self._owner:
                self._held.unlink()
        self._held = None
