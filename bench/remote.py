"""What writer-app's remote engine costs on top of the server, measured on 127.0.0.1.

    .venv/bin/python -m bench.remote [TOKENS] [REPETITIONS]
    .venv/bin/python -m bench.remote --llama-server MODEL.gguf [TOKENS] [REPETITIONS] [THREADS]

A loopback server of ours streams TOKENS one-word events as fast as it can. The same
Continue request is read, in turn, by a bare streaming client (httpx + httpx-sse, nothing
else) and by ``RemoteEngine`` (prompt building, JSON, text clean-up, events). Printed
(medians): the client's CPU time per token for each, the time to the first token for each,
and what the difference means: the share of a server's generation rate that reaches the
writer at 50, 200 and 1000 tokens/s, and the milliseconds writer-app adds before the
first token. The server's own speed does not enter: it is the same for both readers.

With ``--llama-server``, the server is llama.cpp's own llama-server (built from the vendored
sources, see bench.llama_bench) on MODEL, and the figures are the issue's: the generation
rate the writer sees through ``RemoteEngine`` (tokens after the first ÷ the time between the
first and the last) ÷ the rate llama-server reports for the same request
(``timings.predicted_per_second``), and the time to the first token through ``RemoteEngine``
minus a bare client's, medians over REPETITIONS alternating runs.
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

import httpx
from httpx_sse import EventSource

from bench.common import PARAGRAPH, medians
from bench.llama_bench import llama_tool
from writer_app.core.models.cpu import default_threads
from writer_app.core.models.load_settings import LoadSettings
from writer_app.core.protocol import Chunk
from writer_app.core.requests import Action, ContinueLength, GenerationRequest, SamplingSettings
from writer_app.core.sources.servers import ServerConfig
from writer_app.engine.remote import RemoteEngine, build_server_prompt
from writer_app.testing.openai_server import MODEL, BrokenServer, LlamaServer

TEXT = PARAGRAPH * 40


def bare(client: httpx.Client, body: dict[str, object]) -> tuple[float, float]:
    """Seconds to the first token, and CPU seconds per token, of a client doing nothing else."""
    started, cpu = time.perf_counter(), time.thread_time()
    first, count, _ = _read(client, body)
    return first - started, (time.thread_time() - cpu) / count


def _read(client: httpx.Client, body: dict[str, object]) -> tuple[float, int, dict[str, float]]:
    """When the first token came, how many came, and the server's ``timings`` if it sent any."""
    first, count = 0.0, 0
    timings: dict[str, float] = {}
    with client.stream("POST", "/v1/completions", json=body) as response:
        for event in EventSource(response).iter_sse():
            if event.data.strip() == "[DONE]":
                break
            data = json.loads(event.data)
            timings = data.get("timings", timings)
            if data["choices"] and data["choices"][0].get("text"):
                first = first or time.perf_counter()
                count += 1
    return first, count, timings


def through_engine(engine: RemoteEngine, request: GenerationRequest) -> tuple[float, float]:
    started, cpu = time.perf_counter(), time.thread_time()
    first, count = 0.0, 0
    for event in engine.generate(request):
        if isinstance(event, Chunk) and event.tokens:
            first = first or time.perf_counter()
            count += event.tokens
    return first - started, (time.thread_time() - cpu) / count


def against_llama_server(model: Path, tokens: int, repetitions: int,
                         threads: int) -> dict[str, float]:
    """The issue's two figures against llama-server on ``model`` with ``threads`` threads."""
    request = GenerationRequest(Action.CONTINUE, TEXT[:2000], length=ContinueLength.LONG,
                                sampling=SamplingSettings(temperature=0.0, max_tokens=tokens))
    rows: dict[str, list[float]] = {"server_rate": [], "engine_rate": [], "bare_ttft_s": [],
                                    "engine_ttft_s": []}
    with LlamaServer(llama_tool("llama-server"), model, n_ctx=4096, slots=1,
                     threads=threads) as server, \
            httpx.Client(base_url=server.url.removesuffix("/v1"), timeout=120,
                         trust_env=False) as client:
        engine = RemoteEngine(ServerConfig(url=server.url, model=MODEL))
        for _ in engine.load(LoadSettings(model_path="", n_ctx=4096)):
            pass
        body = engine.request_body(request, build_server_prompt(request, 4096),
                                   request.sampling.seed)
        _read(client, body)  # the prompt is in the server's cache for every run after
        for _ in range(repetitions):
            started = time.perf_counter()
            first, _count, timings = _read(client, body)
            rows["bare_ttft_s"].append(first - started)
            rows["server_rate"].append(float(timings["predicted_per_second"]))
            started = time.perf_counter()
            first = last = 0.0
            count = 0
            for event in engine.generate(request):
                if isinstance(event, Chunk) and event.tokens:
                    last = time.perf_counter()
                    first = first or last
                    count += event.tokens
            rows["engine_ttft_s"].append(first - started)
            rows["engine_rate"].append((count - 1) / (last - first))
        engine.close()
    median = medians(rows)
    return {"tokens": tokens, **median,
            "rate_ratio": median["engine_rate"] / median["server_rate"],
            "ttft_added_ms": 1000 * (median["engine_ttft_s"] - median["bare_ttft_s"])}


def main() -> None:
    arguments = sys.argv[1:]
    if arguments[:1] == ["--llama-server"]:
        model, numbers = Path(arguments[1]), [int(value) for value in arguments[2:]]
        print(json.dumps(against_llama_server(
            model, *(numbers + [256, 7, default_threads()][len(numbers):])), indent=2))
        return
    tokens = int(arguments[0]) if arguments else 2000
    repetitions = int(arguments[1]) if len(arguments) > 1 else 7
    request = GenerationRequest(Action.CONTINUE, TEXT, length=ContinueLength.LONG,
                                sampling=SamplingSettings(temperature=0.0, max_tokens=tokens))
    rows: dict[str, list[float]] = {"bare_ttft_s": [], "bare_cpu_per_token_s": [],
                                    "engine_ttft_s": [], "engine_cpu_per_token_s": []}
    with BrokenServer() as server, httpx.Client(
            base_url=server.url.removesuffix("/v1"), timeout=60, trust_env=False) as client:
        server.state.chunks = ("word ",) * tokens
        engine = RemoteEngine(ServerConfig(url=server.url, model=MODEL))
        for _ in engine.load(LoadSettings(model_path="", n_ctx=8192)):
            pass
        body = engine.request_body(request, build_server_prompt(request, 8192),
                                   request.sampling.seed)
        for _ in range(repetitions):
            for name, (ttft, cpu) in (("bare", bare(client, body)),
                                      ("engine", through_engine(engine, request))):
                rows[f"{name}_ttft_s"].append(ttft)
                rows[f"{name}_cpu_per_token_s"].append(cpu)
        engine.close()
    median = medians(rows)
    extra = median["engine_cpu_per_token_s"] - median["bare_cpu_per_token_s"]
    report = {
        "tokens": tokens,
        **median,
        "added_cpu_per_token_us": 1e6 * extra,
        **{f"rate_kept_at_{rate}_tokens_per_s": 1 / (1 + extra * rate)
           for rate in (50, 200, 1000)},
        "ttft_added_ms": 1000 * (median["engine_ttft_s"] - median["bare_ttft_s"]),
    }
    print(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
