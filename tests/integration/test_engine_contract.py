"""The same checks on the fake engine, the real one and a server: the GUI tests' fake is honest
and the remote engine keeps the same contract."""

from __future__ import annotations

import dataclasses
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from writer_app.core.errors import GenerationError, ModelFileError
from writer_app.core.models.adapters import Adapter, AdapterError
from writer_app.core.models.gguf_header import inspect_gguf
from writer_app.core.models.hardware import DeviceKind
from writer_app.core.models.load_settings import LoadSettings
from writer_app.core.protocol import (
    Chunk,
    Finished,
    FinishReason,
    LoadProgress,
    ModelLoaded,
    PromptProgress,
    TokenAlternatives,
)
from writer_app.core.requests import Action, ContinueLength, GenerationRequest, SamplingSettings
from writer_app.core.sources.servers import ServerConfig
from writer_app.engine.client import EngineClient
from writer_app.engine.remote import RemoteEngine
from writer_app.qt.engine_service import Engine
from writer_app.testing.fake_engine import FakeEngine
from writer_app.testing.openai_server import MODEL, LlamaCppPythonServer, LlamaServer
from writer_app.testing.tiny_adapter import TinyAdapterSpec, write_tiny_adapter

TEXT = "The river was quiet that night, and "


@pytest.fixture(params=["fake", pytest.param("real", marks=pytest.mark.real_engine),
                        pytest.param("llama-cpp-python-server", marks=pytest.mark.real_engine),
                        pytest.param("llama-server", marks=[pytest.mark.real_engine,
                                                            pytest.mark.llama_server])])
def any_engine(request: pytest.FixtureRequest) -> Iterator[Engine]:
    engine: Engine
    if request.param == "fake":
        engine = FakeEngine(delay_s=0.01)
    elif request.param == "real":
        engine = EngineClient()
    else:
        server: LlamaCppPythonServer | LlamaServer = request.getfixturevalue(
            request.param.replace("-", "_"))
        engine = RemoteEngine(ServerConfig(url=server.url, model=MODEL))
    try:
        yield engine
    finally:
        engine.close()


def _load(engine: Engine, model: Path) -> None:
    # The tiny model reads about a character per token: its instructions alone take ~800.
    events = list(engine.load(LoadSettings(model_path=str(model), n_ctx=2048)))
    assert any(isinstance(e, LoadProgress) for e in events)
    assert isinstance(events[-1], ModelLoaded)
    assert engine.model is not None and engine.model.n_ctx == 2048


def test_contract_generate_before_load(any_engine: Engine) -> None:
    with pytest.raises(GenerationError):
        any_engine.generate(GenerationRequest(Action.CONTINUE, TEXT))


def test_contract_bad_file(any_engine: Engine, tmp_path: Path) -> None:
    if not any_engine.capabilities.model_files:
        pytest.skip("a server loads its own model files")
    (tmp_path / "bad.gguf").write_text("hello")
    with pytest.raises(ModelFileError):
        list(any_engine.load(LoadSettings(model_path=str(tmp_path / "bad.gguf"))))


def test_contract_stream(any_engine: Engine, tiny_model: Path) -> None:
    _load(any_engine, tiny_model)
    events = list(any_engine.generate(GenerationRequest(
        Action.CONTINUE, TEXT, sampling=SamplingSettings(max_tokens=3))))
    kinds = [type(e) for e in events]
    assert kinds[0] is PromptProgress
    assert Chunk in kinds
    assert kinds[-1] is Finished and kinds.count(Finished) == 1
    finished = events[-1]
    assert isinstance(finished, Finished)
    assert finished.reason in (FinishReason.LENGTH, FinishReason.STOP)
    assert 0 < finished.stats.generated_tokens <= 3
    assert sum(isinstance(e, Chunk) and e.tokens for e in events) <= 3


def test_contract_cancel(any_engine: Engine, tiny_model: Path) -> None:
    _load(any_engine, tiny_model)
    if isinstance(any_engine, FakeEngine):
        any_engine.chunks = ["word "] * 10_000
    finished = None
    for event in any_engine.generate(GenerationRequest(
            Action.CONTINUE, TEXT, sampling=SamplingSettings(max_tokens=10_000),
            length=ContinueLength.LONG)):
        if isinstance(event, Chunk):
            threading.Thread(target=any_engine.cancel).start()
        if isinstance(event, Finished):
            finished = event
    assert finished is not None and finished.reason is FinishReason.CANCELLED


