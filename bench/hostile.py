"""The figures of docs/RELIABILITY.md's "Hangs and exhaustion" section.

    .venv/bin/python -m bench.hostile [REPETITIONS]

With the engine frozen (SIGSTOP) mid-request and the default watchdog, times how long a
Stop, a model switch and Quit (EngineService.shutdown, with a second request queued) take;
then the peak RSS of the engine for hostile chat templates and trained contexts, and of
the app's header check for hostile headers. Prints one JSON object.
"""

from __future__ import annotations

import json
import os
import resource
import signal
import struct
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from pathlib import Path

from writer_app.core.models.load_settings import LoadSettings
from writer_app.core.requests import Action, GenerationRequest, SamplingSettings
from writer_app.engine.client import EngineClient
from writer_app.testing.tiny_model import TinyModelSpec, write_tiny_model

REQUEST = GenerationRequest(Action.CONTINUE, "The river was quiet that night.",
                            sampling=SamplingSettings(temperature=0.0, max_tokens=8))
MESSAGES = "{% for m in messages %}{{ m['content'] }}{% endfor %}"
TEMPLATES = {
    "nested range(100000) loops": "{% for i in range(100000) %}{% for j in range(100000) %}"
                                  "{% endfor %}{% endfor %}",
    "'x' * 200000000": "{{ 'x' * 200000000 }}",
    "doubling with ~": "{% set b = 'x' * 1000 %}" + "{% set b = b ~ b %}" * 40 + "{{ b }}",
    "recursion": "{% macro f(n) %}{{ f(n + 1) }}{% endmacro %}{{ f(0) }}",
}


def _drain(stream: Iterator[object]) -> None:
    try:
        for _ in stream:
            pass
    except Exception:  # the frozen request fails; that is what is timed
        return


def _frozen(client: EngineClient) -> threading.Thread:
    """Freeze the engine and leave a request stuck in it, as a window's job would."""
    assert client.pid is not None
    os.kill(client.pid, signal.SIGSTOP)
    thread = threading.Thread(target=_drain, args=(client.generate(REQUEST),))
    thread.start()
    while not client.in_flight:
        time.sleep(0.005)
    return thread


def _loaded(model: Path) -> EngineClient:
    client = EngineClient()
    _drain(client.load(LoadSettings(model_path=str(model), n_ctx=1024, threads=2)))
    return client


def time_stop(model: Path) -> float:
    client = _loaded(model)
    stuck = _frozen(client)
    started = time.perf_counter()
    client.cancel()
    stuck.join()
    elapsed = time.perf_counter() - started
    client.close()
    return elapsed


def time_switch(model: Path, other: Path) -> float:
    client = _loaded(model)
    stuck = _frozen(client)
    started = time.perf_counter()
    client.cancel()
    _drain(client.load(LoadSettings(model_path=str(other), n_ctx=1024, threads=2)))
    elapsed = time.perf_counter() - started
    stuck.join()
    client.close()
    return elapsed


def time_quit(model: Path) -> float:
    from PySide6.QtCore import QCoreApplication

    from writer_app.qt.engine_service import EngineService

    _app = QCoreApplication.instance() or QCoreApplication([])
    client = _loaded(model)
    service = EngineService(client)
    assert client.pid is not None
    os.kill(client.pid, signal.SIGSTOP)
    service.generate(REQUEST)
    service.generate(REQUEST)  # queued behind the stuck one
    while not client.in_flight:
        time.sleep(0.005)
    started = time.perf_counter()
    service.shutdown()
    return time.perf_counter() - started


def engine_peak_rss(model: Path) -> int:
    client = _loaded(model)
    try:
        _drain(client.generate(REQUEST))
        status = Path(f"/proc/{client.pid}/status").read_text()
        return int(status.split("VmHWM:")[1].split()[0]) * 1024
    finally:
        client.close()


def header_check_peak_rss(model: Path) -> int:
    """Peak RSS of a fresh process that only runs the header check on ``model``."""
    # VmHWM, not ru_maxrss: a child's ru_maxrss starts from its parent's at fork.
    code = ("import sys\nfrom writer_app.core.models.gguf_header import inspect_gguf\n"
            "try:\n    inspect_gguf(sys.argv[1])\nexcept Exception as exc:\n"
            "    print(exc, file=sys.stderr)\n"
            "print(open('/proc/self/status').read().split('VmHWM:')[1].split()[0])")
    out = subprocess.run([sys.executable, "-c", code, str(model)], capture_output=True,
                         text=True, check=True)
    return int(out.stdout.split()[-1]) * 1024


def with_many_keys(source: Path, target: Path, count: int) -> Path:
    data = source.read_bytes()
    magic, version, n_tensors, n_kv = struct.unpack_from("<4sIQQ", data)
    block = b"".join(struct.pack("<Q", 13) + b"x.k%010d" % i + struct.pack("<IB", 0, 1)
                     for i in range(count))
    target.write_bytes(struct.pack("<4sIQQ", magic, version, n_tensors, n_kv + count)
                       + block + data[24:])
    return target


def main() -> None:
    repetitions = int(sys.argv[1]) if len(sys.argv) > 1 else 3
    folder = Path(tempfile.mkdtemp(prefix="hostile-"))
    model = write_tiny_model(folder / "tiny.gguf")
    other = write_tiny_model(folder / "base.gguf", TinyModelSpec(chat_template=None))
    mb = 2**20
    report: dict[str, object] = {
        "stop_s": max(time_stop(model) for _ in range(repetitions)),
        "switch_s": max(time_switch(model, other) for _ in range(repetitions)),
        "quit_s": max(time_quit(model) for _ in range(repetitions)),
        "engine_peak_mb": {"normal model": engine_peak_rss(model) / mb},
        "header_check_peak_mb": {},
    }
    peaks = report["engine_peak_mb"]
    assert isinstance(peaks, dict)
    for name, template in TEMPLATES.items():
        path = write_tiny_model(folder / "t.gguf", TinyModelSpec(chat_template=template
                                                                 + MESSAGES))
        peaks[f"template: {name}"] = engine_peak_rss(path) / mb
    for context in (1 << 26, 60_000_000):
        path = write_tiny_model(folder / "c.gguf", TinyModelSpec(context_length=context))
        peaks[f"trained context {context:,}"] = engine_peak_rss(path) / mb
    checks = report["header_check_peak_mb"]
    assert isinstance(checks, dict)
    checks["normal model"] = header_check_peak_rss(model) / mb
    hostile = {
        "context 0xFFFFFFFF": write_tiny_model(folder / "h1.gguf",
                                               TinyModelSpec(context_length=0xFFFFFFFF)),
        "10^6 metadata keys": with_many_keys(model, folder / "h2.gguf", 1_000_000),
        "100 MB chat template": write_tiny_model(
            folder / "h3.gguf", TinyModelSpec(chat_template="x" * 100_000_000)),
    }
    for name, path in hostile.items():
        checks[name] = header_check_peak_rss(path) / mb
    report["bench_peak_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps(report, indent=1))


if __name__ == "__main__":
    main()
