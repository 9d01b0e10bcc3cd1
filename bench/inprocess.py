"""llama-cpp-python alone, in-process: the same model, threads, sampler and depths.

    .venv/bin/python -m bench.inprocess MODEL THREADS N_GEN,... DEPTH,... REPETITIONS

Prints one JSON line of tokens/s keyed like llama-bench's rows ("d2000/tg64").
"""

from __future__ import annotations

import json
import sys
import time

import llama_cpp.llama_cpp as llama_c
from llama_cpp import Llama

from bench.common import PARAGRAPH
from writer_app.core.requests import SamplingSettings
from writer_app.engine.devices import read_hardware
from writer_app.engine.runtime import load_params, make_sampler

TEXT = PARAGRAPH * 200


def main() -> None:
    model, threads = sys.argv[1], int(sys.argv[2])
    n_gen = [int(x) for x in sys.argv[3].split(",")]
    depths = [int(x) for x in sys.argv[4].split(",")]
    repetitions = int(sys.argv[5])
    # The engine's load parameters, so that both run the same kernels and cache layout.
    with load_params(lambda _fraction: None, lambda: False,
                     extra_buffers=read_hardware().repacks_weights):
        llm = Llama(model_path=model, n_ctx=4096, n_batch=512, n_threads=threads,
                    n_threads_batch=threads, verbose=False)
    prompt = llm.tokenize(TEXT.encode(), add_bos=True)
    llm.eval(prompt[:32])  # warm up threads and caches, as llama-bench does
    rates: dict[str, float] = {}
    for depth in depths:
        for n in n_gen:
            best = 0.0
            for _ in range(repetitions):
                llm.reset()  # type: ignore[no-untyped-call]
                llama_c.llama_memory_clear(llama_c.llama_get_memory(llm.ctx), True)
                llm.eval(prompt[: max(1, depth)])
                sampler = make_sampler(SamplingSettings(seed=1), llm.n_vocab(), 1)
                token = llama_c.llama_sampler_sample(sampler, llm.ctx, -1)
                started = time.perf_counter()
                for _ in range(n):
                    llm.eval([token])
                    token = llama_c.llama_sampler_sample(sampler, llm.ctx, -1)
                best = max(best, n / (time.perf_counter() - started))
                llama_c.llama_sampler_free(sampler)
            rates[f"d{depth}/tg{n}"] = best
    print(json.dumps(rates))


if __name__ == "__main__":
    main()
