"""Clean an instructed answer of everything that is not the answer, by one table of rules.

Small models wrap what they were asked for in talk about it: a preamble ("Here is the
rewritten passage:", "以下是改写后的段落："), a comment after it ("The original passage is
rephrased to make it more concise…", "I hope this helps", "（注：…）"), a copy of the
instructions or of the writer's notes. Every instructed answer (summaries, rewrites,
composed sections) goes through the rules here, and only the writer's words and the model's
answer reach the document.

``clean_answer(text, pieces) -> Cleaned(text, removed)`` cleans a whole answer;
``strip_head`` and ``AnswerTail`` are its two halves, which the answer stream
(``answer.TextStream``) applies as the text comes; ``known_sentence`` tells the stream when
a sentence of the head's first line can be shown before that line ends.

``pieces`` are the texts of the prompt the answer was asked with (``PromptPieces``): the
prompt builder hands over the ones it used (``Prompt.answer.pieces``, or
``prompts.prompt_pieces(request, passage)`` for a request), so no prompt text is written
down twice. The passage itself is among them only as a guard: no
rule removes text the passage contains.

Each rule has a name, and every removal is logged at INFO with it. ``talk_only`` says
whether an answer is nothing but such talk, for the review to warn about (the clean-up
never empties an answer: the writer sees what came back, with the warning).
"""

from __future__ import annotations

import enum
import logging
import re
from dataclasses import dataclass, field

from writer_app.core.text.diff import tokens
from writer_app.core.text.units import SENTENCE_END, is_han

log = logging.getLogger(__name__)

# How many units of a prompt piece, in a row, make a copy of it: five words, or six
# Chinese characters (a Chinese word is about two).
COPY_WORDS = 5
COPY_HAN = 6
# A sentence still unfinished after this many characters is released unjudged: no rule's
# talk is that long, and a writer should not wait for the end of a long sentence.
_MOST_HELD = 200


@dataclass(frozen=True)
class PromptPieces:
    """The texts of a prompt that its answer must not repeat, and the passage it is about.

    ``instructions`` are ours (the system prompt, the task, the writer's own instruction);
    ``notes`` are the lines of the writer's notes; ``markers`` are the lines round the text.
    ``passage`` is the writer's text the answer works on: nothing in it is ever removed.
    ``describes_passage`` is True where describing the passage is the answer (a summary).
    """

    instructions: tuple[str, ...] = ()
    notes: tuple[str, ...] = ()
    markers: tuple[str, ...] = ()
    passage: str = ""
    describes_passage: bool = False

    @property
    def echoes(self) -> tuple[str, ...]:
        """Every piece an answer may echo, instructions first."""
        return (*self.instructions, *self.markers, *self.notes)


@dataclass(frozen=True)
class Removal:
    """What one rule (``rule``, its name) removed from an answer."""

    rule: str
    text: str


@dataclass(frozen=True)
class Cleaned:
    """An answer after the clean-up, and what was removed from it, in order."""

    text: str
    removed: tuple[Removal, ...] = ()


class Talk(enum.Enum):
    """What kind of talk about the answer a rule finds."""

    PREAMBLE = "preamble"
    COMMENT = "comment"
    DESCRIPTION = "description"
    INSTRUCTION = "instruction"
    COPY = "copy"


@dataclass(frozen=True)
class _Rule:
    name: str
    talk: Talk
    pattern: re.Pattern[str]


def _rule(name: str, talk: Talk, pattern: str) -> _Rule:
    return _Rule(name, talk, re.compile(pattern, re.IGNORECASE))


