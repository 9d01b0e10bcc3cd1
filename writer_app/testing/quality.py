"""The quality evaluation's corpus, tasks and checks: does what came back read as writing?

Random weights prove only mechanics; this module judges the words a real trained model
writes, with rules that need no judge model: a continuation must continue the sentence it
was given, nothing of the prompt may reach the text, a rewrite must go the way it was asked.
``bench/quality.py`` runs it on any GGUF and writes docs/QUALITY.md; the behavioural tests
run its ``ci`` subset on a small trained model. Every check is a pure function of strings.
No Qt here, and nothing that loads a model: the caller passes a ``generate`` function.
"""

from __future__ import annotations

import enum
import json
import re
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from writer_app.core.protocol import Chunk, Event, Finished, FinishReason
from writer_app.core.requests import (
    Action,
    ContinueLength,
    GenerationRequest,
    RewriteStyle,
    SamplingSettings,
)
from writer_app.core.text.units import SENTENCE_END, count_words, ends_sentence, han_share
from writer_app.core.writing import prompts
from writer_app.core.writing.cleanup import COPY_HAN, COPY_WORDS, copied_run
from writer_app.core.writing.prompts import prompt_pieces
from writer_app.core.writing.review import review

# Thresholds, stated in docs/QUALITY.md by ``describe_checks``.
OPENING_WORDS = 6
OPENING_CHARS = 12
MAX_COPIED_WORDS = 8
MAX_COPIED_CHARS = 16
FEW_WORDS = 12
FEW_CHARS = 20
SCRIPT_SHARE = 0.5

CUSTOM_INSTRUCTION = {
    "en": "Rewrite the passage as one single sentence.",
    "zh": "把这段话改写成一句话。",
}
# Fixed parts of the prompts of every version so far; newer versions list theirs in
# ``prompts.SCAFFOLDING``, which is read at run time.
_LITERAL_SCAFFOLDING = (
    "<document>", "</document>", "<passage>", "</passage>", "[CONTINUE HERE]",
    "<|im_start|>", "<|im_end|>", "<|",
    "Rewrite this passage", "Summarize this passage", "Summarize the document",
)
# The labels that ended old prompts, which an echo repeats at the start of a line; within a
# line ("Here's the rewritten passage:") they are the model's own words.
_LABEL_SCAFFOLDING = ("Rewritten passage:", "Summary of the passage:")
_PREAMBLES = ("Here is", "Here's", "Here are", "Sure", "Certainly", "以下是", "好的", "当然")
# How a sentence about the answer opens, when a model comments on what it wrote.
_COMMENT_OPENERS = (
    "The original", "The rewritten", "The revised", "The new version", "This version",
    "This rewrite", "In this version", "The passage", "The text", "I hope", "Note:",
    "Notes:", "Let me know", "I have", "I've", "以上", "（注", "(注", "注：", "希望", "改写后",
    "这段",
)
_QUOTE_PAIRS = {'"': '"', "“": "”", "'": "'", "‘": "’", "「": "」", "『": "』"}
_SENTENCE_MARK = re.compile(r"[.!?。！？]+(?!\d)")
_WORD = re.compile(r"\w+(?:['’]\w+)*")
_CLAUSE = re.compile(r"[.;:,\n]")
_MIN_PHRASE_WORDS = 4
_CAPITALISED_PRONOUNS = frozenset({"I", "I'm", "I'd", "I've", "I'll", "I’m", "I’d", "I’ve",
                                   "I’ll"})
# Words that open sentences; a capitalised one after "and" starts a new sentence even
# when the document never uses it in lower case.
_SENTENCE_STARTERS = frozenset({
    "A", "An", "The", "This", "That", "These", "Those", "There", "Then", "Now", "So",
    "But", "And", "Or", "Yet", "He", "She", "It", "They", "We", "You", "His", "Her", "Its",
    "Their", "Our", "My", "Your", "In", "On", "At", "As", "When", "While", "After",
    "Before", "One", "Once", "If", "Though", "Although", "Because", "Still", "Meanwhile",
    "Later", "Suddenly",
})


