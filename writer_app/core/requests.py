"""Writing actions as plain data: what the user asked for, and how to sample the answer."""

from __future__ import annotations

import enum
import random
import re
from dataclasses import dataclass, field

from writer_app.core.i18n import QT_TRANSLATE_NOOP

_SURROGATE = re.compile("[\ud800-\udfff]")
MAX_DRAFTS = 5
"""The most drafts one request can ask for."""
MAX_ALTERNATIVES = 10
"""The most alternatives recorded per generated token."""


class Action(enum.Enum):
    """What the assistant is asked to do."""

    CONTINUE = "continue"
    SUMMARIZE = "summarize"
    REWRITE = "rewrite"
    COMPOSE = "compose"
    """Write new text from an instruction; ``text`` holds the material it works from."""


class RewriteStyle(enum.Enum):
    """Preset rewrites of a selection; each value is the instruction given to the model."""

    REPHRASE = "Rephrase the passage in different words, keeping its meaning and length."
    SHORTER = "Make the passage shorter and tighter, keeping its meaning."
    LONGER = ("Rewrite the passage longer: keep every sentence of it and add details between "
              "them.")
    FORMAL = "Rewrite the passage in a more formal tone."
    CASUAL = "Rewrite the passage in a more casual, relaxed tone."
    FIX_GRAMMAR = "Fix grammar, spelling and punctuation; change nothing else."
    TO_ENGLISH = "Translate the passage into English."
    TO_CHINESE = "Translate the passage into Simplified Chinese."

    @property
    def label(self) -> str:
        """A short name for menus."""
        return _STYLE_LABELS[self]

    @classmethod
    def from_name(cls, name: str) -> RewriteStyle:
        """Look a style up by its CLI name (``rephrase``, ``to-chinese``...)."""
        key = name.strip().lower().replace("-", "_")
        try:
            return cls[key.upper()]
        except KeyError:
            choices = ", ".join(style.cli_name for style in cls)
            raise ValueError(f"unknown style {name!r}; choose one of: {choices}") from None

    @property
    def cli_name(self) -> str:
        """The name used on the command line."""
        return self.name.lower().replace("_", "-")


_STYLE_LABELS = {
    RewriteStyle.REPHRASE: QT_TRANSLATE_NOOP("core", "Rephrase"),
    RewriteStyle.SHORTER: QT_TRANSLATE_NOOP("core", "Shorter"),
    RewriteStyle.LONGER: QT_TRANSLATE_NOOP("core", "Longer"),
    RewriteStyle.FORMAL: QT_TRANSLATE_NOOP("core", "More formal"),
    RewriteStyle.CASUAL: QT_TRANSLATE_NOOP("core", "More casual"),
    RewriteStyle.FIX_GRAMMAR: QT_TRANSLATE_NOOP("core", "Fix grammar and spelling"),
    RewriteStyle.TO_ENGLISH: QT_TRANSLATE_NOOP("core", "Translate to English"),
    RewriteStyle.TO_CHINESE: QT_TRANSLATE_NOOP("core", "Translate to Chinese"),
}


class ContinueLength(enum.Enum):
    """How much Continue writes; it ends at the boundary of that unit, not mid-word."""

    WORDS = "words"
    SENTENCE = "sentence"
    PARAGRAPH = "paragraph"
    LONG = "long"

    @property
    def label(self) -> str:
        """A short name for menus."""
        return _LENGTH_LABELS[self]


_LENGTH_LABELS = {
    ContinueLength.WORDS: QT_TRANSLATE_NOOP("core", "A few words"),
    ContinueLength.SENTENCE: QT_TRANSLATE_NOOP("core", "A sentence"),
    ContinueLength.PARAGRAPH: QT_TRANSLATE_NOOP("core", "A paragraph"),
    ContinueLength.LONG: QT_TRANSLATE_NOOP("core", "Longer (up to the maximum length)"),
}


class ContinueMode(enum.Enum):
    """How Continue prompts the model.

    COMPLETION: the document's text ends the prompt, as for a base model.
    CHAT: the model's chat template with the answer prefilled with the document's end.
    AUTO: what the quality evaluation measured best (``prompts.PREFERRED_CONTINUE_MODE``).
    """

    AUTO = "auto"
    COMPLETION = "completion"
    CHAT = "chat"


