"""The history of generations: what the assistant produced for a document, kept apart.

Each document has one small JSON file in the app's data folder (never beside the writer's
file, never sent anywhere), named by a key: a hash of the document's path once it has
one, a random key before. ``move()`` hands an unsaved document's history to its file when
it is saved. The store is bounded: so many entries and bytes a document (the oldest go
first), so many characters a draft and all the drafts of an entry together, so many
documents (the least recently written go first), so at most about 25 MB in all.

Schema 3 keeps every draft of a result and each time the writer inserted one of them.
An insertion undone is taken out again (``forget_insertion``) and put back on Redo, as the
window follows them; an edit of the text afterwards is not followed: an insertion says
what happened then, not what the document holds now. Schema 2 (every draft
and the one used) and schema 1 (one text and whether it was used) are still read, their
use counted as an insertion when the result was made.

A file is read as untrusted (``core.untrusted``). One that cannot be used is set aside
and the history starts empty; one written by a later version is shown but never written
over (the document's new results are not kept meanwhile). Each is said once to the
writer, as is a write that fails, through ``take_problems()``.
"""

from __future__ import annotations

import hashlib
import json
import logging
import time
import uuid
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path

from writer_app.core.documents.files import DocumentError, write_atomic
from writer_app.core.i18n import QT_TRANSLATE_NOOP, Message, message, message_of
from writer_app.core.requests import Action, GenerationRequest
from writer_app.core.untrusted import (
    MAX_INT,
    UntrustedError,
    moment,
    read_json_object,
    set_aside,
    whole,
)

log = logging.getLogger(__name__)

SCHEMA_VERSION = 3
MAX_ENTRIES = 100
MAX_TEXT = 20_000
MAX_DRAFTS_TEXT = 40_000
"""All the drafts of an entry together: even in four-byte characters, one entry stays well
within ``MAX_FILE_BYTES``."""
MAX_PASSAGE = 2_000
MAX_DOCUMENTS = 100
MAX_FILE_BYTES = 256 * 1024
MAX_READ_BYTES = 4 * MAX_FILE_BYTES
"""A file read may be larger than one written (escapes can add up): up to this much."""
MAX_INSERTIONS = 20
"""The insertions kept an entry: the latest ones say enough."""
_UNSAVED = "unsaved-"


@dataclass(frozen=True)
class Insertion:
    """The writer put draft ``draft`` of a result into the document at time ``at``."""

    draft: int
    at: float


