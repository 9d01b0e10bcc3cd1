"""Build prompts whose long, stable part comes first, fitted to the context window.

Layout: fixed instructions, then the document, then the changing part (the action and the
selection). Consecutive requests on one document therefore share the longest token prefix
and llama.cpp's KV cache is reused. A document longer than the window is cut at points on
a coarse grid, so the cut does not move with every keystroke.

Chat models are prompted through their own template from the GGUF metadata, rendered in a
sandboxed Jinja environment within a time and a size limit (``template_limits``). Template
text is tokenized with special tokens parsed; the user's text never is, so a document
cannot smuggle in control tokens.
"""

from __future__ import annotations

import contextlib
import datetime
import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import jinja2

from writer_app.core.actions import Action, GenerationRequest
from writer_app.core.errors import GenerationError
from writer_app.core.template_limits import LimitedEnvironment, render_limited

log = logging.getLogger(__name__)

# Everything that never changes is here, before the document, so that it stays in the KV
# cache; the task after the document is a short line, re-read cheaply after every edit.
SYSTEM_PROMPT = (
    "You are a writing assistant inside a text editor. Write in the language of the "
    "document unless you are asked to translate. Answer with the requested text only: "
    "no preamble, no quotation marks around it, no explanations.\n"
    "- Continue: write the next sentences, in the language, voice and style of the "
    "document; where the document marks [CONTINUE HERE], write what belongs there.\n"
    "- Summarize: a few sentences in the document's own language.\n"
    "- Rewrite: answer with the rewritten passage only, following the instruction."
)
CURSOR_MARK = "[CONTINUE HERE]"
_DOC_OPEN, _DOC_CLOSE = "<document>\n", "\n</document>\n\n"
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
class Prompt:
    """A prompt ready to tokenize, and how its answer should be read."""

    parts: tuple[PromptPart, ...]
    max_tokens: int
    stop: tuple[str, ...]
    truncated: bool
    strip_leading: bool
    join_after: str | None


class ChatTemplateError(ValueError):
    """The model's chat template is broken; the message is a sentence for the writer."""


class ChatTemplate:
    """A model's chat template, rendered safely with placeholders for the user's text.

    A template that runs past the limits or fails other than by rejecting a layout is
    the model's fault: ``problem`` then says so, and every later render fails at once
    with it instead of running the template again.
    """

    _SENTINELS = ("\ue000DOC\ue001", "\ue000TASK\ue001")

    def __init__(self, source: str, bos_token: str = "", eos_token: str = "",
                 name: str = "this model") -> None:
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
        reason = str(exc) or type(exc).__name__
        self.problem = (
            f"The chat template in {self.name} does not work ({reason[:200]}). This is a "
            "fault in the model file, not in your text: writer-app uses a plain prompt for "
            "this model, so its answers may be weaker. A corrected copy of the model may be "
            "available where you got it."
        )
        log.warning("%s", self.problem)
        return ChatTemplateError(self.problem)

    def check(self) -> None:
        """Render a sample conversation once; raises ``ChatTemplateError`` if broken."""
        with contextlib.suppress(ValueError):  # a layout it rejects is not a fault
            self.render("You are a writing assistant.", "")
        if self.problem:
            raise ChatTemplateError(self.problem)

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
                text = render_limited(
                    self._template, messages=messages, add_generation_prompt=True,
                    bos_token=self._bos, eos_token=self._eos, tools=None,
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
                        PromptPart(task, False), PromptPart(tail, True)]
        raise ValueError("the chat template does not keep the user's message intact")


def _raise_template_error(message: str) -> None:
    raise jinja2.TemplateError(message)


def _strftime_now(fmt: str) -> str:
    return datetime.datetime.now().strftime(fmt)


def build_prompt(request: GenerationRequest, template: ChatTemplate | None,
                 tokenize: Tokenize, n_ctx: int) -> Prompt:
    """The prompt for ``request``, fitted to ``n_ctx`` tokens including the answer."""
    builder = _Builder(request, tokenize, n_ctx)
    if template is not None:
        try:
            return builder.chat(template)
        except ValueError as exc:
            log.warning("using a plain prompt: %s", exc)
    return builder.plain()


