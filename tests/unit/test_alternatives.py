"""The map from a continuation's tokens to their places in the inserted text."""

from writer_app.core.protocol import TokenAlternatives, TokenChoice
from writer_app.core.text.positions import utf16_length
from writer_app.core.writing.alternatives import AlternativesMap


def _entry(text: str, *others: str) -> TokenAlternatives:
    chosen = TokenChoice(text, 0.6)
    return TokenAlternatives(chosen, (chosen, *(TokenChoice(o, 0.1) for o in others)))


def test_tokens_are_laid_end_to_end_over_the_text() -> None:
    spans = AlternativesMap()
    spans.add("The rain", (_entry("The", "A"), _entry(" rain", " wind")))
    spans.add(" fell", (_entry(" fell", " rose"),))
    assert spans.length == len("The rain fell")
    found = spans.at(5)
    assert found is not None and (found.start, found.end, found.text) == (3, 8, " rain")
    assert [c.text for c in found.choices()] == [" wind"]
    assert spans.at(13) is None


def test_text_without_alternatives_only_moves_the_offset() -> None:
    spans = AlternativesMap()
    spans.add("abc", ())
    spans.add("de", (_entry("de", "xy"),))
    assert len(spans) == 1
    assert spans.at(1) is None
    found = spans.at(3)
    assert found is not None and found.start == 3


def test_a_cleaned_chunk_keeps_one_span_with_its_first_tokens_alternatives() -> None:
    spans = AlternativesMap()
    spans.add("rain", (_entry(" rain", " wind"),))
    found = spans.at(0)
    assert found is not None and (found.start, found.end, found.text) == (0, 4, "rain")


def test_offsets_count_utf16_units() -> None:
    spans = AlternativesMap()
    spans.add("😀 ok", (_entry("😀"), _entry(" ok", " no")))
    assert utf16_length("😀") == 2
    found = spans.at(2)
    assert found is not None and (found.start, found.end) == (2, 5)


def test_replacing_a_token_shifts_the_ones_after_it() -> None:
    spans = AlternativesMap()
    spans.add("The rain fell", (_entry("The"), _entry(" rain", " thunder"), _entry(" fell")))
    rain = spans.at(4)
    assert rain is not None
    spans.replace(rain, " thunder")
    fell = spans.at(len("The thunder "))
    assert fell is not None and (fell.start, fell.text) == (len("The thunder"), " fell")
    again = spans.at(5)
    assert again is not None and again.text == " thunder"
    assert [c.text for c in again.choices()] == [" rain"]
    assert spans.length == len("The thunder fell")
