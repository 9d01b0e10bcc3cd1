"""Flash attention on or off, chosen by measuring both on this machine.

The first time a model loads with a setting (see ``FlashKey``), the engine measures, once
the weights are in memory and before the writer's context is made: a small context with
flash attention off, then one with it on, each reading the same tokens up to a depth,
writing a few tokens one at a time there, and then again at its start, now warm. A token's
time grows in step with the depth (attention reads every token before it), so the two
writing times give each setting's time per token at ``WORKING_DEPTH`` even where the
measurement could not read that deep; on a CPU flash attention's time grows several times
faster than without it, and a measurement near the start alone would choose it for short
documents only. The faster (``FlashMeasurement.decide``) is kept in the data folder and
used from then on without measuring. Where the time allows, each setting also writes a few
steps of ``MEASURED_DRAFTS`` drafts together at that depth, as the engine writes several
drafts: what a step of several costs against one token, which Settings shows the writer.

It costs the writer at most ``MEASURE_SECONDS`` at that one load, whatever the model:
the first context reads in chunks for as long as its share of the time allows (up to
``WORKING_DEPTH``, the depth of a writer's usual document), then writes up to ``STEPS``
tokens in what is left, and the second context repeats exactly that work. A small model
reaches the working depth; a larger one measures at a smaller depth rather than make the
writer wait, and one that cannot read ``MIN_DEPTH`` tokens in its share (most models of
a few GB on a CPU) stops there and keeps the default: its projection would be noise.
"""

from __future__ import annotations

import dataclasses
import logging
import os
import time
from collections.abc import Callable, Sequence
from typing import Any

import llama_cpp
import llama_cpp.llama_cpp as llama_c

from writer_app.core.models.cpu import default_threads
from writer_app.core.models.flash import (
    MEASURED_DRAFTS,
    MIN_DEPTH,
    WORKING_DEPTH,
    FlashChoice,
    FlashMeasurement,
    FlashRates,
    FlashReason,
    projected,
)
from writer_app.core.models.hardware import Hardware
from writer_app.core.models.load_settings import FlashAttention, KvCacheType, LoadSettings
from writer_app.core.paths import AppPaths
from writer_app.engine.flash_record import RECORD_NAME, FlashKey, FlashRecord

log = logging.getLogger(__name__)

MEASURE_SECONDS = 2.0
"""The most the measurement may cost the writer, both settings together."""
STEPS = 8
"""Tokens written one at a time at that depth, when the time allows."""
SHALLOW_STEPS = 3
"""Tokens written one at a time at the start, before the reading (they tell how fast the
model is) and again after it (they are timed for the projection)."""
MIN_STEPS = 3
"""Tokens written one at a time however slow the model: the fastest of fewer is noise."""
DRAFT_STEPS = 2
"""Steps of ``MEASURED_DRAFTS`` drafts written at that depth, when the time allows."""
DRAFTS_WORK = DRAFT_STEPS * MEASURED_DRAFTS
"""Those steps' tokens, at most their cost counted in single-token decodes."""
ROOM = 2 + SHALLOW_STEPS + STEPS + DRAFTS_WORK
"""The cells a measuring context needs besides its reading: the first decode, the tokens
written one at a time, the drafts' tokens and one to spare."""
FIRST_CHUNK = 8
"""The first read, which tells how fast this model reads on this machine."""
SMALLEST_WORK = 16
"""The least a measurement does, counted in single-token decodes: per setting,
``SHALLOW_STEPS`` at the start, a first read of ``FIRST_CHUNK`` (a batch costs about a
third of the price per token) and ``MIN_STEPS``; and the second setting's first decode."""
SLOWEST = 1.5
"""A model that would need more than this many times ``MEASURE_SECONDS`` for the least
work (a large model on a CPU) is not measured, and keeps the default."""
READ_SHARE = 0.6
"""Of one setting's time, what the reading may take; the writing takes the rest."""
LOAD_SHARE = 0.8
"""Of a load that measures, the part of the progress bar the weights take."""

CreateContext = Callable[[Any, Any], Any]
"""llama.cpp's ``llama_init_from_model(model, params)``."""


class _Unusable(Exception):
    """A setting could not be measured (llama.cpp refused its context or a decode)."""


class _Cancelled(Exception):
    """The load was cancelled while measuring."""


class _TooSlow(Exception):
    """The model is too slow to measure at a depth that decides (``MIN_DEPTH``) in the
    time allowed: measuring on would cost the writer seconds for the default."""


