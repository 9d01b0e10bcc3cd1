"""LoRA adapters: which ones the writer added to a model, and whether one fits its base.

A LoRA adapter in GGUF form (llama.cpp's ``convert_lora_to_gguf.py`` makes them) holds,
for some of the base model's weight matrices, two small matrices ``lora_a`` and
``lora_b`` whose product is added to the weight. It only fits the base model it was made
for: the same architecture, and for every tensor it changes, a tensor of the base with the
same name and shape. llama.cpp refuses a misfit only after reading the adapter and
sometimes with a message a writer cannot act on, so the adapter's header is checked here
against the base model's first, before anything is loaded.
"""

from __future__ import annotations

import math
import os
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from writer_app.core.errors import ModelFileError, WriterError
from writer_app.core.i18n import QT_TRANSLATE_NOOP, message, message_of
from writer_app.core.models.gguf_header import GgufInfo, TensorInfo, inspect_gguf

MAX_SCALE = 4.0
"""The largest scale the interface offers; beyond it an adapter swamps the base model."""
MAX_ALPHA_PER_RANK = 16.0
"""The largest alpha an adapter's header may give, per unit of its rank: llama.cpp
multiplies the adapter by alpha / rank (1 to 2 from the usual tools, rank-stabilised
ones included), and a huge or NaN alpha makes every answer empty."""
_ALPHA_KEY = "adapter.lora.alpha"
_LORA_SUFFIXES = (".lora_a", ".lora_b")
# The types convert_lora_to_gguf.py writes (F32, F16, Q8_0, BF16). llama.cpp reads others
# too, integers included, and then fails or crashes while generating.
_LORA_TYPES = {0: "F32", 1: "F16", 8: "Q8_0", 30: "BF16"}
_SPLIT_PART = re.compile(r"-(\d{5})-of-(\d{5})\.gguf$")


class AdapterError(WriterError):
    """An adapter cannot be used with this model; the message says why."""


@dataclass(frozen=True)
class Adapter:
    """An adapter the engine applies to the loaded model, with its scale."""

    path: str = ""
    scale: float = 1.0

    @property
    def name(self) -> str:
        return Path(self.path).name


@dataclass(frozen=True)
class SavedAdapter:
    """An adapter the writer added for the model file ``model``, remembered in the
    settings whether it is on or off."""

    model: str = ""
    path: str = ""
    scale: float = 1.0
    enabled: bool = True

    @property
    def name(self) -> str:
        return Path(self.path).name


def saved_for(saved: Iterable[SavedAdapter], model: str) -> tuple[SavedAdapter, ...]:
    """The adapters added for the model file ``model``, in the order they were added."""
    return tuple(adapter for adapter in saved if adapter.model == model)


def with_saved(saved: Iterable[SavedAdapter], model: str,
               adapters: Iterable[SavedAdapter]) -> tuple[SavedAdapter, ...]:
    """``saved`` with the adapters of ``model`` replaced by ``adapters``."""
    kept = [adapter for adapter in saved if adapter.model != model]
    return (*kept, *(SavedAdapter(model, a.path, a.scale, a.enabled) for a in adapters))


def enabled(saved: Iterable[SavedAdapter]) -> tuple[Adapter, ...]:
    """The adapters the engine should apply: those switched on."""
    return tuple(Adapter(a.path, a.scale) for a in saved if a.enabled)


def parse_lora_option(value: str) -> Adapter:
    """``FILE`` or ``FILE:SCALE`` (the CLI's ``--lora``) as an ``Adapter``; a scale
    outside 0 to ``MAX_SCALE`` is an ``AdapterError``.

    A colon followed by something that is not a number belongs to the file name (a
    Windows drive, a folder with a colon in its name).
    """
    path, colon, scale = value.rpartition(":")
    if colon and path:
        try:
            adapter = Adapter(path, float(scale))
        except ValueError:
            return Adapter(value)
        check_adapters((adapter,))
        return adapter
    return Adapter(value)


def check_adapters(adapters: Iterable[Adapter]) -> None:
    """Refuse (``AdapterError``) a scale that is not a number from 0 to ``MAX_SCALE``,
    and an adapter given twice: llama.cpp would keep only one of its scales."""
    seen: dict[str, Adapter] = {}
    for adapter in adapters:
        if not (math.isfinite(adapter.scale) and 0 <= adapter.scale <= MAX_SCALE):
            raise AdapterError(message(QT_TRANSLATE_NOOP(
                "core", "The scale {scale} of the adapter {name} is not a number from 0 to "
                "{most}: choose one in that range (1 applies the adapter as it was made)."),
                scale=str(adapter.scale), name=adapter.name, most=str(MAX_SCALE)))
        key = os.path.normcase(os.path.abspath(adapter.path))
        if key in seen:
            raise AdapterError(message(QT_TRANSLATE_NOOP(
                "core", "The adapter {name} is given twice (scales {first} and {second}): "
                "give it once, with the scale you want."),
                name=adapter.name, first=str(seen[key].scale), second=str(adapter.scale)))
        seen[key] = adapter


def _adapter_header(path: Path) -> GgufInfo:
    """The adapter's header; every reason it cannot be read as an ``AdapterError``."""
    if path.is_file() and path.stat().st_size >= 4:
        with path.open("rb") as stream:
            magic = stream.read(4)
        if magic != b"GGUF":
            raise AdapterError(message(QT_TRANSLATE_NOOP(
                "core", "{name} is not a GGUF file. A LoRA adapter must be in GGUF form: "
                "convert it with llama.cpp's convert_lora_to_gguf.py."), name=path.name))
    try:
        return inspect_gguf(path)
    except ModelFileError as exc:
        raise AdapterError(message(QT_TRANSLATE_NOOP(
            "core", "The adapter {name} cannot be used: {reason}"),
            name=path.name, reason=message_of(exc))) from None


