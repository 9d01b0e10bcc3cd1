"""The draft model's speed-up at full acceptance and its cost at none, for Continue.

    .venv/bin/python -m bench.speculative --model MODEL.gguf [--extra-layers 90]
        [--extra-type f32] [--tokens 128] [--repetitions 3] [--threads 0] [--no-anchor]

Runs on pairs made for the question from a small real model (MODEL.gguf, SmolLM2-135M by
default), generated once into bench/.cache/speculative/:

- the target: the model with ``--extra-layers`` layers added after its own, whose output
  projections (``attn_output``, ``ffn_down``) are zero, so each is an identity on the
  residual stream: it costs several times more per token and predicts exactly the tokens
  the model does;
- full acceptance: the model itself drafts for the target, so every draft is kept;
- no acceptance: a model of the same shape and vocabulary with random weights, made
  confident (its top token's probability is near 1), so it drafts and every draft is
  refused: the worst case for what a draft costs.

The app's engine generates the same greedy Continue with each (three engine processes,
taking turns so all see the same machine load); the figures are the generation times
(prompt reading excluded), their ratios, the drafted tokens, and whether the texts are the
same. llama.cpp's own ``llama-speculative`` (and ``llama-speculative-simple``, which stops
drafting below a probability as the engine does) on the same pairs, against llama-bench's
generation rate of the target, are the anchor. A measurement, not a test.
"""

from __future__ import annotations

import argparse
import contextlib
import re
import statistics
import subprocess
from pathlib import Path

import gguf
import numpy as np

from bench.common import (
    CACHE,
    add_model_option,
    loaded_engine,
    machine,
    require_model,
    timed_answer,
    write_results,
)
from bench.llama_bench import llama_tool, run_llama_bench
from writer_app.core.models.cpu import default_threads
from writer_app.core.models.load_settings import LoadSettings
from writer_app.core.requests import Action, GenerationRequest, SamplingSettings
from writer_app.core.writing.lookup import MAX_DRAFT
from writer_app.engine.client import EngineClient
from writer_app.engine.devices import read_hardware
from writer_app.engine.speculative import P_MIN

DOCUMENT = (Path(__file__).parent / "texts" / "en-story-harbour.txt").read_text(
    encoding="utf-8").strip()
PAIRS = CACHE / "speculative"
# The random draft's final norm scales its logits so far apart that its top token is
# nearly certain: it drafts at every step, and is always wrong.
CONFIDENT_NORM = 16.0
# The tensors of a layer whose output reaches the residual stream.
OUTPUT_PROJECTIONS = ("attn_output", "ffn_down")


def _copy_metadata(reader: gguf.GGUFReader, writer: gguf.GGUFWriter,
                   changes: dict[str, int]) -> None:
    """Every key of ``reader`` but the ones the writer writes itself, with ``changes``."""
    for field in reader.fields.values():
        if field.name == gguf.Keys.General.ARCHITECTURE or field.name.startswith("GGUF."):
            continue
        kind = field.types[0]
        sub_type = field.types[-1] if kind == gguf.GGUFValueType.ARRAY else None
        value = changes.get(field.name, field.contents())
        writer.add_key_value(field.name, value, kind, sub_type=sub_type)


def _float_shape(tensor: gguf.ReaderTensor) -> tuple[int, ...]:
    return tuple(int(n) for n in reversed(tensor.shape))


def _quantized(values: np.ndarray, kind: gguf.GGMLQuantizationType) -> np.ndarray:
    if kind in {gguf.GGMLQuantizationType.F32, gguf.GGMLQuantizationType.F16}:
        return values.astype(np.float32 if kind == gguf.GGMLQuantizationType.F32
                             else np.float16)
    return gguf.quants.quantize(values.astype(np.float32), kind)


def _write(path: Path, reader: gguf.GGUFReader, changes: dict[str, int],
           tensors: list[tuple[str, np.ndarray, gguf.GGMLQuantizationType]]) -> None:
    architecture = str(reader.fields[gguf.Keys.General.ARCHITECTURE].contents())
    partial = path.with_suffix(".partial")
    writer = gguf.GGUFWriter(str(partial), architecture)
    _copy_metadata(reader, writer, changes)
    for name, data, kind in tensors:
        writer.add_tensor_info(name, data.shape, data.dtype, data.nbytes, kind)
    writer.write_header_to_file()
    writer.write_kv_data_to_file()
    writer.write_ti_data_to_file()
    for _name, data, _kind in tensors:
        writer.write_tensor_data(data)
    writer.close()
    partial.replace(path)


