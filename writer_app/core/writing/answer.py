"""Turn a model's stream of token bytes into clean text, incrementally.

Each token's bytes are decoded once (no re-decoding of the whole completion per token):
a UTF-8 sequence split across tokens waits for its last byte, invalid bytes are dropped,
control characters other than newline and tab are removed, as are the bidi embeddings,
overrides and isolates that would make text read differently from how it is stored
(U+202A–U+202E, U+2066–U+2069), and text that might be the start of a stop sequence is
held back until it is known not to be one.

A chat model's control tokens never reach the document. The local engine renders each
token without its special pieces (a control token is no text) and ends the answer at an
end-of-generation token; a server's answer is text, where a control token is only its
spelling, so the stream ends at the first spelling of one (``CONTROL_TOKENS``): what
follows it is another turn of the conversation, not the answer.

Two more rules shape what a writer sees. A continuation ends at the boundary of the unit
the writer asked for (a few words, a sentence, a paragraph) rather than mid-word at a token
limit. An instructed answer (summary, rewrite) is cleaned by ``core.writing.cleanup`` as it
comes: its head is read before it is shown, so a preamble ("Here is the rewritten
passage:") or an echo of the prompt never reaches the document, and a sentence of its first
line is shown as soon as no rule could still take it for one (a one-paragraph summary
streams from its first sentence); then each sentence is shown once it ends, so one that
echoes the prompt is dropped and one that comments on the answer ("This version keeps…")
ends it. Quotation marks wrapped round the whole answer go too.

A reasoning model (Qwen3, DeepSeek-R1 and their kind) may think aloud in a
``<think>…</think>`` block before it answers, where its template cannot turn that off. The
block is held back and dropped, however the tokens split it; one that is still open when
the stream ends (the token limit) is dropped whole. How long the model thought is kept.
"""

from __future__ import annotations

import codecs
import functools
import logging
import re
import time
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field

from writer_app.core.requests import ContinueLength
from writer_app.core.text.units import SENTENCE_END
from writer_app.core.writing.cleanup import (
    AnswerTail,
    PromptPieces,
    known_sentence,
    log_removed,
    strip_head,
)

log = logging.getLogger(__name__)

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
_STRIP_LEADING = re.compile(r"^\s+")
_WORD = re.compile(r"\w+", re.UNICODE)
# "A few words": this many words, then the next word boundary (or a sentence end).
FEW_WORDS = 5
_QUOTE_PAIRS = (("“", "”"), ("「", "」"), ("『", "』"))
_OPENING_QUOTES = {'"': '"', "“": "”", "「": "」", "『": "』", "'": "'", "‘": "’"}
# How much of an instructed answer is read before its first line is judged.
_HEAD_CHARS = 240


# The spellings of the control tokens of the chat templates in use: ChatML (Qwen, Yi and
# many fine-tunes), Llama 3, Phi, Gemma, Mistral and DeepSeek.
CONTROL_TOKENS = (
    "<|im_start|>", "<|im_end|>", "<|endoftext|>", "<|eot_id|>", "<|eom_id|>",
    "<|start_header_id|>", "<|end_header_id|>", "<|begin_of_text|>", "<|end_of_text|>",
    "<|end|>", "<|user|>", "<|assistant|>", "<|system|>", "<start_of_turn>", "<end_of_turn>",
    "[INST]", "[/INST]", "<｜end▁of▁sentence｜>", "<｜User｜>", "<｜Assistant｜>",
)

THINK_OPEN = "<think>"
THINK_CLOSE = "</think>"


