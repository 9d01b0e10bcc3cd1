"""The real llama.cpp in a real engine process, driven through EngineClient."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from tests.answers import collect
from writer_app.core.errors import (
    EngineCrashedError,
    GenerationError,
    ModelFileError,
    ModelLoadError,
)
from writer_app.core.models.load_settings import KvCacheType, LoadSettings
from writer_app.core.protocol import (
    Chunk,
    Finished,
    FinishReason,
    LoadProgress,
    ModelLoaded,
    PromptProgress,
)
from writer_app.core.requests import (
    Action,
    ContinueLength,
    ContinueMode,
    GenerationRequest,
    RewriteStyle,
    SamplingSettings,
)
from writer_app.engine.client import EngineClient
from writer_app.testing.tiny_model import TinyModelSpec, write_tiny_model

pytestmark = pytest.mark.real_engine

GREEDY = SamplingSettings(temperature=0.0, max_tokens=24)
STORY = "The river was quiet that night, and the city lights shook on the water. "


def assert_clean(text: str) -> None:
    assert text, "no text arrived"
    assert "\ufffd" not in text
    assert "<|im" not in text and "</s>" not in text
    assert all(c in "\n\t" or ord(c) >= 32 for c in text)


def test_load_reports_progress_and_model_info(tiny_model: Path) -> None:
    client = EngineClient()
    try:
        events = list(client.load(LoadSettings(model_path=str(tiny_model), n_ctx=1024)))
    finally:
        client.close()
    fractions = [e.fraction for e in events if isinstance(e, LoadProgress)]
    assert fractions and fractions[-1] == 1.0
    assert fractions == sorted(fractions)
    loaded = events[-1]
    assert isinstance(loaded, ModelLoaded)
    assert loaded.info.architecture == "llama"
    assert loaded.info.n_ctx == 1024
    assert loaded.info.has_chat_template
    assert loaded.info.backend == "CPU"


@pytest.mark.parametrize("request_", [
    GenerationRequest(Action.CONTINUE, STORY, sampling=GREEDY),
    GenerationRequest(Action.SUMMARIZE, STORY * 5, sampling=GREEDY),
    GenerationRequest(Action.SUMMARIZE, STORY * 5, selection=(0, 40), sampling=GREEDY),
    GenerationRequest(Action.REWRITE, STORY, selection=(0, 30), style=RewriteStyle.FORMAL,
                      sampling=GREEDY),
    GenerationRequest(Action.REWRITE, STORY, selection=(0, 30), instruction="Make it rhyme",
                      sampling=GREEDY),
], ids=["continue", "summarize-all", "summarize-selection", "rewrite-style",
        "rewrite-instruction"])
def test_each_action_streams_clean_text(engine: EngineClient,
                                        request_: GenerationRequest) -> None:
    events = list(engine.generate(request_))
    chunks = [e for e in events if isinstance(e, Chunk)]
    text, finished = collect(events)
    assert_clean(text)
    assert len(chunks) >= 1
    assert finished.reason is FinishReason.LENGTH
    assert finished.stats.generated_tokens >= request_.sampling.max_tokens
    assert finished.stats.prompt_tokens > 0 and finished.stats.ttft_s > 0
    assert finished.stats.tokens_per_s > 0


def test_chinese_in_and_out(engine: EngineClient) -> None:
    doc = "夜晚的城市很安静，雨一直下。我们在窗前写作，" * 3
    text, finished = collect(engine.generate(GenerationRequest(
        Action.CONTINUE, doc, sampling=SamplingSettings(temperature=0.9, seed=7,
                                                        max_tokens=80))))
    assert_clean(text)
    text.encode("utf-8")
    assert finished.stats.generated_tokens == 80


def test_same_seed_same_text(engine: EngineClient) -> None:
    sampling = SamplingSettings(temperature=0.8, seed=42, max_tokens=20)
    request = GenerationRequest(Action.CONTINUE, STORY, sampling=sampling)
    first, _ = collect(engine.generate(request))
    second, _ = collect(engine.generate(request))
    assert first == second


def test_base_model_without_a_template(base_model: Path) -> None:
    client = EngineClient()
    try:
        for event in client.load(LoadSettings(model_path=str(base_model), n_ctx=1024)):
            if isinstance(event, ModelLoaded):
                assert not event.info.has_chat_template
        for request in (
            GenerationRequest(Action.CONTINUE, STORY, sampling=GREEDY),
            GenerationRequest(Action.REWRITE, STORY, selection=(0, 20),
                              style=RewriteStyle.SHORTER, sampling=GREEDY),
        ):
            text, _ = collect(client.generate(request))
            assert_clean(text)
    finally:
        client.close()


@pytest.mark.parametrize("kv_cache", [KvCacheType.Q8_0, KvCacheType.Q4_0])
def test_a_quantized_kv_cache_generates_and_reuses_the_prompt(tmp_path: Path,
                                                              kv_cache: KvCacheType) -> None:
    # llama.cpp quantizes the cache in blocks of 32 values: heads of 32 here.
    model = write_tiny_model(tmp_path / "heads-32.gguf", TinyModelSpec(n_embd=128))
    client = EngineClient()
    try:
        list(client.load(LoadSettings(model_path=str(model), n_ctx=1024, kv_cache=kv_cache)))
        assert client.model is not None and client.model.notices == ()
        request = GenerationRequest(Action.CONTINUE, STORY * 4, sampling=GREEDY)
        first, finished = collect(client.generate(request))
        again, repeated = collect(client.generate(request))
    finally:
        client.close()
    assert finished.stats.generated_tokens == GREEDY.max_tokens
    assert again == first
    assert repeated.stats.prompt_tokens_processed < finished.stats.prompt_tokens_processed


def test_heads_too_small_for_a_quantized_kv_cache_keep_f16_and_say_so(
        tiny_model: Path) -> None:
    client = EngineClient()
    try:
        list(client.load(LoadSettings(model_path=str(tiny_model), n_ctx=1024,
                                      kv_cache=KvCacheType.Q8_0)))
        assert client.model is not None
        assert client.model.notices == (
            "This model's attention heads are too small for a q8_0 memory cache, so it "
            "uses the full-size (f16) cache.",)
        text, _ = collect(client.generate(GenerationRequest(Action.CONTINUE, STORY,
                                                            sampling=GREEDY)))
    finally:
        client.close()
    assert_clean(text)


def test_stop_sequence_ends_the_stream(engine: EngineClient) -> None:
    free, _ = collect(engine.generate(GenerationRequest(Action.CONTINUE, STORY,
                                                        sampling=GREEDY)))
    stop = free.strip()[3:6]
    text, finished = collect(engine.generate(GenerationRequest(
        Action.CONTINUE, STORY,
        sampling=SamplingSettings(temperature=0.0, max_tokens=24, stop=(stop,)))))
    assert finished.reason is FinishReason.STOP_SEQUENCE
    assert stop not in text
    assert free.startswith(text)


def test_small_edit_reuses_the_cached_document(engine: EngineClient) -> None:
    doc = STORY * 12
    _, cold = collect(engine.generate(GenerationRequest(Action.CONTINUE, doc, sampling=GREEDY)))
    assert cold.stats.prompt_tokens_processed == cold.stats.prompt_tokens
    _, warm = collect(engine.generate(GenerationRequest(Action.CONTINUE, doc + "Then she",
                                                        sampling=GREEDY)))
    assert warm.stats.prompt_tokens > cold.stats.prompt_tokens
    # Only the edit and the task after it are read again, not the document.
    assert warm.stats.prompt_tokens_processed < 0.15 * warm.stats.prompt_tokens


def test_switching_action_reuses_the_cached_document(engine: EngineClient) -> None:
    doc = STORY * 12 + "\n"
    collect(engine.generate(GenerationRequest(Action.CONTINUE, doc, sampling=GREEDY,
                                              continue_mode=ContinueMode.CHAT)))
    _, finished = collect(engine.generate(GenerationRequest(Action.SUMMARIZE, doc,
                                                            sampling=GREEDY)))
    assert finished.stats.prompt_tokens_processed < 0.3 * finished.stats.prompt_tokens


def test_going_back_to_a_document_reads_only_what_changed(engine: EngineClient) -> None:
    first = STORY * 12
    other = "An entirely different letter, about the harvest and the rain. " * 12
    request = GenerationRequest(Action.CONTINUE, first, sampling=GREEDY)
    cold_text, _ = collect(engine.generate(request))
    _, elsewhere = collect(engine.generate(GenerationRequest(Action.CONTINUE, other,
                                                             sampling=GREEDY)))
    assert elsewhere.stats.prompt_tokens_processed > 0.9 * elsewhere.stats.prompt_tokens
    back_text, back = collect(engine.generate(request))
    # The first document's state was kept when the other replaced it, and comes back.
    assert back.stats.prompt_tokens_processed < 0.05 * back.stats.prompt_tokens
    assert back_text == cold_text


def test_stop_during_generation(engine: EngineClient) -> None:
    request = GenerationRequest(Action.CONTINUE, STORY,
                                sampling=SamplingSettings(max_tokens=100_000),
            length=ContinueLength.LONG)
    chunks = 0
    finished = None
    for event in engine.generate(request):
        if isinstance(event, Chunk):
            chunks += 1
            if chunks == 1:
                engine.cancel()
        elif isinstance(event, Finished):
            finished = event
    assert finished is not None and finished.reason is FinishReason.CANCELLED
    assert finished.stats.generated_tokens < 500


def test_stop_during_prompt_processing(tiny_model: Path) -> None:
    client = EngineClient()
    try:
        for _ in client.load(LoadSettings(model_path=str(tiny_model), n_ctx=16384,
                                          batch_size=256)):
            pass
        doc = STORY * 160  # about 12,000 tokens
        finished = None
        progress = 0
        for event in client.generate(GenerationRequest(Action.CONTINUE, doc,
                                                       sampling=GREEDY)):
            if isinstance(event, PromptProgress):
                progress += 1
                client.cancel()
            elif isinstance(event, Chunk):
                pytest.fail("text arrived after a stop during prompt processing")
            elif isinstance(event, Finished):
                finished = event
        assert progress >= 1
        assert finished is not None and finished.reason is FinishReason.CANCELLED
        assert finished.stats.generated_tokens == 0
        assert finished.stats.prompt_tokens_processed < finished.stats.prompt_tokens // 2
        # The engine is still good for the next request, and the prompt is read in full.
        _, after = collect(client.generate(GenerationRequest(Action.CONTINUE, STORY,
                                                             sampling=GREEDY)))
        assert after.reason is FinishReason.LENGTH
    finally:
        client.close()


def test_killed_engine_reports_and_restarts(engine: EngineClient) -> None:
    request = GenerationRequest(Action.CONTINUE, STORY,
                                sampling=SamplingSettings(max_tokens=100_000),
            length=ContinueLength.LONG)
    pid = engine.pid
    assert pid is not None
    with pytest.raises(EngineCrashedError, match=r"stopped unexpectedly.*killed"):
        for event in engine.generate(request):
            if isinstance(event, Chunk):
                os.kill(pid, signal.SIGKILL)
    assert not engine.is_running()
    events = list(engine.generate(GenerationRequest(Action.CONTINUE, STORY, sampling=GREEDY)))
    assert any(isinstance(e, ModelLoaded) for e in events)
    text, _ = collect(events)
    assert_clean(text)
    assert engine.pid != pid


def test_a_probe_that_restarts_the_engine_reloads_the_model(engine: EngineClient) -> None:
    """The window asks about the hardware after each load: if that is the first request
    after a crash, the engine it starts must still have the model."""
    pid = engine.pid
    assert pid is not None
    os.kill(pid, signal.SIGKILL)
    while engine.is_running():
        time.sleep(0.01)
    assert engine.probe(refresh=True).hardware.devices
    assert engine.pid != pid
    text, finished = collect(engine.generate(
        GenerationRequest(Action.CONTINUE, STORY, sampling=GREEDY)))
    assert finished.stats.generated_tokens > 0 and text


def test_new_request_cancels_the_running_one(engine: EngineClient) -> None:
    long_request = GenerationRequest(Action.CONTINUE, STORY,
                                     sampling=SamplingSettings(max_tokens=100_000),
            length=ContinueLength.LONG)
    started = threading.Event()
    results: list[Finished] = []

    def run_long() -> None:
        for event in engine.generate(long_request):
            if isinstance(event, Chunk):
                started.set()
            elif isinstance(event, Finished):
                results.append(event)

    thread = threading.Thread(target=run_long)
    thread.start()
    assert started.wait(30)
    _, second = collect(engine.generate(GenerationRequest(Action.CONTINUE, STORY,
                                                          sampling=GREEDY)))
    thread.join(30)
    assert results and results[0].reason is FinishReason.CANCELLED
    assert second.reason is FinishReason.LENGTH


def test_abandoning_a_stream_keeps_the_engine_in_step(engine: EngineClient) -> None:
    stream = engine.generate(GenerationRequest(Action.CONTINUE, STORY,
                                               sampling=SamplingSettings(max_tokens=100_000),
            length=ContinueLength.LONG))
    for event in stream:
        if isinstance(event, Chunk):
            break
    stream.close()  # type: ignore[attr-defined]
    text, finished = collect(engine.generate(GenerationRequest(Action.CONTINUE, STORY,
                                                               sampling=GREEDY)))
    assert finished.reason is FinishReason.LENGTH and text


def test_generate_without_a_model() -> None:
    client = EngineClient()
    with pytest.raises(GenerationError, match="No model is loaded"):
        client.generate(GenerationRequest(Action.CONTINUE, STORY))
    client.close()


# Malformed models: each gives its own reason ---------------------------------------


def _load_error(path: Path) -> str:
    client = EngineClient()
    try:
        with pytest.raises((ModelFileError, ModelLoadError)) as caught:
            for _ in client.load(LoadSettings(model_path=str(path), n_ctx=512)):
                pass
    finally:
        client.close()
    return str(caught.value)


def test_unknown_architecture_is_refused_before_loading(tmp_path: Path) -> None:
    path = write_tiny_model(tmp_path / "alien.gguf", TinyModelSpec(architecture="alien9000"))
    message = _load_error(path)
    assert "'alien9000'" in message and "does not support" in message


def test_missing_tensor_gives_llama_cpps_reason(tmp_path: Path, tiny_model: Path) -> None:
    data = bytearray(tiny_model.read_bytes())
    index = data.index(b"output_norm.weight")
    data[index : index + 6] = b"xxxxxx"
    (tmp_path / "renamed.gguf").write_bytes(bytes(data))
    message = _load_error(tmp_path / "renamed.gguf")
    assert "llama.cpp" in message and "output_norm" in message


@pytest.mark.parametrize(("content", "expected"), [
    (b"", "empty"),
    (b"PK\x03\x04 this is a zip file", "not a GGUF model file"),
    ("中文文本，不是模型".encode(), "not a GGUF model file"),
], ids=["empty", "zip", "text"])
def test_bad_files_have_their_own_reason(tmp_path: Path, content: bytes,
                                         expected: str) -> None:
    path = tmp_path / "bad.gguf"
    path.write_bytes(content)
    assert expected in _load_error(path)


def test_truncated_file(tmp_path: Path, tiny_model: Path) -> None:
    data = tiny_model.read_bytes()
    (tmp_path / "cut.gguf").write_bytes(data[: len(data) * 2 // 3])
    assert "incomplete" in _load_error(tmp_path / "cut.gguf")


def test_missing_file(tmp_path: Path) -> None:
    assert "does not exist" in _load_error(tmp_path / "gone.gguf")


def test_a_file_refused_up_front_keeps_the_current_model(engine: EngineClient,
                                                        tmp_path: Path) -> None:
    (tmp_path / "bad.gguf").write_bytes(b"nope")
    with pytest.raises(ModelFileError):
        list(engine.load(LoadSettings(model_path=str(tmp_path / "bad.gguf"))))
    text, _ = collect(engine.generate(GenerationRequest(Action.CONTINUE, STORY,
                                                        sampling=GREEDY)))
    assert text


def test_a_failed_load_in_llama_cpp_leaves_no_model(engine: EngineClient,
                                                    tmp_path: Path) -> None:
    path = write_tiny_model(tmp_path / "alien.gguf", TinyModelSpec(architecture="alien9000"))
    with pytest.raises(ModelFileError):
        list(engine.load(LoadSettings(model_path=str(path))))
    with pytest.raises(GenerationError, match="No model is loaded"):
        engine.generate(GenerationRequest(Action.CONTINUE, STORY))


def test_a_context_that_cannot_fit_is_refused_before_loading(tiny_model: Path) -> None:
    client = EngineClient()
    try:
        with pytest.raises(ModelLoadError, match=r"needs about .* of memory with a context "
                                                 r"of 1,000,000,000 tokens, but only"):
            list(client.load(LoadSettings(model_path=str(tiny_model), n_ctx=1_000_000_000,
                                          gpu_layers=0)))
        assert client.pid is None  # llama.cpp never saw it
    finally:
        client.close()


def test_too_little_free_memory_is_refused_with_the_numbers(
        tiny_model: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import writer_app.engine.client as client_module
    from writer_app.core.models.fit import Machine

    monkeypatch.setattr(client_module.Machine, "current",
                        classmethod(lambda cls: Machine(8 * 2**30, 100 * 2**10)))
    client = EngineClient()
    try:
        with pytest.raises(ModelLoadError, match=r"only 100\.00 kB are free"):
            list(client.load(LoadSettings(model_path=str(tiny_model), gpu_layers=0)))
    finally:
        client.close()


def test_loading_after_the_previous_model_file_was_deleted(tiny_model: Path,
                                                           tmp_path: Path) -> None:
    first = tmp_path / "first.gguf"
    first.write_bytes(tiny_model.read_bytes())
    client = EngineClient()
    try:
        list(client.load(LoadSettings(model_path=str(first), n_ctx=512)))
        first.unlink()
        events = list(client.load(LoadSettings(model_path=str(tiny_model), n_ctx=512)))
        assert isinstance(events[-1], ModelLoaded)
    finally:
        client.close()


_GPU_THAT_FAILS = """
import sys
from writer_app.core.models.load_settings import LoadSettings
from writer_app.core.models.hardware import Device, DeviceKind, Hardware
from writer_app.engine import runtime

