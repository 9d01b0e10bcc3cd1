"""Units of text, each defined once: scripts, words, the writer's count, sentence ends,
paragraphs and the token estimate. Every count the app shows or uses comes from here.

The rules, pinned by ``tests/unit/test_text_units.py``:

- Chinese characters and Japanese kana are written without spaces between words: each is
  a unit of its own, as Chinese and Japanese word processors count 字数 / 文字数.
- Everything else counts words: a run of letters and digits, joined by an apostrophe, a
  hyphen or an underscore ("don't", "well-known", "snake_case" are one word each), and
  numbers with a decimal or thousands separator ("3.14", "1,000" are one word).
- Hangul is a letter like any other: Korean separates its words with spaces, so a Korean
  word is counted like an English one, not syllable by syllable.
- Full-width punctuation (the marks of Chinese and Japanese text: 。，、；：？！「」《》（）
  and the like, and “ ” ‘ ’ … — · where they stand beside Chinese characters, kana or
  other full-width marks) counts one a mark in the writer's count by default, as Word and
  WPS count 字数; ``CountRule.WITHOUT_PUNCTUATION`` leaves it out (``TextCounts.count``).
- Any other punctuation, symbols and half of a surrogate pair count as nothing.
- A Markdown document is counted without its marks (``core.text.markdown``).

``Counting`` is the writer's count of a document: the status bar, the selection's count
and the Assistant panel's lengths ("260 → 68 words") all count through it, so they agree.
"""

from __future__ import annotations

import enum
import re
import unicodedata
from dataclasses import dataclass

from writer_app.core.i18n import QT_TRANSLATE_NOOP, Message, message
from writer_app.core.text.markdown import plain_text

# Chinese characters: radicals, 々 〇 and the Suzhou numerals, the unified ideographs
# with their extensions, and the compatibility ideographs.
_HAN = ("\u2e80-\u2fdf\u3005\u3007\u3021-\u3029\u3038-\u303b\u3400-\u4dbf\u4e00-\u9fff"
        "\uf900-\ufaff\U00020000-\U0003ffff")
# Hiragana, katakana (with its long-vowel mark) and their phonetic extensions.
_KANA = "\u3040-\u30ff\u31f0-\u31ff\uff66-\uff9f"
# Scripts whose characters are each a unit: the character class, without brackets.
UNSPACED = _HAN + _KANA

# Full-width punctuation: the CJK Symbols and Punctuation block (less its ideographs and
# the ideographic space), vertical and compatibility forms, and the full-width forms that
# are neither letters nor digits.
_FULL_WIDTH_MARKS = ("\u3001-\u3004\u3008-\u3020\u3030-\u3037\u303c-\u303f\ufe10-\ufe19"
                     "\ufe30-\ufe4f\uff01-\uff0f\uff1a-\uff20\uff3b-\uff40\uff5b-\uff60"
                     "\uffe0-\uffe6")
# Marks that Chinese and English share; full-width when they touch Chinese text.
_SHARED_MARKS = "\u201c\u201d\u2018\u2019\u2026\u2014\u2015\u00b7\u2027"
_FULL_WIDTH_MARK = re.compile(f"[{_FULL_WIDTH_MARKS}]")
_SHARED_RUN = re.compile(f"[{_SHARED_MARKS}]+")
_FULL_WIDTH_NEIGHBOUR = re.compile(f"[{UNSPACED}{_FULL_WIDTH_MARKS}]")
_HAN_CHAR = re.compile(f"[{_HAN}]")
_UNSPACED_CHAR = re.compile(f"[{UNSPACED}]")
# A letter or digit of a spaced script, or a combining mark that belongs to one.
_LETTER = rf"(?:[^\W_{UNSPACED}]|[\u0300-\u036f])"
_WORD = re.compile(rf"{_LETTER}+(?:(?:['’\-‐_]|(?<=\d)[.,](?=\d)){_LETTER}+)*")

