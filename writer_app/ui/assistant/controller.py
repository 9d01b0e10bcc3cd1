"""AssistantController: the assistant's actions, its requests, and its panels.

Continue streams into the document (one undo step, see ``StreamInserter``); Summarize and
Rewrite stream into their panels in the dock, where Retry asks again and keeps the earlier
results. Each request is a ``RequestRun`` that knows where its text goes. One request runs
at a time: a new one, a model switch or another document ends the one in flight.
"""

from __future__ import annotations

import dataclasses

from PySide6.QtCore import QObject, QPoint, Qt, Signal, Slot
from PySide6.QtGui import QAction, QTextCursor, QTextDocument
from PySide6.QtWidgets import (
    QDockWidget,
    QInputDialog,
    QMainWindow,
    QMenu,
    QStackedWidget,
    QWidget,
)

from writer_app.core.documents.provenance import Source
from writer_app.core.protocol import ModelInfo
from writer_app.core.requests import (
    MAX_DRAFTS,
    Action,
    ContinueLength,
    GenerationRequest,
    RewriteStyle,
)
from writer_app.core.settings import RewritePreset, Settings
from writer_app.core.sources.catalog import load_catalog
from writer_app.core.text.placement import continue_point, keep_surrounding_whitespace
from writer_app.core.text.units import Counting
from writer_app.qt.engine_service import EngineService
from writer_app.qt.messages import Level, MessageBridge
from writer_app.qt.preferences import Preferences
from writer_app.ui.assistant.length_menu import ContinueLengthMenu
from writer_app.ui.assistant.long_summary import LongSummaryFlow
from writer_app.ui.assistant.panels import (
    MOST_DRAFTS,
    ContinuePanel,
    RewritePanel,
    StreamPanel,
    SummaryPanel,
    asked_text,
)
from writer_app.ui.assistant.rewrite_presets import RewritePresetMenu
from writer_app.ui.assistant.run import (
    InsertSink,
    PanelSink,
    RequestRun,
    RunSink,
    RunStatus,
    ready_text,
)
from writer_app.ui.assistant.word_alternatives import WordAlternatives
from writer_app.ui.common.accessibility import announce
from writer_app.ui.common.actions import new_action
from writer_app.ui.common.core_text import translated
from writer_app.ui.common.panes import dock_key, enter_or_leave
from writer_app.ui.common.provenance import insert_from_model
from writer_app.ui.common.qt_text import PositionMap
from writer_app.ui.common.quantities import data_size
from writer_app.ui.common.streaming import ComposingTextEdit
from writer_app.ui.document.controller import DocumentController
from writer_app.ui.model.controller import ModelController

_RECORDED_ALTERNATIVES = 5
SHORTCUT = "Ctrl+Shift+A"
"""View ▸ Assistant: the panel shown with the keys in it, or hidden."""


