"""The history store: kept per document, bounded, moved on save, cleared on request."""

from __future__ import annotations

import json
import time
from pathlib import Path

from writer_app.core.documents import history
from writer_app.core.documents.history import HistoryEntry, HistoryStore, key_for_path, unsaved_key
from writer_app.core.requests import Action, GenerationRequest, RewriteStyle


def _entry(text: str, created: float = 0.0) -> HistoryEntry:
    return HistoryEntry("rewrite", "Rewrite: Shorter", "The passage.", (text,),
                        created=created or 1.0)


def test_entries_come_back_newest_first_from_a_new_store(tmp_path: Path) -> None:
    key = key_for_path(tmp_path / "story.txt")
    HistoryStore(tmp_path / "history").add(key, _entry("first"))
    HistoryStore(tmp_path / "history").add(key, _entry("second"))
    assert [e.text for e in HistoryStore(tmp_path / "history").entries(key)] == [
        "second", "first"]


def test_the_store_is_bounded(tmp_path: Path) -> None:
    store = HistoryStore(tmp_path)
    key = unsaved_key()
    for index in range(history.MAX_ENTRIES + 5):
        store.add(key, _entry(f"draft {index}"))
    entries = store.entries(key)
    assert len(entries) == history.MAX_ENTRIES
    assert entries[0].text == f"draft {history.MAX_ENTRIES + 4}"
    long = store.add(key, _entry("x" * (history.MAX_TEXT + 10)))
    assert len(long.text) == history.MAX_TEXT


def test_a_document_s_file_is_bounded_in_bytes(tmp_path: Path) -> None:
    store = HistoryStore(tmp_path)
    key = unsaved_key()
    for index in range(40):
        store.add(key, _entry(f"{index} " + "长" * (history.MAX_TEXT - 10)))
    assert (tmp_path / f"{key}.json").stat().st_size <= history.MAX_FILE_BYTES
    assert store.entries(key)[0].text.startswith("39 ")


def test_the_least_recent_documents_go_first(tmp_path: Path) -> None:
    store = HistoryStore(tmp_path)
    keys = [unsaved_key() for _ in range(history.MAX_DOCUMENTS + 3)]
    for key in keys:
        store.add(key, _entry("draft"))
    assert len(list(tmp_path.glob("*.json"))) == history.MAX_DOCUMENTS


def test_an_unsaved_history_follows_the_document_when_saved(tmp_path: Path) -> None:
    store = HistoryStore(tmp_path)
    unsaved, saved = unsaved_key(), key_for_path(tmp_path / "saved.txt")
    store.add(unsaved, _entry("before saving", created=10.0))
    store.add(saved, _entry("older", created=5.0))
    store.move(unsaved, saved)
    assert store.entries(unsaved) == []
    assert [e.text for e in store.entries(saved)] == ["before saving", "older"]


def test_used_is_recorded_and_clear_forgets(tmp_path: Path) -> None:
    store = HistoryStore(tmp_path)
    one, two = unsaved_key(), unsaved_key()
    kept = store.add(one, _entry("used one"))
    store.add(two, _entry("other"))
    store.record_insertion(one, kept.id)
    assert store.entries(one)[0].used
    store.clear(one)
    assert store.entries(one) == [] and store.entries(two)
    store.clear_all()
    assert store.entries(two) == []


def test_a_damaged_file_counts_as_empty(tmp_path: Path) -> None:
    key = unsaved_key()
    (tmp_path / f"{key}.json").write_text("{not json", encoding="utf-8")
    store = HistoryStore(tmp_path)
    assert store.entries(key) == []
    store.add(key, _entry("after"))
    assert [e.text for e in store.entries(key)] == ["after"]


def test_an_entry_records_the_passage_read_and_what_was_asked() -> None:
    text = "The storm broke at dusk. They waited."
    rewrite = GenerationRequest(Action.REWRITE, text, selection=(0, 24),
                                style=RewriteStyle.SHORTER)
    entry = HistoryEntry.of(rewrite, ("Dusk: storm.",))
    assert (entry.action, entry.label, entry.passage, entry.used) == (
        "rewrite", RewriteStyle.SHORTER.label, "The storm broke at dusk.", False)
    continued = HistoryEntry.of(GenerationRequest(Action.CONTINUE, text, cursor=24),
                                (" Rain.",))
    assert continued.passage == "The storm broke at dusk." and continued.used