class ThinkingFilter:
    """Drops a thinking block at the start of a stream of text; passes the rest through.

    ``active`` is True while the model is inside the block; ``thinking_s`` is how long it
    thought (None if it did not).
    """

    def __init__(self) -> None:
        self._head = ""  # the start of the stream, while it may still open a block
        self._decided = False
        self.active = False
        self._started_at = 0.0
        self._ended_at = 0.0

    @property
    def thinking_s(self) -> float | None:
        if not self._started_at:
            return None
        return (self._ended_at or time.perf_counter()) - self._started_at

    def feed(self, text: str) -> str:
        """Add streamed text; return what is not thinking and is known not to be."""
        if self._decided and not self.active:
            return text
        self._head += text
        if not self.active:
            start = self._head.lstrip()
            if not start.startswith(THINK_OPEN):
                if THINK_OPEN.startswith(start):
                    return ""  # "<thi": perhaps the start of a block
                self._decided = True
                head, self._head = self._head, ""
                return head
            self.active = self._decided = True
            self._started_at = time.perf_counter()
            self._head = start[len(THINK_OPEN):]
        end = self._head.find(THINK_CLOSE)
        if end < 0:
            # Keep only what may be the start of the closing tag: a long block costs nothing.
            self._head = self._head[-(len(THINK_CLOSE) - 1):]
            return ""
        rest = self._head[end + len(THINK_CLOSE):].lstrip()
        self._head = ""
        self.active = False
        self._ended_at = time.perf_counter()
        log.debug("dropped a thinking block of %.1f s", self._ended_at - self._started_at)
        return rest

    def flush(self) -> str:
        """The end of the stream: an unfinished block is dropped, a held start is text."""
        if self.active:
            self.active = False
            self._ended_at = time.perf_counter()
            self._head = ""
            return ""
        head, self._head = self._head, ""
        self._decided = True
        return head


def clean_text(text: str) -> str:
    """Drop control characters (keeping newline and tab) and bidi overrides, and normalise
    line ends."""
    return _CONTROL.sub("", text.replace("\r\n", "\n").replace("\r", "\n"))


def _is_wordish(char: str) -> bool:
    """True for characters of space-separated scripts (Latin, digits, Cyrillic...)."""
    if not char.isalnum():
        return False
    return not unicodedata.name(char, "").startswith(("CJK", "HIRAGANA", "KATAKANA", "HANGUL"))


def join_space(before: str, first: str) -> str:
    """The separator a continuation needs after ``before``: a space or nothing.

    "He left|" + "It rained" needs a space; Chinese text and text after whitespace do not.
    """
    if not before or not first:
        return ""
    last, head = before[-1], first[0]
    if last.isspace() or head.isspace():
        return ""
    if last in ".,;:!?)\"'" and _is_wordish(head):
        return " "
    if _is_wordish(last) and _is_wordish(head):
        return " "
    return ""


def joined(before: str, text: str) -> str:
    """``text`` as it goes on from ``before``: one space between them where a continuation
    needs it, and none doubled where ``before`` already ends in whitespace."""
    if before[-1:].isspace() and text[:1] in " \t":
        text = text.lstrip(" \t")
    return join_space(before, text) + text


def _inside_quotes(text: str) -> bool:
    """True when ``text`` opens a quotation it does not close (a sentence inside a quote)."""
    return text.count('"') % 2 == 1 or any(
        text.count(opening) > text.count(closing) for opening, closing in _QUOTE_PAIRS)


def unit_end(text: str, start: int, length: ContinueLength) -> int | None:
    """Where the first unit of ``length`` that ends at or after ``start`` ends in ``text``.

    ``text`` is the whole continuation so far; ``start`` is where the new text begins (the
    end is never looked for in text already shown). None while no unit has ended yet.
    Leading whitespace does not count: a paragraph needs some text before its line break.
    """
    if length is ContinueLength.LONG:
        return None
    body = len(text) - len(text.lstrip())
    ends: list[int] = []
    if length in (ContinueLength.PARAGRAPH, ContinueLength.SENTENCE, ContinueLength.WORDS):
        newline = text.find("\n", max(start, body))
        if newline >= 0:
            ends.append(newline)
    if length in (ContinueLength.SENTENCE, ContinueLength.WORDS):
        for match in SENTENCE_END.finditer(text, body):
            if match.end() >= start and match.end() > body and \
                    not _inside_quotes(text[body : match.end()]):
                ends.append(match.end())
                break
    if length is ContinueLength.WORDS:
        words = list(_WORD.finditer(text))
        if len(words) > FEW_WORDS:
            ends.append(max(words[FEW_WORDS - 1].end(), start))
    return min(ends) if ends else None


