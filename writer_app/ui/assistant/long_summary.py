"""Summarize a document longer than the context window, in the Summary panel.

The text is read in parts that fit, each part summarized, then the parts' summaries
together (``core/plans/long_summary.py``, run by ``LongSummaryRunner``). The panel says where it
stands ("Reading part 4 of 11…"), streams the final summary, and keeps each part's summary
under its Parts button. Every Summarize comes here first: the text is divided into parts
on a worker thread (seconds for a book), with the panel saying so, and a text that fits
in one request goes back to the assistant controller (``fits``). Stop keeps what was
written.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal, Slot

from writer_app.core.plans.long_summary import LongSummary, Phase, Progress
from writer_app.core.requests import GenerationRequest
from writer_app.qt.engine_service import EngineService
from writer_app.qt.jobs import FunctionJob, call_in_thread
from writer_app.qt.messages import Level, MessageBridge
from writer_app.qt.plan_runners import LongSummaryRunner
from writer_app.ui.assistant.panels import SummaryPanel
from writer_app.ui.common.core_text import translated


class LongSummaryFlow(QObject):
    """One long summary at a time, shown in ``panel``; ``ended(request, summary)`` when it
    is done (the summary is empty when nothing was written), or ``fits(request)`` when
    the passage needs no parts and the caller should run the request as it is."""

    ended = Signal(object, str)
    fits = Signal(object)

    def __init__(self, service: EngineService, panel: SummaryPanel, messages: MessageBridge,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._panel = panel
        self._messages = messages
        self._service = service
        self._request: GenerationRequest | None = None
        self._planning: FunctionJob | None = None
        self._stopped = False
        self._status = ""
        # What the parts of the last summary said, with its notes: Retry, or a summary
        # after Stop, reads again only the parts that were not read.
        self._known: tuple[str, dict[str, str]] = ("", {})
        self._runner = LongSummaryRunner(service, self)
        self._runner.progressed.connect(self._on_runner_progressed)
        self._runner.summary_received.connect(panel.add)
        self._runner.finished.connect(self._on_runner_finished)
        self._runner.failed.connect(self._on_runner_failed)

    def is_running(self) -> bool:
        return self._request is not None

    def start(self, request: GenerationRequest, passage: str, n_ctx: int, status: str) -> None:
        """Divide ``passage`` (the request's selection or whole text) into parts on a
        worker thread, then summarize them, or hand a passage that fits back (``fits``,
        with the panel's ``status`` as it was)."""
        self._request, self._stopped, self._status = request, False, status
        self._panel.show_parts([])
        self._panel.set_running(True, self.tr("Dividing the text into parts…"))
        notes = self._service.notes
        known = self._known[1] if self._known[0] == notes else None
        self._planning = job = call_in_thread(
            lambda: LongSummary(passage, n_ctx, request.sampling, notes=notes, known=known),
            "long summary plan", failure=self.tr("Dividing the text into parts failed"))
        job.returned.connect(self._on_planning_returned)
        job.failed.connect(self._on_runner_failed)

    def stop(self) -> None:
        self._stopped = True
        self._runner.stop()

    def abandon(self) -> None:
        if self._planning is not None:
            self._planning.abandon()
            self._planning = None
        self._runner.abandon()
        self._request = None

    @Slot(object)
    def _on_planning_returned(self, summary: LongSummary) -> None:
        self._planning = None
        request = self._request
        if request is None:
            return
        if self._stopped:
            self._on_runner_finished(summary)
        elif len(summary.parts) > 1:
            self._runner.start(summary)
        else:
            self._request = None
            self._panel.set_running(True, self._status)
            self.fits.emit(request)

    @Slot(object)
    def _on_runner_progressed(self, progress: Progress) -> None:
        if progress.phase is Phase.MAP:
            status = self.tr("Reading part {done} of {total}…").format(
                done=min(progress.done + 1, progress.total), total=progress.total)
        else:
            status = self.tr("Combining the parts' summaries…")
        self._panel.set_running(True, status)

    @Slot(object)
    def _on_runner_finished(self, summary: LongSummary) -> None:
        request, self._request = self._request, None
        if request is None:
            return
        self._known = (summary.notes, summary.known_parts)
        if summary.summary is not None:
            status = self.tr("Done: the document was read in {parts} parts.").format(
                parts=len(summary.parts))
        elif summary.part_summaries:
            status = self.tr("Stopped after {done} of {total} parts: the summary holds what "
                             "they said. Retry reads only the rest.").format(
                done=len(summary.part_summaries), total=len(summary.parts))
            if not self._panel.text.strip():
                self._panel.add("\n\n".join(summary.part_summaries))
        else:
            status = self.tr("Stopped.")
        self._panel.finish(status)
        self._panel.show_parts(summary.part_summaries)
        self.ended.emit(request, summary.summary or "")

    @Slot(object)
    def _on_runner_failed(self, message: str) -> None:
        self._planning = None
        request, self._request = self._request, None
        if request is None:
            return
        self._panel.finish(self.tr("Failed."))
        self._messages.alert(Level.WARNING, self.tr("The assistant stopped"),
                             translated(message))
        self.ended.emit(request, "")
