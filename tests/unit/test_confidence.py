"""Low-confidence words: which are marked, and how the marks follow edits."""

from writer_app.core.protocol import TokenAlternatives, TokenChoice
from writer_app.core.writing.alternatives import AlternativesMap
from writer_app.core.writing.confidence import LOW_CONFIDENCE, ConfidenceMarks, Mark, low_confidence


def _token(text: str, probability: float) -> TokenAlternatives:
    chosen = TokenChoice(text, probability)
    return TokenAlternatives(chosen, (chosen,))


def _laid(*tokens: tuple[str, float]) -> AlternativesMap:
    recorded = AlternativesMap()
    for text, probability in tokens:
        recorded.add(text, (_token(text, probability),))
    return recorded


def _words(marks: list[Mark]) -> list[tuple[int, int, str]]:
    return [(mark.start, mark.end, mark.text) for mark in marks]


def test_only_words_below_the_threshold_are_marked_without_their_spaces() -> None:
    recorded = _laid(("The", 0.9), (" rain", 0.05), (" fell", LOW_CONFIDENCE), (" hard", 0.08))
    assert _words(low_confidence(recorded, at=10)) == [
        (14, 18, "rain"), (24, 28, "hard")]


def test_tokens_of_one_word_are_marked_as_the_whole_word_without_punctuation() -> None:
    recorded = _laid((" extra", 0.9), ("ordinary", 0.05), (",", 0.9), (" it", 0.8))
    assert _words(low_confidence(recorded, at=0)) == [(1, 14, "extraordinary")]


def test_punctuation_alone_is_marked_and_spaces_alone_are_not() -> None:
    recorded = _laid(("Yes", 0.9), (";", 0.05), ("\n\n", 0.01))
    assert _words(low_confidence(recorded, at=0)) == [(3, 4, ";")]


def test_words_without_spaces_are_marked_token_by_token_in_utf16_units() -> None:
    recorded = _laid(("😀", 0.9), ("天气", 0.05), ("很好", 0.9), ("。", 0.9))
    assert _words(low_confidence(recorded, at=1)) == [(3, 5, "天气")]


def test_marks_move_with_edits_before_them_and_go_when_an_edit_touches_them() -> None:
    marks = ConfidenceMarks([Mark(10, 14, "rain", 0.1), Mark(20, 24, "hard", 0.1)])
    marks.edited(0, 0, 3)
    assert [(m.start, m.end) for m in marks] == [(13, 17), (23, 27)]
    marks.edited(17, 0, 1)  # typed right after a word: it stays as it was
    marks.edited(13, 0, 2)  # typed right before a word: it moves
    assert [(m.start, m.end) for m in marks] == [(15, 19), (26, 30)]
    marks.edited(27, 1, 0)  # a letter of the second word deleted
    assert [(m.start, m.end) for m in marks] == [(15, 19)]
    marks.edited(16, 0, 1)  # typed inside the first
    assert len(marks) == 0


def test_a_same_length_change_is_checked_against_the_text() -> None:
    text = "The rain fell"
    marks = ConfidenceMarks([Mark(4, 8, "rain", 0.1)])
    marks.edited(0, len(text), len(text))
    assert len(marks) == 1
    marks.keep_matching(lambda start, end: text[start:end])
    assert len(marks) == 1
    text = "The wind fell"
    marks.keep_matching(lambda start, end: text[start:end])
    assert len(marks) == 0
