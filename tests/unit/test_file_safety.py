"""Files that are odd, damaged or shared: nothing is lost or silently changed."""

from __future__ import annotations

import json
import os
import socket
import stat
import time
from pathlib import Path

import pytest

from writer_app.core.documents.files import (
    DocumentError,
    InvalidUtf8Error,
    TextFormat,
    changed_on_disk,
    decode_as,
    decode_text,
    disk_state,
    encode_text,
    write_atomic,
)
from writer_app.core.documents.locks import DocumentLock
from writer_app.core.documents.recovery import RecoveryStore
from writer_app.core.text.lines import plan_blocks

FRENCH = "déjà vu, voilà, à la française\n" * 20


def test_invalid_utf8_names_the_byte_and_can_be_opened_lossily() -> None:
    data = FRENCH.encode() + b"caf\xff!\n" + FRENCH.encode()
    offset = len(FRENCH.encode()) + 3
    with pytest.raises(InvalidUtf8Error, match=f"byte {offset:,}") as raised:
        decode_text(data, "notes.txt")
    assert raised.value.offset == offset
    text, text_format, replaced = decode_as(data, "utf-8", lossy=True)
    assert text == FRENCH + "caf\ufffd!\n" + FRENCH
    assert replaced == 1 and text_format.encoding == "utf-8"


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
def test_utf16_without_a_byte_order_mark_is_detected(codec: str) -> None:
    raw = "Hello, world. Bonjour, déjà.\r\nSecond line 第二行\r\n".encode(codec)
    text, text_format = decode_text(raw)
    assert text == "Hello, world. Bonjour, déjà.\nSecond line 第二行\n"
    assert text_format.encoding == codec
    assert encode_text(text, text_format) == raw


def test_a_wrong_encoding_choice_says_where_it_fails() -> None:
    with pytest.raises(DocumentError, match="byte 3"):
        decode_as("abc三".encode(), "ascii", lossy=False)


def test_an_unstorable_character_points_to_save_with_encoding() -> None:
    with pytest.raises(DocumentError, match="Save with Encoding"):
        encode_text("café 三", TextFormat("latin-1"))


@pytest.mark.skipif(os.name != "posix", reason="POSIX permissions")
def test_a_new_file_gets_the_mode_the_umask_allows(tmp_path: Path) -> None:
    old = os.umask(0o022)
    try:
        write_atomic(tmp_path / "new.txt", b"x")
    finally:
        os.umask(old)
    assert stat.S_IMODE((tmp_path / "new.txt").stat().st_mode) == 0o644


def test_a_long_cjk_name_can_be_saved(tmp_path: Path) -> None:
    path = tmp_path / ("长" * 80 + ".txt")
    assert len(path.name.encode()) <= 255
    write_atomic(path, b"one")
    write_atomic(path, b"two")
    assert path.read_bytes() == b"two"
    assert [p.name for p in tmp_path.iterdir()] == [path.name]


def test_changes_on_disk_are_noticed_by_content_not_only_by_time(tmp_path: Path) -> None:
    path = tmp_path / "draft.txt"
    path.write_bytes(b"first")
    recorded = disk_state(path)
    assert not changed_on_disk(path, recorded)
    os.utime(path, ns=(1, 1))  # touched, same bytes
    assert not changed_on_disk(path, recorded)
    path.write_bytes(b"other")  # same size
    assert changed_on_disk(path, recorded)
    path.unlink()
    assert changed_on_disk(path, recorded)


def test_a_lock_names_a_live_owner_and_ignores_a_stale_one(tmp_path: Path) -> None:
    document = tmp_path / "shared.txt"
    first, second = DocumentLock(tmp_path / "locks"), DocumentLock(tmp_path / "locks")
    assert first.acquire(document) is None
    assert second.acquire(document) is not None  # held by a live writer-app
    first.release()
    assert second.acquire(document) is None
    [lock_file] = (tmp_path / "locks").glob("*.lock")
    record = json.loads(lock_file.read_text(encoding="utf-8"))
    assert str(tmp_path) not in lock_file.name  # kept apart from the writer's file
    record.update(pid=2**22 + 11, session="ended", owner="gone")
    lock_file.write_text(json.dumps(record), encoding="utf-8")
    assert DocumentLock(tmp_path / "locks").acquire(document) is None  # stale: taken over


def test_a_record_from_an_earlier_run_with_the_same_pid_is_offered(tmp_path: Path) -> None:
    store = RecoveryStore(tmp_path)
    store.save("mine", None, "still running", TextFormat())
    (tmp_path / "earlier.json").write_text(json.dumps({
        "key": "earlier", "path": "", "text": "from a container's last run",
        "encoding": "utf-8", "newline": "\n", "saved_at": 1795000000.0,
        "pid": os.getpid(), "session": "a-run-that-ended", "started": 1.0,
    }), encoding="utf-8")
    assert [r.text for r in store.orphans()] == ["from a container's last run"]


