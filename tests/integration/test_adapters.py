"""LoRA adapters on the real llama.cpp: applied and removed without reloading the model,
never mixed with KV states computed without them, and refused before loading when they
were made for another model."""

from __future__ import annotations

import os
import signal
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.answers import collect
from writer_app.core.models.adapters import Adapter, AdapterError
from writer_app.core.models.load_settings import LoadSettings
from writer_app.core.protocol import LoadProgress, ModelLoaded
from writer_app.core.requests import Action, GenerationRequest, SamplingSettings
from writer_app.engine.client import EngineClient
from writer_app.testing.tiny_adapter import TinyAdapterSpec, write_tiny_adapter

GREEDY = SamplingSettings(temperature=0.0, max_tokens=16)
SHORT = "The river was quiet that night, and the city lights shook on the water. "
# Long enough (well over 256 tokens) for the engine to keep its KV state when another
# document comes between.
LONG_A = "The harbour woke slowly under a grey sky. " * 30
LONG_B = "Nobody in the village remembered the old mill. " * 30


@pytest.fixture(scope="module")
def adapter(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_tiny_adapter(tmp_path_factory.mktemp("adapters") / "style-lora.gguf")


def settings(model: Path, *adapters: Adapter) -> LoadSettings:
    return LoadSettings(model_path=str(model), n_ctx=2048, threads=2, adapters=adapters)


@pytest.fixture
def engine_with_adapter(tiny_model: Path, adapter: Path, real_llama_cpp: None
                        ) -> Iterator[EngineClient]:
    """A second engine that loaded the model with the adapter from the start."""
    client = EngineClient()
    try:
        for _ in client.load(settings(tiny_model, Adapter(str(adapter)))):
            pass
        yield client
    finally:
        client.close()


def continue_text(client: EngineClient, text: str) -> str:
    request = GenerationRequest(action=Action.CONTINUE, text=text, sampling=GREEDY)
    return collect(client.generate(request))[0]


def apply(client: EngineClient, *adapters: Adapter) -> ModelLoaded:
    events = list(client.set_adapters(adapters))
    assert not any(isinstance(event, LoadProgress) for event in events), "the model reloaded"
    loaded = events[-1]
    assert isinstance(loaded, ModelLoaded)
    assert loaded.info.adapters == adapters
    return loaded


def test_an_adapter_changes_the_output_and_removing_it_restores_it(
        engine: EngineClient, engine_with_adapter: EngineClient, adapter: Path) -> None:
    plain = continue_text(engine, SHORT)
    with_adapter = continue_text(engine_with_adapter, SHORT)
    assert with_adapter != plain
    # The same prompt again, its KV cells still cached from the bare model: the answer
    # must be the adapter's, not one read partly with the old weights.
    apply(engine, Adapter(str(adapter)))
    assert continue_text(engine, SHORT) == with_adapter
    apply(engine)
    assert continue_text(engine, SHORT) == plain


def test_scale_zero_is_the_same_as_off(engine: EngineClient, adapter: Path) -> None:
    plain = continue_text(engine, SHORT)
    apply(engine, Adapter(str(adapter), 0.0))
    assert continue_text(engine, SHORT) == plain
    apply(engine, Adapter(str(adapter), 1.0))
    assert continue_text(engine, SHORT) != plain


def test_saved_states_of_other_documents_are_not_reused_after_a_change(
        engine: EngineClient, engine_with_adapter: EngineClient, adapter: Path) -> None:
    expected = continue_text(engine_with_adapter, LONG_A)
    continue_text(engine, LONG_A)
    continue_text(engine, LONG_B)  # document A's state is kept aside meanwhile
    apply(engine, Adapter(str(adapter)))
    request = GenerationRequest(action=Action.CONTINUE, text=LONG_A, sampling=GREEDY)
    text, finished = collect(engine.generate(request))
    assert text == expected
    assert finished.stats.prompt_tokens_processed == finished.stats.prompt_tokens


@pytest.mark.real_engine
def test_an_adapter_for_another_model_is_refused_before_loading(
        tiny_model: Path, tmp_path: Path) -> None:
    wrong = write_tiny_adapter(tmp_path / "other-size.gguf", TinyAdapterSpec(n_embd=32))
    client = EngineClient()
    try:
        events = []
        with pytest.raises(AdapterError, match=r"other-size\.gguf does not fit tiny-chat\.gguf"):
            events.extend(client.load(settings(tiny_model, Adapter(str(wrong)))))
        assert not any(isinstance(event, LoadProgress) for event in events)
        assert client.model is None
    finally:
        client.close()


@pytest.mark.parametrize("damage", ["truncated", "garbage", "another architecture"])
def test_a_refused_adapter_leaves_the_model_and_its_adapters_as_they_were(
        engine: EngineClient, adapter: Path, tmp_path: Path, damage: str) -> None:
    apply(engine, Adapter(str(adapter), 0.5))
    before = continue_text(engine, SHORT)
    bad = tmp_path / "bad.gguf"
    if damage == "truncated":
        bad.write_bytes(adapter.read_bytes()[:5000])
    elif damage == "garbage":
        bad.write_bytes(b"GGUF" + bytes(range(256)) * 8)
    else:
        write_tiny_adapter(bad, TinyAdapterSpec(architecture="qwen2"))
    with pytest.raises(AdapterError, match=r"bad\.gguf"):
        list(engine.set_adapters((Adapter(str(adapter), 0.5), Adapter(str(bad)))))
    assert engine.model is not None and engine.model.adapters == (Adapter(str(adapter), 0.5),)
    assert continue_text(engine, SHORT) == before


def test_a_restarted_engine_applies_the_adapters_again(
        engine: EngineClient, engine_with_adapter: EngineClient, adapter: Path) -> None:
    expected = continue_text(engine_with_adapter, SHORT)
    apply(engine, Adapter(str(adapter)))
    pid = engine.pid
    assert pid is not None
    os.kill(pid, signal.SIGKILL)
    while engine.is_running():
        time.sleep(0.01)
    assert continue_text(engine, SHORT) == expected
    assert engine.pid != pid


def test_an_adapter_llama_cpp_refuses_leaves_the_model_usable(
        engine: EngineClient, tmp_path: Path) -> None:
    refused = write_tiny_adapter(tmp_path / "odd.gguf", TinyAdapterSpec(stray_tensor=True))
    before = continue_text(engine, SHORT)
    with pytest.raises(AdapterError, match=r"llama\.cpp could not load the adapter odd\.gguf"):
        list(engine.set_adapters((Adapter(str(refused)),)))
    assert continue_text(engine, SHORT) == before


@pytest.mark.real_engine
def test_a_model_loads_without_an_adapter_llama_cpp_refuses_and_says_so(
        tiny_model: Path, tmp_path: Path) -> None:
    refused = write_tiny_adapter(tmp_path / "odd.gguf", TinyAdapterSpec(stray_tensor=True))
    client = EngineClient()
    try:
        for _ in client.load(settings(tiny_model, Adapter(str(refused)))):
            pass
        assert client.model is not None and client.model.adapters == ()
        assert "odd.gguf" in client.model.notices[-1]
        assert continue_text(client, SHORT)
    finally:
        client.close()
