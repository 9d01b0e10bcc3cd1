"""The window's panes from the keyboard alone: F6 and Shift+F6 go from one pane to the next
(the text, the preview, the find bar, each panel shown), as in most desktop programs, and
a panel's own key shows it with the keys in it, or hides it with the keys back in the text."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QObject, Qt, Slot
from PySide6.QtWidgets import QApplication, QDockWidget, QStackedWidget, QWidget

from writer_app.ui.common.actions import new_action

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


class DockKey(QObject):
    """``dock``'s View-menu item with the key ``shortcut``: shown, its first control has the
    keys; hidden, ``back`` has them again. ``tip`` names the key as ``{key}``."""

    def __init__(self, dock: QDockWidget, shortcut: str, tip: str, back: QWidget) -> None:
        super().__init__(dock)
        self._dock = dock
        self._back = back
        action = dock.toggleViewAction()
        action.setShortcut(shortcut)
        action.setToolTip(tip.format(key=shortcut))
        action.setStatusTip(action.toolTip())
        action.triggered.connect(self._on_action_triggered)

    @Slot(bool)
    def _on_action_triggered(self, shown: bool) -> None:
        if shown:
            self._dock.raise_()
            focus_first(self._dock)
        else:
            self._back.setFocus(_REASON)


class PaneCycle(QObject):
    """View ▸ Next Pane (F6) and Previous Pane (Shift+F6) over ``panes``, in that order;
    hidden ones are passed over."""

    def __init__(self, panes: Sequence[QWidget], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._panes = list(panes)
        self.action_next = new_action(
            self, self.tr("&Next Pane"), self.next_pane, "F6",
            self.tr("Put the keys in the next pane: the text, the find bar, each panel shown"))
        self.action_previous = new_action(
            self, self.tr("Pre&vious Pane"), self.previous_pane, "Shift+F6",
            self.tr("Put the keys in the pane before this one"))

    @Slot()
    def next_pane(self) -> None:
        self._go(1)

    @Slot()
    def previous_pane(self) -> None:
        self._go(-1)

    def _go(self, step: int) -> None:
        shown = [pane for pane in self._panes if pane.isVisible()]
        focus = QApplication.focusWidget()
        here = next((index for index, pane in enumerate(shown)
                     if focus is not None and (pane is focus or pane.isAncestorOf(focus))),
                    -1 if step > 0 else 0)
        for offset in range(1, len(shown) + 1):
            if focus_first(shown[(here + step * offset) % len(shown)]):
                return
