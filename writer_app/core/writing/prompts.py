"""Build prompts whose long, stable part comes first, fitted to the context window.

Two kinds of prompt. Continue is a completion: the text before the cursor is the end of the
prompt (or, through a chat template, the start of the prefilled answer), so the first token
continues the writer's sentence. Summaries and rewrites are instructions: fixed
instructions, then the text between markers that are also stop sequences, then the short
task. Consecutive requests on one document therefore share the longest token prefix and
llama.cpp's KV cache is reused. A document longer than the window is cut at points on
a coarse grid, so the cut does not move with every keystroke. The writer's notes on the
document (``core.notes``) come before the document in every prompt, between markers of
their own; without notes, a prompt is exactly what it was before notes existed.

A prompt stays structured: chat messages (role and content), or for a completion the
text the model continues, and beside them the pieces it was fitted with (``parts``). Each
engine renders it: the local one tokenizes the parts, rendered through the model's own
template from the GGUF metadata; a server is sent the messages or the completion text and
applies its template itself. Fitting needs to know what a chat format adds around the
messages, so the engine hands the builder its ``ChatFormat``: here ``ChatTemplate``, which
renders a model's template in a sandboxed Jinja environment within a time and a size limit
(``template_limits``). Template text is tokenized with special tokens parsed; the user's
text never is, so a document cannot smuggle in control tokens.
"""

from __future__ import annotations

import contextlib
import datetime
import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Protocol

import jinja2

from writer_app.core.errors import GenerationError
from writer_app.core.i18n import QT_TRANSLATE_NOOP, Message, message, message_of
from writer_app.core.requests import (
    Action,
    ContinueLength,
    ContinueMode,
    GenerationRequest,
    RewriteStyle,
)
from writer_app.core.text.units import count_words, last_sentence_end, unit_name
from writer_app.core.writing.answer import THINK_CLOSE, THINK_OPEN, AnswerRules
from writer_app.core.writing.chat_template import LimitedEnvironment, render_limited
from writer_app.core.writing.cleanup import PromptPieces

log = logging.getLogger(__name__)

# Everything that never changes is here, before the document, so that it stays in the KV
# cache; the task after the document is a short line, re-read cheaply after every edit.
TEXT_OPEN, TEXT_CLOSE = "[TEXT]", "[END OF TEXT]"
SYSTEM_PROMPT = (
    "You are a writing assistant inside a text editor. The writer's text comes between the "
    f"lines {TEXT_OPEN} and {TEXT_CLOSE}. Write in the language of the text unless you are "
    "asked to translate. Answer with the requested text only: no preamble, no title, no "
    "notes, no quotation marks around it. To continue a text, write what comes next in its "
    "voice and style, starting exactly where it stops."
)
# Text of ours that a model may repeat and that must never reach the document: every one
# is a stop sequence, and an echo of one at the start of an answer is removed.
SCAFFOLDING = (TEXT_OPEN, TEXT_CLOSE)
NOTES_OPEN, NOTES_CLOSE = "[NOTES]", "[END OF NOTES]"
NOTES_SCAFFOLDING = (NOTES_OPEN, NOTES_CLOSE)
# Said only when there are notes, so a prompt without them stays as it was.
_NOTES_RULE = (
    " The writer's notes for the document (its style, characters, facts, and terms to use "
    f"or avoid) come before it, between the lines {NOTES_OPEN} and {NOTES_CLOSE}: follow "
    "them, and never copy them into your answer."
)
# A completion has no system prompt: this line tells a base model that what follows is
# about the text, not the text itself.
_NOTES_INTRO = "The author's notes for this document, which are not part of its text:\n"
_AFTER_INTRO = "Later in the same document, after the part being written, comes:\n"
_AFTER_TASK = "The text goes on after your part with:"
# The instructions above, for spotting an answer that recites them.
INSTRUCTIONS = (SYSTEM_PROMPT, _NOTES_RULE, _NOTES_INTRO, _AFTER_INTRO, _AFTER_TASK)
_CONTINUE_TASKS = {
    ContinueLength.WORDS: "Continue the text with a few words.",
    ContinueLength.SENTENCE: "Continue the text: finish the sentence, or write the next one.",
    ContinueLength.PARAGRAPH: "Continue the text: finish the paragraph, or write the next one.",
    ContinueLength.LONG: "Continue the text.",
}
# The most a length may generate; a unit normally ends well before its limit.
_UNIT_TOKENS = {ContinueLength.WORDS: 24, ContinueLength.SENTENCE: 128,
                ContinueLength.PARAGRAPH: 512, ContinueLength.LONG: 1 << 30}
