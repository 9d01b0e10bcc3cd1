"""Spell checking, without Qt: which dictionaries this computer has, whether a word is
spelled right, what to write instead, and the writer's own words.

Enchant (through pyenchant) does the checking, with the Hunspell dictionaries of the
system (pyenchant's Windows wheels carry their own). Where the library or every dictionary
is missing, ``Dictionaries.problem`` says so in a sentence for the writer, nothing is
checked, and the rest of the app works as before.

What is checked: the words of ``core/text/units.py`` (so "don't", "writer's" and
"well-known" are one word each, with a straight or a curly apostrophe). Left alone:
Chinese characters and kana (they are no part of any word), words with a digit or an
underscore, acronyms in capitals, web and mail addresses, and, for a dictionary written
in the Latin alphabet, words of other scripts.

The writer's own words (Add to Dictionary) are kept in a plain UTF-8 file, one word a
line, that they may edit; the ignored words (Ignore) last until the app closes and apply
to every document it opens.
"""

from __future__ import annotations

import functools
import logging
import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any, Protocol

from writer_app.core.documents.files import write_atomic
from writer_app.core.errors import WriterError
from writer_app.core.i18n import QT_TRANSLATE_NOOP, message, message_of
from writer_app.core.text.units import is_latin, word_spans
from writer_app.core.untrusted import UntrustedError, decode, read_bytes

log = logging.getLogger(__name__)

# The ``spelling_language`` setting: a dictionary's tag ("en_GB"), or one of these.
SPELLING_AUTO = ""
SPELLING_OFF = "off"

MAX_SUGGESTIONS = 6
_MAX_WORDS_BYTES = 4 << 20
# A word's verdict is remembered, since a long text repeats its words; the memory is
# dropped whole when it grows past this many words.
_MAX_KNOWN = 200_000
_ADDRESS = re.compile(r"(?:\b[a-z][a-z0-9+.-]*://|\bwww\.)\S+|[\w.+-]+@[\w-]+(?:\.[\w-]+)+",
                      re.IGNORECASE)
# Languages whose dictionaries are not written in the Latin alphabet.
_NON_LATIN = frozenset({
    "am", "ar", "be", "bg", "bn", "el", "fa", "gu", "he", "hi", "hy", "ka", "kk", "km",
    "kn", "ko", "ky", "lo", "mk", "ml", "mn", "mr", "my", "ne", "pa", "ru", "si", "ta",
    "te", "tg", "th", "uk", "ur", "yi"})
_CURLY_APOSTROPHE = "\u2019"


class WordList(Protocol):
    """One language's dictionary, as Enchant gives it."""

    def check(self, word: str) -> bool: ...

    def suggest(self, word: str) -> list[str]: ...


class Dictionaries:
    """The dictionaries this computer has: here none, and ``problem`` says why. What the
    app uses when Enchant cannot be loaded."""

    def __init__(self, problem: str) -> None:
        self._problem = problem

    @property
    def problem(self) -> str:
        """Why nothing can be checked, as a sentence for the writer ("" when something can)."""
        return self._problem

    def languages(self) -> tuple[str, ...]:
        """The tags of the dictionaries there are ("en_US", "en_GB"), sorted."""
        return ()

    def open(self, language: str) -> WordList | None:
        """The dictionary for ``language``, or None when there is none."""
        return None


class EnchantDictionaries(Dictionaries):
    """The dictionaries Enchant finds (Hunspell's, and any other provider's)."""

    def __init__(self, broker: Any) -> None:
        self._broker = broker
        self._languages = tuple(sorted(set(broker.list_languages())))
        super().__init__("" if self._languages else message(QT_TRANSLATE_NOOP(
            "core", "Enchant found no spelling dictionaries. Install one, such as "
            "hunspell-en-us on Debian and Ubuntu, and start writer-app again.")))

    def languages(self) -> tuple[str, ...]:
        return self._languages

    def open(self, language: str) -> WordList | None:
        if language not in self._languages:
            return None
        try:
            found: WordList = self._broker.request_dict(language)
        except Exception as exc:  # pyenchant raises its own errors, and OSError
            log.warning("the %s dictionary did not open: %s", language, exc)
            return None
        return found


@functools.cache
def load_dictionaries() -> Dictionaries:
    """Enchant's dictionaries, or none with the reason when the library is missing."""
    try:
        import enchant
    except (ImportError, OSError) as exc:
        log.warning("spell checking is off: %s", exc)
        return Dictionaries(message(QT_TRANSLATE_NOOP(
            "core", "Spell checking needs the Enchant library, which was not found. "
            "Install it (libenchant-2-2 on Debian and Ubuntu, enchant with Homebrew) and "
            "start writer-app again.")))
    return EnchantDictionaries(enchant.Broker())


def default_language(locale_name: str, available: Sequence[str]) -> str:
    """The dictionary for a writer whose interface is in ``locale_name`` ("en_GB",
    "zh_CN"): that language and region, else that language, else English (American
    first, as Chinese writers mostly mix in American spellings), else none ("")."""
    language = locale_name.split("_", maxsplit=1)[0]
    same = [tag for tag in available if tag.split("_", maxsplit=1)[0] == language]
    english = [tag for tag in available if tag.split("_", maxsplit=1)[0] == "en"]
    for tag in (locale_name, *same, "en_US", *english):
        if tag in available:
            return tag
    return ""


