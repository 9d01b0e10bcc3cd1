"""AssistantController: the assistant's actions, the stream of one request, and its panels.

Continue streams into the document (one undo step, see ``StreamInserter``); Summarize and
Rewrite stream into their panels in the dock, where Retry asks again and keeps the earlier
results. One request runs at a time: a new one, a model switch or another document ends
the one in flight.
"""

from __future__ import annotations

import dataclasses
import re
import time

from PySide6.QtCore import QEvent, QObject, QPoint, Qt, QTimer, Signal, Slot
from PySide6.QtGui import QAction, QMouseEvent, QTextCursor, QTextDocument
from PySide6.QtWidgets import (
    QDockWidget,
    QInputDialog,
    QLabel,
    QMainWindow,
    QMenu,
    QProgressBar,
    QStackedWidget,
    QWidget,
)

from writer_app.core.protocol import Chunk, FinishReason, GenerationStats, ModelInfo
from writer_app.core.requests import (
    MAX_DRAFTS,
    Action,
    ContinueLength,
    GenerationRequest,
    RewriteStyle,
)
from writer_app.core.text.placement import continue_point, keep_surrounding_whitespace
from writer_app.core.text.positions import utf16_length
from writer_app.core.writing.alternatives import AlternativesMap, TokenSpan
from writer_app.qt.engine_service import EngineService, GenerationJob
from writer_app.qt.messages import MessageBridge
from writer_app.qt.preferences import Preferences
from writer_app.ui.assistant.length_menu import ContinueLengthMenu
from writer_app.ui.assistant.long_summary import LongSummaryFlow, needs_parts
from writer_app.ui.assistant.panels import (
    MOST_DRAFTS,
    ContinuePanel,
    RewritePanel,
    StreamPanel,
    SummaryPanel,
    asked_text,
)
from writer_app.ui.common.actions import new_action
from writer_app.ui.common.core_text import translated
from writer_app.ui.common.quantities import thinking_text
from writer_app.ui.common.streaming import ComposingTextEdit, StreamInserter
from writer_app.ui.document.controller import DocumentController
from writer_app.ui.model.controller import ModelController

_ASTRAL = re.compile("[\U00010000-\U0010ffff]")
_SHOW_READING_FROM = 1024  # prompt tokens: shorter prompts are read before a bar would help
_COMPOSITION_WAIT_MS = 50
_RECORDED_ALTERNATIVES = 5



