"""Drives the real editor window in a subprocess for the kill tests (offscreen).

    python tests/e2e/app_driver.py save|autosave FILE

Builds the window as writer-app does, opens FILE, then forever replaces the text with
version i and saves (or autosaves), printing i after each one completes.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtWidgets import QApplication

from writer_app.core.paths import AppPaths
from writer_app.core.settings import SettingsStore
from writer_app.engine.client import EngineClient
from writer_app.qt.engine_service import EngineService
from writer_app.ui.main_window import MainWindow


def version(i: int) -> str:
    """The text of version ``i``: big enough that a save takes a moment."""
    return f"version {i}\n" + f"line {i} of the draft, 草稿的第{i}行。\n" * 3000


def main() -> None:
    mode, file = sys.argv[1], Path(sys.argv[2])
    app = QApplication(sys.argv[:1])
    paths = AppPaths.default()
    store = SettingsStore(paths.settings_file)
    settings, _ = store.load()
    window = MainWindow(EngineService(EngineClient()), store, settings, paths)
    window.open_path(file)
    for i in range(1, 1_000_000):
        window.editor.selectAll()
        window.editor.insertPlainText(version(i))
        if mode == "save":
            window.save()
        else:
            window.autosave()
        app.processEvents()
        print(i, flush=True)


if __name__ == "__main__":
    main()
