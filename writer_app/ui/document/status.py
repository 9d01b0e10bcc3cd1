"""DocumentStatusController: the document's counts, its share of the context, and opening.

Counting a large document takes time slices (``SlicedCounter``), so counts are asked for
at most every 150 ms, also while text streams in without a pause, and a change during a
count asks for one more count when it ends.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, QTimer, Signal, Slot
from PySide6.QtGui import QTextDocument
from PySide6.QtWidgets import QLabel, QProgressBar, QToolButton

from writer_app.core.protocol import ModelInfo
from writer_app.core.text.units import CountRule, TextCounts, estimate_tokens
from writer_app.qt.messages import MessageBridge
from writer_app.ui.common.quantities import counts_text
from writer_app.ui.document.controller import DocumentController
from writer_app.ui.document.large_text import SlicedCounter

_RECOUNT_MS = 150


class DocumentStatusController(QObject):
    """Keeps the counts, context and format labels true to the document."""

    counted = Signal(object)
    """The document was counted: its ``TextCounts``."""

    def __init__(self, document: QTextDocument, documents: DocumentController, *,
                 messages: MessageBridge, progress: QProgressBar, counts_label: QLabel,
                 context_label: QLabel, format_label: QToolButton) -> None:
        super().__init__(documents)
        self._documents = documents
        self._messages = messages
        self._progress = progress
        self._counts_label = counts_label
        self._context_label = context_label
        self._format_label = format_label
        self._model: ModelInfo | None = None
        self._counts = TextCounts(0, 0, 0)
        self._rule = CountRule.WITH_PUNCTUATION
        self._recount = False
        self._counter = SlicedCounter(document, self)
        self._counter.counted.connect(self._on_counter_counted)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(_RECOUNT_MS)
        self._timer.timeout.connect(self.update_counts)
        document.contentsChanged.connect(self._on_document_contents_changed)
        documents.file_changed.connect(self._on_documents_file_changed)
        documents.load_progressed.connect(self._on_documents_load_progressed)
        documents.load_finished.connect(self._on_documents_load_finished)
        self._on_documents_file_changed()

    @property
    def counts(self) -> TextCounts:
        """Words, characters and lines at the last count."""
        return self._counts

    def set_count_rule(self, rule: CountRule) -> None:
        """Whether the count shown takes in full-width punctuation."""
        self._rule = rule
        if not self._documents.is_loading() and not self._counter.counting():
            self._counts_label.setText(counts_text(self._counts, rule))

    def set_model(self, model: ModelInfo | None) -> None:
        """The model whose context window the gauge measures against."""
        self._model = model
        self._update_context_gauge()

    def stop(self) -> None:
        self._timer.stop()
        self._counter.stop()

    @Slot()
    def _on_document_contents_changed(self) -> None:
        if not self._timer.isActive():
            self._timer.start()

    @Slot()
    def update_counts(self) -> None:
        """Count the document again (in slices, for a large one)."""
        if self._documents.is_loading():
            return
        if self._counter.counting():
            self._recount = True  # a large document: let this count end, then count again
            return
        self._counter.restart()
        if self._counter.counting():
            self._counts_label.setText(self.tr("Counting…"))

    @Slot(object)
    def _on_counter_counted(self, counts: TextCounts) -> None:
        if self._recount:
            self._recount = False
            self._timer.start()
        self._counts = counts
        self._counts_label.setText(counts_text(counts, self._rule))
        self._update_context_gauge()
        self.counted.emit(counts)

    def _update_context_gauge(self) -> None:
        model = self._model
        if model is None:
            self._context_label.clear()
            return
        share = estimate_tokens(self._counts) / max(1, model.n_ctx)
        self._context_label.setText(self.tr("Context ≈ {share:.0%}").format(
            share=min(share, 9.99)))
        self._context_label.setToolTip(self.tr(
            "The document fills about {share:.0%} of the model's {n_ctx:,}-token context "
            "window. Longer documents are read around the cursor.").format(
                share=share, n_ctx=model.n_ctx))

    @Slot()
    def _on_documents_file_changed(self) -> None:
        self._format_label.setText(self._documents.text_format.label)
        if self._counter.markdown != self._documents.markdown:
            # Counted again in a moment: a file being opened is not in the editor yet.
            self._counter.markdown = self._documents.markdown
            self._timer.start()

    @Slot(int, int)
    def _on_documents_load_progressed(self, done: int, total: int) -> None:
        if done == 0:
            self._counts_label.setText(self.tr("Opening…"))
        self._progress.setRange(0, total)
        self._progress.setValue(done)
        self._progress.show()
        self._messages.progress(self.tr("Opening… {share:.0%}").format(
            share=done / max(1, total)))

    @Slot()
    def _on_documents_load_finished(self) -> None:
        self._progress.hide()
        self.update_counts()
