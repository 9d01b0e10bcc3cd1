"""Take the screenshots of the first start without the Hub (run under Xvfb):

    xvfb-run -s "-screen 0 1280x800x24" .venv/bin/python docs/screenshots_offline.py docs/images
    LANG=zh_CN.UTF-8 xvfb-run ... docs/screenshots_offline.py docs/images -zh

The computer is made offline for host names only: every name lookup other than localhost
fails, as it does on a computer without network or where the Hub's name is blocked, so
the real code path runs and no request leaves the machine. It writes
welcome-offline{SUFFIX}.png: the welcome dialog saying why the Hub cannot be reached and
offering a mirror, ModelScope, a file on disk, or the file to fetch elsewhere.
"""

from __future__ import annotations

import os
import socket
import sys
import tempfile
from pathlib import Path
from typing import Any

from PySide6.QtWidgets import QApplication
from screenshots import wait_until

from writer_app.app import _localize_and_brand
from writer_app.core.paths import AppPaths
from writer_app.core.settings import Settings, SettingsStore
from writer_app.qt.engine_service import EngineService
from writer_app.testing.fake_engine import FakeEngine
from writer_app.ui.main_window import MainWindow

_real_getaddrinfo = socket.getaddrinfo


def _no_name_service(host: Any, *args: Any, **kwargs: Any) -> Any:
    if host in ("localhost", "127.0.0.1", "::1", None):
        return _real_getaddrinfo(host, *args, **kwargs)
    raise socket.gaierror(socket.EAI_AGAIN, "Temporary failure in name resolution")


def main() -> None:
    out = Path(sys.argv[1] if len(sys.argv) > 1 else "docs/images")
    suffix = sys.argv[2] if len(sys.argv) > 2 else ""
    out.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp())
    os.environ["WRITER_APP_HOME"] = str(work / "home")
    socket.getaddrinfo = _no_name_service

    app = QApplication(sys.argv[:1])
    QApplication.setStyle("Fusion")
    _localize_and_brand(app, "")  # "": the system's language, as LANG says
    window = MainWindow(EngineService(FakeEngine()), SettingsStore(work / "settings.json"),
                        Settings(), AppPaths.default())
    window.resize(1100, 760)
    window.show()
    dialog = window.models.show_welcome()
    dialog.resize(760, 720)
    wait_until(dialog.offline.isVisible)
    wait_until(lambda: False, timeout_s=0.5)
    dialog.grab().save(str(out / f"welcome-offline{suffix}.png"))
    print("wrote", out / f"welcome-offline{suffix}.png")
    dialog.reject()
    window.close()
    app.processEvents()


if __name__ == "__main__":
    main()