class _Context:
    """A small llama.cpp context for measuring one setting: one sequence read from 0, and
    for a step of several drafts, as many sharing its cells."""

    def __init__(self, model: Any, params: Any, create: CreateContext, *, flash_type: int,
                 n_ctx: int, cancelled: Callable[[], bool]) -> None:
        own = type(params).from_buffer_copy(params)
        own.flash_attn_type = flash_type
        own.n_ctx = n_ctx
        own.n_seq_max = MEASURED_DRAFTS
        own.kv_unified = True
        self.ctx = create(model, own)
        if not self.ctx:
            raise _Unusable(f"llama.cpp made no context with flash_attn_type {flash_type}")
        # Cancelling is seen between decodes, each a fraction of the budget: llama.cpp's
        # abort callback, a call into Python from its worker threads, cost a tiny model
        # 500 ms per token on a busy machine.
        self._cancelled = cancelled
        self.n_batch = int(own.n_batch)
        self._batch = llama_c.llama_batch_init(max(self.n_batch, MEASURED_DRAFTS), 0, 1)
        self.depth = 0

    def decode(self, tokens: Sequence[int]) -> float:
        """Evaluate ``tokens`` after the ones before; return the seconds it took."""
        self._batch.n_tokens = len(tokens)
        for row, token in enumerate(tokens):
            self._set(row, token, self.depth + row, 0, row == len(tokens) - 1)
        return self._timed(len(tokens))

    def decode_drafts(self, tokens: Sequence[int]) -> float:
        """Evaluate one token of each of ``len(tokens)`` drafts, each continuing the
        tokens before (as the engine writes several drafts); return the seconds it took."""
        memory = llama_c.llama_get_memory(self.ctx)
        self._batch.n_tokens = len(tokens)
        for row, token in enumerate(tokens):
            if row:
                llama_c.llama_memory_seq_rm(memory, row, -1, -1)
                llama_c.llama_memory_seq_cp(memory, 0, row, -1, -1)
            self._set(row, token, self.depth, row, True)
        return self._timed(1)

    def truncate(self, keep: int) -> None:
        """Forget every sequence's tokens after the first ``keep``."""
        llama_c.llama_memory_seq_rm(llama_c.llama_get_memory(self.ctx), -1, keep, -1)
        self.depth = keep

    def _set(self, row: int, token: int, position: int, sequence: int, logits: bool) -> None:
        batch = self._batch
        batch.token[row] = token
        batch.pos[row] = position
        batch.n_seq_id[row] = 1
        batch.seq_id[row][0] = sequence
        batch.logits[row] = logits

    def _timed(self, advance: int) -> float:
        """Decode the batch, moving ``advance`` tokens deeper; the seconds it took."""
        if self._cancelled():
            raise _Cancelled
        started = time.perf_counter()
        status = llama_c.llama_decode(self.ctx, self._batch)
        llama_c.llama_synchronize(self.ctx)
        seconds = time.perf_counter() - started
        if self._cancelled():
            raise _Cancelled
        if status != 0:
            raise _Unusable(f"llama_decode returned {status}")
        self.depth += advance
        return seconds

    def close(self) -> None:
        llama_c.llama_batch_free(self._batch)
        llama_c.llama_free(self.ctx)


def _tokens(model: Any, count: int) -> list[int]:
    """``count`` tokens spread over the vocabulary: their values do not change the time."""
    n_vocab = llama_c.llama_vocab_n_tokens(llama_c.llama_model_get_vocab(model))
    return [(7 + 7919 * index) % n_vocab for index in range(count)]


class _Plan:
    """The work each setting does: the reads (chunk sizes) and the tokens written."""

    def __init__(self) -> None:
        self.chunks: list[int] = []
        self.steps = STEPS
        self.drafts = True


def _read(context: _Context, tokens: Sequence[int], plan: _Plan, budget: float | None,
          depth_limit: int) -> float:
    """Read the plan's chunks; with a ``budget`` (the first setting), choose them as it
    goes: as many as fit in ``budget`` seconds, up to ``depth_limit``. Returns seconds;
    raises ``_TooSlow`` when that did not reach ``MIN_DEPTH``."""
    if budget is None:
        return sum(context.decode(tokens[context.depth:context.depth + size])
                   for size in plan.chunks)
    size, seconds, start = min(FIRST_CHUNK, depth_limit - context.depth), 0.0, context.depth
    while size > 0:
        seconds += context.decode(tokens[context.depth:context.depth + size])
        plan.chunks.append(size)
        size = min(context.n_batch, depth_limit - context.depth,
                   int((budget - seconds) * (context.depth - start) / max(seconds, 1e-9)))
        if size < FIRST_CHUNK and context.depth + size < depth_limit:
            break  # a last sliver would time llama.cpp's overhead, not its reading
    if context.depth < min(MIN_DEPTH, depth_limit):
        raise _TooSlow
    return seconds


