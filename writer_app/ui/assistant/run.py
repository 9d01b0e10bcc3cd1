"""One request of the assistant from start to end: ``RequestRun``.

A run holds the request, its job, its drafts as they stream, the stream's timing, and the
sink its text goes to: the document (``InsertSink``: a Continue with one draft, one undo
step) or a panel in the dock (``PanelSink``). The sink is chosen once, when the run is
made; every chunk after that goes to it, whatever was asked. ``RunStatus`` shows how the
run stands beside the status bar's message: reading the prompt, thinking, tokens/s. A run
that ends with text announces where it is to a screen reader.
"""

from __future__ import annotations

import time

from PySide6.QtCore import QCoreApplication, QObject, QTimer, Signal, Slot
from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import QLabel, QWidget

from writer_app.core.protocol import Chunk, FinishReason, GenerationStats
from writer_app.core.requests import Action, GenerationRequest
from writer_app.core.text.positions import utf16_length
from writer_app.core.writing.alternatives import AlternativesMap
from writer_app.qt.engine_service import EngineService, GenerationJob
from writer_app.ui.assistant.panels import StreamPanel
from writer_app.ui.assistant.word_alternatives import WordAlternatives
from writer_app.ui.common.accessibility import announce
from writer_app.ui.common.quantities import thinking_text
from writer_app.ui.common.status_bar import status_progress_bar
from writer_app.ui.common.streaming import ComposingTextEdit, StreamInserter

_SHOW_READING_FROM = 1024  # prompt tokens: shorter prompts are read before a bar would help
_COMPOSITION_WAIT_MS = 50


class RunStatus(QObject):
    """The assistant's progress bar and speed label in the status bar, written by its runs."""

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.label = QLabel(parent)
        self.progress = status_progress_bar(parent, self.tr("The assistant's progress"))

    def started(self) -> None:
        self.label.setText(self.tr("Reading…"))

    def reading(self, done: int, total: int) -> None:
        """The engine has read ``done`` of the prompt's ``total`` tokens."""
        if total < _SHOW_READING_FROM:
            return
        self.progress.show()
        self.progress.setRange(0, total)
        self.progress.setValue(done)
        self.label.setText(self.tr("Reading {done:,} / {total:,} tokens…").format(
            done=done, total=total))

    def reloading(self, fraction: float) -> None:
        """The engine had to start again and reads the model before it answers."""
        self.progress.show()
        self.progress.setRange(0, 100)
        self.progress.setValue(int(fraction * 100))

    def reloaded(self) -> None:
        """The model is back after a restart: the prompt is read next."""
        self.progress.setRange(0, 0)

    def thinking(self) -> None:
        """A reasoning model thinks before it answers: its tokens come, its text does not."""
        self.progress.hide()
        self.label.setText(thinking_text(None))

    def writing(self, rate: float | None) -> None:
        """The model writes, at ``rate`` tokens a second once that can be told."""
        self.progress.hide()
        self.label.setText(self.tr("Writing…") if rate is None
                           else self.tr("≈ {rate:.1f} tokens/s").format(rate=rate))

    def finished(self, stats: GenerationStats) -> None:
        self.progress.hide()
        rate = self.tr("{rate:.1f} tokens/s").format(
            rate=stats.tokens_per_s) if stats.tokens_per_s else ""
        if stats.thinking_s:
            thought = thinking_text(stats.thinking_s)
            rate = self.tr("{thinking} · {rate}").format(thinking=thought, rate=rate) \
                if rate else thought
        self.label.setText(rate)
        self.label.setToolTip(self.tr(
            "{generated} tokens in answer, {prompt:,} prompt tokens ({read:,} read, the rest "
            "from cache); first token after {ttft:.2f} s; backend {backend}").format(
                generated=stats.generated_tokens, prompt=stats.prompt_tokens,
                read=stats.prompt_tokens_processed, ttft=stats.ttft_s, backend=stats.backend))

    def failed(self) -> None:
        self.progress.hide()
        self.label.clear()


def ready_text(action: Action) -> str:
    """What a screen reader says when the result of ``action`` is ready in its panel."""
    if action is Action.SUMMARIZE:
        return QCoreApplication.translate(
            "RunSink", "The summary is ready in the Assistant panel.")
    if action is Action.REWRITE:
        return QCoreApplication.translate(
            "RunSink", "The rewrite is ready for review in the Assistant panel.")
    if action is Action.CONTINUE:
        return QCoreApplication.translate(
            "RunSink", "The drafts are ready in the Assistant panel.")
    return QCoreApplication.translate("RunSink", "The result is ready in the Assistant panel.")


