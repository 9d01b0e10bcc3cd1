"""The one matching rule of Find, Replace and Replace All (``core.text.search``)."""

from __future__ import annotations

import pytest

from writer_app.core.text.search import (
    SearchError,
    SearchOptions,
    chunked_matches,
    compile_search,
    match_at,
    matches,
    replacement,
)


def spans(needle: str, text: str, **options: bool) -> list[tuple[int, int]]:
    return [m.span() for m in matches(compile_search(needle, SearchOptions(**options)), text)]


def test_plain_text_ignores_case_unless_asked() -> None:
    text = "Rain, rain, RAIN"
    assert len(spans("rain", text)) == 3
    assert spans("rain", text, match_case=True) == [(6, 10)]


def test_plain_text_is_not_a_pattern() -> None:
    assert spans("a.c", "abc a.c") == [(4, 7)]
    assert spans("(", "f(x)") == [(1, 2)]


def test_whole_words_in_english() -> None:
    text = "rain rainbow drain rain's rain-soaked"
    assert spans("rain", text, whole_words=True) == [(0, 4), (19, 23), (26, 30)]


def test_whole_words_in_chinese_each_character_is_a_word() -> None:
    assert spans("雨", "下雨了", whole_words=True) == [(1, 2)]
    assert spans("下雨", "下雨了", whole_words=True) == [(0, 2)]
    # Latin words touching Chinese characters are whole words too.
    assert spans("rain", "雨rain雨 rainy", whole_words=True) == [(1, 5)]


def test_whole_words_in_korean_need_spaces() -> None:
    assert spans("세계", "안녕 세계 세계적", whole_words=True) == [(3, 5)]


def test_regular_expressions_with_case_and_lines() -> None:
    text = "Chapter 1\nchapter 22\nCHAPTER x"
    assert spans(r"^chapter \d+$", text, regex=True) == [(0, 9), (10, 20)]
    assert spans(r"^chapter \d+$", text, regex=True, match_case=True) == [(10, 20)]
    assert spans(r"\d", text, regex=True, whole_words=True) == [(8, 9)]


def test_an_empty_match_is_no_match() -> None:
    assert spans("x*", "abc", regex=True) == []
    assert spans("^", "a\nb", regex=True) == []


def test_a_bad_pattern_says_why_and_where() -> None:
    with pytest.raises(SearchError, match=r"missing \), unterminated subpattern at character 1"):
        compile_search("(ab", SearchOptions(regex=True))
    with pytest.raises(SearchError, match="unterminated character set at character 1"):
        compile_search("[a", SearchOptions(regex=True, whole_words=True))


def test_replacement_fills_groups_only_for_regular_expressions() -> None:
    pattern = compile_search(r"(\w+)@(?P<host>\w+)", SearchOptions(regex=True))
    match = next(matches(pattern, "mail joe@home"))
    assert replacement(match, r"\g<host>:\1", SearchOptions(regex=True)) == "home:joe"
    assert replacement(match, r"\1", SearchOptions()) == r"\1"
    with pytest.raises(SearchError, match="invalid group reference 3"):
        replacement(match, r"\3", SearchOptions(regex=True))


def test_match_at_judges_a_selection_as_finding_does() -> None:
    text = "rain rainbow"
    whole = compile_search("rain", SearchOptions(whole_words=True))
    assert match_at(whole, text, 0, 4) is not None
    assert match_at(whole, text, 5, 9) is None  # "rain" of "rainbow" is not a whole word
    lazy = compile_search(r"a.*?b", SearchOptions(regex=True))
    assert match_at(lazy, "a-b-b", 0, 3) is not None
    assert match_at(lazy, "a-b-b", 0, 5) is None
    assert match_at(lazy, "a-b-b", 2, 2) is None


@pytest.mark.parametrize(("needle", "options"), [
    ("rain", SearchOptions()),
    ("rain", SearchOptions(whole_words=True)),
    (r"night\.\nrain", SearchOptions(regex=True)),
    (r"^\w+", SearchOptions(regex=True)),
    (r"(?<=\.)\s+\w", SearchOptions(regex=True)),
    (r"[a-z]{3,40}", SearchOptions(regex=True)),
])
@pytest.mark.parametrize("chunk", [5, 7, 16, 1000])
def test_chunks_find_what_one_search_finds(needle: str, options: SearchOptions,
                                           chunk: int) -> None:
    # No match is longer than the look-ahead of 12 characters.
    text = "Rain all night.\nrain, then rainbows at night.\nRAIN 雨 😀 night.\nrain" * 3
    pattern = compile_search(needle, options)
    whole = [match.span() for match in matches(pattern, text)]
    chunked = [span for spans in chunked_matches(pattern, text, chunk, look_ahead=12)
               for span in spans]
    assert chunked == whole
