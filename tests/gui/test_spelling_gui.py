"""Spelling in the window, with Enchant's real en_US and en_GB dictionaries: the red wavy
underline, the context menu's suggestions, Add to Dictionary and Ignore, the language in
Settings, and a window without Enchant."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, Qt, QTimer
from PySide6.QtGui import QAction, QTextCharFormat, QTextCursor
from PySide6.QtWidgets import QApplication, QMenu
from pytestqt.qtbot import QtBot

from writer_app.core.paths import AppPaths
from writer_app.core.settings import Settings, SettingsStore
from writer_app.core.spelling import SPELLING_OFF, Dictionaries
from writer_app.qt.engine_service import EngineService
from writer_app.testing.fake_engine import FakeEngine
from writer_app.ui.common.theme import dark_palette
from writer_app.ui.editor.text_editor import Marks
from writer_app.ui.main_window import MainWindow
from writer_app.ui.settings_dialog import SettingsDialog

from .conftest import WindowFactory

US = Settings(rewrite_drafts=1, spelling_language="en_US")


def _underlined(window: MainWindow) -> list[str]:
    return [selection.cursor.selectedText() for selection in window.editor.marks(Marks.SPELLING)]


def _show(qtbot: QtBot, window: MainWindow, text: str) -> None:
    with qtbot.waitSignal(window.spelling.underlined, timeout=5000):
        window.editor.setPlainText(text)


def _menu_at(window: MainWindow, word: str) -> QMenu:
    """The editor's context menu as a right-click in the middle of ``word`` opens it."""
    editor = window.editor
    cursor = QTextCursor(editor.document())
    cursor.setPosition(editor.toPlainText().index(word) + len(word) // 2)
    point = editor.cursorRect(cursor).center()
    menu = window.assistant.context_menu(point)
    window.spelling.add_to_menu(menu, point)
    return menu


def _action(menu: QMenu, text: str) -> QAction:
    return next(action for action in menu.actions() if action.text() == text)


def test_misspelled_words_get_the_red_wavy_underline(make_window: WindowFactory, fake: FakeEngine,
                                                      qtbot: QtBot) -> None:
    window = make_window(fake, US)
    _show(qtbot, window, "Teh writer didn't recieve the letter.\n中文句子不检查 Englsh.")
    assert _underlined(window) == ["Teh", "recieve", "Englsh"]
    style = window.editor.marks(Marks.SPELLING)[0].format
    assert style.underlineStyle() == QTextCharFormat.UnderlineStyle.SpellCheckUnderline
    assert style.underlineColor().red() > 2 * style.underlineColor().green()


def test_a_suggestion_replaces_the_word_as_one_undo_step(make_window: WindowFactory,
                                                         fake: FakeEngine, qtbot: QtBot) -> None:
    window = make_window(fake, US)
    _show(qtbot, window, "She did not recieve it.")
    menu = _menu_at(window, "recieve")
    texts = [action.text() for action in menu.actions()]
    assert texts[0] == "receive"
    assert texts.index("Add to Dictionary") < texts.index("Ignore") < texts.index(
        window.assistant.action_continue.text())
    with qtbot.waitSignal(window.spelling.underlined, timeout=5000):
        _action(menu, "receive").trigger()
    assert window.editor.toPlainText() == "She did not receive it."
    assert _underlined(window) == []
    window.editor.undo()
    assert window.editor.toPlainText() == "She did not recieve it."


def test_a_word_spelled_right_gets_no_spelling_items(make_window: WindowFactory,
                                                     fake: FakeEngine, qtbot: QtBot) -> None:
    window = make_window(fake, US)
    _show(qtbot, window, "She did not recieve it.")
    texts = [action.text() for action in _menu_at(window, "She").actions()]
    assert "Add to Dictionary" not in texts and "Ignore" not in texts


def test_add_to_dictionary_lasts_into_the_next_window(make_window: WindowFactory,
                                                      fake: FakeEngine, qtbot: QtBot) -> None:
    window = make_window(fake, US)
    _show(qtbot, window, "Zorblax landed.")
    assert _underlined(window) == ["Zorblax"]
    with qtbot.waitSignal(window.spelling.underlined, timeout=5000):
        _action(_menu_at(window, "Zorblax"), "Add to Dictionary").trigger()
    assert _underlined(window) == []
    words = AppPaths.default().personal_words_file
    assert words.read_text(encoding="utf-8") == "Zorblax\n"
    later = make_window(FakeEngine(), US)
    _show(qtbot, later, "Zorblax landed again.")
    assert _underlined(later) == []


def test_ignore_lasts_for_this_window_only(make_window: WindowFactory, fake: FakeEngine,
                                           qtbot: QtBot) -> None:
    window = make_window(fake, US)
    _show(qtbot, window, "Qwertyx and Qwertyx.")
    assert _underlined(window) == ["Qwertyx", "Qwertyx"]
    with qtbot.waitSignal(window.spelling.underlined, timeout=5000):
        _action(_menu_at(window, "Qwertyx"), "Ignore").trigger()
    assert _underlined(window) == []
    assert not AppPaths.default().personal_words_file.exists()
    later = make_window(FakeEngine(), US)
    _show(qtbot, later, "Qwertyx again.")
    assert _underlined(later) == ["Qwertyx"]


def test_the_word_being_typed_waits_until_the_writer_moves_on(
        make_window: WindowFactory, fake: FakeEngine, qtbot: QtBot) -> None:
    window = make_window(fake, US)
    window.editor.setFocus()
    with qtbot.waitSignal(window.spelling.underlined, timeout=5000):
        qtbot.keyClicks(window.editor, "I wrote teh")
    assert _underlined(window) == []
    with qtbot.waitSignal(window.spelling.underlined, timeout=5000):
        qtbot.keyClick(window.editor, Qt.Key.Key_Space)
    assert _underlined(window) == ["teh"]


def test_only_the_blocks_in_view_are_checked_then_the_rest_as_it_scrolls(
        make_window: WindowFactory, fake: FakeEngine, qtbot: QtBot) -> None:
    window = make_window(fake, US)
    _show(qtbot, window, "\n".join(f"Paragraph {n} has a mispeled word." for n in range(3000)))
    shown = window.editor.marks(Marks.SPELLING)
    assert 0 < len(shown) < 200
    assert shown[0].cursor.block().blockNumber() == 0
    bar = window.editor.verticalScrollBar()
    with qtbot.waitSignal(window.spelling.underlined, timeout=5000):
        bar.setValue(bar.maximum())
    blocks = [selection.cursor.block().blockNumber()
              for selection in window.editor.marks(Marks.SPELLING)]
    assert blocks[-1] == 2999 and len(blocks) < 200


def test_the_language_is_chosen_in_settings(make_window: WindowFactory, fake: FakeEngine,
                                            qtbot: QtBot) -> None:
    window = make_window(fake, US)
    _show(qtbot, window, "The colour of the sea.")
    assert _underlined(window) == ["colour"]
    dialog = SettingsDialog(window.preferences.settings, window,
                            dictionaries=window.spelling.checker.dictionaries)
    names = [dialog.spelling.itemText(i) for i in range(dialog.spelling.count())]
    assert "English (United Kingdom)" in names and "English (United States)" in names
    assert dialog.spelling.currentData() == "en_US"
    dialog.spelling.setCurrentIndex(dialog.spelling.findData("en_GB"))
    with qtbot.waitSignal(window.spelling.underlined, timeout=5000):
        window.preferences.change(dialog.result_settings())
    assert _underlined(window) == []
    saved, _warning = SettingsStore(AppPaths.default().settings_file).load()
    assert saved.spelling_language == "en_GB"
    dialog.spelling.setCurrentIndex(dialog.spelling.findData(SPELLING_OFF))
    with qtbot.waitSignal(window.spelling.underlined, timeout=5000):
        window.preferences.change(dialog.result_settings())
    _show(qtbot, window, "Teh colour.")
    assert _underlined(window) == []
    dialog.deleteLater()


def test_a_dictionary_not_installed_is_named_in_settings(make_window: WindowFactory,
                                                        fake: FakeEngine, qtbot: QtBot) -> None:
    window = make_window(fake, Settings(spelling_language="fr_FR"))
    _show(qtbot, window, "Teh mot.")
    assert _underlined(window) == []
    dialog = SettingsDialog(window.preferences.settings, window,
                            dictionaries=window.spelling.checker.dictionaries)
    assert dialog.spelling.currentData() == "fr_FR"
    assert "(not installed)" in dialog.spelling.currentText()
    assert "hunspell-fr-fr" in dialog.spelling_note.text()
    dialog.deleteLater()


def test_without_enchant_settings_say_so_and_the_window_works(
        qtbot: QtBot, app_home: object) -> None:
    problem = ("Spell checking needs the Enchant library, which was not found. Install it "
               "(libenchant-2-2 on Debian and Ubuntu, enchant with Homebrew) and start "
               "writer-app again.")
    paths = AppPaths.default()
    window = MainWindow(EngineService(FakeEngine()), SettingsStore(paths.settings_file), US,
                        paths, dictionaries=Dictionaries(problem))
    qtbot.addWidget(window)
    window.show()
    _show(qtbot, window, "Teh writer recieve.")
    assert _underlined(window) == []
    menu = _menu_at(window, "Teh")
    assert "Add to Dictionary" not in [action.text() for action in menu.actions()]
    dialog = SettingsDialog(window.preferences.settings, window,
                            dictionaries=window.spelling.checker.dictionaries)
    assert dialog.spelling_note.text() == problem
    assert dialog.spelling.count() == 3  # Automatic, Off, and the one the settings name
    dialog.deleteLater()
    window.editor.document().setModified(False)
    window.close()


def test_the_red_stays_readable_on_a_dark_page(make_window: WindowFactory, fake: FakeEngine,
                                                qtbot: QtBot) -> None:
    window = make_window(fake, US)
    _show(qtbot, window, "Teh end.")
    light = window.editor.marks(Marks.SPELLING)[0].format.underlineColor()
    with qtbot.waitSignal(window.spelling.underlined, timeout=5000):
        window.editor.setPalette(dark_palette())
    dark = window.editor.marks(Marks.SPELLING)[0].format.underlineColor()
    assert dark.lightness() > light.lightness()
    assert dark.red() > 2 * dark.green()


# The offscreen platform cannot raise a popup or grab the keyboard for it; it shows it.
@pytest.mark.qt_log_ignore("This plugin does not support (raise|grabbing)")
def test_the_context_menu_opens_at_the_pointer(make_window: WindowFactory, fake: FakeEngine,
                                               qtbot: QtBot) -> None:
    window = make_window(fake, US)
    window.resize(1000, 600)
    _show(qtbot, window, "Recieve it.")
    assert window.editor.viewportMargins().left() > 0  # the readable column's margins
    editor = window.editor
    point = editor.cursorRect(QTextCursor(editor.document())).center()
    opened: list[tuple[QPoint, str]] = []

    def close() -> None:
        popup = QApplication.activePopupWidget()
        if popup is None:
            QTimer.singleShot(10, close)
            return
        popup.close()
        opened.append((popup.pos(), popup.actions()[0].text()))

    QTimer.singleShot(0, close)
    editor.customContextMenuRequested.emit(point)
    assert opened == [(editor.viewport().mapToGlobal(point), "Receive")]
