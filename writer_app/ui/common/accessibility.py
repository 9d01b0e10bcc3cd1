"""What a screen reader hears beyond the widgets' own names: work that ended, announced
as it ends, and names for the parts Qt builds into its widgets without one."""

from __future__ import annotations

from PySide6 import QtGui
from PySide6.QtCore import Qt
from PySide6.QtGui import QAccessible
from PySide6.QtWidgets import QLineEdit, QPlainTextEdit, QToolButton, QWidget


def announce(widget: QWidget, text: str) -> None:
    """Have a screen reader say ``text`` once it has finished what it is saying, as news
    from ``widget`` (the panel or field where the result is). Qt before 6.8 has no
    announcements; there the writer finds the result where it is shown, as before."""
    event_type = getattr(QtGui, "QAccessibleAnnouncementEvent", None)
    if event_type is None or not text:
        return
    QAccessible.updateAccessibility(event_type(widget, text))


def name_clear_button(field: QLineEdit, name: str) -> None:
    """Name the ✕ button that ``setClearButtonEnabled`` put into ``field``: Qt leaves it
    without one, so a screen reader would say only "button"."""
    for button in field.findChildren(QToolButton):
        button.setAccessibleName(name)


def read_only(view: QPlainTextEdit) -> None:
    """Make ``view`` read-only with a text cursor the arrow keys move, as a result's text
    is read and selected from the keyboard (Qt's read-only views answer the mouse only)."""
    view.setReadOnly(True)
    view.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse
                                 | Qt.TextInteractionFlag.TextSelectableByKeyboard)