_QUOTES = "\"'“‘「『"
_MAX_PREFILL = 400
_ELLIPSIS = "…\n"
_MARGIN = 8
_MIN_DOC_BUDGET = 16
_MIN_ANSWER = 16
_STEPS_PER_WINDOW = 8
_MIN_STEP_TOKENS = 16
# No token covers more characters than this, so a text longer than budget x this cannot
# fit: documents of many megabytes are never tokenized whole.
MAX_CHARS_PER_TOKEN = 64

Tokenize = Callable[[str, bool], Sequence[int]]
"""``tokenize(text, special)``: token ids, special tokens parsed only when ``special``."""


@dataclass(frozen=True)
class PromptPart:
    """A piece of the prompt: template text (``special``) or the user's text."""

    text: str
    special: bool


@dataclass(frozen=True)
class ChatMessage:
    """One message of a chat: ``role`` is "system", "user" or "assistant"."""

    role: str
    content: str


@dataclass(frozen=True)
class Prompt:
    """A prompt fitted to the context, and how its answer should be read.

    A chat has ``messages`` (system, user, and for Continue the start of the assistant's
    answer, which the model goes on with) and no ``completion``; a completion has the
    ``completion`` text and no messages. ``parts`` are the pieces it was fitted with: the
    chat rendered through the engine's ``ChatFormat``, or the completion text.
    """

    messages: tuple[ChatMessage, ...]
    completion: str | None
    parts: tuple[PromptPart, ...]
    max_tokens: int
    stop: tuple[str, ...]
    truncated: bool
    strip_leading: bool
    join_after: str | None
    until: ContinueLength | None = None
    answer: AnswerRules | None = None


THIS_MODEL = message(QT_TRANSLATE_NOOP("core", "this model"))
"""How a message names a model whose file name is not known."""


class ChatFormat(Protocol):
    """How an engine lays out a chat, as far as fitting a prompt to the context needs.

    ``frame(system, user_head)`` renders a system message and a user message that starts
    with ``user_head``: the text before the rest of the user message, and the text after
    it up to the answer (either may be ""). ``extra_tokens`` is what the format adds
    beyond the text of these parts.
    """

    extra_tokens: int

    def frame(self, system: str, user_head: str) -> tuple[PromptPart, PromptPart]: ...


class ChatTemplateError(ValueError):
    """The model's chat template is broken; the message is a sentence for the writer."""


