"""A draft model guesses tokens for the writer's model, on the real llama.cpp: the text and
where it stops are the writer's model's alone, and a draft model of another vocabulary is
refused with the reason."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.answers import collect
from writer_app.core.errors import ModelLoadError
from writer_app.core.models.fit import Machine, memory_to_load
from writer_app.core.models.gguf_header import inspect_gguf
from writer_app.core.models.load_settings import LoadSettings
from writer_app.core.protocol import FinishReason, ModelInfo, ModelLoaded
from writer_app.core.requests import Action, GenerationRequest, RewriteStyle, SamplingSettings
from writer_app.engine.client import EngineClient
from writer_app.testing.tiny_model import TinyModelSpec, write_tiny_model

STORY = "The river was quiet that night, and the city lights shook on the water. "
SCRIPT = ("▁Rain", "▁fell", "▁on", "▁the", "▁quiet", "▁city", ".")


@pytest.fixture(scope="module")
def models(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("speculative")

    def model(name: str, spec: TinyModelSpec) -> Path:
        return write_tiny_model(folder / f"{name}.gguf", spec)

    return {
        "target": model("target", TinyModelSpec()),
        # The same vocabulary and other weights: its guesses are mostly refused.
        "stranger": model("stranger", TinyModelSpec(seed=99, n_layer=1)),
        "scripted": model("scripted", TinyModelSpec(script=SCRIPT)),
        "larger_vocabulary": model("larger", TinyModelSpec(extra_words=200)),
        "one_word": model("one-word", TinyModelSpec(extra_words=1)),
        "other_word": model("other-word", TinyModelSpec(script=("▁zebra",))),
    }


@pytest.fixture
def start(real_llama_cpp: None) -> Iterator[object]:
    engines: list[EngineClient] = []

    def load(target: Path, draft: Path | None = None) -> tuple[EngineClient, ModelInfo]:
        engine = EngineClient()
        engines.append(engine)
        loaded = [event for event in engine.load(LoadSettings(
            model_path=str(target), n_ctx=2048, threads=2,
            draft_model_path=str(draft) if draft else ""))
            if isinstance(event, ModelLoaded)]
        return engine, loaded[-1].info

    try:
        yield load
    finally:
        for engine in engines:
            engine.close()


def _continue(temperature: float, max_tokens: int = 96) -> GenerationRequest:
    return GenerationRequest(Action.CONTINUE, STORY * 4, cursor=len(STORY) * 4,
                             sampling=SamplingSettings(temperature=temperature, seed=7,
                                                       max_tokens=max_tokens))


@pytest.mark.parametrize("temperature", [0.0, 0.8])
@pytest.mark.parametrize("draft", ["target", "stranger"])
def test_the_text_is_the_same_with_and_without_a_draft_model(
        start: object, models: dict[str, Path], draft: str, temperature: float) -> None:
    """Greedy text is identical; sampled text too, for the same seed (the sampler makes
    the same draws), whether the draft model is always right or mostly wrong."""
    plain_engine, _info = start(models["target"])  # type: ignore[operator]
    drafted_engine, info = start(models["target"], models[draft])  # type: ignore[operator]
    assert info.draft_model == str(models[draft])
    assert not info.notices
    plain, plain_end = collect(plain_engine.generate(_continue(temperature)))
    drafted, drafted_end = collect(drafted_engine.generate(_continue(temperature)))
    assert drafted == plain
    assert drafted_end.reason is plain_end.reason
    assert drafted_end.stats.generated_tokens == plain_end.stats.generated_tokens
    assert plain_end.stats.drafted_tokens == 0
    if draft == "target":
        assert drafted_end.stats.drafted_tokens > 0


@pytest.mark.parametrize(("draft", "reason"), [
    ("larger_vocabulary", "their vocabularies have"),
    ("other_word", "their vocabularies differ (token"),
])
def test_a_draft_model_of_another_vocabulary_is_refused_with_the_reason(
        start: object, models: dict[str, Path], draft: str, reason: str) -> None:
    target = models["one_word"] if draft == "other_word" else models["target"]
    engine, info = start(target, models[draft])  # type: ignore[operator]
    assert info.draft_model == ""
    (notice,) = info.notices
    assert "cannot draft for" in notice
    assert reason in notice
    assert "same family" in notice
    text, finished = collect(engine.generate(_continue(0.0, max_tokens=8)))
    assert text
    assert finished.stats.generated_tokens == 8


def test_a_missing_draft_model_is_left_out_with_a_notice(
        start: object, models: dict[str, Path], tmp_path: Path) -> None:
    _engine, info = start(models["target"], tmp_path / "gone.gguf")  # type: ignore[operator]
    assert info.draft_model == ""
    (notice,) = info.notices
    assert notice.startswith("The draft model was left out")


@pytest.mark.parametrize("max_tokens", [3, 64])
def test_the_draft_model_never_changes_where_an_answer_stops(
        start: object, models: dict[str, Path], max_tokens: int) -> None:
    """The draft model guesses the end of text and the tokens past the limit as readily as
    any other: the answer still ends where the writer's model ends it."""
    request = GenerationRequest(Action.SUMMARIZE, STORY, sampling=SamplingSettings(
        temperature=0.0, max_tokens=max_tokens))
    plain_engine, _info = start(models["scripted"])  # type: ignore[operator]
    drafted_engine, _info = start(models["scripted"], models["scripted"])  # type: ignore[operator]
    plain, plain_end = collect(plain_engine.generate(request))
    drafted, drafted_end = collect(drafted_engine.generate(request))
    assert drafted == plain
    assert (drafted_end.reason, drafted_end.stats.generated_tokens) == (
        plain_end.reason, plain_end.stats.generated_tokens)
    assert drafted_end.stats.drafted_tokens > 0
    if max_tokens == 3:
        assert plain == "Rain fell on"
        assert plain_end.stats.generated_tokens == 3
    else:
        assert plain == "Rain fell on the quiet city."
        assert plain_end.reason is FinishReason.STOP


