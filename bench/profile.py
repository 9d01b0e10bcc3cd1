"""Where each millisecond of a generated token goes, in the engine's own loop.

    .venv/bin/python -m bench.profile MODEL THREADS N_GEN < document.txt

Loads MODEL in this process with the engine's ``Runtime`` (no pipe, no app), continues the
document read from stdin for N_GEN tokens with the app's default sampling, and times every
call of the parts of the loop: llama.cpp's decode, the sampler chain, the token's piece,
the text stream's clean-up and the hand-over (``emit``, which in the engine process writes
to the pipe; here it only counts). What is left of the time between the first and the last
token is the loop's own Python. ``bench.run`` runs it beside the app, llama-server and
llama-bench, so the app's extra time per token (the pipe, the client thread, Qt) is the
difference from this loop's total. Prints one JSON object of milliseconds per token.
"""

from __future__ import annotations

import json
import sys
import time
from typing import Any

from writer_app.core.models.load_settings import LoadSettings
from writer_app.core.requests import Action, GenerationRequest, SamplingSettings
from writer_app.engine import runtime


def profile(model: str, threads: int, n_gen: int, document: str) -> dict[str, float]:
    engine = runtime.Runtime(runtime.LlamaLog(lambda _level, _text: None))
    engine.load(LoadSettings(model_path=model, n_ctx=4096, threads=threads), lambda _: None)
    spent: dict[str, float] = {}
    times: list[float] = []

    def emit(_draft: int, _text: str, tokens: int, _alternatives: object, _thinking: bool) -> None:
        if tokens:
            times.append(time.perf_counter())

    def timed_emit(*args: Any) -> None:
        started = time.perf_counter()
        emit(*args)
        spent["emit"] = spent.get("emit", 0.0) + time.perf_counter() - started

    request = GenerationRequest(Action.CONTINUE, document,
                                sampling=SamplingSettings(seed=1, max_tokens=n_gen))
    engine.generate(request, emit, lambda: False)  # warm-up: threads, caches, the prompt
    times.clear()
    with runtime.timed_parts(spent):
        engine.generate(request, timed_emit, lambda: False)
    # The tokens after the first, and only the time they took: the first is drawn from the
    # prompt's logits.
    tokens = len(times) - 1
    total_ms = (times[-1] - times[0]) / tokens * 1000
    per_token = {part: seconds / tokens * 1000 for part, seconds in spent.items()}
    return {"tokens": tokens, "total_ms": total_ms, **per_token,
            "python_loop": total_ms - sum(per_token.values())}


def main() -> None:
    model, threads, n_gen = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    print(json.dumps(profile(model, threads, n_gen, sys.stdin.read())))


if __name__ == "__main__":
    main()