def _write(context: _Context, tokens: Sequence[int], steps: int) -> float:
    """Write ``steps`` tokens one at a time; the seconds of the fastest (the work is the
    same each time: anything slower was held up by something else)."""
    return min(context.decode(tokens[context.depth:context.depth + 1])
               for _ in range(steps))


def _write_drafts(context: _Context, tokens: Sequence[int]) -> float:
    """Write ``DRAFT_STEPS`` steps of ``MEASURED_DRAFTS`` drafts; the seconds of the
    fastest, as ``_write`` times its tokens."""
    return min(context.decode_drafts(tokens[context.depth:context.depth + MEASURED_DRAFTS])
               for _ in range(DRAFT_STEPS))


def measure(model: Any, params: Any, create: CreateContext, *, depth_limit: int,
            gpu: bool, cancelled: Callable[[], bool],
            progress: Callable[[float], None]) -> FlashMeasurement:
    """Measure flash attention off, then on, with llama.cpp's context ``params`` (threads,
    batch, KV cache type) on ``model``; a measurement of depth 0 when the model is too
    slow to measure ``MIN_DEPTH`` tokens deep in ``MEASURE_SECONDS``. Raises
    ``_Unusable`` or ``_Cancelled``."""
    started = time.perf_counter()
    n_ctx = depth_limit + ROOM
    tokens = _tokens(model, n_ctx)
    share = MEASURE_SECONDS / 2
    plan = _Plan()
    rates: dict[bool, FlashRates] = {}
    # On a GPU, "on" is llama.cpp's automatic choice: on where the device supports it.
    on_type = llama_c.LLAMA_FLASH_ATTN_TYPE_AUTO if gpu else llama_c.LLAMA_FLASH_ATTN_TYPE_ENABLED
    for on in (False, True):
        flash_type = on_type if on else llama_c.LLAMA_FLASH_ATTN_TYPE_DISABLED
        context = _Context(model, params, create, flash_type=flash_type, n_ctx=n_ctx,
                           cancelled=cancelled)
        try:
            # Not timed: the first decode reads the weights into memory and starts
            # llama.cpp's threads, which the writer's first request would pay anyway.
            context.decode(tokens[:1])
            single = _write(context, tokens, SHALLOW_STEPS)
            try:
                if not on and single * SMALLEST_WORK > SLOWEST * MEASURE_SECONDS:
                    raise _TooSlow
                reading = _read(context, tokens, plan, None if on else share * READ_SHARE,
                                depth_limit)
            except _TooSlow:
                log.info("flash attention: one token takes %.2f s, reading %s tokens deep "
                         "takes too long to measure", single, MIN_DEPTH)
                too_slow = FlashRates(reading=0.0, writing=1 / single)
                return FlashMeasurement(on=too_slow, off=too_slow, depth=0, steps=0,
                                        seconds=time.perf_counter() - started)
            if not on:
                # What is left, in tokens, once the start is timed again; a step of
                # several drafts costs at most a token per draft, and comes before
                # writing more than the fewest tokens.
                left = int((share - reading) / single) - SHALLOW_STEPS
                plan.drafts = left >= MIN_STEPS + DRAFTS_WORK
                plan.steps = max(MIN_STEPS, min(STEPS, left - DRAFTS_WORK * plan.drafts))
            depth = context.depth
            deep = _write(context, tokens, plan.steps)
            drafts = _write_drafts(context, tokens) / deep if plan.drafts else 0.0
            # The start again, now that caches and threads are warm: the first tokens
            # after the context was made are slower, which would hide the growth.
            context.truncate(1)
            shallow = _write(context, tokens, SHALLOW_STEPS)
            writing = projected(shallow, deep, shallow_depth=1 + SHALLOW_STEPS // 2,
                                depth=depth)
        finally:
            context.close()
        rates[on] = FlashRates(reading=sum(plan.chunks) / reading, writing=1 / writing,
                               drafts=drafts)
        progress(1.0 if on else 0.5)
    return FlashMeasurement(on=rates[True], off=rates[False],
                            depth=1 + SHALLOW_STEPS + sum(plan.chunks),
                            steps=plan.steps, seconds=time.perf_counter() - started)


