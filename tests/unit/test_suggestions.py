"""Where inline suggestions appear, what of an answer is shown, and what one word is."""

from __future__ import annotations

import pytest

from writer_app.core.writing.suggestions import can_suggest, ends_line, next_word, shown_part


@pytest.mark.parametrize(("before", "after", "expected"), [
    ("The harbour was quiet", "", True),
    ("The harbour was quiet", "\nNext line.", True),
    ("The harbour was quiet", " that morning.", True),
    ("The harbour was quiet ", "", True),
    ("The harbour was qu", "iet", False),
    ("", "", False),
    ("Title\n", "", False),
    ("Title\n   ", "", False),
    ("港口很安静", "", True),
])
def test_a_suggestion_appears_only_at_a_line_end_or_before_whitespace_after_text(
        before: str, after: str, expected: bool) -> None:
    assert can_suggest(before, after) is expected


def test_the_shown_part_stays_on_the_line_and_does_not_double_the_space() -> None:
    assert shown_part(" the boats rocked.\nA new line.", "quiet") == " the boats rocked."
    assert shown_part(" the boats rocked.", "quiet ") == "the boats rocked."
    assert shown_part("\nA new paragraph.", "quiet") == ""
    assert shown_part("   ", "quiet") == ""
    assert ends_line(" the boats.\n") and not ends_line(" the boats.")


@pytest.mark.parametrize(("suggestion", "word"), [
    (" the boats rocked.", " the"),
    ("the boats", "the"),
    (" rocked.", " rocked."),
    ("船在摇晃。", "船"),
    ("晃。然后", "晃。"),
    ("", ""),
])
def test_one_word_is_the_spaces_and_the_word_after_them(suggestion: str, word: str) -> None:
    assert next_word(suggestion) == word
