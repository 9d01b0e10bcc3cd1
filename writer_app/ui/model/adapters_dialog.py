"""Model ▸ Adapters…: the LoRA adapters added for the model in use.

One row per adapter: a checkbox that switches it on or off, its file, and its scale. The
dialog only edits: ``file_chosen`` asks for an adapter to be added, ``adapters_changed``
carries the list as edited (and shown), and the controller
(``ui/model/adapters_controller.py``) checks, applies and remembers them, then shows the
list as the engine has it (``show_adapters``) or says why not (``show_error``).
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from writer_app.core.models.adapters import MAX_SCALE, SavedAdapter
from writer_app.ui.common.places import downloads_folder
from writer_app.ui.common.theme import status_colours

_ON, _FILE, _SCALE = range(3)


class AdaptersDialog(QDialog):
    """The adapters of one model, each on or off with its scale."""

    file_chosen = Signal(Path)
    adapters_changed = Signal(object)

    def __init__(self, model_name: str, adapters: tuple[SavedAdapter, ...],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Adapters for {model}").format(model=model_name))
        self._adapters = adapters
        intro = QLabel(self.tr(
            "LoRA adapters tune {model} to a domain or a style. Each one must be made for "
            "this model; a scale of 1 applies it as it was trained, 0 switches it off.")
            .format(model=model_name), self)
        intro.setWordWrap(True)
        self.table = QTableWidget(0, 3, self)
        self.table.setAccessibleName(self.tr("Adapters"))
        self.table.setHorizontalHeaderLabels([self.tr("On"), self.tr("Adapter"),
                                              self.tr("Scale")])
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(_FILE, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(_ON, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(_SCALE, QHeaderView.ResizeMode.ResizeToContents)
        self.table.itemChanged.connect(self._on_table_item_changed)
        self.table.itemSelectionChanged.connect(self._update_buttons)
        self.add_button = QPushButton(self.tr("&Add…"), self)
        self.add_button.clicked.connect(self._on_add_button_clicked)
        self.remove_button = QPushButton(self.tr("&Remove"), self)
        self.remove_button.clicked.connect(self.remove_selected)
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.remove_button)
        buttons.addStretch(1)
        self.status_label = QLabel(self)
        self.status_label.setWordWrap(True)
        self.status_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        close.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)
        layout.addWidget(self.status_label)
        layout.addWidget(close)
        self.show_adapters(adapters)
        self.resize(620, 340)

    def adapters(self) -> tuple[SavedAdapter, ...]:
        """The adapters as shown."""
        return self._adapters

    def show_adapters(self, adapters: tuple[SavedAdapter, ...]) -> None:
        """Show ``adapters`` (as applied), keeping the selected row where it can."""
        row = self.table.currentRow()
        self._adapters = adapters
        self.table.blockSignals(True)
        self.table.setRowCount(len(adapters))
        for index, adapter in enumerate(adapters):
            check = QTableWidgetItem()
            check.setFlags(Qt.ItemFlag.ItemIsUserCheckable | Qt.ItemFlag.ItemIsEnabled
                           | Qt.ItemFlag.ItemIsSelectable)
            check.setCheckState(Qt.CheckState.Checked if adapter.enabled
                                else Qt.CheckState.Unchecked)
            self.table.setItem(index, _ON, check)
            name = QTableWidgetItem(adapter.name)
            name.setToolTip(adapter.path)
            self.table.setItem(index, _FILE, name)
            scale = QDoubleSpinBox(self.table)
            scale.setAccessibleName(self.tr("Scale of {adapter}").format(adapter=adapter.name))
            scale.setRange(0.0, MAX_SCALE)
            scale.setSingleStep(0.1)
            scale.setDecimals(2)
            scale.setKeyboardTracking(False)
            scale.setValue(adapter.scale)
            scale.setProperty("row", index)
            scale.valueChanged.connect(self._on_scale_value_changed)
            self.table.setCellWidget(index, _SCALE, scale)
        self.table.blockSignals(False)
        if adapters:
            self.table.selectRow(min(max(row, 0), len(adapters) - 1))
        self._update_buttons()

    def scale_box(self, row: int) -> QDoubleSpinBox:
        box = self.table.cellWidget(row, _SCALE)
        assert isinstance(box, QDoubleSpinBox)
        return box

    def set_enabled_at(self, row: int, on: bool) -> None:
        item = self.table.item(row, _ON)
        assert item is not None
        item.setCheckState(Qt.CheckState.Checked if on else Qt.CheckState.Unchecked)

    def show_error(self, text: str) -> None:
        _, red = status_colours(self)
        self.status_label.setStyleSheet(f"color: {red};")
        self.status_label.setText(text)

    def show_status(self, text: str) -> None:
        self.status_label.setStyleSheet("")
        self.status_label.setText(text)

    @Slot()
    def remove_selected(self) -> None:
        row = self.table.currentRow()
        if 0 <= row < len(self._adapters):
            self.show_adapters(self._adapters[:row] + self._adapters[row + 1 :])
            self.adapters_changed.emit(self._adapters)

    @Slot()
    def _on_add_button_clicked(self) -> None:
        start = str(Path(self._adapters[-1].path).parent if self._adapters
                    else downloads_folder())
        name, _ = QFileDialog.getOpenFileName(
            self, self.tr("Add LoRA Adapter"), start,
            self.tr("GGUF adapters (*.gguf);;All files (*)"))
        if name:
            self.file_chosen.emit(Path(name))

    @Slot(QTableWidgetItem)
    def _on_table_item_changed(self, item: QTableWidgetItem) -> None:
        if item.column() == _ON:
            on = item.checkState() == Qt.CheckState.Checked
            self._change(item.row(), dataclasses.replace(self._adapters[item.row()], enabled=on))

    @Slot(float)
    def _on_scale_value_changed(self, value: float) -> None:
        row = self.sender().property("row")
        if isinstance(row, int):
            self._change(row, dataclasses.replace(self._adapters[row], scale=value))

    def _change(self, row: int, changed: SavedAdapter) -> None:
        # Kept at once, so that the next change builds on this one whether or not the
        # engine has answered yet; a refusal shows the applied list again.
        self._adapters = (*self._adapters[:row], changed, *self._adapters[row + 1 :])
        self.adapters_changed.emit(self._adapters)

    @Slot()
    def _update_buttons(self) -> None:
        self.remove_button.setEnabled(0 <= self.table.currentRow() < len(self._adapters))
