"""Compose and long summaries on a real model: what the KV cache saves, and what a long
summary costs.

    .venv/bin/python -m bench.compose --model MODEL.gguf [--repetitions 3] [--threads 0]

1. Time to first token of section 2 of a composed draft, with the brief and the outline
   still in the KV cache from section 1 (warm), against the same request after an
   unrelated one has pushed them out (cold). The two alternate so both see the same load.
2. A map-reduce summary of a text several times the context window: total seconds, and
   seconds per 1,000 tokens read in the map phase (the parts plus their instructions).

A measurement, not a test.
"""

from __future__ import annotations

import argparse
import statistics
import time
from collections.abc import Iterator

from bench.common import TEXTS, add_model_option, loaded_engine, require_model
from writer_app.core.models.load_settings import LoadSettings
from writer_app.core.plans.compose import Brief, ComposePlan
from writer_app.core.plans.headless import run_request
from writer_app.core.plans.long_summary import LongSummary, Phase, summarize_long
from writer_app.core.plans.templates import load_library
from writer_app.core.protocol import Event, Finished, GenerationStats
from writer_app.core.requests import Action, GenerationRequest, SamplingSettings
from writer_app.engine.client import EngineClient

OUTLINE = ("1. Why a balcony works: light, shelter and a tap nearby\n"
           "2. Choosing the plants: small varieties that like pots\n"
           "3. Pots and compost: what to buy and what to make\n"
           "4. Care through the summer: water, food and support\n")


class Recorder:
    """The engine, with the statistics of every request it finished."""

    def __init__(self, client: EngineClient) -> None:
        self.client = client
        self.stats: list[GenerationStats] = []

    def generate(self, request: GenerationRequest) -> Iterator[Event]:
        for event in self.client.generate(request):
            if isinstance(event, Finished):
                self.stats.append(event.stats)
            yield event


def section_two(client: EngineClient, repetitions: int) -> None:
    brief = Brief(load_library(None).get("article"), "Growing tomatoes on a city balcony",
                  ("sunlight", "compost"), length=800, sections=4)
    plan = ComposePlan(brief, SamplingSettings(temperature=0.0, max_tokens=1))
    plan.set_outline(OUTLINE)
    first = run_request(client, plan.section_request(0, ""))
    draft = plan.section_start(0, "") + (first.text or "Light matters most.")
    second = plan.section_request(1, draft + plan.section_start(1, draft))
    second = GenerationRequest(Action.COMPOSE, second.text, instruction=second.instruction,
                               sampling=SamplingSettings(temperature=0.0, max_tokens=1))
    other = GenerationRequest(Action.SUMMARIZE, (TEXTS / "en-essay-walking.txt").read_text(),
                              sampling=SamplingSettings(temperature=0.0, max_tokens=1))
    warm: list[float] = []
    cold: list[float] = []
    read = {"warm": 0, "cold": 0}
    tokens = 0
    for _ in range(repetitions):
        run_request(client, plan.section_request(0, ""))  # section 1's prefix in the cache
        step = run_request(client, second)
        assert step.stats is not None
        warm.append(step.stats.ttft_s)
        read["warm"] = step.stats.prompt_tokens_processed
        run_request(client, other)  # an unrelated prompt replaces the cache
        step = run_request(client, second)
        assert step.stats is not None
        cold.append(step.stats.ttft_s)
        read["cold"] = step.stats.prompt_tokens_processed
        tokens = step.stats.prompt_tokens
    w, c = statistics.median(warm), statistics.median(cold)
    print(f"section 2: {tokens} prompt tokens, {read['warm']} read warm and {read['cold']} "
          f"cold; time to first token warm {1000 * w:.0f} ms, cold {1000 * c:.0f} ms, "
          f"warm / cold {w / c:.2f} (median of {repetitions})")


def long_summary(client: EngineClient, n_ctx: int, copies: int) -> None:
    text = "\n\n".join([(TEXTS / "en-long-clockmaker.txt").read_text(encoding="utf-8")]
                       * copies)
    recorder = Recorder(client)
    summary = LongSummary(text, n_ctx, SamplingSettings(temperature=0.0, seed=1))
    phases: list[Phase] = []
    started = time.perf_counter()
    summarize_long(recorder, summary, lambda progress: phases.append(progress.phase))
    seconds = time.perf_counter() - started
    map_tokens = sum(stats.prompt_tokens for stats, phase in zip(recorder.stats, phases,
                                                                   strict=True)
                     if phase is Phase.MAP)
    print(f"long summary: {len(text):,} characters in {len(summary.parts)} parts, "
          f"{len(recorder.stats)} requests, {seconds:.1f} s; {map_tokens:,} tokens read in "
          f"the map phase; {1000 * seconds / map_tokens:.2f} s per 1,000 of them")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    add_model_option(parser)
    parser.add_argument("--repetitions", type=int, default=3)
    parser.add_argument("--threads", type=int, default=0)
    parser.add_argument("--ctx-size", type=int, default=4096)
    parser.add_argument("--copies", type=int, default=4,
                        help="how many times the long text is repeated for the summary")
    args = parser.parse_args()
    model = require_model(parser, args)
    with loaded_engine(LoadSettings(model_path=str(model), n_ctx=args.ctx_size,
                                    threads=args.threads)) as client:
        section_two(client, args.repetitions)
        long_summary(client, args.ctx_size, args.copies)


if __name__ == "__main__":
    main()
