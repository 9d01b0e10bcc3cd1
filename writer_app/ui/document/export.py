"""The document leaving the app: File ▸ Export…, File ▸ Print… and Edit ▸ Copy as
Formatted Text.

``ExportController`` owns the three actions; the menu bar places them. Each reads the
document the one way ``writer_app.qt.export`` reads it, so an export, a printout and a
paste into Word or WPS agree. An export never changes the document or its file.

A text that holds AI-written text leaves with its label (``core.documents.export.labelled``):
an export's file and a formatted copy's HTML carry the implicit label in their metadata
unless Settings turn it off; the explicit line is added only when the writer ticks it in
the Export dialog. A printout has no metadata and gets no label: a writer who wants the
line on paper exports a PDF with it.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QLocale, QMimeData, QObject, Qt, Slot
from PySide6.QtGui import QGuiApplication, QKeySequence
from PySide6.QtPrintSupport import QPrinter, QPrintPreviewDialog
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from writer_app.core.documents.export import (
    Block,
    ExportFormat,
    ExportMetadata,
    PaperSize,
    document_metadata,
    export_path,
    format_of,
    html_fragment,
    labelled,
    paper_for,
    plain_text,
    with_format_suffix,
)
from writer_app.core.documents.files import DocumentError
from writer_app.core.documents.provenance import Label
from writer_app.qt.export import (
    ExportOptions,
    export_blocks,
    make_searchable,
    page_layout,
    paint_pages,
    read_blocks,
)
from writer_app.qt.jobs import FunctionJob, call_in_thread
from writer_app.qt.messages import Level, MessageBridge
from writer_app.ui.common import message_boxes
from writer_app.ui.common.accessibility import announce
from writer_app.ui.common.actions import new_action
from writer_app.ui.common.core_text import translated
from writer_app.ui.document.controller import DocumentController
from writer_app.ui.document.provenance import ProvenanceController


def locale_paper(locale: QLocale) -> PaperSize:
    """The paper of ``locale``'s country."""
    return paper_for(QLocale.territoryToCode(locale.territory()))


