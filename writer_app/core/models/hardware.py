"""What llama.cpp can run on here, and how many layers of a model go to the GPU.

The engine process reads the devices from ggml's backend registry; everything here is
plain data and arithmetic, so "GPU layers: auto" is tested without a GPU.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass

from writer_app.core.i18n import QT_TRANSLATE_NOOP, message
from writer_app.core.models.fit import ModelSizes, memory_size

MB = 1024**2
AUTO_LAYERS = -1
# What a GPU keeps back beyond weights, KV cache and compute buffers: the driver's own
# context, the display, fragmentation. A tenth of the free memory, at least 384 MB.
_MARGIN_FRACTION = 0.10
_MARGIN_MIN = 384 * MB
_GPU_BACKENDS = ("CUDA", "Metal", "Vulkan", "ROCm", "HIP", "SYCL", "MUSA", "CANN", "OpenCL")


class DeviceKind(enum.Enum):
    """ggml's device types (enum ggml_backend_dev_type), in its order."""

    CPU = 0
    GPU = 1
    IGPU = 2
    ACCEL = 3
    META = 4


@dataclass(frozen=True)
class Device:
    """One device of llama.cpp's backend registry, with its memory when asked."""

    backend: str
    name: str
    description: str
    kind: DeviceKind
    memory_free: int
    memory_total: int

    @property
    def is_gpu(self) -> bool:
        return self.kind in (DeviceKind.GPU, DeviceKind.IGPU)

    def describe(self) -> str:
        """'GPU: NVIDIA H100 (CUDA), 74.20 GB free of 79.19 GB'."""
        return (f"{self.kind.name}: {self.description or self.name} ({self.backend}), "
                f"{memory_size(self.memory_free)} free of {memory_size(self.memory_total)}")


@dataclass(frozen=True)
class Hardware:
    """What this build of llama.cpp found: its backends, devices and CPU features."""

    backends: tuple[str, ...]
    devices: tuple[Device, ...]
    cpu_features: tuple[str, ...]

    @property
    def gpus(self) -> tuple[Device, ...]:
        return tuple(device for device in self.devices if device.is_gpu)

    @property
    def repacks_weights(self) -> bool:
        """Whether llama.cpp may repack weights into the CPU's extra buffer types.

        WORKAROUND for https://github.com/ggml-org/llama.cpp/issues/20824: on CPUs with
        AMX, the weights repacked into AMX buffers crash the first matrix multiplication
        (seen with Q4_1 on a Sapphire Rapids virtual machine). Without extra buffer types
        the model runs on the ordinary CPU kernels, which still use AVX-512. The engine,
        and llama.cpp's own tools in the tests and benchmarks, follow this.
        """
        return "AMX_INT8" not in self.cpu_features

    @property
    def gpu_backends(self) -> tuple[str, ...]:
        """The GPU backends compiled in (or loaded), whether or not they found a device."""
        names = {name.upper() for name in _GPU_BACKENDS}
        return tuple(b for b in self.backends if b.upper() in names)

    @property
    def backend_name(self) -> str:
        """The backend of the first GPU ("CUDA", "Metal", ...), or CPU."""
        return self.gpus[0].backend if self.gpus else "CPU"

    @property
    def vram_free(self) -> int:
        """Free memory of the dedicated GPUs together (integrated GPUs share RAM)."""
        return sum(d.memory_free for d in self.devices if d.kind is DeviceKind.GPU)

    def gpu_unavailable_reason(self) -> str:
        """Why no layer can go to a GPU, for a person; "" when a GPU is there."""
        if self.gpus:
            return ""
        if self.gpu_backends:
            return message(QT_TRANSLATE_NOOP(
                "core", "This llama.cpp has {built} support, but {built} found no usable "
                "device. Check that the graphics driver is installed and recent."),
                built="/".join(self.gpu_backends))
        return message(QT_TRANSLATE_NOOP(
            "core", "This llama.cpp was built for the CPU only. To use a GPU, install the "
            "CUDA, Metal or Vulkan build (see the README), then restart writer-app."))

    def summary(self) -> str:
        """One short line: the GPU in use, or the CPU."""
        if self.gpus:
            first = self.gpus[0]
            more = f" +{len(self.gpus) - 1}" if len(self.gpus) > 1 else ""
            return f"{first.backend} · {first.description or first.name}{more}"
        return message(QT_TRANSLATE_NOOP("core", "CPU only"))


@dataclass(frozen=True)
class LayerPlan:
    """How many of a model's layers go to the GPU, and why that many."""

    layers: int
    total: int
    reason: str

    @property
    def on_gpu(self) -> bool:
        return self.layers > 0


def plan_layers(requested: int, sizes: ModelSizes, hardware: Hardware, *,
                n_ctx: int, n_batch: int) -> LayerPlan:
    """The ``n_gpu_layers`` to load with: ``requested`` is -1 (auto), 0 (off) or a count.

    Auto offloads the repeating layers in order while they fit in the GPUs' free memory,
    less the compute buffers of one batch and a margin, then the output layer, as
    llama.cpp counts it (``n_layer + 1`` puts everything on the GPU).
    """
    total = len(sizes.layers) + 1
    if requested == 0:
        return LayerPlan(0, total, message(QT_TRANSLATE_NOOP(
            "core", "GPU offload is off in Settings (GPU layers: 0).")))
    reason = hardware.gpu_unavailable_reason()
    if reason:
        return LayerPlan(0, total, reason)
    if requested > 0:
        layers = min(requested, total)
        return LayerPlan(layers, total, message(QT_TRANSLATE_NOOP(
            "core", "{layers} of {total} layers, as set in Settings."),
            layers=layers, total=total))
    free = sum(d.memory_free for d in hardware.gpus)
    room = free - max(int(free * _MARGIN_FRACTION), _MARGIN_MIN)
    room -= n_batch * sizes.compute_per_batch_token
    layers = 0
    for weights in sizes.layers:
        need = weights + n_ctx * sizes.kv_per_layer_per_token
        if need > room:
            break
        room -= need
        layers += 1
    if layers == len(sizes.layers) and sizes.output <= room:
        layers = total
    gb = free / 1024**3
    if layers == total:
        return LayerPlan(layers, total, message(QT_TRANSLATE_NOOP(
            "core", "The whole model fits on the GPU ({gb:.1f} GB free on the GPU)."), gb=gb))
    if layers == 0:
        return LayerPlan(0, total, message(QT_TRANSLATE_NOOP(
            "core", "Not one layer fits in GPU memory ({gb:.1f} GB free on the GPU): the model "
            "runs on the CPU. Close programs that use the GPU, or lower the context size."),
            gb=gb))
    return LayerPlan(layers, total, message(QT_TRANSLATE_NOOP(
        "core", "{layers} of {total} layers fit in GPU memory ({gb:.1f} GB free on the GPU); "
        "the rest run on the CPU."), layers=layers, total=total, gb=gb))
