"""Find and replace in the real window: case, whole words, regular expressions, the count,
the keys, and Replace All as one step of Undo."""

from __future__ import annotations

import re

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QPalette, QTextCursor
from PySide6.QtTest import QTest
from pytestqt.qtbot import QtBot

from tests.gui.conftest import WindowFactory
from writer_app.testing.fake_engine import FakeEngine
from writer_app.ui.common.theme import dark_palette
from writer_app.ui.editor import find_bar
from writer_app.ui.editor.text_editor import Marks
from writer_app.ui.main_window import MainWindow

TEXT = "Rain fell. The rain, the RAIN, the rainbow.\n雨下了，大雨。"


def window_with(make_window: WindowFactory, qtbot: QtBot, text: str = TEXT) -> MainWindow:
    window = make_window(FakeEngine())
    window.editor.setPlainText(text)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    window.editor.setFocus()
    return window


def press(qtbot: QtBot, window: MainWindow, key: Qt.Key,
          modifier: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier) -> None:
    focused = window.focusWidget() or window.editor
    QTest.keyClick(focused, key, modifier)
    qtbot.wait(0)


def selected(window: MainWindow) -> tuple[int, int]:
    cursor = window.editor.textCursor()
    return cursor.selectionStart(), cursor.selectionEnd()


def test_case_whole_words_and_count(make_window: WindowFactory, qtbot: QtBot) -> None:
    window = window_with(make_window, qtbot)
    bar = window.find_bar
    press(qtbot, window, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)  # Ctrl+F
    assert bar.isVisible() and bar.find_field.hasFocus()
    assert not bar.replace_field.isVisible()
    qtbot.keyClicks(bar.find_field, "rain")
    assert bar.match_count() == 4
    assert bar.status() == "1 of 4", "typing selects the first match from the cursor"
    assert window.editor.textCursor().selectedText() == "Rain"
    assert len(window.editor.marks(Marks.FOUND)) == 4, "every match is highlighted"
    bar.match_case.setChecked(True)
    assert bar.match_count() == 2
    bar.whole_words.setChecked(True)
    assert bar.match_count() == 1
    bar.match_case.setChecked(False)
    assert bar.match_count() == 3
    assert len(window.editor.marks(Marks.FOUND)) == 3


def test_whole_words_in_chinese(make_window: WindowFactory, qtbot: QtBot) -> None:
    window = window_with(make_window, qtbot)
    bar = window.find_bar
    bar.open()
    bar.whole_words.setChecked(True)
    bar.find_field.setText("雨")
    assert bar.match_count() == 2
    assert window.editor.textCursor().selectedText() == "雨"


def test_regular_expressions_and_a_bad_one(make_window: WindowFactory, qtbot: QtBot) -> None:
    window = window_with(make_window, qtbot)
    bar = window.find_bar
    bar.open_replace()
    bar.regex.setChecked(True)
    bar.find_field.setText(r"the (\w+)")
    assert bar.match_count() == 3
    bar.find_field.setText(r"the (\w+")
    assert bar.match_count() == 0
    assert bar.error_label.isVisible()
    assert "missing )" in bar.error_label.text() and "character 5" in bar.error_label.text()
    assert window.editor.marks(Marks.FOUND) == []
    bar.find_field.setText(r"the (\w+)")
    assert not bar.error_label.isVisible()
    bar.replace_field.setText(r"a \1")
    assert bar.replace_all() == 3
    assert window.editor.toPlainText().startswith("Rain fell. a rain, a RAIN, a rainbow.")
    bar.replace_field.setText(r"\2")
    bar.find_field.setText("Rain")
    assert bar.replace_all() == 0, "a replacement that cannot be used changes nothing"
    assert "invalid group reference 2" in bar.error_label.text()


def test_replace_uses_the_same_rule_as_find(make_window: WindowFactory, qtbot: QtBot) -> None:
    window = window_with(make_window, qtbot, "Rain and rain and RAIN and rainbow")
    bar = window.find_bar
    press(qtbot, window, Qt.Key.Key_H, Qt.KeyboardModifier.ControlModifier)  # Ctrl+H
    assert bar.replace_field.isVisible()
    bar.whole_words.setChecked(True)
    bar.find_field.setText("rain")
    bar.replace_field.setText("snow")
    assert bar.status() == "1 of 3"
    replaced = [bar.replace_one() for _ in range(4)]
    assert window.editor.toPlainText() == "snow and snow and snow and rainbow"
    assert replaced == [True, True, True, False]
    assert bar.status() == "No matches"


def test_replace_all_is_one_step_of_undo(make_window: WindowFactory, qtbot: QtBot) -> None:
    window = window_with(make_window, qtbot)
    bar = window.find_bar
    bar.open_replace()
    bar.find_field.setText("rain")
    bar.replace_field.setText("snow")
    assert bar.replace_all() == 4
    assert bar.status() == "Replaced 4"
    assert window.editor.toPlainText().count("snow") == 4
    window.editor.undo()
    assert window.editor.toPlainText() == TEXT
    window.editor.redo()
    assert "rain" not in window.editor.toPlainText().lower()