class ExportDialog(QDialog):
    """The format, the file, for a PDF the paper, and whether a line says that parts of the
    text were generated with AI (``label``: None when the model wrote none of it)."""

    def __init__(self, target: Path, paper: PaperSize, parent: QWidget | None = None,
                 export_format: ExportFormat = ExportFormat.DOCX, *,
                 label: Label | None = None, implicit: bool = True) -> None:
        super().__init__(parent)
        self._label = label
        self._implicit = implicit
        self.setWindowTitle(self.tr("Export"))
        self._format = QComboBox(self)
        for choice in ExportFormat:
            self._format.addItem(f"{translated(choice.label)} (*{choice.suffix})", choice)
        self._file = QLineEdit(str(target.with_suffix(export_format.suffix)), self)
        self._file.setMinimumWidth(380)
        browse = QPushButton(self.tr("&Browse…"), self)
        browse.clicked.connect(self._on_browse_clicked)
        file_row = QHBoxLayout()
        file_row.addWidget(self._file, 1)
        file_row.addWidget(browse)
        self._paper = QComboBox(self)
        self._paper.addItem(self.tr("A4 (210 × 297 mm)"), PaperSize.A4)
        self._paper.addItem(self.tr("Letter (8.5 × 11 in)"), PaperSize.LETTER)
        self._paper.setCurrentIndex(self._paper.findData(paper))
        self._paper_label = QLabel(self.tr("&Paper:"), self)
        self._paper_label.setBuddy(self._paper)
        self._explicit = QCheckBox(
            self.tr("Add a &line saying that parts were generated with AI"), self)
        self._explicit.setEnabled(label is not None)
        self._share = QLabel(self)
        self._share.setWordWrap(True)
        self._share.setEnabled(False)
        note = QLabel(self.tr("The document itself is not changed."), self)
        note.setEnabled(False)
        form = QFormLayout()
        form.addRow(self.tr("&Format:"), self._format)
        file_label = QLabel(self.tr("F&ile:"), self)
        file_label.setBuddy(self._file)
        form.addRow(file_label, file_row)
        form.addRow(self._paper_label, self._paper)
        form.addRow("", self._explicit)
        form.addRow("", self._share)
        self._buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        self._buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("&Export"))
        self._buttons.accepted.connect(self.accept)
        self._buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(note)
        layout.addWidget(self._buttons)
        self._format.currentIndexChanged.connect(self._on_format_current_index_changed)
        self._file.textChanged.connect(self._on_file_text_changed)
        self.set_format(export_format)
        self._on_format_current_index_changed()

    def set_format(self, export_format: ExportFormat) -> None:
        self._format.setCurrentIndex(self._format.findData(export_format))

    @property
    def export_format(self) -> ExportFormat:
        choice = self._format.currentData()
        assert isinstance(choice, ExportFormat)
        return choice

    @property
    def path(self) -> Path:
        return with_format_suffix(Path(self._file.text().strip()).expanduser(),
                                  self.export_format)

    @property
    def explicit_label(self) -> bool:
        """Whether the export ends with the line saying that parts were generated with AI."""
        return self._explicit.isEnabled() and self._explicit.isChecked()

    @property
    def paper(self) -> PaperSize:
        choice = self._paper.currentData()
        assert isinstance(choice, PaperSize)
        return choice

    @Slot()
    def _on_format_current_index_changed(self) -> None:
        """The file follows the format's extension; the paper shows only for a PDF."""
        text = self._file.text().strip()
        if text:
            current = Path(text)
            if format_of(current) is not None and format_of(current) is not (
                    self.export_format):
                self._file.setText(str(current.with_suffix(self.export_format.suffix)))
        is_pdf = self.export_format is ExportFormat.PDF
        self._paper.setVisible(is_pdf)
        self._paper_label.setVisible(is_pdf)
        self._show_share()

    def _show_share(self) -> None:
        """How much of the text the model wrote, and whether the file's properties say so
        (plain text has none)."""
        if self._label is None:
            self._share.setText(self.tr("The model wrote none of this text."))
            return
        if self._implicit and self.export_format is not ExportFormat.TEXT:
            share = self.tr("{percent} % of this text was written by the model. The file's "
                            "properties will say so; Settings can turn this off.")
        else:
            share = self.tr("{percent} % of this text was written by the model.")
        self._share.setText(share.format(percent=self._label.share.percent))

    def accept(self) -> None:
        """Export unless the file exists and the writer would rather not replace it."""
        path = self.path
        if path.exists() and not message_boxes.confirm(
                self, self.tr("Replace the file?"),
                self.tr("{name} already exists in {folder}. Replace it with this export?")
                .format(name=path.name, folder=path.parent)):
            return
        super().accept()

    @Slot(str)
    def _on_file_text_changed(self, text: str) -> None:
        ok = self._buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setEnabled(bool(text.strip()) and not Path(text.strip()).is_dir())

    @Slot()
    def _on_browse_clicked(self) -> None:
        chosen = self.export_format
        name, _ = QFileDialog.getSaveFileName(
            self, self.tr("Export As"), self._file.text(),
            f"{translated(chosen.label)} (*{chosen.suffix})")
        if name:
            self._file.setText(str(with_format_suffix(Path(name), chosen)))