class Join(enum.Enum):
    """How a text ends, which is what Continue must pick up."""

    AND = "and"
    DE = "de"
    COMMA = "comma"
    SENTENCE = "sentence"

    @property
    def mid_sentence(self) -> bool:
        return self is not Join.SENTENCE


@dataclass(frozen=True)
class Text:
    """One text of the corpus."""

    id: str
    language: str
    genre: str
    size: str
    join: Join
    body: str
    rewrite_paragraph: int | None = None

    @property
    def rewrite_span(self) -> tuple[int, int]:
        """The character range of the paragraph that rewrites select."""
        spans = [(m.start(), m.end()) for m in re.finditer(r"[^\n](?:.|\n(?!\n))*", self.body)]
        index = self.rewrite_paragraph if self.rewrite_paragraph is not None else 0
        return spans[index]


def load_corpus(directory: Path) -> tuple[Text, ...]:
    """The texts listed in ``directory/manifest.json``; a file's final line break is dropped."""
    manifest = json.loads((directory / "manifest.json").read_text(encoding="utf-8"))
    return tuple(
        Text(
            id=entry["id"], language=entry["language"], genre=entry["genre"],
            size=entry["size"], join=Join(entry["join"]),
            body=(directory / entry["file"]).read_text(encoding="utf-8").rstrip("\n"),
            rewrite_paragraph=entry.get("rewrite_paragraph"),
        )
        for entry in manifest["texts"]
    )


# Tasks ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Task:
    """One request on one text, run once per seed; ``column`` names it in the table."""

    column: str
    text: Text
    action: Action
    style: RewriteStyle | None = None
    instruction: str = ""
    length: ContinueLength = ContinueLength.PARAGRAPH

    @property
    def key(self) -> str:
        return f"{self.column} / {self.text.id}"

    def request(self, seed: int) -> GenerationRequest:
        """The request a writer would make, with the app's default sampling and ``seed``."""
        sampling = SamplingSettings(seed=seed)
        if self.action is Action.CONTINUE:
            return GenerationRequest(Action.CONTINUE, self.text.body, sampling=sampling,
                                     length=self.length)
        selection = None if self.action is Action.SUMMARIZE else self.text.rewrite_span
        return GenerationRequest(self.action, self.text.body, selection=selection,
                                 style=self.style, instruction=self.instruction,
                                 sampling=sampling)


COLUMNS = ("Continue ¶", "Continue sentence", "Continue words", "Summarize", "Rephrase",
           "Shorter", "Longer", "More formal", "To Chinese", "To English", "Custom")
# The rewrites of one paragraph that keep its language, by column.
_REWRITES = (("Rephrase", RewriteStyle.REPHRASE), ("Shorter", RewriteStyle.SHORTER),
             ("Longer", RewriteStyle.LONGER), ("More formal", RewriteStyle.FORMAL))
_CI_CONTINUE = "en-story-lamp"
_CI_NEWS = ("en-news-library", "zh-news-metro")
_FEW_LENGTH_TEXTS = ("en-story-lamp", "en-essay-walking", "zh-story-box", "zh-essay-tea")
_CUSTOM_TEXTS = ("en-story-harbour", "en-news-library", "zh-story-station", "zh-news-metro")


def plan(corpus: Iterable[Text], subset: str = "full") -> list[Task]:
    """The tasks of the ``full`` evaluation or of its ``ci`` subset, grouped by text.

    ``ci``: Continue on the story that ends in "and", and on a news story in English and
    one in Chinese Summarize and the rewrites that keep the language (Rephrase, Shorter,
    Longer, More formal): the behaviours the CI test asserts, small enough for two cores.
    """
    if subset not in ("full", "ci"):
        raise ValueError(f"unknown subset {subset!r}; choose full or ci")
    tasks: list[Task] = []
    for text in corpus:
        if subset == "ci":
            if text.id == _CI_CONTINUE:
                tasks.append(Task("Continue ¶", text, Action.CONTINUE))
            elif text.id in _CI_NEWS:
                tasks += [Task("Summarize", text, Action.SUMMARIZE), *_rewrite_tasks(text)]
            continue
        tasks += _full_tasks(text)
    return tasks


