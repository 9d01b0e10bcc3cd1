"""The window's panels from the keyboard alone: a panel's own key shows it with the keys in
it, or hides it with the keys back in the text."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDockWidget, QStackedWidget, QWidget

_REASON = Qt.FocusReason.ShortcutFocusReason


def dock_key(dock: QDockWidget, shortcut: str, tip: str) -> None:
    """Give ``dock``'s View-menu item the key ``shortcut`` and ``tip``, which names the key
    as ``{key}``; its controller calls ``enter_or_leave`` when the item is triggered."""
    action = dock.toggleViewAction()
    action.setShortcut(shortcut)
    action.setToolTip(tip.format(key=shortcut))
    action.setStatusTip(action.toolTip())


def enter_or_leave(dock: QDockWidget, shown: bool, back: QWidget) -> None:
    """``dock`` was just shown, and the keys go into it (to the page its stack shows, and
    from there to the control the panel names as its focus proxy: a list, a text, a
    field), or hidden, and they go ``back``."""
    if not shown:
        back.setFocus(_REASON)
        return
    dock.raise_()
    target: QWidget | None = dock.widget()
    if isinstance(target, QStackedWidget):
        target = target.currentWidget()
    if target is not None:
        target.setFocus(_REASON)
