"""The KV cache's type and flash attention: memory, speed and what the model writes.

    .venv/bin/python -m bench.kv_cache MODEL.gguf [--threads N] [--ctx-size 16384] [--tokens 64]

Each configuration runs in a child process that loads MODEL with the engine's own load
parameters (``runtime.load_params``):

- ``f16``: the engine's default; on a CPU, without flash attention
  (``runtime.flash_attention``);
- ``f16, flash attention on``: what llama.cpp's own tools do by default on a CPU;
- ``q8_0`` and ``q4_0``: the smaller caches of Settings ▸ Engine ▸ Memory cache, which need
  flash attention.

For each it reports the process's resident memory with the model loaded and with a
2,000-token document read, the generation rate at depth 0 and 2,000, and, for every text in
bench/texts, a greedy continuation: how many of them are the same as with the f16 cache,
and how many tokens agree before the first difference. A benchmark, not a test.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import psutil

from bench.common import ROOT, TEXTS

CONFIGURATIONS = {"f16": ("f16", "engine"), "f16, flash attention on": ("f16", "on"),
                  "q8_0": ("q8_0", "engine"), "q4_0": ("q4_0", "engine")}


def _one(args: argparse.Namespace) -> None:
    import llama_cpp.llama_cpp as llama_c
    from llama_cpp import Llama

    from writer_app.core.models.load_settings import KvCacheType
    from writer_app.core.requests import SamplingSettings
    from writer_app.engine.devices import read_hardware
    from writer_app.engine.runtime import load_params, make_sampler

    kv, flash = args.one
    if flash == "on":
        init = llama_c.llama_init_from_model

        def with_flash_attention(model_: Any, params: Any) -> Any:
            params.flash_attn_type = llama_c.LLAMA_FLASH_ATTN_TYPE_ENABLED
            return init(model_, params)

        llama_c.llama_init_from_model = with_flash_attention
    with load_params(lambda _f: None, lambda: False, kv_cache=KvCacheType(kv),
                     extra_buffers=read_hardware().repacks_weights):
        llm = Llama(model_path=args.model, n_ctx=args.ctx_size, n_batch=512,
                    n_threads=args.threads, n_threads_batch=args.threads, verbose=False)
    me = psutil.Process()
    result: dict[str, Any] = {"rss_mb_loaded": me.memory_info().rss / 2**20}
    texts = sorted(TEXTS.glob("*.txt"))
    long_text = "\n\n".join(path.read_text(encoding="utf-8") for path in texts)
    document = llm.tokenize(long_text.encode(), add_bos=True)[:2000]

    def continue_from(tokens: list[int], n: int) -> tuple[list[int], float]:
        llm.n_tokens = 0
        llama_c.llama_memory_clear(llama_c.llama_get_memory(llm.ctx), True)
        llm.eval(tokens)
        sampler = make_sampler(SamplingSettings(temperature=0.0), llm.n_vocab(), 1)
        out = [int(llama_c.llama_sampler_sample(sampler, llm.ctx, -1))]
        started = time.perf_counter()
        for _ in range(n - 1):
            llm.eval(out[-1:])
            out.append(int(llama_c.llama_sampler_sample(sampler, llm.ctx, -1)))
        rate = (n - 1) / (time.perf_counter() - started)
        llama_c.llama_sampler_free(sampler)
        return out, rate

    continue_from(document[:32], 8)  # warm-up
    result["tokens_per_s_d0"] = max(continue_from(document[:1], 128)[1] for _ in range(2))
    result["tokens_per_s_d2000"] = max(continue_from(document, 128)[1] for _ in range(2))
    result["rss_mb_2000_read"] = me.memory_info().rss / 2**20
    result["greedy"] = {path.stem: continue_from(
        llm.tokenize(path.read_text(encoding="utf-8").encode(), add_bos=True)[:1500],
        args.tokens)[0] for path in texts}
    print(json.dumps(result))


def _agreement(tokens: list[int], baseline: list[int]) -> int:
    same = 0
    for ours, theirs in zip(tokens, baseline, strict=False):
        if ours != theirs:
            break
        same += 1
    return same


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("model")
    parser.add_argument("--threads", type=int, default=0)
    parser.add_argument("--ctx-size", type=int, default=16_384)
    parser.add_argument("--tokens", type=int, default=64)
    parser.add_argument("--one", nargs=2, metavar=("KV", "FLASH"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if not args.threads:
        from writer_app.core.models.cpu import default_threads
        args.threads = default_threads()
    if args.one:
        _one(args)
        return
    results: dict[str, dict[str, Any]] = {}
    for label, (kv, flash) in CONFIGURATIONS.items():
        output = subprocess.run(
            [sys.executable, "-m", "bench.kv_cache", args.model, "--threads",
             str(args.threads), "--ctx-size", str(args.ctx_size), "--tokens", str(args.tokens),
             "--one", kv, flash],
            check=True, capture_output=True, text=True,
            cwd=ROOT.parent).stdout
        results[label] = json.loads(output.strip().splitlines()[-1])
    baseline = results["f16"]["greedy"]
    print(f"{Path(args.model).name}, context {args.ctx_size:,} tokens, {args.threads} threads, "
          f"{len(baseline)} texts, {args.tokens} greedy tokens each\n")
    print("| KV cache | RSS loaded, MB | RSS after 2,000 tokens, MB | tokens/s d0 | "
          "tokens/s d2000 | continuations identical to f16 | median tokens before the "
          "first difference |")
    print("|---|---|---|---|---|---|---|")
    for label, row in results.items():
        agree = [_agreement(row["greedy"][name], tokens) for name, tokens in baseline.items()]
        same = sum(row["greedy"][name] == tokens for name, tokens in baseline.items())
        print(f"| {label} | {row['rss_mb_loaded']:.0f} | {row['rss_mb_2000_read']:.0f} | "
              f"{row['tokens_per_s_d0']:.1f} | {row['tokens_per_s_d2000']:.1f} | "
              f"{same} of {len(baseline)} | {statistics.median(agree):.0f} |")


if __name__ == "__main__":
    main()
