"""Take the README's screenshots of drafting on a server (run under Xvfb, like screenshots.py).

    xvfb-run -s "-screen 0 1280x800x24" .venv/bin/python docs/screenshots_servers.py docs/images

It starts llama-cpp-python's own server on 127.0.0.1 with the tiny generated model and a
broken server of ours that wants another API key, then captures the Servers dialog after a
successful test (servers-connected.png) and a failed one (servers-failed.png), and the
window drafting on the server (server-status-bar.png).
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

from PySide6.QtWidgets import QApplication
from screenshots import DRAFT, grab, wait_until

from writer_app.core.actions import SamplingSettings
from writer_app.core.paths import AppPaths
from writer_app.core.settings import Settings, SettingsStore
from writer_app.engine.client import EngineClient
from writer_app.qt.engine_service import EngineService
from writer_app.testing.openai_server import BrokenServer, BrokenState, LlamaCppPythonServer
from writer_app.testing.tiny_model import write_tiny_model
from writer_app.ui.main_window import MainWindow
from writer_app.ui.servers_dialog import ServersDialog


def test_server(dialog: ServersDialog, name: str, url: str, key: str) -> None:
    dialog.add_server()
    dialog.name_edit.setText(name)
    dialog.url_edit.setText(url)
    dialog.key_edit.setText(key)
    dialog.test_connection()
    wait_until(dialog.test_button.isEnabled)


def main() -> None:
    out = Path(sys.argv[1] if len(sys.argv) > 1 else "docs/images")
    out.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp())
    os.environ["WRITER_APP_HOME"] = str(work / "home")
    model = write_tiny_model(work / "Tiny-Chat-Q8_0.gguf")
    draft = work / "river.md"
    draft.write_text(DRAFT, encoding="utf-8")

    app = QApplication(sys.argv[:1])
    QApplication.setStyle("Fusion")
    store = SettingsStore(work / "home" / "settings.json")
    service = EngineService(EngineClient())
    settings = Settings(sampling=SamplingSettings(temperature=0.0, max_tokens=40), n_ctx=2048)
    window = MainWindow(service, store, settings, AppPaths.default())
    window.resize(1240, 760)
    window.move(20, 20)
    window.show()
    window.open_path(draft)

    with LlamaCppPythonServer(model) as server, \
            BrokenServer(BrokenState(api_key="the-right-key")) as locked:
        dialog = window.open_servers()
        dialog.move(200, 110)
        test_server(dialog, "Team server", locked.url, "an-old-key")
        grab(out / "servers-failed.png")
        test_server(dialog, "GPU box", server.url, "")
        grab(out / "servers-connected.png")
        dialog.use_selected_model()
        wait_until(lambda: service.model is not None)
        cursor = window.editor.textCursor()
        cursor.movePosition(cursor.MoveOperation.End)
        window.editor.setTextCursor(cursor)
        window.continue_writing()
        wait_until(lambda: not window._action_stop.isEnabled())
        grab(out / "server-status-bar.png")
        window.editor.document().setModified(False)
        window.close()
        app.processEvents()


if __name__ == "__main__":
    main()
