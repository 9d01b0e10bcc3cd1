"""Continue on a busy machine: the generation rate when another process keeps one core busy.

    .venv/bin/python -m bench.busy [--model MODEL.gguf] [--tokens 64] [--repetitions 3]
                                   [--threads 0]

A writer's laptop always has something else running. llama.cpp's threads meet at a barrier
after every matrix of every layer; with the OpenMP runtime of a Linux build (GNU libgomp),
a thread that arrives first spins for about 300,000 iterations (a few milliseconds) before
it sleeps. When one core is shared with another busy process, the thread there gets the
core only every few milliseconds, and its partner spins through each of those waits on
the other core instead of letting the scheduler move work onto it.

Through the app's engine process (Continue, the default sampling, a new seed each time,
the prompt already read), this prints the generation rate on a quiet machine and with one
competing process (a busy loop at normal priority), for each way of waiting:

- ``libgomp's default``: ``GOMP_SPINCOUNT=300000``, what llama.cpp does on its own;
- ``spin N``: ``GOMP_SPINCOUNT=N``;
- ``passive``: ``OMP_WAIT_POLICY=PASSIVE``, which every OpenMP runtime reads (no spinning);
- ``the app's choice``: the environment says nothing, so the engine sets its own
  (``core/models/cpu.py`` ``WAIT_POLICY``).

Each configuration is a new engine process (the OpenMP runtime reads its settings once, when
it is loaded). A measurement, not a test: run it on an otherwise quiet machine.
"""

from __future__ import annotations

import argparse
import contextlib
import multiprocessing
import os
import statistics
from collections.abc import Iterator
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
from writer_app.core.models.cpu import OPENMP_WAIT_VARIABLES, default_threads
from writer_app.core.models.load_settings import LoadSettings
from writer_app.core.requests import Action, ContinueLength, GenerationRequest, SamplingSettings

DOCUMENT = PARAGRAPH * 4
LIBGOMP_DEFAULT_SPINS = 300_000
WAYS = {
    "libgomp's default": {"GOMP_SPINCOUNT": str(LIBGOMP_DEFAULT_SPINS)},
    "spin 10000": {"GOMP_SPINCOUNT": "10000"},
    "spin 1000": {"GOMP_SPINCOUNT": "1000"},
    "passive": {"OMP_WAIT_POLICY": "PASSIVE"},
    "the app's choice": {},
}


def _spin() -> None:
    while True:
        pass


@contextlib.contextmanager
def competing(busy: bool) -> Iterator[None]:
    """One process keeping a core busy at normal priority while the block runs."""
    if not busy:
        yield
        return
    process = multiprocessing.get_context("spawn").Process(target=_spin, daemon=True)
    process.start()
    try:
        yield
    finally:
        process.kill()
        process.join()


@contextlib.contextmanager
def environment(values: dict[str, str]) -> Iterator[None]:
    """The engine process's environment: ``values``, and no other OpenMP wait setting."""
    saved = {name: os.environ.get(name) for name in (*OPENMP_WAIT_VARIABLES, *values)}
    for name in OPENMP_WAIT_VARIABLES:
        os.environ.pop(name, None)
    os.environ.update(values)
    try:
        yield
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


def rates(model: Path, way: dict[str, str], busy: bool, *, tokens: int, repetitions: int,
          threads: int) -> list[float]:
    """Generation rates (tokens/s) of ``repetitions`` Continues."""
    found = []
    with environment(way), loaded_engine(LoadSettings(model_path=str(model), n_ctx=2048,
                                                      threads=threads)) as client:
        def run(seed: int) -> float:
            request = GenerationRequest(
                Action.CONTINUE, DOCUMENT, length=ContinueLength.LONG,
                sampling=SamplingSettings(seed=seed, max_tokens=tokens))
            return finished(client.generate(request)).stats.tokens_per_s

        run(0)  # reads the document; the measured runs reuse it
        with competing(busy):
            for repetition in range(repetitions):
                found.append(run(100 + repetition))
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    add_model_option(parser)
    parser.add_argument("--tokens", type=int, default=64)
    parser.add_argument("--repetitions", type=int, default=3)
    parser.add_argument("--threads", type=int, default=0, help="0: automatic")
    args = parser.parse_args()
    model = args.model or bench_model()
    threads = args.threads or default_threads()
    table: dict[str, dict[str, float]] = {}
    for name, way in WAYS.items():
        table[name] = {}
        for busy in (False, True):
            found = rates(model, way, busy, tokens=args.tokens, repetitions=args.repetitions,
                          threads=threads)
            table[name]["busy" if busy else "quiet"] = statistics.median(found)
            print(f"  {name}, {'one core busy' if busy else 'quiet'}: "
                  f"{', '.join(f'{rate:.1f}' for rate in found)} tokens/s", flush=True)
    best_quiet = max(row["quiet"] for row in table.values())
    path = write_results("busy.json", {"machine": machine(threads), "model": model.name,
                                       "tokens": args.tokens, "rates": table})
    print(f"\n{model.name}, {threads} threads, {args.tokens} tokens, medians of "
          f"{args.repetitions}\n")
    print("| way of waiting | quiet, tokens/s | one core busy, tokens/s | busy / quiet | "
          "quiet / best quiet |")
    print("|---|---|---|---|---|")
    for name, row in table.items():
        print(f"| {name} | {row['quiet']:.1f} | {row['busy']:.1f} | "
              f"{row['busy'] / row['quiet']:.2f} | {row['quiet'] / best_quiet:.2f} |")
    print(f"\nwrote {path}")


if __name__ == "__main__":
    main()
