"""Side panels: a streamed summary, and a rewrite under review shown as a word diff.

Each panel keeps the results of its request (Retry adds one; ◀ ▶ step through them) and
says what was asked, the length before and after, and what in the result contradicts the
request (``core.review``), so the writer decides with the facts in front of them.
"""

from __future__ import annotations

import html
from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import QCoreApplication, QEvent, QObject, Signal, Slot
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QTextBrowser,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from writer_app.core.requests import Action, GenerationRequest
from writer_app.core.text.units import PLAIN_COUNTING, Counting
from writer_app.core.writing.cleanup import clean_answer
from writer_app.core.writing.prompts import prompt_pieces
from writer_app.core.writing.results import Results
from writer_app.core.writing.review import Review, review
from writer_app.ui.assistant.drafts import DraftsView, WarningLine
from writer_app.ui.common.accessibility import read_only
from writer_app.ui.common.core_text import translated
from writer_app.ui.common.diff_view import diff_html, side_by_side_html
from writer_app.ui.common.streaming import Coalescer

# A passage this long reads better as two columns than as one interleaved diff.
SIDE_BY_SIDE_WORDS = 80
MOST_DRAFTS = 9
"""The most drafts one result shows (Alt+1 to Alt+9 pick them)."""


@dataclass
class _Result:
    """The drafts of one request (one, unless it asked for several) and the one chosen."""

    drafts: tuple[str, ...]
    chosen: int | None
    cut_off: bool = False
    """The answer stopped at the maximum length."""

    @property
    def text(self) -> str:
        return self.drafts[self.chosen] if self.chosen is not None else ""


