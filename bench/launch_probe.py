"""Start writer-app as a user would and report when its window is up.

    .venv/bin/python -m bench.launch_probe

Prints "<unix time when the window was shown and the event loop ran> <RSS bytes>".
"""

from __future__ import annotations

import os
import tempfile
import time

import psutil
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

os.environ.setdefault("WRITER_APP_HOME", tempfile.mkdtemp())


def report_and_quit() -> None:
    print(time.time(), psutil.Process().memory_info().rss, flush=True)
    QApplication.quit()


def main() -> None:
    from writer_app import app

    application = QApplication([])
    QTimer.singleShot(0, report_and_quit)
    app.main([])
    application.processEvents()


if __name__ == "__main__":
    main()