def test_contract_hardware_and_auto_layers(any_engine: Engine, tiny_model: Path) -> None:
    if not any_engine.capabilities.hardware:
        pytest.skip("a server does not report its hardware")
    backend = any_engine.probe(refresh=True)
    cpus = [d for d in backend.hardware.devices if d.kind is DeviceKind.CPU]
    assert len(cpus) == 1 and cpus[0].memory_total > 0
    assert "CPU" in backend.hardware.backends
    assert backend.hardware.cpu_features
    _load(any_engine, tiny_model)  # GPU layers: auto, the default
    assert any_engine.model is not None
    plan = any_engine.model.layer_plan
    assert plan.total == inspect_gguf(tiny_model).block_count + 1
    if backend.hardware.gpus:
        assert plan.layers > 0 and any_engine.model.backend != "CPU"
    else:
        assert plan.layers == 0 and any_engine.model.backend == "CPU"
        assert plan.reason == backend.hardware.gpu_unavailable_reason() != ""


THREE_DRAFTS = GenerationRequest(
    Action.CONTINUE, TEXT, length=ContinueLength.LONG, drafts=3,
    sampling=SamplingSettings(temperature=1.0, seed=11, max_tokens=12))


def _drafts(engine: Engine, request: GenerationRequest) -> tuple[dict[int, str], Finished]:
    """Each draft's text, and the end of the request."""
    texts: dict[int, str] = {}
    finished = None
    for event in engine.generate(request):
        if isinstance(event, Chunk):
            texts[event.draft] = texts.get(event.draft, "") + event.text
        elif isinstance(event, Finished):
            finished = event
    assert finished is not None
    return texts, finished


def test_contract_drafts(any_engine: Engine, tiny_model: Path) -> None:
    """Three drafts stream side by side, each its own text, and one seed gives the same set."""
    _load(any_engine, tiny_model)
    request = THREE_DRAFTS
    texts, finished = _drafts(any_engine, request)
    assert sorted(texts) == [0, 1, 2]
    assert len(set(texts.values())) == 3
    # Drafts from one server request (the API's n) share its seed; otherwise each has its own.
    one_request = isinstance(any_engine, RemoteEngine) and any_engine.capabilities.several_drafts
    seeds = [11, 11, 11] if one_request else [11, 12, 13]
    assert [(d.draft, d.seed) for d in finished.drafts] == list(enumerate(seeds))
    assert finished.reason is finished.drafts[0].reason
    assert all(0 < d.generated_tokens <= 12 for d in finished.drafts)
    assert finished.stats.generated_tokens == sum(d.generated_tokens for d in finished.drafts)
    again, _ = _drafts(any_engine, request)
    assert again == texts


def test_contract_drafts_stop_independently(any_engine: Engine, tiny_model: Path) -> None:
    """A draft that reaches its stop sequence ends; the others go on to their own ends."""
    _load(any_engine, tiny_model)
    request = THREE_DRAFTS
    texts, ended = _drafts(any_engine, request)
    # A stop sequence that the second draft writes and the others do not.
    stop = next(texts[1][i:i + 2] for i in range(len(texts[1]) - 1)
                if texts[1][i:i + 2].strip() and texts[1][i:i + 2] not in texts[0] + texts[2])
    stopped, finished = _drafts(any_engine, dataclasses.replace(
        request, sampling=dataclasses.replace(request.sampling, stop=(stop,))))
    assert stopped[1] == texts[1][: texts[1].index(stop)]
    # A server applies the stop sequence itself and reports an ordinary stop.
    assert finished.drafts[1].reason in (FinishReason.STOP_SEQUENCE, FinishReason.STOP)
    assert (stopped[0], stopped[2]) == (texts[0], texts[2])
    assert [finished.drafts[i].reason for i in (0, 2)] == [ended.drafts[i].reason
                                                           for i in (0, 2)]