# Before the answer: each pattern matches the preamble itself, which is removed when an
# answer follows it on the same or the next line.
HEAD_RULES = (
    # "Sure! Here is the rewritten passage:" / "Here's a more formal version:"
    _rule("here is", Talk.PREAMBLE,
          r"^(?:(?:sure|certainly|of course|okay|ok|absolutely)\b[,.!]?\s*)?"
          r"(?:here(?:'s| is| are)|below is|this is)\b[^\n:：]{0,120}?"
          r"\b(?:rewrit\w*|revis\w*|version|passage|text|summary|translation|paragraph|"
          r"result|answer|continuation|edit\w*)\b[^\n:：]{0,60}[:：]\s*"),
    _rule("sure", Talk.PREAMBLE, r"^(?:sure|certainly|of course|okay|absolutely)\b[,.!]\s*"),
    # "I'm glad you found the text helpful." / "很高兴能帮到你。"
    _rule("glad", Talk.PREAMBLE,
          r"^(?:i'?m|i’m|i am)\s+glad\s+(?:you|that you|to help|i could)\b[^\n.!?]*[.!?]\s*"),
    _rule("很高兴", Talk.PREAMBLE, r"^很高兴(?:能|为你|为您|你|您)[^\n。！？]*[。！？]\s*"),
    # "The following passage can be rewritten in a more formal tone, as follows:"
    _rule("as follows", Talk.PREAMBLE, r"^[^\n:：]{0,160}?\bas follows\s*[:：]\s*"),
    # "以下是改写后的段落：" / "好的，这是翻译："
    _rule("好的", Talk.PREAMBLE, r"^(?:好的|当然|没问题)[，,。！!]?\s*"),
    _rule("以下是", Talk.PREAMBLE, r"^(?:以下是|下面是|这是)[^\n]{0,60}?[:：]\s*"),
    # A short first line about the answer itself: "The passage in English is:",
    # "Original text:", "The following passage can be rewritten as:"
    _rule("about the passage", Talk.PREAMBLE,
          r"^(?=[^\n]*\b(?:is|are|as|original|following|below|rewritten|revised|"
          r"translated|english|chinese)\b)"
          r"(?:\w+[ \t]+){0,6}(?:passage|text|version|paragraph|translation|summary)"
          r"\b[^\n:：]{0,40}[:：][ \t]*\n\s*"),
    # A label line: "Rewritten passage:", "Summary:", "Translation:", "摘要："
    _rule("label", Talk.PREAMBLE,
          r"^(?:(?:rewritten|revised|shorter|longer|formal|casual|corrected|translated|"
          r"new|final)\s+)?(?:passage|text|version|paragraph|summary|translation|"
          r"rewrite|answer|output|result)\s?[:：][ \t]*\n\s*"),
    # A bracketed label line: "[SUGGESTION]", "[FIRST RESPONSE]", "[文中描述的说明]"
    _rule("bracketed label", Talk.PREAMBLE, r"^\[[^\]\n]{1,40}\][ \t]*\n\s*"),
    _rule("标签", Talk.PREAMBLE,
          r"^(?:摘要|总结|概要|翻译|译文|改写|改写后|结果)[:：][ \t]*\n?\s*"),
)

_ABOUT = r"(?:passage|text|paragraph|version|rewrite|revision|summary|story|sentence)s?"
_EDITED = (r"(?:rephrased|rewritten|revised|reworded|shortened|condensed|expanded|"
           r"simplified|edited|changed|translated|summari[sz]ed)")
