"""A reasoning model's thinking never reaches the writer, on the real llama.cpp."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.answers import collect
from writer_app.core.models.load_settings import LoadSettings
from writer_app.core.protocol import FinishReason
from writer_app.core.requests import Action, GenerationRequest, SamplingSettings
from writer_app.engine.client import EngineClient
from writer_app.testing.tiny_model import QWEN3_STYLE_TEMPLATE, TinyModelSpec, write_tiny_model

GREEDY = SamplingSettings(temperature=0.0, max_tokens=24)
# Says a thinking block, then its answer: whatever the template asks, as a model that
# thinks by default does.
THINKS = ("<think>", "▁plan", "▁the", "▁summary", "</think>", "▁Rain", "▁fell", ".")


@pytest.fixture(scope="module")
def thinking_model(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_tiny_model(tmp_path_factory.mktemp("thinking") / "thinks.gguf",
                            TinyModelSpec(script=THINKS, chat_template=QWEN3_STYLE_TEMPLATE))


@pytest.fixture
def thinking_engine(thinking_model: Path, real_llama_cpp: None) -> Iterator[EngineClient]:
    engine = EngineClient()
    try:
        for _ in engine.load(LoadSettings(model_path=str(thinking_model), n_ctx=2048,
                                          threads=2)):
            pass
        yield engine
    finally:
        engine.close()


def test_the_thinking_block_is_dropped_and_timed(thinking_engine: EngineClient) -> None:
    request = GenerationRequest(Action.SUMMARIZE, "The rain fell all night.", sampling=GREEDY)
    text, finished = collect(thinking_engine.generate(request))
    assert text == "Rain fell."
    assert finished.reason is FinishReason.STOP
    assert finished.stats.thinking_s > 0


def test_a_block_cut_off_by_the_token_limit_shows_nothing(
        thinking_engine: EngineClient) -> None:
    request = GenerationRequest(Action.SUMMARIZE, "The rain fell all night.",
                                sampling=SamplingSettings(temperature=0.0, max_tokens=3))
    text, finished = collect(thinking_engine.generate(request))
    assert text == ""
    assert finished.reason is FinishReason.LENGTH
    assert finished.stats.thinking_s > 0