# Sentences end at one of these, followed by any closing quotes or brackets.
SENTENCE_TERMINATORS = ".!?。！？…"
CLOSERS = "\"'”’」』）)]》〉"
# A clause that the next line may follow without finishing a sentence: a list's lead-in.
CLAUSE_ENDS = ":;：；"
# A sentence ends at a terminator and its closers, once the next character shows it is
# not a decimal point or an abbreviation's dot ("3.5", "Mr.Smith"): Latin terminators need
# whitespace after them, Chinese ones anything but another closer.
SENTENCE_END = re.compile(
    rf"(?:[.!?]+[{re.escape(CLOSERS)}]*(?=\s)|[。！？…]+[{re.escape(CLOSERS)}]*"
    rf"(?=[^{re.escape(CLOSERS)}]))"
)
_FINAL_SENTENCE_END = re.compile(rf"[{re.escape(SENTENCE_TERMINATORS)}]+"
                                 rf"[{re.escape(CLOSERS)}]*$")
_BLANK_LINE = re.compile(r"\n\s*\n")

# The token estimate: a typical small-model vocabulary takes about three characters of
# spaced text a token, and a token and a half for a Chinese character or kana. It errs on
# the high side, so that what it says fits does fit.
_CHARACTERS_PER_TOKEN = 3


def is_han(char: str) -> bool:
    """True for a Chinese character."""
    return _HAN_CHAR.fullmatch(char) is not None


def is_latin(char: str) -> bool:
    """True for a letter of the Latin alphabet, accented ones included."""
    return char.isalpha() and unicodedata.name(char, "").startswith("LATIN ")


def han_share(text: str) -> float:
    """The share of Chinese characters among the text's Chinese and Latin letters."""
    han = len(_HAN_CHAR.findall(text))
    latin = sum(1 for char in text if is_latin(char))
    return han / (han + latin) if han + latin else 0.0


def word_spans(text: str) -> list[tuple[int, int]]:
    """Where the words of ``text`` are (start and end indices), by the rule that counts
    them; Chinese characters and kana are no part of any."""
    return [match.span() for match in _WORD.finditer(text)]


def count_words(text: str) -> int:
    """``text``'s words, plus each Chinese character and kana, without punctuation: the
    measure that prompts and plans use (the writer's own count is ``TextCounts.count``)."""
    return len(_WORD.findall(text)) + len(_UNSPACED_CHAR.findall(text))


def counts_in_characters(text: str) -> bool:
    """Whether a writer measures ``text`` in characters (字) rather than words: mostly
    Chinese or Japanese."""
    unspaced = len(_UNSPACED_CHAR.findall(text))
    latin = sum(1 for char in text if is_latin(char))
    return unspaced + latin > 0 and unspaced / (unspaced + latin) >= 0.5


def unit_name(text: str) -> str:
    """What ``count_words`` counts in ``text``: "characters" for Chinese, else "words"."""
    return "characters" if counts_in_characters(text) else "words"


def count_unit() -> Message:
    """The word beside the writer's count (``Counting.count``) wherever it is shown: the
    status bar, the Assistant panel's lengths, the review's warnings. One word whatever
    the text's script, as Word and WPS name their count: "words" in English, 字 in
    Chinese (a Chinese character and an English word each count one)."""
    return message(QT_TRANSLATE_NOOP("core", "words"))


def count_paragraphs(text: str) -> int:
    """How many paragraphs ``text`` has: runs of text between blank lines."""
    return sum(1 for block in _BLANK_LINE.split(text) if block.strip())


def ends_sentence(text: str) -> bool:
    """Whether ``text`` (trailing whitespace aside) ends with a finished sentence."""
    return _FINAL_SENTENCE_END.search(text.rstrip()) is not None


def last_sentence_end(text: str, start: int = 0) -> int:
    """The index just after the last sentence end in ``text[start:]``, or -1."""
    found = -1
    for match in SENTENCE_END.finditer(text, start):
        found = match.end()
    return found


