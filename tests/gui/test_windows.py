"""Several documents, each in its own window, sharing one engine and one model; files from
the command line, the desktop and drops; the last documents reopened at their cursors."""

from __future__ import annotations

import gc
import os
import subprocess
import sys
import weakref
from collections.abc import Iterator
from pathlib import Path

import pytest
import shiboken6
from PySide6.QtCore import QMimeData, QPoint, QPointF, Qt, QTimer, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent, QFileOpenEvent
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from tests.gui.conftest import Messages, idle
from tests.gui.test_document_safety import _left_by_a_crash
from tests.gui.test_window import set_text
from writer_app import app as app_module
from writer_app.core.paths import AppPaths
from writer_app.core.protocol import GenerationStats
from writer_app.core.requests import SamplingSettings
from writer_app.core.settings import OpenDocument, Settings, SettingsStore
from writer_app.engine.client import EngineClient
from writer_app.qt.engine_service import EngineService
from writer_app.testing.fake_engine import FakeEngine
from writer_app.ui.common.status_bar import MessageStatusBar
from writer_app.ui.main_window import MainWindow
from writer_app.ui.settings_dialog import SettingsDialog
from writer_app.ui.workspace import DesktopApplication, Workspace


def close_all(workspace: Workspace) -> None:
    for window in list(workspace.windows):
        window.editor.document().setModified(False)
        window.close()


@pytest.fixture
def workspace(app_home: Path, messages: Messages, fake: FakeEngine) -> Iterator[Workspace]:
    paths = AppPaths.default()
    built = Workspace(EngineService(fake), SettingsStore(paths.settings_file),
                      Settings(rewrite_drafts=1), paths)
    yield built
    close_all(built)


def loaded(qtbot: QtBot, workspace: Workspace, model: Path) -> tuple[MainWindow, MainWindow]:
    """Two windows, the model loaded from the first."""
    first, second = workspace.new_window(), workspace.new_window()
    first.models.load_model(model)
    qtbot.waitUntil(lambda: all(window.models.model is not None
                                and not window.models.progress.isVisible()
                                for window in (first, second)))
    return first, second


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def test_two_windows_load_the_model_once_and_both_show_it(
        qtbot: QtBot, workspace: Workspace, fake: FakeEngine, tiny_model: Path) -> None:
    first, second = loaded(qtbot, workspace, tiny_model)
    assert len(fake.loads) == 1
    assert first.service is not second.service
    assert first.service.engine is second.service.engine is fake
    assert second.models.model_label.text() == first.models.model_label.text() != "No model"
    late = workspace.new_window()
    assert late.models.model_label.text() == first.models.model_label.text()


def test_each_window_streams_into_its_own_document_and_waits_for_the_others_turn(
        qtbot: QtBot, workspace: Workspace, fake: FakeEngine, messages: Messages,
        tiny_model: Path) -> None:
    first, second = loaded(qtbot, workspace, tiny_model)
    first.notes.panel.editor.setPlainText("Alpha's notes.")
    second.notes.panel.editor.setPlainText("Beta's notes.")
    set_text(first, "Alpha begins.")
    set_text(second, "Beta begins.")
    streamed = "".join(fake.chunks)
    fake.hold()
    first.assistant.continue_writing()
    qtbot.waitUntil(lambda: first.editor.toPlainText() != "Alpha begins.")
    second.assistant.continue_writing()
    qtbot.waitUntil(lambda: "another window" in messages.texts())
    assert second.editor.toPlainText() == "Beta begins."
    assert first.assistant.is_busy()
    fake.release()
    idle(qtbot, first)
    assert first.editor.toPlainText() == "Alpha begins." + streamed
    second.assistant.continue_writing()
    idle(qtbot, second)
    assert second.editor.toPlainText() == "Beta begins." + streamed
    assert first.editor.toPlainText() == "Alpha begins." + streamed
    assert [request.text for request in fake.requests] == ["Alpha begins.", "Beta begins."]
    assert [request.notes for request in fake.requests] == ["Alpha's notes.", "Beta's notes."]


