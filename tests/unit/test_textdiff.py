"""Word diffs that read cleanly: phrases change as a whole, runs never run together."""

from __future__ import annotations

import pytest

from writer_app.core.text.diff import Change, Span, inline_diff, word_diff


def pairs(spans: list[Span]) -> list[tuple[str, str]]:
    return [(span.change.value, span.text) for span in spans]


def test_changes_separated_only_by_spaces_are_one_change() -> None:
    assert pairs(word_diff("The wind pushed hard.", "A storm pushed hard.")) == [
        ("deleted", "The wind"), ("inserted", "A storm"), ("same", " pushed hard.")]


@pytest.mark.parametrize(("original", "rewritten", "expected"), [
    ("He pushed the door.", "The storm pushed the door.",
     [("deleted", "He"), ("same", " "), ("inserted", "The storm"),
      ("same", " pushed the door.")]),
    ("Wind pushed the boat.", "Wind storm the boat.",
     [("same", "Wind "), ("deleted", "pushed"), ("same", " "), ("inserted", "storm"),
      ("same", " the boat.")]),
    ("我喜欢猫", "我喜欢狗",
     [("same", "我喜欢"), ("deleted", "猫"), ("same", " "), ("inserted", "狗")]),
    ("ran quickly home", "ran home",
     [("same", "ran "), ("deleted", "quickly "), ("same", "home")]),
])
def test_inline_runs_are_spaced_apart(original: str, rewritten: str,
                                      expected: list[tuple[str, str]]) -> None:
    assert pairs(inline_diff(original, rewritten)) == expected


@pytest.mark.parametrize(("original", "rewritten"), [
    ("The wind pushed hard, and the boat rolled.", "A storm drove the boat, which rolled."),
    ("One.\n\nTwo three four.", "One.\n\nTwo, three and four!"),
    ("春天来了，花开了。", "春天到了，花都开了。"),
    ("", "All new."),
    ("All gone.", ""),
])
def test_the_diff_gives_both_texts_back(original: str, rewritten: str) -> None:
    spans = word_diff(original, rewritten)
    assert "".join(s.text for s in spans if s.change is not Change.INSERTED) == original
    assert "".join(s.text for s in spans if s.change is not Change.DELETED) == rewritten
