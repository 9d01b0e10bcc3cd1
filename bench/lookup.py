"""Prompt-lookup drafting: a grammar fix of a 300-word paragraph with and without it.

    .venv/bin/python -m bench.lookup --model MODEL.gguf [--repetitions 3] [--threads 0]

Runs the app's engine process on a real model, greedy, and alternates the two settings so
both see the same machine load. Prints the generation time of each (prompt reading
excluded), their ratio, how many tokens came from drafts, and whether the texts are the same.
A measurement, not a test.
"""

from __future__ import annotations

import argparse
import statistics
from pathlib import Path

from bench.common import add_model_option, loaded_engine, require_model, timed_answer
from writer_app.core.models.load_settings import LoadSettings
from writer_app.core.requests import Action, GenerationRequest, RewriteStyle, SamplingSettings
from writer_app.engine.client import EngineClient

# About 300 words with a few slips, as a writer's draft has them (the trained-model test
# of prompt lookup reads the same file).
PARAGRAPH = (Path(__file__).parent / "texts" / "en-lighthouse-paragraph.txt").read_text(
    encoding="utf-8").strip()


def run(client: EngineClient, draft: bool) -> tuple[str, float, int, int]:
    """The text, the generation seconds, the tokens and the drafted tokens of one fix."""
    sampling = SamplingSettings(temperature=0.0, max_tokens=1024, draft_from_prompt=draft)
    request = GenerationRequest(Action.REWRITE, PARAGRAPH, selection=(0, len(PARAGRAPH)),
                                style=RewriteStyle.FIX_GRAMMAR, sampling=sampling)
    return timed_answer(client, request)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    add_model_option(parser)
    parser.add_argument("--repetitions", type=int, default=3)
    parser.add_argument("--threads", type=int, default=0)
    args = parser.parse_args()
    model = require_model(parser, args)
    with loaded_engine(LoadSettings(model_path=str(model), n_ctx=4096,
                                    threads=args.threads)) as client:
        run(client, draft=False)  # warm the prompt cache: both runs then read only the task
        times: dict[bool, list[float]] = {False: [], True: []}
        texts: dict[bool, str] = {}
        tokens_of: dict[bool, int] = {}
        for _ in range(args.repetitions):
            for draft in (False, True):
                text, seconds, tokens, drafted = run(client, draft)
                times[draft].append(seconds)
                texts[draft] = text
                tokens_of[draft] = tokens
                print(f"{'drafting' if draft else 'plain   '}: {tokens} tokens in "
                      f"{seconds:.2f} s, {drafted} from drafts")
    plain, drafting = statistics.median(times[False]), statistics.median(times[True])
    print(f"words in the paragraph: {len(PARAGRAPH.split())}")
    if texts[False] == texts[True]:
        print(f"same text; generation time, drafting / plain (median of {args.repetitions}): "
              f"{drafting / plain:.2f}")
    else:
        # Batched and one-token evaluation round differently in llama.cpp, so a near tie can
        # go the other way and the two answers part; their times then measure other texts.
        print("the texts differ (a near tie went the other way in batched evaluation); "
              f"ms per token, plain {1000 * plain / tokens_of[False]:.1f}, drafting "
              f"{1000 * drafting / tokens_of[True]:.1f}")

if __name__ == "__main__":
    main()
