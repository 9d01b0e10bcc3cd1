"""A fake engine with the same contract as ``EngineClient``, for fast GUI tests.

It streams queued chunks (optionally slowly, or held until released; a reasoning model's
leading ``<think>`` block is dropped from them as the real engine drops it), one chunk per
token, several drafts side by side (each its own text, of its own length) with made-up
word alternatives when asked, records every request, checks model files with the real
header reader, and can fail or "crash" on demand.
``tests/integration/test_engine_contract.py`` runs the same checks on it and on the real
engine.
"""

from __future__ import annotations

import dataclasses
import threading
import time
from collections.abc import Iterator, Sequence

from writer_app.core.errors import NO_MODEL_LOADED, GenerationError, WriterError
from writer_app.core.models.adapters import Adapter, check_adapter
from writer_app.core.models.fit import ModelSizes
from writer_app.core.models.gguf_header import GgufInfo, inspect_gguf
from writer_app.core.models.hardware import Device, DeviceKind, Hardware, plan_layers
from writer_app.core.models.load_settings import LoadSettings
from writer_app.core.protocol import (
    BackendInfo,
    Chunk,
    DraftResult,
    Event,
    Finished,
    FinishReason,
    GenerationStats,
    LoadProgress,
    ModelInfo,
    ModelLoaded,
    PromptProgress,
    TokenAlternatives,
    TokenChoice,
)
from writer_app.core.requests import GenerationRequest, draft_seeds
from writer_app.core.sources.servers import LOCAL_CAPABILITIES
from writer_app.core.writing.answer import ThinkingFilter

DEFAULT_CHUNKS = ("The rain ", "kept falling ", "over the ", "quiet city.")
OTHER_DRAFTS = (
    ("The wind ", "rose ", "over the ", "empty harbour."),
    ("Nobody ", "spoke ", "for a long while."),
    ("A bell ", "rang ", "somewhere ", "across ", "the square."),
    ("The lamps ", "went out ", "one by one."),
)
"""The chunks of drafts 2 to 5; the first draft streams ``FakeEngine.chunks``."""
ALTERNATIVE_WORDS = ("the ", "a ", "and ", "then ", "still ", "slowly ", "again ", "there ",
                     "only ", "once ")
CHOSEN_PROBABILITY = 0.5
CPU_ONLY = Hardware(
    backends=("CPU",),
    devices=(Device("CPU", "CPU", "Fake CPU", DeviceKind.CPU, 8 * 1024**3, 16 * 1024**3),),
    cpu_features=("SSE3", "AVX", "AVX2"),
)


