"""The Assist menu's choice of how much Continue writes: radio actions, one per length."""

from __future__ import annotations

from PySide6.QtCore import Signal, Slot
from PySide6.QtGui import QAction, QActionGroup
from PySide6.QtWidgets import QMenu, QWidget

from writer_app.core.requests import ContinueLength
from writer_app.ui.common.core_text import translated


class ContinueLengthMenu(QMenu):
    """A submenu of the lengths; ``length_chosen`` says which one the writer picked."""

    length_chosen = Signal(object)

    def __init__(self, current: ContinueLength, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTitle(self.tr("Continue &Length"))
        self.setStatusTip(self.tr("How much Continue Writing adds: it stops at the end of that "
                                   "unit"))
        group = QActionGroup(self)
        for length in ContinueLength:
            action = QAction(translated(length.label), self)
            action.setCheckable(True)
            action.setData(length.value)
            action.triggered.connect(self._on_action_triggered)
            group.addAction(action)
            self.addAction(action)
        self.set_length(current)

    def set_length(self, length: ContinueLength) -> None:
        """Check the action of ``length`` (without emitting ``length_chosen``)."""
        for action in self.actions():
            action.setChecked(action.data() == length.value)

    @Slot()
    def _on_action_triggered(self) -> None:
        action = self.sender()
        if isinstance(action, QAction):
            self.length_chosen.emit(ContinueLength(action.data()))
