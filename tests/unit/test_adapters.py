"""LoRA adapters: the check against the base model before loading, and the saved choices."""

from __future__ import annotations

from pathlib import Path

import pytest

from writer_app.core.models.adapters import (
    Adapter,
    AdapterError,
    SavedAdapter,
    check_adapter,
    check_adapters,
    enabled,
    parse_lora_option,
    saved_for,
    with_saved,
)
from writer_app.core.models.gguf_header import GgufInfo, inspect_gguf
from writer_app.core.settings import Settings, SettingsStore
from writer_app.testing.tiny_adapter import TinyAdapterSpec, write_tiny_adapter
from writer_app.testing.tiny_model import TinyModelSpec, write_tiny_model


@pytest.fixture(scope="module")
def base(tmp_path_factory: pytest.TempPathFactory) -> GgufInfo:
    return inspect_gguf(write_tiny_model(tmp_path_factory.mktemp("base") / "tiny.gguf"))


def test_an_adapter_made_for_the_model_fits(base: GgufInfo, tmp_path: Path) -> None:
    header = check_adapter(write_tiny_adapter(tmp_path / "style.gguf"), base)
    assert header.metadata["general.type"] == "adapter"
    assert any(t.name == "output.weight.lora_b" for t in header.tensors)


def test_another_architecture_is_refused_naming_both(base: GgufInfo, tmp_path: Path) -> None:
    path = write_tiny_adapter(tmp_path / "qwen-style.gguf",
                              TinyAdapterSpec(architecture="qwen2"))
    with pytest.raises(AdapterError) as raised:
        check_adapter(path, base)
    text = str(raised.value)
    assert "qwen-style.gguf" in text and "tiny.gguf" in text
    assert "'qwen2'" in text and "'llama'" in text


def test_another_size_is_refused_with_the_shapes(base: GgufInfo, tmp_path: Path) -> None:
    path = write_tiny_adapter(tmp_path / "small.gguf", TinyAdapterSpec(n_embd=32))
    with pytest.raises(AdapterError) as raised:
        check_adapter(path, base)
    text = str(raised.value)
    assert "small.gguf does not fit tiny.gguf" in text
    assert "32 × 32" in text and "64 × 64" in text


def test_another_rank_still_fits(base: GgufInfo, tmp_path: Path) -> None:
    check_adapter(write_tiny_adapter(tmp_path / "r8.gguf", TinyAdapterSpec(rank=8)), base)


def test_a_tensor_the_base_lacks_is_refused(tmp_path: Path) -> None:
    deeper = write_tiny_adapter(tmp_path / "deep.gguf",
                                TinyAdapterSpec(model=TinyModelSpec(n_layer=3)))
    shallow = inspect_gguf(write_tiny_model(tmp_path / "two-layers.gguf"))
    with pytest.raises(AdapterError, match=r"changes the tensor blk\.2\.attn_q\.weight, "
                                           r"which two-layers\.gguf does not have"):
        check_adapter(deeper, shallow)


def test_integer_weights_are_refused(base: GgufInfo, tmp_path: Path) -> None:
    path = write_tiny_adapter(tmp_path / "ints.gguf", TinyAdapterSpec(dtype="int32"))
    with pytest.raises(AdapterError, match=r"ints\.gguf is damaged .*not stored as numbers"):
        check_adapter(path, base)


def test_a_model_is_not_an_adapter(base: GgufInfo) -> None:
    with pytest.raises(AdapterError, match="is a model, not a LoRA adapter"):
        check_adapter(base.path, base)


@pytest.mark.parametrize(("content", "expected"), [
    (b"PK\x03\x04 a zip file, not a model", "is not a GGUF file"),
    (b"", "is empty"),
])
def test_a_file_that_is_no_gguf_is_refused(base: GgufInfo, tmp_path: Path, content: bytes,
                                           expected: str) -> None:
    path = tmp_path / "adapter.gguf"
    path.write_bytes(content)
    with pytest.raises(AdapterError, match=expected):
        check_adapter(path, base)


def test_a_truncated_adapter_is_refused(base: GgufInfo, tmp_path: Path) -> None:
    whole = write_tiny_adapter(tmp_path / "whole.gguf").read_bytes()
    cut = tmp_path / "cut.gguf"
    cut.write_bytes(whole[: len(whole) // 2])
    with pytest.raises(AdapterError, match=r"The adapter cut\.gguf cannot be used: .*incomplete"):
        check_adapter(cut, base)


def test_a_missing_adapter_is_refused(base: GgufInfo, tmp_path: Path) -> None:
    with pytest.raises(AdapterError, match="does not exist"):
        check_adapter(tmp_path / "gone.gguf", base)


@pytest.mark.parametrize(("option", "expected"), [
    ("style.gguf", Adapter("style.gguf")),
    ("style.gguf:0.5", Adapter("style.gguf", 0.5)),
    ("C:\\adapters\\style.gguf", Adapter("C:\\adapters\\style.gguf")),
    ("C:\\adapters\\style.gguf:2", Adapter("C:\\adapters\\style.gguf", 2.0)),
])
def test_the_lora_option(option: str, expected: Adapter) -> None:
    assert parse_lora_option(option) == expected


@pytest.mark.parametrize("scale", ["nan", "inf", "-inf", "1e308", "-1e30", "4.5", "-0.5"])
def test_a_scale_that_is_no_number_in_range_is_refused(scale: str) -> None:
    with pytest.raises(AdapterError, match=r"is not a number from 0 to 4\.0: choose one"):
        parse_lora_option(f"style.gguf:{scale}")


def test_an_adapter_given_twice_is_refused(tmp_path: Path) -> None:
    check_adapters((Adapter("a.gguf", 0.5), Adapter("b.gguf", 4.0)))
    with pytest.raises(AdapterError, match=r"style.gguf is given twice \(scales 1.0 and 0.5\)"):
        check_adapters((Adapter(str(tmp_path / "style.gguf")),
                        Adapter(str(tmp_path / "x" / ".." / "style.gguf"), 0.5)))


@pytest.mark.parametrize("alpha", [float("nan"), float("inf"), 3e38, -1.0, 4 * 16 + 1])
def test_an_absurd_alpha_is_refused(base: GgufInfo, tmp_path: Path, alpha: float) -> None:
    path = write_tiny_adapter(tmp_path / "odd.gguf", TinyAdapterSpec(alpha=alpha))
    with pytest.raises(AdapterError, match=r"The adapter odd.gguf is damaged \(its alpha is"):
        check_adapter(path, base)


def test_an_alpha_of_several_times_the_rank_fits(base: GgufInfo, tmp_path: Path) -> None:
    check_adapter(write_tiny_adapter(tmp_path / "rs.gguf", TinyAdapterSpec(alpha=32.0)), base)


def test_adapters_are_remembered_per_model(tmp_path: Path) -> None:
    one = SavedAdapter("a.gguf", "legal.gguf", 0.8)
    other = SavedAdapter("b.gguf", "poetry.gguf", 1.0, enabled=False)
    saved = with_saved((one, other), "a.gguf", [SavedAdapter(path="news.gguf", scale=0.5)])
    assert saved_for(saved, "b.gguf") == (other,)
    assert saved_for(saved, "a.gguf") == (SavedAdapter("a.gguf", "news.gguf", 0.5),)
    assert enabled(saved) == (Adapter("news.gguf", 0.5),)
    store = SettingsStore(tmp_path / "settings.json")
    store.save(Settings(adapters=saved))
    assert store.load()[0].adapters == saved