real_llama = runtime.Llama
def llama(**kwargs):
    if kwargs["n_gpu_layers"]:
        raise ValueError("Failed to load model from file")
    return real_llama(**kwargs)
runtime.Llama = llama
gpu = Device("CUDA", "CUDA0", "Test GPU", DeviceKind.GPU, 64 * 1024**3, 80 * 1024**3)
runtime.read_hardware = lambda: Hardware(("CUDA", "CPU"), (gpu,), ())
engine = runtime.Runtime(runtime.LlamaLog(lambda level, text: None))
info = engine.load(LoadSettings(model_path=sys.argv[1], n_ctx=512), lambda fraction: None)
print(info.backend, info.gpu_layers, info.layer_plan.reason)
engine.unload()
"""


def test_auto_layers_fall_back_to_the_cpu_with_the_reason_when_the_gpu_refuses(
        tiny_model: Path) -> None:
    """Auto's estimate can be wrong for a GPU: the model then loads on the CPU and says
    why. Run on its own, with llama.cpp in a child process as everywhere else."""
    result = subprocess.run([sys.executable, "-c", _GPU_THAT_FAILS, str(tiny_model)],
                            capture_output=True, text=True, timeout=120, check=False)
    assert result.returncode == 0, result.stderr
    backend, layers, reason = result.stdout.strip().split(" ", 2)
    assert (backend, layers) == ("CPU", "0")
    assert reason.startswith("The GPU could not take 3 layers, so the model runs on the CPU.")


_TIMED_PARTS = """
import sys
from writer_app.core.models.load_settings import LoadSettings
from writer_app.core.requests import Action, GenerationRequest, SamplingSettings
from writer_app.engine import runtime

