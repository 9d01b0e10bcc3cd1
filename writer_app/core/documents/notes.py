"""Document notes: the writer's style guide, characters, facts and terms for one document.

The notes go into every prompt for their document, before the document's text
(``core.prompts``). They are kept like the generation history: one small JSON file per
document in the app's data folder, under the history's key (``history.key_for_path`` or
``history.unsaved_key``), never inside or beside the writer's file, and ``move()`` hands an
unsaved document's notes to its file when it is saved. The store is bounded (so many
characters a document, so many documents) and writes atomically. A file is read as
untrusted (``core.untrusted``): one that cannot be used is set aside under another name
and reported, and the notes start empty.
"""

from __future__ import annotations

import dataclasses
import json
import logging
from dataclasses import dataclass
from pathlib import Path

from writer_app.core.documents.records import DocumentRecords
from writer_app.core.i18n import QT_TRANSLATE_NOOP, Message, message, message_of
from writer_app.core.requests import GenerationRequest
from writer_app.core.untrusted import UntrustedError, read_json_object, set_aside, text

log = logging.getLogger(__name__)

SCHEMA_VERSION = 1
MAX_NOTES = 20_000
"""The most characters of notes a document keeps."""
MAX_FILE_BYTES = 6 * MAX_NOTES + 1024
"""Room for ``MAX_NOTES`` characters written as six bytes each (``\u0001``), and the rest."""
WARNING_SHARE = 0.25
"""Notes taking more of the context than this leave little room for the document."""


def with_notes(request: GenerationRequest, notes: str) -> GenerationRequest:
    """``request`` with the document's ``notes``, unless it carries notes of its own: so no
    action, panel or dialog can leave them out of its prompt."""
    if notes.strip() and not request.notes.strip():
        return dataclasses.replace(request, notes=notes)
    return request


@dataclass(frozen=True)
class Notes:
    """A document's notes as read, and why they could not be, if so (for the writer)."""

    text: str
    problem: Message | None = None


class NotesStore(DocumentRecords):
    """Per-document notes in ``folder``. Reading never raises; a failed write is logged
    and returned as a message, never raised into the writer's typing."""

    def __init__(self, folder: Path) -> None:
        super().__init__(folder, "notes")

    def read(self, key: str) -> Notes:
        """The document's notes; empty when it has none or they cannot be read."""
        path = self._file(key)
        try:
            return Notes(text(read_json_object(path, MAX_FILE_BYTES), "notes")[:MAX_NOTES])
        except FileNotFoundError:
            return Notes("")
        except UntrustedError as exc:
            return Notes("", self._set_aside(path, message_of(exc)))

    def write(self, key: str, text: str) -> Message | None:
        """Keep ``text`` (cut to ``MAX_NOTES``) as the document's notes; empty notes remove
        the file. Returns what went wrong, for the writer, or None."""
        if not text.strip():
            self.clear(key)
            return None
        encoded = json.dumps({"version": SCHEMA_VERSION, "notes": text[:MAX_NOTES]},
                             ensure_ascii=False).encode("utf-8")
        return self._keep(key, encoded, QT_TRANSLATE_NOOP(
            "core", "The document's notes could not be saved ({reason}). Copy them "
            "somewhere safe, and check that the disk has room."))

    def move(self, old: str, new: str) -> None:
        """Give ``old``'s notes to ``new`` (an unsaved document saved, or renamed); the
        notes the writer had open win over any that ``new`` had before."""
        if old == new:
            return
        moved = self.read(old).text
        if moved.strip():
            self.write(new, moved)
        self.clear(old)

    @staticmethod
    def _set_aside(path: Path, reason: str) -> Message:
        """Rename a file that cannot be read, so the next save does not overwrite it."""
        aside = set_aside(path)
        return message(QT_TRANSLATE_NOOP(
            "core", "This document's notes could not be read ({reason}), so the Notes pane "
            "starts empty. The damaged file is kept as {name} in the app's data folder."),
            reason=reason, name=aside.name)