def test_contract_alternatives(any_engine: Engine, tiny_model: Path) -> None:
    """Each generated token comes with the model's most likely tokens and their probabilities."""
    _load(any_engine, tiny_model)  # a server's capabilities are measured when connecting
    if not any_engine.capabilities.token_probabilities:
        pytest.skip("the engine does not return token probabilities")
    chunks = [e for e in any_engine.generate(GenerationRequest(
        Action.CONTINUE, TEXT, length=ContinueLength.LONG, alternatives=4,
        sampling=SamplingSettings(temperature=1.0, seed=5, max_tokens=8)))
        if isinstance(e, Chunk)]
    recorded = [a for chunk in chunks for a in chunk.alternatives]
    assert len(recorded) == sum(chunk.tokens for chunk in chunks) > 0
    # A server may merge tokens of the same text (llama-cpp-python's are keyed by text).
    assert max(len(token.top) for token in recorded) == 4
    for token in recorded:
        assert 0 < len(token.top) <= 4
        probabilities = [choice.probability for choice in token.top]
        assert probabilities == sorted(probabilities, reverse=True)
        assert 0 < sum(probabilities) <= 1.0001 and all(p > 0 for p in probabilities)
        assert 0 < token.chosen.probability <= probabilities[0]
        chosen = [c for c in token.top if c.text == token.chosen.text]
        assert not chosen or chosen[0].probability == pytest.approx(token.chosen.probability)
    plain = list(any_engine.generate(GenerationRequest(
        Action.CONTINUE, TEXT, sampling=SamplingSettings(max_tokens=3))))
    assert not any(isinstance(e, Chunk) and e.alternatives for e in plain)


def test_contract_adapters(any_engine: Engine, tiny_model: Path, tmp_path: Path) -> None:
    """An engine that takes adapters applies a fitting one without loading the model again
    and refuses a misfit; one that does not refuses them all, saying so."""
    _load(any_engine, tiny_model)
    good = Adapter(str(write_tiny_adapter(tmp_path / "style.gguf")), 0.5)
    wrong = Adapter(str(write_tiny_adapter(tmp_path / "qwen.gguf",
                                           TinyAdapterSpec(architecture="qwen2"))))
    if not any_engine.capabilities.adapters:
        with pytest.raises(AdapterError, match="LoRA adapters cannot be added"):
            list(any_engine.set_adapters((good,)))
        return
    events = list(any_engine.set_adapters((good,)))
    assert not any(isinstance(event, LoadProgress) for event in events)
    assert isinstance(events[-1], ModelLoaded) and events[-1].info.adapters == (good,)
    with pytest.raises(AdapterError, match=r"qwen\.gguf was made for a 'qwen2' model"):
        list(any_engine.set_adapters((good, wrong)))
    assert any_engine.model is not None and any_engine.model.adapters == (good,)
    events = list(any_engine.set_adapters(()))
    assert isinstance(events[-1], ModelLoaded) and events[-1].info.adapters == ()
def test_contract_alternatives_of_several_drafts(any_engine: Engine, tiny_model: Path) -> None:
    """Each draft records its own tokens' alternatives; recording does not change what is
    written, and one seed gives the same drafts with the same alternatives."""
    _load(any_engine, tiny_model)
    if not any_engine.capabilities.token_probabilities:
        pytest.skip("the engine does not return token probabilities")
    request = dataclasses.replace(THREE_DRAFTS, alternatives=3)

    def recorded() -> dict[int, tuple[str, list[TokenAlternatives]]]:
        """Each draft's text and its tokens' alternatives (chunks may be cut differently)."""
        drafts: dict[int, tuple[str, list[TokenAlternatives]]] = {}
        tokens = 0
        for event in any_engine.generate(request):
            if isinstance(event, Chunk):
                text, alternatives = drafts.get(event.draft, ("", []))
                drafts[event.draft] = (text + event.text, alternatives + list(event.alternatives))
                tokens += event.tokens
        assert sum(len(alternatives) for _, alternatives in drafts.values()) == tokens
        return drafts

    first = recorded()
    assert sorted(first) == [0, 1, 2]
    assert len({text for text, _ in first.values()}) == 3
    for _, alternatives in first.values():
        assert alternatives and all(0 < len(token.top) <= 3 for token in alternatives)
    assert recorded() == first
    plain, _ = _drafts(any_engine, THREE_DRAFTS)
    assert plain == {draft: text for draft, (text, _) in first.items()}
