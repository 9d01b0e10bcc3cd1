"""Accepting a rewrite keeps the selection's leading and trailing whitespace exactly."""

from __future__ import annotations

import pytest

from writer_app.core.text.placement import continue_point, keep_surrounding_whitespace


@pytest.mark.parametrize(("original", "result", "expected"), [
    ("\n\nSecond, loud.\n", "  Second, calm.\n\n", "\n\nSecond, calm.\n"),
    ("Plain.", "\nRewritten.", "Rewritten."),
    (" word ", "term", " term "),
    ("\t第二段。\n\n", "第二段改写。", "\t第二段改写。\n\n"),
    ("One.\n\nTwo.", "Uno.\n\nDos.\n", "Uno.\n\nDos."),
])
def test_only_the_words_are_replaced(original: str, result: str, expected: str) -> None:
    assert keep_surrounding_whitespace(original, result) == expected


def test_a_blank_original_stays_as_it_is() -> None:
    assert keep_surrounding_whitespace("\n \n", "Text") == "\n \n"


LAMP = "She wiped the salt from the glass, lit the lamp, and"


@pytest.mark.parametrize(("text", "expected"), [
    (LAMP + "\n", len(LAMP)),
    (LAMP + "  \n  ", len(LAMP)),
    ("她擦去玻璃上的盐，点亮了灯，然后想起了小时候奶奶给她讲的那个关于海和灯塔的长长的故事里的\n",
     len("她擦去玻璃上的盐，点亮了灯，然后想起了小时候奶奶给她讲的那个关于海和灯塔的长长的故事里的")),
    (LAMP + ".\n", len(LAMP) + 2),
    (LAMP + "\n\n", len(LAMP) + 2),
    ("它没有帆，也没有桨，却慢慢漂向礁石，好像\n", len("它没有帆，也没有桨，却慢慢漂向礁石，好像")),
    ("第一章\n", len("第一章\n")),
    ("Chapter One\n", len("Chapter One\n")),
    ("The Night the Storm Came\n", len("The Night the Storm Came\n")),
    ("\n", 1),
])
def test_continue_goes_on_with_an_unfinished_last_sentence(text: str, expected: int) -> None:
    assert continue_point(text, len(text)) == expected


def test_continue_mid_document_stays_at_the_cursor() -> None:
    text = LAMP + "\nMore text."
    assert continue_point(text, len(LAMP) + 1) == len(LAMP) + 1
