"""Going back to a document: time to first token against a cold read, on a real model.

    .venv/bin/python -m bench.state_cache MODEL.gguf [REPETITIONS]

Continue on a document of about 2,000 tokens (cold), then on another document, then on the
first again: the engine keeps the first one's KV state when the second replaces it
(``engine/state_cache.py``) and restores it. Prints the medians of the three times to the
first token and "back ÷ cold" (the issue's goal: ≤ 0.05). A benchmark, not a test.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from bench.common import TEXTS, finished, loaded_engine, medians
from writer_app.core.models.cpu import default_threads
from writer_app.core.models.load_settings import LoadSettings
from writer_app.core.requests import Action, GenerationRequest, SamplingSettings
from writer_app.engine.client import EngineClient

SAMPLING = SamplingSettings(temperature=0.0, max_tokens=8)


def _ttft(client: EngineClient, text: str) -> tuple[float, int]:
    stats = finished(client.generate(GenerationRequest(Action.CONTINUE, text,
                                                       sampling=SAMPLING))).stats
    return stats.ttft_s, stats.prompt_tokens


def main() -> None:
    model = Path(sys.argv[1])
    repetitions = int(sys.argv[2]) if len(sys.argv) > 2 else 3
    story = "\n\n".join(path.read_text(encoding="utf-8") for path in sorted(TEXTS.glob("en-*")))
    first, other = story[:9000], story[-9000:][::-1].swapcase()
    rows: dict[str, list[float]] = {"cold_s": [], "other_s": [], "back_s": []}
    tokens = 0
    for repetition in range(repetitions):
        with loaded_engine(LoadSettings(model_path=str(model), n_ctx=4096,
                                        threads=default_threads())) as client:
            marker = f"({repetition})\n"
            cold, tokens = _ttft(client, marker + first)
            rows["cold_s"].append(cold)
            rows["other_s"].append(_ttft(client, marker + other)[0])
            rows["back_s"].append(_ttft(client, marker + first)[0])
    median = medians(rows)
    print(json.dumps({"prompt_tokens": tokens, **median,
                      "back_over_cold": median["back_s"] / median["cold_s"]}, indent=2))


if __name__ == "__main__":
    main()
