"""Several drafts together, and the cost of recording each token's alternatives.

    python bench/drafts.py [--model TRAINED.gguf] [--repetitions 5] [--threads 0]

On the trained model (``--model``, or WRITER_APP_TRAINED_MODEL) and on bench/run.py's
benchmark model, through the app's engine process, with a warm prompt cache:

- the time for 3 drafts of 128 tokens generated together, divided by the time for 1 draft
  of 128 tokens (the goal is 1.5 at most);
- the generation rate with 5 alternatives recorded per token, divided by the rate without
  (the goal is 0.97 at least).

Continue, "longer" length, default sampling, a new seed per repetition; the three kinds of
request alternate so that all see the same machine load, and medians are reported. A draft
that ends before 128 tokens (the model wrote its end of text) makes that run shorter, so
times are divided by the number of batched steps; the share of runs in which every draft
reached 128 tokens is printed beside them. A measurement, not a test.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import sys
import time
from pathlib import Path

import psutil

ROOT = Path(__file__).resolve().parent
sys.path.insert(0, str(ROOT.parent))

from bench.run import PARAGRAPH, RESULTS, bench_model  # noqa: E402
from writer_app.core.models.load_settings import LoadSettings  # noqa: E402
from writer_app.core.protocol import Finished  # noqa: E402
from writer_app.core.requests import (  # noqa: E402
    Action,
    ContinueLength,
    GenerationRequest,
    SamplingSettings,
)
from writer_app.engine.client import EngineClient  # noqa: E402

TOKENS = 128
DOCUMENT = PARAGRAPH * 4


def run(client: EngineClient, seed: int, drafts: int, alternatives: int) -> dict[str, float]:
    """One Continue: wall seconds, batched steps, whether every draft reached ``TOKENS``,
    and the engine's generation rate."""
    request = GenerationRequest(
        Action.CONTINUE, DOCUMENT, length=ContinueLength.LONG, drafts=drafts,
        alternatives=alternatives, sampling=SamplingSettings(seed=seed, max_tokens=TOKENS))
    started = time.perf_counter()
    for event in client.generate(request):
        if isinstance(event, Finished):
            steps = max(draft.generated_tokens for draft in event.drafts)
            return {"seconds": time.perf_counter() - started, "steps": steps,
                    "full": float(all(d.generated_tokens == TOKENS for d in event.drafts)),
                    "rate": event.stats.tokens_per_s}
    raise RuntimeError("the engine ended without finishing")


def measure(model: Path, repetitions: int, threads: int) -> dict[str, float]:
    client = EngineClient()
    runs: dict[str, list[dict[str, float]]] = {"one": [], "three": [], "top-k": []}
    try:
        for _ in client.load(LoadSettings(model_path=str(model), n_ctx=4096,
                                          threads=threads)):
            pass
        run(client, 0, 1, 0)  # reads the document into the cache; the rest reuse it
        for repetition in range(repetitions):
            seed = 100 + repetition
            for name, drafts, alternatives in (("one", 1, 0), ("three", 3, 0),
                                               ("top-k", 1, 5)):
                runs[name].append(run(client, seed, drafts, alternatives))
                print(f"  {model.name} {name}: {runs[name][-1]}", flush=True)
    finally:
        client.close()

    def per_step(name: str) -> float:
        return statistics.median(r["seconds"] / r["steps"] for r in runs[name])

    return {
        "three_drafts_over_one": per_step("three") / per_step("one"),
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
    parser.add_argument("--model", default=os.environ.get("WRITER_APP_TRAINED_MODEL"),
                        help="a trained GGUF model (default: WRITER_APP_TRAINED_MODEL)")
    parser.add_argument("--repetitions", type=int, default=5)
    parser.add_argument("--threads", type=int, default=0, help="0: automatic")
    args = parser.parse_args()
    models = [Path(args.model)] if args.model else []
    models.append(bench_model())
    figures_of = {model.name: measure(model, args.repetitions, args.threads) for model in models}
    results: dict[str, object] = {
        "machine": {"platform": platform.platform(), "processor": platform.processor(),
                    "cores_physical": psutil.cpu_count(logical=False),
                    "cores_logical": psutil.cpu_count(), "threads": args.threads,
                    "load_average_at_end": os.getloadavg()[0]},
        "models": figures_of,
    }
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "drafts.json").write_text(json.dumps(results, indent=2), encoding="utf-8")
    print("| model | 1 draft, s per 128 tokens | 3 drafts, s per 128 steps | 3 / 1 | "
          "runs at full length | tokens/s | top-k on / off |")
    print("|---|---|---|---|---|---|---|")
    for name, figures in figures_of.items():
        print(f"| {name} | {figures['one_draft_s_per_128']:.2f} | "
              f"{figures['three_drafts_s_per_128']:.2f} | "
              f"{figures['three_drafts_over_one']:.2f} | "
              f"{figures['runs_at_full_length']:.0%} | {figures['plain_tokens_per_s']:.1f} | "
              f"{figures['topk_rate_over_plain']:.3f} |")
    print(f"\nwrote {RESULTS / 'drafts.json'}")


if __name__ == "__main__":
    main()
