"""What several benchmarks share: where their files are, the benchmark model, the trained
model option, a loaded engine, waiting on the app, and writing results."""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import platform
import statistics
import time
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

import psutil

from writer_app.core.models.load_settings import LoadSettings
from writer_app.core.protocol import Chunk, Event, Finished
from writer_app.core.requests import GenerationRequest
from writer_app.engine.client import EngineClient

ROOT = Path(__file__).resolve().parent
TEXTS = ROOT / "texts"
RESULTS = ROOT / "results"
CACHE = ROOT / ".cache"
MODEL_ENV = "WRITER_APP_TRAINED_MODEL"
PARAGRAPH = ("The river was quiet that night, and the lights of the city shook on the water. "
             "She walked along the embankment, counting the bridges.\n")


def bench_model() -> Path:
    """The benchmark's own model: a ~270M-parameter llama (Q8_0, random weights), generated
    once into bench/.cache."""
    import gguf

    from writer_app.testing.tiny_model import TinyModelSpec, write_tiny_model

    path = CACHE / "bench-270m-q8_0.gguf"
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        spec = TinyModelSpec(n_embd=1024, n_layer=16, n_head=16, n_head_kv=16, n_ff=2816,
                             quantization=gguf.GGMLQuantizationType.Q8_0, extra_words=31_500,
                             name="writer-app bench 270M")
        write_tiny_model(path.with_suffix(".tmp"), spec).rename(path)
    return path


def add_model_option(parser: argparse.ArgumentParser) -> None:
    """``--model``: a trained GGUF model, by default the one ``WRITER_APP_TRAINED_MODEL``
    names."""
    parser.add_argument("--model", type=Path, default=os.environ.get(MODEL_ENV),
                        help=f"a trained GGUF model (default: ${MODEL_ENV})")


def require_model(parser: argparse.ArgumentParser, args: argparse.Namespace) -> Path:
    """The ``--model`` given, or the parser's error when there is none."""
    if args.model is None:
        parser.error(f"give --model or set {MODEL_ENV}")
    model: Path = args.model
    return model


@contextlib.contextmanager
def loaded_engine(settings: LoadSettings) -> Iterator[EngineClient]:
    """An engine process with ``settings``' model loaded, closed at the end."""
    client = EngineClient()
    try:
        for _ in client.load(settings):
            pass
        yield client
    finally:
        client.close()


def finished(events: Iterable[Event]) -> Finished:
    """The end of a request's events (the others are dropped)."""
    for event in events:
        if isinstance(event, Finished):
            return event
    raise RuntimeError("the engine ended without finishing")


def timed_answer(client: EngineClient, request: GenerationRequest
                 ) -> tuple[str, float, int, int]:
    """One request's text, generation seconds (prompt reading excluded), tokens and
    tokens taken from drafts."""
    text = []
    for event in client.generate(request):
        if isinstance(event, Chunk):
            text.append(event.text)
        elif isinstance(event, Finished):
            stats = event.stats
            seconds = stats.generated_tokens / stats.tokens_per_s if stats.tokens_per_s else 0.0
            return "".join(text), seconds, stats.generated_tokens, stats.drafted_tokens
    raise RuntimeError("the engine ended without finishing")


def medians(rows: dict[str, list[float]]) -> dict[str, float]:
    return {key: statistics.median(values) for key, values in rows.items()}


def machine(threads: int) -> dict[str, object]:
    """The machine a result was measured on."""
    return {"platform": platform.platform(), "processor": platform.processor(),
            "cores_physical": psutil.cpu_count(logical=False),
            "cores_logical": psutil.cpu_count(), "threads": threads,
            "ram_gb": round(psutil.virtual_memory().total / 2**30, 1)}


def write_results(name: str, results: object) -> Path:
    """Keep ``results`` in bench/results/NAME (not in git); the file's path."""
    RESULTS.mkdir(exist_ok=True)
    path = RESULTS / name
    path.write_text(json.dumps(results, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return path


def wait(condition: Callable[[], bool], timeout_s: float = 600) -> None:
    """Run the Qt event loop, as the app does, until ``condition`` holds.

    A busy loop of processEvents would take a core from llama.cpp on a small machine.
    """
    from PySide6.QtCore import QEventLoop, QTimer

    deadline = time.monotonic() + timeout_s
    loop = QEventLoop()
    check = QTimer()
    # The figures come from the app's own signals, not from this poll: a slow poll only
    # returns later, while a 1 ms one would add a thousand wake-ups a second to the app
    # process being measured.
    check.setInterval(10)

    def poll() -> None:
        if condition() or time.monotonic() > deadline:
            loop.quit()

    check.timeout.connect(poll)
    check.start()
    if not condition():
        loop.exec()
    check.stop()
    if not condition():
        raise TimeoutError("the app did not answer in time")
