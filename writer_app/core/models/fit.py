"""What this computer can hold: memory, disk, and whether a model will fit."""

from __future__ import annotations

import enum
import re
import shutil
from dataclasses import dataclass
from pathlib import Path

import psutil

from writer_app.core.i18n import QT_TRANSLATE_NOOP, message
from writer_app.core.models.gguf_header import GgufInfo
from writer_app.core.models.load_settings import KvCacheType

GB = 1024**3
# Beyond the weights: the KV cache, compute buffers and the runtime. A 4,096-token
# context of a 1-8B model needs a few hundred MB; this errs on the generous side.
_OVERHEAD_BYTES = 400 * 1024**2
_KV_BYTES_PER_TOKEN_PER_B = 30_000
_LAYER_INDEX = re.compile(r"^blk\.(\d+)\.")


class Fit(enum.Enum):
    """How a model will run here."""

    FITS = "fits"
    SLOW = "slow"
    WONT_FIT = "won't fit"


@dataclass(frozen=True)
class Machine:
    """Memory of this computer, in bytes (VRAM 0 when no GPU offload is available)."""

    ram_total: int
    ram_available: int
    vram_free: int = 0

    @classmethod
    def current(cls, vram_free: int = 0) -> Machine:
        memory = psutil.virtual_memory()
        return cls(memory.total, memory.available, vram_free)


def memory_needed(size_bytes: int, parameters_b: float, n_ctx: int) -> int:
    """Bytes a model of this file size needs loaded with a context of ``n_ctx`` tokens."""
    kv = int(n_ctx * max(parameters_b, 0.5) * _KV_BYTES_PER_TOKEN_PER_B)
    return size_bytes + kv + _OVERHEAD_BYTES


_BITS_PER_WEIGHT = {"Q2": 2.6, "IQ2": 2.4, "Q3": 3.5, "IQ3": 3.4, "Q4": 4.8, "IQ4": 4.5,
                    "Q5": 5.6, "Q6": 6.6, "Q8": 8.5, "F16": 16.0, "BF16": 16.0, "F32": 32.0}


def parameters_from_size(size_bytes: int, quantization: str) -> float:
    """Billions of parameters a file of this size and quantization holds, roughly."""
    key = quantization.upper().split("_")[0]
    bits = _BITS_PER_WEIGHT.get(key, 5.0)
    return size_bytes * 8 / bits / 1e9


@dataclass(frozen=True)
class ModelSizes:
    """Bytes of a model's parts, from its GGUF header: what a GPU would hold of each layer,
    and what the context and one batch add."""

    layers: tuple[int, ...]
    output: int
    kv_per_layer_per_token: int
    compute_per_batch_token: int

    @classmethod
    def of(cls, header: GgufInfo, kv_cache: KvCacheType = KvCacheType.F16) -> ModelSizes:
        meta, arch = header.metadata, header.architecture
        blocks = [0] * header.block_count
        output = 0
        for tensor in header.tensors:
            size = tensor.n_bytes() or 0
            match = _LAYER_INDEX.match(tensor.name)
            if match and int(match.group(1)) < len(blocks):
                blocks[int(match.group(1))] += size
            elif tensor.name.startswith("output"):
                output += size
        if not output:  # tied embeddings: the output reuses the token embeddings
            output = sum(t.n_bytes() or 0 for t in header.tensors
                         if t.name == "token_embd.weight")
        n_embd = _positive(meta.get(f"{arch}.embedding_length"), 4096)
        n_head = _positive(meta.get(f"{arch}.attention.head_count"), 32)
        n_head_kv = _positive(meta.get(f"{arch}.attention.head_count_kv"), n_head)
        key, value = head_sizes(header)
        n_vocab = header.vocab_size or _positive(meta.get(f"{arch}.vocab_size"), 32_000)
        return cls(
            layers=tuple(blocks), output=output,
            kv_per_layer_per_token=int(n_head_kv * (key + value) * kv_cache.bytes_per_value),
            compute_per_batch_token=(n_vocab + 8 * n_embd) * 4,
        )