class FakeEngine:
    """Streams ``chunks`` for every request; ``hold()`` pauses the stream until ``release()``."""

    capabilities = LOCAL_CAPABILITIES

    def __init__(self, chunks: Sequence[str] = DEFAULT_CHUNKS, delay_s: float = 0.0,
                 hardware: Hardware = CPU_ONLY) -> None:
        self.chunks = list(chunks)
        self.other_drafts = [list(draft) for draft in OTHER_DRAFTS]
        self.probabilities: dict[str, float] = {}
        """The probability the model "gave" a chunk, by its text (else ``CHOSEN_PROBABILITY``)."""
        self.hardware = hardware
        self.delay_s = delay_s
        self.requests: list[GenerationRequest] = []
        self.loads: list[LoadSettings] = []
        self.adapter_requests: list[tuple[Adapter, ...]] = []
        self.model: ModelInfo | None = None
        self.fail_next: WriterError | None = None
        self.closed = False
        self._cancelled = threading.Event()
        self._open = threading.Event()
        self._open.set()
        self._hold_from: int | None = None
        self._lock = threading.Lock()

    def hold(self, from_request: int = 0) -> None:
        """Pause streams after their first chunk until ``release``; with ``from_request``,
        from the stream of that request on (counted from 0 in ``requests``), the ones
        before it running freely."""
        if from_request <= len(self.requests):
            self._open.clear()
        else:
            self._hold_from = from_request

    def release(self) -> None:
        self._hold_from = None
        self._open.set()

    def probe(self, refresh: bool = False) -> BackendInfo:
        return BackendInfo(gpu_offload=bool(self.hardware.gpus), llama_cpp_python="fake",
                           hardware=self.hardware)

    def load(self, settings: LoadSettings) -> Iterator[Event]:
        header = inspect_gguf(settings.model_path)
        for adapter in settings.adapters:
            check_adapter(adapter.path, header)
        self.model = None
        return self._load(settings, header)

    def set_adapters(self, adapters: tuple[Adapter, ...]) -> Iterator[Event]:
        """Check the adapters with the real checker and record them; nothing changes in
        what this engine streams."""
        if self.model is None:
            raise GenerationError(NO_MODEL_LOADED)
        header = inspect_gguf(self.model.path)
        for adapter in adapters:
            check_adapter(adapter.path, header)
        return self._set_adapters(adapters)

    def _set_adapters(self, adapters: tuple[Adapter, ...]) -> Iterator[Event]:
        with self._lock:
            self.adapter_requests.append(adapters)
            assert self.model is not None
            self.model = dataclasses.replace(self.model, adapters=adapters)
            yield ModelLoaded(0, self.model)

    def _load(self, settings: LoadSettings, header: GgufInfo) -> Iterator[Event]:
        with self._lock:
            self.loads.append(settings)
            for step in range(5):
                yield LoadProgress(0, step / 4)
            plan = plan_layers(settings.gpu_layers, ModelSizes.of(header, settings.kv_cache),
                               self.hardware,
                               n_ctx=settings.n_ctx, n_batch=settings.batch_size)
            self.model = ModelInfo.of_gguf(
                header, path=settings.model_path, n_ctx=settings.n_ctx, hardware=self.hardware,
                plan=plan, has_chat_template=header.chat_template is not None,
                load_seconds=0.01, adapters=settings.adapters,
            )
            self.model = dataclasses.replace(self.model, draft_model=settings.draft_model_path)
            yield ModelLoaded(0, self.model)

    def generate(self, request: GenerationRequest) -> Iterator[Event]:
        if self.model is None:
            raise GenerationError(NO_MODEL_LOADED)
        if self._lock.locked():
            self.cancel()
        return self._generate(request)

    def _record(self, request: GenerationRequest) -> None:
        self.requests.append(request)
        if self._hold_from is not None and len(self.requests) > self._hold_from:
            self._hold_from = None
            self._open.clear()

    def _generate(self, request: GenerationRequest) -> Iterator[Event]:
        with self._lock:
            self._cancelled.clear()
            self._record(request)
            prompt_tokens = max(1, len(request.text) // 4)
            yield PromptProgress(0, 0, prompt_tokens)
            started = time.perf_counter()
            texts = [self.chunks, *self.other_drafts][: request.drafts]
            sent = [0] * len(texts)
            shown = [""] * len(texts)
            reasons: list[FinishReason | None] = [None] * len(texts)
            thinking = [ThinkingFilter() for _ in texts]
            told_held = [False] * len(texts)
            step = 0
            while None in reasons:
                for draft, chunks in enumerate(texts):
                    if reasons[draft] is not None:
                        continue
                    if self._cancelled.is_set():
                        reasons[draft] = FinishReason.CANCELLED
                    elif step >= len(chunks):
                        reasons[draft] = FinishReason.STOP
                    elif sent[draft] >= request.sampling.max_tokens:
                        reasons[draft] = FinishReason.LENGTH
                    else:
                        failure, self.fail_next = self.fail_next, None
                        if failure is not None:
                            raise failure
                        text = thinking[draft].feed(chunks[step])
                        ends = [end for stop in request.sampling.stop
                                if (end := (shown[draft] + text).find(stop)) >= 0]
                        if ends:
                            text = text[: min(ends) - len(shown[draft])]
                            reasons[draft] = FinishReason.STOP_SEQUENCE
                        shown[draft] += text
                        sent[draft] += 1
                        # Tokens held back while thinking still count, as the real
                        # runtime emits them.
                        if text or thinking[draft].active:
                            yield Chunk(0, text, draft=draft, alternatives=_alternatives(
                                text, request.alternatives,
                                self.probabilities.get(text, CHOSEN_PROBABILITY))
                                if text else ())
                        elif not shown[draft] and not told_held[draft]:
                            # A token whose text is held back, before any text: the
                            # real engine says once that the model is writing.
                            told_held[draft] = True
                            yield Chunk(0, "", 0, draft, held=True)
                if step == 0:
                    while not self._open.wait(0.01):
                        if self._cancelled.is_set():
                            break
                if self.delay_s:
                    self._cancelled.wait(self.delay_s)
                step += 1
            yield from _tails(thinking)
            elapsed = max(time.perf_counter() - started, 1e-6)
            seeds = draft_seeds(request.sampling.seed, request.drafts)
            results = tuple(DraftResult(draft, seeds[draft], reason or FinishReason.STOP,
                                        sent[draft]) for draft, reason in enumerate(reasons))
            yield Finished(0, results[0].reason, GenerationStats(
                prompt_tokens=prompt_tokens, prompt_tokens_processed=prompt_tokens,
                generated_tokens=sum(sent), ttft_s=0.001, tokens_per_s=sum(sent) / elapsed,
                prompt_s=0.001, backend="CPU", truncated_input=False,
                thinking_s=max(filtered.thinking_s or 0.0 for filtered in thinking),
            ), results)

    def cancel(self) -> None:
        self._cancelled.set()

    def close(self) -> None:
        self.cancel()
        self.release()
        self.closed = True
        self.model = None


def _tails(filters: list[ThinkingFilter]) -> Iterator[Chunk]:
    """What each draft's thinking filter still holds at the end."""
    for draft, filtered in enumerate(filters):
        tail = filtered.flush()
        if tail:
            yield Chunk(0, tail, 0, draft)


def _alternatives(text: str, k: int, probability: float) -> tuple[TokenAlternatives, ...]:
    """Made-up alternatives of a chunk (one token here): the chunk itself first."""
    if not k:
        return ()
    chosen = TokenChoice(text, probability)
    others = [TokenChoice(word, 0.4 / 2 ** (rank + 1))
              for rank, word in enumerate(w for w in ALTERNATIVE_WORDS if w != text)]
    return (TokenAlternatives(chosen, (chosen, *others[: k - 1])),)
