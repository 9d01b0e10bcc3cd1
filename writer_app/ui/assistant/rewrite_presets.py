"""Named rewrite instructions in the Rewrite menu: the writer's own presets.

The menu lists each saved preset; "Save Instruction as Preset…" asks for an instruction
and a name, and "Remove Preset" lists them to take one out. The window stores the list in
its settings (``presets_changed``) and runs a chosen one as a rewrite (``preset_chosen``).
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal, Slot
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QInputDialog, QMenu, QWidget

from writer_app.core.settings import RewritePreset, with_preset


class RewritePresetMenu(QObject):
    """Keeps the presets' actions at the end of ``menu``."""

    preset_chosen = Signal(str)
    presets_changed = Signal(object)

    def __init__(self, menu: QMenu, presets: tuple[RewritePreset, ...],
                 parent: QWidget) -> None:
        super().__init__(parent)
        self._menu = menu
        self._parent = parent
        self._presets = presets
        self._separator = menu.addSeparator()
        self._actions: list[QAction] = []
        self._save = QAction(self.tr("Save Instruction as &Preset…"), self)
        self._save.triggered.connect(self.ask_new_preset)
        self._remove = QMenu(self.tr("Remove Pr&eset"), parent)
        menu.addAction(self._save)
        menu.addMenu(self._remove)
        self._rebuild()

    @property
    def presets(self) -> tuple[RewritePreset, ...]:
        return self._presets

    def _rebuild(self) -> None:
        for action in self._actions:
            self._menu.removeAction(action)
        self._actions = []
        self._remove.clear()
        for preset in self._presets:
            action = QAction(preset.name, self)
            action.setData(preset.instruction)
            action.setStatusTip(preset.instruction)
            action.triggered.connect(self._on_preset_triggered)
            self._menu.insertAction(self._separator, action)
            self._actions.append(action)
            remove = self._remove.addAction(preset.name)
            remove.setData(preset.name)
            remove.triggered.connect(self._on_remove_triggered)
        self._remove.setEnabled(bool(self._presets))

    def save(self, name: str, instruction: str) -> None:
        """Save (or replace) the preset ``name``."""
        if not name.strip() or not instruction.strip():
            return
        self._presets = with_preset(self._presets, name, instruction)
        self._rebuild()
        self.presets_changed.emit(self._presets)

    def remove(self, name: str) -> None:
        self._presets = tuple(p for p in self._presets if p.name != name)
        self._rebuild()
        self.presets_changed.emit(self._presets)

    @Slot()
    def ask_new_preset(self) -> None:
        instruction, ok = QInputDialog.getText(
            self._parent, self.tr("New Rewrite Preset"),
            self.tr("How should the selection be rewritten?"))
        if not ok or not instruction.strip():
            return
        name, ok = QInputDialog.getText(
            self._parent, self.tr("New Rewrite Preset"),
            self.tr("Name it for the Rewrite menu:"), text=instruction.strip()[:40])
        if ok:
            self.save(name, instruction)

    @Slot()
    def _on_preset_triggered(self) -> None:
        action = self.sender()
        if isinstance(action, QAction):
            self.preset_chosen.emit(action.data())

    @Slot()
    def _on_remove_triggered(self) -> None:
        action = self.sender()
        if isinstance(action, QAction):
            self.remove(action.data())