# After the answer: each pattern matches the start of a sentence that talks about the
# answer, which ends it; that sentence and all after it are removed. They fire only after
# some answer, and never on a sentence the passage contains.
TAIL_RULES = (
    # "The rewritten text keeps…": the answer named as an edit
    _rule("the rewritten passage", Talk.COMMENT,
          rf"^(?:the|this|my)\s+(?:rewritten|revised|edited|new|above|shortened|expanded|"
          rf"formal|casual|translated)\s+{_ABOUT}\b"),
    # "The original passage is rephrased to…"
    _rule("the original passage", Talk.COMMENT,
          rf"^(?:the|this|your)\s+original\s+{_ABOUT}\s+(?:is|was|has been|have been|are|"
          rf"were)\s+(?:now\s+)?{_EDITED}\b"),
    # "The original text, as provided, is…", "The original text was:" (a summary may
    # describe the original: this one is for rewrites)
    _rule("the original text", Talk.DESCRIPTION,
          rf"^(?:the|this|your)\s+original\s+{_ABOUT}\b"),
    # "The passage has been rephrased…", "This text was shortened…"
    _rule("the passage is edited", Talk.COMMENT,
          rf"^(?:the|this)\s+{_ABOUT}\s+(?:is|was|has been|have been|are|were)\s+"
          rf"(?:now\s+)?{_EDITED}\b"),
    # "This version keeps…", "This rewrite…", "In this version…"
    _rule("this version", Talk.COMMENT,
          r"^(?:in\s+)?this\s+(?:\w+\s+)?(?:version|rewrite|revision)\b"),
    _rule("I hope this helps", Talk.COMMENT,
          r"^(?:i\s+hope\s+(?:this|that|it)\s+(?:helps|is|was|meets|works|fits)|"
          r"i\s+hope\s+you\s+(?:like|enjoy|find)|(?:please\s+)?let me know if\b|"
          r"feel free to\b|"
          r"i(?:\s+have|'ve|’ve)\s+(?:rephrased|rewritten|revised|kept|made|changed|"
          r"shortened|expanded|tried))"),
    # "I've removed unnecessary punctuation…", "I'll create a passage that's 27 words…":
    # the model on its own edit, named by what it did to the words of a text
    _rule("I have removed", Talk.COMMENT,
          r"^i(?:\s+have|'ve|’ve|\s+will|'ll|’ll)\s+(?:removed|condensed|cut|trimmed|"
          r"tightened|simplified|added|replaced|streamlined|combined|create|write|rewrite|"
          r"make|give|provide)\s+(?:\w+\s+){0,2}(?:words?|punctuation|sentences?|details?|"
          r"phrases?|language|repetitions?|clauses?|passage|text|paragraph|version|summary|"
          r"rewrite)\b"),
    _rule("note", Talk.COMMENT,
          r"^[(（]?(?:note|notes|explanation|changes(?: made)?)\s*[:：]"),
    # "The passage describes…", "The text expands on…"
    _rule("the passage describes", Talk.DESCRIPTION,
          rf"^(?:in\s+)?(?:the|this)\s+(?:original\s+)?{_ABOUT}\s*,?\s+(?:describes|"
          r"expands|tells|is about|talks|explores|highlights|emphasi[sz]es|focuses|"
          r"conveys|shows|depicts|discusses|presents|portrays|captures|uses|is written)\b"),
    # "Your text is polished and professional…", "In your text, the passage is…"
    _rule("your text", Talk.DESCRIPTION,
          r"^(?:in\s+)?your\s+(?:original\s+)?(?:text|passage|paragraph|writing|draft|"
          r"story|email)\b"),
    # "The text is too long and…", "The passage is already concise."
    _rule("the passage is too long", Talk.DESCRIPTION,
          rf"^(?:the|this)\s+(?:original\s+)?{_ABOUT}\s+(?:is|was)\s+(?:too|quite|already|"
          r"well[- ]written|concise|clear|grammatically)\b"),
    # "Rewrite the passage with a fresh perspective…"
    _rule("rewrite the passage", Talk.INSTRUCTION,
          r"^(?:please\s+)?(?:rewrite|rephrase|summari[sz]e|shorten|expand|translate|"
          r"make|write|revise|edit|condense)\s+(?:the|this)\s+(?:following\s+|given\s+|"
          r"original\s+)?(?:passage|text|paragraph|story|sentence)s?\b"),
    _rule("以上是", Talk.COMMENT,
          r"^(?:以上|上面|上述)(?:是|为|就是|内容|改写|翻译|摘要|文字|段落)"),
    _rule("注", Talk.COMMENT, r"^[(（]?(?:注|备注|说明|注释)[:：]"),
    _rule("希望", Talk.COMMENT, r"^希望(?:这|以上|对你|能|您)"),
    # "我删去了多余的词语…", "我把这段话缩短为…": the model on its own edit of the text
    _rule("我删去了", Talk.COMMENT,
          r"^我(?:已经?|将|会)?(?:(?:把|对)(?:原文|这段话?|该段|段落|文字|句子|文本)(?:进行了?)?"
          r"(?:删去|删除|去掉|缩短|扩写|改写|重写|润色|精简|简化|压缩)|(?:删去|删除|去掉|缩短|扩写|"
          r"改写|重写|润色|精简|简化|压缩)了?(?:原文|这段|该段|段落|文字|句子|文本|一些|部分|多余|"
          r"不必要|重复))"),
    _rule("改写后的段落", Talk.COMMENT,
          r"^(?:改写后|修改后|重写后|翻译后|原文|原来)的?(?:段落|文字|文本|内容|句子|版本)?"
          r"(?:更|已|保留|使用|通过|去掉|删除|增加|变得)"),
    _rule("这段文字描述了", Talk.DESCRIPTION,
          r"^(?:这段|该段|此段|这篇|本段)(?:文字|段落|文本|内容|话|故事)?(?:描述|讲述|讲|介绍|"
          r"表达|展现|描写|说明|主要)"),
    _rule("你的文字", Talk.DESCRIPTION,
          r"^(?:你|您)的(?:原文|文字|文本|段落|文章|句子)"),
    _rule("请改写", Talk.INSTRUCTION,
          r"^请?(?:改写|重写|总结|翻译|缩短|扩写|润色)(?:这段|以下|下面|上面|这篇|该段)"),
)


