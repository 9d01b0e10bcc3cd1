"""GPU detection and "GPU layers: auto", with the CPU build: devices are plain data."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from writer_app.core.models.fit import human_size, memory_size, memory_to_load, usable_kv_cache
from writer_app.core.models.gguf_header import GgufInfo, TensorInfo, inspect_gguf
from writer_app.core.models.hardware import (
    AUTO_LAYERS,
    Device,
    DeviceKind,
    Hardware,
    ModelSizes,
    plan_layers,
)
from writer_app.core.models.load_settings import KvCacheType

GB = 1024**3
MB = 1024**2
F32 = 0
CPU = Device("CPU", "CPU", "Some CPU", DeviceKind.CPU, 16 * GB, 32 * GB)


def _gpu(free: int, backend: str = "CUDA") -> Device:
    return Device(backend, "CUDA0", "NVIDIA GeForce RTX 4070", DeviceKind.GPU, free, 12 * GB)


def _hardware(*devices: Device, backends: tuple[str, ...] = ("CUDA", "CPU")) -> Hardware:
    return Hardware(backends=backends, devices=(CPU, *devices), cpu_features=("AVX2",))


def _model(layers: int = 10, layer_mb: int = 100, output_mb: int = 50,
           tied: bool = False) -> GgufInfo:
    """A header with ``layers`` blocks of ``layer_mb`` each (f32 tensors)."""
    per_layer = layer_mb * MB // 4
    tensors = [TensorInfo(f"blk.{i}.ffn_up.weight", (per_layer,), F32, 0) for i in range(layers)]
    tensors.append(TensorInfo("token_embd.weight", (output_mb * MB // 4,), F32, 0))
    if not tied:
        tensors.append(TensorInfo("output.weight", (output_mb * MB // 4,), F32, 0))
    metadata: dict[str, object] = {
        "general.architecture": "llama", "llama.block_count": layers,
        "llama.embedding_length": 2048, "llama.attention.head_count": 16,
        "llama.attention.head_count_kv": 4,
    }
    return GgufInfo(Path("model.gguf"), 1, 3, metadata, tuple(tensors))


def test_sizes_come_from_the_tensor_table() -> None:
    sizes = ModelSizes.of(_model(layers=4, layer_mb=100, output_mb=50))
    assert sizes.layers == (100 * MB,) * 4
    assert sizes.output == 50 * MB
    # K and V, f16, 4 KV heads of 128 dimensions
    assert sizes.kv_per_layer_per_token == 2 * 4 * 128 * 2


@pytest.mark.parametrize(("kv_cache", "bytes_per_value"),
                         [(KvCacheType.Q8_0, 34 / 32), (KvCacheType.Q4_0, 18 / 32)])
def test_a_quantized_kv_cache_is_counted_at_its_size(kv_cache: KvCacheType,
                                                     bytes_per_value: float) -> None:
    model = _model(layers=4)
    assert ModelSizes.of(model, kv_cache).kv_per_layer_per_token == 2 * 4 * 128 * bytes_per_value
    assert memory_to_load(model, 32_768, kv_cache=kv_cache) < memory_to_load(model, 32_768)


def test_heads_that_do_not_fill_a_block_keep_the_f16_cache() -> None:
    model = _model()
    assert usable_kv_cache(model, KvCacheType.Q4_0) == (KvCacheType.Q4_0, "")
    small_heads = replace(model, metadata={**model.metadata, "llama.attention.key_length": 80})
    kind, notice = usable_kv_cache(small_heads, KvCacheType.Q4_0)
    assert kind is KvCacheType.F16
    assert "too small for a q4_0 memory cache" in notice


def test_tied_embeddings_count_the_token_embeddings_as_the_output_layer() -> None:
    assert ModelSizes.of(_model(output_mb=70, tied=True)).output == 70 * MB


def test_sizes_of_a_real_generated_model(tiny_model: Path) -> None:
    header = inspect_gguf(tiny_model)
    sizes = ModelSizes.of(header)
    assert len(sizes.layers) == header.block_count
    assert all(size > 0 for size in sizes.layers)
    assert sizes.output > 0


def test_a_cpu_only_build_says_how_to_get_a_gpu_build() -> None:
    hardware = _hardware(backends=("CPU",))
    plan = plan_layers(AUTO_LAYERS, ModelSizes.of(_model()), hardware, n_ctx=4096, n_batch=512)
    assert plan.layers == 0
    assert "built for the CPU only" in plan.reason
    assert "CUDA, Metal or Vulkan" in plan.reason
    assert hardware.summary() == "CPU only"


def test_a_gpu_build_without_a_device_blames_the_driver_not_the_build() -> None:
    hardware = _hardware(backends=("CUDA", "CPU"))
    assert hardware.gpu_backends == ("CUDA",)
    plan = plan_layers(AUTO_LAYERS, ModelSizes.of(_model()), hardware, n_ctx=4096, n_batch=512)
    assert plan.layers == 0
    assert "CUDA found no usable device" in plan.reason
    assert "driver" in plan.reason


def test_auto_puts_the_whole_model_on_a_gpu_with_room() -> None:
    hardware = _hardware(_gpu(10 * GB))
    plan = plan_layers(AUTO_LAYERS, ModelSizes.of(_model(layers=10)), hardware,
                       n_ctx=4096, n_batch=512)
    assert (plan.layers, plan.total) == (11, 11)  # the output layer too
    assert "whole model fits" in plan.reason
    assert hardware.summary() == "CUDA · NVIDIA GeForce RTX 4070"


def test_auto_stops_at_the_layers_that_fit_with_a_margin() -> None:
    sizes = ModelSizes.of(_model(layers=10, layer_mb=100))
    n_ctx, n_batch = 1024, 512
    per_layer = 100 * MB + n_ctx * sizes.kv_per_layer_per_token
    compute = n_batch * sizes.compute_per_batch_token
    margin = 384 * MB
    free = margin + compute + 4 * per_layer + per_layer // 2  # room for four and a half
    plan = plan_layers(AUTO_LAYERS, sizes, _hardware(_gpu(free)), n_ctx=n_ctx, n_batch=n_batch)
    assert plan.layers == 4
    assert "4 of 11 layers fit" in plan.reason
    assert "the rest run on the CPU" in plan.reason


def test_a_longer_context_leaves_room_for_fewer_layers() -> None:
    sizes = ModelSizes.of(_model(layers=32, layer_mb=200))
    hardware = _hardware(_gpu(6 * GB))
    short = plan_layers(AUTO_LAYERS, sizes, hardware, n_ctx=2048, n_batch=512)
    long = plan_layers(AUTO_LAYERS, sizes, hardware, n_ctx=65536, n_batch=512)
    assert 0 < long.layers < short.layers < short.total


def test_when_nothing_fits_the_reason_says_so() -> None:
    plan = plan_layers(AUTO_LAYERS, ModelSizes.of(_model(layer_mb=2000)),
                       _hardware(_gpu(1 * GB)), n_ctx=4096, n_batch=512)
    assert plan.layers == 0
    assert "Not one layer fits" in plan.reason


def test_integrated_gpus_count_their_free_memory() -> None:
    igpu = Device("Vulkan", "Vulkan0", "Intel Iris Xe", DeviceKind.IGPU, 8 * GB, 16 * GB)
    hardware = _hardware(igpu, backends=("Vulkan", "CPU"))
    assert hardware.vram_free == 0  # shared with RAM, not dedicated
    plan = plan_layers(AUTO_LAYERS, ModelSizes.of(_model()), hardware, n_ctx=2048, n_batch=512)
    assert plan.layers == plan.total


@pytest.mark.parametrize(("requested", "expected"), [(0, 0), (3, 3), (999, 11)])
def test_an_explicit_count_is_kept_within_the_model(requested: int, expected: int) -> None:
    plan = plan_layers(requested, ModelSizes.of(_model(layers=10)), _hardware(_gpu(1 * GB)),
                       n_ctx=4096, n_batch=512)
    assert plan.layers == expected
    if requested == 0:
        assert "off in Settings" in plan.reason


def test_device_lines_name_the_memory() -> None:
    assert _gpu(6 * GB).describe() == (
        "GPU: NVIDIA GeForce RTX 4070 (CUDA), 6.00 GB free of 12.00 GB")


def test_file_sizes_count_in_thousands_and_memory_in_1024s() -> None:
    assert human_size(2_500_000_000) == "2.50 GB"
    assert human_size(999) == "999 bytes"
    assert memory_size(16 * GB) == "16.00 GB"
    assert memory_size(3_800_000_000) == "3.54 GB"
