"""Compose a draft from a brief: an outline first, then the draft section by section.

Each request is an instruction (``Action.COMPOSE``): the material between the [TEXT]
markers, then the task. The material starts with what stays the same for the whole draft
(the brief, then the outline), so the KV cache keeps it from one section to the next, and
ends with the end of the previous section only, never the whole draft: a section's prompt
stays the same size however long the draft grows, and no target length meets the context
window.

Only the writer's words and the model's answer reach the document. An outline line that
recites the app's own instructions (a small model's habit) is not a section, a heading
written twice is one section, and an outline with the wrong number of sections or in the
wrong language is asked for once more. An outline item is a heading and its notes, split
at its first clause when it is a sentence, never inside a word. A section's text is
cleaned as it streams (``SectionText``): a line or sentence that recites the prompt (the
brief, its labels, the section's instructions, its notes) is left out
(``remove_echoes``), and so are the model's own headings; the section ends at its last
sentence end, without a dangling fragment.

After the draft, the brief's keywords that the prose never uses are listed; each can be
worked into the paragraph (the line) that comes closest to it with an ordinary rewrite,
which is used only if it has the keyword and keeps most of the paragraph.
"""

from __future__ import annotations

import dataclasses
import enum
import functools
import itertools
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from writer_app.core.plans.headless import Generates, run_request
from writer_app.core.plans.templates import LANGUAGES, MAX_SECTIONS, Template
from writer_app.core.protocol import FinishReason
from writer_app.core.requests import Action, GenerationRequest, SamplingSettings
from writer_app.core.text.diff import tokens
from writer_app.core.text.units import (
    CLAUSE_ENDS,
    SENTENCE_END,
    count_words,
    ends_sentence,
    han_share,
    is_han,
    last_sentence_end,
)
from writer_app.core.writing.cleanup import HEAD_RULES, is_echo
from writer_app.core.writing.prompts import INSTRUCTIONS

# How much of the previous section a section's prompt carries, in characters: enough to
# follow on from its last paragraph, small against any context window.
PREVIOUS_CHARS = {"en": 700, "zh": 300}
# Tokens a section may take per unit of its target length, and a little more.
_TOKENS_PER_UNIT = 2
_EXTRA_TOKENS = 64
_OUTLINE_TOKENS_PER_SECTION = 48
# An outline's heading and notes are cut to this many characters (at a word's end): a
# model that rambles cannot make every section's prompt outgrow the context window.
_MAX_HEADING, _MAX_NOTES = 120, 400
# An outline item longer than this (in words, or Chinese characters) is a sentence, not a
# heading: it is split at its first clause.
_LONG_HEADING = 12
# "导语：晨屿旗舰店开业", "Introduction: Why bees matter": a colon after a label this short
# (in words, or Chinese characters), before a title this short, belongs to the heading.
_COLON_LABEL, _COLON_TITLE = {"en": 1, "zh": 4}, {"en": 8, "zh": 16}
_KEYWORD_SPLIT = re.compile(r"[,，;；、\n]+")
# A rewrite that keeps less than this share of its paragraph's length loses the writer's
# text, whatever keyword it gains.
MIN_KEPT = 0.5


@dataclass(frozen=True)
class _Words:
    """The prompt's own words in one language (the writer's template supplies the rest)."""

    brief: str
    genre: str
    topic: str
    keywords: str
    audience: str
    tone: str
    length: str
    language: str
    outline: str
    previous: str
    reader: str
    list_joiner: str
    outline_task: str
    section_task: str
    follow_on: str
    work_in: str


_WORDS = {
    "en": _Words(
        brief="The writer's brief for a new text (not a text to edit):",
        genre="Genre", topic="Topic", keywords="Keywords (use every one)",
        audience="Audience", tone="Tone", length="Length: about {length} words in all",
        language="Language", outline="Outline", previous="End of the previous section",
        reader="a general reader", list_joiner=", ",
        outline_task=(
            "Answer with the outline only, in {language}: a numbered list of exactly "
            "{sections} sections, one line each, with the section's heading, a colon, and "
            "what the section covers, like this:\n"
            "1. First heading: what the first section covers\n"
            "2. Second heading: what the second section covers"
        ),
        section_task=(
            " Write only the text of this section, about {section_length} words, in "
            "{language}. Do not repeat its heading and do not write the other sections."
        ),
        follow_on=" Carry on from the end of the previous section.",
        work_in=(
            "Rewrite the passage so that it uses the term \"{keyword}\" naturally, keeping "
            "its meaning, its language and its length."
        ),
    ),
    "zh": _Words(
        brief="写作要求（要写一篇新文章，不是修改文章）：",
        genre="体裁", topic="主题", keywords="关键词（每个都要用到）", audience="读者",
        tone="语气", length="篇幅：全文约{length}字", language="语言", outline="提纲",
        previous="上一部分的结尾", reader="普通读者", list_joiner="、",
        outline_task=(
            "只输出提纲，用{language}：一个编号列表，恰好{sections}个部分，每部分一行，"
            "写小标题、冒号和这一部分写什么，例如：\n"
            "1. 第一个小标题：第一部分写什么\n"
            "2. 第二个小标题：第二部分写什么"
        ),
        section_task=(
            "只写这一部分的正文，约{section_length}字，用{language}。"
            "不要重复小标题，也不要写其他部分。"
        ),
        follow_on="紧接上一部分的结尾往下写。",
        work_in="改写这段文字，自然地用上“{keyword}”这个词，保持原意、语言和篇幅。",
    ),
}
_LANGUAGE_NAMES = {"en": LANGUAGES, "zh": {"en": "英文", "zh": "简体中文"}}


