"""Inline suggestions: after the writer pauses typing, a short continuation in grey.

``GhostTextController`` owns the timing and the request; the editor (``ui/editor/text_editor.py``)
shows the suggestion and handles Tab, Ctrl+Right and every other key. Each keystroke, or
anything else the writer does, abandons the request on its way, so a late answer never
shows and nothing waits for the engine. A suggestion is asked for only when the engine
is idle, so it never cancels a model load or an action the writer started; one of those
starting abandons it instead.
"""

from __future__ import annotations

import dataclasses
import logging

from PySide6.QtCore import QObject, QTimer, Slot
from PySide6.QtGui import QAction

from writer_app.core.requests import Action, ContinueLength, GenerationRequest
from writer_app.core.settings import Settings
from writer_app.core.text.positions import string_index
from writer_app.core.writing.suggestions import can_suggest, ends_line, shown_part
from writer_app.qt.engine_service import EngineService, GenerationJob
from writer_app.qt.preferences import Preferences
from writer_app.ui.editor.text_editor import WriterTextEdit

log = logging.getLogger(__name__)

# A suggestion is one sentence at most; the limit keeps a run-on answer short and quick.
MAX_SUGGESTION_TOKENS = 40
# While the engine ends an abandoned request, the next one waits this long between looks.
BUSY_RETRY_MS = 50


class GhostTextController(QObject):
    """Asks for a suggestion when the writer pauses; its ``action`` (for the Assist menu)
    turns suggestions on and off in the preferences."""

    def __init__(self, editor: WriterTextEdit, service: EngineService,
                 preferences: Preferences, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._editor = editor
        self._service = service
        self._preferences = preferences
        settings = self._settings = preferences.settings
        self._job: GenerationJob | None = None
        self._other: GenerationJob | None = None
        self._answer = ""
        self._before = ""
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self._on_timer_timeout)
        self.action = QAction(self.tr("&Inline Suggestions"), self)
        self.action.setCheckable(True)
        self.action.setStatusTip(self.tr(
            "Suggest how the sentence goes on when you pause typing: Tab takes it, "
            "Ctrl+Right takes one word"))
        self.action.toggled.connect(self._on_action_toggled)
        editor.interrupted.connect(self._on_editor_interrupted)
        editor.typed.connect(self._on_editor_typed)
        service.generation_started.connect(self._on_service_generation_started)
        preferences.changed.connect(self.apply_settings)
        self.apply_settings(settings)

    def enabled(self) -> bool:
        return self.action.isChecked()

    @Slot(object)
    def apply_settings(self, settings: Settings) -> None:
        """Follow the settings: whether suggestions are on, the pause, how to sample."""
        self._settings = settings
        self._timer.setInterval(settings.suggestion_pause_ms)
        self.action.setChecked(settings.inline_suggestions)

    def pending(self) -> bool:
        """Whether a suggestion is waited for (the pause, or the engine's answer)."""
        return self._timer.isActive() or self._job is not None

    @Slot(bool)
    def _on_action_toggled(self, checked: bool) -> None:
        if not checked:
            self._abandon()
            self._editor.dismiss_ghost_text()
        if checked != self._settings.inline_suggestions:
            self._preferences.change(self._settings.replace(inline_suggestions=checked))

    @Slot()
    def _on_editor_interrupted(self) -> None:
        self._abandon()

    @Slot()
    def _on_editor_typed(self) -> None:
        if self.enabled():
            self._timer.start(self._settings.suggestion_pause_ms)

    @Slot(object)
    def _on_service_generation_started(self, job: GenerationJob) -> None:
        if job is not self._job:
            self._other = job
            self._abandon()
            self._editor.dismiss_ghost_text()

    def _abandon(self) -> None:
        self._timer.stop()
        if self._job is not None:
            self._job.abandon()
            self._job = None

    @Slot()
    def _on_timer_timeout(self) -> None:
        if not self.enabled() or self._editor.ghost_text() or self._service.model is None:
            return
        if self._other is not None and not self._other.done:
            return  # the writer's own action goes first; typing again asks again
        if self._service.is_busy():
            self._timer.start(BUSY_RETRY_MS)
            return
        request = self._request()
        if request is not None:
            self._ask(request)

    def _request(self) -> GenerationRequest | None:
        editor = self._editor
        cursor = editor.textCursor()
        if cursor.hasSelection() or editor.is_composing() or editor.isReadOnly():
            return None
        text = editor.toPlainText()
        before = text[: string_index(text, cursor.position())]
        if not can_suggest(before, text[len(before):]):
            return None
        self._before = before
        settings = self._settings
        sampling = dataclasses.replace(
            settings.sampling, max_tokens=min(settings.sampling.max_tokens,
                                              MAX_SUGGESTION_TOKENS))
        return GenerationRequest(Action.CONTINUE, text, cursor=len(before), sampling=sampling,
                                 length=ContinueLength.SENTENCE,
                                 continue_mode=settings.continue_mode)

    def _ask(self, request: GenerationRequest) -> None:
        self._answer = ""
        self._job = job = self._service.generate(request, yields=True)
        job.chunk_received.connect(self._on_job_chunk_received)
        job.finished.connect(self._on_job_finished)
        job.failed.connect(self._on_job_failed)

    @Slot(str, int)
    def _on_job_chunk_received(self, text: str, _tokens: int) -> None:
        self._answer += text
        shown = shown_part(self._answer, self._before)
        if shown and shown != self._editor.ghost_text():
            self._editor.show_ghost_text(shown)
        if ends_line(self._answer) and self._job is not None:
            self._job.abandon()  # the rest of the answer would not be shown
            self._job = None

    @Slot(object, object)
    def _on_job_finished(self, _reason: object, _stats: object) -> None:
        self._job = None

    @Slot(object)
    def _on_job_failed(self, message: str) -> None:
        # The writer asked for nothing: the next action they start reports the engine.
        log.warning("no inline suggestion: %s", message)
        self._job = None