def test_f3_and_shift_f3_go_round(make_window: WindowFactory, qtbot: QtBot) -> None:
    window = window_with(make_window, qtbot)
    bar = window.find_bar
    bar.open()
    bar.find_field.setText("rain")
    starts = [match.start() for match in re.finditer("rain", TEXT, re.IGNORECASE)]
    assert selected(window)[0] == starts[0]
    window.editor.setFocus()
    seen = []
    for _ in range(4):
        press(qtbot, window, Qt.Key.Key_F3)
        seen.append(selected(window)[0])
    assert seen == [*starts[1:], starts[0]], "after the last match, the first"
    assert bar.status() == "1 of 4 — from the top"
    press(qtbot, window, Qt.Key.Key_F3, Qt.KeyboardModifier.ShiftModifier)
    assert selected(window)[0] == starts[-1], "before the first match, the last"
    assert bar.status() == "4 of 4 — from the bottom"
    press(qtbot, window, Qt.Key.Key_F3, Qt.KeyboardModifier.ShiftModifier)
    assert selected(window) == (starts[2], starts[2] + 4)
    assert bar.status() == "3 of 4"


def test_escape_closes_the_bar_and_its_highlights(make_window: WindowFactory,
                                                   qtbot: QtBot) -> None:
    window = window_with(make_window, qtbot)
    bar = window.find_bar
    bar.open()
    bar.find_field.setText("rain")
    assert window.editor.marks(Marks.FOUND)
    # Esc is Stop too, while the assistant writes: in the bar, it closes the bar.
    window.assistant.action_stop.setEnabled(True)
    stopped: list[bool] = []
    window.assistant.action_stop.triggered.connect(lambda: stopped.append(True))
    press(qtbot, window, Qt.Key.Key_Escape)
    assert stopped == []
    assert not bar.isVisible()
    assert window.editor.marks(Marks.FOUND) == []
    assert window.editor.hasFocus()
    assert window.editor.textCursor().selectedText() == "Rain", "the match stays selected"


def test_the_count_follows_edits(make_window: WindowFactory, qtbot: QtBot) -> None:
    window = window_with(make_window, qtbot)
    bar = window.find_bar
    bar.open()
    bar.find_field.setText("rain")
    cursor = window.editor.textCursor()
    cursor.movePosition(cursor.MoveOperation.End)
    cursor.insertText(" More rain.")
    qtbot.waitUntil(lambda: len(window.editor.marks(Marks.FOUND)) == 5)
    assert bar.status() == "1 of 5"
    window.editor.moveCursor(window.editor.textCursor().MoveOperation.End)
    assert bar.status() == "5 matches"


def test_the_highlight_follows_the_palette(make_window: WindowFactory, qtbot: QtBot) -> None:
    window = window_with(make_window, qtbot)
    window.find_bar.open()
    window.find_bar.find_field.setText("rain")
    window.setPalette(dark_palette())
    tint = window.editor.marks(Marks.FOUND)[0].format.background().color()
    page = dark_palette().color(QPalette.ColorRole.Base)
    assert tint.lightness() < 100 and tint.lightness() > page.lightness(), "dark, yet seen"


def test_a_large_document_is_searched_in_slices_and_finds_what_one_search_finds(
        make_window: WindowFactory, qtbot: QtBot) -> None:
    line = "The river was quiet that night.\nRain 雨 fell on the city 😀 all night.\n"
    text = line * (find_bar._SEARCH_AT_ONCE // len(line) + 2000)
    window = window_with(make_window, qtbot, text)
    bar = window.find_bar
    bar.open()
    bar.regex.setChecked(True)
    turns: list[str] = []
    ticker = QTimer()
    ticker.setInterval(0)
    ticker.timeout.connect(lambda: turns.append(bar.status()))
    ticker.start()
    # Across the line break, and so across the edges of the chunks searched one at a time.
    bar.find_field.setText(r"night\.\nrain")
    assert bar.status() == "Searching…"
    qtbot.waitUntil(lambda: bar.status() != "Searching…", timeout=60_000)
    ticker.stop()
    assert turns.count("Searching…") >= 5, "the window answered between the slices"
    expected = [m.span() for m in re.finditer(r"night\.\nrain", text, re.IGNORECASE)]
    assert bar._spans == expected
    assert bar.status() == f"1 of {len(expected):,}", "the first match, once found"
    assert window.editor.textCursor().selectedText() == "night.\u2029Rain"
    last = QTextCursor(window.editor.document())
    last.setPosition(bar._found[-1][0])
    last.setPosition(bar._found[-1][1], QTextCursor.MoveMode.KeepAnchor)
    assert last.selectedText() == "night.\u2029Rain", "positions hold past the emoji"


def test_a_bad_pattern_is_explained_in_chinese(make_window: WindowFactory, qtbot: QtBot,
                                               chinese: None) -> None:
    window = window_with(make_window, qtbot)
    bar = window.find_bar
    bar.open()
    bar.regex.setChecked(True)
    bar.find_field.setText("雨(")
    assert bar.error_label.text() == "不是有效的正则表达式（第 2 个字符处）：缺少 )，括号没有闭合。"
    bar.find_field.setText("雨")
    assert bar.status() == "第 1 处，共 2 处"
