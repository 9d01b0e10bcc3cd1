"""Counts with a selection, a document's goal, Full Screen, Focus Mode and Typewriter
Scrolling in the real window."""

from __future__ import annotations

import json
from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtGui import QAction, QColor, QKeySequence, QPalette, QTextCursor
from PySide6.QtWidgets import QApplication, QInputDialog
from pytestqt.qtbot import QtBot

from tests.gui.conftest import WindowFactory
from writer_app.core.paths import AppPaths
from writer_app.core.settings import FocusUnit, SettingsStore
from writer_app.core.text.units import CountRule
from writer_app.testing.fake_engine import FakeEngine
from writer_app.ui.common.status_bar import MessageStatusBar
from writer_app.ui.common.theme import dark_palette
from writer_app.ui.editor.text_editor import Marks
from writer_app.ui.main_window import MainWindow
from writer_app.ui.settings_dialog import SettingsDialog


def counted(qtbot: QtBot, window: MainWindow, text: str) -> None:
    window.editor.setPlainText(text)
    with qtbot.waitSignal(window.document_status.counted):
        pass


def select(window: MainWindow, start: int, end: int) -> None:
    cursor = window.editor.textCursor()
    cursor.setPosition(start)
    cursor.setPosition(end, QTextCursor.MoveMode.KeepAnchor)
    window.editor.setTextCursor(cursor)


def test_the_selection_is_counted_beside_the_document(make_window: WindowFactory,
                                                      qtbot: QtBot) -> None:
    window = make_window(FakeEngine())
    text = "Hello world, again. 你好，世界。"
    counted(qtbot, window, text)
    assert window.counts_label.text().startswith("9 words"), "3 words, 4 字 and 2 marks: Word's way"
    assert not window.goals.selection_label.isVisible()
    select(window, 0, 11)
    qtbot.waitUntil(window.goals.selection_label.isVisible)
    assert window.goals.selection_label.text() == "Selected: 2 words"
    select(window, text.index("你"), len(text))
    qtbot.waitUntil(lambda: window.goals.selection_label.text() == "Selected: 6 words")
    window.preferences.change(window.preferences.settings.replace(
        count_rule=CountRule.WITHOUT_PUNCTUATION))
    assert window.goals.selection_label.text() == "Selected: 4 words"
    assert window.counts_label.text().startswith("7 words")
    select(window, 3, 3)
    qtbot.waitUntil(lambda: not window.goals.selection_label.isVisible())


def test_a_goal_per_document_with_its_progress(make_window: WindowFactory, qtbot: QtBot,
                                               tmp_path: Path, app_home: Path) -> None:
    path = tmp_path / "story.txt"
    path.write_text("one two three four five\n", encoding="utf-8")
    window = make_window(FakeEngine())
    window.documents.open_path(path)
    qtbot.waitUntil(lambda: window.counts_label.text().startswith("5 words"))
    goals = window.goals
    assert not goals.goal_bar.isVisible()
    assert goals.goal_button.text() == "+0 since start"

    def answer() -> None:
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, QInputDialog)
        dialog.setIntValue(20)
        dialog.accept()

    QTimer.singleShot(0, answer)
    goals.action_set_goal.trigger()
    assert goals.goal() == 20
    assert goals.goal_button.text() == "5 / 20 words"
    assert goals.goal_bar.isVisible() and goals.goal_bar.value() == 5
    cursor = window.editor.textCursor()
    cursor.movePosition(QTextCursor.MoveOperation.End)
    cursor.insertText("six seven eight")
    qtbot.waitUntil(lambda: goals.goal_button.text() == "8 / 20 words")
    assert "+3 words since you started" in goals.goal_button.toolTip()
    assert "40%" in goals.goal_button.toolTip()
    stored = json.loads((app_home / "data" / "goals.json").read_text(encoding="utf-8"))
    assert list(stored["goals"].values()) == [20], "kept in the data folder, not the file"
    assert path.read_text(encoding="utf-8") == "one two three four five\n"
    window.documents.new_document()
    qtbot.waitUntil(lambda: not goals.goal_bar.isVisible())
    assert goals.goal() == 0
    window.documents.open_path(path)
    qtbot.waitUntil(goals.goal_bar.isVisible)
    assert goals.goal() == 20


