"""Damaged files thrown at every reader of the app's data folder: seeded random mutations
of good recovery records, locks, notes, histories, templates and settings. A reader may
refuse a file, set it aside and say so; it never raises, and what it returns can be shown."""

from __future__ import annotations

import datetime
import json
import random
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from writer_app.core.documents.files import TextFormat
from writer_app.core.documents.history import HistoryEntry, HistoryStore
from writer_app.core.documents.locks import DocumentLock
from writer_app.core.documents.notes import NotesStore
from writer_app.core.documents.recovery import RecoveryStore
from writer_app.core.plans.compose import Brief, ComposePlan
from writer_app.core.plans.templates import builtin_dir, load_library
from writer_app.core.settings import Settings, SettingsStore

ROUNDS = 150
"""Mutations per kind of file: enough to reach every field, few enough to stay quick."""
HOSTILE = [
    "[" * 40, "{\"a\": " * 40, "[" * 3000, "1e400", "-1e400", "NaN", "Infinity", "1e20",
    "18446744073709551616", "-9223372036854775809", "0x7fffffffffffffffffff", "-1", "0",
    "null", "true", "[]", "{}", "\"\"", "\"x\"", "\"\\ud800\"", "\\", "\"", "'", "'''",
    "\"\"\"", "#", "=", "\n", "\xff", "\u2028", "{topic[0]}", "{topic.real}",
    "{length:>300000000}", "{}", "}", "nan", "inf", "1979-05-27T07:32:00Z",
]
VALUES: list[object] = [
    None, True, -1, 0, 2**63, 2**64, -(2**63) - 1, 1e20, 1e308, -0.5, "", "x" * 300,
    "../../escape", [], {}, [1, [2, [3]]], {"a": {"b": {}}}, "utf-8", "\r\n", "<deep>",
]
DEEP = "[" * 3000 + "]" * 3000
"""Nested beyond the parsers' recursion: written as text where a value says ``<deep>``."""
TOML_VALUES = [
    '"About {topic[0]}."', '"{topic.real}"', '"{length:>300000000}"', '"{unit!r}"', DEEP,
    "18446744073709551616", "nan", "inf", "-1", "0", "true", "[]", "{}", '"x"', '""',
    '"' + "x" * 100 + '"', "1979-05-27", '["topic", "nonsense"]', "[[1], [2]]",
]


def _mutate(rng: random.Random, data: bytes) -> bytes:
    """``data`` changed in one to three random ways."""
    for _ in range(rng.randint(1, 3)):
        where = rng.randrange(len(data) + 1)
        choice = rng.randrange(5)
        if choice == 0 and data:
            data = data[:where - 1] + bytes([rng.randrange(256)]) + data[where:]
        elif choice == 1:
            data = data[:where]
        elif choice == 2:
            data = data[:where] + rng.choice(HOSTILE).encode("utf-8", "surrogatepass") + \
                data[where:]
        elif choice == 3:
            start = rng.randrange(len(data) + 1)
            data = data[:where] + data[start:start + rng.randint(1, 40)] + data[where:]
        else:
            data = data[:where] + data[where + rng.randint(1, 20):]
    return data


def _replace_value(rng: random.Random, data: dict[str, object]) -> bytes:
    """``data`` as JSON with one value, at any depth, replaced by a hostile one."""
    target: dict[str, Any] | list[Any] = data
    while target:
        slot: str | int = rng.choice(list(target)) if isinstance(target, dict) else \
            rng.randrange(len(target))
        inner = target[slot]  # type: ignore[index]
        if isinstance(inner, (dict, list)) and inner and rng.random() < 0.6:
            target = inner
            continue
        target[slot] = rng.choice(VALUES)  # type: ignore[index]
        break
    return json.dumps(data, allow_nan=True).replace('"<deep>"', DEEP).encode("utf-8")


def _replace_toml_value(rng: random.Random, good: bytes) -> bytes:
    """``good`` TOML with the value of one ``key = value`` line replaced."""
    lines = good.decode("utf-8").split("\n")
    keyed = [index for index, line in enumerate(lines) if " = " in line]
    index = rng.choice(keyed)
    lines[index] = lines[index].split(" = ")[0] + " = " + rng.choice(TOML_VALUES)
    return "\n".join(lines).encode("utf-8")


def _variants(rng: random.Random, good: bytes) -> bytes:
    if rng.random() < 0.5:
        try:
            parsed = json.loads(good)
        except ValueError:
            return _replace_toml_value(rng, good)
        if isinstance(parsed, dict):
            return _replace_value(rng, parsed)
    return _mutate(rng, good)


