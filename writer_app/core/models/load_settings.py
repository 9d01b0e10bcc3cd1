"""How the engine loads a model: its context, threads, GPU layers, KV cache and adapters."""

from __future__ import annotations

import enum
from dataclasses import dataclass

from writer_app.core.models.adapters import Adapter


class KvCacheType(enum.Enum):
    """How the KV cache stores each key and value: llama.cpp's f16 by default; q8_0 takes
    about half its memory and q4_0 about a quarter, at some cost in quality (measured in
    docs/PERFORMANCE.md). The quantized types need flash attention, which llama.cpp turns
    on by itself wherever the device supports it."""

    F16 = "f16"
    Q8_0 = "q8_0"
    Q4_0 = "q4_0"

    @property
    def bytes_per_value(self) -> float:
        """Bytes one key or value element takes (a q8_0 block holds 32 values in 34 bytes,
        a q4_0 block 32 values in 18)."""
        return {"f16": 2.0, "q8_0": 34 / 32, "q4_0": 18 / 32}[self.value]


class FlashAttention(enum.Enum):
    """Whether llama.cpp uses its flash attention kernel: chosen by measuring both on this
    machine the first time a model runs (``engine/flash.py``), or set on or off by hand. A
    quantized KV cache needs it whatever the setting."""

    AUTO = "auto"
    ON = "on"
    OFF = "off"


@dataclass(frozen=True)
class LoadSettings:
    """How the engine loads a model. ``threads`` 0 picks one per performance core
    (``core/models/cpu.py``)."""

    model_path: str
    n_ctx: int = 4096
    threads: int = 0
    gpu_layers: int = -1
    batch_size: int = 512
    kv_cache: KvCacheType = KvCacheType.F16
    flash_attention: FlashAttention = FlashAttention.AUTO
    adapters: tuple[Adapter, ...] = ()
    """LoRA adapters applied once the model is loaded; a refused one fails the load."""
    draft_model_path: str = ""
    """A draft model of the same vocabulary that guesses tokens for this one
    (``engine/speculative.py``); none when empty. One that cannot draft for the model is
    left out, with a notice saying why."""
