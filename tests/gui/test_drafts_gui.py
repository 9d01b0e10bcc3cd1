"""Several drafts in the assistant panel, and word alternatives after a Continue."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QAction
from PySide6.QtTest import QTest
from pytestqt.qtbot import QtBot

from tests.gui.conftest import idle
from tests.gui.test_window import select, set_text
from writer_app.core.requests import RewriteStyle
from writer_app.core.settings import Settings
from writer_app.testing.fake_engine import DEFAULT_CHUNKS, OTHER_DRAFTS, FakeEngine
from writer_app.ui.main_window import MainWindow
from writer_app.ui.settings_dialog import SettingsDialog

FIRST = "".join(DEFAULT_CHUNKS)
SECOND = "".join(OTHER_DRAFTS[0])
THIRD = "".join(OTHER_DRAFTS[1])


def use_drafts(window: MainWindow, *, continue_drafts: int = 1, rewrite_drafts: int = 1,
               record_alternatives: bool = False) -> None:
    window.preferences.change(window.preferences.settings.replace(
        continue_drafts=continue_drafts, rewrite_drafts=rewrite_drafts,
        record_alternatives=record_alternatives))


def continue_from_start(qtbot: QtBot, window: MainWindow, *, continue_drafts: int = 1,
                        record_alternatives: bool = False) -> None:
    """A Continue after "Start. " with these settings, run to its end."""
    use_drafts(window, continue_drafts=continue_drafts,
               record_alternatives=record_alternatives)
    set_text(window, "Start. ")
    window.assistant.continue_writing()
    idle(qtbot, window)


def rewrite_in_drafts(qtbot: QtBot, window: MainWindow, drafts: int) -> None:
    """A casual rewrite of a one-sentence document, in ``drafts`` drafts, run to its end."""
    use_drafts(window, rewrite_drafts=drafts)
    set_text(window, "It rained all day.")
    select(window, 0, len("It rained all day."))
    window.assistant.rewrite(style=RewriteStyle.CASUAL)
    idle(qtbot, window)


def click_draft(qtbot: QtBot, window: MainWindow, index: int) -> None:
    view = window.assistant.continue_panel.drafts.view(index)
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton)


def test_continue_drafts_stream_into_the_panel_and_the_chosen_one_is_one_undo_step(
        qtbot: QtBot, fake_window: MainWindow, fake: FakeEngine) -> None:
    continue_from_start(qtbot, fake_window, continue_drafts=3)
    panel = fake_window.assistant.continue_panel
    assert fake_window.assistant.dock.isVisible()
    assert panel.drafts.texts() == (FIRST, SECOND, THIRD)
    assert fake_window.editor.toPlainText() == "Start. ", "drafts never stream into the text"
    assert fake.requests[-1].drafts == 3
    click_draft(qtbot, fake_window, 1)
    assert fake_window.editor.toPlainText() == "Start. " + SECOND
    assert not fake_window.assistant.dock.isVisible()
    fake_window.editor.undo()
    assert fake_window.editor.toPlainText() == "Start. "


def test_alt_number_picks_a_rewrite_draft_into_the_review(
        qtbot: QtBot, fake_window: MainWindow, fake: FakeEngine) -> None:
    rewrite_in_drafts(qtbot, fake_window, 3)
    panel = fake_window.assistant.rewrite_panel
    assert panel.drafts.texts() == (FIRST, SECOND, THIRD)
    assert not panel.accept_button.isEnabled(), "nothing to accept before a draft is chosen"
    fake_window.editor.setFocus()
    QTest.keyClick(fake_window.editor, Qt.Key.Key_3, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(lambda: panel.text == THIRD)
    assert panel.accept_button.isEnabled()
    assert "spoke" in panel.view.toPlainText()
    panel.accept_button.click()
    assert fake_window.editor.toPlainText() == THIRD


def test_each_draft_shows_its_length_and_warnings_before_one_is_chosen(
        qtbot: QtBot, fake_window: MainWindow, fake: FakeEngine) -> None:
    fake.other_drafts = [["The rain."], ["Rain fell on the town all day long, from the first "
                                         "light until the lamps came on in the square."]]
    use_drafts(fake_window, rewrite_drafts=3)
    set_text(fake_window, "It rained all day long over the whole town.")
    select(fake_window, 0, len("It rained all day long over the whole town."))
    fake_window.assistant.rewrite(style=RewriteStyle.SHORTER)
    idle(qtbot, fake_window)
    drafts = fake_window.assistant.rewrite_panel.drafts
    assert drafts.lengths() == ("9 → 8 words", "9 → 2 words", "9 → 20 words")
    assert drafts.warnings(0) == ""
    assert "not shorter" in drafts.warnings(2)
    # The drafts share the dock's height instead of scrolling in small boxes.
    qtbot.waitUntil(lambda: drafts.view(0).height() > drafts.view(0).minimumHeight())


def test_more_drafts_adds_drafts_after_the_ones_shown(
        qtbot: QtBot, fake_window: MainWindow, fake: FakeEngine) -> None:
    rewrite_in_drafts(qtbot, fake_window, 2)
    panel = fake_window.assistant.rewrite_panel
    panel.choose(1)
    panel.more_button.click()
    idle(qtbot, fake_window)
    assert panel.drafts.texts() == (FIRST, SECOND, FIRST, SECOND)
    assert len(fake.requests) == 2 and fake.requests[-1].drafts == 2
    assert panel.text == SECOND, "the chosen draft stays chosen"
    panel.choose(3)
    assert panel.text == SECOND and panel.accept_button.isEnabled()


def test_more_drafts_show_their_boxes_at_once_and_stop_keeps_what_they_wrote(
        qtbot: QtBot, fake_window: MainWindow, fake: FakeEngine) -> None:
    continue_from_start(qtbot, fake_window, continue_drafts=3)
    panel = fake_window.assistant.continue_panel
    fake.hold()
    panel.more_button.click()
    assert len(panel.drafts) == 6, "the new drafts' boxes are there before their first word"
    qtbot.waitUntil(lambda: all(panel.drafts.view(index).toPlainText() for index in (3, 4, 5)))
    panel.stop_button.click()
    fake.release()
    idle(qtbot, fake_window)
    texts = panel.drafts.texts()
    assert texts[:3] == (FIRST, SECOND, THIRD) and all(texts[3:]) and len(texts) == 6


def test_retry_keeps_the_earlier_drafts_reachable(
        qtbot: QtBot, fake_window: MainWindow, fake: FakeEngine) -> None:
    rewrite_in_drafts(qtbot, fake_window, 2)
    panel = fake_window.assistant.rewrite_panel
    panel.choose(1)
    fake.chunks = ["Sun ", "at last."]
    panel.retry_button.click()
    idle(qtbot, fake_window)
    assert panel.drafts.texts() == ("Sun at last.", SECOND)
    assert panel.position_label.text() == "2 of 2"
    panel.back_button.click()
    assert panel.drafts.texts() == (FIRST, SECOND) and panel.text == SECOND


def alternatives_menu_at(qtbot: QtBot, window: MainWindow, position: int) -> list[QAction]:
    cursor = window.editor.textCursor()
    cursor.setPosition(position)
    point = window.editor.cursorRect(cursor).center() + QPoint(2, 0)
    qtbot.mouseClick(window.editor.viewport(), Qt.MouseButton.LeftButton,
                     Qt.KeyboardModifier.AltModifier, point)
    menu = window.assistant.alternatives.menu
    qtbot.waitUntil(menu.isVisible)
    return menu.actions()


# A popup menu asks the platform to raise it and grab the keyboard; offscreen says it cannot.
@pytest.mark.qt_log_ignore("This plugin does not support (raise|grabbing)")
def test_a_word_alternative_replaces_exactly_that_word_in_one_undo_step(
        qtbot: QtBot, fake_window: MainWindow, fake: FakeEngine) -> None:
    continue_from_start(qtbot, fake_window, record_alternatives=True)
    assert fake.requests[-1].alternatives == 5
    written = "Start. " + FIRST
    assert fake_window.editor.toPlainText() == written
    actions = alternatives_menu_at(qtbot, fake_window, written.index("kept") + 1)
    assert actions[0].text().startswith("the")
    assert "%" in actions[0].text()
    actions[1].trigger()
    changed = "Start. The rain a over the quiet city."
    assert fake_window.editor.toPlainText() == changed
    fake_window.assistant.alternatives.menu.hide()
    actions = alternatives_menu_at(qtbot, fake_window, changed.index("quiet") + 1)
    actions[0].trigger()
    assert fake_window.editor.toPlainText() == "Start. The rain a over the the "
    fake_window.editor.undo()
    assert fake_window.editor.toPlainText() == changed
    fake_window.editor.undo()
    assert fake_window.editor.toPlainText() == written


@pytest.mark.qt_log_ignore("This plugin does not support (raise|grabbing)")
def test_after_undoing_a_swap_the_word_offers_its_alternatives_again(
        qtbot: QtBot, fake_window: MainWindow, fake: FakeEngine) -> None:
    continue_from_start(qtbot, fake_window, record_alternatives=True)
    written = "Start. " + FIRST
    alternatives_menu_at(qtbot, fake_window, written.index("kept") + 1)[1].trigger()
    fake_window.assistant.alternatives.menu.hide()
    fake_window.editor.undo()
    assert fake_window.editor.toPlainText() == written
    actions = alternatives_menu_at(qtbot, fake_window, written.index("kept") + 1)
    assert actions[0].text().startswith("the")
    fake_window.assistant.alternatives.menu.hide()
    # The words after it are found where they are again, too.
    actions = alternatives_menu_at(qtbot, fake_window, written.index("falling") + 1)
    assert actions and "%" in actions[0].text()
    fake_window.assistant.alternatives.menu.hide()
    fake_window.editor.redo()
    changed = "Start. The rain a over the quiet city."
    assert fake_window.editor.toPlainText() == changed
    actions = alternatives_menu_at(qtbot, fake_window, changed.index("quiet") + 1)
    assert actions and "%" in actions[0].text()


def test_with_alternatives_off_nothing_is_recorded(
        qtbot: QtBot, fake_window: MainWindow, fake: FakeEngine) -> None:
    set_text(fake_window, "Start. ")
    fake_window.assistant.continue_writing()
    idle(qtbot, fake_window)
    assert fake.requests[-1].alternatives == 0
    assert fake_window.assistant.alternatives.recorded is None
    cursor = fake_window.editor.textCursor()
    cursor.setPosition(len("Start. The r"))
    point = fake_window.editor.cursorRect(cursor).center()
    qtbot.mouseClick(fake_window.editor.viewport(), Qt.MouseButton.LeftButton,
                     Qt.KeyboardModifier.AltModifier, point)
    assert not fake_window.assistant.alternatives.menu.isVisible()


def test_the_settings_dialog_keeps_the_drafts_and_alternatives_settings(qtbot: QtBot) -> None:
    settings = Settings(continue_drafts=2, rewrite_drafts=4, record_alternatives=True)
    dialog = SettingsDialog(settings)
    qtbot.addWidget(dialog)
    kept = dialog.result_settings()
    assert (kept.continue_drafts, kept.rewrite_drafts, kept.record_alternatives) == (2, 4, True)
    dialog.restore_defaults()
    reset = dialog.result_settings()
    assert (reset.continue_drafts, reset.rewrite_drafts, reset.record_alternatives) == (
        1, 3, False)


@pytest.mark.qt_log_ignore("This plugin does not support (raise|grabbing)")
def test_write_on_from_here_keeps_the_word_and_writes_the_rest_again(
        qtbot: QtBot, fake_window: MainWindow, fake: FakeEngine) -> None:
    continue_from_start(qtbot, fake_window, record_alternatives=True)
    written = "Start. " + FIRST
    actions = alternatives_menu_at(qtbot, fake_window, written.index("kept") + 1)
    fake.chunks = ["and ", "then ", "stopped."]
    actions[-1].trigger()
    idle(qtbot, fake_window)
    assert fake_window.editor.toPlainText() == "Start. The rain kept falling and then stopped."
    assert len(fake.requests) == 2
