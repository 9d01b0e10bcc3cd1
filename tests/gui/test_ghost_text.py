"""Inline suggestions: shown after the cursor, never in the document until accepted."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QFocusEvent, QInputMethodEvent
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from tests.gui.conftest import WindowFactory, idle, load
from tests.gui.test_window import select, set_text
from writer_app.core.paths import AppPaths
from writer_app.core.requests import Action, ContinueLength
from writer_app.core.settings import Settings, SettingsStore
from writer_app.testing.fake_engine import FakeEngine
from writer_app.ui.main_window import MainWindow
from writer_app.ui.settings_dialog import SettingsDialog

SUGGESTING = Settings(inline_suggestions=True, suggestion_pause_ms=20)
START = "The harbour was quie"


@pytest.fixture
def window(make_window: WindowFactory, fake: FakeEngine, qtbot: QtBot,
           tiny_model: Path) -> MainWindow:
    fake.chunks = [" that", " morning", " the boats", " rocked."]
    window = make_window(fake, SUGGESTING)
    load(qtbot, window, tiny_model)
    window.editor.setFocus()
    return window


def suggested(qtbot: QtBot, window: MainWindow, text: str = START, key: str = "t") -> str:
    """Type ``key`` after ``text`` and wait for the whole suggestion."""
    set_text(window, text)
    qtbot.keyClicks(window.editor, key)
    qtbot.waitUntil(lambda: window.editor.ghost_text() != "" and not window.ghost_text.pending()
                    and not window.service.is_busy(), timeout=10_000)
    return window.editor.ghost_text()


def settled(qtbot: QtBot, window: MainWindow) -> None:
    """Wait until no suggestion is waited for and all the engine said has arrived."""
    qtbot.waitUntil(lambda: not window.ghost_text.pending() and window.service.is_idle(),
                    timeout=10_000)


def test_the_suggestion_is_in_no_text_undo_step_or_file_until_tab_takes_it(
        qtbot: QtBot, window: MainWindow, fake: FakeEngine, tmp_path: Path) -> None:
    typed = START + "t"
    ghost = suggested(qtbot, window)
    assert ghost == " that morning the boats rocked."
    request = fake.requests[-1]
    assert request.action is Action.CONTINUE and request.length is ContinueLength.SENTENCE
    assert request.text == typed and request.cursor == len(typed)
    assert request.sampling.max_tokens <= 40
    document = window.editor.document()
    assert window.editor.toPlainText() == typed == window.documents.text()
    assert document.availableUndoSteps() == 1 and document.isModified()
    window.documents.name_new(tmp_path / "harbour.txt")
    assert window.documents.save()
    assert (tmp_path / "harbour.txt").read_text(encoding="utf-8") == typed
    assert not document.isModified() and window.editor.ghost_text() == ghost

    qtbot.keyClick(window.editor, Qt.Key.Key_Tab)
    assert window.editor.toPlainText() == typed + ghost
    assert window.editor.textCursor().position() == len(typed + ghost)
    assert window.editor.ghost_text() == ""
    window.editor.undo()
    assert window.editor.toPlainText() == typed


def test_ctrl_right_takes_one_word_and_leaves_the_rest(qtbot: QtBot, window: MainWindow) -> None:
    suggested(qtbot, window)
    qtbot.keyPress(window.editor, Qt.Key.Key_Control)
    assert window.editor.ghost_text() == " that morning the boats rocked."
    qtbot.keyClick(window.editor, Qt.Key.Key_Right, Qt.KeyboardModifier.ControlModifier)
    assert window.editor.toPlainText() == START + "t that"
    assert window.editor.ghost_text() == " morning the boats rocked."
    qtbot.keyClick(window.editor, Qt.Key.Key_Right, Qt.KeyboardModifier.ControlModifier)
    assert window.editor.toPlainText() == START + "t that morning"
    assert window.editor.ghost_text() == " the boats rocked."
    qtbot.keyRelease(window.editor, Qt.Key.Key_Control)
    settled(qtbot, window)
    assert window.editor.ghost_text() == " the boats rocked."


def test_any_other_key_takes_the_suggestion_away_and_types_as_always(
        qtbot: QtBot, window: MainWindow) -> None:
    suggested(qtbot, window)
    qtbot.keyClick(window.editor, Qt.Key.Key_Comma)
    assert window.editor.ghost_text() == ""
    assert window.editor.toPlainText() == START + "t,"
    suggested(qtbot, window, key=".")
    qtbot.keyClick(window.editor, Qt.Key.Key_Left)
    assert window.editor.ghost_text() == ""
    assert window.editor.textCursor().position() == len(START)


def test_a_click_or_leaving_the_editor_takes_the_suggestion_away(
        qtbot: QtBot, window: MainWindow) -> None:
    ghost = suggested(qtbot, window)
    end = window.editor.cursorRect().center()
    qtbot.mouseClick(window.editor.viewport(), Qt.MouseButton.LeftButton, pos=end)
    assert window.editor.ghost_text() == ""
    assert window.editor.toPlainText() == START + "t"
    assert suggested(qtbot, window, key=" ") == ghost.lstrip()
    QApplication.sendEvent(window.editor, QFocusEvent(QEvent.Type.FocusOut))
    assert window.editor.ghost_text() == ""
    assert window.editor.toPlainText() == START + " "


def test_a_composition_replaces_the_suggestion_and_is_left_alone(
        qtbot: QtBot, window: MainWindow, fake: FakeEngine) -> None:
    suggested(qtbot, window)
    asked = len(fake.requests)
    QApplication.sendEvent(window.editor, QInputMethodEvent("gang", []))
    assert window.editor.ghost_text() == ""
    assert window.editor.textCursor().block().layout().preeditAreaText() == "gang"
    assert window.editor.is_composing()
    assert window.editor.toPlainText() == START + "t"
    assert not window.ghost_text.pending()
    commit = QInputMethodEvent("", [])
    commit.setCommitString("港")
    QApplication.sendEvent(window.editor, commit)
    assert window.editor.toPlainText() == START + "t港"
    assert window.editor.textCursor().block().layout().preeditAreaText() == ""
    qtbot.waitUntil(lambda: len(fake.requests) > asked, timeout=10_000)


def test_typing_while_the_answer_is_on_its_way_abandons_it(
        qtbot: QtBot, window: MainWindow, fake: FakeEngine) -> None:
    fake.hold()
    set_text(window, START)
    qtbot.keyClicks(window.editor, "t")
    qtbot.waitUntil(lambda: len(fake.requests) == 1, timeout=10_000)
    window.ghost_text.apply_settings(window.preferences.settings.replace(suggestion_pause_ms=3_600_000))
    qtbot.keyClick(window.editor, Qt.Key.Key_Comma)
    assert window.editor.ghost_text() == ""
    fake.release()
    qtbot.waitUntil(window.service.is_idle, timeout=10_000)
    assert window.editor.ghost_text() == ""
    assert window.editor.toPlainText() == START + "t,"
    assert len(fake.requests) == 1


def test_no_suggestion_inside_a_word_or_with_a_selection(
        qtbot: QtBot, window: MainWindow, fake: FakeEngine) -> None:
    set_text(window, "The harbour", cursor=7)
    qtbot.keyClicks(window.editor, "x")
    settled(qtbot, window)
    select(window, 0, 3)
    window.editor.typed.emit()
    settled(qtbot, window)
    assert fake.requests == [] and window.editor.ghost_text() == ""


def test_an_action_the_writer_starts_goes_first(
        qtbot: QtBot, window: MainWindow, fake: FakeEngine) -> None:
    suggested(qtbot, window)
    fake.hold()
    window.assistant.continue_writing()
    assert window.editor.ghost_text() == ""
    asked = len(fake.requests)
    qtbot.waitUntil(lambda: len(fake.requests) == asked, timeout=10_000)
    cursor = window.editor.textCursor()
    cursor.setPosition(len(START))
    window.editor.setTextCursor(cursor)
    qtbot.keyClicks(window.editor, " ")
    qtbot.waitUntil(lambda: not window.ghost_text.pending(), timeout=10_000)
    assert len(fake.requests) == asked
    fake.release()
    idle(qtbot, window)


def test_suggestions_are_off_until_turned_on_in_the_assist_menu(
        qtbot: QtBot, make_window: WindowFactory, fake: FakeEngine, tiny_model: Path) -> None:
    window = make_window(fake)
    load(qtbot, window, tiny_model)
    assert window.ghost_text.action in window.menu_bar.assist_menu.actions()
    assert not window.ghost_text.action.isChecked()
    set_text(window, START)
    qtbot.keyClicks(window.editor, "t")
    assert not window.ghost_text.pending()
    window.ghost_text.action.trigger()
    assert window.preferences.settings.inline_suggestions
    stored, _ = SettingsStore(AppPaths.default().settings_file).load()
    assert stored.inline_suggestions
    qtbot.keyClicks(window.editor, " ")
    qtbot.waitUntil(lambda: window.editor.ghost_text() != "", timeout=10_000)
    window.ghost_text.action.trigger()
    assert window.editor.ghost_text() == "" and not window.preferences.settings.inline_suggestions


def test_the_pause_is_a_setting(qtbot: QtBot) -> None:
    dialog = SettingsDialog(Settings(suggestion_pause_ms=900))
    qtbot.addWidget(dialog)
    assert dialog.suggestion_pause.value() == 900
    dialog.suggestion_pause.setValue(400)
    assert dialog.result_settings().suggestion_pause_ms == 400
    dialog.restore_defaults()
    assert dialog.result_settings().suggestion_pause_ms == 600
