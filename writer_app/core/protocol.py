"""Messages between the app and its engine process: small frozen dataclasses.

The app sends ``LoadModel``, ``SetAdapters``, ``Generate``, ``Probe`` or ``Shutdown``; the
engine answers with events tagged by the request's id. Cancelling does not travel as a
message: the app raises a shared counter that the engine reads between tokens and inside
llama.cpp's abort callback, so a stop is seen even while the engine is busy in native code.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass

from writer_app.core.models.adapters import Adapter
from writer_app.core.models.flash import FlashChoice
from writer_app.core.models.gguf_header import GgufInfo
from writer_app.core.models.hardware import Hardware, LayerPlan
from writer_app.core.models.load_settings import LoadSettings
from writer_app.core.requests import GenerationRequest


class FinishReason(enum.Enum):
    """Why a stream ended."""

    STOP = "stop"
    LENGTH = "length"
    STOP_SEQUENCE = "stop_sequence"
    CANCELLED = "cancelled"
    CONTEXT_FULL = "context_full"


class ErrorKind(enum.Enum):
    """What kind of failure an ``Failed`` event reports; the app maps it to an exception."""

    MODEL_FILE = "model_file"
    LOAD = "load"
    GENERATION = "generation"
    NO_MODEL = "no_model"
    ADAPTER = "adapter"


@dataclass(frozen=True)
class BackendInfo:
    """What this build of llama.cpp can use."""

    gpu_offload: bool
    llama_cpp_python: str
    hardware: Hardware

    @property
    def name(self) -> str:
        """The backend of the first GPU llama.cpp found, or CPU."""
        return self.hardware.backend_name


@dataclass(frozen=True)
class ModelInfo:
    """A loaded model, as the status bar shows it.

    ``notices`` are what the writer should hear once about this model: its chat template is
    broken and a plain prompt is used; it cannot take the KV cache type asked for; llama.cpp
    refused an adapter, so it runs without adapters (that one comes last).
    """

    path: str
    name: str
    architecture: str
    quantization: str
    parameter_count: int
    n_ctx: int
    n_ctx_train: int
    has_chat_template: bool
    backend: str
    gpu_layers: int
    load_seconds: float
    layer_plan: LayerPlan
    notices: tuple[str, ...] = ()
    adapters: tuple[Adapter, ...] = ()
    """The LoRA adapters applied to the model now, with their scales."""
    flash_attention: FlashChoice | None = None
    """Whether llama.cpp's flash attention is on, and why (None: not a llama.cpp model
    of this app's engine, such as a server's)."""
    draft_model: str = ""
    """The path of the draft model that guesses tokens for this one; empty without one."""

    @classmethod
    def of_gguf(cls, header: GgufInfo, *, path: str, n_ctx: int, hardware: Hardware,
                plan: LayerPlan, has_chat_template: bool, load_seconds: float,
                notices: tuple[str, ...] = (), adapters: tuple[Adapter, ...] = (),
                flash_attention: FlashChoice | None = None) -> ModelInfo:
        """A GGUF model loaded with ``plan`` on ``hardware``, as its header describes it."""
        return cls(
            path=path, name=header.name, architecture=header.architecture,
            quantization=header.quantization, parameter_count=header.parameter_count,
            n_ctx=n_ctx, n_ctx_train=header.context_length, has_chat_template=has_chat_template,
            backend=hardware.backend_name if plan.on_gpu else "CPU", gpu_layers=plan.layers,
            load_seconds=load_seconds, layer_plan=plan, notices=notices, adapters=adapters,
            flash_attention=flash_attention,
        )


@dataclass(frozen=True)
class GenerationStats:
    """Counts and timings of one generation. ``tokens_per_s`` excludes the first token."""

    prompt_tokens: int
    prompt_tokens_processed: int
    generated_tokens: int
    ttft_s: float
    tokens_per_s: float
    prompt_s: float
    backend: str
    truncated_input: bool
    drafted_tokens: int = 0
    """Generated tokens that came from a verified draft (prompt lookup or a draft model:
    ``engine/speculative.py``)."""
    thinking_s: float = 0.0
    """How long a reasoning model thought before answering (its thinking is not shown)."""


# App -> engine -----------------------------------------------------------------------


@dataclass(frozen=True)
class LoadModel:
    request_id: int
    settings: LoadSettings


@dataclass(frozen=True)
class Generate:
    request_id: int
    request: GenerationRequest


@dataclass(frozen=True)
class SetAdapters:
    """Apply these LoRA adapters (none: the bare model) to the loaded model without
    loading it again; answered by ``ModelLoaded`` with the model as it is now."""

    request_id: int
    adapters: tuple[Adapter, ...]


@dataclass(frozen=True)
class Probe:
    request_id: int


@dataclass(frozen=True)
class Shutdown:
    pass


Command = LoadModel | SetAdapters | Generate | Probe | Shutdown

# Engine -> app -----------------------------------------------------------------------


@dataclass(frozen=True)
class LoadProgress:
    request_id: int
    fraction: float


@dataclass(frozen=True)
class ModelLoaded:
    request_id: int
    info: ModelInfo


@dataclass(frozen=True)
class PromptProgress:
    """Prompt processing of a request: ``done`` of ``total`` new tokens read so far."""

    request_id: int
    done: int
    total: int


@dataclass(frozen=True)
class TokenChoice:
    """A token's text and the probability the model gave it."""

    text: str
    probability: float


@dataclass(frozen=True)
class TokenAlternatives:
    """One generated token and the model's most likely tokens at its position, most likely
    first, as the model computed them while generating (its own distribution, before the
    sampler's penalties and cut-offs). ``chosen.text`` is the token as generated; the shown
    text can differ where the answer was cleaned (leading spaces, a stop marker)."""

    chosen: TokenChoice
    top: tuple[TokenChoice, ...]


@dataclass(frozen=True)
class Chunk:
    """Streamed text of one draft and the number of tokens it took (for a live tokens/s).

    ``alternatives`` has one entry per token of the chunk when the request asked for them.
    """

    request_id: int
    text: str
    tokens: int = 1
    draft: int = 0
    alternatives: tuple[TokenAlternatives, ...] = ()
    held: bool = False
    """The draft's first tokens are written and their text is held back for now (the
    answer's clean-up is still reading its head): the model is writing, not reading or
    thinking. Carries no text and no tokens (those come with the text)."""


@dataclass(frozen=True)
class DraftResult:
    """How one draft of a request ended, and the seed that reproduces it."""

    draft: int
    seed: int
    reason: FinishReason
    generated_tokens: int


@dataclass(frozen=True)
class Finished:
    """The end of a request. ``reason`` is the first draft's; ``drafts`` has each draft's.

    With several drafts, ``stats`` counts the tokens of all of them.
    """

    request_id: int
    reason: FinishReason
    stats: GenerationStats
    drafts: tuple[DraftResult, ...] = ()


@dataclass(frozen=True)
class Failed:
    request_id: int
    kind: ErrorKind
    message: str


@dataclass(frozen=True)
class Probed:
    request_id: int
    backend: BackendInfo


@dataclass(frozen=True)
class LogLine:
    """A line of the engine's log; ``source`` is ``llama`` (llama.cpp) or ``engine``."""

    level: int
    text: str
    source: str = "llama"


Event = LoadProgress | ModelLoaded | PromptProgress | Chunk | Finished | Failed | Probed | LogLine
