"""Unexpected errors on the GUI thread reach the writer.

An exception in a slot does not stop Qt: PySide6 hands it to ``sys.excepthook`` and goes
on, so without this the writer sees nothing and the traceback goes to a console nobody
reads. Here it is logged with its traceback and shown, once per error, in one dialog.
"""

from __future__ import annotations

import logging
import sys
from pathlib import Path
from types import TracebackType

from PySide6.QtCore import QCoreApplication, QThread
from PySide6.QtWidgets import QApplication, QWidget

from writer_app.qt.messages import Level
from writer_app.ui.common import message_boxes

log = logging.getLogger(__name__)


def describe_unexpected(exc: BaseException, log_file: Path) -> str:
    """The sentence shown for an error that is a bug, not something the writer did."""
    return QCoreApplication.translate(
        "ErrorReporter", "writer-app hit an unexpected problem ({error}). Your text is still "
        "in the window: save it now. The details are in the log file {file}.").format(
        error=f"{type(exc).__name__}: {exc}", file=log_file)


def install_error_reporter(parent: QWidget | None, log_file: Path) -> None:
    """Report every uncaught exception of the GUI thread in a dialog over the active
    window (or ``parent``)."""
    previous = sys.excepthook

    def report(kind: type[BaseException], exc: BaseException,
               traceback: TracebackType | None) -> None:
        app = QCoreApplication.instance()
        if (not issubclass(kind, Exception) or app is None
                or QThread.currentThread() is not app.thread()):
            previous(kind, exc, traceback)
            return
        log.error("unexpected error", exc_info=(kind, exc, traceback))
        message_boxes.show_alert(
            QApplication.activeWindow() or parent, Level.ERROR,
            QCoreApplication.translate("ErrorReporter", "Something went wrong"),
            describe_unexpected(exc, log_file))

    sys.excepthook = report
