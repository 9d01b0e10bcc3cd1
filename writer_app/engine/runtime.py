"""llama.cpp for one writer: load a model, reuse the KV cache, stream a generation.

Runs inside the engine process only. One ``Llama`` per process, used by one thread.

Several drafts are generated together, as llama.cpp's ``batched`` example does: the prompt
is read once into sequence 0, its cache is shared with one sequence per further draft
(``llama_memory_seq_cp``), and each step decodes one token of every live draft in one
batch. On a CPU a step costs about what one token costs, since reading the weights, not
the arithmetic, bounds it.
"""

from __future__ import annotations

import contextlib
import ctypes
import dataclasses
import logging
import re
import sys
import time
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from functools import cache
from pathlib import Path
from typing import Any

import llama_cpp
import llama_cpp._internals as llama_internals
import llama_cpp.llama_cpp as llama_c
import numpy as np
import psutil
from llama_cpp import Llama

from writer_app.core.errors import (
    NO_MODEL_LOADED,
    GenerationError,
    ModelFileError,
    ModelLoadError,
)
from writer_app.core.i18n import QT_TRANSLATE_NOOP, message_of
from writer_app.core.i18n import message as core_message
from writer_app.core.models.adapters import (
    Adapter,
    AdapterError,
    check_adapter,
    check_adapters,
)
from writer_app.core.models.cpu import default_threads
from writer_app.core.models.fit import ModelSizes, usable_kv_cache
from writer_app.core.models.gguf_header import GgufInfo, inspect_gguf
from writer_app.core.models.hardware import AUTO_LAYERS, LayerPlan, plan_layers
from writer_app.core.models.load_settings import KvCacheType, LoadSettings
from writer_app.core.protocol import (
    BackendInfo,
    DraftResult,
    FinishReason,
    GenerationStats,
    ModelInfo,
    TokenAlternatives,
    TokenChoice,
)
from writer_app.core.requests import (
    MAX_DRAFTS,
    Action,
    GenerationRequest,
    SamplingSettings,
    draft_seeds,
)
from writer_app.core.sources.names import display_name
from writer_app.core.writing.answer import TextStream
from writer_app.core.writing.lookup import PromptLookup
from writer_app.core.writing.prompts import ChatTemplate, ChatTemplateError, Prompt, build_prompt
from writer_app.engine.devices import load_backends, read_hardware
from writer_app.engine.flash import FlashChooser, flash_record
from writer_app.engine.speculative import (
    PENALTY_WINDOW,
    Drafter,
    DraftModel,
    LookupFirst,
    VocabularyMismatch,
    check_vocabularies,
)
from writer_app.engine.state_cache import StateCache, shared_prefix

log = logging.getLogger(__name__)

Emit = Callable[[int, str, int, "TokenAlternatives | None", bool], None]
"""``emit(draft, text, tokens, alternatives, thinking)``: text of a draft and what it took;
``thinking`` while the model is inside its thinking block (its tokens show no text)."""

# ggml's log levels (ggml.h); llama-cpp-python's own callback numbers them differently.
GGML_LOG_DEBUG, GGML_LOG_INFO, GGML_LOG_WARN, GGML_LOG_ERROR, GGML_LOG_CONT = 1, 2, 3, 4, 5
STATE_CACHE_BYTES = 1024**3
"""RAM for the KV states of earlier prompts (an eighth of the RAM at most)."""
LOG_LEVELS = {GGML_LOG_DEBUG: logging.DEBUG, GGML_LOG_INFO: logging.INFO,
              GGML_LOG_WARN: logging.WARNING, GGML_LOG_ERROR: logging.ERROR}
_LOAD_REASONS: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"unknown model architecture: '(?P<architecture>[^']*)'"),
     QT_TRANSLATE_NOOP("core", "This version of llama.cpp does not support the model "
                       "architecture '{architecture}'. Update writer-app or choose another "
                       "model.")),
    (re.compile(r"not within the file bounds|corrupted or incomplete"),
     QT_TRANSLATE_NOOP("core", "The model file is incomplete or corrupted: download it "
                       "again.")),
    (re.compile(r"(failed to allocate|unable to allocate|out of memory|cannot allocate)",
                re.IGNORECASE),
     QT_TRANSLATE_NOOP("core", "There is not enough memory to load this model: close other "
                       "programs, choose a smaller model, or lower the context size in "
                       "Settings.")),
)
"""What a llama.cpp load error means for the writer (named groups fill the template)."""
_NO_REASON = core_message(QT_TRANSLATE_NOOP("core", "no reason was logged"))
"""Said in place of llama.cpp's reason when it logged none."""