def test_damaged_goals_are_said_when_the_window_opens(make_window: WindowFactory,
                                                     app_home: Path) -> None:
    # They were set aside without a word: the window asked before the file was read.
    goals_file = app_home / "data" / "goals.json"
    goals_file.parent.mkdir(parents=True)
    goals_file.write_text("[" * 100_000, encoding="utf-8")
    window = make_window(FakeEngine())
    status = window.statusBar()
    assert isinstance(status, MessageStatusBar)
    assert "The documents' goals could not be read" in status.full_message
    assert goals_file.with_name("goals.json.damaged").exists()


def test_an_unsaved_document_keeps_its_goal_when_saved(make_window: WindowFactory,
                                                       qtbot: QtBot, tmp_path: Path) -> None:
    window = make_window(FakeEngine())
    counted(qtbot, window, "new words")
    window.goals.set_goal(1000)
    window.documents.name_new(tmp_path / "new.txt")
    assert window.documents.save()
    assert window.goals.goal() == 1000
    window.documents.new_document()
    window.documents.open_path(tmp_path / "new.txt")
    assert window.goals.goal() == 1000


def test_full_screen_toggles(make_window: WindowFactory, qtbot: QtBot) -> None:
    window = make_window(FakeEngine())
    action = window.menu_bar.action_full_screen
    assert QKeySequence("F11") in action.shortcuts()
    action.trigger()
    qtbot.waitUntil(window.isFullScreen)
    assert action.isChecked()
    action.trigger()
    qtbot.waitUntil(lambda: not window.isFullScreen())
    assert not action.isChecked()


def dimmed(window: MainWindow) -> str:
    """The text outside the bright part, as the focus marks cover it."""
    return "".join(mark.cursor.selectedText() for mark in window.editor.marks(Marks.FOCUS))


def test_focus_mode_dims_all_but_the_paragraph_or_sentence(make_window: WindowFactory,
                                                           qtbot: QtBot) -> None:
    window = make_window(FakeEngine())
    text = "First one. Still first.\nSecond here. And more.\nThird."
    window.editor.setPlainText(text)
    window.editor.setTextCursor(window.editor.cursorForPosition(window.editor.rect().center()))
    cursor = window.editor.textCursor()
    cursor.setPosition(text.index("And"))
    window.editor.setTextCursor(cursor)
    window.menu_bar.action_focus_mode.trigger()
    assert window.preferences.settings.focus_mode
    assert dimmed(window) == "First one. Still first.\u2029\u2029Third."
    palette = window.editor.palette()
    faint = window.editor.marks(Marks.FOCUS)[0].format.foreground().color()
    ink, page = palette.color(QPalette.ColorRole.Text), palette.color(QPalette.ColorRole.Base)
    assert min(ink.lightness(), page.lightness()) < faint.lightness() < max(
        ink.lightness(), page.lightness())
    window.menu_bar.focus_unit_actions[FocusUnit.SENTENCE].trigger()
    assert window.preferences.settings.focus_unit is FocusUnit.SENTENCE
    assert dimmed(window) == "First one. Still first.\u2029Second here. \u2029Third."
    cursor.setPosition(text.index("Third"))
    window.editor.setTextCursor(cursor)
    assert dimmed(window).endswith("And more.\u2029")
    window.editor.setPalette(dark_palette())
    dark_faint = window.editor.marks(Marks.FOCUS)[0].format.foreground().color()
    assert dark_faint.lightness() > QColor(dark_palette().color(QPalette.ColorRole.Base)
                                           ).lightness()
    assert dark_faint.lightness() < dark_palette().color(QPalette.ColorRole.Text).lightness()
    window.menu_bar.action_focus_mode.trigger()
    assert window.editor.marks(Marks.FOCUS) == []
    assert not window.preferences.settings.focus_mode