def _full_tasks(text: Text) -> list[Task]:
    tasks = [Task("Continue ¶", text, Action.CONTINUE)]
    if text.id in _FEW_LENGTH_TEXTS:
        tasks += [Task("Continue sentence", text, Action.CONTINUE,
                       length=ContinueLength.SENTENCE),
                  Task("Continue words", text, Action.CONTINUE, length=ContinueLength.WORDS)]
    if text.genre != "poem":
        tasks.append(Task("Summarize", text, Action.SUMMARIZE))
    if text.rewrite_paragraph is not None:
        tasks += _rewrite_tasks(text)
    if text.rewrite_paragraph is not None or text.genre == "poem":
        if text.language == "en":
            tasks.append(Task("To Chinese", text, Action.REWRITE, RewriteStyle.TO_CHINESE))
        else:
            tasks.append(Task("To English", text, Action.REWRITE, RewriteStyle.TO_ENGLISH))
    if text.id in _CUSTOM_TEXTS:
        tasks.append(Task("Custom", text, Action.REWRITE,
                          instruction=CUSTOM_INSTRUCTION[text.language]))
    return tasks


def _rewrite_tasks(text: Text) -> list[Task]:
    return [Task(column, text, Action.REWRITE, style) for column, style in _REWRITES]


# Running -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Generated:
    """What a model wrote for one request, and why it stopped."""

    text: str
    reason: FinishReason
    tokens: int


def collect(events: Iterable[Event]) -> Generated:
    """The text and finish of an engine's event stream (``EngineClient.generate``)."""
    chunks: list[str] = []
    finished: Finished | None = None
    for event in events:
        if isinstance(event, Chunk):
            chunks.append(event.text)
        elif isinstance(event, Finished):
            finished = event
    if finished is None:
        raise RuntimeError("the engine's stream ended without a Finished event")
    return Generated("".join(chunks), finished.reason, finished.stats.generated_tokens)


@dataclass(frozen=True)
class Result:
    """One task on one seed, with the verdict of every check that applies."""

    task: Task
    seed: int
    output: Generated
    checks: dict[str, bool] = field(default_factory=dict)


def seeds(count: int) -> list[int]:
    """The seeds of a run of ``count``: the same numbers every time, so runs repeat."""
    return list(range(1, count + 1))


def run(tasks: Sequence[Task], seed_list: Sequence[int],
        generate: Callable[[GenerationRequest], Generated],
        on_result: Callable[[Result], None] = lambda result: None) -> list[Result]:
    """Run every task on every seed (a text's tasks together, so its prompt is cached)."""
    results = []
    for task in tasks:
        for seed in seed_list:
            output = generate(task.request(seed))
            result = Result(task, seed, output, check(task, output))
            on_result(result)
            results.append(result)
    return results


# Checks --------------------------------------------------------------------------------

CHECKS: dict[str, str] = {
    "continues": "continues the sentence",
    "no_opening": "does not repeat the opening",
    "no_copy": "no long copy of the text",
    "fits_length": "fits the length asked for",
    "shorter": "summary shorter than the text",
    "direction": "length goes the way asked",
    "script": "in the target script",
    "one_sentence": "custom instruction followed",
    "review": "review panel has no warning",
    "no_scaffolding": "no prompt scaffolding",
    "no_preamble": "no preamble",
    "no_quotes": "not wrapped in quotes",
    "no_prompt_copy": "no copy of the instructions or notes",
    "no_comment": "no trailing comment",
    "not_preamble_only": "not only a preamble",
    "stopped": "stopped by itself",
    "ends_sentence": "ends at a sentence end",
}


