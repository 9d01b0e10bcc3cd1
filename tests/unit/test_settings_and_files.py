"""Settings that survive damage and newer versions; files that round-trip byte for byte."""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path

import pytest

from writer_app.core.documents.files import (
    DocumentError,
    TextFormat,
    decode_text,
    encode_text,
    is_document_file,
    read_document,
    write_atomic,
)
from writer_app.core.requests import SamplingSettings
from writer_app.core.settings import Settings, SettingsStore
from writer_app.core.text.diff import Change, tokens, word_diff
from writer_app.core.text.units import count_text


def test_settings_round_trip_writes_only_what_differs(tmp_path: Path) -> None:
    store = SettingsStore(tmp_path / "settings.json")
    settings = Settings(sampling=SamplingSettings(temperature=0.2, stop=("\n\n",)),
                        n_ctx=8192, recent_files=("/a.txt",))
    store.save(settings)
    data = json.loads(store.path.read_text(encoding="utf-8"))
    assert data == {"schema_version": 1, "sampling": {"temperature": 0.2, "stop": ["\n\n"]},
                    "n_ctx": 8192, "recent_files": ["/a.txt"]}
    loaded, warning = store.load()
    assert warning is None and loaded == settings


def test_unknown_keys_from_a_newer_version_are_kept(tmp_path: Path) -> None:
    store = SettingsStore(tmp_path / "settings.json")
    store.path.write_text(json.dumps({"schema_version": 7, "n_ctx": 2048,
                                      "cloud_sync": {"on": False}}), encoding="utf-8")
    settings, warning = store.load()
    assert warning is None and settings.n_ctx == 2048
    store.save(settings.replace(threads=4))
    data = json.loads(store.path.read_text(encoding="utf-8"))
    assert data["cloud_sync"] == {"on": False} and data["threads"] == 4


@pytest.mark.parametrize("content", ['{"n_ctx": 4096', '{"sampling": {"top_k": "many"}}',
                                     "[1, 2]", '{"n_ctx": true}',
                                     '{"n_ctx": ' + "[" * 100_000 + "]" * 100_000 + "}",
                                     '{"n_ctx": 18446744073709551616}'])
def test_a_damaged_settings_file_is_backed_up(tmp_path: Path, content: str) -> None:
    store = SettingsStore(tmp_path / "settings.json")
    store.path.write_text(content, encoding="utf-8")
    settings, warning = store.load()
    assert settings == Settings()
    assert warning is not None and "defaults" in warning
    backups = list(tmp_path.glob("settings.json.corrupt-*"))
    assert len(backups) == 1 and backups[0].read_text(encoding="utf-8") == content


def test_a_settings_file_that_is_not_a_file_is_refused_without_waiting(tmp_path: Path) -> None:
    store = SettingsStore(tmp_path / "settings.json")
    os.mkfifo(store.path)
    settings, warning = store.load()
    assert settings == Settings()
    assert warning is not None and "not a regular file" in warning


@pytest.mark.parametrize("raw", [
    b"one\ntwo\n", b"one\r\ntwo\r\n", b"\xef\xbb\xbfBOM \xe4\xb8\xad\r\n",
    "夜晚的城市\n".encode(), "\ufeffUTF-16 文本\r\n".encode("utf-16"),
], ids=["lf", "crlf", "utf8-bom", "chinese", "utf16"])
def test_unedited_text_round_trips_byte_for_byte(raw: bytes) -> None:
    text, text_format = decode_text(raw)
    assert "\r" not in text
    assert encode_text(text, text_format) == raw


CHINESE = ("夜晚的城市很安静，雨一直下个不停。她沿着河岸慢慢地走，想着那封还没有寄出的信。"
           "明天她会再写一封，告诉他这里的一切都很好，只是有点想家。\n") * 3
TRADITIONAL = ("夜晚的城市很安靜，雨一直下個不停。她沿著河岸慢慢地走，想著那封還沒有寄出的信。"
               "明天她會再寫一封，告訴他這裡的一切都很好，只是有點想家。\n") * 3
JAPANESE = ("夜の街はとても静かで、雨が降り続いていた。彼女は川沿いをゆっくり歩きながら、"
            "まだ出していない手紙のことを考えていた。\n") * 3
LATIN = ("Café au lait, crème brûlée et déjà vu: l'été à Paris était très agréable. "
         "Ça m'a plu énormément.\n") * 3


@pytest.mark.parametrize(("text", "encoding"), [
    (CHINESE, "gb18030"), (CHINESE, "gbk"), (TRADITIONAL, "big5"),
    (JAPANESE, "shift_jis"), (LATIN, "latin-1"), (CHINESE, "utf-16"),
], ids=["gb18030", "gbk", "big5", "shift-jis", "latin-1", "utf-16-bom"])
def test_legacy_encodings_are_detected_and_kept(text: str, encoding: str) -> None:
    raw = text.encode(encoding)
    decoded, text_format = decode_text(raw)
    assert decoded == text
    assert encode_text(decoded, text_format) == raw
    assert text_format.encoding != "utf-8"


