"""Help ▸ Keyboard Shortcuts: every key of the menus, read from the menus themselves, so
the list is never out of date and speaks the interface's language."""

from __future__ import annotations

from PySide6.QtCore import Slot
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLineEdit,
    QMenu,
    QMenuBar,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from writer_app.ui.common.accessibility import name_clear_button
from writer_app.ui.common.screen_fit import fit_to_screen


def menu_shortcuts(menu_bar: QMenuBar) -> list[tuple[str, str]]:
    """(where, keys) for each action of ``menu_bar`` that has a key: "Edit ▸ Undo",
    "Ctrl+Z" in the platform's words."""
    found: list[tuple[str, str]] = []

    def walk(menu: QMenu, path: str) -> None:
        for action in menu.actions():
            name = action.text().replace("&&", "\0").replace("&", "").replace("\0", "&")
            where = f"{path} ▸ {name}" if path else name
            submenu = action.menu()
            if isinstance(submenu, QMenu):
                walk(submenu, where)
            elif not action.isSeparator() and action.shortcuts():
                keys = ", ".join(key.toString(QKeySequence.SequenceFormat.NativeText)
                                 for key in action.shortcuts())
                found.append((where, keys))

    for top in menu_bar.actions():
        menu = top.menu()
        if isinstance(menu, QMenu):
            walk(menu, top.text().replace("&", ""))
    return found


class ShortcutsDialog(QDialog):
    """The menus' keys, with a filter."""

    def __init__(self, menu_bar: QMenuBar, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Keyboard Shortcuts"))
        self.filter = QLineEdit(self)
        self.filter.setPlaceholderText(self.tr("Filter"))
        self.filter.setAccessibleName(self.tr("Filter the shortcuts"))
        self.filter.setClearButtonEnabled(True)
        name_clear_button(self.filter, self.tr("Clear the filter"))
        self.filter.textChanged.connect(self._on_filter_text_changed)
        self.list = QTreeWidget(self)
        self.list.setAccessibleName(self.tr("Shortcuts"))
        self.list.setHeaderLabels([self.tr("Command"), self.tr("Keys")])
        self.list.setRootIsDecorated(False)
        self.list.setAlternatingRowColors(True)
        for where, keys in menu_shortcuts(menu_bar):
            QTreeWidgetItem(self.list, [where, keys])
        self.list.resizeColumnToContents(0)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.filter)
        layout.addWidget(self.list, 1)
        layout.addWidget(buttons)
        fit_to_screen(self, 640, 640)

    def _rows(self) -> list[QTreeWidgetItem]:
        return [item for row in range(self.list.topLevelItemCount())
                if (item := self.list.topLevelItem(row)) is not None]

    def shown(self) -> list[tuple[str, str]]:
        """The rows the filter leaves."""
        return [(item.text(0), item.text(1)) for item in self._rows() if not item.isHidden()]

    @Slot(str)
    def _on_filter_text_changed(self, text: str) -> None:
        wanted = text.strip().casefold()
        for item in self._rows():
            item.setHidden(bool(wanted) and wanted not in
                           f"{item.text(0)} {item.text(1)}".casefold())