def check(task: Task, output: Generated) -> dict[str, bool]:
    """Every check that applies to ``task``, by name (see ``CHECKS``): True is good."""
    text, document = output.text, task.text.body
    chinese = task.text.language == "zh"
    verdicts: dict[str, bool] = {}
    if task.action is Action.CONTINUE:
        if task.text.join.mid_sentence:
            verdicts["continues"] = continues_sentence(document, text, chinese=chinese)
        verdicts["no_opening"] = not repeats_opening(document, text, chinese=chinese)
        verdicts["no_copy"] = longest_copy(document, text, chinese=chinese) <= (
            MAX_COPIED_CHARS if chinese else MAX_COPIED_WORDS)
        verdicts["fits_length"] = fits_length(task.length, text)
    else:
        request = task.request(0)
        passage = request.selected_text
        if task.action is Action.SUMMARIZE:
            verdicts["shorter"] = count_words(text) < count_words(passage)
        elif task.style in (RewriteStyle.SHORTER, RewriteStyle.LONGER):
            verdicts["direction"] = length_goes_as_asked(task.style, passage, text)
        elif task.style in (RewriteStyle.TO_CHINESE, RewriteStyle.TO_ENGLISH):
            verdicts["script"] = in_target_script(task.style, text)
        elif task.instruction:
            verdicts["one_sentence"] = bool(text.strip()) and sentence_count(text) <= 1
        verdicts["review"] = not review(request, text).warnings
    verdicts["no_scaffolding"] = not scaffolding_in(text, extra=(task.instruction,))
    verdicts["no_preamble"] = not has_preamble(text)
    verdicts["no_quotes"] = not wrapped_in_quotes(text)
    if task.action is not Action.CONTINUE:
        verdicts["no_prompt_copy"] = copied_run(text, prompt_pieces(task.request(0))) is None
        verdicts["no_comment"] = not has_trailing_comment(text)
        verdicts["not_preamble_only"] = not is_preamble_only(text)
    verdicts["stopped"] = stopped_by_itself(output.reason)
    if task.length is not ContinueLength.WORDS:
        verdicts["ends_sentence"] = ends_sentence(text)
    return verdicts


def _words(text: str) -> list[str]:
    return [word.casefold() for word in _WORD.findall(text)]


def _chars(text: str) -> str:
    return "".join(text.split())


def _is_name(word: str, document: str) -> bool:
    """True when capitalised ``word`` is a name in ``document``: it stands there
    mid-sentence, or it is not a common word that starts sentences and never appears
    in lower case."""
    if re.search(rf"[\w,;:] {re.escape(word)}\b", document):
        return True
    base = re.split(r"['’]", word)[0]
    lowered = re.search(rf"\b{re.escape(base.lower())}\b", document)
    return base not in _SENTENCE_STARTERS and lowered is None


def continues_sentence(document: str, continuation: str, *, chinese: bool) -> bool:
    """True when ``continuation`` goes on with the sentence ``document`` ends in.

    The document ends mid-sentence (after "and", 的 or a comma). A continuation starts
    something new instead when it opens a new line or starts with punctuation; in English,
    with a capitalised word that is not "I" or a name (``_is_name``); in Chinese, with a
    Latin letter or with the first two characters of one of the document's sentences.
    """
    head = continuation.lstrip(" \t\u3000")
    if not head or head[0] == "\n" or unicodedata.category(head[0]).startswith("P"):
        return False
    if chinese:
        starts = {match.group() for match in re.finditer(r"(?:^|(?<=[。！？\n]))\w\w", document)}
        return not ("A" <= head[0].upper() <= "Z") and head[:2] not in starts
    first = re.match(r"[\w'’]+", head)
    if first is None:
        return True
    word = first.group()
    if not word[0].isupper():
        return True
    return word in _CAPITALISED_PRONOUNS or _is_name(word, document)


def repeats_opening(document: str, output: str, *, chinese: bool) -> bool:
    """True when ``output`` contains the document's first words (or characters)."""
    if chinese:
        opening = _chars(document)[:OPENING_CHARS]
        return bool(opening) and opening in _chars(output)
    first_words = _words(document)[:OPENING_WORDS]
    return bool(first_words) and _contains(_words(output), first_words)


