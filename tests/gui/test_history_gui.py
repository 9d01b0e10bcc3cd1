"""The history of generations, driven through the window with the fake engine."""

from __future__ import annotations

import json
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLocale, QPoint
from PySide6.QtGui import QGuiApplication
from pytestqt.qtbot import QtBot

from tests.gui.conftest import WindowFactory, idle
from tests.gui.test_drafts_gui import (
    FIRST,
    SECOND,
    THIRD,
    click_draft,
    continue_from_start,
    rewrite_in_drafts,
)
from tests.gui.test_window import AI_TEXT, select, set_text
from writer_app.core.documents.history import HistoryEntry, key_for_path
from writer_app.core.paths import AppPaths
from writer_app.core.requests import RewriteStyle
from writer_app.testing.fake_engine import FakeEngine
from writer_app.ui.assistant.history_panel import SHOWN_CHARACTERS, HistoryPanel
from writer_app.ui.main_window import MainWindow

REWRITTEN = "A calmer night."


def _rewrite(qtbot: QtBot, window: MainWindow, fake: FakeEngine) -> None:
    fake.chunks = [REWRITTEN]
    set_text(window, "The night was loud. It ended.")
    select(window, 0, len("The night was loud."))
    window.assistant.rewrite(style=RewriteStyle.CASUAL)
    qtbot.waitUntil(window.assistant.rewrite_panel.accept_button.isEnabled)


def test_history_survives_a_restart_and_follows_the_document_when_saved(
        qtbot: QtBot, make_window: WindowFactory, fake_window: MainWindow, fake: FakeEngine,
        tmp_path: Path) -> None:
    set_text(fake_window, "Once upon a time.")
    fake_window.assistant.continue_writing()
    idle(qtbot, fake_window)
    _rewrite(qtbot, fake_window, fake)
    fake_window.assistant.rewrite_panel.accept_button.click()
    path = tmp_path / "story.txt"
    assert fake_window.documents.save_with_encoding("utf-8", path)
    fake_window.close()

    window = make_window(FakeEngine())
    assert window.history.entries() == []
    assert window.documents.open_path(path)
    entries = window.history.entries()
    assert [(entry.action, entry.text, entry.used) for entry in entries] == [
        ("rewrite", REWRITTEN, True), ("continue", AI_TEXT, True)]
    assert entries[0].label == RewriteStyle.CASUAL.label
    assert entries[0].passage == "The night was loud."
    assert window.history.panel.list.count() == 2
    assert sorted(p.name for p in tmp_path.iterdir()) == ["home", "story.txt"], \
        "nothing was written beside the writer's file"
    assert list(AppPaths.default().history_dir.glob("*.json"))


def test_clear_forgets_this_document_and_clear_all_every_document(
        qtbot: QtBot, fake_window: MainWindow, fake: FakeEngine) -> None:
    _rewrite(qtbot, fake_window, fake)
    assert len(fake_window.history.entries()) == 1
    assert not fake_window.history.entries()[0].used, "not accepted yet"
    fake_window.history.panel.clear_button.click()
    assert fake_window.history.entries() == []
    assert fake_window.history.panel.list.count() == 0
    assert not fake_window.history.panel.clear_button.isEnabled()
    fake_window.assistant.continue_writing()
    idle(qtbot, fake_window)
    fake_window.history.clear_all()
    assert fake_window.history.entries() == []
    assert not list(AppPaths.default().history_dir.glob("*.json"))


def test_an_earlier_result_is_inserted_again_copied_and_compared(
        qtbot: QtBot, fake_window: MainWindow, fake: FakeEngine) -> None:
    _rewrite(qtbot, fake_window, fake)
    fake_window.assistant.rewrite_panel.reject_button.click()
    panel = fake_window.history.panel
    assert panel.current() is not None and panel.current().text == REWRITTEN

    select(fake_window, 0, len("The night was loud."))
    panel.compare_button.click()
    compared = panel.view.toPlainText()
    assert "loud" in compared and "calmer" in compared

    panel.copy_button.click()
    assert QGuiApplication.clipboard().text() == REWRITTEN

    panel.insert_button.click()
    assert fake_window.editor.toPlainText() == REWRITTEN + " It ended."
    assert fake_window.history.entries()[0].used
    fake_window.editor.undo()
    assert fake_window.editor.toPlainText() == "The night was loud. It ended."


def test_a_new_result_is_chosen_and_insert_again_keeps_the_choice(
        qtbot: QtBot, fake_window: MainWindow, fake: FakeEngine) -> None:
    _rewrite(qtbot, fake_window, fake)
    fake_window.assistant.rewrite_panel.reject_button.click()
    fake.chunks = [" More."]
    fake_window.assistant.continue_writing()
    idle(qtbot, fake_window)
    panel = fake_window.history.panel
    assert panel.current() is not None and panel.current().text == " More."
    panel.list.setCurrentRow(1)
    panel.insert_button.click()
    assert panel.current() is not None and panel.current().text == REWRITTEN
    assert [entry.used for entry in fake_window.history.entries()] == [True, True]