def test_a_rewrite_drafts_from_its_passage_and_the_draft_model_alike(
        start: object, models: dict[str, Path]) -> None:
    """Prompt lookup guesses where the passage has the words, the draft model elsewhere;
    the text is the plain one."""
    passage = STORY * 3
    request = GenerationRequest(
        Action.REWRITE, passage, selection=(0, len(passage)), style=RewriteStyle.FIX_GRAMMAR,
        sampling=SamplingSettings(temperature=0.0, max_tokens=96, draft_from_prompt=True))
    plain_engine, _info = start(models["target"])  # type: ignore[operator]
    drafted_engine, _info = start(models["target"], models["target"])  # type: ignore[operator]
    plain, plain_end = collect(plain_engine.generate(dataclasses.replace(
        request, sampling=dataclasses.replace(request.sampling, draft_from_prompt=False))))
    drafted, drafted_end = collect(drafted_engine.generate(request))
    assert drafted == plain
    assert drafted_end.stats.generated_tokens == plain_end.stats.generated_tokens
    assert drafted_end.stats.drafted_tokens > 0


def test_a_draft_model_that_does_not_fit_beside_the_model_is_refused_before_loading(
        models: dict[str, Path], monkeypatch: pytest.MonkeyPatch) -> None:
    settings = LoadSettings(model_path=str(models["target"]), n_ctx=2048, gpu_layers=0,
                            draft_model_path=str(models["stranger"]))
    alone = memory_to_load(inspect_gguf(models["target"]), settings.n_ctx, settings.batch_size)
    room = Machine(ram_total=64 * 2**30, ram_available=alone + 1)
    monkeypatch.setattr(Machine, "current", classmethod(lambda cls, vram_free=0: room))
    client = EngineClient()
    try:
        with pytest.raises(ModelLoadError, match=r"target.gguf with the draft model "
                                                 r"stranger.gguf needs about .* Turn the "
                                                 r"draft model off in Settings"):
            list(client.load(settings))
        assert client.pid is None  # llama.cpp never saw it
    finally:
        client.close()


class _Scripted:
    """A draft model for ``ModelDrafts`` whose guesses, each with its probability, are
    given; ``asked`` counts its guesses."""

    def __init__(self, guesses: list[tuple[int, float]]) -> None:
        self.guesses, self.refusals, self.asked = guesses, 0, 0
        self.llm = self

    def eval(self, tokens: list[int]) -> None:
        pass

    def catch_up(self, tokens: list[int], cancelled: object, checked: int = 0) -> bool:
        return True

    def best(self, repeated: list[int], penalty: float) -> tuple[int, float]:
        self.asked += 1
        return self.guesses.pop(0)


def _drafts(model: _Scripted) -> Any:
    from writer_app.engine.speculative import ModelDrafts

    return ModelDrafts(model, [1, 2, 3], lambda: False, 1.0)  # type: ignore[arg-type]


def test_a_draft_model_unsure_of_a_token_guesses_again_at_the_next(
        real_llama_cpp: None) -> None:
    """No guess cost the writer's model nothing: it is not a refusal, and nothing rests."""
    from writer_app.engine.speculative import P_MIN

    model = _Scripted([(5, P_MIN / 2), (6, 0.9), (7, 0.9), (8, P_MIN / 2)])
    drafts = _drafts(model)
    assert drafts.draft(8) == []
    drafts.add(5)
    assert drafts.draft(8) == [6, 7]
    assert model.refusals == 0


def test_a_refused_guess_rests_the_draft_model_longer_each_time(real_llama_cpp: None) -> None:
    """A guess refused outright costs the writer's model a batch: the draft model rests for
    1, 3, 7… tokens, and guesses one token more than was kept."""
    model = _Scripted([(5, 0.9)] * 8)
    drafts = _drafts(model)
    for guessed, rest in ((2, 1), (1, 3)):
        assert drafts.draft(8) == [5] * guessed
        drafts.record(0, guessed)
        asked = model.asked
        assert [drafts.draft(8) for _ in range(rest)] == [[]] * rest
        assert model.asked == asked
    assert model.refusals == 2


def test_the_draft_models_confidence_is_among_its_ten_likeliest_as_llama_cpps(
        real_llama_cpp: None) -> None:
    """llama.cpp's draft sampler keeps the top 10 before ``--draft-p-min`` is compared; over
    a whole vocabulary a small model's best token seldom reaches 0.1."""
    import numpy as np

    from writer_app.engine.speculative import P_MIN, confidence

    logits = np.zeros(50_000, dtype=np.float32)
    logits[[7, 8, 9]] = [4.0, 3.0, 1.0]
    token, probability = confidence(logits.copy(), [], 1.0)
    top_ten = np.exp([4.0, 3.0, 1.0] + [0.0] * 7)
    assert (token, probability) == (7, pytest.approx(top_ten[0] / top_ten.sum()))
    assert np.exp(4.0) / np.exp(logits).sum() < P_MIN < probability
    penalised = confidence(logits.copy(), [7], 2.0)
    assert penalised == (8, pytest.approx(np.exp(3.0) / (np.exp([3.0, 2.0, 1.0]).sum() + 7)))