class LlamaLog:
    """llama.cpp's log through a callback of ours: forwarded line by line, errors kept."""

    def __init__(self, sink: Callable[[int, str], None]) -> None:
        self._sink = sink
        self._level = GGML_LOG_INFO
        self._partial = ""
        self.errors: deque[str] = deque(maxlen=50)
        self._callback = llama_c.llama_log_callback(self._on_log)
        llama_c.llama_log_set(self._callback, ctypes.c_void_p(0))

    def _on_log(self, level: int, text: bytes, _user_data: ctypes.c_void_p) -> None:
        if level != GGML_LOG_CONT:
            self._level = level
        self._partial += text.decode("utf-8", errors="replace")
        *lines, self._partial = self._partial.split("\n")
        for line in lines:
            if line.strip():
                if self._level == GGML_LOG_ERROR:
                    self.errors.append(line.strip())
                self._sink(LOG_LEVELS.get(self._level, logging.DEBUG), line)

    def load_error(self, path: Path) -> ModelLoadError:
        """The reason llama.cpp gave for failing to load, as a sentence for a person."""
        reasons = [line.split("error loading model:", 1)[-1].strip() for line in self.errors]
        for pattern, template in _LOAD_REASONS:
            for reason in reasons:
                match = pattern.search(reason)
                if match:
                    return ModelLoadError(core_message(QT_TRANSLATE_NOOP(
                        "core", "{meaning} (llama.cpp: {reason})"),
                        meaning=core_message(template, **match.groupdict()), reason=reason))
        detail = reasons[0] if reasons else _NO_REASON
        return ModelLoadError(core_message(QT_TRANSLATE_NOOP(
            "core", "llama.cpp could not load {name}: {detail}"), name=path.name, detail=detail))


def backend_info() -> BackendInfo:
    """What this build of llama.cpp can use, with the devices' free memory now."""
    load_backends()
    return BackendInfo(
        gpu_offload=bool(llama_c.llama_supports_gpu_offload()),
        llama_cpp_python=llama_cpp.__version__,
        hardware=read_hardware(),
    )


@cache
def _library_bytes() -> bytes:
    return Path(llama_c._lib._name).read_bytes()


def check_architecture(architecture: str, path: Path) -> None:
    """Refuse an architecture whose name this build's llama library does not contain."""
    if architecture.encode("utf-8") not in _library_bytes():
        raise ModelFileError(core_message(QT_TRANSLATE_NOOP(
            "core", "{name} is a '{architecture}' model, which this version of llama.cpp "
            "does not support. Update writer-app or choose another model."),
            name=path.name, architecture=architecture))


_GGML_TYPES = {KvCacheType.F16: llama_c.GGML_TYPE_F16, KvCacheType.Q8_0: llama_c.GGML_TYPE_Q8_0,
               KvCacheType.Q4_0: llama_c.GGML_TYPE_Q4_0}


def flash_attention(gpu_layers: int, kv_cache: KvCacheType) -> int:
    """llama.cpp's flash attention setting for a model with ``gpu_layers`` on a GPU, where
    it is not measured (``engine/flash.py`` measures it for the writer's model).

    llama.cpp's own tools leave it to llama.cpp (on wherever the device supports it). On a
    CPU, llama.cpp's flash attention kernel generates at about half the rate of the plain
    one once the document is long (docs/PERFORMANCE.md), so a model on the CPU goes
    without, unless its KV cache is quantized: llama.cpp needs flash attention for that.
    """
    if gpu_layers or kv_cache is not KvCacheType.F16:
        return int(llama_c.LLAMA_FLASH_ATTN_TYPE_AUTO)
    return int(llama_c.LLAMA_FLASH_ATTN_TYPE_DISABLED)


@contextlib.contextmanager
def load_params(callback: Callable[[float], None], cancelled: Callable[[], bool], *,
                 extra_buffers: bool, kv_cache: KvCacheType = KvCacheType.F16,
                 gpu_layers: int = 0, flash: FlashChooser | None = None) -> Iterator[None]:
    """Give llama.cpp's model loader a progress callback while ``Llama()`` runs; the load
    stops when ``cancelled()`` (the callback's answer tells llama.cpp to go on or not).

    Llama() takes neither a progress callback, nor the choice of extra buffer types, nor
    the number of sequences (drafts) its context holds, nor llama.cpp's automatic flash
    attention (its ``flash_attn`` is on or off), so the parameters it gives llama.cpp are
    wrapped for the duration of the load; the engine process loads one model at a time.
    With ``flash``, flash attention is chosen by it (measured once the weights are in
    memory, before the context is made); without, by ``flash_attention``.
    """
    def report(fraction: float, _user_data: ctypes.c_void_p) -> bool:
        callback(min(max(fraction, 0.0), 1.0))
        return not cancelled()

    on_progress = llama_c.llama_progress_callback(report)

    original = llama_c.llama_model_default_params
    original_context = llama_c.llama_init_from_model

    def params_with_progress() -> Any:
        params = original()
        params.progress_callback = on_progress
        params.use_extra_bufts = extra_buffers
        return params

    def context(model: Any, params: Any) -> Any:
        # One cache of n_ctx cells shared by every draft's sequence: the prompt's cells
        # are shared, not copied, and a lone draft has the whole context.
        params.n_seq_max = MAX_DRAFTS
        params.kv_unified = True
        params.type_k = params.type_v = _GGML_TYPES[kv_cache]
        params.flash_attn_type = (flash.context_type(model, params, original_context)
                                  if flash is not None else flash_attention(gpu_layers, kv_cache))
        return original_context(model, params)

    llama_c.llama_model_default_params = params_with_progress
    llama_c.llama_init_from_model = context
    try:
        yield
    finally:
        llama_c.llama_model_default_params = original
        llama_c.llama_init_from_model = original_context