def test_closing_a_window_leaves_the_others_stream_going(
        qtbot: QtBot, workspace: Workspace, fake: FakeEngine, tiny_model: Path) -> None:
    first, second = loaded(qtbot, workspace, tiny_model)
    set_text(second, "Beta begins.")
    fake.hold()
    second.assistant.continue_writing()
    qtbot.waitUntil(lambda: second.editor.toPlainText() != "Beta begins.")
    with qtbot.waitSignal(first.destroyed):
        assert first.close()
    assert workspace.windows == [second]
    assert not fake.closed
    fake.release()
    idle(qtbot, second)
    assert second.editor.toPlainText() == "Beta begins." + "".join(fake.chunks)
    second.assistant.continue_writing()
    idle(qtbot, second)
    assert len(fake.requests) == 2
    assert fake.requests[-1].text.startswith("Beta begins.")
    close_all(workspace)
    assert fake.closed


def test_a_model_load_from_one_window_shows_in_the_other(
        qtbot: QtBot, workspace: Workspace, fake: FakeEngine, tiny_model: Path) -> None:
    first, second = workspace.new_window(), workspace.new_window()
    fake.hold()
    second.models.load_model(tiny_model)
    assert first.models.is_loading()
    assert first.models.model_label.text() == second.models.model_label.text()
    assert tiny_model.name in first.models.model_label.text()
    fake.release()
    qtbot.waitUntil(lambda: not first.models.is_loading() and not second.models.is_loading())
    assert first.models.model is not None


def drop(target: QWidget, files: list[Path]) -> QDropEvent:
    """Drag ``files`` over ``target`` and drop them there, as a file manager does."""
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(path)) for path in files])
    point = QPoint(20, 20)
    action = Qt.DropAction.CopyAction
    buttons, keys = Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier
    enter = QDragEnterEvent(point, action, mime, buttons, keys)
    QApplication.sendEvent(target, enter)
    assert enter.isAccepted()
    dropped = QDropEvent(QPointF(point), action, mime, buttons, keys)
    QApplication.sendEvent(target, dropped)
    assert dropped.isAccepted()
    return dropped


def test_a_text_file_dropped_on_the_editor_opens_instead_of_writing_its_path(
        qtbot: QtBot, workspace: Workspace, tmp_path: Path) -> None:
    window = workspace.new_window()
    set_text(window, "My own text.")
    dropped = write(tmp_path / "chapter.md", "# Chapter\n")
    drop(window.editor.viewport(), [dropped])
    assert window.editor.toPlainText() == "My own text."
    assert len(workspace.windows) == 2
    opened = workspace.windows[-1]
    assert opened.documents.path == dropped.resolve()
    assert opened.editor.toPlainText() == "# Chapter\n"
    assert "chapter.md" in opened.windowTitle()


def test_a_file_dropped_on_an_empty_window_opens_there(
        qtbot: QtBot, workspace: Workspace, tmp_path: Path) -> None:
    window = workspace.new_window()
    dropped = write(tmp_path / "notes.txt", "Some notes.")
    drop(window, [dropped])
    assert workspace.windows == [window]
    assert window.editor.toPlainText() == "Some notes."