class FlashChooser:
    """Flash attention for one load of a model: the setting, a measurement kept from
    before, or one made now (``context_type``, called once the weights are loaded)."""

    def __init__(self, settings: LoadSettings, *, kv_cache: KvCacheType, gpu_layers: int,
                 hardware: Hardware, record: FlashRecord,
                 progress: Callable[[float], None], cancelled: Callable[[], bool]) -> None:
        path = os.path.abspath(settings.model_path)
        devices = [device for device in hardware.devices
                   if device.is_gpu == (gpu_layers > 0)]
        device = devices[0].description or devices[0].name if devices else ""
        try:
            size = os.stat(path).st_size
        except OSError:
            size = 0
        self._key = FlashKey(model=path, model_bytes=size, llama_cpp=llama_cpp.__version__,
                             device=device, gpu_layers=gpu_layers,
                             threads=settings.threads or default_threads(),
                             kv_cache=kv_cache.value, batch=settings.batch_size)
        self._record, self._progress, self._cancelled = record, progress, cancelled
        self._gpu = gpu_layers > 0
        mode = settings.flash_attention
        self.choice: FlashChoice | None
        if kv_cache is not KvCacheType.F16:
            # llama.cpp stores a quantized value cache only with flash attention.
            self.choice = FlashChoice(mode, True, FlashReason.NEEDED, automatic=True)
            return
        stored = record.find(self._key)
        if mode is not FlashAttention.AUTO:
            automatic = _decided(stored, FlashReason.SET, self._gpu) if stored else None
            self.choice = dataclasses.replace(
                automatic or FlashChoice(mode, False, FlashReason.SET),
                mode=mode, on=mode is FlashAttention.ON)
        elif stored is not None:
            self.choice = _decided(stored, FlashReason.STORED, self._gpu)
        else:
            self.choice = None  # measured once the weights are in memory

    def load_progress(self, fraction: float) -> None:
        """The weights' share of the load's progress."""
        self._progress(fraction * (LOAD_SHARE if self.choice is None else 1.0))

    def context_type(self, model: Any, params: Any, create: CreateContext) -> int:
        """llama.cpp's ``flash_attn_type`` for the writer's context, measured first when
        no measurement was kept; ``choice`` says what it came to."""
        if self.choice is None:
            self.choice = self._measured(model, params, create)
        choice = self.choice
        if not choice.on:
            return int(llama_c.LLAMA_FLASH_ATTN_TYPE_DISABLED)
        if choice.reason in (FlashReason.NEEDED, FlashReason.DEFAULT) or self._gpu:
            return int(llama_c.LLAMA_FLASH_ATTN_TYPE_AUTO)
        return int(llama_c.LLAMA_FLASH_ATTN_TYPE_ENABLED)

    def _measured(self, model: Any, params: Any, create: CreateContext) -> FlashChoice:
        depth_limit = max(FIRST_CHUNK, min(WORKING_DEPTH, int(params.n_ctx) - ROOM))
        try:
            measurement = measure(
                model, params, create, depth_limit=depth_limit, gpu=self._gpu,
                cancelled=self._cancelled,
                progress=lambda done: self._progress(LOAD_SHARE + (1 - LOAD_SHARE) * done))
        except _Cancelled:
            raise RuntimeError("cancelled while measuring flash attention") from None
        except _Unusable as exc:
            log.warning("flash attention not measured (%s): the default is used", exc)
            return FlashChoice(FlashAttention.AUTO, self._gpu, FlashReason.DEFAULT,
                               automatic=self._gpu)
        finally:
            self._progress(1.0)
        self._record.keep(self._key, measurement)
        choice = _decided(measurement, FlashReason.MEASURED, self._gpu)
        log.info("flash attention %s: measured in %.2f s at depth %d (on: reading %.1f, "
                 "writing %.1f tokens/s; off: %.1f, %.1f)", "on" if choice.on else "off",
                 measurement.seconds, measurement.depth, measurement.on.reading,
                 measurement.on.writing, measurement.off.reading, measurement.off.writing)
        return choice


def _decided(measurement: FlashMeasurement, reason: FlashReason, gpu: bool) -> FlashChoice:
    on, figure, gain = measurement.decide(default_on=gpu)
    return FlashChoice(FlashAttention.AUTO, on, reason, measurement, figure, gain, on)


def flash_record() -> FlashRecord:
    """The record of this machine's measurements, in the data folder."""
    return FlashRecord(AppPaths.default().data / RECORD_NAME)

