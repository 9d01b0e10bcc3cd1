"""Side panels: a streamed summary, and a rewrite under review shown as a word diff."""

from __future__ import annotations

import html
from collections.abc import Callable

from PySide6.QtCore import Signal, Slot
from PySide6.QtGui import QGuiApplication, QPalette
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from writer_app.core.textdiff import Change, word_diff
from writer_app.ui.streaming import Coalescer


class _StreamPanel(QWidget):
    """A title, a status line, a streamed body, and a row of buttons."""

    retry_requested = Signal()
    stop_requested = Signal()

    def __init__(self, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.text = ""
        self._render: Callable[[], None] = lambda: None
        self._title = QLabel(f"<b>{html.escape(title)}</b>")
        self._status = QLabel()
        self._status.setWordWrap(True)
        self._buttons = QHBoxLayout()
        self.stop_button = self._button("Stop", self.stop_requested.emit)
        self.retry_button = self._button("Retry", self.retry_requested.emit)
        self._coalescer = Coalescer(self._append_text, self)
        self._layout = QVBoxLayout(self)
        self._layout.addWidget(self._title)
        self._layout.addWidget(self._status)
        self._layout.addLayout(self._buttons)

    def _set_view(self, view: QWidget, render: Callable[[], None]) -> None:
        """Show ``view`` above the buttons; ``render`` redraws it from ``self.text``."""
        self._layout.insertWidget(2, view, 1)
        self._render = render

    def _button(self, label: str, slot: object) -> QPushButton:
        button = QPushButton(label, self)
        button.clicked.connect(slot)
        self._buttons.addWidget(button)
        return button

    def start(self, status: str) -> None:
        self.text = ""
        self._coalescer.stop()
        self._render()
        self.set_running(True, status)

    def add(self, text: str) -> None:
        self._coalescer.add(text)

    def finish(self, status: str) -> None:
        self._coalescer.flush()
        self.set_running(False, status)

    def set_running(self, running: bool, status: str) -> None:
        self._status.setText(status)
        self.stop_button.setEnabled(running)
        self.retry_button.setEnabled(not running)

    def _append_text(self, text: str) -> None:
        self.text += text
        self._render()


class SummaryPanel(_StreamPanel):
    """The summary streams here; Insert at cursor / Copy / Retry."""

    insert_requested = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("Summary", parent)
        self._view = QPlainTextEdit(self)
        self._view.setReadOnly(True)
        self._set_view(self._view, lambda: self._view.setPlainText(self.text))
        self.insert_button = self._button("Insert at cursor", self._on_insert_clicked)
        self.copy_button = self._button("Copy", self._on_copy_clicked)

    def set_running(self, running: bool, status: str) -> None:
        super().set_running(running, status)
        self.insert_button.setEnabled(not running and bool(self.text.strip()))
        self.copy_button.setEnabled(not running and bool(self.text.strip()))

    @Slot()
    def _on_insert_clicked(self) -> None:
        self.insert_requested.emit(self.text.strip())

    @Slot()
    def _on_copy_clicked(self) -> None:
        QGuiApplication.clipboard().setText(self.text.strip())


def diff_html(original: str, rewritten: str, palette: QPalette) -> str:
    """The rewrite as HTML: insertions underlined in green, deletions struck in red."""
    dark = palette.color(QPalette.ColorRole.Base).lightness() < 128
    inserted = "#1f5f2a" if dark else "#d5f5dc"
    deleted = "#6b1f24" if dark else "#fbd9dc"
    out = []
    for span in word_diff(original, rewritten):
        text = html.escape(span.text).replace("\n", "<br>")
        if span.change is Change.INSERTED:
            out.append(f'<span style="background:{inserted};text-decoration:underline">'
                       f"{text}</span>")
        elif span.change is Change.DELETED:
            out.append(f'<span style="background:{deleted};text-decoration:line-through">'
                       f"{text}</span>")
        else:
            out.append(text)
    return "".join(out)


class RewritePanel(_StreamPanel):
    """A rewrite under review: the diff against the original; Accept / Reject / Retry."""

    accepted = Signal(str)
    rejected = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("Rewrite", parent)
        self.original = ""
        self._view = QTextBrowser(self)
        self._set_view(self._view, lambda: self._view.setHtml(
            diff_html(self.original, self.text, self.palette())))
        self.accept_button = self._button("Accept", self._on_accept_clicked)
        self.reject_button = self._button("Reject", self.rejected.emit)
        self.accept_button.setDefault(True)

    def begin(self, original: str, status: str) -> None:
        self.original = original
        self.start(status)

    def set_running(self, running: bool, status: str) -> None:
        super().set_running(running, status)
        self.accept_button.setEnabled(not running and bool(self.text.strip()))
        self.reject_button.setEnabled(True)

    @Slot()
    def _on_accept_clicked(self) -> None:
        self.accepted.emit(self.text.strip())
