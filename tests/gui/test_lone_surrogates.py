"""Half of a surrogate pair in the document (pasted, or left by splitting an emoji): every
action still works, and no slot fails without a word."""

from __future__ import annotations

from PySide6.QtGui import QTextCursor
from pytestqt.qtbot import QtBot

from tests.gui.conftest import Messages, idle
from writer_app.testing.fake_engine import FakeEngine
from writer_app.ui.main_window import MainWindow


def split_an_emoji(window: MainWindow) -> None:
    """``Start 😀 end.`` with ``X`` typed between the emoji's two UTF-16 halves."""
    window.editor.setPlainText("Start 😀 end. More text.")
    cursor = window.editor.textCursor()
    cursor.setPosition(len("Start ") + 1)
    cursor.insertText("X")


def test_continue_after_a_lone_surrogate(qtbot: QtBot, fake_window: MainWindow,
                                         fake: FakeEngine, messages: Messages) -> None:
    split_an_emoji(fake_window)
    cursor = fake_window.editor.textCursor()
    cursor.movePosition(QTextCursor.MoveOperation.End)
    fake_window.editor.setTextCursor(cursor)
    fake_window.assistant.action_continue.trigger()
    idle(qtbot, fake_window)
    assert fake.requests, messages.texts()
    request = fake.requests[-1]
    request.text.encode("utf-8")  # nothing the engine cannot encode
    assert request.text.startswith("Start ") and request.text.endswith("More text.")
    assert request.cursor == len(request.text)


def test_rewrite_of_a_selection_after_a_lone_surrogate(qtbot: QtBot, fake_window: MainWindow,
                                                       fake: FakeEngine,
                                                       messages: Messages) -> None:
    split_an_emoji(fake_window)
    text = fake_window.editor.document().toPlainText()
    cursor = fake_window.editor.textCursor()
    end = fake_window.editor.document().characterCount() - 1
    cursor.setPosition(end - len("More text."))
    cursor.setPosition(end, QTextCursor.MoveMode.KeepAnchor)
    fake_window.editor.setTextCursor(cursor)
    fake_window.assistant.rewrite(instruction="make it shorter")
    idle(qtbot, fake_window)
    assert fake.requests, messages.texts() or text
    assert fake.requests[-1].selected_text == "More text."
