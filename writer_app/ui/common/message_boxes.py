"""Every message box the window shows: its questions and its alerts.

The one module that speaks to ``QMessageBox``, so that a box looks and answers the same
wherever it comes from, and tests answer the window's questions by replacing these
functions (callers use them as ``message_boxes.ask(...)`` for that reason).
"""

from __future__ import annotations

import enum
from collections.abc import Sequence

from PySide6.QtWidgets import QMessageBox, QWidget

from writer_app.qt.messages import Level

_ICONS = {Level.INFO: QMessageBox.Icon.Information, Level.WARNING: QMessageBox.Icon.Warning,
          Level.ERROR: QMessageBox.Icon.Critical}


class SaveAnswer(enum.Enum):
    """What the writer does with unsaved changes."""

    SAVE = "save"
    DISCARD = "discard"
    CANCEL = "cancel"


def show_alert(parent: QWidget | None, level: Level, title: str, text: str) -> None:
    """Tell the writer something they must see before going on."""
    box = QMessageBox(_ICONS[level], title, text, QMessageBox.StandardButton.Ok, parent)
    box.exec()


def show_about(parent: QWidget | None, title: str, text: str) -> None:
    """The application's About box (rich text)."""
    QMessageBox.about(parent, title, text)


def ask(parent: QWidget | None, title: str, text: str, choices: Sequence[str]) -> str:
    """A question with one button per choice; returns the chosen one, or the last choice
    (the safe one, such as Cancel) when the writer closes the box."""
    box = QMessageBox(QMessageBox.Icon.Warning, title, text, QMessageBox.StandardButton.NoButton,
                      parent)
    buttons = [box.addButton(choice, QMessageBox.ButtonRole.AcceptRole if index == 0 else
                             QMessageBox.ButtonRole.RejectRole if index == len(choices) - 1
                             else QMessageBox.ButtonRole.ActionRole)
               for index, choice in enumerate(choices)]
    box.setEscapeButton(buttons[-1])
    box.setDefaultButton(buttons[-1])
    box.exec()
    clicked = box.clickedButton()
    return choices[buttons.index(clicked)] if clicked in buttons else choices[-1]


def confirm(parent: QWidget | None, title: str, text: str) -> bool:
    """A yes-or-no question; True only for Yes."""
    answer = QMessageBox.question(parent, title, text)
    return answer == QMessageBox.StandardButton.Yes


def ask_to_save(parent: QWidget | None, title: str, text: str) -> SaveAnswer:
    """Save, discard or keep unsaved changes (Save is the default, closing cancels)."""
    buttons = QMessageBox.StandardButton
    answer = QMessageBox.warning(parent, title, text,
                                 buttons.Save | buttons.Discard | buttons.Cancel, buttons.Save)
    if answer == buttons.Save:
        return SaveAnswer.SAVE
    return SaveAnswer.DISCARD if answer == buttons.Discard else SaveAnswer.CANCEL
