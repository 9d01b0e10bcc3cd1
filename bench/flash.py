"""The engine's flash attention choice against llama.cpp's best, in one run, in turns.

    .venv/bin/python -m bench.flash [--threads N] [--tokens 128] [--repetitions 3] [--quick]

On bench.run's benchmark model (a ~270M-parameter llama, Q8_0, random weights), with the
same threads, and a data folder of its own (so the engine measures flash attention at its
first load, as on a writer's first start):

- the app's engine process (``EngineClient``, as the CLI and the editor use it): its
  generation rate (Continue, default sampling, ``--tokens`` tokens) with a document of 0,
  900 and 2,000 tokens before it, and its reading rate for a document of 900 and 2,000
  tokens read cold (each depth and repetition starts with its own characters, so nothing
  is reused: an earlier version read the 2,000-token document after the 900-token one
  with the same start, 900 tokens already in the cache);
- llama-bench, built from the same llama.cpp, with flash attention off and on: ``tg`` at
  the same depths and ``pp`` of the same lengths;
- each app figure divided by the better of llama-bench's two configurations.

The two take turns, one repetition of each at a time (the engine is loaded again for each),
so a machine that slows down for a while slows both sides of a ratio.

It also prints what the engine chose, what its own measurement found and how long that
took. ``--quick`` checks that it all works in a minute or two: 16 tokens, one repetition,
depths a tenth as deep; its figures mean little. A benchmark, not a test.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import tempfile
from pathlib import Path
from typing import Any

from bench.common import PARAGRAPH, bench_model, finished, loaded_engine, machine, write_results
from bench.llama_bench import llama_tool
from writer_app.core.models.cpu import default_threads
from writer_app.core.models.load_settings import LoadSettings
from writer_app.core.paths import HOME_ENV
from writer_app.core.protocol import GenerationStats
from writer_app.core.requests import Action, ContinueLength, GenerationRequest, SamplingSettings
from writer_app.engine.client import EngineClient
from writer_app.engine.devices import read_hardware

GENERATION_DEPTHS = (0, 900, 2000)
READING_LENGTHS = (900, 2000)
N_CTX = 4096


def _continue(client: EngineClient, text: str, tokens: int, seed: int) -> GenerationStats:
    request = GenerationRequest(Action.CONTINUE, text, length=ContinueLength.LONG,
                                sampling=SamplingSettings(seed=seed, max_tokens=tokens))
    return finished(client.generate(request)).stats


def _text(length: int, start: str) -> str:
    return (start + PARAGRAPH * (1 + length // len(PARAGRAPH)))[:length]


def _fitted_length(client: EngineClient, depth: int) -> int:
    """How many characters make a Continue prompt of about ``depth`` tokens, fitted from
    what the engine counts (the prompt adds its own tokens)."""
    length = depth
    for _ in range(2):
        counted = _continue(client, _text(length, "#"), 1, 0).prompt_tokens
        length = max(1, round(length * depth / counted))
    return length


def app_rates(model: Path, *, threads: int, tokens: int, repetition: int,
              scale: float) -> dict[str, Any]:
    """The engine's rates at each depth, once, and its flash attention choice (the engine
    runs with a data folder of the caller's, so it measures at its first load)."""
    generation: dict[int, float] = {}
    reading: dict[int, float] = {}
    prompts: dict[str, int] = {}
    with loaded_engine(LoadSettings(model_path=str(model), n_ctx=N_CTX,
                                    threads=threads)) as client:
        assert client.model is not None
        choice = client.model.flash_attention
        for index, depth in enumerate(sorted({*GENERATION_DEPTHS, *READING_LENGTHS})):
            length = _fitted_length(client, int(depth * scale)) if depth else 0
            # Its own start for each depth and repetition: the cache has nothing to reuse.
            text = _text(length, f"{chr(ord('A') + index)}{repetition}") or "A"
            stats = _continue(client, text, tokens, 100 + repetition)
            prompts[f"depth {depth}"] = stats.prompt_tokens
            print(f"  app, depth {int(depth * scale)}: {stats.prompt_tokens} prompt "
                  f"tokens read at {stats.prompt_tokens_processed / stats.prompt_s:.1f}/s, "
                  f"{stats.generated_tokens} written at {stats.tokens_per_s:.1f}/s",
                  flush=True)
            if depth in GENERATION_DEPTHS:
                generation[depth] = stats.tokens_per_s
            if depth in READING_LENGTHS:
                reading[depth] = stats.prompt_tokens_processed / stats.prompt_s
    return {"generation": generation, "reading": reading, "prompt_tokens": prompts,
            "flash_attention": choice.as_json() if choice is not None else None}