def test_typewriter_scrolling_holds_the_line_at_the_middle(make_window: WindowFactory,
                                                           qtbot: QtBot) -> None:
    window = make_window(FakeEngine())
    editor = window.editor
    editor.setPlainText("\n".join(f"Line {n}" for n in range(300)))
    window.menu_bar.action_typewriter.trigger()
    assert window.preferences.settings.typewriter_scrolling
    line = editor.fontMetrics().lineSpacing()
    middle = editor.viewport().height() / 2

    def centred() -> bool:
        return abs(editor.cursorRect().center().y() - middle) <= line

    for block in (150, 20, 299):
        cursor = QTextCursor(editor.document().findBlockByNumber(block))
        editor.setTextCursor(cursor)
        qtbot.waitUntil(centred)
    qtbot.keyClicks(editor, " and more")
    assert centred(), "the last line, typed in, stays at the middle"
    window.menu_bar.action_typewriter.trigger()
    editor.setTextCursor(QTextCursor(editor.document().findBlockByNumber(0)))
    assert editor.cursorRect().top() < line * 2, "off: the first line stays at the top"


def test_the_readme_key_table_is_true(make_window: WindowFactory) -> None:
    """The Windows and Linux column of the README's key table, against the real menus."""
    window = make_window(FakeEngine())
    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
    table = readme.split("| Action | Windows, Linux | macOS |")[1].split("\n\n")[0]
    rows = {cells[0]: cells[1] for line in table.splitlines()[2:]
            if len(cells := [cell.strip() for cell in line.strip("|").split("|")]) == 3}
    actions = {action.text().replace("&", ""): action
               for action in window.menu_bar.findChildren(QAction)}
    menu = window.menu_bar
    checked = {
        "Find": actions["Find…"], "Replace": actions["Replace…"],
        "Focus Mode on or off": menu.action_focus_mode, "Full Screen": menu.action_full_screen,
    }
    for row, action in checked.items():
        keys = [key.toString() for key in action.shortcuts()]
        assert rows[row].split(" ")[0] in keys, (row, keys)
    next_keys = [key.toString() for key in actions["Find Next"].shortcuts()]
    previous_keys = [key.toString() for key in actions["Find Previous"].shortcuts()]
    assert {"F3", "Ctrl+G"} <= set(next_keys)
    assert {"Shift+F3", "Ctrl+Shift+G"} <= set(previous_keys)
    assert "F3, Shift+F3 (also Ctrl+G, Ctrl+Shift+G)" in rows[
        "Find Next, Find Previous (from the other end after the last)"]
    for row, dock in (("Notes", window.notes.dock), ("Assistant panel", window.assistant.dock),
                      ("History panel", window.history.dock)):
        assert dock.toggleViewAction().shortcut().toString() == rows[row]


def test_focus_typewriter_and_the_count_rule_are_kept_for_the_next_start(
        make_window: WindowFactory, qtbot: QtBot) -> None:
    window = make_window(FakeEngine())
    window.menu_bar.focus_unit_actions[FocusUnit.SENTENCE].trigger()
    window.menu_bar.action_typewriter.trigger()
    dialog = SettingsDialog(window.preferences.settings)
    qtbot.addWidget(dialog)
    dialog.count_rule.setCurrentIndex(
        dialog.count_rule.findData(CountRule.WITHOUT_PUNCTUATION.value))
    window.preferences.change(dialog.result_settings())
    window.close()
    settings, _warning = SettingsStore(AppPaths.default().settings_file).load()
    again = make_window(FakeEngine(), settings)
    assert again.menu_bar.action_focus_mode.isChecked()
    assert again.menu_bar.focus_unit_actions[FocusUnit.SENTENCE].isChecked()
    assert again.view.focus.is_on() and again.view.focus.unit() is FocusUnit.SENTENCE
    assert again.editor.typewriter_scrolling() and again.menu_bar.action_typewriter.isChecked()
    assert settings.count_rule is CountRule.WITHOUT_PUNCTUATION
    assert not again.isFullScreen()
    dialog.restore_defaults()
    assert dialog.result_settings().count_rule is CountRule.WITH_PUNCTUATION
