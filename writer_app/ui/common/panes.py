"""The window's panels from the keyboard alone: a panel's own key shows it with the keys in
it, or hides it with the keys back in the text."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDockWidget, QStackedWidget, QWidget

_REASON = Qt.FocusReason.ShortcutFocusReason


def focus_first(pane: QWidget) -> bool:
    """Give the keys to ``pane``: to a dock's content, to a stack's page shown, and from
    there to the control each names as its focus proxy (a panel's list, text or field).
    False when nothing there takes them."""
    target: QWidget | None = pane.widget() if isinstance(pane, QDockWidget) else pane
    if isinstance(target, QStackedWidget):
        target = target.currentWidget()
    if target is None:
        return False
    target.setFocus(_REASON)
    focus = QApplication.focusWidget()
    return focus is not None and (focus is pane or pane.isAncestorOf(focus))


def dock_key(dock: QDockWidget, shortcut: str, tip: str) -> None:
    """Give ``dock``'s View-menu item the key ``shortcut`` and ``tip``, which names the key
    as ``{key}``; its controller calls ``enter_or_leave`` when the item is triggered."""
    action = dock.toggleViewAction()
    action.setShortcut(shortcut)
    action.setToolTip(tip.format(key=shortcut))
    action.setStatusTip(action.toolTip())


def enter_or_leave(dock: QDockWidget, shown: bool, back: QWidget) -> None:
    """``dock`` was just shown, and the keys go into it, or hidden, and they go ``back``."""
    if shown:
        dock.raise_()
        focus_first(dock)
    else:
        back.setFocus(_REASON)