class RunSink(QObject):
    """Where a run's text goes: into ``widget``."""

    interrupted = Signal(str)
    """The writer took the pen back where the text was going; this much of it went in."""

    is_interrupted = False
    widget: QWidget

    def ready_text(self, action: Action) -> str:
        """What a screen reader says when the text of ``action`` is all in place."""
        return ready_text(action)

    def add(self, chunk: Chunk) -> None:
        """One streamed chunk of any draft."""
        raise NotImplementedError

    def finish(self, status: str, *, cut_off: bool = False) -> bool:
        """The stream ended with ``status`` (``cut_off``: at the maximum length); False
        while its text cannot go in yet."""
        raise NotImplementedError

    def abandon(self) -> None:
        """Something else replaces the stream: put in what came, keep nothing more."""


class InsertSink(RunSink):
    """The first draft goes into the document at ``at`` as one undo step, its tokens'
    alternatives recorded when the request asked for them."""

    def __init__(self, editor: ComposingTextEdit, at: QTextCursor,
                 alternatives: WordAlternatives, record: bool,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.widget = editor
        self._at = at
        self._alternatives = alternatives
        self._recording = AlternativesMap() if record else None
        self._inserter = StreamInserter(editor, at.position(), self)
        self._inserter.interrupted.connect(self._on_inserter_interrupted)

    def add(self, chunk: Chunk) -> None:
        if chunk.draft != 0:
            return
        self._inserter.add(chunk.text)
        if self._recording is not None:
            self._recording.add(chunk.text, chunk.alternatives)

    def ready_text(self, action: Action) -> str:
        return self.tr("The continuation is in the document.")

    def finish(self, status: str, *, cut_off: bool = False) -> bool:
        if not self._inserter.finish():
            return False
        self._alternatives.keep(self._recording, self._at)
        return True

    def abandon(self) -> None:
        self._inserter.finish()

    @Slot()
    def _on_inserter_interrupted(self) -> None:
        """Only what went into the document is kept (history, word alternatives)."""
        self.is_interrupted = True
        inserted = self._inserter.text
        if self._recording is not None:
            self._recording.cut(utf16_length(inserted))
        self.interrupted.emit(inserted)


class PanelSink(RunSink):
    """The drafts stream into ``panel``; with ``recordings`` (a Continue's drafts) each
    draft's tokens are kept there too, numbered from ``first_draft``."""

    def __init__(self, panel: StreamPanel, recordings: list[AlternativesMap] | None = None,
                 first_draft: int = 0, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.widget = self._panel = panel
        self._recordings = recordings
        self._first_draft = first_draft
        if recordings is not None:
            del recordings[first_draft:]

    def add(self, chunk: Chunk) -> None:
        if self._recordings is not None:
            index = self._first_draft + chunk.draft
            while len(self._recordings) <= index:
                self._recordings.append(AlternativesMap())
            self._recordings[index].add(chunk.text, chunk.alternatives)
        self._panel.add(chunk.text, chunk.draft)

    def finish(self, status: str, *, cut_off: bool = False) -> bool:
        self._panel.finish(status, cut_off=cut_off)
        return True


class RequestRun(QObject):
    """``request`` running on ``service``, its text going to ``sink``.

    The drafts it shows start at number ``first_draft`` (more drafts of a result shown).
    """

    result_ready = Signal(object, object, bool)
    """The request ended with these drafts (a tuple of texts, not all empty); True when they
    are more drafts of the result before."""
    ended = Signal(str, bool)
    """All the text is in place; the status to post ("" when none), and True when it is a
    warning (the text stopped at the maximum length, not where the model ended it)."""
    failed = Signal(str)
    """The engine could not answer, for this reason (after ``ended``)."""

    def __init__(self, service: EngineService, request: GenerationRequest, sink: RunSink,
                 status: RunStatus, *, first_draft: int = 0,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.request = request
        self._sink = sink
        sink.setParent(self)
        self._status = status
        self._first_draft = first_draft
        self._drafts: list[list[str]] = []
        self._started = 0.0
        self._tokens = 0
        self._abandoned = False
        self._ready = False
        sink.interrupted.connect(self._on_sink_interrupted)
        self._job: GenerationJob | None = service.generate(request)
        self._job.prompt_progressed.connect(self._on_job_prompt_progressed)
        self._job.reload_progressed.connect(self._on_job_reload_progressed)
        self._job.chunk_arrived.connect(self._on_job_chunk_arrived)
        self._job.finished.connect(self._on_job_finished)
        self._job.failed.connect(self._on_job_failed)
        status.started()

    def is_streaming(self) -> bool:
        """True until the engine has answered (its text may still be going in)."""
        return self._job is not None

    def stop(self) -> None:
        """Stop the engine; what was written so far stays and the run ends as usual."""
        if self._job is not None:
            self._job.cancel()

    def abandon(self) -> None:
        """End without waiting and without a word: something else replaces this run."""
        self._abandoned = True
        if self._job is not None:
            self._job.abandon()
            self._job = None
        self._sink.abandon()

    @Slot(int, int)
    def _on_job_prompt_progressed(self, done: int, total: int) -> None:
        self._status.reading(done, total)

    @Slot(float)
    def _on_job_reload_progressed(self, fraction: float) -> None:
        self._status.reloading(fraction)

    @Slot(object)
    def _on_job_chunk_arrived(self, chunk: Chunk) -> None:
        if chunk.held:
            if not self._started:
                self._status.writing(None)
            return
        if not chunk.text and not any(map(any, self._drafts)):
            self._status.thinking()
            return
        now = time.perf_counter()
        if not self._started:
            self._started = now
            self._status.writing(None)
        else:
            self._tokens += chunk.tokens
            elapsed = now - self._started
            if elapsed > 0.25:
                self._status.writing(self._tokens / elapsed)
        if self._sink.is_interrupted:
            return
        while len(self._drafts) <= chunk.draft:
            self._drafts.append([])
        self._drafts[chunk.draft].append(chunk.text)
        self._sink.add(chunk)

    @Slot(str)
    def _on_sink_interrupted(self, inserted: str) -> None:
        """The writer typed where the text was going: it ends there."""
        self._drafts[:1] = [[inserted]]
        self.stop()

    @Slot(object, object)
    def _on_job_finished(self, reason: FinishReason, stats: GenerationStats) -> None:
        self._job = None
        drafts = tuple("".join(parts) for parts in self._drafts)
        if any(draft.strip() for draft in drafts):
            self._ready = True
            self.result_ready.emit(self.request, drafts, self._first_draft > 0)
        self._status.finished(stats)
        finish = self._finish_words(reason)
        cut_off = reason is FinishReason.LENGTH
        if stats.truncated_input:
            self._end(self.tr(
                "{finish}. The document is longer than the context window, so only part of it "
                "was read.").format(finish=finish), cut_off=cut_off)
        else:
            self._end(self.tr("{finish}.").format(finish=finish), cut_off=cut_off)

    def _finish_words(self, reason: FinishReason) -> str:
        if reason is FinishReason.LENGTH:
            return self.tr("Stopped at the maximum length ({tokens} tokens); raise it in "
                           "Settings").format(tokens=self.request.sampling.max_tokens)
        if reason is FinishReason.CANCELLED and self._sink.is_interrupted:
            return self.tr("Stopped because you typed where the text was going")
        if reason is FinishReason.CANCELLED:
            return self.tr("Stopped")
        if reason is FinishReason.CONTEXT_FULL:
            return self.tr("The context window is full")
        return self.tr("Done")

    @Slot(object)
    def _on_job_failed(self, message: str) -> None:
        self._job = None
        self._status.failed()
        self._end(self.tr("Failed."))
        self.failed.emit(message)

    def _end(self, status: str, *, cut_off: bool = False) -> None:
        if self._sink.finish(status, cut_off=cut_off):
            self._announce(status if cut_off else "")
            self.ended.emit(status, cut_off)
            return
        QTimer.singleShot(_COMPOSITION_WAIT_MS, self._on_composition_waited)

    @Slot()
    def _on_composition_waited(self) -> None:
        """Text that waited for an input method's composition goes in once it ends."""
        if self._abandoned:
            return
        if self._sink.finish(""):
            self._announce("")
            self.ended.emit("", False)
        else:
            QTimer.singleShot(_COMPOSITION_WAIT_MS, self._on_composition_waited)

    def _announce(self, warning: str) -> None:
        """Say where the text is, once all of it is there, and ``warning`` after it (the
        text stopped at the maximum length)."""
        if self._ready:
            ready = self._sink.ready_text(self.request.action)
            announce(self._sink.widget, self.tr("{ready} {warning}").format(
                ready=ready, warning=warning) if warning else ready)
