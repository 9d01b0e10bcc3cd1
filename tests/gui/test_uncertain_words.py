"""The faint underline under a continuation's uncertain words."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QTextCursor
from pytestqt.qtbot import QtBot

from tests.gui.conftest import idle
from tests.gui.test_drafts_gui import click_draft, use_drafts
from tests.gui.test_window import set_text
from writer_app.core.settings import Settings
from writer_app.testing.fake_engine import DEFAULT_CHUNKS, FakeEngine
from writer_app.ui.assistant.uncertain_words import underline_colour
from writer_app.ui.common.theme import dark_palette
from writer_app.ui.editor.text_editor import Marks
from writer_app.ui.main_window import MainWindow
from writer_app.ui.settings_dialog import SettingsDialog

WRITTEN = "Start. " + "".join(DEFAULT_CHUNKS)


def underlined(window: MainWindow) -> list[str]:
    return [selection.cursor.selectedText() for selection in window.editor.marks(Marks.UNCERTAIN)]


def continue_with_doubts(qtbot: QtBot, window: MainWindow, fake: FakeEngine) -> None:
    fake.probabilities = {"kept falling ": 0.05, "quiet city.": 0.08}
    set_text(window, "Start. ")
    window.assistant.continue_writing()
    idle(qtbot, window)


def test_off_asks_for_no_probabilities_and_draws_nothing(
        qtbot: QtBot, fake_window: MainWindow, fake: FakeEngine) -> None:
    assert not fake_window.uncertain_words.action.isChecked()
    continue_with_doubts(qtbot, fake_window, fake)
    assert fake.requests[-1].alternatives == 0
    assert fake_window.editor.marks(Marks.UNCERTAIN) == []


def test_on_underlines_the_uncertain_words_and_leaves_the_text_and_undo_alone(
        qtbot: QtBot, fake_window: MainWindow, fake: FakeEngine) -> None:
    fake_window.uncertain_words.action.trigger()
    assert fake_window.preferences.settings.underline_uncertain
    continue_with_doubts(qtbot, fake_window, fake)
    assert fake.requests[-1].alternatives > 0
    assert underlined(fake_window) == ["kept falling", "quiet city"]
    first = fake_window.editor.marks(Marks.UNCERTAIN)[0]
    assert first.format.underlineStyle() != first.format.UnderlineStyle.NoUnderline
    assert fake_window.editor.toPlainText() == WRITTEN
    fake_window.editor.undo()
    assert fake_window.editor.toPlainText() == "Start. "
    assert underlined(fake_window) == []
    fake_window.editor.redo()
    fake_window.uncertain_words.action.trigger()
    assert fake_window.editor.marks(Marks.UNCERTAIN) == []
    assert not fake_window.preferences.settings.underline_uncertain


def test_the_marks_follow_edits_and_an_edit_inside_a_word_drops_its_mark(
        qtbot: QtBot, fake_window: MainWindow, fake: FakeEngine) -> None:
    fake_window.uncertain_words.action.trigger()
    continue_with_doubts(qtbot, fake_window, fake)
    cursor = fake_window.editor.textCursor()
    cursor.setPosition(0)
    fake_window.editor.setTextCursor(cursor)
    qtbot.keyClicks(fake_window.editor, "Once. ")
    assert underlined(fake_window) == ["kept falling", "quiet city"]
    cursor.setPosition(len("Once. Start. The rain ke"))
    fake_window.editor.setTextCursor(cursor)
    qtbot.keyClick(fake_window.editor, Qt.Key.Key_X)
    assert fake_window.editor.toPlainText().startswith("Once. Start. The rain kexpt")
    assert underlined(fake_window) == ["quiet city"]


def test_a_chosen_draft_is_underlined_too(
        qtbot: QtBot, fake_window: MainWindow, fake: FakeEngine) -> None:
    use_drafts(fake_window, continue_drafts=3)
    fake_window.uncertain_words.action.trigger()
    fake.probabilities = {"rose ": 0.02}
    set_text(fake_window, "Start. ")
    fake_window.assistant.continue_writing()
    idle(qtbot, fake_window)
    assert fake_window.editor.marks(Marks.UNCERTAIN) == []
    click_draft(qtbot, fake_window, 1)
    assert underlined(fake_window) == ["rose"]


def test_the_setting_is_kept_and_the_colour_follows_the_theme(qtbot: QtBot) -> None:
    dialog = SettingsDialog(Settings(underline_uncertain=True))
    qtbot.addWidget(dialog)
    assert dialog.result_settings().underline_uncertain
    dialog.restore_defaults()
    assert not dialog.result_settings().underline_uncertain
    light, dark = underline_colour(dialog.palette()), underline_colour(dark_palette())
    assert dark.lightness() < light.lightness()


def test_a_suggestion_shown_and_taken_away_leaves_the_marks(
        qtbot: QtBot, fake_window: MainWindow, fake: FakeEngine) -> None:
    fake_window.uncertain_words.action.trigger()
    continue_with_doubts(qtbot, fake_window, fake)
    fake_window.editor.moveCursor(QTextCursor.MoveOperation.End)
    assert fake_window.editor.show_ghost_text(" The end.")
    assert underlined(fake_window) == ["kept falling", "quiet city"]
    fake_window.editor.dismiss_ghost_text()
    assert underlined(fake_window) == ["kept falling", "quiet city"]