def deepened(model: Path, extra_layers: int, kind: gguf.GGMLQuantizationType | None = None
              ) -> Path:
    """``model`` with ``extra_layers`` identity layers after its own (built once), their
    matrices stored as ``kind`` (as the model's own layers where None)."""
    suffix = "" if kind is None else f"-{kind.name.lower()}"
    path = PAIRS / f"{model.stem}-plus-{extra_layers}-layers{suffix}.gguf"
    if path.exists():
        return path
    PAIRS.mkdir(parents=True, exist_ok=True)
    reader = gguf.GGUFReader(str(model))
    architecture = str(reader.fields[gguf.Keys.General.ARCHITECTURE].contents())
    count_key = f"{architecture}.block_count"
    layers = int(reader.fields[count_key].contents())
    tensors = [(t.name, t.data, t.tensor_type) for t in reader.tensors]
    for added in range(extra_layers):
        source = added % layers
        for tensor in reader.tensors:
            prefix = f"blk.{source}."
            if not tensor.name.startswith(prefix):
                continue
            part = tensor.name[len(prefix):]
            data, stored = tensor.data, tensor.tensor_type
            if part.split(".")[0] in OUTPUT_PROJECTIONS:
                data = np.zeros(_float_shape(tensor), np.float32)
            elif kind is not None and len(tensor.shape) > 1:
                data = gguf.quants.dequantize(tensor.data, tensor.tensor_type)
            if kind is not None and len(tensor.shape) > 1:
                stored = kind
            if data is not tensor.data or stored != tensor.tensor_type:
                data = _quantized(np.asarray(data, np.float32).reshape(_float_shape(tensor)),
                                  stored)
            tensors.append((f"blk.{layers + added}.{part}", data, stored))
    _write(path, reader, {count_key: layers + extra_layers}, tensors)
    return path


def random_draft(model: Path) -> Path:
    """A model of ``model``'s shape and vocabulary with random, confident weights."""
    path = PAIRS / f"{model.stem}-random.gguf"
    if path.exists():
        return path
    PAIRS.mkdir(parents=True, exist_ok=True)
    reader = gguf.GGUFReader(str(model))
    rng = np.random.default_rng(29)
    tensors = []
    for tensor in reader.tensors:
        shape = _float_shape(tensor)
        if len(shape) == 1:
            scale = CONFIDENT_NORM if tensor.name == "output_norm.weight" else 1.0
            values = np.full(shape, scale, np.float32)
        else:
            values = rng.standard_normal(shape, dtype=np.float32) * 0.05
        tensors.append((tensor.name, _quantized(values, tensor.tensor_type),
                        tensor.tensor_type))
    _write(path, reader, {}, tensors)
    return path


def run(client: EngineClient, tokens: int) -> tuple[str, float, int, int]:
    """The text, the generation seconds, the tokens and the drafted tokens of a Continue."""
    request = GenerationRequest(Action.CONTINUE, DOCUMENT, cursor=len(DOCUMENT),
                                sampling=SamplingSettings(temperature=0.0, max_tokens=tokens))
    return timed_answer(client, request)


def engine_figures(target: Path, drafts: dict[str, Path | None], threads: int, tokens: int,
                   repetitions: int) -> dict[str, dict[str, object]]:
    """Each draft's median generation time, tokens, drafted tokens and text, in turns."""
    with contextlib.ExitStack() as stack:
        clients: dict[str, EngineClient] = {}
        for name, draft in drafts.items():
            clients[name] = stack.enter_context(loaded_engine(LoadSettings(
                model_path=str(target), n_ctx=2048, threads=threads,
                draft_model_path=str(draft) if draft else "")))
            run(clients[name], tokens)  # the prompt is read: the runs then time generation
        times: dict[str, list[float]] = {name: [] for name in drafts}
        last: dict[str, tuple[str, float, int, int]] = {}
        for _ in range(repetitions):
            for name, client in clients.items():
                last[name] = run(client, tokens)
                times[name].append(last[name][1])
                print(f"{name:>15}: {last[name][2]} tokens in {last[name][1]:.2f} s, "
                      f"{last[name][3]} from drafts")
    return {name: {"seconds": statistics.median(times[name]), "tokens": last[name][2],
                   "drafted": last[name][3], "text": last[name][0]} for name in drafts}


