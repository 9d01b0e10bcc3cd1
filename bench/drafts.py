"""Several drafts together, and the cost of recording each token's alternatives.

    .venv/bin/python -m bench.drafts [--model TRAINED.gguf] [--repetitions 5] [--threads 0]

On the trained model (``--model``, or WRITER_APP_TRAINED_MODEL) and on bench.run's
benchmark model, through the app's engine process, with a warm prompt cache:

- the time for 3 drafts of 128 tokens generated together, divided by the time for 1 draft
  of 128 tokens (the goal is 1.5 at most);
- the generation rate with 5 alternatives recorded per token, divided by the rate without
  (the goal is 0.97 at least);
- the anchor: llama.cpp's own llama-batched-bench on the same model and threads, 1 and 3
  sequences after a prompt of the document's length, every row's logits computed, with
  flash attention off and on. Where its 3 / 1 is as high as the app's, the cost is
  llama.cpp's batched step on this CPU, not the app's loop.

Continue, "longer" length, default sampling, a new seed per repetition; the three kinds of
request alternate so that all see the same machine load, and medians are reported. A draft
that ends before 128 tokens (the model wrote its end of text) makes that run shorter, so
times are divided by the number of batched steps; the share of runs in which every draft
reached 128 tokens is printed beside them. A measurement, not a test.
"""

from __future__ import annotations

import argparse
import os
import statistics
import time
from pathlib import Path

from bench.common import (
    PARAGRAPH,
    add_model_option,
    bench_model,
    finished,
    loaded_engine,
    machine,
    write_results,
)
from bench.llama_bench import run_batched_bench
from writer_app.core.models.cpu import default_threads
from writer_app.core.models.load_settings import LoadSettings
from writer_app.core.requests import Action, ContinueLength, GenerationRequest, SamplingSettings
from writer_app.engine.client import EngineClient

TOKENS = 128
DOCUMENT = PARAGRAPH * 4
# About the number of tokens DOCUMENT and the Continue prompt around it make.
PROMPT_TOKENS = 150


def run(client: EngineClient, seed: int, drafts: int, alternatives: int) -> dict[str, float]:
    """One Continue: wall seconds, batched steps, whether every draft reached ``TOKENS``,
    and the engine's generation rate."""
    request = GenerationRequest(
        Action.CONTINUE, DOCUMENT, length=ContinueLength.LONG, drafts=drafts,
        alternatives=alternatives, sampling=SamplingSettings(seed=seed, max_tokens=TOKENS))
    started = time.perf_counter()
    end = finished(client.generate(request))
    return {"seconds": time.perf_counter() - started,
            "steps": max(draft.generated_tokens for draft in end.drafts),
            "full": float(all(d.generated_tokens == TOKENS for d in end.drafts)),
            "rate": end.stats.tokens_per_s}


def measure(model: Path, repetitions: int, threads: int) -> dict[str, float]:
    runs: dict[str, list[dict[str, float]]] = {"one": [], "three": [], "top-k": []}
    with loaded_engine(LoadSettings(model_path=str(model), n_ctx=4096,
                                    threads=threads)) as client:
        assert client.model is not None
        choice = client.model.flash_attention
        run(client, 0, 1, 0)  # reads the document into the cache; the rest reuse it
        for repetition in range(repetitions):
            seed = 100 + repetition
            for name, drafts, alternatives in (("one", 1, 0), ("three", 3, 0),
                                               ("top-k", 1, 5)):
                runs[name].append(run(client, seed, drafts, alternatives))
                print(f"  {model.name} {name}: {runs[name][-1]}", flush=True)

    def per_step(name: str) -> float:
        return statistics.median(r["seconds"] / r["steps"] for r in runs[name])

    anchor = {flash: run_batched_bench(model, threads or default_threads(), depth=PROMPT_TOKENS,
                                       n_gen=TOKENS, parallel=[1, 3], flash_attention=flash)
              for flash in (False, True)}
    return {
        "three_drafts_over_one": per_step("three") / per_step("one"),
        "measured_at_load": choice.drafts_cost() if choice is not None else 0.0,
        "llama_cpp_three_over_one_flash_off": anchor[False][3] / anchor[False][1],
        "llama_cpp_three_over_one_flash_on": anchor[True][3] / anchor[True][1],
        "llama_cpp_one_step_s": min(steps[1] for steps in anchor.values()),
        "one_draft_s_per_128": per_step("one") * TOKENS,
        "three_drafts_s_per_128": per_step("three") * TOKENS,
        "runs_at_full_length": statistics.mean(r["full"] for name in ("one", "three")
                                               for r in runs[name]),
        "topk_rate_over_plain": statistics.median(r["rate"] for r in runs["top-k"])
        / statistics.median(r["rate"] for r in runs["one"]),
        "plain_tokens_per_s": statistics.median(r["rate"] for r in runs["one"]),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    add_model_option(parser)
    parser.add_argument("--repetitions", type=int, default=5)
    parser.add_argument("--threads", type=int, default=0, help="0: automatic")
    args = parser.parse_args()
    models = [args.model] if args.model else []
    models.append(bench_model())
    figures_of = {model.name: measure(model, args.repetitions, args.threads) for model in models}
    results: dict[str, object] = {
        "machine": {**machine(args.threads), "load_average_at_end": os.getloadavg()[0]},
        "models": figures_of,
    }
    path = write_results("drafts.json", results)
    print("| model | 1 draft, s per 128 tokens | 3 drafts, s per 128 steps | 3 / 1 | "
          "3 / 1 measured at the load (Settings) | "
          "llama-batched-bench 3 / 1, flash attention off / on | runs at full length | "
          "tokens/s | top-k on / off |")
    print("|---|---|---|---|---|---|---|---|---|")
    for name, figures in figures_of.items():
        print(f"| {name} | {figures['one_draft_s_per_128']:.2f} | "
              f"{figures['three_drafts_s_per_128']:.2f} | "
              f"{figures['three_drafts_over_one']:.2f} | "
              f"{figures['measured_at_load']:.2f} | "
              f"{figures['llama_cpp_three_over_one_flash_off']:.2f} / "
              f"{figures['llama_cpp_three_over_one_flash_on']:.2f} | "
              f"{figures['runs_at_full_length']:.0%} | {figures['plain_tokens_per_s']:.1f} | "
              f"{figures['topk_rate_over_plain']:.3f} |")
    print(f"\nwrote {path}")


if __name__ == "__main__":
    main()
