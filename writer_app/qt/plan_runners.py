"""Run work of many requests (a composed draft, a long summary) through ``EngineService``.

A runner walks a plan from ``core`` one ``GenerationJob`` at a time and reports with its
own signals, emitted in the GUI thread: what to show, and where it stands. ``stop()``
cancels the job in flight; what was written until then is kept and reported as stopped.

For the assistant's Summarize on a document longer than the context window:
``LongSummaryRunner(service).start(summary)`` with a planned ``LongSummary``, then
``progressed`` gives "part 4 of 11" (a ``longsummary.Progress``), ``summary_received``
streams the final summary, and ``finished`` hands over the ``LongSummary`` with
``part_summaries``.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal, Slot

from writer_app.core.plans.compose import ComposePlan, SectionText
from writer_app.core.plans.long_summary import LongSummary
from writer_app.core.protocol import FinishReason, GenerationStats
from writer_app.core.requests import GenerationRequest
from writer_app.qt.engine_service import EngineService, GenerationJob


class _Runner(QObject):
    """Runs one request at a time and hands each answer to ``_step_done``."""

    failed = Signal(object)  # as the job's: a core Message keeps its template

    def __init__(self, service: EngineService, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._service = service
        self._job: GenerationJob | None = None
        self._pieces: list[str] = []

    def is_running(self) -> bool:
        return self._job is not None

    def stop(self) -> None:
        """Cancel the request in flight; it still ends, as stopped."""
        if self._job is not None:
            self._job.cancel()

    def abandon(self) -> None:
        """Cancel the request in flight and report nothing more (something replaces it)."""
        if self._job is not None:
            self._job.abandon()
            self._job = None

    def _run(self, request: GenerationRequest, *, document_notes: bool = True) -> None:
        self._pieces = []
        self._job = job = self._service.generate(request, document_notes=document_notes)
        job.chunk_received.connect(self._on_job_chunk_received)
        job.finished.connect(self._on_job_finished)
        job.failed.connect(self._on_job_failed)

    def _chunk(self, text: str) -> None:
        raise NotImplementedError

    def _step_done(self, text: str, reason: FinishReason, stats: GenerationStats) -> None:
        raise NotImplementedError

    @Slot(str, int)
    def _on_job_chunk_received(self, text: str, _tokens: int) -> None:
        self._pieces.append(text)
        self._chunk(text)

    @Slot(object, object)
    def _on_job_finished(self, reason: FinishReason, stats: GenerationStats) -> None:
        self._job = None
        self._step_done("".join(self._pieces), reason, stats)

    @Slot(object)
    def _on_job_failed(self, message: str) -> None:
        self._job = None
        self.failed.emit(message)


class ComposeRunner(_Runner):
    """Writes the outline, then the draft section by section, of a ``ComposePlan``.

    ``outline_received`` streams the outline and ``outline_finished(text, stopped)`` ends
    it. ``section_started(index, count, heading)`` (index from 1) comes before each
    section, ``draft_received`` streams the draft's text (headings included), and
    ``draft_finished`` hands over a ``ComposeResult``. ``work_in`` rewrites a paragraph to
    use a keyword: ``worked_in(start, end, text)`` says which characters to replace (the
    text is empty when the model wrote none), or ``work_in_stopped`` that it was stopped.

    The outline and the sections come from the brief alone: the notes of whatever document
    was open belong to another text. A rewrite of the draft's paragraph gets the draft's.
    """

    outline_received = Signal(str)
    outline_finished = Signal(str, bool)
    section_started = Signal(int, int, str)
    draft_received = Signal(str)
    draft_finished = Signal(object)
    worked_in = Signal(int, int, str)
    work_in_stopped = Signal()

    def __init__(self, service: EngineService, plan: ComposePlan,
                 parent: QObject | None = None) -> None:
        super().__init__(service, parent)
        self.plan = plan
        self._stage = ""
        self._outline = ""
        self._draft = ""
        self._index = 0
        self._span = (0, 0)
        self._section: SectionText | None = None

    def write_outline(self) -> None:
        self._stage = "outline"
        self._run(self.plan.outline_request(), document_notes=False)

    def write_draft(self, outline: str) -> None:
        """Write every section of ``outline``; ``ValueError`` if it has no sections."""
        self.plan.set_outline(outline)
        self._outline, self._draft, self._index = outline, "", 0
        self._stage = "draft"
        self._next_section()

    def work_in(self, draft: str, keyword: str) -> None:
        request = self.plan.work_in_request(draft, keyword)
        assert request.selection is not None
        self._span = request.selection
        self._stage = "work_in"
        self._run(request)

    def _next_section(self) -> None:
        plan, index = self.plan, self._index
        self.section_started.emit(index + 1, len(plan.sections), plan.sections[index].heading)
        start = plan.section_start(index, self._draft)
        request = plan.section_request(index, self._draft)
        self._draft += start
        self.draft_received.emit(start)
        self._section = plan.section_text(index, request)
        self._run(request, document_notes=False)

    def _chunk(self, text: str) -> None:
        if self._stage == "outline":
            self.outline_received.emit(text)
        elif self._stage == "draft" and self._section is not None:
            self._show(self._section.feed(text))

    def _show(self, text: str) -> None:
        """Add a section's cleaned text to the draft."""
        if text:
            self._draft += text
            self.draft_received.emit(text)

    def _step_done(self, text: str, reason: FinishReason, stats: GenerationStats) -> None:
        stopped = reason is FinishReason.CANCELLED
        if self._stage == "outline":
            self.outline_finished.emit(text, stopped)
            return
        if self._stage == "work_in":
            if stopped:
                self.work_in_stopped.emit()
            else:
                self.worked_in.emit(*self._span, text.strip())
            return
        if self._section is not None:
            self._show(self._section.finish(reason))
        if stopped or self._index + 1 >= len(self.plan.sections):
            ending = "" if stopped else self.plan.ending(self._draft)
            self._draft += ending
            self.draft_received.emit(ending)
            self.draft_finished.emit(self.plan.result(self._outline, self._draft, stopped))
        else:
            self._index += 1
            self._next_section()


class LongSummaryRunner(_Runner):
    """Summarizes a text of any length: its parts, then their summaries together."""

    progressed = Signal(object)
    summary_received = Signal(str)
    finished = Signal(object)

    def __init__(self, service: EngineService, parent: QObject | None = None) -> None:
        super().__init__(service, parent)
        self.summary: LongSummary | None = None
        self._final = False

    def start(self, summary: LongSummary) -> None:
        """Run ``summary``'s requests (planned beforehand: off the GUI thread, for a long
        text)."""
        self.summary = summary
        self._next()

    def _next(self) -> None:
        summary = self.summary
        assert summary is not None
        request = summary.next_request()
        if request is None:
            self.finished.emit(summary)
            return
        self.progressed.emit(summary.progress)
        self._final = summary.is_last_step
        self._run(request)

    def _chunk(self, text: str) -> None:
        if self._final:
            self.summary_received.emit(text)

    def _step_done(self, text: str, reason: FinishReason, stats: GenerationStats) -> None:
        assert self.summary is not None
        if reason is FinishReason.CANCELLED:
            self.finished.emit(self.summary)
            return
        self.summary.add_result(text, stats.truncated_input)
        self._next()