@dataclass(frozen=True)
class SamplingSettings:
    """How tokens are drawn. ``temperature`` 0 means greedy; ``seed`` -1 means random.

    ``draft_from_prompt`` lets a rewrite guess its next tokens from its own passage and
    verify them in one batch: the same text, sooner (``core/writing/lookup.py``).
    """

    temperature: float = 0.7
    top_p: float = 0.95
    top_k: int = 40
    min_p: float = 0.05
    repeat_penalty: float = 1.1
    seed: int = -1
    max_tokens: int = 256
    stop: tuple[str, ...] = ()
    draft_from_prompt: bool = True


@dataclass(frozen=True)
class GenerationRequest:
    """A snapshot of the document and what to do with it.

    ``selection`` is a ``(start, end)`` character range into ``text``; for CONTINUE,
    ``cursor`` is where new text goes. SUMMARIZE without a selection covers the whole text.
    Half of a surrogate pair (which UTF-8 cannot carry) becomes U+FFFD, so the snapshot
    always reaches the engine, and every index into it stays where it was.
    """

    action: Action
    text: str
    cursor: int = -1
    selection: tuple[int, int] | None = None
    style: RewriteStyle | None = None
    instruction: str = ""
    sampling: SamplingSettings = field(default_factory=SamplingSettings)
    length: ContinueLength = ContinueLength.PARAGRAPH
    continue_mode: ContinueMode = ContinueMode.AUTO
    drafts: int = 1
    """How many answers to generate together (1 to ``MAX_DRAFTS``), each with its own seed."""
    alternatives: int = 0
    """How many of the model's most likely tokens to record at each generated token (0: none)."""
    notes: str = ""
    """The writer's notes on the document (``core.notes``), read before the document."""

    def __post_init__(self) -> None:
        for name in ("text", "instruction", "notes"):
            value = getattr(self, name)
            if _SURROGATE.search(value):
                object.__setattr__(self, name, _SURROGATE.sub("\ufffd", value))
        if self.cursor < 0:
            object.__setattr__(self, "cursor", len(self.text))
        if not 0 <= self.cursor <= len(self.text):
            raise ValueError("cursor is outside the text")
        if self.selection is not None:
            start, end = self.selection
            if not 0 <= start <= end <= len(self.text):
                raise ValueError("selection is outside the text")
        if not 1 <= self.drafts <= MAX_DRAFTS:
            raise ValueError(f"the number of drafts must be from 1 to {MAX_DRAFTS}")
        if not 0 <= self.alternatives <= MAX_ALTERNATIVES:
            raise ValueError(f"the number of alternatives must be from 0 to {MAX_ALTERNATIVES}")
        if self.action is Action.COMPOSE and not self.instruction.strip():
            raise ValueError("composing needs an instruction")
        if self.action is Action.REWRITE:
            if self.style is None and not self.instruction.strip():
                raise ValueError("a rewrite needs a style or an instruction")
            if not self.selected_text.strip():
                raise ValueError("a rewrite needs a selection with some text")

    @property
    def selected_text(self) -> str:
        """The selected passage, or the whole text when nothing is selected."""
        if self.selection is None:
            return self.text
        return self.text[self.selection[0] : self.selection[1]]

    @property
    def selection_end(self) -> int:
        """Where the selection ends, or the cursor when nothing is selected."""
        return self.selection[1] if self.selection is not None else self.cursor

    @property
    def rewrite_instruction(self) -> str:
        """The instruction of a rewrite: the free-form one wins over the preset."""
        if self.instruction.strip():
            return self.instruction.strip()
        return self.style.value if self.style else ""


def draft_seeds(seed: int, drafts: int) -> tuple[int, ...]:
    """The seed of each draft: ``seed``, ``seed + 1``... so that a fixed seed gives the same
    set; a random one (``seed`` -1) is drawn here, so each draft's seed can be reported."""
    base = seed if seed >= 0 else random.randrange(2**31)
    return tuple(base + index for index in range(drafts))