class AssistantController(QObject):
    """Runs the assistant's actions on the window's editor and shows their results."""

    state_changed = Signal()
    """A request started or ended, or the selection changed what can be asked."""
    result_ready = Signal(object, object, bool)
    """A request (``GenerationRequest``) ended with these drafts (a tuple of texts); True
    when they are more drafts of the result before."""
    result_used = Signal(str)
    """The writer put this result of a panel into the document."""

    def __init__(self, window: QMainWindow, editor: ComposingTextEdit, *,
                 service: EngineService, models: ModelController,
                 documents: DocumentController, preferences: Preferences,
                 messages: MessageBridge) -> None:
        super().__init__(window)
        self._window = window
        self._editor = editor
        self._service = service
        self._models = models
        self._documents = documents
        self._preferences = preferences
        self._messages = messages
        self._run: RequestRun | None = None
        self._rewrite_range: QTextCursor | None = None
        self._continue_at: QTextCursor | None = None
        self._status = RunStatus(window)
        self.speed_label = self._status.label
        self.progress = self._status.progress
        self.alternatives = WordAlternatives(editor, messages, self)
        self.alternatives.write_on_requested.connect(self.continue_writing)
        self._build_actions()
        self._build_panels()
        self._long_summary = LongSummaryFlow(service, self.summary_panel, messages, self)
        self._long_summary.ended.connect(self._on_long_summary_ended)
        self._long_summary.fits.connect(self._on_long_summary_fits)
        editor.selectionChanged.connect(self._update_actions)
        service.model_loaded.connect(self._on_service_model_loaded)
        models.switching.connect(self.stop_streams)
        documents.replacing.connect(self._on_documents_replacing)
        preferences.changed.connect(self._on_preferences_changed)
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
        self.rewrite_presets = RewritePresetMenu(
            self.rewrite_menu, self._preferences.settings.rewrite_presets, self._window)
        self.rewrite_presets.preset_chosen.connect(self._on_rewrite_presets_preset_chosen)
        self.rewrite_presets.presets_changed.connect(self._on_rewrite_presets_presets_changed)
        self.draft_actions = []
        for number in range(1, MOST_DRAFTS + 1):
            action = new_action(window, self.tr("Use Draft {number}").format(number=number),
                                self._on_draft_action_triggered, f"Alt+{number}")
            action.setData(number - 1)
            window.addAction(action)
            self.draft_actions.append(action)

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
        dock_key(self.dock, SHORTCUT, self.tr(
            "Show or hide the assistant's panel: its results and their buttons ({key})"))
        self.dock.toggleViewAction().triggered.connect(self._on_toggle_triggered)

    @Slot(bool)
    def _on_toggle_triggered(self, shown: bool) -> None:
        enter_or_leave(self.dock, shown, self._editor)

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
        return self._run is not None or self._long_summary.is_running()

    def _selection(self) -> tuple[int, int] | None:
        cursor = self._editor.textCursor()
        if not cursor.hasSelection():
            return None
        return cursor.selectionStart(), cursor.selectionEnd()

    def _snapshot(self) -> tuple[str, int, tuple[int, int] | None]:
        """The document text with Qt positions mapped to Python string indices."""
        text = self._editor.toPlainText()
        units = PositionMap(text, self._editor.document())
        selection = self._selection()
        cursor = units.index(self._editor.textCursor().position())
        if selection is not None:
            selection = (units.index(selection[0]), units.index(selection[1]))
        return text, cursor, selection

    def _counting(self) -> Counting:
        """How the writer counts this document: the panels' lengths agree with the status
        bar's count."""
        return Counting(self._documents.markdown, self._preferences.settings.count_rule)

    def _require_model(self) -> bool:
        if self._documents.is_loading():
            self._messages.info(self.tr("The document is still opening…"))
            return False
        if self._service.model is not None:
            return True
        if self._models.is_loading():
            self._messages.info(self.tr("The model is still loading…"))
            return False
        self._messages.alert(Level.INFO, self.tr("No model yet"), self.tr(
            "The assistant needs a language model. Choose Model ▸ Models… to download one "
            "(the recommended one is about {size}, once), or Model ▸ Open Model File… for a "
            ".gguf file you have. The model runs on this computer; nothing you write leaves "
            "it.").format(size=data_size(load_catalog().default.size_bytes)))
        self._models.open_model_manager()
        return False

    @Slot()
    def _update_actions(self) -> None:
        has_selection = self._selection() is not None
        self.action_stop.setEnabled(self.is_busy())
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
        sink: RunSink
        if request.drafts > 1:
            self.continue_panel.start(request, self.tr(
                "Click the draft to insert at the cursor, or press Alt and its number."),
                self.tr("Writing drafts…"), counting=self._counting())
            self._show_panel(self.continue_panel)
            sink = self._panel_sink(self.continue_panel)
        else:
            sink = InsertSink(self._editor, self._continue_at, self.alternatives,
                              bool(request.alternatives))
        self._start(request, sink)

    @Slot(object)
    def _on_continue_length_menu_length_chosen(self, length: ContinueLength) -> None:
        self._preferences.change(self._preferences.settings.replace(continue_length=length))

    @Slot(object)
    def _on_preferences_changed(self, settings: Settings) -> None:
        self.continue_length_menu.set_length(settings.continue_length)

    @Slot()
    def summarize(self) -> None:
        if not self._require_model():
            return
        text, cursor, selection = self._snapshot()
        if not text.strip():
            self._messages.info(self.tr("There is nothing to summarize yet."))
            return
        request = GenerationRequest(Action.SUMMARIZE, text, cursor=cursor, selection=selection,
                                    sampling=self._preferences.settings.sampling)
        self.stop_streams()
        status = self.tr("Summarizing…")
        self.summary_panel.start(
            request, self.tr("Of the selection") if selection
            else self.tr("Of the whole document"), status, counting=self._counting())
        self._show_panel(self.summary_panel)
        self._start_summary(request, status)

    def _start_summary(self, request: GenerationRequest, status: str) -> None:
        """One request, or, for a passage longer than the context window, one per part:
        which one is found off the GUI thread (a long text takes seconds to divide), while
        the panel says so; then it shows ``status`` again."""
        model = self._service.model
        passage = request.text[slice(*request.selection)] if request.selection else request.text
        if model is None:
            self._start(request, self._panel_sink(self.summary_panel))
            return
        self._long_summary.start(request, passage, model.n_ctx, status)
        self._update_actions()

    @Slot(object)
    def _on_long_summary_fits(self, request: GenerationRequest) -> None:
        self._start(request, self._panel_sink(self.summary_panel))

    @Slot(object, str)
    def _on_long_summary_ended(self, request: GenerationRequest, summary: str) -> None:
        if summary.strip():
            self.result_ready.emit(request, (summary,), False)
            announce(self.summary_panel, ready_text(Action.SUMMARIZE))
        self._update_actions()

    @Slot()
    def _on_rewrite_action_triggered(self) -> None:
        action = self.sender()
        if isinstance(action, QAction):
            self.rewrite(style=RewriteStyle[str(action.data())])

    @Slot()
    def rewrite_with_instruction(self) -> None:
        if self._selection() is None:
            self._messages.info(self.tr("Select the text to rewrite first."))
            return
        instruction, accepted = QInputDialog.getText(
            self._window, self.tr("Rewrite"), self.tr("How should the selection be rewritten?"))
        if accepted and instruction.strip():
            self.rewrite(instruction=instruction.strip())

    def rewrite(self, style: RewriteStyle | None = None, instruction: str = "") -> None:
        """Rewrite the selection into the review panel."""
        if self._selection() is None or not self._editor.textCursor().selectedText().strip():
            self._messages.info(self.tr("Select the text to rewrite first."))
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
        self.rewrite_panel.start(request, asked_text(request), self.tr("Rewriting…"),
                                 counting=self._counting())
        self._show_panel(self.rewrite_panel)
        self._start(request, self._panel_sink(self.rewrite_panel))

    def _show_panel(self, panel: QWidget) -> None:
        self._panels.setCurrentWidget(panel)
        self.dock.show()

    def _start(self, request: GenerationRequest, sink: RunSink, first_draft: int = 0) -> None:
        """Run ``request`` into ``sink``; its drafts are shown from number ``first_draft`` on."""
        self._run = run = RequestRun(self._service, request, sink, self._status,
                                     first_draft=first_draft, parent=self)
        run.result_ready.connect(self.result_ready)
        run.ended.connect(self._on_run_ended)
        run.failed.connect(self._on_run_failed)
        self._update_actions()

    def _panel_sink(self, panel: StreamPanel, first_draft: int = 0) -> PanelSink:
        """A sink into ``panel``; the Continue panel's drafts keep their alternatives."""
        recordings = self.alternatives.drafts if panel is self.continue_panel else None
        return PanelSink(panel, recordings, first_draft)

    @Slot()
    def stop(self) -> None:
        """Stop the request in flight; what it wrote so far stays."""
        if self._run is not None:
            self._run.stop()
        self._long_summary.stop()

    @Slot()
    def stop_streams(self) -> None:
        """End whatever is streaming without waiting for it (something else replaces it)."""
        self._long_summary.abandon()
        if self._run is not None:
            self._run.abandon()
            self._run.deleteLater()
            self._run = None

    @Slot()
    def _on_documents_replacing(self) -> None:
        """Another document comes: what the pane shows was about the one before."""
        self.stop_streams()
        self.speed_label.clear()
        for panel in (self.summary_panel, self.rewrite_panel, self.continue_panel):
            panel.clear()

    @Slot(object)
    def _on_service_model_loaded(self, _info: ModelInfo) -> None:
        if self._run is not None and self._run.is_streaming():
            self._status.reloaded()

    @Slot(str, bool)
    def _on_run_ended(self, status: str, warning: bool) -> None:
        if self._run is not None:
            self._run.deleteLater()
        self._run = None
        if status and warning:
            self._messages.warning(status)
        elif status:
            self._messages.info(status)
        self._update_actions()

    @Slot(str)
    def _on_run_failed(self, message: str) -> None:
        self._messages.alert(Level.WARNING, self.tr("The assistant stopped"),
                             translated(message))

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
            status = self.tr("Summarizing again…")
            panel.retry(status)
            self._start_summary(request, status)
        else:
            panel.retry(self.tr("Writing drafts again…") if request.action is Action.CONTINUE
                        else self.tr("Rewriting again…"))
            self._start(request, self._panel_sink(panel))

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
                    self._panel_sink(panel, shown), first_draft=shown)

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
        insert_from_model(cursor, text, Source.DRAFT)
        self.alternatives.keep_draft(index, target)
        self._continue_at = None
        self.dock.hide()
        self._editor.setTextCursor(cursor)
        self._editor.setFocus()
        self.result_used.emit(text)

    @Slot(str)
    def _on_rewrite_presets_preset_chosen(self, instruction: str) -> None:
        self.rewrite(instruction=instruction)

    @Slot(object)
    def _on_rewrite_presets_presets_changed(self, presets: tuple[RewritePreset, ...]) -> None:
        self._preferences.change(self._preferences.settings.replace(rewrite_presets=presets))

    @Slot(str)
    def _on_summary_insert_requested(self, text: str) -> None:
        cursor = self._editor.textCursor()
        insert_from_model(cursor, text, Source.SUMMARY)
        self._editor.setTextCursor(cursor)
        self._editor.setFocus()
        self.result_used.emit(text)

    @Slot(str)
    def _on_rewrite_accepted(self, text: str) -> None:
        target = self._rewrite_range
        if target is None or not target.hasSelection():
            return
        if target.selectedText().replace("\u2029", "\n") != self.rewrite_panel.original:
            self._messages.alert(Level.WARNING, self.tr("The passage changed"), self.tr(
                "The selected passage was edited while the rewrite was under review, so it "
                "was not replaced. Select it again and retry."))
            return
        insert_from_model(target, keep_surrounding_whitespace(self.rewrite_panel.original, text),
                          Source.REWRITE)
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