def test_long_lines_are_cut_for_display_and_joined_again() -> None:
    line = "x" * 250_000
    plan = plan_blocks(f"{line}\nshort\u2029para\n{line}")
    pieces = plan.text.split("\n")
    assert max(map(len, pieces)) <= 100_000
    assert plan.join(pieces) == f"{line}\nshort\u2029para\n{line}"
    assert plan_blocks("plain\ntext").marks == {}


DEEP = "[" * 100_000 + "]" * 100_000
"""JSON nested far deeper than any parser's recursion allows."""


def _record(**changes: object) -> str:
    record: dict[str, object] = {
        "key": "", "path": "", "text": "kept safe", "encoding": "utf-8", "newline": "\n",
        "saved_at": 1795000000.0, "pid": 2**22 + 3, "session": "old", "started": 1.0}
    record.update(changes)
    return json.dumps(record)


def test_damaged_recovery_records_are_set_aside_and_the_good_ones_still_offered(
        tmp_path: Path) -> None:
    (tmp_path / "good.json").write_text(_record(), encoding="utf-8")
    damaged = {"pid-text": _record(pid="1234"), "pid-huge": _record(pid=2**63),
               "pid-float": _record(pid=1e300), "saved-far": _record(saved_at=1e20),
               "deep": DEEP, "encoding": _record(encoding="no-such-codec"),
               "fifo": None}
    for name, content in damaged.items():
        if content is None:
            os.mkfifo(tmp_path / f"{name}.json")
        else:
            (tmp_path / f"{name}.json").write_text(content, encoding="utf-8")
    found = RecoveryStore(tmp_path).survey()
    assert [record.text for record in found.records] == ["kept safe"]
    assert [time.localtime(record.saved_at) for record in found.records]  # a clock shows it
    assert len(found.problems) == len(damaged)
    assert all("could not be read" in problem for problem in found.problems)
    assert sorted(path.name for path in tmp_path.glob("*.damaged")) == sorted(
        f"{name}.json.damaged" for name in damaged)
    again = RecoveryStore(tmp_path).survey()  # said once
    assert again.problems == [] and len(again.records) == 1


@pytest.mark.parametrize("content", [
    json.dumps({"pid": 2**64, "session": "s", "started": 1.0, "owner": "o"}),
    json.dumps({"pid": 1e300, "session": "s", "started": 1.0, "owner": "o"}),
    json.dumps({"pid": 7, "session": "s", "started": float("nan"), "owner": "o"}),
    DEEP,
])
def test_a_damaged_lock_is_set_aside_and_the_document_opens(tmp_path: Path,
                                                             content: str) -> None:
    document = tmp_path / "story.txt"
    document.write_text("Once.", encoding="utf-8")
    lock = DocumentLock(tmp_path / "locks")
    folder = tmp_path / "locks"
    folder.mkdir()
    (folder / lock._file(document).name).write_text(content, encoding="utf-8")
    assert lock.holder(document) is None
    assert lock.acquire(document) is None
    assert DocumentLock(folder).acquire(document) is not None  # the fresh lock is read
    assert len(list(folder.glob("*.lock.damaged"))) == 1


def test_a_stale_lock_no_one_may_read_is_replaced_by_one_others_can_read(
        tmp_path: Path) -> None:
    document = tmp_path / "story.txt"
    document.write_text("Once.", encoding="utf-8")
    folder = tmp_path / "locks"
    first = DocumentLock(folder)
    assert first.acquire(document) is None
    first._held = None  # as if its window had been killed
    [file] = folder.glob("*.lock")
    file.write_text(json.dumps({"pid": 2**22 + 11, "session": "ended", "started": 1.0,
                                "owner": "gone"}), encoding="utf-8")
    file.chmod(0)
    assert DocumentLock(folder).acquire(document) is None
    assert stat.S_IMODE(file.stat().st_mode) & stat.S_IRUSR
    assert DocumentLock(folder).acquire(document) is not None


def test_a_lock_written_on_another_computer_is_held(tmp_path: Path) -> None:
    document = tmp_path / "story.txt"
    document.write_text("Once.", encoding="utf-8")
    folder = tmp_path / "locks"
    mine = DocumentLock(folder)
    assert mine.acquire(document) is None
    [file] = folder.glob("*.lock")
    record = json.loads(file.read_text(encoding="utf-8"))
    assert record["host"] == socket.gethostname()
    mine._held = None
    record.update(pid=2**22 + 11, session="elsewhere", owner="theirs",
                  host="another-computer")  # a process id that runs nowhere here
    file.write_text(json.dumps(record), encoding="utf-8")
    holder = DocumentLock(folder).acquire(document)
    assert holder is not None and holder.elsewhere and holder.host == "another-computer"
