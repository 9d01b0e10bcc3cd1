"""A status bar whose messages stay readable beside its permanent widgets.

QStatusBar draws a message in the space its permanent widgets leave free and cuts it off
mid-word where it does not fit. This one shortens a long message with an ellipsis where the
space ends, keeps the whole sentence in the tooltip, and shortens it again when the window
is resized.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer, Slot
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QProgressBar, QStatusBar, QWidget

# Room QStatusBar keeps between the message and its edges (its margins and size grip).
_MARGIN = 16


class MessageStatusBar(QStatusBar):
    """Shows each message whole, or shortened to fit with the whole text in its tooltip."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._permanent: list[QWidget] = []
        self._full = ""
        self._shown = ""
        # Our own timer, so a message shortened again after a resize keeps its timeout.
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self.clearMessage)
        self.messageChanged.connect(self._on_message_changed)

    def addPermanentWidget(self, widget: QWidget, stretch: int | None = 0) -> None:
        self._permanent.append(widget)
        super().addPermanentWidget(widget, stretch or 0)

    @property
    def full_message(self) -> str:
        """The message as it was posted, before any shortening."""
        return self._full

    def post(self, text: str, timeout_ms: int = 0) -> None:
        """Show ``text`` for ``timeout_ms`` (0: until the next message)."""
        self._full = text
        self._show()
        if timeout_ms > 0:
            self._timer.start(timeout_ms)
        else:
            self._timer.stop()

    def free_width(self) -> int:
        """The width a message can take: from the left edge to the first permanent widget."""
        lefts = [widget.x() for widget in self._permanent if widget.isVisible()]
        return (min(lefts) if lefts else self.width()) - _MARGIN

    def _show(self) -> None:
        # Hidden, the widgets have no place yet: the message is shortened once shown.
        self._shown = self.fontMetrics().elidedText(
            self._full, Qt.TextElideMode.ElideRight, max(self.free_width(), 0)) \
            if self.isVisible() else self._full
        self.setToolTip(self._full if self._shown != self._full else "")
        self.showMessage(self._shown)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if self._full and self.currentMessage() == self._shown:
            self._show()

    @Slot(str)
    def _on_message_changed(self, text: str) -> None:
        if text != self._shown:
            self._full = self._shown = ""
            self._timer.stop()
            self.setToolTip("")


def status_progress_bar(parent: QWidget, name: str) -> QProgressBar:
    """A progress bar for the status bar: narrow, without text, hidden until it is used;
    ``name`` says to a screen reader what it measures."""
    bar = QProgressBar(parent)
    bar.setAccessibleName(name)
    bar.setMaximumWidth(160)
    bar.setTextVisible(False)
    bar.hide()
    return bar