def longest_copy(document: str, output: str, *, chinese: bool) -> int:
    """The longest run of consecutive words (Chinese: characters) of ``output`` that
    also stands in ``document``."""
    if chinese:
        source, copy = _chars(document), _chars(output)
        best = 0
        for start in range(len(copy)):
            while start + best < len(copy) and copy[start : start + best + 1] in source:
                best += 1
        return best
    source_words, words = _words(document), _words(output)
    best = 0
    for start in range(len(words)):
        while start + best < len(words) and _contains(source_words,
                                                      words[start : start + best + 1]):
            best += 1
    return best


def _contains(words: Sequence[str], run: Sequence[str]) -> bool:
    size = len(run)
    return any(words[i : i + size] == run for i in range(len(words) - size + 1))


def scaffolding_markers() -> tuple[str, ...]:
    """What of a prompt must never reach the text: delimiters, the system prompt's
    phrases, the rewrite instructions, and what the prompt builder lists itself."""
    system = getattr(prompts, "SYSTEM_PROMPT", "")
    phrases = (clause.strip(" -").rstrip(".") for clause in _CLAUSE.split(system))
    instructions = (style.value.rstrip(".") for style in RewriteStyle)
    listed = tuple(getattr(prompts, "SCAFFOLDING", ()))
    markers = (*_LITERAL_SCAFFOLDING, *listed, *instructions,
               *(p for p in phrases if len(p.split()) >= _MIN_PHRASE_WORDS))
    return tuple(dict.fromkeys(m for m in markers if m.strip()))


def scaffolding_in(output: str, extra: Iterable[str] = ()) -> list[str]:
    """The markers of ``scaffolding_markers`` (and ``extra``) found in ``output``,
    ignoring case."""
    folded = output.casefold()
    markers = (*scaffolding_markers(), *(e.strip().rstrip(".。") for e in extra))
    labels = [label for label in _LABEL_SCAFFOLDING
              if re.search(rf"^[ \t]*{re.escape(label)}", output, re.IGNORECASE | re.MULTILINE)]
    return [marker for marker in markers if marker and marker.casefold() in folded] + labels


def has_preamble(output: str) -> bool:
    """True when ``output`` opens with a preamble ("Here is", "以下是", "Sure"...) or
    with a line that ends in a colon and introduces the rest."""
    text = output.strip()
    if text.startswith(_PREAMBLES):
        return True
    first, newline, rest = text.partition("\n")
    return bool(newline and rest.strip()) and first.rstrip().endswith((":", "："))


def has_trailing_comment(output: str) -> bool:
    """True when the last sentence (or line) of ``output``, after at least one other,
    talks about the answer: it opens with one of ``_COMMENT_OPENERS``."""
    sentences = [sentence.strip() for line in output.strip().split("\n")
                 for sentence in SENTENCE_END.split(line) if sentence.strip()]
    last = sentences[-1].casefold() if len(sentences) > 1 else ""
    return last.startswith(tuple(opener.casefold() for opener in _COMMENT_OPENERS))


def is_preamble_only(output: str) -> bool:
    """True when ``output`` is one line that ends in a colon: an introduction to an answer
    that never came."""
    text = output.strip()
    return bool(text) and "\n" not in text and text.endswith((":", "："))


def wrapped_in_quotes(output: str) -> bool:
    """True when one pair of quotation marks encloses the whole of ``output``."""
    text = output.strip()
    if len(text) < 2 or text[0] not in _QUOTE_PAIRS:
        return False
    opening, closing = text[0], _QUOTE_PAIRS[text[0]]
    inner = text[1:-1]
    return text[-1] == closing and opening not in inner and closing not in inner


def stopped_by_itself(reason: FinishReason) -> bool:
    """True when the model ended the answer, not the token limit or the context."""
    return reason in (FinishReason.STOP, FinishReason.STOP_SEQUENCE)


def sentence_count(text: str) -> int:
    """How many sentence ends ``text`` has; a text without one counts as one sentence."""
    return max(1, len(_SENTENCE_MARK.findall(text.strip())))