def unwrap(text: str) -> str:
    """Instructions as one paragraph: a line break inside them becomes a space between
    words, and nothing between Chinese characters."""
    return re.sub(r"(?<=(.))\n(?=\S)",
                  lambda m: " " if m.group(1).isascii() and not m.group(1).isspace() else "",
                  text.strip())


def parse_keywords(text: str) -> tuple[str, ...]:
    """Keywords from a line the writer typed: separated by commas, semicolons or 、."""
    found = (" ".join(part.split()) for part in _KEYWORD_SPLIT.split(text))
    return tuple(dict.fromkeys(word for word in found if word))


@dataclass(frozen=True)
class Brief:
    """What the writer asks for. Zero or "" takes the template's default."""

    template: Template
    topic: str
    keywords: tuple[str, ...] = ()
    audience: str = ""
    tone: str = ""
    length: int = 0
    sections: int = 0
    language: str = ""

    def __post_init__(self) -> None:
        if not self.topic.strip():
            raise ValueError("Say what the text is about: the topic is empty.")
        defaults = {"tone": self.tone.strip() or self.template.default_tone,
                    "length": self.length or self.template.default_length,
                    "sections": self.sections or self.template.sections,
                    "language": self.language or self.template.language}
        for name, value in defaults.items():
            object.__setattr__(self, name, value)
        if self.language not in LANGUAGES:
            raise ValueError("The language must be one of: " + ", ".join(LANGUAGES) + ".")
        if not 1 <= self.sections <= MAX_SECTIONS:
            raise ValueError(f"A draft has from 1 to {MAX_SECTIONS} sections.")
        if self.length < 1:
            raise ValueError("The target length must be a positive number.")

    @property
    def unit(self) -> str:
        """What the length counts: Chinese characters or words."""
        return "characters" if self.language == "zh" else "words"

    @property
    def words(self) -> _Words:
        return _WORDS[self.language]

    @property
    def section_length(self) -> int:
        return max(10, round(self.length / self.sections))

    def values(self) -> dict[str, object]:
        """The placeholders a template's instructions may use, filled from this brief."""
        words = self.words
        return {
            "topic": self.topic.strip(),
            "keywords": words.list_joiner.join(self.keywords),
            "audience": self.audience.strip() or words.reader,
            "tone": self.tone, "length": self.length,
            "unit": "字" if self.language == "zh" else "words",
            "sections": self.sections, "section_length": self.section_length,
            "language": _LANGUAGE_NAMES[self.language][self.language],
        }

    def own_words(self) -> tuple[str, ...]:
        """The writer's values in the brief: a section may use them as it likes."""
        return tuple(v for v in (self.topic.strip(), *self.keywords, self.audience.strip())
                     if v)

    def labels(self) -> tuple[str, ...]:
        """The brief's labels ("Topic", "关键词", "写作要求"): a line starting with one and
        a colon or a bracket recites it."""
        words = self.words
        found = (re.split(r"[(（:：{]", label)[0].strip() for label in (
            words.brief, words.genre, words.topic, words.keywords, words.audience, words.tone,
            words.length, words.language, words.outline, words.previous))
        return tuple(label for label in found if label)

    def text(self) -> str:
        """The brief as the prompt states it, first in every request of the draft."""
        words, values = self.words, self.values()
        lines = [words.brief, f"{words.genre}: {self.template.title}",
                 f"{words.topic}: {values['topic']}"]
        if self.keywords:
            lines.append(f"{words.keywords}: {values['keywords']}")
        lines += [f"{words.audience}: {values['audience']}", f"{words.tone}: {self.tone}",
                  words.length.format(length=self.length),
                  f"{words.language}: {values['language']}"]
        return "\n".join(lines)


@dataclass(frozen=True)
class Section:
    """One section of the outline: its heading and what it covers."""

    heading: str
    notes: str = ""