def llama_bench_rates(model: Path, threads: int, tokens: int, repetitions: int,
                      scale: float) -> dict[str, dict[int, float]]:
    """llama-bench's rates with flash attention off (``fa0``) and on (``fa1``): ``tg`` at
    each depth and ``pp`` of each length, keyed ``tg-fa0`` and so on."""
    common = [str(llama_tool("llama-bench")), "-m", str(model), "-t", str(threads),
              "-fa", "0,1", "-r", str(repetitions), "-o", "json",
              "--repack", "1" if read_hardware().repacks_weights else "0"]
    depths = ",".join(str(int(d * scale)) for d in GENERATION_DEPTHS)
    lengths = ",".join(str(int(n * scale)) for n in READING_LENGTHS)
    rows = []
    for arguments in (["-p", "0", "-n", str(tokens), "-d", depths],
                      ["-p", lengths, "-n", "0", "-d", "0"]):
        output = subprocess.run([*common, *arguments], check=True, capture_output=True,
                                text=True).stdout
        rows += json.loads(output)
    rates: dict[str, dict[int, float]] = {}
    for row in rows:
        flash = int(row.get("flash_attn", 0))
        if row.get("n_gen", 0) > 0:
            depth = round(int(row.get("n_depth", 0)) / scale)
            rates.setdefault(f"tg-fa{flash}", {})[depth] = float(row["avg_ts"])
        else:
            length = round(int(row["n_prompt"]) / scale)
            rates.setdefault(f"pp-fa{flash}", {})[length] = float(row["avg_ts"])
    return rates


def _medians(runs: list[Any]) -> dict[int, float]:
    """Each depth's median over ``runs`` (each a depth's figure)."""
    return {depth: statistics.median(run[depth] for run in runs) for depth in runs[0]}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--threads", type=int, default=0, help="0: automatic")
    parser.add_argument("--tokens", type=int, default=128)
    parser.add_argument("--repetitions", type=int, default=3)
    parser.add_argument("--quick", action="store_true",
                        help="16 tokens, one repetition, depths a tenth as deep")
    args = parser.parse_args()
    threads = args.threads or default_threads()
    tokens, repetitions, scale = ((16, 1, 0.1) if args.quick
                                  else (args.tokens, args.repetitions, 1.0))
    model = bench_model()
    with tempfile.TemporaryDirectory(prefix="bench-flash-") as home:
        os.environ[HOME_ENV] = home
        # Taking turns, a repetition of each at a time: a machine that slows for a while
        # (a virtual machine's neighbours) slows both, not one side of the ratio.
        app_runs, bench_runs = [], []
        for repetition in range(repetitions):
            app_runs.append(app_rates(model, threads=threads, tokens=tokens,
                                      repetition=repetition, scale=scale))
            bench_runs.append(llama_bench_rates(model, threads, tokens, 1, scale))
    app = {**app_runs[0], "generation": _medians([run["generation"] for run in app_runs]),
           "reading": _medians([run["reading"] for run in app_runs])}
    bench = {key: _medians([run[key] for run in bench_runs]) for key in bench_runs[0]}
    table = []
    for kind, figures, depths in (("generation", "tg", GENERATION_DEPTHS),
                                  ("reading", "pp", READING_LENGTHS)):
        ours: dict[int, float] = app[kind]
        for depth in depths:
            off, on = bench[f"{figures}-fa0"][depth], bench[f"{figures}-fa1"][depth]
            table.append({"figure": kind, "depth": int(depth * scale), "app": ours[depth],
                          "llama_bench_fa_off": off, "llama_bench_fa_on": on,
                          "app_over_best": ours[depth] / max(off, on)})
    results = {"machine": {**machine(threads), "load_average_at_end": os.getloadavg()[0]},
               "quick": args.quick, "tokens": tokens, "repetitions": repetitions,
               "prompt_tokens": app["prompt_tokens"], "flash_attention": app["flash_attention"],
               "table": table}
    path = write_results("flash.json", results)
    choice = app["flash_attention"]
    if isinstance(choice, dict):
        measured = choice["measurement"] or {}
        print(f"\nflash attention: {'on' if choice['on'] else 'off'} ({choice['reason']}, "
              f"decided by {choice['decided_by']}, {choice['gain']:.0%} faster); the engine's "
              f"measurement took {measured.get('seconds', 0):.2f} s at depth "
              f"{measured.get('depth', 0)}, {measured.get('steps', 0)} tokens written")
    print("\n| figure | app | llama-bench, flash attention off | llama-bench, on | "
          "app / best |")
    print("|---|---|---|---|---|")
    for row in table:
        name = (f"tokens/s written, depth {row['depth']:,}" if row["figure"] == "generation"
                else f"tokens/s read, {row['depth']:,}-token document")
        print(f"| {name} | {row['app']:.1f} | {row['llama_bench_fa_off']:.1f} | "
              f"{row['llama_bench_fa_on']:.1f} | {row['app_over_best']:.2f} |")
    print(f"\nwrote {path}")


if __name__ == "__main__":
    main()
