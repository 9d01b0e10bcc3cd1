"""Build llama.cpp's own tools (llama-bench, llama-batched-bench, llama-server,
llama-speculative) from the sources the installed llama-cpp-python vendors.

The sdist of the installed version comes from the package registry (pip download); it is
built once with cmake into bench/.cache and reused.

    .venv/bin/python -m bench.llama_bench [TOOL]

builds one tool (llama-bench unless named) and prints its path.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tarfile
from pathlib import Path

import httpx
import llama_cpp

from bench.common import CACHE
from writer_app.core.requests import SamplingSettings
from writer_app.engine.devices import read_hardware


def llama_tool(target: str) -> Path:
    """A llama.cpp tool (``llama-bench``, ``llama-server``, or an example such as
    ``llama-speculative``) for this llama-cpp-python version, built from its vendored
    sources if needed."""
    version = llama_cpp.__version__
    build = CACHE / f"llama.cpp-{version}"
    binary = build / "build" / "bin" / target
    if binary.exists():
        return binary
    CACHE.mkdir(parents=True, exist_ok=True)
    sdist = CACHE / f"llama_cpp_python-{version}.tar.gz"
    if not sdist.exists():
        subprocess.run([sys.executable, "-m", "pip", "download", "--no-deps", "--no-binary",
                        ":all:", "-d", str(CACHE), f"llama-cpp-python=={version}"], check=True)
    source = CACHE / f"llama_cpp_python-{version}"
    if not source.exists():
        with tarfile.open(sdist) as archive:
            archive.extractall(CACHE, filter="data")
    vendored = source / "vendor" / "llama.cpp"
    subprocess.run(["cmake", "-S", str(vendored), "-B", str(build / "build"),
                    "-DCMAKE_BUILD_TYPE=Release", "-DLLAMA_CURL=OFF", "-DLLAMA_OPENSSL=OFF",
                    "-DLLAMA_BUILD_TESTS=OFF", "-DLLAMA_BUILD_EXAMPLES=ON",
                    "-DLLAMA_BUILD_TOOLS=ON", "-DLLAMA_BUILD_SERVER=ON"], check=True)
    subprocess.run(["cmake", "--build", str(build / "build"), "--target", target,
                    "--parallel", os.environ.get("CMAKE_BUILD_PARALLEL_LEVEL",
                                                 str(os.cpu_count() or 1))], check=True)
    return binary


def run_llama_bench(model: Path, threads: int, n_gen: list[int], depths: list[int],
                    repetitions: int) -> dict[tuple[int, int], float]:
    """Generation tokens/s (llama-bench's tg) for each (depth, n_gen), with weights
    repacked where the engine repacks them."""
    command = [str(llama_tool("llama-bench")), "-m", str(model), "-t", str(threads), "-p", "0",
               "-n", ",".join(map(str, n_gen)), "-d", ",".join(map(str, depths)),
               "-r", str(repetitions), "-o", "json",
               "--repack", "1" if read_hardware().repacks_weights else "0"]
    output = subprocess.run(command, check=True, capture_output=True, text=True).stdout
    rates = {}
    for row in json.loads(output):
        if row.get("n_gen", 0) > 0:
            rates[(int(row.get("n_depth", 0)), int(row["n_gen"]))] = float(row["avg_ts"])
    return rates


def run_batched_bench(model: Path, threads: int, *, depth: int, n_gen: int,
                      parallel: list[int], flash_attention: bool) -> dict[int, float]:
    """Seconds per generation step of llama.cpp's own llama-batched-bench for each number of
    sequences in ``parallel``, each after a prompt of ``depth`` tokens, with every row's
    logits computed (as the engine's drafts need them)."""
    command = [str(llama_tool("llama-batched-bench")), "-m", str(model), "-t", str(threads),
               "-c", str(max(parallel) * (depth + n_gen) + 64), "-npp", str(depth),
               "-ntg", str(n_gen), "-npl", ",".join(map(str, parallel)),
               "-fa", "on" if flash_attention else "off", "--output-format", "jsonl"]
    if not read_hardware().repacks_weights:
        command.append("--no-repack")
    output = subprocess.run(command, check=True, capture_output=True, text=True).stdout
    steps = {}
    for line in output.splitlines():
        if line.startswith("{"):
            row = json.loads(line)
            steps[int(row["pl"])] = float(row["t_tg"]) / n_gen
    return steps


def run_llama_server(model: Path, threads: int, n_gen: list[int], prompts: dict[int, str],
                     repetitions: int, *, sampling: SamplingSettings
                     ) -> dict[tuple[int, int], float]:
    """Generation tokens/s llama-server reports for each (depth, n_gen), sampling as
    ``sampling`` says: the anchor that samples like writer-app does (llama-bench does not
    sample). ``prompts`` maps a depth to a prompt of about that many tokens."""
    from writer_app.testing.openai_server import LlamaServer

    rates: dict[tuple[int, int], float] = {}
    context = max(prompts) + max(n_gen) + 256
    with LlamaServer(llama_tool("llama-server"), model, n_ctx=context, slots=1,
                     threads=threads) as server:
        for depth, prompt in prompts.items():
            for n in n_gen:
                best = 0.0
                for repetition in range(repetitions):
                    body = {"prompt": f"{prompt} ({repetition})", "max_tokens": n,
                            "ignore_eos": True, "temperature": sampling.temperature,
                            "top_p": sampling.top_p, "top_k": sampling.top_k,
                            "min_p": sampling.min_p, "repeat_penalty": sampling.repeat_penalty,
                            "seed": sampling.seed, "cache_prompt": False}
                    answer = httpx.post(f"{server.url}/completions", json=body, timeout=600,
                                        trust_env=False).json()
                    best = max(best, float(answer["timings"]["predicted_per_second"]))
                rates[(depth, n)] = best
    return rates


if __name__ == "__main__":
    print(llama_tool(sys.argv[1] if len(sys.argv) > 1 else "llama-bench"))