_ATX = re.compile(r"^\s{0,3}(#{1,6})\s*(.+?)\s*#*\s*$")
_NUMBERED = re.compile(
    r"^\s*(?:\d{1,2}[.)．、:：]|[一二三四五六七八九十]{1,3}[、.．:：]|第[一二三四五六七八九十\d]{1,3}[部分章节场幕]{1,2}[:：、]?)\s*(.+)$")
_BULLET = re.compile(r"^(\s*)(?:[-*•·+]|\d{1,2}[.)])\s+(.+)$")
# Lines a small model copies from the brief or the prompt's markers: never a section.
_ECHO = re.compile(
    r"^\s*(?:\[[^\]]*\]\s*$|(?:The writer's brief|Genre|Topic|Keywords|Audience|Tone|Length|"
    r"Language|Title|写作要求|体裁|主题|关键词|读者|语气|篇幅|语言|标题)\b[^\n]*[:：])",
    re.IGNORECASE)
_DECORATION = re.compile(r"^[*_\s]+|[*_\s:：]+$")
# A line starting with this many words (or Chinese characters) of the instructions in a
# row recites them; a heading may share fewer with them by chance.
_OPENING_WORDS, _OPENING_HAN = 5, 6


def _prompt_pieces() -> tuple[str, ...]:
    """The fixed text of every instruction this app writes, cut at its placeholders."""
    texts = (*INSTRUCTIONS, *(text for words in _WORDS.values()
                              for text in dataclasses.astuple(words)))
    pieces = (piece.strip() for text in texts for piece in re.split(r"\{\w+\}|\n", text))
    return tuple(piece for piece in pieces
                 if len(piece.split()) >= _OPENING_WORDS or
                 (len(piece) >= _OPENING_HAN and is_han(piece[0])))


_PROMPT_PIECES = _prompt_pieces()


def _recites_prompt(line: str, prompt: Sequence[str] = ()) -> bool:
    """Whether an outline line recites the prompt: a line of the brief, or the start of
    one of the app's instructions or of ``prompt`` (this plan's own)."""
    if _ECHO.match(line):
        return True
    text = _line_text(line)
    opening = _OPENING_HAN if text and is_han(text[0]) else _OPENING_WORDS
    # Only the line's start counts: a heading may well contain a phrase of the brief's.
    return any(is_echo(text, piece, within=False, opening=opening)
               for piece in (*_PROMPT_PIECES, *prompt))


def _clean_heading(text: str) -> str:
    return _DECORATION.sub("", text).strip("\"“”「」")


def _line_text(line: str) -> str:
    """A line of the outline without its heading marks, number or bullet."""
    match = _ATX.match(line) or _NUMBERED.match(line) or _BULLET.match(line)
    return _clean_heading(match.groups()[-1] if match else line)


def cut_at_word(text: str, limit: int) -> str:
    """``text`` cut to at most ``limit`` characters at the end of a word (or a Chinese
    character), never inside one; a single word longer than ``limit`` is cut there."""
    if len(text) <= limit:
        return text
    kept = ""
    for token in tokens(text):
        if len(kept) + len(token) > limit:
            break
        kept += token
    return kept.rstrip(" \t,，;；:：、-–—") or text[:limit]