def _drafts(*drafts: str) -> HistoryEntry:
    request = GenerationRequest(Action.REWRITE, "The storm broke.", selection=(0, 16),
                                style=RewriteStyle.SHORTER, drafts=len(drafts))
    return HistoryEntry.of(request, drafts)


def test_every_draft_is_kept_with_the_one_used(tmp_path: Path) -> None:
    store = HistoryStore(tmp_path)
    key = unsaved_key()
    kept = store.add(key, _drafts("Storm.", "It broke.", "Thunder."))
    assert kept.used_draft is None and kept.text == "Storm."
    store.record_insertion(key, kept.id, draft=2)
    entry = HistoryStore(tmp_path).entries(key)[0]
    assert entry.drafts == ("Storm.", "It broke.", "Thunder.")
    assert (entry.used, entry.used_draft, entry.text) == (True, 2, "Thunder.")


def test_an_insertion_undone_is_forgotten_and_a_redone_one_goes_back_in_its_place(
        tmp_path: Path) -> None:
    store = HistoryStore(tmp_path)
    key = unsaved_key()
    kept = store.add(key, _drafts("Storm.", "It broke.", "Thunder."))
    first = store.record_insertion(key, kept.id, draft=0)
    second = store.record_insertion(key, kept.id, draft=2)
    store.forget_insertion(key, kept.id, first)
    assert HistoryStore(tmp_path).entries(key)[0].insertions == (second,)
    store.record_insertion(key, kept.id, first.draft, first.at)
    entry = HistoryStore(tmp_path).entries(key)[0]
    assert entry.insertions == (first, second) and entry.used_draft == 2


def test_more_drafts_join_the_result_they_add_to(tmp_path: Path) -> None:
    store = HistoryStore(tmp_path)
    key = unsaved_key()
    kept = store.add(key, _drafts("Storm.", "It broke."))
    store.extend(key, kept.id, ("Thunder.",))
    assert [entry.drafts for entry in store.entries(key)] == [
        ("Storm.", "It broke.", "Thunder.")]


def test_a_history_written_before_drafts_were_kept_is_read(tmp_path: Path) -> None:
    key = unsaved_key()
    (tmp_path / f"{key}.json").write_text(json.dumps({"version": 1, "entries": [
        {"action": "rewrite", "label": "Shorter", "passage": "The storm broke.",
         "text": "Storm.", "settings": {}, "used": True, "created": 5.0, "id": "old1"},
        {"action": "summarize", "label": "", "passage": "", "text": "A storm.",
         "used": False, "created": 4.0, "id": "old2"}]}), encoding="utf-8")
    store = HistoryStore(tmp_path)
    entries = store.entries(key)
    assert [(e.drafts, e.used_draft) for e in entries] == [(("Storm.",), 0), (("A storm.",), None)]
    store.add(key, _drafts("New."))
    saved = json.loads((tmp_path / f"{key}.json").read_text(encoding="utf-8"))
    assert saved["version"] == history.SCHEMA_VERSION == 3
    assert [item["drafts"] for item in saved["entries"]] == [["New."], ["Storm."], ["A storm."]]


def test_a_history_with_the_draft_used_reads_it_as_inserted_when_made(
        tmp_path: Path) -> None:
    key = unsaved_key()
    (tmp_path / f"{key}.json").write_text(json.dumps({"version": 2, "entries": [
        {"action": "continue", "label": "", "passage": "It rained.",
         "drafts": ["One.", "Two."], "used_draft": 1, "created": 7.0, "id": "old"}]}),
        encoding="utf-8")
    entry = HistoryStore(tmp_path).entries(key)[0]
    assert entry.insertions == (history.Insertion(1, 7.0),)
    assert (entry.inserted_at(0), entry.inserted_at(1)) == (None, 7.0)


