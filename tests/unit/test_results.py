"""Earlier results of a request stay reachable after a retry."""

from __future__ import annotations

from writer_app.core.writing.results import Results


def test_retries_are_kept_and_reachable_in_order() -> None:
    results: Results[str] = Results()
    assert results.current is None and results.number == 0
    for text in ("first", "second", "third"):
        results.add(text)
    assert results.current == "third" and results.number == len(results) == 3
    assert not results.can_go_forward
    assert results.back() == "second" and results.number == 2
    assert results.back() == "first" and not results.can_go_back
    assert results.back() == "first"
    assert results.forward() == "second"
    results.add("fourth")
    assert results.current == "fourth" and results.number == len(results) == 4


def test_only_the_last_few_are_kept() -> None:
    results: Results[int] = Results(keep=5)
    for number in range(8):
        results.add(number)
    assert len(results) == 5
    while results.can_go_back:
        results.back()
    assert results.current == 3
    results.clear()
    assert results.current is None and len(results) == 0
