"""After a crash: offer the unsaved text back, showing how it differs from the file on disk."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Slot
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from writer_app.core.documents.files import DocumentError, read_document
from writer_app.core.documents.recovery import Recovered
from writer_app.core.untrusted import names_a_file
from writer_app.ui.common.diff_view import diff_html
from writer_app.ui.common.quantities import moment_text, number


def disk_text(record: Recovered) -> str:
    """The saved version of a recovered document ("" if it was never saved, or if what
    the record names is not a file: a record is untrusted, and a device never ends)."""
    if not record.path or not names_a_file(Path(record.path)):
        return ""
    try:
        return read_document(Path(record.path))[0]
    except DocumentError:
        return ""


class RecoveryDialog(QDialog):
    """Lists recovered documents; Restore one, or Discard."""

    def __init__(self, records: list[Recovered], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Recover unsaved text"))
        self.records = records
        self.chosen: Recovered | None = None
        self.discarded: list[Recovered] = []
        intro = QLabel(self.tr("writer-app was closed before this text was saved. Restore it, "
                               "or discard it. Underlined text is what the file on disk does "
                               "not have."), self)
        intro.setWordWrap(True)
        self.list = QListWidget(self)
        self.list.setAccessibleName(self.tr("Recovered texts"))
        for record in records:
            item = QListWidgetItem(self.label(record))
            item.setToolTip(record.path or self.tr("never saved"))
            self.list.addItem(item)
        self.view = QTextBrowser(self)
        self.view.setAccessibleName(self.tr("The chosen text"))
        self.restore_button = QPushButton(self.tr("Restore"), self)
        self.restore_button.setDefault(True)
        self.discard_button = QPushButton(self.tr("Discard"), self)
        self.later_button = QPushButton(self.tr("Decide later"), self)
        self.restore_button.clicked.connect(self._on_restore_clicked)
        self.discard_button.clicked.connect(self._on_discard_clicked)
        self.later_button.clicked.connect(self.reject)
        self.list.currentRowChanged.connect(self._on_list_current_row_changed)
        buttons = QHBoxLayout()
        buttons.addWidget(self.later_button)
        buttons.addStretch(1)
        buttons.addWidget(self.discard_button)
        buttons.addWidget(self.restore_button)
        lists = QHBoxLayout()
        lists.addWidget(self.list, 1)
        lists.addWidget(self.view, 2)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(lists, 1)
        layout.addLayout(buttons)
        self.list.setCurrentRow(0)
        self.resize(820, 480)

    def label(self, record: Recovered) -> str:
        """A record in the list: two of one file differ by their time and length."""
        return self.tr("{name} · autosaved {time} · {count} characters").format(
            name=record.name or self.tr("Untitled"),
            time=moment_text(record.saved_at, with_seconds=True), count=number(len(record.text)))

    def current(self) -> Recovered | None:
        row = self.list.currentRow()
        return self.records[row] if 0 <= row < len(self.records) else None

    @Slot(int)
    def _on_list_current_row_changed(self, _row: int) -> None:
        record = self.current()
        if record is not None:
            self.view.setHtml(diff_html(disk_text(record), record.text, self.palette()))

    @Slot()
    def _on_restore_clicked(self) -> None:
        self.chosen = self.current()
        self.accept()

    @Slot()
    def _on_discard_clicked(self) -> None:
        record = self.current()
        if record is None:
            return
        self.discarded.append(record)
        row = self.list.currentRow()
        self.records.pop(row)
        self.list.takeItem(row)
        if not self.records:
            self.reject()
        else:
            self.list.setCurrentRow(0)
            self.list.setFocus(Qt.FocusReason.OtherFocusReason)
