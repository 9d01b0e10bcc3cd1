"""The units of text, pinned: every count in the app comes from ``core.text.units``."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from writer_app.core.plans.long_summary import split_parts
from writer_app.core.text.positions import string_index, utf16_length, utf16_position
from writer_app.core.text.units import (
    WHITESPACE,
    CountRule,
    TextCounts,
    count_full_width_punctuation,
    count_no_spaces,
    count_paragraphs,
    count_text,
    count_words,
    counts_in_characters,
    ends_sentence,
    estimate_text_tokens,
    estimate_tokens,
    han_share,
    is_han,
    last_sentence_end,
    sentence_span,
)

TEXTS = Path(__file__).resolve().parents[2] / "bench" / "texts"


@pytest.mark.parametrize(("text", "words"), [
    ("", 0),
    ("Hello, world!", 2),
    ("It's a well-known fact.", 4),          # a hyphen or an apostrophe joins a word
    ("snake_case and don’t", 3),
    ("3.14 and 1,000 and 2026.", 5),         # numbers keep their separators
    ("end.Next", 2),                         # a dot between letters is no separator
    ("COVID-19 rules", 2),
    ("naïve café", 2),                       # composed accents
    ("nai\u0308ve cafe\u0301", 2),           # decomposed accents stay inside the word
    ("你好，世界。", 4),                       # each Chinese character is one
    ("用 Python 写作", 4),
    ("こんにちは", 5),                          # kana too: Japanese is written unspaced
    ("안녕하세요 세계", 2),                      # Hangul words are separated by spaces
    ("𠀋𠀎", 2),                              # Han beyond the Basic Multilingual Plane
    ("\ud800 lone", 1),                      # half of a surrogate pair counts as nothing
    ("— … !!", 0),
])
def test_the_writers_count(text: str, words: int) -> None:
    assert count_words(text) == words
    assert count_text(text).words == words


def test_counts_of_characters() -> None:
    counts = count_text("Hi 你好\n")
    assert counts == TextCounts(words=3, characters=6, characters_no_spaces=4, unspaced=2)
    assert count_text("ab") + count_text("你") == TextCounts(2, 3, 3, 1)


@pytest.mark.parametrize(("char", "han"), [
    ("中", True), ("𠀋", True), ("〇", True), ("々", True),
    ("あ", False), ("한", False), ("a", False), ("，", False), ("\ud800", False),
])
def test_what_is_a_chinese_character(char: str, han: bool) -> None:
    assert is_han(char) is han


def test_scripts() -> None:
    assert han_share("傍晚时分，暴风雨") == 1.0
    assert han_share("The storm") == 0.0
    assert han_share("") == 0.0
    assert counts_in_characters("傍晚时分暴风雨 storm")
    assert counts_in_characters("こんにちは world")
    assert not counts_in_characters("안녕하세요 세계")
    assert not counts_in_characters("")


@pytest.mark.parametrize(("text", "ends"), [
    ("He left.", True), ("He left.”", True), ("他走了。", True), ("他走了。」", True),
    ("Wait…", True), ("Really?!  ", True), ("and then", False), ("Mr", False),
    ("He said \"hello\"", False), ("", False),
])
def test_sentence_ends(text: str, ends: bool) -> None:
    assert ends_sentence(text) is ends


def test_the_last_sentence_end() -> None:
    text = "One. Two 3.5 three! 四。五"
    assert last_sentence_end(text) == text.index("四。") + 2
    assert last_sentence_end(text, text.index("四。") + 2) == -1
    assert last_sentence_end("no end here") == -1


def test_paragraphs_are_separated_by_blank_lines() -> None:
    assert count_paragraphs("One\ntwo\n\n  \nThree") == 2
    assert count_paragraphs("  \n") == 0


def test_the_token_estimate_is_one_rule() -> None:
    assert estimate_text_tokens("") == 1
    assert estimate_text_tokens("abcdef") == 3
    assert estimate_text_tokens("你好") == 4
    text = (TEXTS / "en-long-clockmaker.txt").read_text(encoding="utf-8")
    assert estimate_tokens(count_text(text)) == estimate_text_tokens(text)


def test_the_context_gauge_and_the_long_summary_split_agree() -> None:
    # The gauge's figure comes from the document's counts; the split cuts by the same
    # estimate, so a text the gauge shows within a budget is never cut into parts.
    text = (TEXTS / "en-long-clockmaker.txt").read_text(encoding="utf-8")
    gauge = estimate_tokens(count_text(text))
    assert split_parts(text, gauge) == [text]
    assert len(split_parts(text, gauge - 1)) > 1


@pytest.mark.parametrize(("text", "positions"), [
    ("ab", [0, 1, 2]),
    ("你好", [0, 1, 2]),
    ("a😀b", [0, 1, 3, 4]),                  # a character beyond U+FFFF takes two units
    ("𠀋字", [0, 2, 3]),
    ("x\ud800y", [0, 1, 2, 3]),              # half a pair takes one, as in the editor
])
def test_editor_positions_count_utf16_units(text: str, positions: list[int]) -> None:
    assert [utf16_position(text, index) for index in range(len(text) + 1)] == positions
    assert utf16_length(text) == positions[-1]
    assert [string_index(text, position) for position in positions] == \
        list(range(len(text) + 1))


def test_a_position_inside_a_character_falls_before_it() -> None:
    assert string_index("a😀b", 2) == 1
    assert string_index("a😀b", 99) == 3


@pytest.mark.parametrize(("text", "punctuation"), [
    ("你好，世界。", 2),
    ("他说：“你好。”", 4),                 # curly quotes beside Chinese are full-width
    ("他——说……", 4),
    ("He said “hi”—fine…", 0),            # and beside English they are not
    ("（注）、《书》【一】", 7),
    ("ＡＢＣ１２３", 0),                     # full-width letters and digits are words
    ("안녕하세요, 세계!", 0),
])
def test_full_width_punctuation(text: str, punctuation: int) -> None:
    assert count_full_width_punctuation(text) == punctuation
    assert count_text(text).punctuation == punctuation


def test_the_writers_count_takes_full_width_punctuation_by_default_as_word_does() -> None:
    counts = count_text("你好，世界。Hello, world! 안녕하세요 세계")
    assert counts.words == 4 + 2 + 2
    assert counts.count() == counts.count(CountRule.WITH_PUNCTUATION) == 8 + 2
    assert counts.count(CountRule.WITHOUT_PUNCTUATION) == 8
    assert (counts + counts).count() == 20


@pytest.mark.parametrize(("index", "sentence"), [
    (0, "He left."), (8, "He left."), (9, "She stayed!"), (21, "他走了。"), (27, "她留下"),
    (28, "她留下"),
])
def test_sentence_span(index: int, sentence: str) -> None:
    text = "He left. She stayed! 他走了。她留下"
    start, end = sentence_span(text, index)
    assert text[start:end] == sentence



def test_the_whitespace_dropped_is_exactly_what_python_calls_whitespace() -> None:
    every = {chr(code) for code in range(sys.maxunicode + 1) if chr(code).isspace()}
    assert set(WHITESPACE) == every
    assert count_no_spaces("a b\u3000c\u2029d\u00a0") == 4
