"""The notes store: per document, beside the history, bounded, moved on save, robust."""

from __future__ import annotations

import os
from pathlib import Path

from writer_app.core.documents import notes, records
from writer_app.core.documents.history import key_for_path, unsaved_key
from writer_app.core.documents.notes import NotesStore

STYLE = "Style: short sentences, British spelling.\nMara: the ferry pilot, 40, never smiles."


def test_notes_survive_a_restart_of_the_store(tmp_path: Path) -> None:
    key = key_for_path(tmp_path / "story.txt")
    assert NotesStore(tmp_path / "notes").write(key, STYLE) is None
    assert NotesStore(tmp_path / "notes").read(key).text == STYLE
    assert NotesStore(tmp_path / "notes").read(unsaved_key()).text == ""


def test_notes_are_kept_in_the_data_folder_never_beside_the_document(tmp_path: Path) -> None:
    document = tmp_path / "docs" / "story.txt"
    document.parent.mkdir()
    document.write_text("Once.", encoding="utf-8")
    NotesStore(tmp_path / "data" / "notes").write(key_for_path(document), STYLE)
    assert sorted(p.name for p in document.parent.iterdir()) == ["story.txt"]
    assert document.read_text(encoding="utf-8") == "Once."
    stored = list((tmp_path / "data" / "notes").glob("*.json"))
    assert len(stored) == 1 and STYLE.splitlines()[1] in stored[0].read_text(encoding="utf-8")


def test_empty_notes_leave_no_file(tmp_path: Path) -> None:
    store = NotesStore(tmp_path)
    key = unsaved_key()
    store.write(key, STYLE)
    store.write(key, "  \n")
    assert list(tmp_path.iterdir()) == []
    assert store.read(key).text == ""


def test_an_unsaved_document_s_notes_follow_it_when_saved(tmp_path: Path) -> None:
    store = NotesStore(tmp_path)
    old, new = unsaved_key(), key_for_path(tmp_path / "saved.txt")
    store.write(old, STYLE)
    store.move(old, new)
    assert store.read(new).text == STYLE
    assert store.read(old).text == ""
    store.move(unsaved_key(), new)  # a document without notes takes nothing away
    assert store.read(new).text == STYLE


def test_the_store_is_bounded(tmp_path: Path) -> None:
    store = NotesStore(tmp_path)
    key = unsaved_key()
    store.write(key, "x" * (notes.MAX_NOTES + 10))
    assert len(store.read(key).text) == notes.MAX_NOTES
    keys = [unsaved_key() for _ in range(records.MAX_DOCUMENTS + 2)]
    for index, each in enumerate(keys):
        store.write(each, f"note {index}")
        os.utime(tmp_path / f"{each}.json", (index + 10, index + 10))
    assert len(list(tmp_path.glob("*.json"))) == records.MAX_DOCUMENTS
    assert store.read(keys[0]).text == ""
    assert store.read(keys[-1]).text == f"note {len(keys) - 1}"


def test_a_damaged_file_is_reported_set_aside_and_ignored(tmp_path: Path) -> None:
    store = NotesStore(tmp_path)
    key = unsaved_key()
    (tmp_path / f"{key}.json").write_bytes(b"{\"notes\": \"Mara \xff")
    read = store.read(key)
    assert read.text == ""
    assert read.problem is not None and "could not be read" in read.problem
    assert (tmp_path / f"{key}.json.damaged").exists()
    assert store.write(key, STYLE) is None
    assert store.read(key).text == STYLE
    (tmp_path / f"{key}.json").write_text("[1, 2]", encoding="utf-8")
    assert store.read(key).problem is not None


def test_a_failed_write_is_a_message_not_an_exception(tmp_path: Path) -> None:
    blocked = tmp_path / "notes"
    blocked.write_text("a file where the folder should be", encoding="utf-8")
    problem = NotesStore(blocked).write(unsaved_key(), STYLE)
    assert problem is not None and "could not be saved" in problem


def test_notes_nested_too_deep_are_set_aside_not_raised(tmp_path: Path) -> None:
    store = NotesStore(tmp_path)
    key = unsaved_key()
    (tmp_path / f"{key}.json").write_text(
        '{"notes": ' + "[" * 30_000 + "]" * 30_000 + "}", encoding="utf-8")
    read = store.read(key)
    assert read.text == ""
    assert read.problem is not None and "nested" in read.problem
    assert (tmp_path / f"{key}.json.damaged").exists()
