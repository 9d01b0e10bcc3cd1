"""writer-app's benchmark: the app against llama.cpp itself, measured in one run.

    QT_QPA_PLATFORM=offscreen .venv/bin/python -m bench.run [--threads N] [--quick]

It generates a ~270M-parameter llama model (Q8_0, random weights) with the gguf package,
builds llama-bench from the llama.cpp sources vendored by the installed llama-cpp-python,
and measures, with the same thread count:

- generation tokens/s through the whole app path (engine process -> EngineService ->
  the QTextDocument of a real editor window, offscreen), in-process llama-cpp-python, and
  llama-bench, for 64 and 512 tokens at document depths 0 and about 2,000 tokens;
- time to first token: cold, after a small edit, after switching action;
- stop latency during prompt processing and during generation;
- the longest stall of the GUI thread while streaming;
- launch to a usable window, and memory of the app and engine processes;
- where the time of one generated token goes (``bench.profile``): llama.cpp's decode,
  sampling, the token's text, the text stream, the hand-over, the loop's Python, and what
  the pipe, the client and Qt add.

It prints a table and writes bench/results/latest.json. It is a benchmark, not a test:
nothing here passes or fails.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import psutil
from PySide6.QtCore import QElapsedTimer, QObject, Qt, QTimer, Slot
from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import QApplication

from bench.common import CACHE, PARAGRAPH, ROOT, bench_model, machine, wait, write_results
from bench.llama_bench import run_llama_bench, run_llama_server
from writer_app.core.paths import AppPaths
from writer_app.core.protocol import GenerationStats
from writer_app.core.requests import RewriteStyle, SamplingSettings
from writer_app.core.settings import Settings, SettingsStore
from writer_app.engine.client import EngineClient
from writer_app.qt.engine_service import EngineService, GenerationJob
from writer_app.ui.main_window import MainWindow


class Probe(QObject):
    """Watches the service's signals and the GUI thread's punctuality."""

    def __init__(self, service: EngineService) -> None:
        super().__init__()
        self.first_chunk_at = 0.0
        self.tokens_after_first = 0
        self.finished_at = 0.0
        self.stats: GenerationStats | None = None
        self.prompt_progress = 0
        self.max_stall_ms = 0.0
        self._clock = QElapsedTimer()
        self._last_tick = 0
        self._ticker = QTimer(self)
        self._ticker.setTimerType(Qt.TimerType.PreciseTimer)
        self._ticker.setInterval(2)
        self._ticker.timeout.connect(self._on_ticker_timeout)
        service.generation_started.connect(self._on_generation_started)

    def reset(self) -> None:
        self.first_chunk_at = self.finished_at = 0.0
        self.tokens_after_first = self.prompt_progress = 0
        self.stats = None

    def watch_stalls(self, on: bool) -> None:
        if on:
            self.max_stall_ms = 0.0
            self._clock.start()
            self._last_tick = 0
            self._ticker.start()
        else:
            self._ticker.stop()

    @Slot()
    def _on_ticker_timeout(self) -> None:
        now = self._clock.elapsed()
        if self._last_tick:
            self.max_stall_ms = max(self.max_stall_ms, now - self._last_tick - 2)
        self._last_tick = now

    @Slot(object)
    def _on_generation_started(self, job: GenerationJob) -> None:
        job.chunk_received.connect(self._on_chunk_received)
        job.finished.connect(self._on_generation_finished)
        job.prompt_progressed.connect(self._on_prompt_progressed)

    @Slot(str, int)
    def _on_chunk_received(self, _text: str, tokens: int) -> None:
        if not self.first_chunk_at:
            self.first_chunk_at = time.perf_counter()
        else:
            self.tokens_after_first += tokens

    @Slot(object, object)
    def _on_generation_finished(self, _reason: object, stats: GenerationStats) -> None:
        self.finished_at = time.perf_counter()
        self.stats = stats

    @Slot(int, int)
    def _on_prompt_progressed(self, _done: int, _total: int) -> None:
        self.prompt_progress += 1


class AppBench:
    """The real window with the real engine, driven like a writer drives it."""

    def __init__(self, model: Path, threads: int) -> None:
        self.client = EngineClient()
        self.service = EngineService(self.client)
        store = SettingsStore(AppPaths.default().settings_file)
        self.settings = Settings(sampling=SamplingSettings(seed=1), n_ctx=4096,
                                 threads=threads)
        self.window = MainWindow(self.service, store, self.settings, AppPaths.default())
        self.window.show()
        self.probe = Probe(self.service)
        self.window.models.load_model(model)
        wait(lambda: self.service.model is not None and not self.window.models.progress.isVisible())

    def set_document(self, text: str) -> None:
        self.window.editor.setPlainText(text)
        self.window.editor.moveCursor(QTextCursor.MoveOperation.End)

    def run(self, start: Callable[[], None]) -> tuple[float, GenerationStats]:
        """Start an action; returns (seconds to first chunk in the GUI, stats)."""
        self.probe.reset()
        started = time.perf_counter()
        start()
        wait(lambda: self.probe.stats is not None)
        wait(lambda: not self.window.assistant.is_busy())
        assert self.probe.stats is not None
        return self.probe.first_chunk_at - started, self.probe.stats

    def continue_with(self, max_tokens: int) -> tuple[float, GenerationStats]:
        self.window.preferences.change(self.settings.replace(
            sampling=SamplingSettings(seed=1, max_tokens=max_tokens)))
        return self.run(self.window.assistant.continue_writing)

    def generation_rate(self) -> float:
        """Tokens/s after the first, measured where the text reaches the GUI thread."""
        elapsed = self.probe.finished_at - self.probe.first_chunk_at
        return self.probe.tokens_after_first / elapsed if elapsed > 0 else 0.0

    def close(self) -> dict[str, float]:
        engine_pid = self.client.pid
        memory = {"app_rss_mb_model_loaded": psutil.Process().memory_info().rss / 2**20}
        if engine_pid:
            memory["engine_rss_mb_model_loaded"] = psutil.Process(engine_pid).memory_info().rss \
                / 2**20
        self.window.editor.document().setModified(False)
        self.window.close()
        return memory


def document_of(tokens_wanted: int) -> str:
    # The bench vocabulary reads English about a character per token.
    return (PARAGRAPH * (tokens_wanted // len(PARAGRAPH) + 1))[:tokens_wanted]


def measure_rates(app: AppBench, n_gen: list[int], depths: list[int],
                  repetitions: int) -> dict[str, object]:
    """Generation tokens/s where the text reaches the GUI, and the longest GUI stall (in a
    run of its own: the stall watcher's 2 ms timer would cost the measured runs time)."""
    rates: dict[str, float] = {}
    depth_tokens: dict[str, int] = {}
    stalls: list[float] = []
    cpu_ms: dict[str, float] = {}
    me = psutil.Process()
    for depth in depths:
        for n in n_gen:
            best = 0.0
            for repetition in range(repetitions):
                app.set_document(document_of(depth) + f" ({repetition})")
                cpu_before = sum(me.cpu_times()[:2])
                _, stats = app.continue_with(n)
                cpu_ms[f"d{depth}/tg{n}"] = (sum(me.cpu_times()[:2]) - cpu_before) * 1000 \
                    / max(stats.generated_tokens, 1)
                best = max(best, app.generation_rate())
                depth_tokens[f"{depth}"] = stats.prompt_tokens
            rates[f"d{depth}/tg{n}"] = best
        app.set_document(document_of(depth) + " (stalls)")
        app.probe.watch_stalls(True)
        app.continue_with(max(n_gen))
        app.probe.watch_stalls(False)
        stalls.append(app.probe.max_stall_ms)
    return {"rates": rates, "prompt_tokens_at_depth": depth_tokens,
            "max_gui_stall_ms": max(stalls) if stalls else 0.0, "app_cpu_ms_per_token": cpu_ms}


def measure_ttft(app: AppBench) -> dict[str, object]:
    """Time to first token on a 2,000-token document: cold, after an edit, switching."""
    # A new first line breaks the shared prefix right after the fixed instructions.
    doc = "A new draft, never read before.\n" + document_of(2000)
    app.set_document(doc)
    gui: dict[str, float] = {}
    engine: dict[str, float] = {}
    gui["cold"], stats = app.continue_with(16)
    engine["cold"], cold_tokens = stats.ttft_s, stats.prompt_tokens
    app.set_document(doc + " And then")
    gui["after_small_edit"], stats = app.continue_with(16)
    engine["after_small_edit"] = stats.ttft_s
    gui["switch_to_summarize"], stats = app.run(app.window.assistant.summarize)
    engine["switch_to_summarize"] = stats.ttft_s
    cursor = app.window.editor.textCursor()
    cursor.setPosition(len(PARAGRAPH))
    cursor.setPosition(2 * len(PARAGRAPH), QTextCursor.MoveMode.KeepAnchor)
    app.window.editor.setTextCursor(cursor)
    gui["switch_to_rewrite"], stats = app.run(
        lambda: app.window.assistant.rewrite(style=RewriteStyle.SHORTER))
    engine["switch_to_rewrite"] = stats.ttft_s
    app.window.assistant.rewrite_panel.reject_button.click()
    app.window.editor.moveCursor(QTextCursor.MoveOperation.End)
    gui["switch_back_to_continue"], stats = app.continue_with(16)
    engine["switch_back_to_continue"] = stats.ttft_s
    return {"ttft_s": gui, "engine_ttft_s": engine, "cold_prompt_tokens": cold_tokens}


def _stop_latency(app: AppBench, document: str, started: Callable[[], bool]) -> float:
    """Continue ``document``, press Stop once ``started`` holds, time the end of the stream."""
    app.set_document(document)
    app.probe.reset()
    app.window.assistant.continue_writing()
    wait(started)
    stop_at = time.perf_counter()
    app.window.assistant.stop()
    wait(lambda: app.probe.stats is not None)
    latency = app.probe.finished_at - stop_at
    wait(lambda: not app.window.assistant.is_busy())
    return latency


def measure_stop(app: AppBench) -> dict[str, float]:
    """Seconds from Stop to the end of the stream, during prompt processing and generation."""
    app.window.preferences.change(
        app.settings.replace(sampling=SamplingSettings(max_tokens=4000)))
    return {
        "prompt_processing": _stop_latency(app, document_of(3500) + " fresh",
                                           lambda: app.probe.prompt_progress >= 1),
        "generation": _stop_latency(app, document_of(100) + " again",
                                    lambda: app.probe.tokens_after_first >= 10),
    }


def measure_app(model: Path, threads: int, n_gen: list[int], depths: list[int],
                repetitions: int) -> dict[str, object]:
    app = AppBench(model, threads)
    results = measure_rates(app, n_gen, depths, repetitions)
    results.update(measure_ttft(app))
    results["stop_latency_s"] = measure_stop(app)
    results["memory_mb"] = app.close()
    return results


def measure_llama_cpp_python(model: Path, threads: int, n_gen: list[int],
                             depths: list[int], repetitions: int) -> dict[str, float]:
    """In-process llama-cpp-python alone, in a child so this process stays an app."""
    output = subprocess.run(
        [sys.executable, "-m", "bench.inprocess", str(model), str(threads),
         ",".join(map(str, n_gen)), ",".join(map(str, depths)), str(repetitions)],
        check=True, capture_output=True, text=True, cwd=ROOT.parent).stdout
    rates: dict[str, float] = json.loads(output.strip().splitlines()[-1])
    return rates


def measure_profile(model: Path, threads: int, n_gen: int) -> dict[str, float]:
    """Milliseconds per token of each part of the engine's loop (``bench.profile``), in
    a child so that its in-process model does not share this process with the app's."""
    output = subprocess.run(
        [sys.executable, "-m", "bench.profile", str(model), str(threads), str(n_gen)],
        input=document_of(0) or "The", check=True, capture_output=True, text=True,
        cwd=ROOT.parent).stdout
    parts: dict[str, float] = json.loads(output.strip().splitlines()[-1])
    return parts


_PARTS = {"decode": "llama.cpp's decode (llama_decode)",
          "sample": "sampling (penalties, top-k, top-p, min-p, temperature, draw)",
          "piece": "the token's text (llama_token_to_piece)",
          "text_stream": "the text stream's clean-up (stops, spacing)",
          "emit": "handing the text over (to the pipe in the engine process)",
          "python_loop": "the loop's own Python"}


def profile_table(results: dict[str, object], key: str) -> list[str]:
    """The per-token breakdown: the engine's loop, then what the app adds beyond it."""
    parts, app, lb = results["profile"], results["app"], results["llama_bench"]
    assert isinstance(parts, dict) and isinstance(app, dict) and isinstance(lb, dict)
    app_ms = 1000 / app["rates"][key] if app["rates"].get(key) else 0.0
    lines = ["", f"| one token, {key}: where the time goes | ms | share of the app's |",
             "|---|---|---|"]
    for part, label in _PARTS.items():
        value = parts.get(part, 0.0)
        lines.append(f"| {label} | {value:.3f} | {_ratio(value, app_ms)} |")
    beyond = app_ms - parts["total_ms"]
    lines += [f"| the pipe, the client thread and Qt (app − engine loop) | {beyond:.3f} | "
              f"{_ratio(beyond, app_ms)} |",
              f"| of which the app process's own CPU time (its GUI thread, the client, Qt), "
              f"taken from the cores llama.cpp's threads use | "
              f"{app['app_cpu_ms_per_token'].get(key, 0.0):.3f} | "
              f"{_ratio(app['app_cpu_ms_per_token'].get(key, 0.0), app_ms)} |",
              f"| **the app's token** | {app_ms:.3f} | 1.00 |",
              f"| llama-bench's token (decode alone, no sampling) | "
              f"{1000 / lb[key] if lb.get(key) else 0.0:.3f} | |"]
    return lines


def measure_launch() -> dict[str, float]:
    """Seconds from starting a process to a shown, painted window; idle memory."""
    started = time.time()
    output = subprocess.run([sys.executable, "-m", "bench.launch_probe"], check=True,
                            capture_output=True, text=True, cwd=ROOT.parent,
                            env={**os.environ, "QT_QPA_PLATFORM": "offscreen"}).stdout
    shown_at, rss = (float(x) for x in output.strip().splitlines()[-1].split())
    return {"launch_to_window_s": shown_at - started, "app_rss_mb_idle": rss / 2**20}


def _ratio(value: float, anchor: float) -> str:
    return f"{value / anchor:.2f}" if anchor else "n/a"


def table(results: dict[str, object]) -> str:
    app = results["app"]
    lcp = results["llama_cpp_python"]
    lb = results["llama_bench"]
    ls = results["llama_server"]
    assert isinstance(app, dict) and isinstance(lcp, dict) and isinstance(lb, dict)
    assert isinstance(ls, dict)
    lines = ["| figure | app | llama-cpp-python | llama-server | llama-bench | app / llama-server "
             "| app / llama-bench |", "|---|---|---|---|---|---|---|"]
    for key, rate in app["rates"].items():
        server, bench = ls.get(key, 0.0), lb.get(key, 0.0)
        lines.append(f"| tokens/s {key} | {rate:.1f} | {lcp.get(key, 0.0):.1f} | "
                     f"{server:.1f} | {bench:.1f} | {_ratio(rate, server)} | "
                     f"{_ratio(rate, bench)} |")
    ttft = app["ttft_s"]
    cold = ttft["cold"]
    engine = app["engine_ttft_s"]
    lines += ["", "| time to first token (2,000-token document) | in the GUI, s | / cold | "
              "in the engine, s |", "|---|---|---|---|"]
    for key, value in ttft.items():
        lines.append(f"| {key} | {value:.3f} | {value / cold:.3f} | {engine[key]:.3f} |")
    stop = app["stop_latency_s"]
    launch = results["launch"]
    assert isinstance(launch, dict)
    memory = app["memory_mb"]
    lines += ["", "| other | value |", "|---|---|",
              f"| stop latency, prompt processing | {stop['prompt_processing'] * 1000:.0f} ms |",
              f"| stop latency, generation | {stop['generation'] * 1000:.0f} ms |",
              f"| longest GUI-thread stall while streaming | {app['max_gui_stall_ms']:.1f} ms |",
              f"| launch to usable window | {launch['launch_to_window_s']:.2f} s |",
              f"| app RSS idle, no model | {launch['app_rss_mb_idle']:.0f} MB |",
              f"| app RSS, model loaded | {memory['app_rss_mb_model_loaded']:.0f} MB |",
              f"| engine RSS, model loaded | "
              f"{memory.get('engine_rss_mb_model_loaded', 0):.0f} MB |"]
    lines += profile_table(results, f"d0/tg{results['profile_tokens']}")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--threads", type=int, default=psutil.cpu_count(logical=False) or 2)
    parser.add_argument("--quick", action="store_true", help="one repetition, 64 tokens only")
    args = parser.parse_args()
    n_gen = [64] if args.quick else [64, 512]
    depths = [0, 2000]
    repetitions = 1 if args.quick else 2
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    os.environ.setdefault("WRITER_APP_HOME", str(CACHE / "home"))
    model = bench_model()
    QApplication(sys.argv[:1])
    results: dict[str, object] = {
        "machine": machine(args.threads),
        "model": {"path": str(model), "size_mb": round(model.stat().st_size / 2**20)},
        "launch": measure_launch(),
        "llama_bench": {f"d{d}/tg{n}": rate for (d, n), rate in run_llama_bench(
            model, args.threads, n_gen, depths, repetitions).items()},
        "llama_server": {f"d{d}/tg{n}": rate for (d, n), rate in run_llama_server(
            model, args.threads, n_gen, {d: document_of(d) or "The" for d in depths},
            repetitions, sampling=SamplingSettings(seed=1)).items()},
        "llama_cpp_python": measure_llama_cpp_python(model, args.threads, n_gen, depths,
                                                     repetitions),
        "app": measure_app(model, args.threads, n_gen, depths, repetitions),
        "profile": measure_profile(model, args.threads, max(n_gen)),
        "profile_tokens": max(n_gen),
    }
    path = write_results("latest.json", results)
    print(table(results))
    print(f"\nwrote {path}")


if __name__ == "__main__":
    main()
