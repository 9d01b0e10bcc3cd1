"""The Notes pane, driven through the window with the fake engine."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from pytestqt.qtbot import QtBot

from tests.gui.conftest import WindowFactory, idle
from tests.gui.test_compose_dialog import SECTION, _dialog
from tests.gui.test_window import set_text
from tests.unit.test_prompts import CHAT, char_tokens, text_of
from writer_app.core.documents.history import key_for_path
from writer_app.core.paths import AppPaths
from writer_app.core.writing.prompts import build_prompt
from writer_app.testing.fake_engine import FakeEngine
from writer_app.ui.main_window import MainWindow

NOTES = "Mara is the ferry pilot. Never call her Mary."
STORY = "The ferry left at dawn."


def _type_notes(qtbot: QtBot, window: MainWindow, text: str) -> None:
    window.notes.dock.toggleViewAction().trigger()
    qtbot.waitUntil(window.notes.dock.isVisible)
    window.notes.panel.editor.setFocus()
    qtbot.keyClicks(window.notes.panel.editor, text)


def _notes_files() -> list[Path]:
    return sorted(AppPaths.default().notes_dir.glob("*.json"))


def test_notes_typed_in_the_pane_reach_the_next_request_s_prompt(
        qtbot: QtBot, fake_window: MainWindow, fake: FakeEngine) -> None:
    set_text(fake_window, STORY)
    _type_notes(qtbot, fake_window, NOTES)
    fake_window.assistant.continue_writing()
    idle(qtbot, fake_window)
    request = fake.requests[-1]
    assert request.notes == NOTES
    full = text_of(build_prompt(request, CHAT, char_tokens, 4096))
    assert full.index(NOTES) < full.index(STORY)
    # The pane says what the notes cost, against the loaded model's context.
    budget = fake_window.notes.panel.budget_label
    n_ctx = fake_window.service.model.n_ctx  # type: ignore[union-attr]
    assert budget.text().startswith("Notes: about ")
    assert budget.text().endswith(f"{round(100 * 11 / n_ctx)}% of the context.")
    assert budget.styleSheet() == ""
    fake_window.notes.panel.editor.setPlainText(NOTES + " Word." * (n_ctx // 4))
    assert "color" in budget.styleSheet(), "past a quarter of the context: a warning colour"
    # Saved when typing pauses, without closing anything.
    qtbot.waitUntil(lambda: len(_notes_files()) == 1, timeout=10_000)


def test_notes_survive_closing_and_reopening_the_window(
        qtbot: QtBot, make_window: WindowFactory, fake_window: MainWindow,
        tmp_path: Path) -> None:
    path = tmp_path / "story.txt"
    set_text(fake_window, STORY)
    assert fake_window.documents.save_with_encoding("utf-8", path)
    _type_notes(qtbot, fake_window, NOTES)
    fake_window.close()  # at once: before the pause that saves them

    fake = FakeEngine()
    window = make_window(fake)
    assert window.notes.notes() == ""
    assert window.documents.open_path(path)
    assert window.notes.notes() == NOTES
    assert window.service.notes == NOTES
    assert sorted(p.name for p in tmp_path.iterdir()) == ["home", "story.txt"], \
        "nothing was written beside the writer's file"
    assert path.read_text(encoding="utf-8") == STORY
    # Another document shows its own (no) notes, and the first one's come back with it.
    window.documents.new_document()
    assert window.notes.notes() == "" and window.service.notes == ""
    assert window.documents.open_path(path)
    assert window.notes.notes() == NOTES


def test_an_unsaved_document_s_notes_follow_it_when_saved(
        qtbot: QtBot, make_window: WindowFactory, fake_window: MainWindow,
        tmp_path: Path) -> None:
    set_text(fake_window, STORY)
    _type_notes(qtbot, fake_window, NOTES)
    qtbot.waitUntil(lambda: len(_notes_files()) == 1, timeout=10_000)
    unsaved = _notes_files()[0]
    path = tmp_path / "saved.txt"
    assert fake_window.documents.save_with_encoding("utf-8", path)
    assert _notes_files() == [unsaved.with_name(f"{key_for_path(path)}.json")]
    fake_window.close()

    window = make_window(FakeEngine())
    assert window.documents.open_path(path)
    assert window.notes.notes() == NOTES


def test_a_damaged_notes_file_is_reported_and_the_pane_starts_empty(
        qtbot: QtBot, make_window: WindowFactory, tmp_path: Path) -> None:
    path = tmp_path / "story.txt"
    path.write_text(STORY, encoding="utf-8")
    folder = AppPaths.default().notes_dir
    folder.mkdir(parents=True)
    (folder / f"{key_for_path(path)}.json").write_text("{not json", encoding="utf-8")
    window = make_window(FakeEngine())
    assert window.documents.open_path(path)
    assert window.notes.notes() == ""
    assert "notes could not be read" in window.statusBar().currentMessage()
    _type_notes(qtbot, window, NOTES)
    window.notes.save()
    assert window.notes.notes() == NOTES
    assert (folder / f"{key_for_path(path)}.json.damaged").exists()


def test_the_pane_s_shortcut_is_its_own(fake_window: MainWindow) -> None:
    toggle = fake_window.notes.dock.toggleViewAction()
    assert not toggle.shortcut().isEmpty()
    shortcuts = [key.toString() for action in fake_window.findChildren(QAction)
                 for key in action.shortcuts() if not key.isEmpty()]
    assert shortcuts.count(toggle.shortcut().toString()) == 1
    toggle.trigger()
    assert fake_window.notes.dock.isVisible()


def test_a_draft_from_a_brief_starts_with_no_notes_and_is_planned_without_the_old_ones(
        qtbot: QtBot, fake_window: MainWindow, fake: FakeEngine) -> None:
    _type_notes(qtbot, fake_window, NOTES)
    dialog = _dialog(qtbot, fake_window, fake)
    fake.chunks = list(SECTION)
    qtbot.mouseClick(dialog.write_draft_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not dialog.draft_stop.isEnabled(), timeout=10_000)
    assert len(fake.requests) == 3
    assert all(request.notes == "" for request in fake.requests)
    assert fake_window.notes.notes() == "" and fake_window.service.notes == ""
    dialog.close()


def test_opening_a_document_whose_notes_are_damaged_drops_the_previous_one_s_notes(
        qtbot: QtBot, make_window: WindowFactory, tmp_path: Path) -> None:
    first, second = tmp_path / "first.txt", tmp_path / "second.txt"
    for path in (first, second):
        path.write_text(STORY, encoding="utf-8")
    folder = AppPaths.default().notes_dir
    window = make_window(FakeEngine())
    assert window.documents.open_path(first)
    _type_notes(qtbot, window, NOTES)
    window.notes.save()
    damaged = folder / f"{key_for_path(second)}.json"
    damaged.write_text('{"notes": ' + "[" * 100_000 + "]" * 100_000 + "}", encoding="utf-8")
    assert window.documents.open_path(second)
    assert window.notes.notes() == ""
    assert window.service.notes == ""
    assert "notes could not be read" in window.statusBar().currentMessage()
    window.notes.save()
    assert not damaged.exists()
    assert (folder / f"{key_for_path(second)}.json.damaged").exists()


def test_the_notes_key_puts_the_keys_in_the_notes_and_back_in_the_text(
        qtbot: QtBot, fake_window: MainWindow) -> None:
    fake_window.activateWindow()
    fake_window.editor.setFocus()
    toggle = fake_window.notes.dock.toggleViewAction()
    toggle.trigger()
    qtbot.waitUntil(fake_window.notes.panel.editor.hasFocus)
    toggle.trigger()
    qtbot.waitUntil(fake_window.editor.hasFocus)