def _normalised(text: str) -> str:
    return " ".join(re.sub(r"[^\w\s]", " ", text.casefold()).split())


def _units(text: str) -> str:
    """``text`` as words and Chinese characters (``textdiff.tokens``), each between spaces."""
    return " " + " ".join(token for token in tokens(text.casefold()) if token[0].isalnum()) + " "


def _copy_length(units: list[str]) -> int:
    """How many units in a row starting with ``units[0]`` make a copy."""
    return COPY_HAN if units and is_han(units[0][0]) else COPY_WORDS


def is_echo(line: str, echo: str, *, within: bool = True, opening: int = 0) -> bool:
    """``line`` repeats ``echo``, a text of the prompt: all of it, or (``within``) a long
    one anywhere in it.

    With ``opening``, a line whose first ``opening`` words (or Chinese characters) run
    together in ``echo`` is one too: a model reciting its instructions goes on until a stop
    sequence or the token limit cuts it, so its line is the start of an instruction, often
    not a whole one.
    """
    said, wanted = _normalised(line), _normalised(echo)
    if not wanted:
        return False
    if said == wanted or (within and len(wanted) > 12 and wanted in said):
        return True
    units = _units(line).split()
    return 0 < opening <= len(units) and _units(" ".join(units[:opening])) in _units(echo)


def in_passage(text: str, pieces: PromptPieces, *, opening: bool = False) -> bool:
    """Whether the passage contains ``text`` (punctuation and case aside), or with
    ``opening`` starts with it: the writer's words, which no rule removes."""
    said, passage = _normalised(text), _normalised(pieces.passage)
    if opening:
        return bool(said) and passage.startswith(said)
    return bool(said) and said in passage


def copied_run(text: str, pieces: PromptPieces) -> str | None:
    """The first run of ``COPY_WORDS`` words (``COPY_HAN`` Chinese characters) of an
    instruction or of the notes that ``text`` repeats and the passage does not, or None."""
    sources = [_units(piece) for piece in (*pieces.instructions, *pieces.notes)]
    passage = _units(pieces.passage)
    units = _units(text).split()
    for start in range(len(units)):
        run = units[start : start + _copy_length(units[start:])]
        if len(run) < _copy_length(run):
            break
        joined = " " + " ".join(run) + " "
        if joined not in passage and any(joined in source for source in sources):
            return " ".join(run)
    return None


def _echo_of(sentence: str, pieces: PromptPieces) -> bool:
    """A sentence that is a piece of the prompt, or a copy of one, or contains a whole one."""
    if any(is_echo(sentence, piece) for piece in pieces.echoes):
        return True
    units = _units(sentence).split()
    if len(units) < _copy_length(units):
        return False
    return any(_units(sentence) in _units(piece) for piece in (*pieces.instructions,
                                                               *pieces.notes))


def _tail_rule(sentence: str, pieces: PromptPieces) -> _Rule | None:
    """The first rule of ``TAIL_RULES`` that ``sentence`` starts with, or None."""
    return next((rule for rule in TAIL_RULES if rule.pattern.match(sentence) and not (
        pieces.describes_passage and rule.talk is Talk.DESCRIPTION)), None)


def log_removed(removed: list[Removal]) -> None:
    """Log each removal at INFO with its rule's name."""
    for removal in removed:
        log.info("removed from the answer by the rule %r: %r", removal.rule, removal.text)