def fits_length(length: ContinueLength, output: str) -> bool:
    """True when a continuation is about as long as asked: a few words (at most
    ``FEW_WORDS`` words or ``FEW_CHARS`` Chinese characters), one sentence, or one
    paragraph (no blank line inside); ``LONG`` always fits."""
    text = output.strip()
    if length is ContinueLength.WORDS:
        limit = FEW_CHARS if han_share(text) >= SCRIPT_SHARE else FEW_WORDS
        return 0 < count_words(text) <= limit
    if length is ContinueLength.SENTENCE:
        return bool(text) and sentence_count(text) <= 1
    if length is ContinueLength.PARAGRAPH:
        return bool(text) and "\n\n" not in text
    return True


def length_goes_as_asked(style: RewriteStyle, passage: str, output: str) -> bool:
    """True when a Shorter rewrite is shorter (a Longer one longer) than its passage."""
    before, after = count_words(passage), count_words(output)
    return after < before if style is RewriteStyle.SHORTER else after > before


def in_target_script(style: RewriteStyle, output: str) -> bool:
    """True when a translation is mostly in the target script (Chinese or Latin)."""
    share = han_share(output)
    if style is RewriteStyle.TO_CHINESE:
        return share >= SCRIPT_SHARE
    return bool(output.strip()) and share <= 1 - SCRIPT_SHARE


# The table ------------------------------------------------------------------------------


@dataclass
class Tally:
    """Counts for one column of the table."""

    passed: dict[str, int] = field(default_factory=dict)
    total: dict[str, int] = field(default_factory=dict)
    runs: int = 0
    units: int = 0
    at_limit: int = 0

    def add(self, result: Result) -> None:
        self.runs += 1
        self.units += count_words(result.output.text)
        self.at_limit += result.output.reason in (FinishReason.LENGTH,
                                                  FinishReason.CONTEXT_FULL)
        for name, ok in result.checks.items():
            self.total[name] = self.total.get(name, 0) + 1
            self.passed[name] = self.passed.get(name, 0) + ok

    def cell(self, name: str) -> str:
        return f"{self.passed[name]}/{self.total[name]}" if name in self.total else "–"


def tally(results: Iterable[Result]) -> dict[str, Tally]:
    """The results counted per column, in the order of ``COLUMNS``."""
    columns: dict[str, Tally] = {}
    for result in results:
        columns.setdefault(result.task.column, Tally()).add(result)
    return {name: columns[name] for name in COLUMNS if name in columns}


def markdown_table(results: Iterable[Result]) -> str:
    """One row per check and one column per action: passes over runs ("23/25")."""
    columns = tally(results)
    lines = ["| check | " + " | ".join(columns) + " |",
             "|---|" + "---|" * len(columns)]
    for name, label in CHECKS.items():
        if any(name in column.total for column in columns.values()):
            cells = " | ".join(column.cell(name) for column in columns.values())
            lines.append(f"| {label} | {cells} |")
    means = " | ".join(f"{column.units / column.runs:.0f}" for column in columns.values())
    limits = " | ".join(f"{column.at_limit}/{column.runs}" for column in columns.values())
    lines += [f"| mean length (words + Chinese characters) | {means} |",
              f"| hit the length limit | {limits} |"]
    return "\n".join(lines)


def count(results: Iterable[Result], column: str, name: str,
          text_id: str | None = None) -> tuple[int, int]:
    """(passed, total) of check ``name`` in ``column``, on one text if ``text_id``."""
    verdicts = [r.checks[name] for r in results if r.task.column == column
                and name in r.checks and text_id in (None, r.task.text.id)]
    return sum(verdicts), len(verdicts)


