"""A data folder as the app leaves it beside one document: a recovery record and a lock
left by a session that has ended, the document's notes, history, goal and provenance, a
template of the writer's, settings that reopen the document at its cursor, and a personal
word list. The hostile data folder test and its benchmark damage these files."""

from __future__ import annotations

import shutil
from pathlib import Path

from writer_app.core.documents.files import TextFormat
from writer_app.core.documents.goals import GoalStore
from writer_app.core.documents.history import HistoryEntry, HistoryStore, key_for_path
from writer_app.core.documents.locks import DocumentLock
from writer_app.core.documents.notes import NotesStore
from writer_app.core.documents.provenance import (
    Origin,
    ProvenanceStore,
    Source,
    Span,
    new_content_id,
)
from writer_app.core.documents.recovery import RecoveryStore
from writer_app.core.paths import AppPaths
from writer_app.core.plans.templates import builtin_dir, user_dir
from writer_app.core.settings import OpenDocument, Settings, SettingsStore

CURSOR = 12
"""Where the settings say the document's cursor was."""
RECOVERY_KEY = "dead"
"""The name of the recovery record (``RECOVERY_KEY.json``)."""


def lock_file(paths: AppPaths, document: Path) -> Path:
    """The file of the lock a window takes on ``document``."""
    return DocumentLock(paths.locks_dir)._file(document)


def write_data_folder(paths: AppPaths, document: Path, model: Path) -> None:
    """Every file the app keeps beside ``document`` (whose text it reads), as the app
    writes them; the settings load ``model``."""
    text = document.read_text(encoding="utf-8")
    key = key_for_path(document)
    RecoveryStore(paths.recovery_dir).save(RECOVERY_KEY, document, "Text a crash did not take.",
                                           TextFormat("utf-8", "\n"))
    DocumentLock(paths.locks_dir).acquire(document)
    for record in (paths.recovery_dir / f"{RECOVERY_KEY}.json", lock_file(paths, document)):
        # Written by a session that has ended, as a crash leaves them.
        record.write_bytes(record.read_bytes().replace(b'"session": "', b'"session": "ended-'))
    NotesStore(paths.notes_dir).write(key, "Mara is the ferry pilot.\nNever call her Mary.")
    history = HistoryStore(paths.history_dir)
    kept = history.add(key, HistoryEntry("rewrite", "Shorter", "The passage.", ("one", "two"),
                                         {"temperature": 0.7}))
    history.record_insertion(key, kept.id, 1)
    GoalStore(paths.goals_file).set_goal(key, 500)
    ProvenanceStore(paths.provenance_dir).write(
        key, (Span(0, 4, Origin.now(Source.CONTINUE, "tiny")),), text, new_content_id())
    templates = user_dir(paths.data)
    templates.mkdir(parents=True, exist_ok=True)
    shutil.copy(builtin_dir() / "email.toml", templates / "mine.toml")
    SettingsStore(paths.settings_file).save(Settings(
        rewrite_drafts=1, model_path=str(model),
        open_documents=(OpenDocument(str(document), CURSOR),)))
    paths.personal_words_file.write_text("Mara\nHarbourline\n", encoding="utf-8")
