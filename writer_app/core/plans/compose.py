"""Compose a draft from a brief: an outline first, then the draft section by section.

Each request is an instruction (``Action.COMPOSE``): the material between the [TEXT]
markers, then the task. The material starts with what stays the same for the whole draft
(the brief, then the outline), so the KV cache keeps it from one section to the next, and
ends with the end of the previous section only, never the whole draft: a section's prompt
stays the same size however long the draft grows, and no target length meets the context
window.

An outline line that recites the app's own instructions (a small model's habit) is not a
section. After the draft, the brief's keywords that never appear are listed; each can be
worked into the paragraph (the line) that comes closest to it with an ordinary rewrite,
which is used only if it has the keyword and keeps most of the paragraph.
"""

from __future__ import annotations

import dataclasses
import enum
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from writer_app.core.plans.headless import Generates, run_request
from writer_app.core.plans.templates import LANGUAGES, MAX_SECTIONS, Template
from writer_app.core.requests import Action, GenerationRequest, SamplingSettings
from writer_app.core.text.units import SENTENCE_END, count_words, is_han
from writer_app.core.writing.cleanup import is_echo
from writer_app.core.writing.prompts import INSTRUCTIONS

# How much of the previous section a section's prompt carries, in characters: enough to
# follow on from its last paragraph, small against any context window.
PREVIOUS_CHARS = {"en": 700, "zh": 300}
# Tokens a section may take per unit of its target length, and a little more.
_TOKENS_PER_UNIT = 2
_EXTRA_TOKENS = 64
_OUTLINE_TOKENS_PER_SECTION = 48
# An outline's heading and notes are cut to this many characters: a model that rambles
# cannot make every section's prompt outgrow the context window.
_MAX_HEADING, _MAX_NOTES = 120, 400
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


def _recites_prompt(line: str) -> bool:
    if _ECHO.match(line):
        return True
    text = _line_text(line)
    opening = _OPENING_HAN if text and is_han(text[0]) else _OPENING_WORDS
    # Only the line's start counts: a heading may well contain a phrase of the brief's.
    return any(is_echo(text, piece, within=False, opening=opening) for piece in _PROMPT_PIECES)


def _clean_heading(text: str) -> str:
    return _DECORATION.sub("", text).strip("\"“”「」")


def _line_text(line: str) -> str:
    """A line of the outline without its heading marks, number or bullet."""
    match = _ATX.match(line) or _NUMBERED.match(line) or _BULLET.match(line)
    return _clean_heading(match.groups()[-1] if match else line)


def _split_heading(line: str) -> tuple[str, str]:
    """"Heading: what it covers" (or "**Heading** - ...") as the heading and the notes."""
    bold = re.match(r"^\*\*(.+?)\*\*\s*[-–—:：]?\s*(.*)$", line)
    if bold:
        return _clean_heading(bold.group(1)), bold.group(2).strip()
    match = re.match(r"^(.{1,100}?)\s*(?:[:：]|\s[-–—]\s)\s*(.+)$", line)
    if match:
        return _clean_heading(match.group(1)), match.group(2).strip()
    return line, ""


def parse_outline(text: str) -> tuple[Section, ...]:
    """The sections of an outline: Markdown headings, numbered lines, or bullet points.

    The lines under a heading are its notes. A single top-level heading over headings of
    the next level is the draft's title, not a section. Lines that recite the prompt are
    left out.
    """
    lines = [line for line in text.splitlines() if line.strip() and not _recites_prompt(line)]
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
    sections = []
    for number, start in enumerate(heads):
        end = heads[number + 1] if number + 1 < len(heads) else len(lines)
        heading, inline = _split_heading(_line_text(lines[start]))
        notes = " ".join([inline, *(_line_text(note) for note in lines[start + 1 : end])])
        heading, notes = heading[:_MAX_HEADING], notes.strip()[:_MAX_NOTES]
        if heading:
            sections.append(Section(heading, notes))
    return tuple(sections[:MAX_SECTIONS])


def outline_text(sections: Sequence[Section]) -> str:
    """The outline in the form the model was asked for, as the section prompts show it."""
    return "\n".join(f"## {s.heading}" + (f"\n- {s.notes}" if s.notes else "")
                     for s in sections)


class ComposePlan:
    """The requests of one composed draft, in order: the outline, then each section."""

    def __init__(self, brief: Brief, sampling: SamplingSettings | None = None) -> None:
        self.brief = brief
        self.sampling = sampling or SamplingSettings()
        self.sections: tuple[Section, ...] = ()

    def _request(self, material: str, task: str, max_tokens: int) -> GenerationRequest:
        sampling = dataclasses.replace(self.sampling, max_tokens=max_tokens)
        return GenerationRequest(Action.COMPOSE, material, instruction=task, sampling=sampling)

    def outline_request(self) -> GenerationRequest:
        brief = self.brief
        task = unwrap(brief.template.outline.format(**brief.values()))
        task += "\n" + brief.words.outline_task.format(**brief.values())
        return self._request(brief.text(), task,
                             _EXTRA_TOKENS + _OUTLINE_TOKENS_PER_SECTION * brief.sections)

    def clean_outline(self, text: str) -> str:
        """The model's outline in one form, cut to the number of sections asked for; the
        text as it was when no section can be read from it."""
        sections = parse_outline(text)[: self.brief.sections]
        return outline_text(sections) if sections else text

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

    def section_start(self, index: int, draft: str) -> str:
        """What goes into the document before section ``index``'s text: a break, a heading."""
        gap = "" if not draft.strip() else "\n" if draft.endswith("\n\n") else \
            "\n\n" if not draft.endswith("\n") else "\n"
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
    """The keywords that ``draft`` never uses."""
    return tuple(k for k in keywords if k.strip() and not _keyword_pattern(k.strip()).search(draft))


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


def compose(engine: Generates, plan: ComposePlan, *, outline: str | None = None,
            on_outline: Callable[[str], None] = lambda text: None,
            on_draft: Callable[[str], None] = lambda text: None,
            on_section: Callable[[int, int, Section], None] = lambda i, n, s: None,
            ) -> ComposeResult:
    """Run the whole plan: the outline (unless given), then every section in turn.

    ``on_outline`` and ``on_draft`` get text as it streams; ``on_section(index, count,
    section)`` announces each section before it is written (index from 1). A stop ends the
    draft where it is, with what was written kept.
    """
    if outline is None:
        step = run_request(engine, plan.outline_request(), on_outline)
        outline = plan.clean_outline(step.text)
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
        step = run_request(engine, request, on_draft)
        draft += step.text
        if step.cancelled:
            return plan.result(outline, draft, True)
    ending = plan.ending(draft)
    on_draft(ending)
    return plan.result(outline, draft + ending, False)
