"""Hostile model files: mutated GGUFs through the app's own loading path.

Every file must end in a clear error (a ``WriterError``, whose message is for a person)
or a model that loads and writes. The app process never dies; a file that takes the
engine process down is saved under tests/data/gguf_regressions/ and replayed ever after.
"""

from __future__ import annotations

import random
import struct
from collections.abc import Iterator
from pathlib import Path

import pytest

from writer_app.core.errors import EngineCrashedError, WriterError
from writer_app.core.models.gguf_header import inspect_gguf
from writer_app.core.models.load_settings import LoadSettings
from writer_app.core.protocol import Finished
from writer_app.core.requests import Action, GenerationRequest, SamplingSettings
from writer_app.engine.client import EngineClient

REGRESSIONS = Path(__file__).resolve().parent.parent / "data" / "gguf_regressions"
FUZZ_COUNT = 240


def _sections(data: bytes, path: Path) -> tuple[int, int]:
    """End of the key-value section and of the tensor table in a good file."""
    info = inspect_gguf(path)
    table_start = data.index(info.tensors[0].name.encode()) - 8
    return table_start, info.data_offset


def mutations(path: Path, seed: int = 20261122) -> Iterator[tuple[str, bytes]]:
    """Named mutations of a good GGUF: truncations, flips per section, absurd numbers."""
    data = path.read_bytes()
    kv_end, table_end = _sections(data, path)
    rng = random.Random(seed)
    regions = {"header": (0, 24), "kv": (24, kv_end), "table": (kv_end, table_end),
               "data": (table_end, len(data))}
    for i in range(40):
        cut = rng.randrange(1, len(data))
        yield f"truncate-{i}-at-{cut}", data[:cut]
    for name, (start, end) in regions.items():
        for i in range(40 if name != "data" else 20):
            mutated = bytearray(data)
            for _ in range(rng.choice((1, 1, 2, 8))):
                position = rng.randrange(start, end)
                mutated[position] ^= 1 << rng.randrange(8)
            yield f"flip-{name}-{i}", bytes(mutated)
    for i, value in enumerate((0, 1, 2**31, 2**32 - 1, 2**63, 2**64 - 1)):
        yield f"tensor-count-{i}", data[:8] + struct.pack("<Q", value) + data[16:]
        yield f"kv-count-{i}", data[:16] + struct.pack("<Q", value) + data[24:]
    for i in range(20):
        mutated = bytearray(data)
        position = rng.randrange(24, table_end - 8)
        mutated[position : position + 8] = struct.pack("<Q", rng.choice(
            (2**32, 2**40, 2**62, 2**64 - 1, len(data) * 4)))
        yield f"absurd-u64-{i}", bytes(mutated)


@pytest.fixture
def engine(real_llama_cpp: None) -> Iterator[EngineClient]:
    client = EngineClient()
    yield client
    client.close()


def _try(client: EngineClient, path: Path) -> str:
    """Load and write with one file; returns 'error', 'works' or 'crash'."""
    try:
        for _ in client.load(LoadSettings(model_path=str(path), n_ctx=1024, threads=1)):
            pass
    except WriterError as exc:
        assert str(exc).strip(), "an error without a message"
        return "crash" if "stopped while loading" in str(exc) else "error"
    try:
        events = list(client.generate(GenerationRequest(
            Action.CONTINUE, "Hello", sampling=SamplingSettings(temperature=0, max_tokens=2))))
    except EngineCrashedError:
        return "crash"
    except WriterError:
        return "error"
    assert isinstance(events[-1], Finished)
    return "works"


def test_fuzzed_models_end_in_a_clear_error_or_a_working_model(
        engine: EngineClient, tiny_model: Path, tmp_path: Path) -> None:
    outcomes: dict[str, int] = {"error": 0, "works": 0, "crash": 0}
    count = 0
    for name, data in mutations(tiny_model):
        path = tmp_path / f"{name}.gguf"
        path.write_bytes(data)
        outcome = _try(engine, path)
        outcomes[outcome] += 1
        count += 1
        if outcome == "crash":
            REGRESSIONS.mkdir(parents=True, exist_ok=True)
            (REGRESSIONS / path.name).write_bytes(data)
        path.unlink()
    print(f"fuzzed {count} files: {outcomes}")
    assert count >= 200
    assert outcomes["error"] > 100  # damaged files are refused with a reason...
    assert outcomes["works"] > 10  # ...while flipped weights still load and write


def test_saved_regressions_still_end_clearly(engine: EngineClient, tiny_model: Path) -> None:
    """Replays every file that once took the engine down (none so far)."""
    for path in sorted(REGRESSIONS.glob("*.gguf")):
        assert _try(engine, path) in ("error", "crash"), path.name
    assert _try(engine, tiny_model) == "works"  # and the engine comes back after them
