"""Flash attention chosen by measurement in the real engine: measured on the first load,
kept in the data folder and reused, measured again when what it holds for changes."""

from __future__ import annotations

import json
import logging
from collections.abc import Iterator
from pathlib import Path

import pytest

from writer_app.core.models.flash import FlashChoice, FlashReason
from writer_app.core.models.load_settings import FlashAttention, KvCacheType, LoadSettings
from writer_app.core.paths import HOME_ENV
from writer_app.engine.client import EngineClient
from writer_app.engine.flash_record import RECORD_NAME, RECORD_VERSION
from writer_app.testing.tiny_model import TinyModelSpec, write_tiny_model


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The app's folders in a temporary place, for the engine processes started after."""
    monkeypatch.setenv(HOME_ENV, str(tmp_path))
    return tmp_path


@pytest.fixture
def client(home: Path, real_llama_cpp: None) -> Iterator[EngineClient]:
    engine = EngineClient()
    try:
        yield engine
    finally:
        engine.close()


def loaded(client: EngineClient, model: Path, **settings: object) -> FlashChoice:
    for _ in client.load(LoadSettings(model_path=str(model), n_ctx=1024,
                                      **{"threads": 2, **settings})):  # type: ignore[arg-type]
        pass
    assert client.model is not None and client.model.flash_attention is not None
    return client.model.flash_attention


def record(home: Path) -> Path:
    return home / "data" / RECORD_NAME


def test_the_first_load_measures_and_the_next_reuse_it(client: EngineClient, home: Path,
                                                       tiny_model: Path) -> None:
    first = loaded(client, tiny_model)
    assert first.reason is FlashReason.MEASURED
    assert first.measurement is not None and first.measurement.seconds > 0
    assert first.measurement.on.writing > 0 and first.measurement.off.writing > 0
    # A tiny model measures in a fraction of the time: there is time for several drafts.
    assert first.measurement.on.drafts > 0 and first.measurement.off.drafts > 0
    assert record(home).is_file()
    again = loaded(client, tiny_model)
    assert again.reason is FlashReason.STORED
    assert (again.on, again.measurement) == (first.on, first.measurement)
    client.close()
    assert loaded(EngineClient(), tiny_model).reason is FlashReason.STORED


def test_other_threads_measure_again(client: EngineClient, tiny_model: Path) -> None:
    assert loaded(client, tiny_model, threads=1).reason is FlashReason.MEASURED
    assert loaded(client, tiny_model, threads=2).reason is FlashReason.MEASURED
    assert loaded(client, tiny_model, threads=1).reason is FlashReason.STORED


@pytest.mark.parametrize(("field", "value"), [("llama_cpp", "0.0.1"),
                                              ("device", "NVIDIA H100 80GB HBM3"),
                                              ("gpu_layers", 33)])
def test_another_llama_cpp_or_backend_measures_again(client: EngineClient, home: Path,
                                                     tiny_model: Path, field: str,
                                                     value: object) -> None:
    """A record made with another llama.cpp or on another device is not this one's."""
    loaded(client, tiny_model)
    data = json.loads(record(home).read_text(encoding="utf-8"))
    data["entries"][0]["key"][field] = value
    record(home).write_text(json.dumps(data), encoding="utf-8")
    assert loaded(client, tiny_model).reason is FlashReason.MEASURED


def test_a_damaged_record_is_measured_again(client: EngineClient, home: Path,
                                            tiny_model: Path) -> None:
    record(home).parent.mkdir(parents=True)
    record(home).write_bytes(b'{"version": 1, "entries": [{"key": ')
    assert loaded(client, tiny_model).reason is FlashReason.MEASURED
    assert json.loads(record(home).read_text(encoding="utf-8"))["version"] == RECORD_VERSION
    assert loaded(client, tiny_model).reason is FlashReason.STORED


@pytest.mark.parametrize("setting", [FlashAttention.ON, FlashAttention.OFF])
def test_on_and_off_by_hand_are_obeyed_without_measuring(
        client: EngineClient, home: Path, tiny_model: Path, caplog: pytest.LogCaptureFixture,
        setting: FlashAttention) -> None:
    in_log = "enabled" if setting is FlashAttention.ON else "disabled"
    with caplog.at_level(logging.INFO, logger="writer_app.llama"):
        choice = loaded(client, tiny_model, flash_attention=setting)
    assert (choice.reason, choice.on) == (FlashReason.SET, setting is FlashAttention.ON)
    assert not record(home).exists()
    lines = [r.getMessage() for r in caplog.records if "flash_attn" in r.getMessage()]
    assert lines and all(line.split("=")[-1].strip() == in_log for line in lines), lines


def test_a_quantized_cache_keeps_flash_attention_on(client: EngineClient,
                                                    home: Path) -> None:
    # llama.cpp quantizes the cache in blocks of 32 values: heads of 32 here.
    model = write_tiny_model(home / "heads-32.gguf", TinyModelSpec(n_embd=128))
    choice = loaded(client, model, kv_cache=KvCacheType.Q8_0,
                    flash_attention=FlashAttention.OFF)
    assert (choice.reason, choice.on) == (FlashReason.NEEDED, True)
    assert not record(home).exists()


class _Reading:
    """A context for ``_read`` that reads ``rate`` tokens a second."""

    n_batch = 512

    def __init__(self, rate: float) -> None:
        self.rate, self.depth = rate, 4

    def decode(self, tokens: list[int]) -> float:
        self.depth += len(tokens)
        return len(tokens) / self.rate


@pytest.mark.parametrize(("rate", "deep_enough"), [(80.0, False), (400.0, True)])
def test_a_model_that_cannot_read_deep_enough_stops_measuring_after_its_reading(
        real_llama_cpp: None, rate: float, deep_enough: bool) -> None:
    """80 tokens a second reach 52 tokens in the 0.6 s: a projection from there is noise,
    so the load measures no more (and keeps the default)."""
    from writer_app.engine import flash

    context = _Reading(rate)
    plan = flash._Plan()
    if deep_enough:
        flash._read(context, list(range(1000)), plan, 0.6, 900)  # type: ignore[arg-type]
        assert context.depth >= flash.MIN_DEPTH
    else:
        with pytest.raises(flash._TooSlow):
            flash._read(context, list(range(1000)), plan, 0.6, 900)  # type: ignore[arg-type]
        assert context.depth < flash.MIN_DEPTH