def test_every_insertion_is_recorded_in_order(tmp_path: Path) -> None:
    store = HistoryStore(tmp_path)
    key = unsaved_key()
    kept = store.add(key, _drafts("Storm.", "It broke.", "Thunder."))
    store.record_insertion(key, kept.id, draft=0)
    store.record_insertion(key, kept.id, draft=2)
    entry = HistoryStore(tmp_path).entries(key)[0]
    assert [insertion.draft for insertion in entry.insertions] == [0, 2]
    assert entry.used_draft == 2 and entry.inserted_at(1) is None


def test_the_bounds_hold_with_five_long_drafts(tmp_path: Path) -> None:
    store = HistoryStore(tmp_path)
    key = unsaved_key()
    for index in range(10):
        kept = store.add(key, _drafts(*(f"{index} " + "長\n" * history.MAX_TEXT,) * 5))
        assert all(len(draft) <= history.MAX_TEXT for draft in kept.drafts)
        assert sum(len(draft) for draft in kept.drafts) <= history.MAX_DRAFTS_TEXT
    assert (tmp_path / f"{key}.json").stat().st_size <= history.MAX_FILE_BYTES
    assert store.entries(key)[0].drafts[4].startswith("9 ")


def _stored(path: Path, version: int, created: object = 1.0) -> bytes:
    data = json.dumps({"version": version, "entries": [{
        "action": "rewrite", "label": "", "passage": "p", "drafts": ["kept"],
        "insertions": [], "created": created, "id": "abc"}]}).encode("utf-8")
    path.write_bytes(data)
    return data


def test_a_history_from_a_later_version_is_shown_and_never_written_over(
        tmp_path: Path) -> None:
    store = HistoryStore(tmp_path)
    key = unsaved_key()
    data = _stored(tmp_path / f"{key}.json", history.SCHEMA_VERSION + 1)
    assert [entry.text for entry in store.entries(key)] == ["kept"]
    store.add(key, _entry("new"))
    store.record_insertion(key, "abc")
    store.move(key, unsaved_key())
    assert (tmp_path / f"{key}.json").read_bytes() == data
    [problem] = store.take_problems()
    assert "later version" in problem
    store.entries(key)
    assert store.take_problems() == []


def test_a_damaged_history_is_set_aside_and_said_once(tmp_path: Path) -> None:
    store = HistoryStore(tmp_path)
    damaged, deep = unsaved_key(), unsaved_key()
    (tmp_path / f"{damaged}.json").write_text('{"entries": [', encoding="utf-8")
    (tmp_path / f"{deep}.json").write_text(
        '{"entries": ' + "[" * 100_000 + "]" * 100_000 + "}", encoding="utf-8")
    assert store.entries(damaged) == [] and store.entries(deep) == []
    problems = store.take_problems()
    assert len(problems) == 2 and all("could not be read" in each for each in problems)
    assert (tmp_path / f"{damaged}.json.damaged").exists()
    assert (tmp_path / f"{deep}.json.damaged").exists()
    store.add(damaged, _entry("after"))
    assert [entry.text for entry in store.entries(damaged)] == ["after"]
    assert store.take_problems() == []


def test_a_time_no_clock_can_show_reads_as_unknown(tmp_path: Path) -> None:
    store = HistoryStore(tmp_path)
    for created in (1e20, "NaN", -5):
        key = unsaved_key()
        path = tmp_path / f"{key}.json"
        _stored(path, 3)
        path.write_text(path.read_text(encoding="utf-8").replace(
            '"created": 1.0', f'"created": {created}'), encoding="utf-8")
        [entry] = store.entries(key)
        assert entry.created == 0.0
        assert time.strftime("%Y", time.localtime(entry.created))
    assert store.take_problems() == []


def test_a_history_that_cannot_be_written_is_said_to_the_writer(tmp_path: Path) -> None:
    blocked = tmp_path / "not-a-folder"
    blocked.write_text("", encoding="utf-8")
    store = HistoryStore(blocked)
    store.add(unsaved_key(), _entry("lost"))
    [problem] = store.take_problems()
    assert "could not be kept" in problem
