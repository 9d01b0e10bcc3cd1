"""Accepting a rewrite keeps the selection's leading and trailing whitespace exactly."""

from __future__ import annotations

import pytest

from writer_app.core.passage import keep_surrounding_whitespace


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
