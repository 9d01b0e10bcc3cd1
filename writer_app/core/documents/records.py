"""What the app keeps per document in a folder of its data folder (notes, marks): one
JSON file a document, named by the document's key, written atomically; past
``MAX_DOCUMENTS`` the files written longest ago go."""

from __future__ import annotations

import logging
from pathlib import Path

from writer_app.core.documents.files import DocumentError, write_atomic
from writer_app.core.i18n import Message, message, message_of

log = logging.getLogger(__name__)

MAX_DOCUMENTS = 1000


def _written(path: Path) -> float:
    try:
        return path.stat().st_mtime
    except OSError:
        return 0.0


class DocumentRecords:
    """The files of one kind (``what``, for the log: "notes") in ``folder``."""

    def __init__(self, folder: Path, what: str) -> None:
        self._folder = folder
        self._what = what

    def _file(self, key: str) -> Path:
        return self._folder / f"{key}.json"

    def _keep(self, key: str, encoded: bytes, failed: str) -> Message | None:
        """Write ``key``'s file; None, or ``failed`` (a translatable text with a
        ``{reason}``) for the writer when it could not be written."""
        try:
            self._folder.mkdir(parents=True, exist_ok=True)
            write_atomic(self._file(key), encoded)
        except (OSError, DocumentError) as exc:
            log.warning("the %s %s could not be written: %s", self._what, key, exc)
            return message(failed, reason=message_of(exc))
        self._prune()
        return None

    def clear(self, key: str) -> None:
        """Remove ``key``'s file (a failure is logged: the file is only kept data)."""
        try:
            self._file(key).unlink(missing_ok=True)
        except OSError as exc:
            log.warning("the %s %s could not be removed: %s", self._what, key, exc)

    def _prune(self) -> None:
        try:
            files = list(self._folder.glob("*.json"))
        except OSError:
            return
        if len(files) <= MAX_DOCUMENTS:
            return
        files.sort(key=_written)
        for path in files[:len(files) - MAX_DOCUMENTS]:
            self.clear(path.stem)
