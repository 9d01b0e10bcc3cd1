"""MessageBridge: status lines and alerts from anywhere, logged, shown by the window in one place.

Controllers and services say what happened here instead of calling ``showMessage`` or a
message box themselves (as qutebrowser's ``message`` module does): each message is logged
at its level first, then handed to the window as a record with its level, and the window
picks how long a status line stays from ``DISPLAY_MS``. Tests listen to the signals.
"""

from __future__ import annotations

import enum
import logging
from dataclasses import dataclass

from PySide6.QtCore import QObject, Signal

log = logging.getLogger(__name__)


class Level(enum.Enum):
    """How much a message matters: a note, something to attend to, something that failed.
    The values are the ``logging`` levels the message is logged at."""

    INFO = logging.INFO
    WARNING = logging.WARNING
    ERROR = logging.ERROR


DISPLAY_MS = {Level.INFO: 5000, Level.WARNING: 10_000, Level.ERROR: 15_000}
"""How long a status line of each level stays: the more it matters, the longer."""


@dataclass(frozen=True)
class StatusMessage:
    """A status line; ``lasting`` ones (progress) stay until the next one replaces them."""

    level: Level
    text: str
    lasting: bool = False

    @property
    def timeout_ms(self) -> int:
        """How long the status bar shows it (0: until the next message)."""
        return 0 if self.lasting else DISPLAY_MS[self.level]


@dataclass(frozen=True)
class Alert:
    """A message box: something the writer must see before going on."""

    level: Level
    title: str
    text: str


class MessageBridge(QObject):
    """One channel for what the writer is told."""

    status_posted = Signal(object)
    """A ``StatusMessage`` for the status bar."""
    alert_posted = Signal(object)
    """An ``Alert`` to show in a message box."""

    def info(self, text: str) -> None:
        """Something that happened, in the status bar."""
        self._post(StatusMessage(Level.INFO, text))

    def warning(self, text: str) -> None:
        """Something the writer should attend to, in the status bar for longer."""
        self._post(StatusMessage(Level.WARNING, text))

    def error(self, text: str) -> None:
        """Something that failed, in the status bar longest."""
        self._post(StatusMessage(Level.ERROR, text))

    def progress(self, text: str) -> None:
        """How far some work is, until the next message (logged only for debugging: it
        changes many times a second)."""
        log.debug("%s", text)
        self.status_posted.emit(StatusMessage(Level.INFO, text, lasting=True))

    def alert(self, level: Level, title: str, text: str) -> None:
        """A message box of ``level``, logged at that level first."""
        log.log(level.value, "%s: %s", title, text)
        self.alert_posted.emit(Alert(level, title, text))

    def _post(self, message: StatusMessage) -> None:
        log.log(message.level.value, "%s", message.text)
        self.status_posted.emit(message)