@dataclass(frozen=True)
class AnswerRules:
    """How to clean an instructed answer (``core.writing.cleanup``).

    ``pieces`` are the texts of the prompt the answer must not repeat, and the passage it
    works on; ``unwrap_quotes`` removes quotation marks wrapped round the whole answer
    (unless the passage itself starts with one).
    """

    pieces: PromptPieces = field(default_factory=PromptPieces)
    unwrap_quotes: bool = True


@functools.lru_cache(maxsize=64)
def _stop_patterns(stops: tuple[str, ...]) -> tuple[re.Pattern[str], re.Pattern[str], int]:
    """One search a token for every stop, and one for the longest end of the text that may
    begin one (held back until the next token says), with the longest such beginning."""
    starts = sorted({s[:size] for s in stops for size in range(1, len(s))}, key=len,
                    reverse=True)
    return (re.compile("|".join(map(re.escape, stops))),
            re.compile("(?:" + "|".join(map(re.escape, starts)) + r")\Z"),
            max(map(len, starts)))


class TextStream:
    """Incremental decoder with stop sequences, unit boundaries and answer clean-up.

    ``strip_leading`` drops whitespace before the first visible character (rewrites and
    summaries); ``after`` is the text before a continuation, used to add or drop one
    space where the continuation joins it; ``until`` ends a continuation at the end of a
    unit; ``answer`` cleans the head of an instructed answer.
    """

    def __init__(self, stop: Sequence[str] = (), *, strip_leading: bool = False,
                 after: str | None = None, until: ContinueLength | None = None,
                 answer: AnswerRules | None = None) -> None:
        self._decoder = codecs.getincrementaldecoder("utf-8")(errors="ignore")
        self._stop_at, self._stop_start, self._longest_start = _stop_patterns(
            tuple(s for s in (*stop, *CONTROL_TOKENS) if s))
        self._pending = ""
        self._started = False
        self._strip_leading = strip_leading
        self._after = after
        # A long continuation has no unit to end at: nothing to look for, per token.
        self._until = None if until is ContinueLength.LONG else until
        self._answer = answer
        self._tail = AnswerTail(answer.pieces) if answer is not None else None
        self._quoted = ""
        self._shown = ""
        self._head_shown = 0  # how much of the head's first line is shown already
        self._thinking = ThinkingFilter()
        self.stopped = False
        self.at_unit_end = False

    @property
    def thinking(self) -> bool:
        """True while the model is inside a thinking block (nothing is shown meanwhile)."""
        return self._thinking.active

    @property
    def thinking_s(self) -> float | None:
        """How long the model thought before it answered; None if it did not."""
        return self._thinking.thinking_s

    def feed(self, data: bytes) -> str:
        """Add a token's bytes; return the text that is now safe to show."""
        if self.stopped:
            return ""
        self._pending += self._thinking.feed(clean_text(self._decoder.decode(data)))
        return self._release(final=False)

    def flush(self) -> str:
        """Return whatever is still held back, at the end of the stream."""
        if not self.stopped:
            text = self._thinking.feed(clean_text(self._decoder.decode(b"", final=True)))
            self._pending += text + self._thinking.flush()
        return self._release(final=True)

    def _release(self, *, final: bool) -> str:
        if not self._started and not self._ready_to_start(final):
            return self._known_sentences()
        text = self._pending
        stop = self._stop_at.search(text)
        if stop is not None:
            text = text[: stop.start()]
            self.stopped = True
        if self.stopped or final:
            self._pending = ""
            if self._tail is not None:
                text = (self._tail.feed(text) + self._tail.flush()).rstrip()
            return self._show(self._unwrapped(text))
        tail = text[-self._longest_start :]
        start = self._stop_start.search(tail)
        hold = len(tail) - start.start() if start is not None else 0
        if self._quoted:
            hold = len(text)  # the whole answer, until its end shows whether it is wrapped
        ready = text[: len(text) - hold]
        self._pending = text[len(ready) :]
        if self._tail is not None:
            # The tail holds the sentence still coming, with the whitespace before it: an
            # answer's trailing blank lines are shown only inside it.
            ready = self._tail.feed(ready)
            if self._tail.ended:
                self.stopped = True
                self._pending = ""
        return self._show(ready)

    def _ready_to_start(self, final: bool) -> bool:
        """Clean the head once enough of it is known; False while it is still coming."""
        text = self._pending
        if self._strip_leading:
            text = _STRIP_LEADING.sub("", text)
        if self._answer is not None:
            cleaned, removed = strip_head(text, self._answer.pieces)
            cut = len(text) - len(cleaned)
            if 0 < cut < self._head_shown:
                cleaned, removed = text, []  # no rule cuts into sentences already shown
            _, _, rest = cleaned.partition("\n")
            if not final and not rest.strip() and len(cleaned) < _HEAD_CHARS:
                self._pending = text
                return False
            log_removed(removed)
            # Sentences shown early stay; what a rule removed with them goes.
            text = text[self._head_shown:] if cut < self._head_shown else \
                (("\n" if "\n" in text[:cut] else " ") if self._head_shown else "") + cleaned
            if self._answer.unwrap_quotes and text[:1] in _OPENING_QUOTES \
                    and not self._head_shown:
                self._quoted = text[:1]
        elif self._after is not None and text:
            text = joined(self._after, text)
        self._pending = text
        if not text:
            return False
        self._started = True
        return True

    def _known_sentences(self) -> str:
        """The sentences of an answer's first line that are known to be the answer while
        the line still comes (``cleanup.known_sentence``): a one-paragraph summary streams
        from its first sentence instead of all at once."""
        if self._answer is None or self._tail is None or self._stop_at.search(self._pending):
            return ""
        head, removed = strip_head(self._pending, self._answer.pieces)
        if self._answer.unwrap_quotes and head[:1] in _OPENING_QUOTES:
            return ""  # a quoted answer is held whole, to see whether it is wrapped
        preamble = self._pending[: len(self._pending) - len(head)]
        if removed and (self._head_shown or (not preamble.rstrip().endswith((":", "："))
                        and "\n" not in preamble)):
            # A rule may remove the rest of the line; and a line that opens with talk
            # that announces no answer ("Sure, I can help. It goes as follows:") is talk
            # until it ends.
            return ""
        shown = ""
        while (end := known_sentence(head, self._answer.pieces, self._head_shown)) is not None:
            self._pending = head
            log_removed(removed)
            removed = []
            shown += self._tail.feed_sentence(head[self._head_shown : end])
            self._head_shown = end
            if self._tail.ended:
                self.stopped = self._started = True
                self._pending = ""
                break
        return self._show(shown)

    def _unwrapped(self, text: str) -> str:
        """The whole answer without the quotation marks round it, if it is wrapped."""
        if not self._quoted:
            return text
        closing = _OPENING_QUOTES[self._quoted]
        body = text.rstrip()
        inner = body[1:-1]
        if len(body) > 1 and body.endswith(closing) and closing not in inner \
                and (closing == self._quoted or self._quoted not in inner):
            log.debug("removed the quotation marks round the answer")
            return inner
        return text

    def _show(self, text: str) -> str:
        if self._until is None or not text:
            return text
        end = unit_end(self._shown + text, len(self._shown), self._until)
        if end is not None:
            text = text[: end - len(self._shown)].rstrip(" \t")
            self.stopped = self.at_unit_end = True
            self._pending = ""
        self._shown += text
        return text
