"""File ▸ AI Use Report…: what the language model contributed to the document, to disclose.

The report lists each passage the document still holds that the model wrote (its action,
model and time, and how many characters), the share of the whole, and the models, and
copies all of it as plain text for a journal's, a school's or a publisher's form.
"""

from __future__ import annotations

from PySide6.QtCore import QDateTime, QLocale, Signal, Slot
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from writer_app.core.documents.provenance import (
    GENERATOR,
    Passage,
    Spans,
    models_of,
    passages,
    share_of,
)
from writer_app.ui.common.core_text import translated
from writer_app.ui.common.screen_fit import fit_to_screen

_EXCERPT = 120


class AiUseReportDialog(QDialog):
    """The report of the model's passages in a document: ``spans`` of its text ``units``."""

    copied = Signal()
    """The report went to the clipboard."""

    def __init__(self, spans: Spans, units: bytes, name: str,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("AI Use Report — {name}").format(name=name))
        self._name = name
        self._share = share_of(spans, units)
        self._models = models_of(spans)
        self.passages = passages(spans, units)
        self.summary = QLabel(self._summary(), self)
        self.summary.setWordWrap(True)
        self.table = QTableWidget(len(self.passages), 4, self)
        self.table.setAccessibleName(self.tr("Passages the model wrote"))
        self.table.setHorizontalHeaderLabels(
            [self.tr("Passage"), self.tr("Action"), self.tr("Model"), self.tr("Time")])
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setWordWrap(True)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for column in (1, 2, 3):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        for row, passage in enumerate(self.passages):
            excerpt = " ".join(passage.text.split())
            if len(excerpt) > _EXCERPT:
                excerpt = excerpt[:_EXCERPT - 1] + "…"
            cells = (excerpt, translated(passage.origin.source.label),
                     passage.origin.model or self.tr("unknown"), self._time(passage))
            for column, cell in enumerate(cells):
                item = QTableWidgetItem(cell)
                if column == 0:
                    item.setToolTip(passage.text)
                self.table.setItem(row, column, item)
        self.table.setVisible(bool(self.passages))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        self.copy_button = QPushButton(self.tr("&Copy Report"), self)
        buttons.addButton(self.copy_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.copy_button.clicked.connect(self.copy)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.table, 1)
        layout.addWidget(buttons)
        fit_to_screen(self, 760, 420 if self.passages else 180)

    def _summary(self) -> str:
        share = self._share
        if not share.ai:
            return self.tr("No text in this document was written by a language model in "
                           "writer-app, or all of it has since been rewritten or marked as "
                           "your own.")
        models = ", ".join(self._models) or self.tr("unknown")
        return self.tr(
            "A language model wrote {share} % of this document ({ai} of {total} characters, "
            "not counting spaces). Generator: {generator}. Models: {models}.").format(
                share=share.percent, ai=QLocale().toString(share.ai),
                total=QLocale().toString(share.total), generator=GENERATOR, models=models)

    @staticmethod
    def _time(passage: Passage) -> str:
        if not passage.origin.at:
            return ""
        moment = QDateTime.fromSecsSinceEpoch(int(passage.origin.at))
        return QLocale().toString(moment, QLocale.FormatType.ShortFormat)

    def report_text(self) -> str:
        """The report as plain text: the summary, then each passage in full."""
        lines = [self.tr("AI use report: {name}").format(name=self._name), self._summary()]
        for number, passage in enumerate(self.passages, 1):
            lines.append("")
            lines.append(self.tr("{number}. {action}, {model}, {time}:").format(
                number=number, action=translated(passage.origin.source.label),
                model=passage.origin.model or self.tr("unknown"), time=self._time(passage)))
            lines.append(passage.text.replace("\u2029", "\n"))
        return "\n".join(lines)

    @Slot()
    def copy(self) -> None:
        QGuiApplication.clipboard().setText(self.report_text())
        self.copied.emit()