@contextlib.contextmanager
def _without_chat_templates() -> Iterator[None]:
    """Hide the file's chat templates from ``Llama()`` while it loads.

    Llama() compiles every ``tokenizer.chat_template*`` of the file for its own
    create_chat_completion, which writer-app never calls, in a sandbox that folds constant
    expressions while compiling: a 112-byte template can allocate gigabytes there, before
    writer-app's own limits (``template_limits``) ever see it. writer-app reads the
    template from the header itself.
    """
    model_class = llama_internals.LlamaModel
    original = model_class.metadata

    def metadata(model: Any) -> dict[str, str]:
        return {key: value for key, value in original(model).items()
                if not key.startswith("tokenizer.chat_template")}

    model_class.metadata = metadata  # type: ignore[method-assign,assignment]
    try:
        yield
    finally:
        model_class.metadata = original  # type: ignore[method-assign]


class Runtime:
    """The loaded model and its KV cache; ``cancelled`` is polled to stop work early."""

    def __init__(self, llama_log: LlamaLog) -> None:
        self._log = llama_log
        self._llm: Llama | None = None
        self._info: ModelInfo | None = None
        self._template: ChatTemplate | None = None
        self._header: GgufInfo | None = None
        # LoRA adapters read for the loaded model (llama.cpp frees them with it), by path.
        self._loras: dict[str, Any] = {}
        self._draft: DraftModel | None = None
        self._states = StateCache(min(STATE_CACHE_BYTES, psutil.virtual_memory().total // 8))
        load_backends()
        self._cancelled: Callable[[], bool] = lambda: False
        self._abort = llama_c.ggml_abort_callback(self._on_abort)
        self._no_abort = llama_c.ggml_abort_callback(0)

    def _on_abort(self, _data: ctypes.c_void_p) -> bool:
        return self._cancelled()

    def unload(self) -> None:
        self._states.clear()
        self._loras.clear()
        if self._draft is not None:
            self._draft.close()
            self._draft = None
        if self._llm is not None:
            self._llm.close()
        self._llm = self._info = self._template = self._header = None

    def load(self, settings: LoadSettings, progress: Callable[[float], None],
             cancelled: Callable[[], bool] = lambda: False) -> ModelInfo:
        """Load a model after checking its file; raise ``ModelFileError``/``ModelLoadError``.

        ``cancelled`` is polled while llama.cpp loads; a cancelled load ends with a
        ``ModelLoadError``.
        """
        path = Path(settings.model_path)
        header = inspect_gguf(path)
        check_architecture(header.architecture, path)
        check_adapters(settings.adapters)
        for adapter in settings.adapters:
            check_adapter(adapter.path, header)
        self.unload()  # before reading free GPU memory: the old model's is given back
        started = time.perf_counter()
        draft_path = Path(settings.draft_model_path) if settings.draft_model_path else None
        share = _target_share(path, draft_path)
        target_progress = (progress if draft_path is None
                           else lambda fraction: progress(share * fraction))
        hardware = read_hardware()
        kv_cache, kv_notice = usable_kv_cache(header, settings.kv_cache)
        plan = plan_layers(settings.gpu_layers, ModelSizes.of(header, kv_cache),
                           hardware, n_ctx=settings.n_ctx, n_batch=settings.batch_size)
        log.info("GPU layers: %d of %d (%s)", plan.layers, plan.total, plan.reason)
        extra_buffers = hardware.repacks_weights
        if not extra_buffers:
            log.info("AMX found: loading without repacked weight buffers")

        def flash(layers: int) -> FlashChooser:
            return FlashChooser(settings, kv_cache=kv_cache, gpu_layers=layers,
                                hardware=hardware, record=flash_record(),
                                progress=target_progress,
                                cancelled=cancelled)

        chooser = flash(plan.layers)
        try:
            llm = self._open(settings, plan.layers, target_progress, cancelled,
                             extra_buffers=extra_buffers, kv_cache=kv_cache, flash=chooser)
        except ModelLoadError as exc:
            # Auto's estimate was too generous for this GPU: say so, and use the CPU.
            if cancelled() or not (plan.on_gpu and settings.gpu_layers == AUTO_LAYERS):
                raise
            log.warning("loading %d layers on the GPU failed, loading on the CPU: %s",
                        plan.layers, exc)
            plan = LayerPlan(0, plan.total, f"The GPU could not take {plan.layers} layers, "
                                            f"so the model runs on the CPU. ({exc})")
            chooser = flash(0)
            llm = self._open(settings, 0, target_progress, cancelled,
                             extra_buffers=extra_buffers, kv_cache=kv_cache, flash=chooser)
        self._llm, self._header = llm, header
        adapters, refusal = settings.adapters, ""
        try:
            self._apply_adapters(llm, adapters)
        except AdapterError as exc:
            # The model itself is fine: it stays loaded, without adapters, and says why.
            adapters, refusal = (), message_of(exc)
        self._template, notice = self._chat_template(header, llm)
        draft_notice = ""
        if draft_path is not None:
            draft_notice = self._open_draft(
                settings, draft_path, header, plan,
                progress=lambda fraction: progress(share + (1 - share) * fraction),
                cancelled=cancelled, extra_buffers=extra_buffers)
        info = ModelInfo.of_gguf(
            header, path=str(path), n_ctx=llm.n_ctx(), hardware=hardware, plan=plan,
            has_chat_template=self._template is not None,
            load_seconds=time.perf_counter() - started,
            notices=tuple(n for n in (notice, kv_notice, draft_notice, refusal) if n),
            adapters=adapters, flash_attention=chooser.choice,
        )
        self._info = dataclasses.replace(
            info, draft_model=str(self._draft.path) if self._draft else "")
        return self._info

    def _open_draft(self, settings: LoadSettings, path: Path, header: GgufInfo,
                    plan: LayerPlan, *, progress: Callable[[float], None],
                    cancelled: Callable[[], bool], extra_buffers: bool) -> str:
        """Load the draft model beside the loaded one (on the GPU only where the whole
        model is); what the writer should hear when it cannot draft, else ""."""
        assert self._llm is not None
        try:
            check_architecture(inspect_gguf(path).architecture, path)
            draft = self._open(dataclasses.replace(settings, model_path=str(path)),
                               -1 if plan.layers == plan.total and plan.on_gpu else 0,
                               progress, cancelled, extra_buffers=extra_buffers,
                               kv_cache=KvCacheType.F16)
        except (ModelFileError, ModelLoadError) as exc:
            if cancelled():
                self.unload()
                raise
            return core_message(QT_TRANSLATE_NOOP(
                "core", "The draft model was left out: {reason}"), reason=message_of(exc))
        try:
            check_vocabularies(self._llm, draft, display_name(header.path, header.name),
                               path.name)
        except VocabularyMismatch as exc:
            draft.close()
            return str(exc)
        self._draft = DraftModel(draft, path, self._llm.n_vocab())
        return ""

    def set_adapters(self, adapters: tuple[Adapter, ...]) -> ModelInfo:
        """Apply ``adapters`` to the loaded model, each read once per model; a refused one
        (``AdapterError``) changes nothing."""
        llm, info, header = self._llm, self._info, self._header
        if llm is None or info is None or header is None:
            raise GenerationError(NO_MODEL_LOADED)
        check_adapters(adapters)
        for adapter in adapters:
            check_adapter(adapter.path, header)
        self._apply_adapters(llm, adapters)
        self._info = dataclasses.replace(info, adapters=adapters)
        return self._info

    def _apply_adapters(self, llm: Llama, adapters: tuple[Adapter, ...]) -> None:
        for adapter in adapters:
            if adapter.path not in self._loras:
                self._loras[adapter.path] = self._read_adapter(llm, Path(adapter.path))
        count = len(adapters)
        handles = (llama_c.llama_adapter_lora_p_ctypes * count)(
            *(self._loras[adapter.path] for adapter in adapters))
        scales = (ctypes.c_float * count)(*(adapter.scale for adapter in adapters))
        if llama_c.llama_set_adapters_lora(llm.ctx, handles, count, scales):
            raise AdapterError(core_message(QT_TRANSLATE_NOOP(
                "core", "llama.cpp could not apply the adapters to this model.")))
        if adapters != (self._info.adapters if self._info else ()):
            # KV cells computed with other weights must not be reused for a prompt.
            self._states.clear()
            llama_c.llama_memory_clear(llama_c.llama_get_memory(llm.ctx), True)
            llm.n_tokens = 0

    def _read_adapter(self, llm: Llama, path: Path) -> Any:
        self._log.errors.clear()
        handle = llama_c.llama_adapter_lora_init(llm._model.model, str(path).encode("utf-8"))
        if not handle:
            detail = self._log.errors[-1] if self._log.errors else _NO_REASON
            raise AdapterError(core_message(QT_TRANSLATE_NOOP(
                "core", "llama.cpp could not load the adapter {name}: {detail}"),
                name=path.name, detail=detail))
        return handle

    def _chat_template(self, header: GgufInfo, llm: Llama) -> tuple[ChatTemplate | None, str]:
        """The model's chat template, tried once; a broken one is dropped and described."""
        if not header.chat_template:
            return None, ""
        try:
            template = ChatTemplate(header.chat_template, self._token_text(llm.token_bos()),
                                    self._token_text(llm.token_eos()),
                                    name=display_name(header.path, header.name))
            template.check()
        except ChatTemplateError as exc:
            return None, str(exc)
        return template, ""

    def _open(self, settings: LoadSettings, gpu_layers: int,
              progress: Callable[[float], None], cancelled: Callable[[], bool],
              *, extra_buffers: bool, kv_cache: KvCacheType,
              flash: FlashChooser | None = None) -> Llama:
        self._log.errors.clear()
        threads = settings.threads or default_threads()
        log.info("threads: %d (%s)", threads, "set" if settings.threads else "automatic")
        try:
            with load_params(flash.load_progress if flash else progress, cancelled,
                             extra_buffers=extra_buffers, kv_cache=kv_cache,
                             gpu_layers=gpu_layers, flash=flash), \
                    _without_chat_templates():
                return Llama(
                    model_path=settings.model_path, n_ctx=settings.n_ctx,
                    n_batch=settings.batch_size, n_threads=threads, n_threads_batch=threads,
                    n_gpu_layers=gpu_layers, verbose=True,
                )
        except (ValueError, RuntimeError) as exc:
            log.info("load failed: %s", exc)
            if cancelled():
                raise ModelLoadError(core_message(QT_TRANSLATE_NOOP(
                    "core", "Loading {name} was cancelled."),
                    name=Path(settings.model_path).name)) from None
            raise self._log.load_error(Path(settings.model_path)) from None

    # Tokens ---------------------------------------------------------------------------

    def _tokenize(self, text: str, special: bool) -> list[int]:
        """Token ids of ``text``, with a buffer sized by the text.

        ``Llama.tokenize`` sizes its buffer by the model's trained context, so a file that
        claims a context of 2^31 tokens would cost 8.5 GB per call whatever ``n_ctx`` is.
        """
        assert self._llm is not None
        data = text.encode("utf-8")
        vocab = self._llm._model.vocab
        size = len(data) + 8  # a token covers at least one byte; a few specials besides
        while True:
            buffer = (llama_c.llama_token * size)()
            count = llama_c.llama_tokenize(vocab, data, len(data), buffer, size, False, special)
            if count >= 0:
                return list(buffer[:count])
            if -count <= size:
                raise GenerationError(core_message(QT_TRANSLATE_NOOP(
                    "core", "llama.cpp could not split the text into tokens.")))
            size = -count

    def _piece(self, token: int, special: bool = False) -> bytes:
        assert self._llm is not None
        vocab = self._llm._model.vocab
        buffer = ctypes.create_string_buffer(64)
        size = llama_c.llama_token_to_piece(vocab, token, buffer, len(buffer), 0, special)
        if size < 0:
            buffer = ctypes.create_string_buffer(-size)
            size = llama_c.llama_token_to_piece(vocab, token, buffer, len(buffer), 0, special)
        return buffer.raw[:size]

    def _token_text(self, token: int) -> str:
        return self._piece(token, special=True).decode("utf-8", errors="replace")

    # Generation -----------------------------------------------------------------------

    def generate(self, request: GenerationRequest, emit: Emit, cancelled: Callable[[], bool],
                 progress: Callable[[int, int], None] = lambda done, total: None,
                 ) -> tuple[GenerationStats, tuple[DraftResult, ...]]:
        """Stream the drafts of ``request`` through ``emit``; return how they ended.

        ``emit(draft, text, tokens, alternatives)`` is called once per generated token
        (``tokens`` 1, ``text`` "" while held back, ``alternatives`` when the request asks
        for them) and once more per draft with ``tokens`` 0 for what is left at the end.
        ``progress(done, total)`` reports prompt processing, one call per batch.
        """
        llm, info = self._llm, self._info
        if llm is None or info is None:
            raise GenerationError(NO_MODEL_LOADED)
        self._cancelled = cancelled
        prompt = build_prompt(request, self._template, self._tokenize, llm.n_ctx())
        tokens = [llm.token_bos()] if llama_c.llama_vocab_get_add_bos(llm._model.vocab) else []
        for part in prompt.parts:
            tokens += self._tokenize(part.text, part.special)
        started = time.perf_counter()
        reused, processed = self._prefill(llm, tokens, progress)
        drafter = self._drafter(request, tokens, cancelled)
        prompt_done = time.perf_counter()
        alternatives = (_Alternatives(llm, request.alternatives, self._piece)
                        if request.alternatives else None)
        drafts = [_Draft(index, seed, request.sampling, prompt, llm, emit=emit,
                         piece=self._piece, cancelled=cancelled, alternatives=alternatives,
                         drafter=drafter)
                  for index, seed in enumerate(draft_seeds(request.sampling.seed,
                                                           request.drafts))]
        try:
            if len(drafts) == 1:
                last_at = self._sample_loop(llm, drafts[0], drafter)
            else:
                last_at = self._sample_drafts(llm, drafts)
        finally:
            for draft in drafts:
                draft.close()
        results = tuple(draft.finish() for draft in drafts)
        generated = sum(draft.generated for draft in drafts)
        first = min((d.first_at for d in drafts if d.first_at), default=time.perf_counter())
        stats = GenerationStats(
            prompt_tokens=len(tokens), prompt_tokens_processed=processed - reused,
            generated_tokens=generated, ttft_s=first - started,
            tokens_per_s=generated / (last_at - first) if last_at > first else 0.0,
            prompt_s=prompt_done - started, backend=info.backend,
            truncated_input=prompt.truncated, drafted_tokens=drafter.kept if drafter else 0,
            thinking_s=max(draft.stream.thinking_s or 0.0 for draft in drafts),
        )
        return stats, results

    def _drafter(self, request: GenerationRequest, tokens: Sequence[int],
                 cancelled: Callable[[], bool]) -> Drafter | None:
        """What guesses the tokens of a lone draft: prompt lookup for a rewrite that asks
        for it, the draft model where one is loaded, both for a rewrite with a draft model
        (``LookupFirst``); nothing for several drafts, which fill the batch themselves."""
        if request.drafts != 1:
            return None
        lookup = (PromptLookup(tokens) if request.action is Action.REWRITE
                  and request.sampling.draft_from_prompt else None)
        model = (self._draft.start(tokens, cancelled, request.sampling.repeat_penalty)
                 if self._draft is not None else None)
        if lookup is not None and model is not None:
            return LookupFirst(lookup, model)
        return lookup or model

    def _prefill(self, llm: Llama, tokens: Sequence[int],
                 progress: Callable[[int, int], None]) -> tuple[int, int]:
        """Evaluate ``tokens``, reusing the cached prefix.

        Returns how many tokens were reused and how far the cache now reaches (less than
        ``len(tokens)`` when cancelled).
        """
        cached = llm.n_tokens
        ids = llm.input_ids
        common = min(shared_prefix(ids[:cached].tolist(), tokens), len(tokens) - 1)
        if common < cached // 2:  # another prompt (another document): keep it for later
            self._states.save(llm.ctx, ids[:cached].tolist())
        saved = self._states.best(tokens, common)
        if saved is not None:
            restored = self._states.restore(llm.ctx, saved)
            llm.n_tokens = len(saved) if restored else 0
            ids[: llm.n_tokens] = saved[: llm.n_tokens]
            common = min(shared_prefix(saved, tokens), len(tokens) - 1) if restored else 0
            log.info("state cache: %s a saved prompt, %d tokens shared",
                     "restored" if restored else "could not restore", common)
        memory = llama_c.llama_get_memory(llm.ctx)
        if not llama_c.llama_memory_seq_rm(memory, 0, common, -1):
            llama_c.llama_memory_clear(memory, True)
            common = 0
        llm.n_tokens = common
        llama_c.llama_set_abort_callback(llm.ctx, self._abort, None)
        try:
            for start in range(common, len(tokens), llm.n_batch):
                if self._cancelled():
                    break
                progress(start - common, len(tokens) - common)
                llm.eval(tokens[start : start + llm.n_batch])
        except RuntimeError as exc:
            if not self._cancelled():
                raise GenerationError(core_message(QT_TRANSLATE_NOOP(
                    "core", "llama.cpp could not read the prompt ({reason})."),
                    reason=str(exc))) from None
        finally:
            llama_c.llama_set_abort_callback(llm.ctx, self._no_abort, None)
        return common, llm.n_tokens

    def _sample_loop(self, llm: Llama, draft: _Draft, drafter: Drafter | None) -> float:
        """Sample, show and evaluate the tokens of one draft until it ends; return when the
        last token was evaluated.

        With a ``drafter`` (``engine/speculative.py``), each new token goes into the cache
        together with its guesses of the tokens after it, with logits for every position.
        The sampler then draws at each position in turn, exactly as it would one token at a
        time (the same random draws, the same penalties), and the guess is kept for as long
        as it agrees with what was drawn; the rest of it is dropped from the cache.
        """
        last_at = 0.0
        if self._cancelled():
            draft.reason = FinishReason.CANCELLED
            return last_at
        row = -1
        token = draft.sample(llm.ctx, row)
        while True:
            draft.reason = draft.take(token, row)
            if draft.reason is not None:
                return last_at
            if llm.n_tokens >= llm.n_ctx():
                draft.reason = FinishReason.CONTEXT_FULL
                return last_at
            room = min(draft.max_tokens - draft.generated, llm.n_ctx() - llm.n_tokens - 1,
                       llm.n_batch - 1)
            guesses = drafter.draft(room) if drafter is not None else []
            base = llm.n_tokens
            _decode(llm, [token, *guesses], all_logits=bool(guesses))
            last_at = time.perf_counter()
            if drafter is None or not guesses:
                row = -1
                token = draft.sample(llm.ctx, row)
                continue
            for row, guess in enumerate(guesses):
                token = draft.sample(llm.ctx, row)
                if token != guess:
                    llm.n_tokens = base + 1 + row
                    break
                draft.reason = draft.take(token, row)
                if draft.reason is not None:
                    llm.n_tokens = base + 2 + row
                    drafter.record(row + 1, len(guesses))
                    return last_at
            else:
                row = len(guesses)
                token = draft.sample(llm.ctx, row)
            drafter.record(llm.n_tokens - base - 1, len(guesses))

    def _sample_drafts(self, llm: Llama, drafts: Sequence[_Draft]) -> float:
        """Generate several drafts together (see the module's docstring); return when the
        last batch was evaluated.

        Afterwards the cache holds the prompt alone: the drafts' own tokens are dropped, so
        the next request reuses the prompt whichever draft the writer keeps.
        """
        last_at = 0.0
        if self._cancelled():
            for draft in drafts:
                draft.reason = FinishReason.CANCELLED
            return last_at
        memory = llama_c.llama_get_memory(llm.ctx)
        base = used = llm.n_tokens
        for draft in drafts[1:]:
            llama_c.llama_memory_seq_rm(memory, draft.index, -1, -1)
            llama_c.llama_memory_seq_cp(memory, 0, draft.index, -1, -1)
        batch = llm._batch.batch
        rows = [-1] * len(drafts)
        try:
            while True:
                live = []
                for draft in drafts:
                    if draft.reason is None:
                        row = rows[draft.index]
                        draft.reason = draft.take(draft.sample(llm.ctx, row), row)
                    if draft.reason is None:
                        live.append(draft)
                if not live:
                    return last_at
                if used + len(live) > llm.n_ctx():
                    for draft in live:
                        draft.reason = FinishReason.CONTEXT_FULL
                    return last_at
                batch.n_tokens = len(live)
                for row, draft in enumerate(live):
                    batch.token[row] = draft.token
                    batch.pos[row] = base + draft.generated - 1
                    batch.n_seq_id[row] = 1
                    batch.seq_id[row][0] = draft.index
                    batch.logits[row] = True
                    rows[draft.index] = row
                status = llama_c.llama_decode(llm.ctx, batch)
                if status == 1:  # no room left in the cache for this step
                    for draft in live:
                        draft.reason = FinishReason.CONTEXT_FULL
                    return last_at
                if status != 0:
                    raise GenerationError(core_message(QT_TRANSLATE_NOOP(
                        "core", "llama.cpp could not generate the drafts (error {status})."),
                        status=status))
                used += len(live)
                last_at = time.perf_counter()
        finally:
            for draft in drafts[1:]:
                llama_c.llama_memory_seq_rm(memory, draft.index, -1, -1)
            llama_c.llama_memory_seq_rm(memory, 0, base, -1)
            llm.n_tokens = base


class _Alternatives:
    """The model's ``k`` most likely tokens at a position, read from the logits the token
    was sampled from, with their probabilities (a softmax of those logits). Costs ``k``
    passes for the largest and one for the sum, in a buffer kept for the request (a fresh
    array per token would cost more than the passes), and nothing when no one asked."""

    def __init__(self, llm: Llama, k: int, piece: Callable[[int], bytes]) -> None:
        self._ctx = llm.ctx
        self._n_vocab = llm.n_vocab()
        self._row = ctypes.POINTER(ctypes.c_float * self._n_vocab)
        self._buffer = np.empty(self._n_vocab, dtype=np.float32)
        self._k = min(k, self._n_vocab)
        self._piece = piece
        self._texts: dict[int, str] = {}

    def _choice(self, token: int, logits: Any, peak: float, total: float) -> TokenChoice:
        text = self._texts.get(token)
        if text is None:
            text = self._texts[token] = self._piece(token).decode("utf-8", errors="replace")
        return TokenChoice(text, float(np.exp(logits[token] - peak)) / total)

    def at(self, row: int, token: int) -> TokenAlternatives:
        """The alternatives of ``token``, sampled from the logits of batch row ``row``."""
        pointer = llama_c.llama_get_logits_ith(self._ctx, row)
        logits = np.frombuffer(memoryview(ctypes.cast(pointer, self._row).contents),
                               dtype=np.float32)
        buffer = self._buffer
        np.copyto(buffer, logits)
        top = []
        for _ in range(self._k):
            best = int(buffer.argmax())
            top.append(best)
            buffer[best] = -np.inf
        peak = float(logits[top[0]])
        np.subtract(logits, peak, out=buffer)
        np.exp(buffer, out=buffer)
        total = float(buffer.sum())
        return TokenAlternatives(
            self._choice(token, logits, peak, total),
            tuple(self._choice(t, logits, peak, total) for t in top),
        )


class _Draft:
    """One answer being generated: its seed and sampler, its text stream and its end."""

    def __init__(self, index: int, seed: int, sampling: SamplingSettings, prompt: Prompt,
                 llm: Llama, *, emit: Emit, piece: Callable[[int], bytes],
                 cancelled: Callable[[], bool], alternatives: _Alternatives | None,
                 drafter: Drafter | None = None) -> None:
        self.index, self.seed = index, seed
        self.max_tokens = prompt.max_tokens
        self.stream = TextStream(prompt.stop, strip_leading=prompt.strip_leading,
                                 after=prompt.join_after, until=prompt.until,
                                 answer=prompt.answer)
        self.sampler = make_sampler(sampling, llm.n_vocab(), seed)
        self.generated = 0
        self.token = -1
        self.first_at = 0.0
        self.reason: FinishReason | None = None
        self._vocab = llm._model.vocab
        self._emit, self._piece, self._cancelled = emit, piece, cancelled
        self._alternatives = alternatives
        self._drafter = drafter

    def sample(self, ctx: Any, row: int) -> int:
        """Draw the next token from the logits of batch row ``row``."""
        return int(llama_c.llama_sampler_sample(self.sampler, ctx, row))

    def take(self, token: int, row: int) -> FinishReason | None:
        """Show a token drawn at ``row``; the reason to stop after it, if any."""
        if llama_c.llama_vocab_is_eog(self._vocab, token):
            return FinishReason.STOP
        if self._cancelled():
            return FinishReason.CANCELLED
        self.token = token
        self.generated += 1
        if self._drafter is not None:
            self._drafter.add(token)
        if self.generated == 1:
            self.first_at = time.perf_counter()
        alternatives = self._alternatives.at(row, token) if self._alternatives else None
        self._emit(self.index, self.stream.feed(self._piece(token)), 1, alternatives,
                   self.stream.thinking)
        if self.stream.stopped:
            return FinishReason.STOP_SEQUENCE
        if self.generated >= self.max_tokens:
            return FinishReason.LENGTH
        return None

    def close(self) -> None:
        if self.sampler is not None:
            llama_c.llama_sampler_free(self.sampler)
            self.sampler = None

    def finish(self) -> DraftResult:
        """Send what the stream held back; the draft's end."""
        tail = self.stream.flush()
        if tail:
            self._emit(self.index, tail, 0, None, False)
        reason = self.reason or FinishReason.STOP
        if self.stream.at_unit_end:
            reason = FinishReason.STOP
        elif self.stream.stopped:
            reason = FinishReason.STOP_SEQUENCE
        return DraftResult(self.index, self.seed, reason, self.generated)


def _target_share(target: Path, draft: Path | None) -> float:
    """The part of a load's progress that the writer's model takes (by file size)."""
    try:
        size = target.stat().st_size
        return size / (size + draft.stat().st_size) if draft is not None else 1.0
    except OSError:
        return 1.0


def _decode(llm: Llama, tokens: Sequence[int], *, all_logits: bool) -> None:
    """Evaluate ``tokens`` after the cached ones in one batch, as ``Llama.eval`` does.

    ``Llama.eval`` keeps only the last position's logits unless the whole context was made
    with ``logits_all``; a draft needs every position's, for this batch alone.
    """
    llm._ctx.kv_cache_seq_rm(-1, llm.n_tokens, -1)
    llm._batch.set_batch(batch=tokens, n_past=llm.n_tokens, logits_all=all_logits)
    llm._ctx.decode(llm._batch)
    llm.input_ids[llm.n_tokens : llm.n_tokens + len(tokens)] = tokens
    llm.n_tokens += len(tokens)


@contextlib.contextmanager
def timed_parts(spent: dict[str, float]) -> Iterator[None]:
    """While open, add to ``spent`` the seconds that every call of each part of a token's
    path takes in this process: ``decode`` (llama.cpp's decode), ``sample`` (the sampler
    chain), ``piece`` (the token's text) and ``text_stream`` (the text stream's clean-up).

    For measuring where a generated token's time goes; the engine never opens it.
    """
    parts = ((sys.modules[__name__], "_decode", "decode"), (_Draft, "sample", "sample"),
             (Runtime, "_piece", "piece"), (TextStream, "feed", "text_stream"))
    originals = [(owner, name, getattr(owner, name)) for owner, name, _part in parts]

    def timed(part: str, function: Callable[..., Any]) -> Callable[..., Any]:
        def call(*args: Any, **kwargs: Any) -> Any:
            started = time.perf_counter()
            try:
                return function(*args, **kwargs)
            finally:
                spent[part] = spent.get(part, 0.0) + time.perf_counter() - started
        return call

    for (owner, name, part), (_owner, _name, function) in zip(parts, originals, strict=True):
        setattr(owner, name, timed(part, function))
    try:
        yield
    finally:
        for owner, name, function in originals:
            setattr(owner, name, function)


def make_sampler(sampling: SamplingSettings, n_vocab: int, seed: int) -> Any:
    """A llama.cpp sampler chain for these settings (free it with llama_sampler_free)."""
    chain = llama_c.llama_sampler_chain_init(llama_c.llama_sampler_chain_default_params())
    samplers = [
        llama_c.llama_sampler_init_penalties(n_vocab, PENALTY_WINDOW, sampling.repeat_penalty,
                                            0.0, 0.0)
    ]
    if sampling.temperature <= 0:
        samplers.append(llama_c.llama_sampler_init_greedy())
    else:
        samplers += [
            llama_c.llama_sampler_init_top_k(sampling.top_k),
            llama_c.llama_sampler_init_top_p(sampling.top_p, 1),
            llama_c.llama_sampler_init_min_p(sampling.min_p, 1),
            llama_c.llama_sampler_init_temp(sampling.temperature),
            llama_c.llama_sampler_init_dist(seed),
        ]
    for sampler in samplers:
        llama_c.llama_sampler_chain_add(chain, sampler)
    return chain