def _first_clause(text: str) -> tuple[str, str]:
    """A sentence-long outline item as its first clause (the heading) and the rest (the
    notes): split at the first clause or sentence mark, else at a word's end."""
    for index, token in enumerate(tokens(text)):
        if index and token in ",，;；.。!！?？—–(（":
            at = len("".join(tokens(text)[:index]))
            return text[:at].strip(), text[at + 1 :].strip()
    heading = cut_at_word(text, _MAX_HEADING // 2)
    return heading, text[len(heading) :].strip()


def _colon_belongs(label: str, title: str) -> bool:
    """"导语：晨屿旗舰店开业", "Introduction: Why bees matter": a short label before the
    colon and a short title after it (no clause in it) are one heading."""
    language = "zh" if han_share(label + title) > 0.5 else "en"
    return (count_words(label) <= _COLON_LABEL[language]
            and count_words(title) <= _COLON_TITLE[language]
            and not any(mark in title for mark in ",，;；、。.!！?？"))


def _split_heading(line: str) -> tuple[str, str]:
    """"Heading: what it covers" (or "**Heading** - ...") as the heading and the notes;
    a line that is a sentence, as its first clause and the rest."""
    bold = re.match(r"^\*\*(.+?)\*\*\s*[-–—:：]?\s*(.*)$", line)
    if bold:
        return _clean_heading(bold.group(1)), bold.group(2).strip()
    match = re.match(r"^(.{1,100}?)\s*(?:([:：])|\s[-–—]\s)\s*(.+)$", line)
    if match and not (match.group(2) and _colon_belongs(match.group(1), match.group(3))):
        heading, notes = _clean_heading(match.group(1)), match.group(3).strip()
    else:
        heading, notes = line, ""
    if count_words(heading) > _LONG_HEADING:
        heading, rest = _first_clause(heading)
        notes = " ".join(part for part in (rest, notes) if part)
    return heading, notes


def _same_heading(heading: str) -> str:
    return " ".join(token for token in tokens(heading.casefold()) if token[0].isalnum())


def parse_outline(text: str, prompt: Sequence[str] = ()) -> tuple[Section, ...]:
    """The sections of an outline: Markdown headings, numbered lines, or bullet points.

    The lines under a heading are its notes. A single top-level heading over headings of
    the next level is the draft's title, not a section. Lines that recite the prompt (the
    app's instructions, and ``prompt``: this draft's own) are left out, and a heading
    written twice is one section.
    """
    lines = [line for line in text.splitlines()
             if line.strip() and not _recites_prompt(line, prompt)]
    atx = [(index, len(m.group(1))) for index, line in enumerate(lines)
           if (m := _ATX.match(line))]
    heads: list[int]
    if atx:
        levels = sorted({level for _, level in atx})
        top = [index for index, level in atx if level == levels[0]]
        level = levels[1] if len(top) == 1 and len(levels) > 1 else levels[0]
        heads = [index for index, found in atx if found == level]
    elif numbered := [index for index, line in enumerate(lines)
                      if _NUMBERED.match(line) and not line.startswith((" ", "\t"))]:
        heads = numbered
    else:
        bullets = [(index, len(m.group(1))) for index, line in enumerate(lines)
                   if (m := _BULLET.match(line))]
        shallowest = min((indent for _, indent in bullets), default=0)
        heads = [index for index, indent in bullets if indent == shallowest] or \
            list(range(len(lines)))
    sections: dict[str, Section] = {}
    for number, start in enumerate(heads):
        end = heads[number + 1] if number + 1 < len(heads) else len(lines)
        heading, inline = _split_heading(_line_text(lines[start]))
        notes = " ".join([inline, *(_line_text(note) for note in lines[start + 1 : end])])
        heading = cut_at_word(heading, _MAX_HEADING)
        notes = cut_at_word(notes.strip(), _MAX_NOTES)
        if heading and _same_heading(heading) not in sections:
            sections[_same_heading(heading)] = Section(heading, notes)
    return tuple(sections.values())[:MAX_SECTIONS]


def outline_text(sections: Sequence[Section]) -> str:
    """The outline in the form the model was asked for, as the section prompts show it."""
    return "\n".join(f"## {s.heading}" + (f"\n- {s.notes}" if s.notes else "")
                     for s in sections)


_VALUE = "\ue000"  # stands for a value of the writer's when a run is compared with a piece
# A line of the brief that gives a value: "Genre: Article", "体裁：新闻稿".
_LABELLED = re.compile(r"^\s*([^:：\n]+?)\s*[:：]\s*(\S.*?)\s*$")
# How much of such a value a quote must repeat: a model shortens a list of keywords.
_QUOTED_VALUE = 12


def _spaced(text: str) -> str:
    """A pattern for ``text`` with any spacing between its words."""
    return r"\s*".join(re.escape(word) for word in text.split())


@dataclass(frozen=True)
class Echoes:
    """What a section must not recite, as data: ``pieces`` of the prompt (the brief, the
    section's instructions with their notes), the brief's ``labels`` (a line starting with
    one and a colon copies the brief), the brief's ``lines`` that give a value ("Genre:
    Article", "体裁：新闻稿": a sentence quoting one anywhere copies the brief), the outline's
    ``headings`` (a line that only repeats one is a heading of the model's own), and the
    writer's ``own`` words (topic, keywords, headings), which are never an echo by
    themselves."""

    pieces: tuple[str, ...]
    labels: tuple[str, ...] = ()
    headings: tuple[str, ...] = ()
    own: tuple[str, ...] = ()
    lines: tuple[str, ...] = ()

    def units(self, text: str) -> list[str]:
        """``text`` as words and Chinese characters (``diff.tokens``), each of the writer's
        own values one unit."""
        for value in sorted(self.own, key=len, reverse=True):
            text = re.sub(re.escape(value), _VALUE, text, flags=re.IGNORECASE)
        return [t for t in tokens(text.casefold()) if t[0].isalnum() or t == _VALUE]

    @functools.cached_property
    def runs(self) -> frozenset[tuple[str, ...]]:
        """Every run of the pieces that a section may not repeat: five units in a row, or
        six Chinese characters."""
        found: set[tuple[str, ...]] = set()
        for piece in self.pieces:
            units = self.units(piece)
            for size in (_OPENING_WORDS, _OPENING_HAN):
                found.update(tuple(units[i : i + size]) for i in range(len(units) - size + 1))
        return frozenset(found)

    @functools.cached_property
    def quoted(self) -> tuple[re.Pattern[str], ...]:
        """A pattern for each of ``lines``: its label, a colon and the start of its value,
        with any spacing."""
        patterns = []
        for line in self.lines:
            labelled = _LABELLED.match(line)
            if labelled:
                label, value = labelled.group(1), labelled.group(2)[:_QUOTED_VALUE]
                patterns.append(re.compile(rf"{_spaced(label)}\s*[:：]\s*{_spaced(value)}",
                                           re.IGNORECASE))
        return tuple(patterns)

    def recites(self, run: str) -> bool:
        """Whether ``run`` (a line or a sentence) recites the prompt."""
        line = _DECORATION.sub("", run.strip()).casefold()
        for label in self.labels:
            rest = line[len(label):].lstrip() if line.startswith(label.casefold()) else ""
            if rest and rest[0] in ":：(（":
                return True
        if any(pattern.search(run) for pattern in self.quoted):
            return True
        units = self.units(run)
        for start in range(len(units)):
            words = tuple(units[start : start + _OPENING_WORDS])
            han = tuple(units[start : start + _OPENING_HAN])
            if len(words) == _OPENING_WORDS and not all(is_han(u) for u in words) \
                    and words in self.runs:
                return True
            if len(han) == _OPENING_HAN and all(is_han(u) for u in han) and han in self.runs:
                return True
        return False


def _runs(text: str) -> list[str]:
    """``text`` as runs: each a sentence, or what is left of a line, with the whitespace
    before it. Joined, they give ``text`` back."""
    ends = {0, len(text)} | {m.end() for m in SENTENCE_END.finditer(text)} | \
        {m.start() for m in re.finditer("\n", text)}
    cuts = sorted(ends)
    return [text[a:b] for a, b in itertools.pairwise(cuts) if b > a]


# A marker like the prompt's that opens a line of prose ("[TITLE] Bees need…", "[正文] 门店…"):
# the marker goes, the prose stays.
_MARKER = re.compile(r"^\[(?:[A-Z][A-Z0-9 _-]{1,30}|[\u4e00-\u9fff]{1,8})\][ \t]*(?=\S)")


def _is_heading(line: str, headings: Sequence[str]) -> bool:
    """A Markdown heading ("## Honey", or "##" alone; not a hashtag like "#旅行"), a line
    in bold only, a marker line like the prompt's ("[TITLE]", "[SECTION 3]"), a code fence
    (a model wraps its answer in one: left open, it turns the headings after it into
    code), or a line that only repeats one of ``headings``."""
    atx = _ATX.match(line)
    return bool(atx and line[len(atx.group(1)) :][:1] in " \t") or \
        re.fullmatch(r"\*\*[^*\n]+\*\*[:：]?\s*|\[[^\]\n]*\]\s*|(?:`{3,}|~{3,})\w*\s*|"
                     r"#{1,6}\s*", line) is not None or \
        any(is_echo(line, heading, within=False) for heading in headings)


def _preamble(run: str) -> bool:
    """A run that is only talk before an answer, by the clean-up's rules ("Here's a
    continuation of the introduction:", "以下是这一部分的正文：")."""
    return any((match := rule.pattern.match(run)) and not run[match.end():].strip()
               for rule in HEAD_RULES)


def remove_echoes(text: str, echoes: Echoes) -> str:
    """``text`` without the runs (lines, sentences) that recite the prompt, or that are a
    heading of the model's own: compose's one echo removal. A removed run takes its
    whitespace with it, but a line break before it passes to the run that follows on
    its line, so the paragraphs around it stay apart."""
    kept: list[str] = []
    pending = ""  # the line break of a removed run, for the rest of its line
    for run in _runs(text):
        body = run.lstrip()
        space = run[: len(run) - len(body)]
        line_start = "\n" in space or not "".join(kept).strip() or pending != ""
        if line_start:
            body = _MARKER.sub("", body, count=1)
        if body and (echoes.recites(body) or
                     (line_start and (_is_heading(body, echoes.headings) or _preamble(body)))):
            if "\n" in space:
                pending = space
            continue
        kept.append(pending + body if pending and "\n" not in space else space + body)
        pending = ""
    return "".join(kept)


class SectionText:
    """A section's text as it streams, cleaned: ``feed`` returns what may be shown now,
    ``finish`` the rest at the section's end.

    Text is shown a whole run (a sentence, a line) at a time, once ``remove_echoes`` has
    judged it; a run that leads in to what follows ("Here is how:") waits for it, and is
    left out if nothing follows. At the end a dangling fragment is left out, unless the
    section has nothing else: a lone list number, a last lead-in, or, where the token
    limit ended the section, whatever follows its last sentence end (a line the model
    ended itself, a row of hashtags say, stays). After a stop, what the model wrote is kept
    as it is.
    """

    def __init__(self, echoes: Echoes) -> None:
        self._echoes = echoes
        self._held = ""
        # A run that leads in to what follows ("Here is how:"), held until something does.
        self._lead_in = ""
        self.shown = ""

    def feed(self, text: str) -> str:
        self._held += text
        cut = max(last_sentence_end(self._held), self._held.rfind("\n"))
        if cut <= 0:
            return ""
        ready, self._held = self._held[:cut], self._held[cut:]
        return self._show(ready)

    def finish(self, reason: FinishReason) -> str:
        """The rest of the section, once its stream ended for ``reason``."""
        rest, self._held = self._held, ""
        if reason is FinishReason.CANCELLED:
            return self._show(rest, end=True, keep=True)
        cut = reason in (FinishReason.LENGTH, FinishReason.CONTEXT_FULL)
        fragment = count_words(rest) < 2 or rest.rstrip()[-1:] in tuple(CLAUSE_ENDS) or \
            (cut and not ends_sentence(rest)) or self._title_line(rest)
        if fragment and (self.shown.strip() or self._lead_in.strip()):
            rest = ""
        return self._show(rest, end=True)

    def _show(self, text: str, *, end: bool = False, keep: bool = False) -> str:
        text = remove_echoes(text, self._echoes)
        if text.strip() or keep:
            text, self._lead_in = self._lead_in + text, ""
        if end:
            self._lead_in = ""
        else:
            runs = _runs(text)
            if runs and runs[-1].strip() and (runs[-1].rstrip()[-1] in CLAUSE_ENDS or
                                              self._title_line(runs[-1], "".join(runs[:-1]))):
                text = "".join(runs[:-1])
                # The blank line before it waits with it: left out with it, or shown with it.
                kept = text.rstrip()
                self._lead_in, text = text[len(kept):] + runs[-1], kept
        if not self.shown.strip():
            text = text.lstrip()
        elif self.shown.endswith("\n"):
            text = text.lstrip(" \t")
            if self.shown.endswith("\n\n"):
                text = text.lstrip()
        self.shown += text
        return text

    def _title_line(self, run: str, before: str = "") -> bool:
        """Whether ``run``, coming after what was shown and ``before``, is a line of its own
        that reads as a heading of the model's own: short, with no sentence end, no list
        mark, no hashtag and no label. One that prose follows stays; at the section's end
        it is a heading for a section the model went on to write, and is left out."""
        text = run.strip()
        shown = self.shown + self._lead_in + before
        line_start = "\n" in run[: len(run) - len(run.lstrip())] or shown.endswith("\n")
        return bool(text and shown.strip()) and line_start and "\n" not in text and \
            not ends_sentence(text) and text[-1] not in CLAUSE_ENDS and \
            count_words(text) <= _LONG_HEADING and not text.startswith("#") and \
            _BULLET.match(text) is None and _NUMBERED.match(text) is None and \
            not re.search(r"[:：]\s*\S", text)


class OutlineProblem(enum.Enum):
    """Why an outline is not what the brief asked for."""

    SECTIONS = "sections"
    LANGUAGE = "language"


class ComposePlan:
    """The requests of one composed draft, in order: the outline, then each section."""

    def __init__(self, brief: Brief, sampling: SamplingSettings | None = None) -> None:
        self.brief = brief
        self.sampling = sampling or SamplingSettings()
        self.sections: tuple[Section, ...] = ()

    def _request(self, material: str, task: str, max_tokens: int) -> GenerationRequest:
        sampling = dataclasses.replace(self.sampling, max_tokens=max_tokens)
        return GenerationRequest(Action.COMPOSE, material, instruction=task, sampling=sampling)

    def outline_request(self, attempt: int = 0) -> GenerationRequest:
        """The request for the outline; a later ``attempt`` draws with another seed."""
        brief = self.brief
        request = self._request(brief.text(), self._outline_task(),
                                _EXTRA_TOKENS + _OUTLINE_TOKENS_PER_SECTION * brief.sections)
        if attempt and request.sampling.seed >= 0:
            sampling = dataclasses.replace(request.sampling,
                                           seed=request.sampling.seed + attempt)
            request = dataclasses.replace(request, sampling=sampling)
        return request

    def _outline_task(self) -> str:
        brief = self.brief
        task = unwrap(brief.template.outline.format(**brief.values()))
        return task + "\n" + brief.words.outline_task.format(**brief.values())

    def clean_outline(self, text: str) -> str:
        """The model's outline in one form, cut to the number of sections asked for; ""
        when no section can be read from it, which is when it only recites the prompt: the
        writer is shown no text of the app's own as an outline.

        Besides the app's instructions, a line may recite this draft's own: the template's
        outline instructions, or a line that names the language ("请用简体中文"), which
        no heading of a text on another topic does.
        """
        brief = self.brief
        language = str(brief.values()["language"]).casefold()
        lines = [line for line in text.splitlines() if language not in line.casefold()
                 or language in brief.topic.casefold()]
        prompt = tuple(line.strip() for line in self._outline_task().splitlines())
        sections = parse_outline("\n".join(lines), prompt)[: brief.sections]
        return outline_text(sections)

    def outline_problem(self, outline: str) -> OutlineProblem | None:
        """What is wrong with a (cleaned) outline: too few or too many sections, or the
        wrong language; None when it is as asked."""
        if len(parse_outline(outline)) != self.brief.sections:
            return OutlineProblem.SECTIONS
        if (han_share(outline) >= 0.5) != (self.brief.language == "zh"):
            return OutlineProblem.LANGUAGE
        return None

    def set_outline(self, text: str) -> tuple[Section, ...]:
        """Take the outline (as the writer left it); ``ValueError`` if it has no sections."""
        sections = parse_outline(text)
        if not sections:
            raise ValueError("The outline has no sections: write one heading per line.")
        self.sections = sections
        return sections

    def section_request(self, index: int, draft: str) -> GenerationRequest:
        """The request for section ``index`` (from 0), after the ``draft`` written so far."""
        brief, section = self.brief, self.sections[index]
        words = brief.words
        material = f"{brief.text()}\n\n{words.outline}:\n{outline_text(self.sections)}"
        previous = previous_end(draft, PREVIOUS_CHARS[brief.language])
        if previous:
            material += f"\n\n{words.previous}:\n{previous}"
        values = {**brief.values(), "heading": section.heading,
                  "notes": section.notes or section.heading, "index": index + 1,
                  "count": len(self.sections)}
        task = unwrap(brief.template.section.format(**values))
        task += words.section_task.format(**values)
        if previous:
            task += words.follow_on
        return self._request(material, task,
                             _EXTRA_TOKENS + _TOKENS_PER_UNIT * brief.section_length)

    def section_text(self, index: int, request: GenerationRequest) -> SectionText:
        """The cleaning of section ``index``'s text, written for ``request``: its material
        (the brief, the outline, the end of the section before, which a small model copies
        as it stands) and its instructions are what it must not recite."""
        brief = self.brief
        headings = tuple(section.heading for section in self.sections)
        return SectionText(Echoes((request.text, request.instruction, *INSTRUCTIONS),
                                  brief.labels(), headings, (*brief.own_words(), *headings),
                                  tuple(brief.text().splitlines())))

    def section_start(self, index: int, draft: str) -> str:
        """What goes into the document before section ``index``'s text: a break, a heading."""
        # One blank line between sections, whatever line breaks the last one ended with.
        gap = "" if not draft.strip() or draft.endswith("\n\n") else \
            "\n" if draft.endswith("\n") else "\n\n"
        if not self.brief.template.headings:
            return gap
        return f"{gap}## {self.sections[index].heading}\n\n"

    def ending(self, draft: str) -> str:
        """What a finished draft still needs at its end: a line break, or nothing."""
        return "" if draft.endswith("\n") else "\n"

    def result(self, outline: str, draft: str, stopped: bool) -> ComposeResult:
        """The draft as it ends; a finished one lists the keywords it never used."""
        missing = () if stopped else missing_keywords(self.brief.keywords, draft)
        return ComposeResult(outline, draft, missing, stopped)

    def work_in_request(self, draft: str, keyword: str) -> GenerationRequest:
        """A rewrite of the paragraph nearest to ``keyword`` that works it in."""
        start, end = nearest_paragraph(draft, keyword)
        instruction = self.brief.words.work_in.format(keyword=keyword)
        return GenerationRequest(Action.REWRITE, draft, cursor=end, selection=(start, end),
                                 instruction=instruction, sampling=self.sampling)


def previous_end(draft: str, limit: int) -> str:
    """The last ``limit`` characters of ``draft`` or fewer, starting at a paragraph or a
    sentence when one starts in them."""
    text = draft.rstrip()
    if len(text) <= limit:
        return text.strip()
    tail = text[-limit:]
    newline = tail.find("\n")
    sentence = SENTENCE_END.search(tail)
    for cut in (newline + 1 if newline >= 0 else None, sentence.end() if sentence else None):
        if cut is not None and cut <= len(tail) // 2:
            return tail[cut:].strip()
    return tail.strip()


def _keyword_pattern(keyword: str) -> re.Pattern[str]:
    """``keyword`` anywhere, whitespace-insensitive; a Latin one at a word's start, so
    "panel" is found in "panels" but not in "empanel"."""
    body = r"\s+".join(re.escape(part) for part in keyword.split())
    start = "" if is_han(keyword[0]) else r"(?<!\w)"
    return re.compile(start + body, re.IGNORECASE)


def missing_keywords(keywords: Sequence[str], draft: str) -> tuple[str, ...]:
    """The keywords that ``draft``'s prose never uses (its headings do not count)."""
    prose = "\n".join(draft[start:end] for start, end in _paragraphs(draft))
    return tuple(k for k in keywords if k.strip() and not _keyword_pattern(k.strip()).search(prose))


def _paragraphs(draft: str) -> list[tuple[int, int]]:
    """The body paragraphs: every line of text (as the editor's paragraphs are), headings
    left out, so a rewrite never takes a whole section with it."""
    spans = [(m.start(), m.end()) for m in re.finditer(r"[^\n]*\S[^\n]*", draft)]
    return [(s, e) for s, e in spans if not draft[s:e].lstrip().startswith("#")]


def nearest_paragraph(draft: str, keyword: str) -> tuple[int, int]:
    """The body paragraph sharing most of ``keyword``'s words (or characters), else the first.

    ``ValueError`` when the draft has no paragraph of text.
    """
    spans = _paragraphs(draft)
    if not spans:
        raise ValueError("The draft has no paragraph to work the keyword into.")
    parts = [c for c in keyword if is_han(c)] or re.findall(r"\w{3,}", keyword.casefold())

    def score(span: tuple[int, int]) -> int:
        text = draft[span[0] : span[1]].casefold()
        return sum(1 for part in parts if part[: max(3, len(part) - 2)] in text)

    return max(spans, key=score)


class WorkIn(enum.Enum):
    """What a rewrite that works a keyword in would do to its paragraph."""

    DONE = "done"
    MISSING = "missing"
    """The rewrite does not use the keyword."""
    TOO_SHORT = "too short"
    """The rewrite keeps less than ``MIN_KEPT`` of the paragraph's length."""


def check_work_in(paragraph: str, rewrite: str, keyword: str) -> WorkIn:
    """Whether ``rewrite`` may replace ``paragraph``: only if it uses ``keyword`` and keeps
    most of the paragraph (in words, or Chinese characters)."""
    if missing_keywords([keyword], rewrite):
        return WorkIn.MISSING
    if count_words(rewrite) < MIN_KEPT * count_words(paragraph):
        return WorkIn.TOO_SHORT
    return WorkIn.DONE


@dataclass(frozen=True)
class ComposeResult:
    """A finished (or stopped) draft and the keywords it never used."""

    outline: str
    draft: str
    missing: tuple[str, ...]
    stopped: bool


def _fed(cleaning: SectionText, on_text: Callable[[str], None]) -> Callable[[str], None]:
    """``on_text`` of what ``cleaning`` shows of each piece of streamed text."""
    return lambda text: on_text(cleaning.feed(text))


def compose(engine: Generates, plan: ComposePlan, *, outline: str | None = None,
            on_outline: Callable[[str], None] = lambda text: None,
            on_draft: Callable[[str], None] = lambda text: None,
            on_section: Callable[[int, int, Section], None] = lambda i, n, s: None,
            ) -> ComposeResult:
    """Run the whole plan: the outline (unless given), then every section in turn.

    ``on_outline`` and ``on_draft`` get text as it streams, the draft's cleaned a run at a
    time (``SectionText``); ``on_section(index, count, section)`` announces each section
    before it is written (index from 1). An outline that is not as asked (``outline_problem``)
    is asked for once more, and the better of the two kept. A stop ends the draft where it
    is, with what was written kept.
    """
    if outline is None:
        step = run_request(engine, plan.outline_request(), on_outline)
        outline = plan.clean_outline(step.text)
        if not step.cancelled and plan.outline_problem(outline) is not None:
            on_outline("\n\n")
            step = run_request(engine, plan.outline_request(attempt=1), on_outline)
            again = plan.clean_outline(step.text)
            if step.cancelled or plan.outline_problem(again) is None or \
                    len(parse_outline(again)) > len(parse_outline(outline)):
                outline = again
        if step.cancelled:
            return plan.result(outline, "", True)
    plan.set_outline(outline)
    draft = ""
    for index, section in enumerate(plan.sections):
        on_section(index + 1, len(plan.sections), section)
        start = plan.section_start(index, draft)
        on_draft(start)
        request = plan.section_request(index, draft)
        draft += start
        cleaning = plan.section_text(index, request)
        step = run_request(engine, request, _fed(cleaning, on_draft))
        end = cleaning.finish(step.reason)
        on_draft(end)
        draft += cleaning.shown
        if step.cancelled:
            return plan.result(outline, draft, True)
    ending = plan.ending(draft)
    on_draft(ending)
    return plan.result(outline, draft + ending, False)