def _base_tensors(base: GgufInfo) -> dict[str, TensorInfo]:
    """Every tensor of the base model, from all the parts of a split model."""
    tensors = {tensor.name: tensor for tensor in base.tensors}
    match = _SPLIT_PART.search(base.path.name)
    if match:
        stem = base.path.name[: match.start()]
        for part in range(2, int(match.group(2)) + 1):
            other = base.path.with_name(f"{stem}-{part:05d}-of-{match.group(2)}.gguf")
            tensors.update((t.name, t) for t in inspect_gguf(other).tensors)
    return tensors


def _shape(dims: tuple[int, ...]) -> str:
    # GGUF lists dimensions innermost first; people read a matrix as rows × columns.
    return " × ".join(str(d) for d in reversed(dims))


def _damaged(name: str, detail: str) -> AdapterError:
    return AdapterError(message(QT_TRANSLATE_NOOP(
        "core", "The adapter {name} is damaged ({detail}): make or download it again."),
        name=name, detail=detail))


def check_adapter(path: str | Path, base: GgufInfo) -> GgufInfo:
    """Check that the LoRA adapter at ``path`` fits the model ``base``; return its header.

    Raises ``AdapterError`` with a sentence naming the adapter, the base model and the
    misfit: another architecture, a tensor the base lacks, or a shape that differs (the
    adapter's rank aside).
    """
    path = Path(path)
    header = _adapter_header(path)
    name, base_name = path.name, base.path.name
    kind = header.metadata.get("general.type")
    if kind != "adapter":
        raise AdapterError(message(QT_TRANSLATE_NOOP(
            "core", "{name} is a model, not a LoRA adapter. Choose an adapter file made for "
            "{base}, or open {name} with Model ▸ Open Model File…."), name=name, base=base_name))
    adapter_type = header.metadata.get("adapter.type")
    if adapter_type not in ("lora", "alora"):
        raise AdapterError(message(QT_TRANSLATE_NOOP(
            "core", "{name} is a '{kind}' adapter; writer-app uses LoRA adapters only."),
            name=name, kind=str(adapter_type)))
    _check_alpha(header, name)
    if header.architecture != base.architecture:
        raise AdapterError(message(QT_TRANSLATE_NOOP(
            "core", "The adapter {name} was made for a '{adapter_arch}' model, but {base} is "
            "a '{base_arch}' model. Use an adapter made for {base}."),
            name=name, base=base_name, adapter_arch=header.architecture,
            base_arch=base.architecture))
    _check_tensors(header, name, base_name, _base_tensors(base))
    return header


def _check_alpha(header: GgufInfo, name: str) -> None:
    """The adapter's alpha, where its header gives one, is a number from 0 to
    ``MAX_ALPHA_PER_RANK`` times its rank."""
    alpha = header.metadata.get(_ALPHA_KEY)
    if alpha is None:
        return
    ranks = {t.shape[1] for t in header.tensors
             if t.name.endswith(".lora_a") and len(t.shape) == 2}
    most = MAX_ALPHA_PER_RANK * min(ranks, default=1)
    if not isinstance(alpha, (int, float)) or not (math.isfinite(alpha) and 0 <= alpha <= most):
        raise _damaged(name, f"its alpha is {alpha}, where a number from 0 to {most:g} "
                             "belongs")


def _check_tensors(header: GgufInfo, name: str, base_name: str,
                   base: dict[str, TensorInfo]) -> None:
    pairs: dict[str, dict[str, TensorInfo]] = {}
    for tensor in header.tensors:
        for suffix in _LORA_SUFFIXES:
            if tensor.name.endswith(suffix):
                pairs.setdefault(tensor.name[: -len(suffix)], {})[suffix] = tensor
    if not pairs:
        raise _damaged(name, "it holds no LoRA weights")
    for target, pair in pairs.items():
        if len(pair) != 2:
            raise _damaged(name, f"{target} lacks half of its LoRA pair")
        a, b = pair[".lora_a"], pair[".lora_b"]
        weight = base.get(target)
        if weight is None:
            raise AdapterError(message(QT_TRANSLATE_NOOP(
                "core", "The adapter {name} changes the tensor {tensor}, which {base} does "
                "not have: it was made for another base model."),
                name=name, tensor=target, base=base_name))
        if len(a.shape) != 2 or len(b.shape) != 2 or a.shape[1] != b.shape[0]:
            raise _damaged(name, f"the LoRA pair of {target} does not multiply")
        if a.ggml_type not in _LORA_TYPES or b.ggml_type not in _LORA_TYPES:
            raise _damaged(name, f"the LoRA pair of {target} is not stored as numbers with "
                                 "a fraction (F32, F16, BF16 or Q8_0)")
        if len(weight.shape) != 2 or (a.shape[0], b.shape[1]) != weight.shape:
            raise AdapterError(message(QT_TRANSLATE_NOOP(
                "core", "The adapter {name} does not fit {base}: it changes {tensor} as a "
                "{adapter_shape} matrix, but in {base} it is {base_shape}. The adapter was "
                "made for another base model (perhaps another size of the same family)."),
                name=name, base=base_name, tensor=target,
                adapter_shape=_shape((a.shape[0], b.shape[1])),
                base_shape=_shape(weight.shape)))