def strip_head(text: str, pieces: PromptPieces) -> tuple[str, list[Removal]]:
    """``text`` without a leading preamble, echoed instruction or echoed marker line,
    where an answer follows it. Returns the rest and what was removed, in order (not yet
    logged: a stream calls this again as the head grows)."""
    removed: list[Removal] = []
    changed = True
    while changed and text:
        changed = False
        for echo in pieces.echoes:
            line, newline, rest = text.partition("\n")
            if rest.strip() and is_echo(line, echo, within=bool(newline)) and \
                    not in_passage(line, pieces, opening=True):
                removed.append(Removal("echo", line))
                text, changed = rest.lstrip(), True
        for rule in HEAD_RULES:
            match = rule.pattern.match(text)
            if match and match.end() < len(text) and \
                    not in_passage(match.group(), pieces, opening=True):
                removed.append(Removal(rule.name, match.group()))
                text, changed = text[match.end():], True
    return text, removed


# How a line may go on to be a preamble after what has come of it: each head rule needs at
# most a word about the answer ("text"), a colon or a closing bracket, and then a line
# break with the answer after it. A line that none of these endings makes a preamble cannot
# become one before its next sentence: the "as follows" rule, which reads a whole line,
# then removes the sentence that announces the answer but no longer those before it.
_PREAMBLE_ENDINGS = (":\nx", " text:\nx", "]\nx")


def known_sentence(head: str, pieces: PromptPieces, start: int = 0) -> int | None:
    """Where the next sentence of ``head`` after ``start`` ends, once neither
    ``strip_head`` nor ``AnswerTail`` can take it for anything but the answer; None while
    that is not known.

    ``head`` is the first line of an answer as it comes, after ``strip_head`` (the text
    before ``start`` is known already). The sentence must end at a sentence end
    (``units.SENTENCE_END``, not a colon) on that line; no head rule may read the line as
    it is (a rule waiting for the answer after its preamble), nor as a preamble once it
    goes on (``_PREAMBLE_ENDINGS``); and the line may not be an echo of a prompt piece,
    nor the start of one. An echo that comes later on the line is removed from there on.
    """
    line = head.partition("\n")[0]
    match = SENTENCE_END.search(line, start)
    if match is None or not line[start : match.start()].strip():
        return None
    sentence = line[: match.end()]
    if any(rule.pattern.match(head) or any(rule.pattern.match(sentence + ending)
                                           for ending in _PREAMBLE_ENDINGS)
           for rule in HEAD_RULES):
        return None
    said = _normalised(line)
    if any(is_echo(line, echo) or _normalised(echo).startswith(said)
           for echo in pieces.echoes):
        return None
    return match.end()


def _sentence_end(text: str, start: int) -> int | None:
    """Where the sentence that starts at ``start`` (after its leading whitespace) ends:
    at a sentence end (``units.SENTENCE_END``) or a line break; None while unknown."""
    sentence = text[start:].lstrip()
    if not sentence:
        return None
    body = len(text) - len(sentence)
    match = SENTENCE_END.search(text, body)
    ends = [end for end in (text.find("\n", body), match.end() if match else -1) if end >= 0]
    return min(ends) if ends else None


