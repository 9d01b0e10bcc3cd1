"""Planning a long summary: the parts are found in time that grows with the text's length."""

from __future__ import annotations

import itertools

import pytest

from writer_app.core.plans import long_summary
from writer_app.core.text import units

PARAGRAPH = ("The harbour woke before the town did. Fishing boats slid out past the "
             "breakwater while the bakers lit their ovens and the gulls argued over the nets. "
             "Nobody on the quay looked up.\n\n")


@pytest.mark.parametrize("budget", [300, 3_000, 30_000])
def test_each_character_is_counted_a_bounded_number_of_times(
        monkeypatch: pytest.MonkeyPatch, budget: int) -> None:
    # Recounting the part so far for every paragraph added to it makes the planning of a
    # long document grow with the square of its length (seconds per megabyte); counting
    # each piece once and adding the counts keeps it linear, whatever the budget.
    counted = 0
    real = units.count_text

    def tallied(text: str) -> units.TextCounts:
        nonlocal counted
        counted += len(text)
        return real(text)

    monkeypatch.setattr(units, "count_text", tallied)
    monkeypatch.setattr(long_summary, "count_text", tallied, raising=False)
    text = PARAGRAPH * 2_000
    parts = long_summary.split_parts(text, budget)
    assert len(parts) > 1
    assert "".join(parts) == text
    assert 0 < counted <= 2 * len(text)


def test_the_parts_are_those_the_estimate_allows() -> None:
    text = PARAGRAPH * 300
    budget = 500
    parts = long_summary.split_parts(text, budget)
    assert all(units.estimate_text_tokens(part) <= budget for part in parts)
    # Each part is as long as it can be: the next paragraph would not have fitted.
    for part, following in itertools.pairwise(parts):
        assert units.estimate_text_tokens(part + following.split("\n\n")[0] + "\n\n") > budget


def test_parts_already_read_are_not_asked_again() -> None:
    text = " ".join(f"Boat number {n} slid out before the town woke." for n in range(600))
    first = long_summary.LongSummary(text, 512)
    for number in range(2):  # two parts read, then the writer stopped
        request = first.next_request()
        assert request is not None
        first.add_result(f"part {number}")
    again = long_summary.LongSummary(text, 512, known=first.known_parts)
    asked = []
    while (request := again.next_request()) is not None:
        asked.append(request.text)
        again.add_result("said")
    assert len(set(first.parts)) == len(first.parts) > 3
    assert asked[:1] == first.parts[2:3]
    assert first.parts[0] not in asked and first.parts[1] not in asked
    assert again.part_summaries[:2] == ["part 0", "part 1"]
    assert len(again.part_summaries) == len(again.parts)
    assert again.summary == "said"