class AssistantController(QObject):
    """Runs the assistant's actions on the window's editor and shows their results."""

    state_changed = Signal()
    """A request started or ended, or the selection changed what can be asked."""
    result_ready = Signal(object, object, bool)
    """A request (``GenerationRequest``) ended with these drafts (a tuple of texts); True
    when they are more drafts of the result before."""
    result_used = Signal(str)
    """The writer put this result of a panel into the document."""
    alternatives_kept = Signal()
    """A continuation went into the document with its recorded tokens (``alternatives``,
    from ``alternatives_position()``), or the ones kept before were dropped."""

    def __init__(self, window: QMainWindow, editor: ComposingTextEdit, *,
                 service: EngineService, models: ModelController,
                 documents: DocumentController, preferences: Preferences,
                 messages: MessageBridge, progress: QProgressBar) -> None:
        super().__init__(window)
        self._window = window
        self._editor = editor
        self._service = service
        self._models = models
        self._documents = documents
        self._preferences = preferences
        self._messages = messages
        self._progress = progress
        self._action: Action | None = None
        self._request: GenerationRequest | None = None
        self._drafts: list[list[str]] = []
        self._job: GenerationJob | None = None
        self._inserter: StreamInserter | None = None
        self._rewrite_range: QTextCursor | None = None
        self._continue_at: QTextCursor | None = None
        self._draft_chunks: list[list[Chunk]] = []
        self._first_draft = 0
        self._recording: AlternativesMap | None = None
        self._alternatives: AlternativesMap | None = None
        self._alternatives_start: QTextCursor | None = None
        self._alternative_span: TokenSpan | None = None
        self._stream_started = 0.0
        self._stream_tokens = 0
        self.speed_label = QLabel(window)
        self._build_actions()
        self._build_panels()
        self._long_summary = LongSummaryFlow(service, self.summary_panel, messages, self)
        self._long_summary.ended.connect(self._on_long_summary_ended)
        editor.selectionChanged.connect(self._update_actions)
        editor.viewport().installEventFilter(self)
        service.model_loaded.connect(self._on_service_model_loaded)
        models.switching.connect(self.stop_streams)
        documents.replacing.connect(self._on_documents_replacing)
        self._update_actions()

    # Construction ---------------------------------------------------------------------

    def _build_actions(self) -> None:
        window = self._window
        self.action_continue = new_action(
            window, self.tr("&Continue Writing"), self.continue_writing, "Ctrl+Return",
            self.tr("Let the model continue at the cursor (Ctrl+Enter)"))
        self.action_summarize = new_action(
            window, self.tr("&Summarize"), self.summarize, "Ctrl+Shift+M",
            self.tr("Summarize the selection, or the whole document"))
        self.action_custom = new_action(
            window, self.tr("Rewrite with &Instruction…"), self.rewrite_with_instruction,
            "Ctrl+Shift+I", self.tr("Rewrite the selection following your own instruction"))
        self.action_stop = new_action(window, self.tr("S&top"), self.stop, "Esc",
                                      self.tr("Stop the assistant (Esc)"))
        self.rewrite_actions: list[QAction] = []
        for index, style in enumerate(RewriteStyle):
            label = translated(style.label)
            action = new_action(
                window, label, self._on_rewrite_action_triggered,
                "Ctrl+Shift+R" if index == 0 else None,
                self.tr("Rewrite the selection: {style}").format(style=label.lower()))
            action.setData(style.name)
            self.rewrite_actions.append(action)
        self.continue_length_menu = ContinueLengthMenu(
            self._preferences.settings.continue_length, self._window)
        self.continue_length_menu.length_chosen.connect(
            self._on_continue_length_menu_length_chosen)
        self.rewrite_menu = QMenu(self.tr("&Rewrite Selection"), self._window)
        self.rewrite_menu.addActions(self.rewrite_actions)
        self.rewrite_menu.addSeparator()
        self.rewrite_menu.addAction(self.action_custom)
        self.draft_actions = []
        for number in range(1, MOST_DRAFTS + 1):
            action = new_action(window, self.tr("Use Draft {number}").format(number=number),
                                self._on_draft_action_triggered, f"Alt+{number}")
            action.setData(number - 1)
            window.addAction(action)
            self.draft_actions.append(action)
        self.alternatives_menu = QMenu(self._editor)
        self.alternatives_menu.triggered.connect(self._on_alternatives_menu_triggered)
        self._action_regenerate = QAction(self.tr("Write On from Here"), self)
        self._action_regenerate.setToolTip(self.tr(
            "Keep the text up to this word and write the rest of the continuation again"))

    def _build_panels(self) -> None:
        self.summary_panel = SummaryPanel(self._window)
        self.rewrite_panel = RewritePanel(self._window)
        self.continue_panel = ContinuePanel(self._window)
        self._panels = QStackedWidget(self._window)
        for panel in (self.summary_panel, self.rewrite_panel, self.continue_panel):
            self._panels.addWidget(panel)
            panel.follow_font(self._editor)
            panel.stop_requested.connect(self.stop)
            panel.retry_requested.connect(self._on_panel_retry_requested)
            panel.more_requested.connect(self._on_panel_more_requested)
        self.continue_panel.draft_chosen.connect(self._on_continue_panel_draft_chosen)
        self.summary_panel.insert_requested.connect(self._on_summary_insert_requested)
        self.rewrite_panel.accepted.connect(self._on_rewrite_accepted)
        self.rewrite_panel.rejected.connect(self._on_rewrite_rejected)
        self.rewrite_panel.side_by_side_toggled.connect(self._on_rewrite_side_by_side_toggled)
        self.dock = QDockWidget(self.tr("Assistant"), self._window)
        self.dock.setObjectName("assistant-dock")
        self.dock.setWidget(self._panels)
        self.dock.setMinimumWidth(320)

    def context_menu(self, position: QPoint) -> QMenu:
        """The editor's own context menu with the assistant's actions under it."""
        menu: QMenu = self._editor.createStandardContextMenu(position)
        menu.addSeparator()
        menu.addAction(self.action_continue)
        menu.addAction(self.action_summarize)
        menu.addMenu(self.rewrite_menu)
        menu.addAction(self.action_stop)
        return menu

    # State ----------------------------------------------------------------------------

    def is_busy(self) -> bool:
        """True while a request runs or its text is still going into the document."""
        return (self._action is not None or self._inserter is not None
                or self._long_summary.is_running())

    def _selection(self) -> tuple[int, int] | None:
        cursor = self._editor.textCursor()
        if not cursor.hasSelection():
            return None
        return cursor.selectionStart(), cursor.selectionEnd()

    def _snapshot(self) -> tuple[str, int, tuple[int, int] | None]:
        """The document text with Qt positions mapped to Python string indices."""
        text = self._editor.toPlainText()
        units = _Utf16Map(text, self._editor.document())
        selection = self._selection()
        cursor = units.index(self._editor.textCursor().position())
        if selection is not None:
            selection = (units.index(selection[0]), units.index(selection[1]))
        return text, cursor, selection

    def _require_model(self) -> bool:
        if self._documents.is_loading():
            self._messages.status(self.tr("The document is still opening…"), 4000)
            return False
        if self._service.model is not None:
            return True
        if self._models.is_loading():
            self._messages.status(self.tr("The model is still loading…"), 4000)
            return False
        self._messages.information(self.tr("No model yet"), self.tr(
            "The assistant needs a language model. Choose Model ▸ Models… to download one "
            "(about 1 GB, once), or Model ▸ Open Model File… for a .gguf file you have. "
            "The model runs on this computer; nothing you write leaves it."))
        self._models.open_model_manager()
        return False

    @Slot()
    def _update_actions(self) -> None:
        has_selection = self._selection() is not None
        self.action_stop.setEnabled(self._action is not None
                                    or self._long_summary.is_running())
        self.rewrite_menu.setEnabled(has_selection)
        for action in (*self.rewrite_actions, self.action_custom):
            action.setEnabled(has_selection)
        self.state_changed.emit()

    # Actions --------------------------------------------------------------------------

    @Slot()
    def continue_writing(self) -> None:
        if not self._require_model():
            return
        text, cursor, _ = self._snapshot()
        point = continue_point(text, cursor)
        settings = self._preferences.settings
        request = GenerationRequest(
            Action.CONTINUE, text, cursor=point, sampling=settings.sampling,
            length=settings.continue_length, continue_mode=settings.continue_mode,
            drafts=settings.continue_drafts,
            alternatives=_RECORDED_ALTERNATIVES
            if settings.record_alternatives or settings.underline_uncertain else 0)
        self.stop_streams()
        # Only whitespace lies between the point and the cursor: one UTF-16 unit a character.
        position = self._editor.textCursor().position() - (cursor - point)
        self._continue_at = _anchor(self._editor.document(), position)
        if request.drafts > 1:
            self.continue_panel.start(request, self.tr(
                "Click the draft to insert at the cursor, or press Alt and its number."),
                self.tr("Writing drafts…"))
            self._show_panel(self.continue_panel)
        else:
            self._inserter = StreamInserter(self._editor, position, self)
            self._inserter.interrupted.connect(self._on_inserter_interrupted)
        self._start(request)

    @Slot(object)
    def _on_continue_length_menu_length_chosen(self, length: ContinueLength) -> None:
        self._preferences.change(self._preferences.settings.replace(continue_length=length))

    @Slot()
    def summarize(self) -> None:
        if not self._require_model():
            return
        text, cursor, selection = self._snapshot()
        if not text.strip():
            self._messages.status(self.tr("There is nothing to summarize yet."), 4000)
            return
        request = GenerationRequest(Action.SUMMARIZE, text, cursor=cursor, selection=selection,
                                    sampling=self._preferences.settings.sampling)
        self.stop_streams()
        self.summary_panel.start(
            request, self.tr("Of the selection") if selection
            else self.tr("Of the whole document"), self.tr("Summarizing…"))
        self._show_panel(self.summary_panel)
        self._start_summary(request)

    def _start_summary(self, request: GenerationRequest) -> None:
        """One request, or, for a passage longer than the context window, one per part."""
        model = self._service.model
        passage = request.text[slice(*request.selection)] if request.selection else request.text
        if model is not None and needs_parts(passage, model.n_ctx, self._service.notes):
            self._long_summary.start(request, passage, model.n_ctx)
            self._update_actions()
        else:
            self._start(request)

    @Slot(object, str)
    def _on_long_summary_ended(self, request: GenerationRequest, summary: str) -> None:
        if summary.strip():
            self.result_ready.emit(request, (summary,), False)
        self._update_actions()

    @Slot()
    def _on_rewrite_action_triggered(self) -> None:
        action = self.sender()
        if isinstance(action, QAction):
            self.rewrite(style=RewriteStyle[str(action.data())])

    @Slot()
    def rewrite_with_instruction(self) -> None:
        if self._selection() is None:
            self._messages.status(self.tr("Select the text to rewrite first."), 4000)
            return
        instruction, accepted = QInputDialog.getText(
            self._window, self.tr("Rewrite"), self.tr("How should the selection be rewritten?"))
        if accepted and instruction.strip():
            self.rewrite(instruction=instruction.strip())

    def rewrite(self, style: RewriteStyle | None = None, instruction: str = "") -> None:
        """Rewrite the selection into the review panel."""
        if self._selection() is None or not self._editor.textCursor().selectedText().strip():
            self._messages.status(self.tr("Select the text to rewrite first."), 4000)
            return
        if not self._require_model():
            return
        text, cursor, selection = self._snapshot()
        request = GenerationRequest(Action.REWRITE, text, cursor=cursor, selection=selection,
                                    style=style, instruction=instruction,
                                    sampling=self._preferences.settings.sampling,
                                    drafts=self._preferences.settings.rewrite_drafts)
        self.stop_streams()
        self._rewrite_range = QTextCursor(self._editor.textCursor())
        self.rewrite_panel.start(request, asked_text(request), self.tr("Rewriting…"))
        self._show_panel(self.rewrite_panel)
        self._start(request)

    def _show_panel(self, panel: QWidget) -> None:
        self._panels.setCurrentWidget(panel)
        self.dock.show()

    def _start(self, request: GenerationRequest, first_draft: int = 0) -> None:
        """Run ``request``; its drafts are shown from number ``first_draft`` on."""
        self._action = request.action
        self._request = request
        self._drafts = []
        self._stream_started = 0.0
        self._stream_tokens = 0
        self._first_draft = first_draft
        self._draft_chunks = self._draft_chunks[:first_draft]
        self._recording = AlternativesMap() if request.alternatives else None
        self._job = job = self._service.generate(request)
        job.prompt_progressed.connect(self._on_job_prompt_progressed)
        job.reload_progressed.connect(self._on_job_reload_progressed)
        job.chunk_arrived.connect(self._on_job_chunk_arrived)
        job.finished.connect(self._on_job_finished)
        job.failed.connect(self._on_job_failed)
        self.speed_label.setText(self.tr("Reading…"))
        self._update_actions()

    @Slot()
    def stop(self) -> None:
        """Stop the request in flight; what it wrote so far stays."""
        if self._job is not None:
            self._job.cancel()
        self._long_summary.stop()

    @Slot()
    def _on_inserter_interrupted(self) -> None:
        """The writer typed where the continuation was going: it ends there, and only what
        went into the document is kept (history, word alternatives)."""
        assert self._inserter is not None
        inserted = self._inserter.text
        self._drafts[:1] = [[inserted]]
        if self._recording is not None:
            self._recording.cut(utf16_length(inserted))
        self.stop()

    @Slot()
    def stop_streams(self) -> None:
        """End whatever is streaming without waiting for it (something else replaces it)."""
        self._long_summary.abandon()
        if self._job is not None:
            self._job.abandon()
            self._job = None
        if self._inserter is not None:
            self._inserter.finish()
            self._inserter = None
        self._action = None

    @Slot()
    def _on_documents_replacing(self) -> None:
        """Another document comes: what the pane shows was about the one before."""
        self.stop_streams()
        self.speed_label.clear()
        for panel in (self.summary_panel, self.rewrite_panel, self.continue_panel):
            panel.clear()

    # The stream -----------------------------------------------------------------------

    @Slot(float)
    def _on_job_reload_progressed(self, fraction: float) -> None:
        """The engine had to start again and reads the model before it answers."""
        self._progress.show()
        self._progress.setRange(0, 100)
        self._progress.setValue(int(fraction * 100))

    @Slot(object)
    def _on_service_model_loaded(self, _info: ModelInfo) -> None:
        if self._job is not None:  # reloaded after a restart: the prompt is read next
            self._progress.setRange(0, 0)

    @Slot(int, int)
    def _on_job_prompt_progressed(self, done: int, total: int) -> None:
        if total < _SHOW_READING_FROM:
            return
        self._progress.show()
        self._progress.setRange(0, total)
        self._progress.setValue(done)
        self.speed_label.setText(self.tr("Reading {done:,} / {total:,} tokens…").format(
            done=done, total=total))

    @Slot(object)
    def _on_job_chunk_arrived(self, chunk: Chunk) -> None:
        if not chunk.text and not any(map(any, self._drafts)):
            # A reasoning model thinks before it answers: its tokens come, its text does not.
            self._progress.hide()
            self.speed_label.setText(thinking_text(None))
            return
        now = time.perf_counter()
        if not self._stream_started:
            self._stream_started = now
            self._progress.hide()
        else:
            self._stream_tokens += chunk.tokens
            elapsed = now - self._stream_started
            if elapsed > 0.25:
                self.speed_label.setText(self.tr("≈ {rate:.1f} tokens/s").format(
                    rate=self._stream_tokens / elapsed))
        if self._inserter is not None and self._inserter.is_interrupted:
            return
        text, draft = chunk.text, chunk.draft
        while len(self._drafts) <= draft:
            self._drafts.append([])
        self._drafts[draft].append(text)
        if self._action is Action.CONTINUE and self._inserter is not None:
            if draft == 0:
                self._inserter.add(text)
                if self._recording is not None:
                    self._recording.add(text, chunk.alternatives)
        elif self._action is Action.CONTINUE:
            while len(self._draft_chunks) <= self._first_draft + draft:
                self._draft_chunks.append([])
            self._draft_chunks[self._first_draft + draft].append(chunk)
            self.continue_panel.add(text, draft)
        elif self._action is Action.SUMMARIZE:
            self.summary_panel.add(text, draft)
        elif self._action is Action.REWRITE:
            self.rewrite_panel.add(text, draft)

    @Slot(object, object)
    def _on_job_finished(self, reason: FinishReason, stats: GenerationStats) -> None:
        self._job = None
        drafts = tuple("".join(parts) for parts in self._drafts)
        if self._request is not None and any(draft.strip() for draft in drafts):
            self.result_ready.emit(self._request, drafts, self._first_draft > 0)
        self._progress.hide()
        rate = self.tr("{rate:.1f} tokens/s").format(
            rate=stats.tokens_per_s) if stats.tokens_per_s else ""
        if stats.thinking_s:
            thought = thinking_text(stats.thinking_s)
            rate = self.tr("{thinking} · {rate}").format(thinking=thought, rate=rate) \
                if rate else thought
        self.speed_label.setText(rate)
        self.speed_label.setToolTip(self.tr(
            "{generated} tokens in answer, {prompt:,} prompt tokens ({read:,} read, the rest "
            "from cache); first token after {ttft:.2f} s; backend {backend}").format(
                generated=stats.generated_tokens, prompt=stats.prompt_tokens,
                read=stats.prompt_tokens_processed, ttft=stats.ttft_s, backend=stats.backend))
        cut_off = reason is FinishReason.LENGTH
        if stats.truncated_input:
            self._end_stream(self.tr(
                "{finish}. The document is longer than the context window, so only part of it "
                "was read.").format(finish=self._finish_words(reason)), cut_off=cut_off)
        else:
            self._end_stream(self.tr("{finish}.").format(finish=self._finish_words(reason)),
                             cut_off=cut_off)

    def _finish_words(self, reason: FinishReason) -> str:
        if reason is FinishReason.LENGTH:
            return self.tr("Stopped at the maximum length")
        if reason is FinishReason.CANCELLED and self._inserter is not None \
                and self._inserter.is_interrupted:
            return self.tr("Stopped because you typed where the text was going")
        if reason is FinishReason.CANCELLED:
            return self.tr("Stopped")
        if reason is FinishReason.CONTEXT_FULL:
            return self.tr("The context window is full")
        return self.tr("Done")

    @Slot(object)
    def _on_job_failed(self, message: str) -> None:
        self._job = None
        self._progress.hide()
        self.speed_label.clear()
        self._end_stream(self.tr("Failed."))
        self._messages.warning(self.tr("The assistant stopped"), translated(message))

    def _end_stream(self, status: str, *, cut_off: bool = False) -> None:
        """The stream ended with ``status``; ``cut_off``: at the maximum length."""
        action = self._action
        self._action = None
        if action is Action.CONTINUE and self._inserter is not None:
            if not self._inserter.finish():
                QTimer.singleShot(_COMPOSITION_WAIT_MS, self._finish_pending_insert)
                return
            self._inserter = None
            self._keep_alternatives(self._recording)
        elif action is Action.CONTINUE:
            self.continue_panel.finish(status, cut_off=cut_off)
        elif action is Action.SUMMARIZE:
            self.summary_panel.finish(status, cut_off=cut_off)
        elif action is Action.REWRITE:
            self.rewrite_panel.finish(status, cut_off=cut_off)
        self._messages.status(status, 6000)
        self._update_actions()

    @Slot()
    def _finish_pending_insert(self) -> None:
        """Text that waited for an input method's composition goes in once it ends."""
        if self._inserter is None:
            return
        if self._inserter.finish():
            self._inserter = None
            self._keep_alternatives(self._recording)
            self._update_actions()
        else:
            QTimer.singleShot(_COMPOSITION_WAIT_MS, self._finish_pending_insert)

    # The panels -----------------------------------------------------------------------

    def _asking_panel(self) -> StreamPanel | None:
        """The panel whose button sent the signal, if it has a request a model can answer."""
        panel = self.sender()
        if not isinstance(panel, StreamPanel) or self._service.model is None:
            return None
        return panel

    @Slot()
    def _on_panel_retry_requested(self) -> None:
        """Ask again what the panel shows (a Continue since then may have been the last)."""
        panel = self._asking_panel()
        if panel is None or panel.request is None:
            return
        request = panel.request
        self.stop_streams()
        if request.action is Action.SUMMARIZE:
            panel.retry(self.tr("Summarizing again…"))
            self._start_summary(request)
        else:
            panel.retry(self.tr("Writing drafts again…") if request.action is Action.CONTINUE
                        else self.tr("Rewriting again…"))
            self._start(request)

    @Slot()
    def _on_panel_more_requested(self) -> None:
        """More drafts of what the panel shows, with seeds after the ones used so far."""
        panel = self._asking_panel()
        if panel is None or panel.request is None:
            return
        request, shown = panel.request, len(panel.drafts)
        self.stop_streams()
        room = panel.more(self.tr("Writing more drafts…"))
        count = min(request.drafts, room, MAX_DRAFTS)
        panel.expect(count)
        sampling = request.sampling
        if sampling.seed >= 0:
            sampling = dataclasses.replace(sampling, seed=sampling.seed + shown)
        self._start(dataclasses.replace(request, drafts=count, sampling=sampling),
                    first_draft=shown)

    @Slot()
    def _on_draft_action_triggered(self) -> None:
        action = self.sender()
        panel = self._panels.currentWidget()
        if isinstance(action, QAction) and isinstance(panel, StreamPanel) and self.dock.isVisible():
            panel.choose(int(action.data()))

    @Slot(int)
    def _on_continue_panel_draft_chosen(self, index: int) -> None:
        """The chosen draft goes in where Continue was asked, as one undo step."""
        target = self._continue_at
        if target is None:
            return
        text = self.continue_panel.text
        cursor = QTextCursor(target)
        cursor.setKeepPositionOnInsert(False)
        cursor.beginEditBlock()
        cursor.insertText(text)
        cursor.endEditBlock()
        recorded: AlternativesMap | None = None
        if index < len(self._draft_chunks) and any(
                chunk.alternatives for chunk in self._draft_chunks[index]):
            recorded = AlternativesMap()
            for chunk in self._draft_chunks[index]:
                recorded.add(chunk.text, chunk.alternatives)
        self._keep_alternatives(recorded)
        self._continue_at = None
        self.dock.hide()
        self._editor.setTextCursor(cursor)
        self._editor.setFocus()
        self.result_used.emit(text)

    # Word alternatives ----------------------------------------------------------------

    def _keep_alternatives(self, recorded: AlternativesMap | None) -> None:
        """The alternatives of the continuation that just went in at ``_continue_at``."""
        self._alternatives = recorded if recorded is not None and len(recorded) else None
        self._alternatives_start = (QTextCursor(self._continue_at)
                                    if self._alternatives is not None
                                    and self._continue_at is not None else None)
        self.alternatives_kept.emit()

    @property
    def alternatives(self) -> AlternativesMap | None:
        """The recorded word alternatives of the last Continue, if it recorded any."""
        return self._alternatives

    def alternatives_position(self) -> int | None:
        """Where the continuation of ``alternatives`` begins in the document."""
        start = self._alternatives_start
        return start.position() if start is not None and self._alternatives else None

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (event.type() == QEvent.Type.MouseButtonPress and isinstance(event, QMouseEvent)
                and event.modifiers() & Qt.KeyboardModifier.AltModifier
                and self._alternatives is not None):
            clicked = self._editor.cursorForPosition(event.position().toPoint())
            # Below the line, so the menu does not hide the word it offers to replace.
            below = self._editor.cursorRect(clicked).bottomLeft()
            return self.show_alternatives(clicked.position(),
                                          self._editor.viewport().mapToGlobal(below))
        return False

    def show_alternatives(self, position: int, at: QPoint) -> bool:
        """Offer the model's alternatives for the generated word at ``position``."""
        start = self._alternatives_start
        if self._alternatives is None or start is None:
            return False
        span = self._alternatives.at(position - start.position())
        if span is None:
            return False
        if self._span_cursor(span).selectedText() != span.text:
            self._messages.status(self.tr(
                "That passage was edited since it was written, so its alternatives are gone."),
                6000)
            return True
        self._alternative_span = span
        self.alternatives_menu.clear()
        for choice in span.choices():
            action = self.alternatives_menu.addAction(self.tr("{word}    {percent:.0%}").format(
                word=choice.text.strip() or repr(choice.text), percent=choice.probability))
            action.setData(choice.text)
        if self.alternatives_menu.isEmpty():
            self._messages.status(self.tr("The model saw no other word there."), 4000)
            return True
        self.alternatives_menu.addSeparator()
        self.alternatives_menu.addAction(self._action_regenerate)
        self.alternatives_menu.popup(at)
        return True

    def _span_cursor(self, span: TokenSpan) -> QTextCursor:
        start = self._alternatives_start
        assert start is not None
        cursor = QTextCursor(self._editor.document())
        cursor.setPosition(start.position() + span.start)
        cursor.setPosition(start.position() + span.end, QTextCursor.MoveMode.KeepAnchor)
        return cursor

    @Slot(QAction)
    def _on_alternatives_menu_triggered(self, action: QAction) -> None:
        span, self._alternative_span = self._alternative_span, None
        if span is None or self._alternatives is None:
            return
        cursor = self._span_cursor(span)
        if cursor.selectedText() != span.text:
            return
        if action is self._action_regenerate:
            self._write_on_after(cursor, self._alternatives.length - span.end)
            return
        text = str(action.data())
        cursor.beginEditBlock()
        cursor.insertText(text)
        cursor.endEditBlock()
        self._alternatives.replace(span, text)

    def _write_on_after(self, word: QTextCursor, rest: int) -> None:
        """Remove the continuation's ``rest`` units after ``word`` and continue from there."""
        cursor = QTextCursor(word)
        cursor.clearSelection()
        cursor.setPosition(word.selectionEnd() + rest, QTextCursor.MoveMode.KeepAnchor)
        cursor.beginEditBlock()
        cursor.removeSelectedText()
        cursor.endEditBlock()
        self._alternatives = None
        self.alternatives_kept.emit()
        self._editor.setTextCursor(cursor)
        self.continue_writing()

    @Slot(str)
    def _on_summary_insert_requested(self, text: str) -> None:
        self._editor.textCursor().insertText(text)
        self._editor.setFocus()
        self.result_used.emit(text)

    @Slot(str)
    def _on_rewrite_accepted(self, text: str) -> None:
        target = self._rewrite_range
        if target is None or not target.hasSelection():
            return
        if target.selectedText().replace("\u2029", "\n") != self.rewrite_panel.original:
            self._messages.warning(self.tr("The passage changed"), self.tr(
                "The selected passage was edited while the rewrite was under review, so it "
                "was not replaced. Select it again and retry."))
            return
        target.beginEditBlock()
        target.insertText(keep_surrounding_whitespace(self.rewrite_panel.original, text))
        target.endEditBlock()
        self._rewrite_range = None
        self.dock.hide()
        self._editor.setFocus()
        self.result_used.emit(text)

    @Slot(bool)
    def _on_rewrite_side_by_side_toggled(self, checked: bool) -> None:
        """Two columns need room: widen the panel to about half the window."""
        wide = self._window.width() // 2
        if checked and self.dock.width() < wide:
            self._window.resizeDocks([self.dock], [wide], Qt.Orientation.Horizontal)

    @Slot()
    def _on_rewrite_rejected(self) -> None:
        self.stop()
        self._rewrite_range = None
        self.dock.hide()
        self._editor.setFocus()


def _anchor(document: QTextDocument, position: int) -> QTextCursor:
    """A cursor at ``position`` that stays before text inserted there."""
    cursor = QTextCursor(document)
    cursor.setPosition(position)
    cursor.setKeepPositionOnInsert(True)
    return cursor


class _Utf16Map:
    """Map Qt document positions (UTF-16 code units) to Python string indices.

    Characters outside the Basic Multilingual Plane (emoji, rare CJK) take two units. Half
    of a surrogate pair (pasted, or left by typing inside an emoji) has no Python
    character, so in a document with one, positions are counted through a selection.
    """

    def __init__(self, text: str, document: QTextDocument) -> None:
        self._wide = [match.start() for match in _ASTRAL.finditer(text)]
        units = document.characterCount() - 1
        self._document = document if len(text) + len(self._wide) != units else None

    def index(self, position: int) -> int:
        if self._document is not None:
            cursor = QTextCursor(self._document)
            cursor.setPosition(position, QTextCursor.MoveMode.KeepAnchor)
            return len(cursor.selectedText())
        before = 0
        for seen, index in enumerate(self._wide):
            if index + seen + 2 > position:
                break
            before += 1
        return position - before