def test_binary_files_are_refused_with_a_reason(tmp_path: Path) -> None:
    (tmp_path / "img.png").write_bytes(b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR")
    with pytest.raises(DocumentError, match="binary"):
        read_document(tmp_path / "img.png")


def test_text_format_label() -> None:
    assert TextFormat("utf-8-sig", "\r\n").label == "UTF-8 BOM · CRLF"


@pytest.mark.skipif(os.name != "posix", reason="POSIX permissions")
def test_atomic_save_keeps_permissions_and_leaves_no_temp_file(tmp_path: Path) -> None:
    path = tmp_path / "draft.txt"
    path.write_text("old")
    path.chmod(0o600)
    write_atomic(path, b"new")
    assert path.read_bytes() == b"new"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert [p.name for p in tmp_path.iterdir()] == ["draft.txt"]


def test_failed_save_leaves_the_original(tmp_path: Path) -> None:
    with pytest.raises(DocumentError, match="no longer exists"):
        write_atomic(tmp_path / "gone" / "draft.txt", b"x")


def test_counts_in_english_and_chinese() -> None:
    counts = count_text("Hello, world! 你好，世界。 It's 2026.")
    assert counts.words == 4 + 4  # Hello, world, It's, 2026 and four characters
    assert count_text("").words == 0


def test_word_diff_marks_words_and_chinese_characters() -> None:
    spans = word_diff("The cat sat.", "The dog sat.")
    assert [(s.change, s.text) for s in spans] == [
        (Change.SAME, "The "), (Change.DELETED, "cat"), (Change.INSERTED, "dog"),
        (Change.SAME, " sat."),
    ]
    chinese = word_diff("我喜欢猫", "我喜欢狗")
    assert [s.text for s in chinese if s.change is not Change.SAME] == ["猫", "狗"]
    assert "".join(tokens("mixed 中文 text")) == "mixed 中文 text"


def test_a_full_disk_leaves_the_original_and_says_why(tmp_path: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    import errno

    path = tmp_path / "draft.txt"
    path.write_text("the only copy", encoding="utf-8")

    def full(fd: int) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "fsync", full)
    with pytest.raises(DocumentError, match=r"the disk is full.*unchanged"):
        write_atomic(path, b"new words")
    assert path.read_text(encoding="utf-8") == "the only copy"
    assert [p.name for p in tmp_path.iterdir()] == ["draft.txt"]


@pytest.mark.skipif(os.name != "posix", reason="POSIX permissions")
def test_the_access_token_is_readable_by_its_owner_only(tmp_path: Path) -> None:
    from writer_app.core.settings import read_token, write_token

    token_file = tmp_path / "config" / "hub-token"
    write_token(token_file, "hf_secret")
    assert stat.S_IMODE(token_file.stat().st_mode) == 0o600
    assert read_token(token_file) == "hf_secret"
    write_token(token_file, "")
    assert not token_file.exists() and read_token(token_file) == ""


def test_the_proxy_setting_reaches_the_hub_client_and_only_when_it_changes(
        monkeypatch: pytest.MonkeyPatch) -> None:
    import huggingface_hub

    from writer_app.core.sources import hub

    for variable in ("HTTPS_PROXY", "HTTP_PROXY"):
        monkeypatch.delenv(variable, raising=False)
    closed: list[bool] = []
    monkeypatch.setattr(huggingface_hub, "close_session", lambda: closed.append(True))
    hub.configure_proxy("")  # whatever an earlier test set
    closed.clear()
    hub.configure_proxy("")
    assert closed == []
    hub.configure_proxy("http://proxy.example:8080")
    hub.configure_proxy("http://proxy.example:8080")
    assert os.environ["HTTPS_PROXY"] == "http://proxy.example:8080" and len(closed) == 1
    hub.configure_proxy("")
    assert "HTTPS_PROXY" not in os.environ and len(closed) == 2


def test_what_opens_as_a_document(tmp_path: Path) -> None:
    named = {"story.txt": b"text", "notes.MD": b"# notes", "data.csv": b"a,b",
             "README": b"plain words", "utf16": "\ufeffwide".encode("utf-16"),
             "cover.png": b"\x89PNG\r\n", "blob": b"\x00\x01binary", "book.pdf": b"%PDF-1.7"}
    for name, content in named.items():
        (tmp_path / name).write_bytes(content)
    opens = {name for name in named if is_document_file(tmp_path / name)}
    assert opens == {"story.txt", "notes.MD", "data.csv", "README", "utf16"}
    assert is_document_file(tmp_path / "not-yet.txt")