def llama_speculative(tool: str, target: Path, draft: Path, threads: int, tokens: int
                      ) -> dict[str, float]:
    """llama.cpp's own speculative decoding of the same document: its generation rate,
    and how many tokens it drafted and kept."""
    prompt = PAIRS / "document.txt"
    prompt.write_text(DOCUMENT, encoding="utf-8")
    command = [str(llama_tool(tool)), "-m", str(target), "-md", str(draft), "-f", str(prompt),
               "-n", str(tokens), "-t", str(threads), "-c", "2048", "--temp", "0",
               "--spec-draft-n-max", str(MAX_DRAFT), "--spec-draft-n-min", "0",
               "--spec-draft-p-min", str(P_MIN), "-ngl", "0", "-ngld", "0", "--seed", "1"]
    if tool == "llama-speculative-simple":
        command += ["--spec-type", "draft-simple"]  # it drafts with nothing else named
    if not read_hardware().repacks_weights:
        # As the engine loads and llama-bench runs (``Hardware.repacks_weights``).
        command.append("--no-repack")
    output = subprocess.run(command, capture_output=True, text=True, check=True, timeout=1800)
    log = output.stdout + output.stderr
    figures: dict[str, float] = {}
    for key, pattern in (("tokens_per_s", r"decoded\s+\d+ tokens in\s+[\d.]+ seconds, "
                                          r"speed:\s+([\d.]+) t/s"),
                         ("drafted", r"n_drafted\s*=\s*(\d+)"),
                         ("accepted", r"n_accept\s*=\s*(\d+)")):
        match = re.search(pattern, log)
        if match:
            figures[key] = float(match.group(1))
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    add_model_option(parser)
    parser.add_argument("--extra-layers", type=int, default=90)
    parser.add_argument("--extra-type", choices=("f32", "f16", "q8_0"),
                        help="store the added layers' matrices as this type (default: as "
                             "the model's own)")
    parser.add_argument("--tokens", type=int, default=128)
    parser.add_argument("--repetitions", type=int, default=3)
    parser.add_argument("--threads", type=int, default=0)
    parser.add_argument("--no-anchor", action="store_true",
                        help="skip llama.cpp's own tools (they are built on first use)")
    args = parser.parse_args()
    model = require_model(parser, args)
    threads = args.threads or default_threads()
    kind = gguf.GGMLQuantizationType[args.extra_type.upper()] if args.extra_type else None
    target, random = deepened(model, args.extra_layers, kind), random_draft(model)
    print(f"target: {target.name} ({target.stat().st_size / 2**20:.0f} MiB), drafts: "
          f"{model.name} ({model.stat().st_size / 2**20:.0f} MiB) and {random.name}")
    figures = engine_figures(target, {"no draft": None, "full acceptance": model,
                                      "no acceptance": random},
                             threads, args.tokens, args.repetitions)
    plain = figures["no draft"]
    same_text = all(f["text"] == plain["text"] for f in figures.values())
    # Per token: a batch rounds differently, so the answers' lengths can differ.
    def per_token(name: str) -> float:
        return float(str(figures[name]["seconds"])) / float(str(figures[name]["tokens"]))

    speed_up = per_token("no draft") / per_token("full acceptance")
    cost = per_token("no acceptance") / per_token("no draft") - 1
    print(f"same text with each draft: {same_text}")
    print(f"engine: speed-up at full acceptance {speed_up:.2f}x (goal >= 1.5), cost at no "
          f"acceptance {100 * cost:+.1f} % (goal <= 10 %)")
    results: dict[str, object] = {
        "machine": machine(threads), "target": target.name, "tokens": args.tokens,
        "engine": {name: {k: v for k, v in f.items() if k != "text"}
                   for name, f in figures.items()},
        "speed_up": speed_up, "cost": cost, "same_text": same_text,
    }
    if not args.no_anchor:
        rate = run_llama_bench(target, threads, [args.tokens], [0], args.repetitions)[
            (0, args.tokens)]
        anchor: dict[str, object] = {"llama_bench_tokens_per_s": rate}
        for tool in ("llama-speculative", "llama-speculative-simple"):
            for name, draft in (("full acceptance", model), ("no acceptance", random)):
                spec = llama_speculative(tool, target, draft, threads, args.tokens)
                anchor[f"{tool}, {name}"] = spec
                ratio = spec.get("tokens_per_s", 0.0) / rate
                print(f"{tool}, {name}: {spec.get('tokens_per_s', 0.0):.1f} tokens/s = "
                      f"{ratio:.2f}x llama-bench's {rate:.1f}; drafted "
                      f"{spec.get('drafted', 0):.0f}, kept {spec.get('accepted', 0):.0f}")
        results["anchor"] = anchor
    print(f"results: {write_results('speculative.json', results)}")


if __name__ == "__main__":
    main()