engine = runtime.Runtime(runtime.LlamaLog(lambda level, text: None))
engine.load(LoadSettings(model_path=sys.argv[1], n_ctx=512), lambda fraction: None)
request = GenerationRequest(Action.CONTINUE, "The river was quiet that night.",
                            sampling=SamplingSettings(temperature=0.0, max_tokens=8))
spent = {}
with runtime.timed_parts(spent):
    engine.generate(request, lambda *emitted: None, lambda: False)
inside = dict(spent)
engine.generate(request, lambda *emitted: None, lambda: False)
print(" ".join(sorted(part for part, seconds in spent.items() if seconds > 0)), spent == inside)
engine.unload()
"""


def test_timed_parts_times_each_part_of_a_token_only_while_open(tiny_model: Path) -> None:
    """What the per-token profile reads: every part is timed, and nothing after."""
    result = subprocess.run([sys.executable, "-c", _TIMED_PARTS, str(tiny_model)],
                            capture_output=True, text=True, timeout=120, check=False)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["decode", "piece", "sample", "text_stream", "True"]


@pytest.mark.parametrize("temperature", [0.0, 0.8])
def test_drafting_from_the_prompt_changes_nothing_but_speed(engine: EngineClient,
                                                           temperature: float) -> None:
    passage = STORY * 6
    results = []
    for draft in (False, True):
        sampling = SamplingSettings(temperature=temperature, seed=7, max_tokens=160,
                                    repeat_penalty=1.0, draft_from_prompt=draft)
        results.append(collect(engine.generate(GenerationRequest(
            Action.REWRITE, passage, selection=(0, len(passage)),
            style=RewriteStyle.FIX_GRAMMAR, sampling=sampling))))
    (plain, plain_end), (drafted, drafted_end) = results
    assert drafted == plain
    assert drafted_end.stats.generated_tokens == plain_end.stats.generated_tokens
    assert plain_end.stats.drafted_tokens == 0
    assert drafted_end.stats.drafted_tokens > 0
