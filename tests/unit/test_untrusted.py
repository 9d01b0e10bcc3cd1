"""The one way the app reads a file it did not just write: bounded, shallow, typed."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from writer_app.core import untrusted
from writer_app.core.sources.download import SIDECAR_SUFFIX, read_sidecar
from writer_app.core.sources.local import partial_downloads
from writer_app.core.untrusted import (
    UntrustedError,
    names_a_file,
    parse_json,
    parse_toml,
    read_bytes,
    read_json,
    read_json_object,
    set_aside,
    whole,
)


def test_a_fifo_or_a_device_is_refused_without_waiting(tmp_path: Path) -> None:
    fifo = tmp_path / "record.json"
    os.mkfifo(fifo)  # no writer: a blocking open would wait for ever
    with pytest.raises(UntrustedError, match="not a regular file"):
        read_json(fifo, 1024)
    with pytest.raises(UntrustedError, match="not a regular file"):
        read_bytes(Path("/dev/zero"), 1024)
    with pytest.raises(UntrustedError, match="not a regular file"):
        read_bytes(tmp_path, 1024)


def test_a_name_a_record_says_is_a_file_or_not_and_never_raises(tmp_path: Path) -> None:
    # Python's is_file raised on a name longer than the system takes.
    story = tmp_path / "story.txt"
    story.write_text("x", encoding="utf-8")
    os.mkfifo(tmp_path / "fifo")
    assert names_a_file(story)
    for name in ("missing.txt", "fifo", "x" * 5000, "a\x00b", "story.txt/inside", "."):
        assert not names_a_file(tmp_path / name)


def test_at_most_the_limit_is_read(tmp_path: Path) -> None:
    path = tmp_path / "big.json"
    path.write_bytes(b"1" * 101)
    with pytest.raises(UntrustedError, match="larger than 100 bytes"):
        read_bytes(path, 100)
    assert read_bytes(path, 101) == b"1" * 101
    with pytest.raises(FileNotFoundError):
        read_bytes(tmp_path / "none" / "x.json", 100)
    path.write_bytes(b'{"a": "\xff"}')
    with pytest.raises(UntrustedError, match="UTF-8"):
        read_json(path, 100)
    path.write_text("[1]", encoding="utf-8")
    with pytest.raises(UntrustedError, match="JSON object"):
        read_json_object(path, 100)


@pytest.mark.parametrize("text", [
    "[" * 100_000 + "]" * 100_000,
    '{"a": ' * 50_000 + "1" + "}" * 50_000,
    "[" * (untrusted.MAX_DEPTH + 1) + "]" * (untrusted.MAX_DEPTH + 1),
    "[" * 100_000,
])
def test_json_nested_too_deep_is_refused_before_it_is_parsed(text: str) -> None:
    with pytest.raises(UntrustedError, match="nested more than"):
        parse_json(text)


def test_brackets_inside_strings_do_not_count_as_nesting() -> None:
    text = '{"notes": "' + "[{" * 1000 + '\\"' + "[" * 1000 + '"}'
    assert parse_json(text) == {"notes": "[{" * 1000 + '"' + "[" * 1000}
    assert parse_json("[" * untrusted.MAX_DEPTH + "]" * untrusted.MAX_DEPTH)


def test_numbers_out_of_range_read_as_null_and_fail_their_type_check() -> None:
    data = parse_json('{"big": 18446744073709551616, "far": 1e400, "nan": NaN, '
                      '"inf": -Infinity, "fine": 9223372036854775807}')
    assert data == {"big": None, "far": None, "nan": None, "inf": None,
                    "fine": untrusted.MAX_INT}
    assert isinstance(data, dict)
    with pytest.raises(UntrustedError, match="“big” is not a whole number"):
        whole(data, "big", 0, untrusted.MAX_INT)
    with pytest.raises(UntrustedError, match="not valid JSON"):
        parse_json("1" * 5000)  # beyond the digits Python converts


@pytest.mark.parametrize("text", [
    "x = " + "[" * 100_000 + "]" * 100_000,
    "x = " + "{a = " * 50_000 + "1" + "}" * 50_000,
    "x = 18446744073709551616",
    "x = 0xffffffffffffffffff",
    "x = nan",
    "x = inf",
    "x = [1, 2",
])
def test_toml_is_refused_when_deep_out_of_range_or_broken(text: str) -> None:
    with pytest.raises(UntrustedError):
        parse_toml(text)


def test_toml_strings_and_comments_do_not_count_as_nesting() -> None:
    text = ('a = "[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[["\n'
            "b = '{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{'\n"
            'c = """\n' + "[" * 100 + '\n"""\n'
            "# " + "[" * 100 + "\n"
            "d = [[1], [2]]\n")
    assert parse_toml(text)["d"] == [[1], [2]]


def test_a_file_set_aside_keeps_its_bytes_under_a_new_name(tmp_path: Path) -> None:
    path = tmp_path / "history.json"
    path.write_bytes(b"{broken")
    aside = set_aside(path)
    assert aside.name == "history.json.damaged" and aside.read_bytes() == b"{broken"
    assert not path.exists()
    assert set_aside(path) == path  # nothing to move: said, not raised


def test_a_damaged_download_record_is_ignored_and_the_download_starts_over(
        tmp_path: Path) -> None:
    folder = tmp_path / "owner--repo"
    folder.mkdir()
    for name, content in (("deep", "[" * 100_000), ("huge", '{"repo": "o/r", "filename": '
                          '"m.gguf", "size": 1e400}'), ("text", '{"repo": "o/r", '
                          '"filename": "m.gguf", "size": "big"}')):
        (folder / f"{name}.gguf{SIDECAR_SUFFIX}").write_text(content, encoding="utf-8")
    (folder / f"good.gguf{SIDECAR_SUFFIX}").write_text(
        '{"repo": "o/r", "filename": "good.gguf", "size": 10, "sha256": null}',
        encoding="utf-8")
    assert [(each.filename, each.size) for each in partial_downloads(tmp_path)] == [
        ("good.gguf", 10)]
    assert read_sidecar(folder / f"deep.gguf{SIDECAR_SUFFIX}") is None
