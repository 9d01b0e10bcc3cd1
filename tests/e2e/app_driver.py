"""Drives the real editor window in a subprocess for the kill tests (offscreen).

    python tests/e2e/app_driver.py save|autosave|type FILE

Builds the window as writer-app does, opens FILE, then forever replaces the text with
version i and saves (or autosaves), printing i after each one completes. ``type`` types
instead, a character every 20 ms with the event loop running as it does for a writer,
printing how many it has typed and when (``time.monotonic()``).
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from writer_app.core.paths import AppPaths
from writer_app.core.settings import SettingsStore
from writer_app.engine.client import EngineClient
from writer_app.qt.engine_service import EngineService
from writer_app.ui.main_window import MainWindow


def version(i: int) -> str:
    """The text of version ``i``: big enough that a save takes a moment."""
    return f"version {i}\n" + f"line {i} of the draft, 草稿的第{i}行。\n" * 3000


def typed(count: int) -> str:
    """The first ``count`` characters the ``type`` mode types."""
    return "".join(TYPING[i % len(TYPING)] for i in range(count))


TYPING = "The quick brown fox jumps over the lazy dog. 敏捷的狐狸跳过了懒狗。\n"


def _type(window: MainWindow, app: QApplication) -> None:
    count = 0

    def key() -> None:
        nonlocal count
        window.editor.insertPlainText(TYPING[count % len(TYPING)])
        count += 1
        print(count, time.monotonic(), flush=True)

    timer = QTimer(window)
    timer.setInterval(20)
    timer.timeout.connect(key)
    timer.start()
    app.exec()


def main() -> None:
    mode, file = sys.argv[1], Path(sys.argv[2])
    app = QApplication(sys.argv[:1])
    paths = AppPaths.default()
    store = SettingsStore(paths.settings_file)
    settings, _ = store.load()
    window = MainWindow(EngineService(EngineClient()), store, settings, paths)
    window.documents.open_path(file)
    if mode == "type":
        window.editor.moveCursor(window.editor.textCursor().MoveOperation.End)
        _type(window, app)
        return
    for i in range(1, 1_000_000):
        window.editor.selectAll()
        window.editor.insertPlainText(version(i))
        if mode == "save":
            window.documents.save()
        else:
            window.documents.autosave()
        app.processEvents()
        print(i, flush=True)


if __name__ == "__main__":
    main()