class _Builder:
    def __init__(self, request: GenerationRequest, tokenize: Tokenize, n_ctx: int) -> None:
        self.request = request
        self.tokenize = tokenize
        self.n_ctx = n_ctx
        self.truncated = False

    def count(self, text: str, special: bool = False) -> int:
        return len(self.tokenize(text, special)) if text else 0

    def fits(self, text: str, budget: int) -> bool:
        """``text`` is within ``budget`` tokens; huge texts are refused without counting."""
        return len(text) <= budget * MAX_CHARS_PER_TOKEN and self.count(text) <= budget

    # The changing part of the prompt -------------------------------------------------

    def passage(self) -> str:
        """The selection, cut to fit for a summary; a rewrite never drops text."""
        request = self.request
        text = request.selected_text
        limit = self.n_ctx // 2
        if self.fits(text, limit):
            return text
        if request.action is Action.REWRITE:
            raise GenerationError(
                "The selection is too long to rewrite in one go with a context of "
                f"{self.n_ctx} tokens: select less text or raise the context size in Settings."
            )
        self.truncated = True
        return text[: _grid_prefix(text, limit, self.count)]

    def max_tokens(self, passage: str) -> int:
        request = self.request
        wanted = request.sampling.max_tokens
        if request.action is Action.REWRITE:
            wanted = max(wanted, 2 * self.count(passage) + 32)
        return max(1, min(wanted, self.n_ctx // 2))

    def chat_task(self, passage: str) -> str:
        request = self.request
        if request.action is Action.CONTINUE:
            if request.cursor < len(request.text):
                return f"Continue at {CURSOR_MARK}."
            return "Continue."
        if request.action is Action.SUMMARIZE:
            if request.selection is None:
                return "Summarize the document."
            return f"Summarize this passage:\n<passage>\n{passage}\n</passage>"
        return (f"Rewrite this passage. {request.rewrite_instruction}\n"
                f"<passage>\n{passage}\n</passage>")

    # The stable part: the document, windowed --------------------------------------------

    def document(self, budget: int, *, mark_cursor: bool) -> str:
        """The document text around the point of interest, within ``budget`` tokens."""
        request = self.request
        text = request.text
        if request.action is Action.SUMMARIZE and request.selection is None:
            if self.fits(text, budget):
                return text
            self.truncated = True
            return text[: _grid_prefix(text, budget, self.count)]
        point = request.cursor if request.action is Action.CONTINUE else request.selection_end
        before, after = text[:point], text[point:]
        is_continue = request.action is Action.CONTINUE
        mark = CURSOR_MARK if mark_cursor and is_continue and after else ""
        if self.fits(before + mark + after, budget):
            return before + mark + after
        if not self.fits(after, budget // 4):
            after = after[: _grid_prefix(after, budget // 4, self.count)] + "…"
        rest = budget - self.count(mark + after) - self.count(_ELLIPSIS)
        start = _grid_suffix(before, rest, self.count)
        return (_ELLIPSIS if start else "") + before[start:] + mark + after

    # Whole prompts -------------------------------------------------------------------

    def chat(self, template: ChatTemplate) -> Prompt:
        parts = template.render(SYSTEM_PROMPT, _DOC_OPEN)
        passage = self.passage()
        task = _DOC_CLOSE + self.chat_task(passage)
        fixed = sum(self.count(p.text, True) for p in parts if p.special) + self.count(task)
        budget, max_tokens = self._budget(fixed, self.max_tokens(passage))
        doc = self.document(budget, mark_cursor=True)
        head, _, _, tail = parts
        return self._prompt(
            (head, PromptPart(doc, False), PromptPart(task, False), tail), max_tokens, (),
        )

    def plain(self) -> Prompt:
        request = self.request
        passage = self.passage()
        if request.action is Action.CONTINUE:
            budget, max_tokens = self._budget(0, self.max_tokens(passage))
            doc = self.document(budget, mark_cursor=False)
            return self._prompt((PromptPart(doc, False),), max_tokens, request.sampling.stop)
        if request.action is Action.SUMMARIZE and request.selection is None:
            task = "\n\nSummary:\n"
        elif request.action is Action.SUMMARIZE:
            task = f"\n\nPassage:\n{passage}\n\nSummary of the passage:\n"
        else:
            task = (f"\n\nPassage:\n{passage}\n\nInstruction: {request.rewrite_instruction}"
                    "\nRewritten passage:\n")
        budget, max_tokens = self._budget(self.count(task), self.max_tokens(passage))
        doc = self.document(budget, mark_cursor=False)
        parts = (PromptPart(doc, False), PromptPart(task, False))
        return self._prompt(parts, max_tokens, ("\n\n",))

    def _budget(self, fixed: int, max_tokens: int) -> tuple[int, int]:
        """Tokens for the document, and for the answer (shrunk to what the context holds).

        Generation stops when the context is full anyway, so a long maximum length in a
        small context is shortened rather than refused; a context that cannot hold the
        instructions and a short answer is refused.
        """
        room = self.n_ctx - fixed - _MARGIN - _MIN_DOC_BUDGET
        max_tokens = min(max_tokens, room)
        if room < _MIN_ANSWER:
            raise GenerationError(
                f"The context window ({self.n_ctx} tokens) is too small for this request: "
                "raise the context size or lower the maximum length in Settings."
            )
        return self.n_ctx - fixed - _MARGIN - max_tokens, max_tokens

    def _prompt(self, parts: Sequence[PromptPart], max_tokens: int,
                stop: Sequence[str]) -> Prompt:
        request = self.request
        is_continue = request.action is Action.CONTINUE
        stop = tuple(dict.fromkeys((*stop, *request.sampling.stop)))
        return Prompt(
            parts=tuple(parts), max_tokens=max_tokens, stop=stop, truncated=self.truncated,
            strip_leading=not is_continue,
            join_after=request.text[: request.cursor] if is_continue else None,
        )


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