def count_full_width_punctuation(text: str) -> int:
    """How many full-width punctuation marks ``text`` has (see the module's rules)."""
    shared = sum(len(run.group()) for run in _SHARED_RUN.finditer(text)
                 if _FULL_WIDTH_NEIGHBOUR.match(text[run.start() - 1:run.start()])
                 or _FULL_WIDTH_NEIGHBOUR.match(text, run.end()))
    return len(_FULL_WIDTH_MARK.findall(text)) + shared


class CountRule(enum.Enum):
    """Whether the writer's count (字数) takes in full-width punctuation."""

    WITH_PUNCTUATION = "with_punctuation"
    """Word's and WPS's way: each full-width mark counts one, like a Chinese character."""
    WITHOUT_PUNCTUATION = "without_punctuation"
    """Only words, Chinese characters and kana."""


def sentence_span(text: str, index: int) -> tuple[int, int]:
    """The start and end in ``text`` (one paragraph) of the sentence that holds
    ``text[index]``; a cursor just after a sentence's end is still in that sentence, one
    after the space that follows it is in the next."""
    start = 0
    for match in SENTENCE_END.finditer(text):
        if index <= match.end():
            end = match.end()
            break
        start = match.end()
    else:
        end = len(text)
    while start < min(index, end) and text[start].isspace():
        start += 1
    return start, end


@dataclass(frozen=True)
class TextCounts:
    """Words (each Chinese character and kana counts as one), characters (without
    whitespace too), how many of the characters are Chinese or kana, and how many are
    full-width punctuation."""

    words: int
    characters: int
    characters_no_spaces: int
    unspaced: int = 0
    punctuation: int = 0

    def __add__(self, other: TextCounts) -> TextCounts:
        return TextCounts(self.words + other.words, self.characters + other.characters,
                          self.characters_no_spaces + other.characters_no_spaces,
                          self.unspaced + other.unspaced, self.punctuation + other.punctuation)

    def count(self, rule: CountRule = CountRule.WITH_PUNCTUATION) -> int:
        """The writer's count under ``rule``: the number the status bar and goals show."""
        if rule is CountRule.WITH_PUNCTUATION:
            return self.words + self.punctuation
        return self.words


# Every character ``str.isspace`` takes for whitespace, to drop them all in one pass of
# ``str.translate`` (twenty times faster than asking each character).
WHITESPACE = ("\t\n\v\f\r\x1c\x1d\x1e\x1f \x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004"
              "\u2005\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000")
_DROP_WHITESPACE = dict.fromkeys(map(ord, WHITESPACE))


def count_no_spaces(text: str) -> int:
    """The characters of ``text`` that are not whitespace."""
    return len(text.translate(_DROP_WHITESPACE))


def count_text(text: str) -> TextCounts:
    """Count ``text`` the way a writer expects, in English and in Chinese."""
    no_spaces = count_no_spaces(text)
    unspaced = len(_UNSPACED_CHAR.findall(text))
    return TextCounts(len(_WORD.findall(text)) + unspaced, len(text), no_spaces, unspaced,
                      count_full_width_punctuation(text))


@dataclass(frozen=True)
class Counting:
    """How the writer counts a document's text: a Markdown document without its marks,
    and full-width punctuation as ``rule`` says."""

    markdown: bool = False
    rule: CountRule = CountRule.WITH_PUNCTUATION

    def counts(self, text: str) -> TextCounts:
        """All the counts of ``text`` (a passage of the document, or all of it)."""
        return count_text(plain_text(text) if self.markdown else text)

    def count(self, text: str) -> int:
        """The writer's count of ``text``: the number the status bar shows for it."""
        return self.counts(text).count(self.rule)


PLAIN_COUNTING = Counting()
"""A plain-text document counted under the default rule."""


def estimate_tokens(counts: TextCounts) -> int:
    """About how many tokens a text of these counts takes; see ``_CHARACTERS_PER_TOKEN``."""
    spaced = counts.characters - counts.unspaced
    return spaced // _CHARACTERS_PER_TOKEN + (3 * counts.unspaced + 1) // 2 + 1


def estimate_text_tokens(text: str) -> int:
    """``estimate_tokens`` of ``text`` itself."""
    return estimate_tokens(count_text(text))