def test_every_draft_is_kept_and_any_of_them_is_inserted_copied_or_compared(
        qtbot: QtBot, fake_window: MainWindow, fake: FakeEngine) -> None:
    continue_from_start(qtbot, fake_window, continue_drafts=3)
    click_draft(qtbot, fake_window, 1)
    entry = fake_window.history.entries()[0]
    assert (entry.drafts, entry.used_draft) == ((FIRST, SECOND, THIRD), 1)
    panel = fake_window.history.panel
    assert panel.drafts_bar.count() == 3 and panel.current_draft() == 1
    assert "3 drafts" in panel.list.item(0).text()
    assert panel.view.toPlainText() == SECOND

    panel.show_draft(2)
    assert panel.view.toPlainText() == THIRD
    panel.copy_button.click()
    assert QGuiApplication.clipboard().text() == THIRD
    panel.compare_button.click()
    assert "Nobody" in panel.view.toPlainText()
    cursor = fake_window.editor.textCursor()
    cursor.setPosition(len("Start. "))
    fake_window.editor.setTextCursor(cursor)
    panel.insert_button.click()
    assert fake_window.editor.toPlainText() == "Start. " + THIRD + SECOND
    assert fake_window.history.entries()[0].used_draft == 2
    assert panel.current_draft() == 2


def test_insert_again_joins_like_a_continue_and_records_every_insertion(
        qtbot: QtBot, fake_window: MainWindow, fake: FakeEngine) -> None:
    continue_from_start(qtbot, fake_window, continue_drafts=3)
    click_draft(qtbot, fake_window, 0)
    panel = fake_window.history.panel
    panel.show_draft(2)
    panel.insert_button.click()
    assert fake_window.editor.toPlainText() == "Start. " + FIRST + " " + THIRD
    tabs = lambda: [panel.drafts_bar.tabText(i)  # noqa: E731
                    for i in range(panel.drafts_bar.count())]
    assert "inserted" in tabs()[0] and "inserted" not in tabs()[1] and "inserted" in tabs()[2]
    fake_window.editor.undo()
    assert fake_window.editor.toPlainText() == "Start. " + FIRST
    entry = fake_window.history.entries()[0]
    assert [insertion.draft for insertion in entry.insertions] == [0]
    assert "inserted" in tabs()[0] and "inserted" not in tabs()[2]
    assert "inserted" in panel.list.item(0).text() and "used" not in panel.list.item(0).text()
    fake_window.editor.redo()
    entry = fake_window.history.entries()[0]
    assert [insertion.draft for insertion in entry.insertions] == [0, 2]
    assert "inserted" in tabs()[2]


def test_an_insertion_undone_no_longer_says_inserted_until_it_is_redone(
        qtbot: QtBot, fake_window: MainWindow, fake: FakeEngine) -> None:
    _rewrite(qtbot, fake_window, fake)
    fake_window.assistant.rewrite_panel.accept_button.click()
    panel = fake_window.history.panel
    assert "inserted" in panel.list.item(0).text()
    fake_window.editor.undo()
    assert fake_window.editor.toPlainText() == "The night was loud. It ended."
    assert "inserted" not in panel.list.item(0).text()
    assert not fake_window.history.entries()[0].used, "the store says so too"
    fake_window.editor.redo()
    assert fake_window.editor.toPlainText() == REWRITTEN + " It ended."
    assert "inserted" in panel.list.item(0).text()
    assert fake_window.history.entries()[0].used

    # A Continue went in as it came: undone, it is no longer in; an edit made after the
    # Undo drops the Redo, and the result stays not inserted however long the text grows.
    fake.chunks = [" More came."]
    fake_window.assistant.continue_writing()
    idle(qtbot, fake_window)
    assert "inserted" in panel.list.item(0).text()
    fake_window.editor.undo()
    assert "inserted" not in panel.list.item(0).text()
    assert "inserted" in panel.list.item(1).text(), "the rewrite before it is still in"
    qtbot.keyClicks(fake_window.editor, " Mine, and a good deal more of it.")
    assert not fake_window.editor.document().isRedoAvailable()
    assert "inserted" not in panel.list.item(0).text()
    assert "inserted" in panel.list.item(1).text()


def test_another_text_in_the_editor_leaves_what_went_in_before_as_it_was(
        qtbot: QtBot, fake_window: MainWindow, fake: FakeEngine, tmp_path: Path) -> None:
    _rewrite(qtbot, fake_window, fake)
    fake_window.assistant.rewrite_panel.accept_button.click()
    path = tmp_path / "story.txt"
    assert fake_window.documents.save_with_encoding("utf-8", path)
    fake_window.documents.new_document()
    assert fake_window.documents.open_path(path)
    assert fake_window.history.entries()[0].used
    assert "inserted" in fake_window.history.panel.list.item(0).text()


