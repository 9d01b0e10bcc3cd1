"""A fake engine with the same contract as ``EngineClient``, for fast GUI tests.

It streams queued chunks (optionally slowly, or held until released; a reasoning model's
leading ``<think>`` block is dropped from them as the real engine drops it), records every
request, checks model files with the real header reader, and can fail or "crash" on
demand. ``tests/integration/test_engine_contract.py`` runs the same checks on it and on
the real engine.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator, Sequence

from writer_app.core.actions import GenerationRequest, LoadSettings
from writer_app.core.errors import GenerationError, WriterError
from writer_app.core.gguf_header import GgufInfo, inspect_gguf
from writer_app.core.hardware import Device, DeviceKind, Hardware, plan_layers
from writer_app.core.protocol import (
    BackendInfo,
    Chunk,
    Event,
    Finished,
    FinishReason,
    GenerationStats,
    LoadProgress,
    ModelInfo,
    ModelLoaded,
    PromptProgress,
)
from writer_app.core.servers import LOCAL_CAPABILITIES
from writer_app.core.system import ModelSizes
from writer_app.core.textstream import ThinkingFilter

DEFAULT_CHUNKS = ("The rain ", "kept falling ", "over the ", "quiet city.")
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
        self.hardware = hardware
        self.delay_s = delay_s
        self.requests: list[GenerationRequest] = []
        self.loads: list[LoadSettings] = []
        self.model: ModelInfo | None = None
        self.fail_next: WriterError | None = None
        self.closed = False
        self._cancelled = threading.Event()
        self._open = threading.Event()
        self._open.set()
        self._lock = threading.Lock()

    def hold(self) -> None:
        """Pause streams after their first chunk until ``release``."""
        self._open.clear()

    def release(self) -> None:
        self._open.set()

    def probe(self, refresh: bool = False) -> BackendInfo:
        return BackendInfo(gpu_offload=bool(self.hardware.gpus), llama_cpp_python="fake",
                           hardware=self.hardware)

    def load(self, settings: LoadSettings) -> Iterator[Event]:
        header = inspect_gguf(settings.model_path)
        self.model = None
        return self._load(settings, header)

    def _load(self, settings: LoadSettings, header: GgufInfo) -> Iterator[Event]:
        with self._lock:
            self.loads.append(settings)
            for step in range(5):
                yield LoadProgress(0, step / 4)
            plan = plan_layers(settings.gpu_layers, ModelSizes.of(header), self.hardware,
                               n_ctx=settings.n_ctx, n_batch=settings.batch_size)
            self.model = ModelInfo(
                path=settings.model_path, name=header.name, architecture=header.architecture,
                quantization=header.quantization, parameter_count=header.parameter_count,
                n_ctx=settings.n_ctx, n_ctx_train=header.context_length,
                has_chat_template=header.chat_template is not None,
                backend=self.hardware.backend_name if plan.on_gpu else "CPU",
                gpu_layers=plan.layers, load_seconds=0.01, layer_plan=plan,
            )
            yield ModelLoaded(0, self.model)

    def generate(self, request: GenerationRequest) -> Iterator[Event]:
        if self.model is None:
            raise GenerationError(
                "No model is loaded yet: open a GGUF model file or download one first."
            )
        if self._lock.locked():
            self.cancel()
        return self._generate(request)

    def _generate(self, request: GenerationRequest) -> Iterator[Event]:
        with self._lock:
            self._cancelled.clear()
            self.requests.append(request)
            prompt_tokens = max(1, len(request.text) // 4)
            yield PromptProgress(0, 0, prompt_tokens)
            started = time.perf_counter()
            sent = 0
            reason = FinishReason.STOP
            thinking = ThinkingFilter()
            for index, text in enumerate(self.chunks):
                if self._cancelled.is_set():
                    reason = FinishReason.CANCELLED
                    break
                if sent >= request.sampling.max_tokens:
                    reason = FinishReason.LENGTH
                    break
                failure, self.fail_next = self.fail_next, None
                if failure is not None:
                    raise failure
                shown = thinking.feed(text)
                # Tokens held back while thinking still count, as the real runtime emits them.
                if shown or thinking.active:
                    yield Chunk(0, shown)
                sent += 1
                if index == 0:
                    while not self._open.wait(0.01):
                        if self._cancelled.is_set():
                            break
                if self.delay_s:
                    self._cancelled.wait(self.delay_s)
            tail = thinking.flush()
            if tail:
                yield Chunk(0, tail, 0)
            elapsed = max(time.perf_counter() - started, 1e-6)
            yield Finished(0, reason, GenerationStats(
                prompt_tokens=prompt_tokens, prompt_tokens_processed=prompt_tokens,
                generated_tokens=sent, ttft_s=0.001, tokens_per_s=sent / elapsed,
                prompt_s=0.001, backend="CPU", truncated_input=False,
                thinking_s=thinking.thinking_s or 0.0,
            ))

    def cancel(self) -> None:
        self._cancelled.set()

    def close(self) -> None:
        self.cancel()
        self.release()
        self.closed = True
        self.model = None