@dataclass(frozen=True)
class HistoryEntry:
    """One result: the action asked, the passage it read, the drafts that came back, and
    each time one of them went into the document, oldest first."""

    action: str
    label: str
    """What was asked beyond the action: a rewrite's style or the writer's instruction."""
    passage: str
    drafts: tuple[str, ...]
    settings: dict[str, object] = field(default_factory=dict)
    insertions: tuple[Insertion, ...] = ()
    created: float = field(default_factory=time.time)
    id: str = field(default_factory=lambda: uuid.uuid4().hex[:12])

    @property
    def used(self) -> bool:
        return bool(self.insertions)

    @property
    def used_draft(self) -> int | None:
        """The draft inserted last (``None``: none yet)."""
        return self.insertions[-1].draft if self.insertions else None

    def inserted_at(self, draft: int) -> float | None:
        """When draft ``draft`` was last inserted (``None``: never)."""
        times = [insertion.at for insertion in self.insertions if insertion.draft == draft]
        return times[-1] if times else None

    @property
    def text(self) -> str:
        """The draft inserted last, or else the first."""
        return self.draft(self.used_draft or 0)

    def draft(self, index: int) -> str:
        return self.drafts[index] if 0 <= index < len(self.drafts) else ""

    @classmethod
    def of(cls, request: GenerationRequest, drafts: Sequence[str]) -> HistoryEntry:
        """The entry for the ``drafts`` produced for ``request``: a one-draft Continue counts
        as inserted, since it went straight into the document."""
        if request.action is Action.CONTINUE:
            passage = request.text[:request.cursor][-MAX_PASSAGE:]
        else:
            passage = request.selected_text[:MAX_PASSAGE]
        label = request.instruction.strip() or (request.style.label if request.style else "")
        sampling = request.sampling
        settings: dict[str, object] = {
            "temperature": sampling.temperature, "top_p": sampling.top_p,
            "max_tokens": sampling.max_tokens, "seed": sampling.seed}
        created = time.time()
        went_in = request.action is Action.CONTINUE and len(drafts) == 1
        return cls(request.action.value, label, passage, tuple(drafts), settings,
                   insertions=(Insertion(0, created),) if went_in else (), created=created)

    def bounded(self) -> HistoryEntry:
        """This entry with its passage and drafts cut to the store's limits."""
        each = min(MAX_TEXT, MAX_DRAFTS_TEXT // max(1, len(self.drafts)))
        return replace(self, passage=self.passage[:MAX_PASSAGE],
                       drafts=tuple(draft[:each] for draft in self.drafts))

    @classmethod
    def from_json(cls, data: dict[str, object]) -> HistoryEntry:
        settings = data.get("settings")
        drafts, used = data.get("drafts"), data.get("used_draft")
        made = _moment(data, "created")
        if isinstance(drafts, list):
            kept = tuple(str(draft) for draft in drafts)
        else:  # schema 1: one text, and whether it was used
            kept = (str(data.get("text", "")),)
            used = 0 if data.get("used") else None
        recorded = data.get("insertions")
        if isinstance(recorded, list):
            insertions = tuple(_insertion(item, len(kept)) for item in recorded)
        else:  # schemas 1 and 2: the draft used, if any
            insertions = (_insertion({"draft": used, "at": made}, len(kept)),)
        return cls(action=str(data.get("action", "")), label=str(data.get("label", "")),
                   passage=str(data.get("passage", "")), drafts=kept,
                   settings=dict(settings) if isinstance(settings, dict) else {},
                   insertions=tuple(item for item in insertions if item is not None),
                   created=made, id=str(data.get("id", "")) or uuid.uuid4().hex[:12])


def _insertion(item: object, drafts: int) -> Insertion | None:
    """A stored insertion, if it names one of the ``drafts`` and a time."""
    if not isinstance(item, dict):
        return None
    try:
        return Insertion(whole(item, "draft", 0, drafts - 1), moment(item, "at"))
    except UntrustedError:
        return None


def _moment(data: dict[str, object], key: str) -> float:
    """The time ``data[key]``, or 0.0 (unknown) when it is none a clock can show."""
    try:
        return moment(data, key)
    except UntrustedError:
        return 0.0


def _encode(items: list[dict[str, object]]) -> bytes:
    return json.dumps({"version": SCHEMA_VERSION, "entries": items},
                      ensure_ascii=False).encode("utf-8")


def _written(path: Path) -> float:
    try:
        return path.stat().st_mtime
    except OSError:
        return 0.0


def key_for_path(path: Path) -> str:
    """The key of a saved document's history: its resolved path, hashed."""
    return hashlib.sha256(str(path.resolve()).encode("utf-8")).hexdigest()[:32]


def unsaved_key() -> str:
    """A fresh key for a document that has no file yet."""
    return _UNSAVED + uuid.uuid4().hex


class HistoryStore:
    """Per-document histories in ``folder``. Reading never raises and writing never
    raises into the writer's action: what went wrong waits in ``take_problems()``."""

    def __init__(self, folder: Path) -> None:
        self._folder = folder
        self._problems: list[Message] = []
        self._told_newer: set[str] = set()

    def _file(self, key: str) -> Path:
        return self._folder / f"{key}.json"

    def take_problems(self) -> list[Message]:
        """What went wrong since the last call, in words for the writer (each once)."""
        problems, self._problems = self._problems, []
        return problems

    def entries(self, key: str) -> list[HistoryEntry]:
        """The document's results, newest first."""
        return self._read(key)[0]

    def _read(self, key: str) -> tuple[list[HistoryEntry], bool]:
        """The document's results, and whether its file may be written."""
        path = self._file(key)
        try:
            data = read_json_object(path, MAX_READ_BYTES)
            version = whole(data, "version", 1, MAX_INT) if "version" in data else 1
            items = data.get("entries")
            if not isinstance(items, list):
                raise UntrustedError(message(QT_TRANSLATE_NOOP(
                    "core", "it holds no list of entries")))
        except FileNotFoundError:
            return [], True
        except UntrustedError as exc:
            aside = set_aside(path)
            self._problems.append(message(QT_TRANSLATE_NOOP(
                "core", "This document's history could not be read ({reason}), so the History "
                "panel starts empty. The damaged file is kept as {name} in the app's data "
                "folder."), reason=message_of(exc), name=aside.name))
            return [], aside != path
        entries = [HistoryEntry.from_json(item) for item in items if isinstance(item, dict)]
        if version <= SCHEMA_VERSION:
            return entries, True
        if key not in self._told_newer:
            self._told_newer.add(key)
            self._problems.append(message(QT_TRANSLATE_NOOP(
                "core", "This document's history was written by a later version of "
                "writer-app. It is shown as well as this version can, and left unchanged: "
                "new results are not kept in it.")))
        return entries, False

    def add(self, key: str, entry: HistoryEntry) -> HistoryEntry:
        """Keep ``entry`` as the document's newest result; returns it as kept."""
        kept = entry.bounded()
        entries, writable = self._read(key)
        if writable:
            self._write(key, [kept, *entries][:MAX_ENTRIES])
            self._prune()
        return kept

    def record_insertion(self, key: str, entry_id: str, draft: int = 0,
                         at: float | None = None) -> Insertion:
        """Record that the writer put this result's ``draft`` into the document now (or
        at ``at``: an insertion undone, then redone)."""
        insertion = Insertion(draft, time.time() if at is None else at)
        self._change(key, entry_id, lambda entry: replace(entry, insertions=tuple(sorted(
            (*entry.insertions, insertion), key=lambda kept: kept.at))[-MAX_INSERTIONS:]))
        return insertion

    def forget_insertion(self, key: str, entry_id: str, insertion: Insertion) -> None:
        """Take back ``insertion`` of this result: it was undone."""
        self._change(key, entry_id, lambda entry: replace(entry, insertions=tuple(
            kept for kept in entry.insertions if kept != insertion)))

    def extend(self, key: str, entry_id: str, drafts: Sequence[str]) -> bool:
        """Add ``drafts`` to the result's (the writer asked for more of them); False when
        the result is no longer kept."""
        return self._change(key, entry_id, lambda entry: replace(
            entry, drafts=entry.drafts + tuple(drafts)).bounded())

    def _change(self, key: str, entry_id: str,
                change: Callable[[HistoryEntry], HistoryEntry]) -> bool:
        entries, writable = self._read(key)
        if not writable or not any(entry.id == entry_id for entry in entries):
            return False
        self._write(key, [change(entry) if entry.id == entry_id else entry
                          for entry in entries])
        return True

    def move(self, old: str, new: str) -> None:
        """Give ``old``'s history to ``new`` (an unsaved document saved, or renamed)."""
        if old == new:
            return
        (moved, movable), (kept, writable) = self._read(old), self._read(new)
        if not (movable and writable):
            return  # a later version's file is left as it is, where it is
        if moved:
            merged = sorted([*moved, *kept], key=lambda entry: -entry.created)
            self._write(new, merged[:MAX_ENTRIES])
        self.clear(old)

    def clear(self, key: str) -> None:
        """Forget the document's history."""
        try:
            self._file(key).unlink(missing_ok=True)
        except OSError as exc:
            log.warning("the history %s could not be removed: %s", key, exc)

    def clear_all(self) -> None:
        """Forget every document's history."""
        for path in self._files():
            self.clear(path.stem)

    def _files(self) -> list[Path]:
        try:
            return list(self._folder.glob("*.json"))
        except OSError:
            return []

    def _write(self, key: str, entries: list[HistoryEntry]) -> None:
        items = [asdict(entry) for entry in entries]
        encoded = _encode(items)
        while len(encoded) > MAX_FILE_BYTES and len(items) > 1:
            del items[-(max(1, len(items) // 8)):]  # the oldest, a few at a time
            encoded = _encode(items)
        try:
            self._folder.mkdir(parents=True, exist_ok=True)
            write_atomic(self._file(key), encoded)
        except (OSError, DocumentError) as exc:
            log.warning("the history %s could not be written: %s", key, exc)
            self._problems.append(message(QT_TRANSLATE_NOOP(
                "core", "The assistant's result could not be kept in this document's history "
                "({reason}). Check that the disk has room."), reason=message_of(exc)))

    def _prune(self) -> None:
        files = self._files()
        if len(files) <= MAX_DOCUMENTS:
            return
        files.sort(key=_written)
        for path in files[:len(files) - MAX_DOCUMENTS]:
            self.clear(path.stem)