class ChatTemplate:
    """A model's chat template, rendered safely with placeholders for the user's text.

    A template that runs past the limits or fails other than by rejecting a layout is
    the model's fault: ``problem`` then says so, and every later render fails at once
    with it instead of running the template again.
    """

    _SENTINELS = ("\ue000DOC\ue001", "\ue000TASK\ue001")
    extra_tokens = 0

    def __init__(self, source: str, bos_token: str = "", eos_token: str = "",
                 name: str = THIS_MODEL) -> None:
        self.name = name
        self.problem: str | None = None
        env = LimitedEnvironment(trim_blocks=True, lstrip_blocks=True)
        env.globals["raise_exception"] = _raise_template_error
        env.globals["strftime_now"] = _strftime_now
        try:
            self._template = env.from_string(source)
        except Exception as exc:  # anything a broken template does is the model's fault
            raise self._broken(exc) from None
        self._bos = bos_token
        self._eos = eos_token

    def _broken(self, exc: Exception) -> ChatTemplateError:
        reason = message_of(exc) or type(exc).__name__
        self.problem = message(QT_TRANSLATE_NOOP(
            "core", "The chat template in {name} does not work ({reason}). This is a fault in "
            "the model file, not in your text: writer-app uses a plain prompt for this model, "
            "so its answers may be weaker. A corrected copy of the model may be available "
            "where you got it."), name=self.name,
            reason=reason if isinstance(reason, Message) else reason[:200])
        log.warning("%s", self.problem)
        return ChatTemplateError(self.problem)

    def check(self) -> None:
        """Render a sample conversation once; raises ``ChatTemplateError`` if broken."""
        with contextlib.suppress(ValueError):  # a layout it rejects is not a fault
            self.render("You are a writing assistant.", "")
        if self.problem:
            raise ChatTemplateError(self.problem)

    def frame(self, system: str, user_head: str) -> tuple[PromptPart, PromptPart]:
        """The rendered template before the rest of the user message, and after it."""
        head, _, _, tail = self.render(system, user_head)
        return head, tail

    def render(self, system: str, user_head: str) -> list[PromptPart]:
        """Render [system, user] where the user message is ``user_head`` + DOC + TASK.

        Returns template parts with the sentinels left as parts of their own; raises
        ``ValueError`` when the template cannot place them (then the plain prompt is used)
        and ``ChatTemplateError`` when the template is broken.
        """
        if self.problem:
            raise ChatTemplateError(self.problem)
        doc, task = self._SENTINELS
        content = user_head + doc + task
        attempts = [
            [{"role": "system", "content": system}, {"role": "user", "content": content}],
            [{"role": "user", "content": system + "\n\n" + content}],
        ]
        for messages in attempts:
            try:
                # Reasoning templates (Qwen3) leave thinking out when asked to.
                text = render_limited(
                    self._template, messages=messages, add_generation_prompt=True,
                    bos_token=self._bos, eos_token=self._eos, tools=None,
                    enable_thinking=False,
                )
            except (jinja2.TemplateError, TypeError, ValueError) as exc:
                log.info("chat template rejected a layout: %s", exc)
                continue
            except Exception as exc:  # past a limit, recursion, overflow: the model's fault
                raise self._broken(exc) from None
            if self._bos and text.startswith(self._bos):
                text = text[len(self._bos) :]
            head, sep1, rest = text.partition(doc)
            middle, sep2, tail = rest.partition(task)
            if sep1 and sep2 and not middle:
                return [PromptPart(head, True), PromptPart(doc, False),
                        PromptPart(task, False), PromptPart(_closed_thinking(tail), True)]
        raise ValueError("the chat template does not keep the user's message intact")


def _closed_thinking(tail: str) -> str:
    """``tail`` with an empty thinking block closed, where the template opens one for the
    answer whatever it is told: the model then answers at once, as it does for a template
    that renders ``enable_thinking=False`` this way itself."""
    if tail.rstrip().endswith(THINK_OPEN):
        return tail.rstrip() + f"\n\n{THINK_CLOSE}\n\n"
    return tail


def _raise_template_error(message: str) -> None:
    raise jinja2.TemplateError(message)


def _strftime_now(fmt: str) -> str:
    return datetime.datetime.now().strftime(fmt)


# What Continue's AUTO means: the form the quality evaluation measured best on the trained
# model it runs (docs/QUALITY.md). A model without a chat template is always completed.
PREFERRED_CONTINUE_MODE = ContinueMode.COMPLETION


def build_prompt(request: GenerationRequest, template: ChatFormat | None,
                 tokenize: Tokenize, n_ctx: int) -> Prompt:
    """The prompt for ``request``, fitted to ``n_ctx`` tokens including the answer: a chat
    laid out by ``template``, or a completion where there is none."""
    builder = _Builder(request, tokenize, n_ctx)
    if request.action is Action.CONTINUE:
        mode = request.continue_mode
        if mode is ContinueMode.AUTO:
            mode = PREFERRED_CONTINUE_MODE
        log.debug("Continue prompt: %s", mode.value if template else "completion")
        if mode is ContinueMode.COMPLETION or template is None:
            return builder.completion()
    if template is not None:
        try:
            return builder.chat(template)
        except ValueError as exc:
            log.warning("using a plain prompt: %s", exc)
    if request.action is Action.CONTINUE:
        return builder.completion()
    return builder.plain()


