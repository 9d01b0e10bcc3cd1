"""Spell checking with Enchant's real dictionaries: which words are checked, suggestions,
the writer's own words on disk, ignored words, and the app without Enchant."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from writer_app.core.errors import WriterError
from writer_app.core.spelling import (
    SPELLING_AUTO,
    SPELLING_OFF,
    Dictionaries,
    SpellChecker,
    default_language,
    load_dictionaries,
    spelling_language,
)
from writer_app.core.text.units import word_spans


@pytest.fixture
def checker(tmp_path: Path) -> SpellChecker:
    found = SpellChecker(tmp_path / "data" / "personal-words.txt")
    found.set_language("en_US")
    assert found.language == "en_US", "the en_US Hunspell dictionary is needed (hunspell-en-us)"
    return found


def _wrong(checker: SpellChecker, text: str) -> list[str]:
    return [text[start:end] for start, end in checker.misspelled(text)]


def test_the_words_are_those_the_count_uses() -> None:
    text = "Don’t stop, writer's well-known 中文 text"
    assert [text[a:b] for a, b in word_spans(text)] == [
        "Don’t", "stop", "writer's", "well-known", "text"]


def test_the_installed_dictionaries_include_both_englishes() -> None:
    dictionaries = load_dictionaries()
    assert dictionaries.problem == ""
    assert {"en_US", "en_GB"} <= set(dictionaries.languages())


def test_misspelled_words_are_found_where_they_are(checker: SpellChecker) -> None:
    text = "Teh writer didn't recieve the letter."
    assert checker.misspelled(text) == [(0, 3), (18, 25)]
    assert _wrong(checker, text) == ["Teh", "recieve"]


def test_apostrophes_straight_and_curly_pass(checker: SpellChecker) -> None:
    assert _wrong(checker, "don't don’t writer's writer’s 'quoted' ‘quoted’") == []
    assert checker.suggest("dont’") == [s.replace("'", "’") for s in checker.suggest("dont'")]
    assert all("'" not in s for s in checker.suggest("dont’"))


def test_what_is_not_checked(checker: SpellChecker) -> None:
    text = ("中文的句子没有拼写检查 NASA UNESCOX 3rd 12abc snake_casex "
            "https://exmaple.org/pathx www.exmaple.com mail@exmaple.com привет")
    assert _wrong(checker, text) == []
    assert _wrong(checker, "中文夹杂 Englsh 单词") == ["Englsh"]


def test_the_variant_decides(tmp_path: Path) -> None:
    checker = SpellChecker(tmp_path / "words.txt")
    checker.set_language("en_US")
    assert _wrong(checker, "the colour of the color") == ["colour"]
    checker.set_language("en_GB")
    assert _wrong(checker, "the colour of the color") == ["color"]


def test_suggestions_come_best_first_and_few(checker: SpellChecker) -> None:
    assert checker.suggest("recieve")[0] == "receive"
    assert 0 < len(checker.suggest("thsi")) <= 6


def test_added_words_pass_and_are_kept_on_disk(checker: SpellChecker, tmp_path: Path) -> None:
    assert _wrong(checker, "Zorblax met a zindle") == ["Zorblax", "zindle"]
    checker.add("Zorblax")
    checker.add("zindle")
    assert _wrong(checker, "Zorblax met a zindle, Zindle and ZINDLE") == []
    assert _wrong(checker, "zorblax") == ["zorblax"], "a capitalised word stays capitalised"
    words_file = tmp_path / "data" / "personal-words.txt"
    assert words_file.read_text(encoding="utf-8") == "Zorblax\nzindle\n"
    again = SpellChecker(words_file)
    again.set_language("en_GB")
    assert _wrong(again, "Zorblax and zindle") == []


def test_two_apps_adding_words_keep_each_others(tmp_path: Path) -> None:
    words_file = tmp_path / "personal-words.txt"
    first, second = SpellChecker(words_file), SpellChecker(words_file)
    first.add("Zorblax")
    second.add("Quibblex")
    assert words_file.read_text(encoding="utf-8") == "Quibblex\nZorblax\n"
    second.set_language("en_US")
    assert _wrong(second, "Zorblax and Quibblex") == []


def test_ignored_words_pass_and_are_not_kept(checker: SpellChecker, tmp_path: Path) -> None:
    checker.ignore("Qwertyx")
    assert _wrong(checker, "Qwertyx here") == []
    assert not (tmp_path / "data" / "personal-words.txt").exists()
    again = SpellChecker(tmp_path / "data" / "personal-words.txt")
    again.set_language("en_US")
    assert _wrong(again, "Qwertyx here") == ["Qwertyx"]


def test_an_unreadable_word_list_is_never_overwritten(tmp_path: Path) -> None:
    words_file = tmp_path / "personal-words.txt"
    words_file.write_bytes(b"caf\xe9\nZorblax\n")
    checker = SpellChecker(words_file)
    checker.set_language("en_US")
    with pytest.raises(WriterError, match="could not be read"):
        checker.add("Quibblex")
    assert words_file.read_bytes() == b"caf\xe9\nZorblax\n"
    assert _wrong(checker, "Quibblex") == [], "the word passes until the app closes"


def test_a_word_list_that_cannot_be_written_says_so(tmp_path: Path) -> None:
    blocker = tmp_path / "data"
    blocker.write_text("a file where the folder should be", encoding="utf-8")
    checker = SpellChecker(blocker / "personal-words.txt")
    checker.set_language("en_US")
    with pytest.raises(WriterError, match="was not added to your word list"):
        checker.add("Quibblex")
    assert _wrong(checker, "Quibblex") == []


def test_the_default_follows_the_interface_language() -> None:
    available = ("de_DE", "en_GB", "en_US")
    assert default_language("en_GB", available) == "en_GB"
    assert default_language("en_AU", available) == "en_GB"
    assert default_language("de_AT", available) == "de_DE"
    assert default_language("zh_CN", available) == "en_US"
    assert default_language("zh_CN", ("en_GB",)) == "en_GB"
    assert default_language("zh_CN", ("fr_FR",)) == ""
    assert spelling_language(SPELLING_OFF, "en_US", available) == ""
    assert spelling_language(SPELLING_AUTO, "zh_CN", available) == "en_US"
    assert spelling_language("en_GB", "zh_CN", available) == "en_GB"
    assert spelling_language("fr_FR", "zh_CN", available) == "", "not installed"


def test_without_dictionaries_nothing_is_checked(tmp_path: Path) -> None:
    checker = SpellChecker(tmp_path / "words.txt", Dictionaries("no library"))
    checker.set_language("en_US")
    assert checker.language == ""
    assert checker.misspelled("Teh recieve") == []
    assert checker.suggest("Teh") == []


def test_without_the_enchant_library_the_reason_is_given() -> None:
    # ``None`` in sys.modules makes ``import enchant`` fail as a missing library does.
    code = ("import sys; sys.modules['enchant'] = None\n"
            "from writer_app.core.spelling import load_dictionaries\n"
            "found = load_dictionaries()\n"
            "print(found.languages()); print(found.problem)")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            check=True)
    languages, problem = result.stdout.splitlines()
    assert languages == "()"
    assert "Enchant library" in problem and "libenchant-2-2" in problem