def _recovery(folder: Path, data: bytes) -> None:
    folder.mkdir()
    (folder / "record.json").write_bytes(data)
    for record in RecoveryStore(folder).survey().records:
        assert record.text_format.encoding
        datetime.datetime.fromtimestamp(record.saved_at)


def _good_recovery(folder: Path) -> bytes:
    RecoveryStore(folder).save("record", Path("/docs/story.txt"), "Once upon a time.",
                               TextFormat("utf-8", "\r\n"))
    data = (folder / "record.json").read_bytes().replace(b'"session": "',
                                                         b'"session": "ended-')
    return data


def _lock(folder: Path, data: bytes) -> None:
    document = folder / "story.txt"
    locks = folder / "locks"
    locks.mkdir(parents=True)
    lock = DocumentLock(locks)
    (locks / lock._file(document).name).write_bytes(data)
    holder = lock.holder(document)
    if holder is None:
        assert lock.acquire(document) is None
    else:
        assert holder.pid > 0
    lock.release()


def _good_lock(folder: Path) -> bytes:
    document = folder / "story.txt"
    lock = DocumentLock(folder)
    lock.acquire(document)
    data = lock._file(document).read_bytes()
    return data.replace(b'"session": "', b'"session": "ended-')


def _notes(folder: Path, data: bytes) -> None:
    folder.mkdir()
    (folder / "doc.json").write_bytes(data)
    read = NotesStore(folder).read("doc")
    assert isinstance(read.text, str)
    assert NotesStore(folder).write("doc", read.text or "new") is None


def _good_notes(folder: Path) -> bytes:
    NotesStore(folder).write("doc", "Mara is the ferry pilot.\nNever call her Mary.")
    return (folder / "doc.json").read_bytes()


def _history(folder: Path, data: bytes) -> None:
    folder.mkdir()
    (folder / "doc.json").write_bytes(data)
    store = HistoryStore(folder)
    for entry in store.entries("doc"):
        time.strftime("%Y-%m-%d %H:%M", time.localtime(entry.created))
        assert isinstance(entry.text, str) and isinstance(entry.label, str)
        for draft in range(len(entry.drafts)):
            at = entry.inserted_at(draft)
            if at is not None:
                time.localtime(at)
    store.add("doc", HistoryEntry("rewrite", "", "p", ("new",)))
    store.take_problems()


def _good_history(folder: Path) -> bytes:
    store = HistoryStore(folder)
    kept = store.add("doc", HistoryEntry("rewrite", "Shorter", "The passage.",
                                         ("one", "two"), {"temperature": 0.7}))
    store.record_insertion("doc", kept.id, 1)
    return (folder / "doc.json").read_bytes()


def _template(folder: Path, data: bytes) -> None:
    user, empty = folder / "user", folder / "none"
    user.mkdir(parents=True)
    empty.mkdir()
    (user / "mine.toml").write_bytes(data)
    library = load_library(user, empty)
    for template in library.templates.values():
        plan = ComposePlan(Brief(template, "a topic", ("one", "two")))
        assert plan.outline_request().instruction
        plan.set_outline("## First\n- what it says\n## Second")
        assert plan.section_request(0, "Some text.").text is not None


def _good_template(_folder: Path) -> bytes:
    return (builtin_dir() / "email.toml").read_bytes()


def _settings(folder: Path, data: bytes) -> None:
    folder.mkdir()
    (folder / "settings.json").write_bytes(data)
    settings, _warning = SettingsStore(folder / "settings.json").load()
    SettingsStore(folder / "settings.json").save(settings)


def _good_settings(folder: Path) -> bytes:
    store = SettingsStore(folder / "settings.json")
    store.save(Settings().replace(threads=4, n_ctx=4096))
    return store.path.read_bytes()


KINDS: dict[str, tuple[Callable[[Path], bytes], Callable[[Path, bytes], None]]] = {
    "recovery": (_good_recovery, _recovery),
    "lock": (_good_lock, _lock),
    "notes": (_good_notes, _notes),
    "history": (_good_history, _history),
    "template": (_good_template, _template),
    "settings": (_good_settings, _settings),
}


@pytest.mark.parametrize("kind", list(KINDS))
def test_mutated_files_never_make_a_reader_raise(tmp_path: Path, kind: str) -> None:
    make_good, read = KINDS[kind]
    good = make_good(tmp_path / "good")
    read(tmp_path / "unchanged", good)  # the harness itself accepts a good file
    rng = random.Random(f"{kind}-1")
    for index in range(ROUNDS):
        data = _variants(rng, good)
        try:
            read(tmp_path / str(index), data)
        except Exception as exc:  # the data that broke it is the report
            raise AssertionError(f"{kind} round {index} raised {exc!r} on {data[:300]!r}"
                                 ) from exc
