"""A long Markdown document in the real window (offscreen): highlighting, preview, counts.

    QT_QPA_PLATFORM=offscreen .venv/bin/python -m bench.markdown [--pages 500] [--repeats 3]

It builds a document of PAGES pages (about 2,000 characters each: a heading, paragraphs
of the story in bench/texts with strong and emphasised words, now and then a list with
code and a link, or a fenced code block), opens it as a .md file in the real window and
measures:

- opening it as plain text and as Markdown (in slices, each highlighted as it goes in),
  and highlighting the whole
  text at once (as when Save As makes a document Markdown);
- one keystroke in its middle: the edit with its rehighlight, and with a fence typed, the
  rehighlight of everything after it (the worst case);
- the counts the status bar shows, with and without the marks taken out;
- rendering the preview (Qt's Markdown reader), and the turn of the event loop after it,
  which lays the rendered text out in the visible preview.

It prints medians and writes bench/results/markdown.json. It is a benchmark, not a test:
nothing here passes or fails.
"""

from __future__ import annotations

import argparse
import os
import random
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import QApplication

from bench.common import TEXTS, machine, medians, wait, write_results
from writer_app.core.paths import HOME_ENV, AppPaths
from writer_app.core.settings import Settings, SettingsStore
from writer_app.core.text.markdown import plain_text
from writer_app.core.text.units import count_text
from writer_app.qt.engine_service import EngineService
from writer_app.testing.fake_engine import FakeEngine
from writer_app.ui.main_window import MainWindow

PAGE_CHARACTERS = 2000


def long_markdown(pages: int, seed: int = 1) -> str:
    """A Markdown document of ``pages`` pages, the same for the same seed."""
    paragraphs = [paragraph.replace("\n", " ") for paragraph in
                  (TEXTS / "en-long-clockmaker.txt").read_text(encoding="utf-8").split("\n\n")
                  if len(paragraph.split()) > 6]
    chance = random.Random(seed)
    out: list[str] = []
    for number in range(pages):
        page = [f"## Chapter {number + 1}\n"]
        while sum(map(len, page)) < PAGE_CHARACTERS:
            words = chance.choice(paragraphs).split(" ")
            words[2], words[5] = f"**{words[2]}**", f"*{words[5]}*"
            page.append(" ".join(words) + "\n")
            if chance.random() < 0.15:
                page.append("- a point with `code`\n- another with a [link](https://example.com)\n")
            if chance.random() < 0.05:
                page.append("```\nsome code\n```\n")
        out.append("\n".join(page))
    return "\n".join(out)


def timed(action: Callable[[], object]) -> float:
    started = time.perf_counter()
    action()
    return (time.perf_counter() - started) * 1000


def measure(app: QApplication, path: Path, text: str, rows: dict[str, list[float]]) -> None:
    """One window: open the document, then each figure once."""
    paths = AppPaths.default()
    window = MainWindow(EngineService(FakeEngine()), SettingsStore(paths.settings_file),
                        Settings(markdown_preview=False), paths)
    window.resize(1200, 800)
    window.show()
    editor = window.editor
    documents = window.documents

    def open_document(opened: Path) -> None:
        documents.open_path(opened)
        wait(lambda: not documents.is_loading(), 120)
        app.processEvents()

    # The same text as plain text, then as Markdown. Over a million characters, the text
    # goes in a slice per turn of the event loop, each slice highlighted as it goes in.
    rows["open_plain_ms"].append(timed(lambda: open_document(path.with_suffix(".txt"))))
    rows["open_ms"].append(timed(lambda: open_document(path)))
    highlighter = window.markdown.highlighter
    assert highlighter.is_active()
    # The whole text at once, as when a document becomes Markdown by Save As.
    rows["first_highlight_ms"].append(timed(highlighter.rehighlight))
    middle = QTextCursor(editor.document().findBlockByNumber(editor.document().blockCount() // 2))
    rows["keystroke_ms"].append(timed(lambda: middle.insertText("x")))
    rows["fence_keystroke_ms"].append(timed(lambda: middle.insertText("\n```\n")))
    rows["counts_plain_ms"].append(timed(lambda: count_text(text)))
    rows["counts_markdown_ms"].append(timed(lambda: count_text(plain_text(text))))
    window.markdown.action_preview.setChecked(True)
    wait(window.markdown.preview.isVisible, 10)
    rows["preview_render_ms"].append(timed(window.markdown.render))
    rows["preview_layout_ms"].append(timed(app.processEvents))
    editor.document().setModified(False)
    window.close()
    window.deleteLater()
    app.processEvents()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--pages", type=int, default=500)
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp())
    os.environ[HOME_ENV] = str(work / "home")  # no real settings, recovery or history
    app = QApplication([])
    text = long_markdown(args.pages)
    path = work / "long.md"
    path.write_text(text, encoding="utf-8")
    path.with_suffix(".txt").write_text(text, encoding="utf-8")
    rows: dict[str, list[float]] = {key: [] for key in (
        "open_plain_ms", "open_ms", "first_highlight_ms", "keystroke_ms", "fence_keystroke_ms",
        "counts_plain_ms", "counts_markdown_ms", "preview_render_ms", "preview_layout_ms")}
    for _ in range(args.repeats):
        measure(app, path, text, rows)
    results = {"pages": args.pages, "characters": len(text), "lines": text.count("\n") + 1,
               "machine": machine(0), "median": medians(rows), "runs": rows}
    for key, value in results["median"].items():
        print(f"{key:22} {value:8.1f}")
    print(f"{len(text):,} characters, {results['lines']:,} lines; kept in "
          f"{write_results('markdown.json', results)}")


if __name__ == "__main__":
    main()
