"""MessageBridge: status lines and alerts from anywhere, shown by the window in one place.

Controllers and services say what happened here instead of calling ``showMessage`` or
``QMessageBox`` themselves (as qutebrowser's ``message`` module does): the window connects
the signals to its status bar and to message boxes, and tests can listen to the signals.
"""

from __future__ import annotations

import enum

from PySide6.QtCore import QObject, Signal, Slot


class Alert(enum.Enum):
    """How much an alert interrupts: a note, something to fix, or something that failed."""

    INFORMATION = "information"
    WARNING = "warning"
    ERROR = "error"


class MessageBridge(QObject):
    """One channel for what the writer is told."""

    status_posted = Signal(str, int)
    alert_posted = Signal(object, str, str)

    @Slot(str, int)
    def status(self, text: str, timeout_ms: int = 0) -> None:
        """A line in the status bar, for ``timeout_ms`` (0: until the next one)."""
        self.status_posted.emit(text, timeout_ms)

    def information(self, title: str, text: str) -> None:
        self.alert_posted.emit(Alert.INFORMATION, title, text)

    def warning(self, title: str, text: str) -> None:
        self.alert_posted.emit(Alert.WARNING, title, text)

    def error(self, title: str, text: str) -> None:
        self.alert_posted.emit(Alert.ERROR, title, text)
