"""How long does spell checking take on a 500-page English document: the words in view
when it opens, each page as the writer scrolls, and every word of it at once?

The document is ``bench/texts/en-long-clockmaker.txt`` repeated to about 300 words a page,
each paragraph made unique by one invented word (a misspelling Hunspell has to look up), so
the per-paragraph memory of the underline helps no more than it would in a real book.

    QT_QPA_PLATFORM=offscreen .venv/bin/python -m bench.spelling [--pages 500]
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import string
import sys
import tempfile
import time
from pathlib import Path

from PySide6.QtWidgets import QApplication

from bench.common import TEXTS
from writer_app.core.paths import HOME_ENV, AppPaths
from writer_app.core.settings import Settings, SettingsStore
from writer_app.core.spelling import SpellChecker
from writer_app.core.text.units import count_words
from writer_app.qt.engine_service import EngineService
from writer_app.testing.fake_engine import FakeEngine
from writer_app.ui.editor.text_editor import Marks
from writer_app.ui.main_window import MainWindow

WORDS_PER_PAGE = 300


def book(pages: int) -> str:
    """About ``pages`` pages of English prose, every paragraph different."""
    source = [line for line in (TEXTS / "en-long-clockmaker.txt").read_text(
        encoding="utf-8").splitlines() if line.strip()]
    chance = random.Random(7)
    paragraphs: list[str] = []
    words = 0
    while words < pages * WORDS_PER_PAGE:
        invented = "".join(chance.choice(string.ascii_lowercase) for _ in range(7))
        paragraph = f"{source[len(paragraphs) % len(source)]} {invented}."
        paragraphs.append(paragraph)
        words += count_words(paragraph)
    return "\n\n".join(paragraphs)


def _wait(app: QApplication, window: MainWindow) -> float:
    """Seconds from a refresh of the underlines to their being drawn."""
    done: list[bool] = []
    window.spelling.underlined.connect(lambda: done.append(True))
    start = time.perf_counter()
    window.spelling.refresh()
    while not done:
        app.processEvents()
    window.spelling.underlined.disconnect()
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=500)
    args = parser.parse_args()
    text = book(args.pages)
    paragraphs = text.split("\n\n")
    print(f"{args.pages} pages: {count_words(text):,} words, {len(paragraphs):,} paragraphs, "
          f"{len(text):,} characters")

    with tempfile.TemporaryDirectory() as home:
        os.environ[HOME_ENV] = home
        paths = AppPaths.default()
        checker = SpellChecker(paths.personal_words_file)
        checker.set_language("en_US")
        start = time.perf_counter()
        wrong = sum(len(checker.misspelled(paragraph)) for paragraph in paragraphs)
        cold = time.perf_counter() - start
        start = time.perf_counter()
        sum(len(checker.misspelled(paragraph)) for paragraph in paragraphs)
        warm = time.perf_counter() - start
        print(f"every word, core only: {cold:.2f} s the first time ({wrong:,} misspelled), "
              f"{warm:.2f} s again")

        app = QApplication.instance() or QApplication(sys.argv)
        assert isinstance(app, QApplication)
        window = MainWindow(EngineService(FakeEngine()), SettingsStore(paths.settings_file),
                            Settings(spelling_language="en_US"), paths)
        window.show()
        start = time.perf_counter()
        window.editor.setPlainText(text)
        print(f"setPlainText of the whole book (Qt, for scale): "
              f"{time.perf_counter() - start:.2f} s")
        first = _wait(app, window)
        again = _wait(app, window)
        print(f"the words in view when it opens: {first * 1000:.1f} ms "
              f"({len(window.editor.marks(Marks.SPELLING))} underlined); "
              f"{again * 1000:.1f} ms drawn again from memory")
        bar = window.editor.verticalScrollBar()
        steps = []
        for value in range(0, bar.maximum() + 1, max(1, bar.pageStep())):
            bar.setValue(value)
            steps.append(_wait(app, window))
        print(f"each page while scrolling to the end ({len(steps)} pages of the window): "
              f"median {statistics.median(steps) * 1000:.1f} ms, "
              f"slowest {max(steps) * 1000:.1f} ms")
        window.editor.document().setModified(False)
        window.close()
        print(f"on {_cpu()}")


def _cpu() -> str:
    if not Path("/proc/cpuinfo").exists():
        return "this machine"
    for line in Path("/proc/cpuinfo").read_text(encoding="utf-8").splitlines():
        if line.startswith("model name"):
            return line.split(":", 1)[1].strip()
    return "this machine"


if __name__ == "__main__":
    main()