@dataclass
class AnswerTail:
    """Judges an answer sentence by sentence as it comes, after its head is cleaned.

    ``feed`` takes text and returns the sentences that are known to be the answer; the
    sentence still coming is held until it ends (or grows past ``_MOST_HELD``). A sentence
    that echoes a prompt piece is dropped; one that talks about the answer (``TAIL_RULES``)
    ends it: it and everything after it is dropped, and ``ended`` turns True.
    """

    pieces: PromptPieces
    removed: list[Removal] = field(default_factory=list)
    ended: bool = False
    _held: str = ""
    _answered: bool = False
    _in_long_sentence: bool = False
    # Echoes before the first sentence of the answer: dropped once an answer follows,
    # shown at the end if none does (the review then says what they are).
    _unanswered: list[tuple[str, Removal]] = field(default_factory=list)

    def feed(self, text: str) -> str:
        """Add answer text; return what is now known to stay."""
        if self.ended:
            if text.strip():
                self._remove(Removal("after the comment", text.strip()))
            return ""
        self._held += text
        kept: list[str] = []
        while not self.ended:
            end = _sentence_end(self._held, 0)
            if end is None:
                break
            sentence, self._held = self._held[:end], self._held[end:]
            kept.append(self._judge(sentence))
        if self.ended:
            self.feed(self._take_held())
        elif len(self._held) > _MOST_HELD:
            kept.append(self._judge(self._take_held()))
            self._in_long_sentence = True
        return "".join(kept)

    def feed_sentence(self, sentence: str) -> str:
        """Add a sentence the stream knows has ended before the text after it shows so;
        return what stays of it."""
        kept = self.feed(sentence)
        held = "" if self.ended else self._take_held()
        return kept + (self._judge(held) if held else "")

    def flush(self) -> str:
        """The end of the answer: judge the sentence still held; an answer that was only
        echoes is given back whole."""
        held = self._take_held()
        kept = self._judge(held) if held and not self.ended else ""
        if not self._answered:
            kept = "".join(sentence for sentence, _ in self._unanswered) + kept
            self._unanswered.clear()
        return kept

    def _remove(self, removal: Removal) -> None:
        log_removed([removal])
        self.removed.append(removal)

    def _take_held(self) -> str:
        held, self._held = self._held, ""
        return held

    def _judge(self, sentence: str) -> str:
        """``sentence`` as it stays: itself, or "" where a rule removes it."""
        said = sentence.strip()
        if self._in_long_sentence:
            self._in_long_sentence = False
            return sentence
        if not said:
            return sentence
        rule = None
        if self._answered and not in_passage(said, self.pieces):
            rule = _tail_rule(said, self.pieces)
        if rule is not None:
            self.ended = True
            self._remove(Removal(rule.name, said))
            return ""
        if not in_passage(said, self.pieces) and _echo_of(said, self.pieces):
            if self._answered:
                self._remove(Removal("echo", said))
            else:
                self._unanswered.append((sentence, Removal("echo", said)))
            return ""
        if not self._answered:
            self._answered = True
            for _, removal in self._unanswered:
                self._remove(removal)
            self._unanswered.clear()
            sentence = sentence.lstrip()
        return sentence


def clean_answer(text: str, pieces: PromptPieces) -> Cleaned:
    """``text``, a whole instructed answer, without the talk round it: a leading preamble
    or echo, sentences that echo the prompt, and a trailing comment about the answer.

    The same rules as the answer stream's; for answers that are cleaned when whole.
    """
    rest, removed = strip_head(text.strip(), pieces)
    log_removed(removed)
    tail = AnswerTail(pieces)
    kept = tail.feed(rest) + tail.flush()
    return Cleaned(kept.strip(), (*removed, *tail.removed))


def _sentences(text: str) -> list[str]:
    sentences, start = [], 0
    while (end := _sentence_end(text, start)) is not None:
        sentences.append(text[start:end].strip())
        start = end
    rest = text[start:].strip()
    return [sentence for sentence in (*sentences, rest) if sentence]


def _talk(sentence: str, pieces: PromptPieces) -> Talk | None:
    """What kind of talk ``sentence`` is, or None for a sentence of an answer."""
    if in_passage(sentence, pieces):
        return None
    head = next((rule for rule in HEAD_RULES if rule.pattern.match(sentence)), None)
    if head is not None and not head.pattern.sub("", sentence, count=1).strip():
        return head.talk  # a preamble with no answer after it on its line
    tail = _tail_rule(sentence, pieces)
    if tail is not None:
        return tail.talk
    return Talk.COPY if _echo_of(sentence, pieces) else None


def talk_only(text: str, pieces: PromptPieces) -> Talk | None:
    """What ``text`` is when it is talk instead of an answer, or None when it has one.

    Talk is an answer that starts by describing the passage, by commenting on an edit or
    by giving an instruction (the model talked about the task instead of doing it); one
    that ends by announcing an answer that never comes ("Here's the revised version:",
    any last sentence that ends in a colon where the passage does not); or one whose every
    sentence is talk: a preamble with nothing after it, copies of the prompt.
    """
    sentences = _sentences(text)
    kinds = [_talk(sentence, pieces) for sentence in sentences]
    if not kinds:
        return None
    if kinds[0] in (Talk.DESCRIPTION, Talk.COMMENT, Talk.INSTRUCTION) or all(kinds):
        return kinds[0]
    announced = kinds[-1] is Talk.PREAMBLE or (
        sentences[-1].endswith((":", "：")) and not pieces.passage.rstrip().endswith((":", "：")))
    return Talk.PREAMBLE if announced else None