def _positive(value: object, default: int) -> int:
    return value if isinstance(value, int) and value > 0 else default


def head_sizes(header: GgufInfo) -> tuple[int, int]:
    """The length of one attention head's key and of its value."""
    meta, arch = header.metadata, header.architecture
    n_embd = _positive(meta.get(f"{arch}.embedding_length"), 4096)
    n_head = _positive(meta.get(f"{arch}.attention.head_count"), 32)
    key = _positive(meta.get(f"{arch}.attention.key_length"), n_embd // n_head)
    return key, _positive(meta.get(f"{arch}.attention.value_length"), key)


_KV_BLOCK = 32
"""Values per block of the quantized KV cache types (q8_0, q4_0)."""


def usable_kv_cache(header: GgufInfo, wanted: KvCacheType) -> tuple[KvCacheType, str]:
    """The KV cache type this model takes, and what to tell the writer when it is not
    ``wanted``: llama.cpp quantizes the cache in blocks of 32 values, so heads of another
    length keep f16."""
    if wanted is KvCacheType.F16 or all(size % _KV_BLOCK == 0 for size in head_sizes(header)):
        return wanted, ""
    return KvCacheType.F16, message(QT_TRANSLATE_NOOP(
        "core", "This model's attention heads are too small for a {kind} memory cache, so "
                "it uses the full-size (f16) cache."), kind=wanted.value)


def memory_to_load(header: GgufInfo, n_ctx: int, n_batch: int = 512,
                   kv_cache: KvCacheType = KvCacheType.F16) -> int:
    """Bytes llama.cpp needs to run this model on the CPU with a context of ``n_ctx``.

    Weights (the file), the KV cache of every layer (K and V of ``kv_cache``'s type), the
    compute buffers of one batch (logits and activations), and the runtime.
    """
    sizes = ModelSizes.of(header, kv_cache)
    kv = len(sizes.layers) * n_ctx * sizes.kv_per_layer_per_token
    return header.file_size + kv + n_batch * sizes.compute_per_batch_token + _OVERHEAD_BYTES


def fit(needed: int, machine: Machine) -> Fit:
    """FITS in free RAM or VRAM; SLOW when split between them or close to RAM's limit."""
    if machine.vram_free and needed <= machine.vram_free * 0.9:
        return Fit.FITS
    if needed > machine.ram_total * 0.9 + machine.vram_free:
        return Fit.WONT_FIT
    if needed <= machine.ram_available * 0.8:
        return Fit.FITS
    return Fit.SLOW


def disk_free(folder: Path) -> int:
    """Free bytes on the disk that holds ``folder`` (or its nearest existing parent)."""
    while not folder.exists() and folder.parent != folder:
        folder = folder.parent
    return shutil.disk_usage(folder).free


def _scaled(size: float, units: tuple[str, ...], base: int) -> str:
    for unit in units:
        if size < 1000 or unit == units[-1]:
            return f"{size:,.0f} {unit}" if unit == "bytes" else f"{size:.2f} {unit}"
        size /= base
    raise AssertionError("the last unit is always taken")


def human_size(size: float) -> str:
    """A file's or a download's size: 2,500,000,000 -> '2.50 GB', in decimal units (a kB
    is 1,000 bytes), as file managers and disk makers count. The window shows sizes by the
    same rule (``ui.common.quantities.data_size``)."""
    return _scaled(size, ("bytes", "kB", "MB", "GB", "TB"), 1000)


def memory_size(size: float) -> str:
    """An amount of memory (RAM, a GPU's): 17,179,869,184 -> '16.00 GB', in units of 1,024
    as operating systems and GPU makers show memory. The window shows memory by the same
    rule (``ui.common.quantities.memory_text``)."""
    return _scaled(size, ("bytes", "kB", "MB", "GB", "TB"), 1024)