class StreamPanel(QWidget):
    """What was asked, the streamed result with its review, the earlier results, buttons."""

    retry_requested = Signal()
    more_requested = Signal()
    stop_requested = Signal()
    draft_chosen = Signal(int)
    """The writer picked this draft of a request that asked for several."""

    def __init__(self, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.text = ""
        self.request: GenerationRequest | None = None
        self._counting = PLAIN_COUNTING
        self._running = False
        self._results: Results[_Result] = Results()
        self._several = False
        self._more = False
        self._first_draft = 0
        self.drafts = DraftsView(self)
        self.drafts.hide()
        self.drafts.chosen.connect(self.choose)
        self._render: Callable[[], None] = lambda: None
        title_label = QLabel(f"<b>{html.escape(title)}</b>", self)
        self.asked_label = QLabel(self)
        self.asked_label.setWordWrap(True)
        self._status = QLabel(self)
        self._status.setWordWrap(True)
        self._warning = WarningLine(self)
        self._warning.hide()
        self.warning_label = self._warning.label
        self.back_button = self._arrow("◀", self.tr("Previous result"),
                                       self.tr("The result before this one"),
                                       self._on_back_clicked)
        self.position_label = QLabel(self)
        self.forward_button = self._arrow("▶", self.tr("Next result"),
                                          self.tr("The result after this one"),
                                          self._on_forward_clicked)
        self.length_label = QLabel(self)
        self.length_label.setToolTip(self.tr("The length of the passage, and of this result"))
        self._navigation = QHBoxLayout()
        self._navigation.addWidget(self.back_button)
        self._navigation.addWidget(self.position_label)
        self._navigation.addWidget(self.forward_button)
        self._navigation.addStretch(1)
        self._navigation.addWidget(self.length_label)
        self._buttons = QHBoxLayout()
        self.stop_button = self._button(self.tr("Stop"), self.stop_requested.emit)
        self.retry_button = self._button(self.tr("Retry"), self.retry_requested.emit)
        self.more_button = self._button(self.tr("More drafts"), self.more_requested.emit)
        self.more_button.setToolTip(self.tr("Write more drafts of the same request"))
        self._coalescer = Coalescer(self._append_text, self)
        self._layout = QVBoxLayout(self)
        for widget in (title_label, self.asked_label, self._status, self._warning):
            self._layout.addWidget(widget)
        self._layout.addLayout(self._navigation)
        self._layout.addLayout(self._buttons)

    def _arrow(self, text: str, name: str, tip: str, slot: Callable[[], None]) -> QToolButton:
        button = QToolButton(self)
        button.setText(text)
        button.setAccessibleName(name)
        button.setToolTip(tip)
        button.setAutoRaise(True)
        button.clicked.connect(slot)
        return button

    def _set_view(self, view: QWidget, render: Callable[[], None]) -> None:
        """Show ``view`` above the buttons; ``render`` redraws it from ``self.text``."""
        self._layout.insertWidget(self._layout.count() - 1, view, 1)
        self._view = view
        # The keys go where the eyes do: the result after the arrows, before the buttons.
        self.setFocusProxy(view)
        QWidget.setTabOrder(self.forward_button, view)
        self._render = render

    def follow_font(self, editor: QWidget) -> None:
        """Show results in the editor's font, the way they will read in the document."""
        editor.installEventFilter(self)
        self._follow(editor)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.FontChange and isinstance(watched, QWidget):
            self._follow(watched)
        return False

    def _follow(self, editor: QWidget) -> None:
        # The drafts' numbers keep the panel's font; only their texts take the editor's.
        if self._view is not self.drafts:
            self._view.setFont(editor.font())
        self.drafts.set_text_font(editor.font())

    def _button(self, label: str, slot: object) -> QPushButton:
        button = QPushButton(label, self)
        button.clicked.connect(slot)
        self._buttons.addWidget(button)
        return button

    def start(self, request: GenerationRequest, asked: str, status: str, *,
              counting: Counting = PLAIN_COUNTING) -> None:
        """A new request: the earlier results go. Its lengths are counted as the writer
        counts the document (``counting``), as the status bar does."""
        self.request = request
        self._counting = counting
        self._several = request.drafts > 1
        self._results.clear()
        self.asked_label.setText(asked)
        self.retry(status)

    def retry(self, status: str) -> None:
        """Stream another result for the same request; the earlier ones stay reachable."""
        self._empty()
        if self.request is not None:
            self.expect(self.request.drafts)
        self.set_running(True, status)

    def clear(self) -> None:
        """Nothing asked, nothing shown: the pane of another document."""
        self.request = None
        self._several = False
        self._results.clear()
        self.asked_label.clear()
        self._empty()
        self.set_running(False, "")

    def _empty(self) -> None:
        self.text = ""
        self._more = False
        self._first_draft = 0
        self._coalescer.stop()
        self.drafts.show_drafts((), None)
        self.drafts.setVisible(self._several)
        self._render()
        self._warning.hide()
        self.length_label.clear()

    def more(self, status: str) -> int:
        """Stream more drafts after the ones shown; returns how many more fit."""
        self._coalescer.stop()
        self._more = True
        self._first_draft = len(self.drafts)
        self.set_running(True, status)
        return MOST_DRAFTS - self._first_draft

    def expect(self, drafts: int) -> None:
        """This stream writes ``drafts`` drafts: their boxes appear now."""
        if self._several:
            self.drafts.reserve(self._first_draft + drafts)

    def add(self, text: str, draft: int = 0) -> None:
        """Streamed ``text`` of draft ``draft`` (counted in this request's stream)."""
        if self._several:
            self.drafts.add(self._first_draft + draft, text)
        elif draft == 0:
            self._coalescer.add(text)

    def finish(self, status: str, *, cut_off: bool = False) -> None:
        """The stream ended (``cut_off``: at the maximum length): keep its result (unless
        empty) and show its review."""
        self._coalescer.flush()
        current = self._results.current
        if self._several and self._more and current is not None:
            current.drafts = self._cleaned(self.drafts.texts())
        elif self._several and any(text.strip() for text in self.drafts.texts()):
            self._results.add(_Result(self._cleaned(self.drafts.texts()), None, cut_off))
        elif not self._several and self.text.strip():
            self._results.add(_Result(self._cleaned((self.text,)), 0, cut_off))
        self._more = False
        self.set_running(False, status)
        self._show_result()

    def _cleaned(self, texts: tuple[str, ...]) -> tuple[str, ...]:
        """``texts`` as the answer's clean-up leaves them: whatever engine wrote them, only
        the answer is offered (the local and remote engines have cleaned it already)."""
        request = self.request
        if request is None or request.action is Action.CONTINUE:
            return texts
        pieces = prompt_pieces(request)
        return tuple(clean_answer(text, pieces).text if text.strip() else text
                     for text in texts)

    @Slot(int)
    def choose(self, index: int) -> None:
        """Use draft ``index`` of the result shown (a finished one)."""
        result = self._results.current
        if self._running or result is None or not 0 <= index < len(result.drafts):
            return
        result.chosen = index
        self._show_result()
        self.draft_chosen.emit(index)

    def set_running(self, running: bool, status: str) -> None:
        self._running = running
        self._status.setText(status)
        self._update_controls()

    @property
    def status_text(self) -> str:
        """What the panel says about the work: "Summarizing…", "Reading part 4 of 11…"."""
        return self._status.text()

    @property
    def has_result(self) -> bool:
        """True when a finished result is shown (the one Insert or Accept uses)."""
        return not self._running and bool(self.text.strip())

    def _show_result(self) -> None:
        result = self._results.current
        if result is None:
            return
        if self._several:
            reviews = tuple(review(self.request, text, cut_off=result.cut_off,
                                   counting=self._counting)
                            if self.request is not None and text.strip() else None
                            for text in result.drafts)
            self.drafts.show_drafts(result.drafts, result.chosen, reviews)
        self.text = result.text
        self._render()
        if self.request is not None and self.text.strip():
            checked: Review = review(self.request, self.text, cut_off=result.cut_off,
                                     counting=self._counting)
            self.length_label.setText(translated(checked.summary))
            self._warning.show_warnings(checked.warnings)
        else:
            self.length_label.clear()
            self._warning.hide()
        self._update_controls()

    def _update_controls(self) -> None:
        running, results = self._running, self._results
        self.stop_button.setEnabled(running)
        self.retry_button.setEnabled(not running and self.request is not None)
        self.back_button.setEnabled(not running and results.can_go_back)
        self.forward_button.setEnabled(not running and results.can_go_forward)
        position = self.tr("{number} of {count}").format(
            number=results.number, count=len(results)) if results.number else ""
        self.position_label.setText("" if running else position)
        for button in (self.back_button, self.forward_button):
            button.setAccessibleDescription(self.tr("{tip} (this is {position})").format(
                tip=button.toolTip(), position=position) if position else button.toolTip())
        for widget in (self.back_button, self.position_label, self.forward_button):
            widget.setVisible(len(results) > 1)
        self.more_button.setVisible(self._several)
        self.more_button.setEnabled(not running and len(results) > 0
                                    and len(self.drafts) < MOST_DRAFTS)
        if self._view is not self.drafts:
            self._view.setVisible(not self._several or bool(self.text))

    @Slot()
    def _on_back_clicked(self) -> None:
        self._results.back()
        self._show_result()

    @Slot()
    def _on_forward_clicked(self) -> None:
        self._results.forward()
        self._show_result()

    def _append_text(self, text: str) -> None:
        self.text += text
        self._render()


class SummaryPanel(StreamPanel):
    """The summary streams here; Insert at cursor / Copy / Retry."""

    insert_requested = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(QCoreApplication.translate("SummaryPanel", "Summary"), parent)
        self.view = QPlainTextEdit(self)
        read_only(self.view)
        self.view.setAccessibleName(self.tr("Summary"))
        self._set_view(self.view, lambda: self.view.setPlainText(self.text))
        self.insert_button = self._button(self.tr("Insert at cursor"), self._on_insert_clicked)
        self.copy_button = self._button(self.tr("Copy"), self._on_copy_clicked)
        self.parts_button = self._button(self.tr("Parts"), self._on_parts_toggled)
        self.parts_button.setCheckable(True)
        self.parts_button.setToolTip(self.tr(
            "What each part of a document longer than the context window said"))
        self.parts_view = QPlainTextEdit(self)
        read_only(self.parts_view)
        self.parts_view.setAccessibleName(self.tr("Summaries of the parts"))
        self._layout.insertWidget(self._layout.count() - 1, self.parts_view, 1)
        self.show_parts([])
        self._update_controls()

    def clear(self) -> None:
        super().clear()
        self.show_parts([])

    def show_parts(self, parts: list[str]) -> None:
        """The summaries of a long document's parts (none: the button and view hide)."""
        self.parts_view.setPlainText("\n\n".join(
            self.tr("Part {number}: {summary}").format(number=number, summary=summary)
            for number, summary in enumerate(parts, 1)))
        self.parts_button.setVisible(bool(parts))
        self.parts_button.setChecked(False)
        self.parts_view.hide()

    @Slot(bool)
    def _on_parts_toggled(self, checked: bool) -> None:
        self.parts_view.setVisible(checked)

    def _update_controls(self) -> None:
        super()._update_controls()
        self.insert_button.setEnabled(self.has_result)
        self.copy_button.setEnabled(self.has_result)

    @Slot()
    def _on_insert_clicked(self) -> None:
        self.insert_requested.emit(self.text.strip())

    @Slot()
    def _on_copy_clicked(self) -> None:
        QGuiApplication.clipboard().setText(self.text.strip())


class ContinuePanel(StreamPanel):
    """Drafts of a continuation stream here; the one clicked goes in at the cursor."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(QCoreApplication.translate("ContinuePanel", "Continue"), parent)
        self._set_view(self.drafts, lambda: None)
        self._update_controls()


def asked_text(request: GenerationRequest) -> str:
    """What the rewrite was asked to do: its style, or the writer's own instruction."""
    if request.instruction.strip():
        return QCoreApplication.translate("RewritePanel", "Instruction: {text}").format(
            text=request.instruction.strip())
    return translated(request.style.label) if request.style is not None else ""


class RewritePanel(StreamPanel):
    """A rewrite under review: the diff against the original; Accept / Reject / Retry."""

    accepted = Signal(str)
    rejected = Signal()
    side_by_side_toggled = Signal(bool)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(QCoreApplication.translate("RewritePanel", "Rewrite"), parent)
        self.original = ""
        self.view = QTextBrowser(self)
        self.view.setAccessibleName(self.tr("Rewrite against the original"))
        self.view.setAccessibleDescription(self.tr(
            "Words taken out are struck through; words put in are underlined"))
        self._layout.insertWidget(self._layout.count() - 1, self.drafts, 1)
        self._set_view(self.view, self._render_diff)
        self.side_by_side = QToolButton(self)
        self.side_by_side.setText(self.tr("Side by side"))
        self.side_by_side.setCheckable(True)
        self.side_by_side.setToolTip(self.tr("Show the original and the rewrite in two columns"))
        self.side_by_side.toggled.connect(self._on_side_by_side_toggled)
        self._navigation.addWidget(self.side_by_side)
        self.accept_button = self._button(self.tr("Accept"), self._on_accept_clicked)
        self.reject_button = self._button(self.tr("Reject"), self.rejected.emit)
        self.accept_button.setDefault(True)
        self._update_controls()

    def clear(self) -> None:
        self.original = ""
        super().clear()

    def start(self, request: GenerationRequest, asked: str, status: str, *,
              counting: Counting = PLAIN_COUNTING) -> None:
        self.original = request.selected_text
        super().start(request, asked, status, counting=counting)
        if len(self.original.split()) >= SIDE_BY_SIDE_WORDS:
            self.side_by_side.setChecked(True)

    def _update_controls(self) -> None:
        super()._update_controls()
        self.accept_button.setEnabled(self.has_result)
        self.reject_button.setEnabled(self.request is not None)

    def _render_diff(self) -> None:
        render = side_by_side_html if self.side_by_side.isChecked() else diff_html
        self.view.setHtml(render(self.original, self.text, self.palette()))

    @Slot(bool)
    def _on_side_by_side_toggled(self, checked: bool) -> None:
        self._render_diff()
        self.side_by_side_toggled.emit(checked)

    @Slot()
    def _on_accept_clicked(self) -> None:
        self.accepted.emit(self.text)
