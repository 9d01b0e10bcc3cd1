"""Clean incremental text: split UTF-8, control characters, stop sequences, joins."""

from __future__ import annotations

import pytest

from writer_app.core.textstream import TextStream, join_space


def _run(stream: TextStream, pieces: list[bytes]) -> list[str]:
    out = [stream.feed(piece) for piece in pieces]
    out.append(stream.flush())
    return out


def test_chinese_split_across_tokens_waits_for_its_last_byte() -> None:
    data = "你好，世界".encode()
    out = _run(TextStream(), [bytes([b]) for b in data])
    assert "".join(out) == "你好，世界"
    assert all("\ufffd" not in piece for piece in out)
    assert out[0] == "" and out[2] == "你"


def test_invalid_bytes_are_dropped() -> None:
    assert "".join(_run(TextStream(), [b"ok", b"\xff\xfe", b" fine", b"\xe4"])) == "ok fine"


def test_control_characters_are_removed_newlines_kept() -> None:
    out = "".join(_run(TextStream(), [b"a\x00b\x1b[0m", b"\r\nc\td\x7f"]))
    assert out == "ab[0m\nc\td"


def test_stop_sequence_across_tokens() -> None:
    stream = TextStream(stop=["\n\nPassage:"])
    out = _run(stream, [b"Done.", b"\n", b"\nPas", b"sage: more"])
    assert "".join(out) == "Done."
    assert stream.stopped


def test_text_resembling_a_stop_is_released_when_it_is_not_one() -> None:
    stream = TextStream(stop=["END"])
    assert stream.feed(b"the EN") == "the "
    assert stream.feed(b"ding") == "ENding"
    assert not stream.stopped


def test_strip_leading_whitespace_for_rewrites() -> None:
    assert "".join(_run(TextStream(strip_leading=True), [b"\n", b"  Hello", b" there"])) \
        == "Hello there"


@pytest.mark.parametrize(("before", "first", "expected"), [
    ("He left", "It rained", " "),
    ("He left.", "It rained", " "),
    ("He left ", "It rained", ""),
    ("他走了。", "下雨了", ""),
    ("他走了", "It rained", ""),
    ("He left", ", then", ""),
    ("", "Start", ""),
])
def test_join_space(before: str, first: str, expected: str) -> None:
    assert join_space(before, first) == expected


def test_continuation_drops_a_double_space() -> None:
    assert "".join(_run(TextStream(after="He left. "), [b" It", b" rained"])) == "It rained"


def test_continuation_adds_a_space() -> None:
    assert "".join(_run(TextStream(after="He left."), [b"It", b" rained"])) == " It rained"