class ExportController(QObject):
    """Export, print and copy the document with its formatting."""

    def __init__(self, editor: QPlainTextEdit, documents: DocumentController,
                 provenance: ProvenanceController, messages: MessageBridge,
                 window: QWidget) -> None:
        super().__init__(window)
        self._editor = editor
        self._documents = documents
        self._provenance = provenance
        self._messages = messages
        self._window = window
        self._last_format = ExportFormat.DOCX
        self._paper: PaperSize | None = None
        self.action_export = new_action(
            self, self.tr("E&xport…"), self.export_dialog,
            tip=self.tr("Save a copy as Word, OpenDocument, PDF, a web page or plain text"))
        self.action_print = new_action(self, self.tr("&Print…"), self.print_dialog,
                                       QKeySequence.StandardKey.Print,
                                       self.tr("Print the document, with a preview first"))
        self.action_copy_formatted = new_action(
            self, self.tr("Copy as For&matted Text"), self.copy_formatted, "Ctrl+Shift+C",
            self.tr("Copy the selection, or the whole document, with its headings, lists "
                    "and emphasis, to paste into Word, WPS or a web editor"))

    def _name(self) -> str:
        path = self._documents.path
        return path.stem if path else self.tr("Untitled")

    def _metadata(self, blocks: list[Block], text: str) -> ExportMetadata:
        return document_metadata(blocks, text, self._name(), QLocale().name())

    def _blocks(self, text: str) -> list[Block]:
        return read_blocks(text, markdown=self._documents.markdown)

    def new_dialog(self) -> ExportDialog:
        """The Export dialog, set to the last format and paper, the file beside the
        document with the document's name."""
        target = export_path(self._documents.path, self._last_format, Path.home(),
                             self.tr("Untitled"))
        return ExportDialog(target, self._paper_now(), self._window, self._last_format,
                            label=self._provenance.label(),
                            implicit=self._provenance.implicit_labels)

    def _paper_now(self) -> PaperSize:
        """The paper last chosen, else the system's country's (not the interface's
        language's: a writer in Toronto may use the app in Chinese)."""
        return self._paper or locale_paper(QLocale.system())

    @Slot()
    def export_dialog(self) -> None:
        """Ask for the format and the file, then export."""
        dialog = self.new_dialog()
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        self._last_format, self._paper = dialog.export_format, dialog.paper
        self.export_to(dialog.path, dialog.export_format, dialog.paper,
                       explicit_label=dialog.explicit_label)

    def export_to(self, path: Path, export_format: ExportFormat,
                  paper: PaperSize = PaperSize.A4, *,
                  explicit_label: bool = False) -> FunctionJob | None:
        """Export the document, as it is now, to ``path`` on a worker thread (a long novel
        takes seconds), with its AI label if it holds AI-written text (the line saying so
        only with ``explicit_label``); the job's end is reported, a failure with its
        reason. None when the export was refused before it started."""
        if self._documents.path is not None and path.resolve() == self._documents.path:
            self._messages.alert(Level.WARNING, self.tr("Not exported"), self.tr(
                "That is the document's own file: choose another name for the export."))
            return None
        text, name, interface = self._documents.text(), self._name(), QLocale().name()
        markdown = self._documents.markdown
        label, implicit = self._provenance.label(), self._provenance.implicit_labels

        def export() -> Path:
            read = read_blocks(text, markdown=markdown)
            blocks, metadata = labelled(read, document_metadata(read, text, name, interface),
                                        label, implicit=implicit, explicit=explicit_label)
            export_blocks(blocks, path, export_format, metadata, ExportOptions(paper))
            return path

        self.action_export.setEnabled(False)
        QGuiApplication.setOverrideCursor(Qt.CursorShape.BusyCursor)
        self._messages.info(self.tr("Exporting to {path}…").format(path=path))
        job = call_in_thread(export, "export", failure=self.tr(
            "The export failed because of an error in writer-app; the document is safe."))
        job.returned.connect(self._on_job_returned)
        job.failed.connect(self._on_job_failed)
        job.finished.connect(self._on_job_finished)
        return job

    @Slot(object)
    def _on_job_returned(self, path: Path) -> None:
        done = self.tr("Exported to {path}.").format(path=path)
        self._messages.info(done)
        announce(self._window, done)

    @Slot(str)
    def _on_job_failed(self, reason: str) -> None:
        self._messages.alert(Level.ERROR, self.tr("Not exported"), translated(reason))

    @Slot()
    def _on_job_finished(self) -> None:
        QGuiApplication.restoreOverrideCursor()
        self.action_export.setEnabled(True)

    @Slot()
    def print_dialog(self) -> None:
        """Show the print preview, from which the writer prints."""
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setPageLayout(page_layout(ExportOptions(self._paper_now())))
        path = self._documents.path
        printer.setDocName(path.name if path else self.tr("Untitled"))
        preview = QPrintPreviewDialog(printer, self._window)
        preview.setWindowTitle(self.tr("Print Preview"))
        preview.paintRequested.connect(self.paint)
        preview.resize(900, 760)
        preview.exec()

    @Slot(QPrinter)
    def paint(self, printer: QPrinter) -> None:
        """Lay the document out on the printer's pages, as a PDF export would."""
        text = self._documents.text()
        blocks = self._blocks(text)
        metadata = self._metadata(blocks, text)
        try:
            paint_pages(blocks, metadata, printer)
            if printer.outputFormat() is QPrinter.OutputFormat.PdfFormat and (
                    printer.outputFileName()):
                make_searchable(Path(printer.outputFileName()), blocks, metadata)
        except DocumentError as exc:
            self._messages.alert(Level.ERROR, self.tr("Cannot print"), translated(str(exc)))

    @Slot()
    def copy_formatted(self) -> None:
        """The selection, or the whole document, on the clipboard as HTML and as text; the
        HTML carries the implicit label of what is copied, the text never does."""
        cursor = self._editor.textCursor()
        whole = self._documents.text()
        text = cursor.selection().toPlainText() if cursor.hasSelection() else whole
        blocks = self._blocks(text)
        label = self._provenance.label((cursor.selectionStart(), cursor.selectionEnd())
                                       if cursor.hasSelection() else None)
        _, metadata = labelled(blocks, self._metadata(blocks, whole), label,
                               implicit=self._provenance.implicit_labels)
        data = QMimeData()
        data.setHtml(html_fragment(blocks, metadata))
        data.setText(plain_text(blocks))
        QGuiApplication.clipboard().setMimeData(data)
        self._messages.info(self.tr("Copied with its formatting.") if cursor.hasSelection()
                            else self.tr("The whole document was copied with its "
                                         "formatting."))