def task_line(request: GenerationRequest, passage: str) -> str:
    """The instruction after the text of ``request``, whose passage (as fitted) is
    ``passage``: the only part of a prompt that changes between actions."""
    size, unit = count_words(passage), unit_name(passage)
    if request.action is Action.CONTINUE:
        return _CONTINUE_TASKS[request.length]
    if request.action is Action.COMPOSE:
        return request.instruction.strip()
    if request.action is Action.SUMMARIZE:
        words = min(max(size // 4, 12), 150)
        return f"Summarize this text in at most {words} {unit}, in its own language."
    instruction = request.rewrite_instruction
    if request.instruction.strip():
        return f"Rewrite this text. {instruction}"
    if request.style is RewriteStyle.SHORTER:
        return f"{instruction} Use at most {max(3, round(size * 0.6))} {unit}."
    if request.style is RewriteStyle.LONGER:
        return f"{instruction} Use about {max(size + 5, round(size * 1.6))} {unit}."
    return instruction


def prompt_pieces(request: GenerationRequest, passage: str | None = None) -> PromptPieces:
    """The pieces of the prompt for ``request`` that its answer must not repeat: the
    instructions, the writer's notes line by line, the markers; and the passage it works
    on (``passage`` as fitted, by default the request's selection, or its whole text).

    The prompt builder hands these to the answer's clean-up; the review counts an answer's
    copies of them.
    """
    if passage is None:
        passage = request.selected_text if request.selection is not None else request.text
    # A small model may copy the notes into its answer: each line of them is a piece.
    notes = tuple(line.strip() for line in request.notes.splitlines() if line.strip())
    # The system prompt is the chat form's; a model without a chat template never sees it,
    # so it cannot copy it either.
    instructions = (task_line(request, passage), request.rewrite_instruction, SYSTEM_PROMPT,
                    _NOTES_RULE if notes else "")
    return PromptPieces(instructions=tuple(dict.fromkeys(i for i in instructions if i)),
                        notes=notes, markers=markers(request), passage=passage,
                        describes_passage=request.action is Action.SUMMARIZE)


def markers(request: GenerationRequest) -> tuple[str, ...]:
    """The markers of the prompt for ``request``: the text's, and the notes' if it has any."""
    return (*SCAFFOLDING, *NOTES_SCAFFOLDING) if request.notes.strip() else SCAFFOLDING


def _fenced(text: str) -> str:
    return f"{TEXT_OPEN}\n{text}\n{TEXT_CLOSE}\n\n"


def notes_block(notes: str) -> str:
    """The notes as a prompt shows them, or "" for none."""
    notes = notes.strip()
    return f"{NOTES_OPEN}\n{notes}\n{NOTES_CLOSE}\n\n" if notes else ""


class _Builder:
    def __init__(self, request: GenerationRequest, tokenize: Tokenize, n_ctx: int) -> None:
        self.request = request
        self.tokenize = tokenize
        self.n_ctx = n_ctx
        self.truncated = False

    def notes(self, *, introduced: bool = False) -> str:
        """The notes block (``introduced`` by a line saying what it is, where no system
        prompt does); notes that would take more than half the context are refused, since
        a document and an answer could no longer fit beside them."""
        block = notes_block(self.request.notes)
        if block and not self.fits(block, self.n_ctx // 2):
            raise GenerationError(message(QT_TRANSLATE_NOOP(
                "core", "The document's notes take more than half of the model's context of "
                "{n_ctx} tokens: shorten them in the Notes pane or raise the context size in "
                "Settings."), n_ctx=self.n_ctx))
        return _NOTES_INTRO + block if block and introduced else block

    def scaffolding(self) -> tuple[str, ...]:
        """The markers of this prompt, all of them stop sequences."""
        return markers(self.request)

    def count(self, text: str, special: bool = False) -> int:
        return len(self.tokenize(text, special)) if text else 0

    def fits(self, text: str, budget: int) -> bool:
        """``text`` is within ``budget`` tokens; huge texts are refused without counting."""
        return len(text) <= budget * MAX_CHARS_PER_TOKEN and self.count(text) <= budget

    # What is asked ---------------------------------------------------------------------

    def passage(self) -> str:
        """The text to summarize or rewrite; a summary's is cut to fit, a rewrite's never."""
        request = self.request
        text = request.selected_text
        limit = self.n_ctx // 2
        if self.fits(text, limit):
            return text
        if request.action is Action.REWRITE:
            raise GenerationError(message(QT_TRANSLATE_NOOP(
                "core", "The selection is too long to rewrite in one go with a context of "
                "{n_ctx} tokens: select less text or raise the context size in Settings."),
                n_ctx=self.n_ctx))
        self.truncated = True
        return text[: _grid_prefix(text, limit, self.count)]

    def max_tokens(self, passage: str) -> int:
        request = self.request
        wanted = request.sampling.max_tokens
        if request.action is Action.CONTINUE:
            wanted = min(wanted, _UNIT_TOKENS[request.length])
        elif request.action is Action.REWRITE:
            # A translation into Chinese can take three tokens a character on small vocabularies.
            factor = 3 if request.style is RewriteStyle.TO_CHINESE else 2
            # A passage beyond half the context gets all that half; counting a whole book
            # to learn that took a gigabyte of token ids.
            room = self.n_ctx // 2
            wanted = max(wanted, factor * self.count(passage) + 32
                         if self.fits(passage, room) else room)
        return max(1, min(wanted, self.n_ctx // 2))

    def task(self, passage: str) -> str:
        """The instruction after the text: the only part that changes between actions."""
        return task_line(self.request, passage)

    def stops(self, passage: str) -> tuple[str, ...]:
        """Where an answer ends: the markers, and the end of the paragraph after a text of
        one paragraph: a line break after a text of one line, a blank line after one whose
        lines are broken. A small model ends a paragraph either way, and a close call
        between the two (as batched evaluation makes with prompt lookup) must not decide
        whether it writes on.

        Composed text is written in paragraphs, so only the markers end it.
        """
        if self.request.action in (Action.CONTINUE, Action.COMPOSE) or \
                "\n\n" in passage.strip():
            return self.scaffolding()
        return (*self.scaffolding(), _paragraph_end(passage))

    def answer_rules(self, passage: str) -> AnswerRules | None:
        if self.request.action is Action.CONTINUE:
            return None
        return AnswerRules(prompt_pieces(self.request, passage),
                           unwrap_quotes=passage.lstrip()[:1] not in _QUOTES)

    # The document, windowed -------------------------------------------------------------

    def around_cursor(self, budget: int) -> tuple[str, str]:
        """The text before and after the cursor within ``budget`` tokens.

        The text after the cursor gets at most a quarter of the budget; the text before it
        starts at a coarse grid point (after an ellipsis line) when it has to be cut.
        """
        request = self.request
        before, after = request.text[: request.cursor], request.text[request.cursor :]
        if not after.strip():
            after = ""
        if self.fits(before + after, budget):
            return before, after
        if not self.fits(after, budget // 4):
            after = after[: _grid_prefix(after, budget // 4, self.count)] + "…"
        rest = budget - self.count(after) - self.count(_ELLIPSIS)
        start = _grid_suffix(before, rest, self.count)
        return (_ELLIPSIS if start else "") + before[start:], after

    def whole(self, budget: int) -> str:
        text = self.request.text
        if self.fits(text, budget):
            return text
        self.truncated = True
        return text[: _grid_prefix(text, budget, self.count)]

    # Whole prompts -------------------------------------------------------------------

    def completion(self) -> Prompt:
        """Continue as a completion: the text before the cursor ends the prompt.

        Trailing spaces are left out, so the model writes its own word-initial space
        (tokenizers attach spaces to the word after them); the join puts it right.
        """
        wanted = self.max_tokens("")
        text = self.request.text
        notes = self.notes(introduced=True)
        context = _AFTER_INTRO + _fenced("") if self.request.cursor < len(text.rstrip()) else ""
        budget, max_tokens = self._budget(self.count(notes + context), wanted)
        before, after = self.around_cursor(budget)
        parts = [PromptPart(before.rstrip(" \t"), False)]
        if after:
            parts.insert(0, PromptPart(f"{_AFTER_INTRO}{_fenced(after)}", False))
        parts.insert(0, PromptPart(notes, False))
        return self._prompt(parts, max_tokens, self.scaffolding(), None)

    def opening(self, template: ChatFormat) -> _Opening:
        """The chat up to the document (with the notes), and its rendering.

        The notes are the writer's text: they are a part of their own, never tokenized
        with special tokens parsed, so they stay out of the template's rendering.
        """
        notes = self.notes()
        if not notes:
            head, tail = template.frame(SYSTEM_PROMPT, TEXT_OPEN + "\n")
            return _Opening(SYSTEM_PROMPT, TEXT_OPEN + "\n", (head,), tail)
        system, user_head = SYSTEM_PROMPT + _NOTES_RULE, notes + TEXT_OPEN + "\n"
        head, tail = template.frame(system, "")
        return _Opening(system, user_head, (head, PromptPart(user_head, False)), tail)

    def chat(self, template: ChatFormat) -> Prompt:
        request = self.request
        opening = self.opening(template)
        fixed = template.extra_tokens + sum(self.count(part.text, part.special)
                                            for part in (*opening.head, opening.tail))
        if request.action is Action.CONTINUE:
            return self._chat_continue(opening, fixed)
        passage = self.passage() if request.selection is not None else ""
        task = self.task(passage)
        closing = f"\n{TEXT_CLOSE}\n\n{task}"
        budget, max_tokens = self._budget(fixed + self.count(closing),
                                          self.max_tokens(passage or self.request.text))
        if request.selection is None:
            passage = self.whole(budget)
            closing = f"\n{TEXT_CLOSE}\n\n{self.task(passage)}"
        text = (*opening.head, PromptPart(passage, False), PromptPart(closing, False),
                opening.tail)
        return self._prompt(text, max_tokens, self.stops(passage),
                            self.answer_rules(passage),
                            opening.messages(passage + closing))

    def _chat_continue(self, opening: _Opening, fixed: int) -> Prompt:
        """Continue through the chat template, the answer prefilled with the current paragraph.

        The document up to the current paragraph is the user's message (stable while the
        writer types in the paragraph); the paragraph so far starts the assistant's answer,
        so the first generated token still continues the writer's sentence.
        """
        task = self.task("")
        closing_room = self.count(f"\n{TEXT_CLOSE}\n\n{task}")
        budget, max_tokens = self._budget(fixed + closing_room, self.max_tokens(""))
        before, after = self.around_cursor(budget)
        cut = _paragraph_start(before)
        closing = f"\n{TEXT_CLOSE}\n\n{task}"
        if after:
            closing += f" {_AFTER_TASK}\n{_fenced(after).rstrip()}"
        answer = before[cut:].rstrip(" \t")
        parts = (*opening.head, PromptPart(before[:cut], False), PromptPart(closing, False),
                 opening.tail, PromptPart(answer, False))
        return self._prompt(parts, max_tokens, self.scaffolding(), None,
                            opening.messages(before[:cut] + closing, answer))

    def plain(self) -> Prompt:
        """Summaries and rewrites for a model without a chat template."""
        request = self.request
        passage = self.passage() if request.selection is not None else ""
        notes = self.notes(introduced=True)
        task = f"\n{TEXT_CLOSE}\n\nInstruction: {self.task(passage)}\nAnswer:\n"
        budget, max_tokens = self._budget(self.count(notes + TEXT_OPEN + task),
                                          self.max_tokens(passage or request.text))
        if request.selection is None:
            passage = self.whole(budget)
        parts = (PromptPart(notes + TEXT_OPEN + "\n" + passage, False), PromptPart(task, False))
        # A base model rambles past its answer, so only composed text may run on past the
        # end of a paragraph.
        markers = self.scaffolding()
        stop = markers if request.action is Action.COMPOSE else (*markers, _paragraph_end(passage))
        return self._prompt(parts, max_tokens, stop,
                            self.answer_rules(passage))

    def _budget(self, fixed: int, max_tokens: int) -> tuple[int, int]:
        """Tokens for the document, and for the answer (shrunk to what the context holds).

        Generation stops when the context is full anyway, so a long maximum length in a
        small context is shortened rather than refused; a context that cannot hold the
        instructions and a short answer is refused.
        """
        room = self.n_ctx - fixed - _MARGIN - _MIN_DOC_BUDGET
        max_tokens = min(max_tokens, room)
        if room < _MIN_ANSWER:
            raise GenerationError(message(QT_TRANSLATE_NOOP(
                "core", "The context window ({n_ctx} tokens) is too small for this request: "
                "raise the context size or lower the maximum length in Settings."),
                n_ctx=self.n_ctx))
        return self.n_ctx - fixed - _MARGIN - max_tokens, max_tokens

    def _prompt(self, parts: Sequence[PromptPart], max_tokens: int, stop: Sequence[str],
                answer: AnswerRules | None, messages: tuple[ChatMessage, ...] = ()) -> Prompt:
        """The prompt: a chat where there are ``messages``, else a completion of ``parts``."""
        request = self.request
        is_continue = request.action is Action.CONTINUE
        stop = tuple(dict.fromkeys((*stop, *request.sampling.stop)))
        return Prompt(
            messages=messages,
            completion=None if messages else "".join(part.text for part in parts),
            parts=tuple(part for part in parts if part.text), max_tokens=max_tokens,
            stop=stop, truncated=self.truncated, strip_leading=not is_continue,
            join_after=request.text[: request.cursor] if is_continue else None,
            until=request.length if is_continue else None, answer=answer,
        )


@dataclass(frozen=True)
class _Opening:
    """A chat up to the document: its system message and the start of the user's (with
    the notes), and their rendering: ``head`` before the document, ``tail`` after the
    user's message up to the answer."""

    system: str
    user_head: str
    head: tuple[PromptPart, ...]
    tail: PromptPart

    def messages(self, user_rest: str, answer: str = "") -> tuple[ChatMessage, ...]:
        """The chat whose user message goes on with ``user_rest``; ``answer`` starts the
        assistant's message, which the model continues."""
        chat = (ChatMessage("system", self.system),
                ChatMessage("user", self.user_head + user_rest))
        return (*chat, ChatMessage("assistant", answer)) if answer else chat


def _paragraph_end(passage: str) -> str:
    """Where the paragraph of an answer to ``passage`` ends: at a line break after a text of
    one line, else at a blank line."""
    return "\n\n" if "\n" in passage.strip() else "\n"


def _paragraph_start(before: str) -> int:
    """Where the prefilled answer starts: the current paragraph, at most its last sentences."""
    start = before.rfind("\n") + 1
    if len(before) - start <= _MAX_PREFILL:
        return start
    limit = len(before) - _MAX_PREFILL
    boundary = last_sentence_end(before, limit)
    return boundary if boundary >= 0 else before.find(" ", limit) + 1


def _grid_step(text: str, budget: int, count: Callable[[str], int]) -> int:
    """A step in characters worth about an eighth of the budget in tokens.

    Characters per token come from the text itself, rounded down to a power of two so
    the step stays the same while the writer types.
    """
    sample = text[:4096]
    ratio = max(1, len(sample) // max(1, count(sample)))
    chars_per_token = 1 << (ratio.bit_length() - 1)
    return max(_MIN_STEP_TOKENS, budget // _STEPS_PER_WINDOW) * chars_per_token


def _grid_suffix(text: str, budget: int, count: Callable[[str], int]) -> int:
    """The smallest grid point ``start`` with ``text[start:]`` within ``budget`` tokens.

    The start then moves forward to just after a line break within one step, so
    the window opens at a paragraph when it can. Grid points are multiples of a step in
    characters, so typing at the end moves the start only once per step.
    """
    step = _grid_step(text, budget, count)
    low, high = max(0, (len(text) - budget * MAX_CHARS_PER_TOKEN) // step), -(-len(text) // step)
    while low < high:
        middle = (low + high) // 2
        if count(text[middle * step :]) <= budget:
            high = middle
        else:
            low = middle + 1
    start = min(low * step, len(text))
    if start == 0:
        return 0
    newline = text.find("\n", start, start + step)
    return newline + 1 if newline >= 0 else start


def _grid_prefix(text: str, budget: int, count: Callable[[str], int]) -> int:
    """The largest grid point ``end`` with ``text[:end]`` within ``budget`` tokens."""
    step = _grid_step(text, budget, count)
    low, high = 0, min(len(text), budget * MAX_CHARS_PER_TOKEN) // step
    while low < high:
        middle = (low + high + 1) // 2
        if count(text[: middle * step]) <= budget:
            low = middle
        else:
            high = middle - 1
    return low * step
