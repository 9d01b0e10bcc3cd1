"""Generate LoRA adapters in GGUF form for the tiny test models (``tiny_model.py``).

An adapter is written the way llama.cpp's ``convert_lora_to_gguf.py`` writes one: the
metadata says it is a LoRA adapter for an architecture, and each changed weight ``W`` has a
pair ``W.lora_a`` (rank × inputs) and ``W.lora_b`` (outputs × rank). Here the pairs are
random and large, the output matrix's included, so an adapter switched on changes what the
model says greedily from the first token; the large values it gives the attention's values
make the KV cells of a prompt read without it differ visibly from those read with it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import gguf
import numpy as np

from writer_app.testing.tiny_model import TinyModelSpec, _vocabulary


@dataclass(frozen=True)
class TinyAdapterSpec:
    """The model an adapter is made for, and the adapter's own shape."""

    model: TinyModelSpec = field(default_factory=TinyModelSpec)
    rank: int = 4
    seed: int = 99
    architecture: str = ""
    """Written as the adapter's architecture; "" is the model's."""
    n_embd: int = 0
    """The width the adapter's matrices assume; 0 is the model's. Another width makes an
    adapter for another size of the same family, which does not fit."""
    targets: tuple[str, ...] = ("attn_q", "attn_v", "ffn_up")
    dtype: str = "float32"
    """The numpy type of the LoRA matrices ("int32" makes an adapter no tool writes)."""
    stray_tensor: bool = False
    """Add a tensor that belongs to no LoRA pair: the header fits, llama.cpp refuses it."""
    alpha: float | None = None
    """The alpha the header gives; None is the rank."""


def write_tiny_adapter(path: Path, spec: TinyAdapterSpec = TinyAdapterSpec()) -> Path:
    """Write a LoRA adapter described by ``spec`` to ``path`` and return the path."""
    rng = np.random.default_rng(spec.seed)
    model = spec.model
    n_embd = spec.n_embd or model.n_embd
    n_vocab = len(_vocabulary(model.extra_words, model.script)[0])
    writer = gguf.GGUFWriter(str(path), spec.architecture or model.architecture)
    writer.add_string(gguf.Keys.General.TYPE, gguf.GGUFType.ADAPTER)
    writer.add_name(f"{model.name} adapter")
    writer.add_string(gguf.Keys.Adapter.TYPE, "lora")
    # alpha equal to the rank: the adapter's scale is the one the writer sets, unchanged.
    writer.add_float32(gguf.Keys.Adapter.LORA_ALPHA,
                       float(spec.rank) if spec.alpha is None else spec.alpha)

    def pair(name: str, n_out: int, n_in: int) -> None:
        writer.add_tensor(f"{name}.lora_a",
                          rng.standard_normal((spec.rank, n_in)).astype(spec.dtype))
        writer.add_tensor(f"{name}.lora_b",
                          rng.standard_normal((n_out, spec.rank)).astype(spec.dtype))

    n_embd_kv = n_embd // model.n_head * model.n_head_kv
    sizes = {"attn_q": (n_embd, n_embd), "attn_v": (n_embd_kv, n_embd),
             "ffn_up": (model.n_ff, n_embd)}
    for layer in range(model.n_layer):
        for target in spec.targets:
            pair(f"blk.{layer}.{target}.weight", *sizes[target])
    pair("output.weight", n_vocab, n_embd)
    if spec.stray_tensor:
        writer.add_tensor("output.weight.scale", np.ones(4, dtype=np.float32))
    writer.write_header_to_file()
    writer.write_kv_data_to_file()
    writer.write_tensors_to_file()
    writer.close()
    return path