def describe_checks() -> str:
    """The checks and their thresholds in plain words, for docs/QUALITY.md."""
    return f"""\
Every output is read by rules that need no judge model
(`writer_app/testing/quality.py`, unit-tested in `tests/unit/test_quality_checks.py`).
A cell counts the runs that passed over the runs the check applies to, all texts and seeds
of that column together; "–" means the check does not apply there.

- **continues the sentence** (Continue on a text that ends mid-sentence: after "and",
  after 的, or after a comma): the continuation does not open a new line, does not start
  with punctuation, and in English does not start with a capitalised word (except "I"
  and names: words the text capitalises mid-sentence, or never writes in lower case and
  that are not common sentence openers such as "The" or "She"); in Chinese it does not
  start with a Latin letter, nor with the first two characters of one of the text's own
  sentences (a restart such as "外婆家的…").
- **does not repeat the opening** (Continue): the text's first {OPENING_WORDS} words (Chinese: first
  {OPENING_CHARS} characters, spaces ignored) do not appear in the continuation.
- **no long copy of the text** (Continue): no run of more than {MAX_COPIED_WORDS} consecutive words
  (Chinese: {MAX_COPIED_CHARS} characters) of the continuation stands in the text.
- **fits the length asked for** (Continue): "a few words" is at most {FEW_WORDS} words (Chinese:
  {FEW_CHARS} characters); "a sentence" has at most one sentence end; "a paragraph" has no blank
  line inside.
- **summary shorter than the text**: fewer words plus Chinese characters than the input.
- **length goes the way asked** (Shorter, Longer): fewer (more) words plus Chinese
  characters than the selected paragraph.
- **in the target script** (translations): at least {SCRIPT_SHARE:.0%} of the letters are Chinese
  characters for "To Chinese", at most {1 - SCRIPT_SHARE:.0%} for "To English".
- **custom instruction followed**: the instruction is "{CUSTOM_INSTRUCTION["en"]}"
  (Chinese texts: "{CUSTOM_INSTRUCTION["zh"]}"); the answer has at most one sentence end.
- **review panel has no warning** (Summarize, Rewrite): `writer_app.core.writing.review.review()`,
  what the writer sees beside the result, finds nothing that contradicts the request.
- **no prompt scaffolding** (all): none of these appear, ignoring case: the delimiters
  `<document>`, `</document>`, `<passage>`, `</passage>`, `[CONTINUE HERE]`, chat-template
  tokens (`<|`), the task lines of the prompts, their old answer labels ("Rewritten
  passage:", "Summary of the passage:") at the start of a line, every phrase of four words
  or more of the system prompt, the instruction of every rewrite style and the custom
  instruction, and whatever `writer_app.core.writing.prompts.SCAFFOLDING` lists.
- **no preamble** (all): the answer does not open with "Here is", "Here's", "Here are",
  "Sure", "Certainly", "以下是", "好的" or "当然", nor with a line ending in a colon that
  introduces the rest.
- **not wrapped in quotes** (all): no single pair of quotation marks encloses the whole
  answer.
- **no copy of the instructions or notes** (Summarize, Rewrite): no {COPY_WORDS} consecutive words
  (Chinese: {COPY_HAN} characters) of an instruction of the prompt or of the writer's notes
  appear in the answer, unless the text itself has them
  (`writer_app.core.writing.cleanup.copied_run`).
- **no trailing comment** (Summarize, Rewrite): the answer's last sentence or line, after at
  least one other, does not open with words that talk about the answer: "The original",
  "The rewritten", "The revised", "The new version", "This version", "This rewrite",
  "In this version", "The passage", "The text", "I hope", "Note:", "Notes:", "Let me know",
  "I have", "I've", 以上, （注, 注：, 希望, 改写后 or 这段.
- **not only a preamble** (Summarize, Rewrite): the answer is not a single line ending in a
  colon (an introduction whose answer never came).
- **stopped by itself** (all): the model ended the answer (end of text or a stop sequence)
  before the token limit or the context ran out.
- **ends at a sentence end** (all but "a few words"): the answer ends with . ! ? 。 ！ ？ or …,
  possibly followed by a closing quote or bracket.

The last two rows are not checks: the mean length of the outputs (words plus Chinese
characters) and how many runs stopped at the token limit.
"""


def update_report(document: str, label: str, section: str) -> str:
    """``document`` with the section of ``label`` replaced by ``section`` (or added at
    the end); the sections of other labels and the text outside them stay as they are."""
    start, end = f"<!-- quality:{label} -->", f"<!-- /quality:{label} -->"
    block = f"{start}\n{section.strip()}\n{end}"
    before, found, rest = document.partition(start)
    if found:
        _, closed, after = rest.partition(end)
        if closed:
            return before + block + after
    return document.rstrip("\n") + ("\n\n" if document.strip() else "") + block + "\n"