def spelling_language(setting: str, locale_name: str, available: Sequence[str]) -> str:
    """The dictionary the ``spelling_language`` setting asks for, or "" for none: off, or
    a dictionary that is not installed."""
    if setting == SPELLING_OFF:
        return ""
    if setting == SPELLING_AUTO:
        return default_language(locale_name, available)
    return setting if setting in available else ""


def _plain(word: str) -> str:
    return word.replace(_CURLY_APOSTROPHE, "'")


class SpellChecker:
    """Checks text in one language, with the writer's own and ignored words."""

    def __init__(self, words_file: Path, dictionaries: Dictionaries | None = None) -> None:
        self.dictionaries = dictionaries if dictionaries is not None else load_dictionaries()
        self._file = words_file
        self._unreadable = ""  # why the writer's own words could not be read, if so
        self._personal = self._read_words()
        self._ignored: set[str] = set()
        self._language = ""
        self._dictionary: WordList | None = None
        self._latin = True
        self._known: dict[str, bool] = {}

    @property
    def language(self) -> str:
        """The tag of the dictionary in use; "" when nothing is checked."""
        return self._language

    def set_language(self, language: str) -> None:
        """Check in ``language`` from now on ("" for not at all, as for a dictionary
        that is not there)."""
        if language == self._language:
            return
        self._dictionary = self.dictionaries.open(language) if language else None
        self._language = language if self._dictionary is not None else ""
        self._latin = language.split("_", maxsplit=1)[0] not in _NON_LATIN
        self._known.clear()

    def misspelled(self, text: str) -> list[tuple[int, int]]:
        """Where the misspelled words of ``text`` are (start and end indices)."""
        if self._dictionary is None:
            return []
        addresses = [match.span() for match in _ADDRESS.finditer(text)] \
            if "/" in text or "@" in text or "www." in text else []
        found = []
        for start, end in word_spans(text):
            if addresses and any(low <= start < high for low, high in addresses):
                continue
            if not self.is_correct(text[start:end]):
                found.append((start, end))
        return found

    def is_correct(self, word: str) -> bool:
        """Whether ``word`` passes: spelled right, the writer's own, ignored, or not one
        this checker looks at."""
        known = self._known.get(word)
        if known is None:
            known = not self._checked(word) or self._accepted(word)
            if len(self._known) >= _MAX_KNOWN:
                self._known.clear()
            self._known[word] = known
        return known

    def _checked(self, word: str) -> bool:
        if self._dictionary is None or "_" in word or any(char.isdigit() for char in word):
            return False
        if len(word) > 1 and word.isupper():
            return False
        return not self._latin or any(is_latin(char) for char in word)

    def _accepted(self, word: str) -> bool:
        plain = _plain(word)
        lower = plain.lower()
        for kept in (self._personal, self._ignored):
            if plain in kept or lower in kept or plain[:1].lower() + plain[1:] in kept:
                return True
        assert self._dictionary is not None
        return self._dictionary.check(word) or (
            plain != word and self._dictionary.check(plain))

    def suggest(self, word: str) -> list[str]:
        """Up to ``MAX_SUGGESTIONS`` words to write instead of ``word``, best first, with
        its kind of apostrophe."""
        if self._dictionary is None:
            return []
        curly = _CURLY_APOSTROPHE in word
        found = []
        for given in self._dictionary.suggest(_plain(word) if curly else word):
            suggestion = given.replace("'", _CURLY_APOSTROPHE) if curly else given
            if suggestion not in found and suggestion != word:
                found.append(suggestion)
        return found[:MAX_SUGGESTIONS]

    def personal_words(self) -> list[str]:
        """The writer's own words, sorted."""
        return sorted(self._personal)

    def add(self, word: str) -> None:
        """Keep ``word`` in the writer's own words, on disk at once. It passes from now
        on even when the file cannot be written; then a ``WriterError`` says so."""
        word = _plain(word.strip())
        if not word or word in self._personal:
            return
        self._personal.add(word)
        self._known.clear()
        # Another writer-app may have added words since this one read the list.
        self._personal |= self._read_words()
        if self._unreadable:
            # Writing the list now would replace the words that could not be read.
            raise WriterError(message(QT_TRANSLATE_NOOP(
                "core", "Your word list ({name}) could not be read ({why}), so it was not "
                "changed: “{word}” passes until writer-app closes."),
                name=self._file.name, why=self._unreadable, word=word))
        text = "".join(f"{kept}\n" for kept in sorted(self._personal))
        try:
            self._file.parent.mkdir(parents=True, exist_ok=True)
            write_atomic(self._file, text.encode("utf-8"))
        except (OSError, WriterError) as exc:
            why = message_of(exc) if isinstance(exc, WriterError) else exc.strerror or str(exc)
            raise WriterError(message(QT_TRANSLATE_NOOP(
                "core", "“{word}” was not added to your word list: {why} It passes until "
                "writer-app closes."), word=word, why=why)) from exc

    def ignore(self, word: str) -> None:
        """Let ``word`` pass until the app closes."""
        self._ignored.add(_plain(word.strip()))
        self._known.clear()

    def _read_words(self) -> set[str]:
        self._unreadable = ""
        try:
            text = decode(read_bytes(self._file, _MAX_WORDS_BYTES))
        except FileNotFoundError:
            return set()
        except UntrustedError as exc:
            log.warning("the personal word list %s was not read: %s", self._file, exc)
            self._unreadable = str(exc)
            return set()
        return {_plain(line.strip()) for line in text.splitlines() if line.strip()}