def test_a_rewrite_style_is_named_in_the_interface_s_language(
        qtbot: QtBot, chinese: None, fake_window: MainWindow, fake: FakeEngine) -> None:
    _rewrite(qtbot, fake_window, fake)
    assert fake_window.history.entries()[0].label == "More casual"
    assert fake_window.history.panel.list.item(0).text().startswith("改写：更口语 · ")


def test_more_drafts_are_kept_with_the_result_they_add_to(
        qtbot: QtBot, fake_window: MainWindow, fake: FakeEngine) -> None:
    rewrite_in_drafts(qtbot, fake_window, 2)
    fake_window.assistant.rewrite_panel.more_button.click()
    idle(qtbot, fake_window)
    assert [entry.drafts for entry in fake_window.history.entries()] == [
        (FIRST, SECOND, FIRST, SECOND)]


def test_a_continue_shows_the_end_of_the_passage_it_went_on_from(
        qtbot: QtBot, fake_window: MainWindow) -> None:
    set_text(fake_window, "It began at the harbour. " * 8 + "Then the rain came.")
    fake_window.assistant.continue_writing()
    idle(qtbot, fake_window)
    shown = fake_window.history.panel.passage_label.text()
    assert shown.endswith("Then the rain came.") and "…" in shown


def test_a_history_from_a_later_version_is_shown_said_once_and_kept(
        qtbot: QtBot, fake_window: MainWindow, fake: FakeEngine, tmp_path: Path) -> None:
    path = tmp_path / "story.txt"
    path.write_text("The night was loud.", encoding="utf-8")
    folder = AppPaths.default().history_dir
    folder.mkdir(parents=True)
    stored = folder / f"{key_for_path(path)}.json"
    stored.write_text(json.dumps({"version": 99, "entries": [{
        "action": "rewrite", "label": "", "passage": "p", "drafts": ["From later."],
        "created": 1e20, "id": "later"}]}), encoding="utf-8")
    before = stored.read_bytes()
    window = fake_window
    assert window.documents.open_path(path)
    assert window.history.panel.list.count() == 1  # drawn, its time unknown
    assert "later version" in window.statusBar().currentMessage()
    window.statusBar().clearMessage()
    _rewrite(qtbot, window, fake)
    assert stored.read_bytes() == before
    assert "later version" not in window.statusBar().currentMessage()


def test_a_huge_draft_is_shown_cut_until_the_writer_asks_for_all_of_it(qtbot: QtBot) -> None:
    # Laying out 200,000 characters without a space took Qt 20 seconds, on the GUI thread.
    panel = HistoryPanel()
    qtbot.addWidget(panel)
    draft = "x" * 200_000
    panel.show_entries([HistoryEntry("continue", "", "The passage.", (draft,))])
    assert len(panel.view.toPlainText()) == SHOWN_CHARACTERS + 1
    assert panel.show_all_button.isVisibleTo(panel)
    assert panel.show_all_button.text() == (
        f"Show All ({QLocale().toString(200_000)} characters)")
    panel.show_all_button.click()
    assert panel.view.toPlainText() == draft
    assert not panel.show_all_button.isVisibleTo(panel)
    panel.show_entries([HistoryEntry("continue", "", "The passage.", ("A short draft.",))])
    assert panel.view.toPlainText() == "A short draft."
    assert not panel.show_all_button.isVisibleTo(panel)


def test_the_dock_keeps_its_width_whichever_result_is_chosen(
        qtbot: QtBot, fake_window: MainWindow, fake: FakeEngine) -> None:
    # A result of one draft, then one of three, two of them inserted: their tabs say so.
    _rewrite(qtbot, fake_window, fake)
    fake_window.assistant.rewrite_panel.reject_button.click()
    continue_from_start(qtbot, fake_window, continue_drafts=3)
    click_draft(qtbot, fake_window, 0)
    panel = fake_window.history.panel
    panel.show_draft(2)
    panel.insert_button.click()
    fake_window.assistant.dock.hide()
    dock = fake_window.history.dock
    panel.list.setCurrentRow(1)
    dock.show()
    QCoreApplication.sendPostedEvents()
    assert panel.list.count() == 2 and not panel.drafts_bar.isVisible()
    width, compare = dock.width(), panel.compare_button.mapTo(fake_window, QPoint(0, 0))
    for row in (0, 1, 0):
        panel.list.setCurrentRow(row)
        QCoreApplication.sendPostedEvents()
        assert panel.drafts_bar.isVisible() == (row == 0)
        assert dock.width() == width
        assert panel.compare_button.mapTo(fake_window, QPoint(0, 0)) == compare
    assert panel.drafts_bar.tabText(2) == "Draft 3 · inserted"
    assert panel.drafts_bar.tabToolTip(2).startswith("Inserted ")