def test_a_dropped_model_is_used_and_another_file_is_explained(
        qtbot: QtBot, workspace: Workspace, fake: FakeEngine, messages: Messages,
        tiny_model: Path) -> None:
    tmp_path = tiny_model.parent
    window = workspace.new_window()
    drop(window.editor.viewport(), [tiny_model])
    qtbot.waitUntil(lambda: window.models.model is not None)
    assert [Path(load.model_path) for load in fake.loads] == [tiny_model]
    picture = tmp_path / "cover.png"
    picture.write_bytes(b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR")
    drop(window, [picture])
    assert "cover.png is not a text document" in messages.texts()
    assert workspace.windows == [window]
    assert window.editor.toPlainText() == ""


def test_opening_a_file_already_open_raises_its_window(
        qtbot: QtBot, workspace: Workspace, tmp_path: Path) -> None:
    story = write(tmp_path / "story.txt", "Once.")
    first = workspace.open_path(story)
    workspace.new_window()
    assert workspace.open_path(story) is first
    assert len(workspace.windows) == 2


def test_macos_file_open_event_opens_the_file(qtbot: QtBot, qapp: QApplication,
                                              workspace: Workspace, tmp_path: Path) -> None:
    assert isinstance(qapp, DesktopApplication)
    window = workspace.new_window()
    qapp.file_open_requested.connect(workspace.open_handed_over)
    try:
        story = write(tmp_path / "story.txt", "Handed over by the desktop.")
        QApplication.sendEvent(qapp, QFileOpenEvent(str(story)))
    finally:
        qapp.file_open_requested.disconnect(workspace.open_handed_over)
    assert window.documents.path == story.resolve()
    assert window.editor.toPlainText() == "Handed over by the desktop."


@pytest.mark.usefixtures("messages")
def test_the_command_line_opens_each_file_in_its_own_window(
        qtbot: QtBot, app_home: Path, fake: FakeEngine, tiny_model: Path,
        tmp_path: Path) -> None:
    first = write(tmp_path / "a.txt", "First file.")
    second = write(tmp_path / "b.md", "Second file.")
    new = tmp_path / "c.txt"
    args = app_module._parse([str(first), str(second), str(new), "--model", str(tiny_model)])
    paths = AppPaths.default()
    started = app_module.start(args, fake, SettingsStore(paths.settings_file), Settings(), paths)
    try:
        assert [window.documents.path for window in started.windows] == [
            first.resolve(), second.resolve(), new.resolve()]
        assert [window.editor.toPlainText() for window in started.windows] == [
            "First file.", "Second file.", ""]
        qtbot.waitUntil(lambda: all(window.models.model is not None
                                    for window in started.windows))
        assert len(fake.loads) == 1
    finally:
        close_all(started)
        started.setParent(None)


def test_the_last_documents_reopen_at_their_cursors(
        qtbot: QtBot, app_home: Path, messages: Messages, tmp_path: Path) -> None:
    first = write(tmp_path / "a.txt", "The first document, long enough to move in.")
    second = write(tmp_path / "b.md", "The second one.")
    paths = AppPaths.default()
    store = SettingsStore(paths.settings_file)
    before = Workspace(EngineService(FakeEngine()), store, Settings(), paths)
    for path, position in ((first, 10), (second, 4)):
        window = before.open_path(path)
        assert window is not None
        cursor = window.editor.textCursor()
        cursor.setPosition(position)
        window.editor.setTextCursor(cursor)
    before.quit()
    assert before.windows == []
    settings, _warning = store.load()
    assert settings.open_documents == (OpenDocument(str(first.resolve()), 10),
                                       OpenDocument(str(second.resolve()), 4))
    args = app_module._parse([])
    after = app_module.start(args, FakeEngine(), store, settings, paths)
    try:
        assert [(window.documents.path, window.editor.textCursor().position())
                for window in after.windows] == [(first.resolve(), 10), (second.resolve(), 4)]
    finally:
        close_all(after)
        after.setParent(None)
    kept_off = app_module.start(args, FakeEngine(), store,
                                settings.replace(reopen_documents=False), paths)
    try:
        assert [window.documents.path for window in kept_off.windows] == [None]
    finally:
        close_all(kept_off)
        kept_off.setParent(None)


@pytest.mark.usefixtures("app_home", "messages")
def test_a_last_document_whose_name_no_system_takes_is_skipped(
        qtbot: QtBot, tmp_path: Path) -> None:
    # Reopening raised at start: the settings named a path too long to look up.
    story = write(tmp_path / "story.txt", "Still here.")
    paths = AppPaths.default()
    store = SettingsStore(paths.settings_file)
    settings = Settings(open_documents=(OpenDocument("/" + "x" * 5000, 3),
                                        OpenDocument(str(story), 5)))
    started = app_module.start(app_module._parse([]), FakeEngine(), store, settings, paths)
    try:
        assert [(window.documents.path, window.editor.textCursor().position())
                for window in started.windows] == [(story.resolve(), 5)]
    finally:
        close_all(started)
        started.setParent(None)


@pytest.mark.usefixtures("messages")
def test_a_damaged_recovery_record_is_said_when_a_file_opens_at_start(
        qtbot: QtBot, app_home: Path, tmp_path: Path) -> None:
    # It was set aside without a word: the workspace's look at the records set it aside,
    # and the window's own look found nothing left to say.
    folder = app_home / "state" / "recovery"
    folder.mkdir(parents=True)
    (folder / "broken.json").write_text('{"pid": "1234"', encoding="utf-8")
    story = write(tmp_path / "story.txt", "Opened at the start.")
    paths = AppPaths.default()
    started = app_module.start(app_module._parse([str(story)]), FakeEngine(),
                               SettingsStore(paths.settings_file), Settings(), paths)
    try:
        [window] = started.windows
        status = window.statusBar()
        assert isinstance(status, MessageStatusBar)
        assert "A record of unsaved text could not be read" in status.full_message
        assert (folder / "broken.json.damaged").exists()
    finally:
        close_all(started)
        started.setParent(None)


def test_closing_windows_one_by_one_remembers_the_last(
        qtbot: QtBot, workspace: Workspace, tmp_path: Path) -> None:
    first = workspace.open_path(write(tmp_path / "a.txt", "A."))
    last = workspace.open_path(write(tmp_path / "b.txt", "B."))
    assert first is not None and last is not None
    first.close()
    with qtbot.waitCallback() as turned:  # the writer closes the other one later
        QTimer.singleShot(0, turned)
    last.close()
    assert workspace.shared.preferences.settings.open_documents == (
        OpenDocument(str((tmp_path / "b.txt").resolve()), 0),)


def test_new_window_and_open_from_an_untouched_window(
        qtbot: QtBot, workspace: Workspace, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    window = workspace.new_window()
    window.menu_bar.action_new_window.trigger()
    assert len(workspace.windows) == 2
    fresh = workspace.windows[-1]
    assert fresh.windowTitle().startswith("Untitled")
    story = write(tmp_path / "story.txt", "Once.")
    monkeypatch.setattr(type(fresh.documents), "choose_file", lambda _self: story)
    fresh.menu_bar.open_requested.emit()
    assert fresh.documents.path == story.resolve()
    other = write(tmp_path / "other.txt", "Twice.")
    monkeypatch.setattr(type(fresh.documents), "choose_file", lambda _self: other)
    fresh.menu_bar.open_requested.emit()
    assert len(workspace.windows) == 3
    assert workspace.windows[-1].documents.path == other.resolve()


def test_two_documents_keep_their_prompts_in_the_state_cache(
        qtbot: QtBot, app_home: Path, messages: Messages, tiny_model: Path,
        real_llama_cpp: None) -> None:
    """Going back to a window's document does not read it again."""
    paths = AppPaths.default()
    real = Workspace(EngineService(EngineClient()), SettingsStore(paths.settings_file),
                     Settings(n_ctx=2048, sampling=SamplingSettings(temperature=0.0,
                                                                    max_tokens=8)), paths)
    try:
        first, second = loaded(qtbot, real, tiny_model)
        stats: list[GenerationStats] = []
        for window in (first, second):
            window.service.generation_started.connect(
                lambda job: job.finished.connect(lambda _reason, done: stats.append(done)))
        set_text(first, "alpha beta gamma delta " * 60)
        set_text(second, "one two three four five " * 60)
        for window in (first, second, first):
            window.assistant.continue_writing()
            idle(qtbot, window, timeout=60_000)
            window.editor.undo()
        _cold_first, cold_second, back = stats
        assert cold_second.prompt_tokens_processed > 0.9 * cold_second.prompt_tokens
        assert back.prompt_tokens_processed < 0.05 * back.prompt_tokens
    finally:
        close_all(real)


def test_reopening_is_a_setting_on_by_default(qtbot: QtBot) -> None:
    dialog = SettingsDialog(Settings())
    qtbot.addWidget(dialog)
    assert dialog.reopen_documents.isChecked()
    dialog.reopen_documents.setChecked(False)
    assert dialog.result_settings().reopen_documents is False
    dialog.restore_defaults()
    assert dialog.result_settings().reopen_documents is True


@pytest.mark.usefixtures("app_home", "messages")
def test_a_second_start_hands_its_files_to_the_running_app(
        qtbot: QtBot, fake: FakeEngine, tiny_model: Path, tmp_path: Path) -> None:
    """As a file manager does: the app again, with a file; it loads no second model."""
    paths = AppPaths.default()
    running = app_module.start(app_module._parse(["--model", str(tiny_model)]), fake,
                               SettingsStore(paths.settings_file), Settings(), paths)
    try:
        qtbot.waitUntil(lambda: running.windows[0].models.model is not None)
        later = write(tmp_path / "later.md", "Opened by a second start.")
        env = {**os.environ, "QT_QPA_PLATFORM": "offscreen",
               "PYTHONPATH": str(Path(__file__).resolve().parents[2])}
        log = tmp_path / "second.log"
        with log.open("wb") as output:
            second = subprocess.Popen([sys.executable, "-m", "writer_app.app", str(later)],
                                      env=env, stdout=output, stderr=subprocess.STDOUT)
            qtbot.waitUntil(lambda: second.poll() is not None, timeout=60_000)
        assert second.returncode == 0, log.read_text(encoding="utf-8", errors="replace")
        assert [window.documents.path for window in running.windows] == [later.resolve()]
        assert running.windows[0].editor.toPlainText() == "Opened by a second start."
        assert len(fake.loads) == 1
    finally:
        close_all(running)
        running.setParent(None)


def test_unsaved_text_from_a_crash_comes_back_in_a_window_of_its_own(
        qtbot: QtBot, workspace: Workspace, app_home: Path, tmp_path: Path) -> None:
    _left_by_a_crash(app_home, "Text the crash did not take.\n")
    story = write(tmp_path / "story.txt", "A story opened at the start.")
    first = workspace.open_path(story)
    dialog = workspace.offer_recovery()
    assert dialog is not None
    assert len(workspace.windows) == 2
    dialog.restore_button.click()
    restored = workspace.windows[-1]
    assert restored.editor.toPlainText() == "Text the crash did not take.\n"
    assert first is not None and first.documents.path == story.resolve()
    assert first.editor.toPlainText() == "A story opened at the start."


def test_every_document_comes_back_when_qt_closes_all_windows_at_once(
        qtbot: QtBot, workspace: Workspace, tmp_path: Path) -> None:
    """As when the app quits from the macOS Dock or the session ends."""
    first = write(tmp_path / "a.txt", "A.")
    second = write(tmp_path / "b.txt", "B.")
    workspace.open_path(first)
    workspace.open_path(second)
    QApplication.closeAllWindows()
    assert workspace.windows == []
    assert [Path(document.path) for document in
            workspace.shared.preferences.settings.open_documents] == [
        first.resolve(), second.resolve()]


def test_a_closed_window_is_held_until_qt_has_deleted_it(qtbot: QtBot,
                                                        workspace: Workspace) -> None:
    workspace.new_window()
    closed = weakref.ref(workspace.new_window())
    window = closed()
    assert window is not None
    window.close()
    del window
    gc.collect()  # before: the window's Python side went here, with Qt still holding it
    held = closed()
    assert held is not None and shiboken6.isValid(held)
    del held
    qtbot.waitUntil(lambda: (window := closed()) is None or not shiboken6.isValid(window))
