"""The editor window driven as a writer drives it, with the fake engine (fast)."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import (
    QDesktopServices,
    QGuiApplication,
    QInputMethodEvent,
    QKeySequence,
    QTextCursor,
)
from pytestqt.qtbot import QtBot

from tests.gui.conftest import Messages, WindowFactory, idle, load
from writer_app.core.errors import EngineCrashedError
from writer_app.core.paths import AppPaths
from writer_app.core.requests import Action, RewriteStyle, SamplingSettings
from writer_app.core.settings import SettingsStore
from writer_app.core.sources.catalog import load_catalog
from writer_app.testing.fake_engine import DEFAULT_CHUNKS, FakeEngine
from writer_app.ui.common import message_boxes
from writer_app.ui.main_window import MainWindow

AI_TEXT = "".join(DEFAULT_CHUNKS)


def set_text(window: MainWindow, text: str, cursor: int | None = None) -> None:
    window.editor.setPlainText(text)
    moved = window.editor.textCursor()
    moved.setPosition(len(text) if cursor is None else cursor)
    window.editor.setTextCursor(moved)


def select(window: MainWindow, start: int, end: int) -> None:
    cursor = window.editor.textCursor()
    cursor.setPosition(start)
    cursor.setPosition(end, QTextCursor.MoveMode.KeepAnchor)
    window.editor.setTextCursor(cursor)


def test_status_bar_shows_the_model(fake_window: MainWindow) -> None:
    assert fake_window.models.model_label.text().startswith("Tiny Chat · ")
    assert "F32" in fake_window.models.model_label.text()
    assert fake_window.models.hardware_label.text() == "CPU"
    assert "built for the CPU only" in fake_window.models.hardware_label.toolTip()
    assert fake_window.context_label.text().startswith("Context")


def test_continue_streams_in_at_the_cursor(qtbot: QtBot, fake_window: MainWindow,
                                           fake: FakeEngine) -> None:
    set_text(fake_window, "Once upon a time. The end.", cursor=17)
    qtbot.keyClick(fake_window.editor, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    idle(qtbot, fake_window)
    assert fake_window.editor.toPlainText() == "Once upon a time." + AI_TEXT + " The end."
    request = fake.requests[-1]
    assert request.action is Action.CONTINUE and request.cursor == 17


def test_undo_removes_exactly_the_insertion(qtbot: QtBot, fake_window: MainWindow) -> None:
    set_text(fake_window, "")
    qtbot.keyClicks(fake_window.editor, "Draft")
    fake_window.assistant.continue_writing()
    idle(qtbot, fake_window)
    assert fake_window.editor.toPlainText() == "Draft" + AI_TEXT
    fake_window.editor.undo()
    assert fake_window.editor.toPlainText() == "Draft"
    fake_window.editor.redo()
    assert fake_window.editor.toPlainText() == "Draft" + AI_TEXT


def test_typing_during_streaming_is_never_mixed_in(qtbot: QtBot, fake_window: MainWindow,
                                                   fake: FakeEngine) -> None:
    set_text(fake_window, "Start. End.", cursor=6)
    fake.hold()
    fake_window.assistant.continue_writing()
    qtbot.waitUntil(lambda: DEFAULT_CHUNKS[0] in fake_window.editor.toPlainText())
    # The writer types where their cursor is (it followed the insertion): that takes the
    # pen back, and the rest of the stream is not inserted...
    qtbot.keyClicks(fake_window.editor, "XYZ")
    # ...and at the top of the document.
    top = fake_window.editor.textCursor()
    top.setPosition(0)
    fake_window.editor.setTextCursor(top)
    qtbot.keyClicks(fake_window.editor, "Title: ")
    fake.release()
    idle(qtbot, fake_window)
    text = fake_window.editor.toPlainText()
    assert text == "Title: Start." + DEFAULT_CHUNKS[0] + "XYZ End."


def test_escape_stops(qtbot: QtBot, make_window: WindowFactory, tiny_model: Path) -> None:
    fake = FakeEngine(chunks=["word "] * 500, delay_s=0.01)
    window = make_window(fake)
    load(qtbot, window, tiny_model)
    set_text(window, "Go:")
    window.assistant.continue_writing()
    qtbot.waitUntil(lambda: "word" in window.editor.toPlainText())
    qtbot.keyClick(window.editor, Qt.Key.Key_Escape)
    idle(qtbot, window)
    assert window.editor.toPlainText().count("word") < 500
    assert "Stopped" in window.statusBar().currentMessage()


def test_summary_panel_insert_and_copy(qtbot: QtBot, fake_window: MainWindow,
                                       fake: FakeEngine) -> None:
    set_text(fake_window, "A long day. 很长的一天。")
    fake_window.assistant.summarize()
    assert fake_window.assistant.dock.isVisible()
    qtbot.waitUntil(fake_window.assistant.summary_panel.insert_button.isEnabled)
    assert fake_window.assistant.summary_panel.text == AI_TEXT
    assert fake.requests[-1].action is Action.SUMMARIZE
    assert fake.requests[-1].selection is None
    fake_window.assistant.summary_panel.copy_button.click()
    assert QGuiApplication.clipboard().text() == AI_TEXT.strip()
    fake_window.assistant.summary_panel.insert_button.click()
    assert fake_window.editor.toPlainText().endswith(AI_TEXT.strip())


def test_summary_retry_asks_again(qtbot: QtBot, fake_window: MainWindow,
                                  fake: FakeEngine) -> None:
    set_text(fake_window, "Text to sum up.")
    fake_window.assistant.summarize()
    qtbot.waitUntil(fake_window.assistant.summary_panel.retry_button.isEnabled)
    fake_window.assistant.summary_panel.retry_button.click()
    qtbot.waitUntil(lambda: len(fake.requests) == 2)
    qtbot.waitUntil(fake_window.assistant.summary_panel.retry_button.isEnabled)
    assert fake_window.assistant.summary_panel.text == AI_TEXT


def test_a_new_document_and_a_restart_start_with_an_empty_assistant_pane(
        qtbot: QtBot, make_window: WindowFactory, fake_window: MainWindow) -> None:
    set_text(fake_window, "Text to sum up.")
    fake_window.assistant.summarize()
    summary = fake_window.assistant.summary_panel
    qtbot.waitUntil(summary.retry_button.isEnabled)
    fake_window.editor.document().setModified(False)
    fake_window.documents.new_document()
    assert summary.request is None and summary.text == ""
    assert not summary.retry_button.isEnabled(), "nothing to retry in a new document"
    assert fake_window.assistant.speed_label.text() == ""
    fake_window.assistant.dock.show()
    fake_window.close()

    window = make_window(FakeEngine())
    assistant = window.assistant
    for panel in (assistant.summary_panel, assistant.rewrite_panel, assistant.continue_panel):
        assert panel.request is None and not panel.retry_button.isEnabled()
        assert not panel.more_button.isEnabled()


def test_rewrite_accept_replaces_the_selection_as_one_undo_step(
        qtbot: QtBot, fake_window: MainWindow, fake: FakeEngine) -> None:
    set_text(fake_window, "Keep this. Change this part. Keep that.")
    select(fake_window, 11, 28)
    fake_window.assistant.rewrite(style=RewriteStyle.FORMAL)
    qtbot.waitUntil(fake_window.assistant.rewrite_panel.accept_button.isEnabled)
    request = fake.requests[-1]
    assert request.action is Action.REWRITE and request.style is RewriteStyle.FORMAL
    assert request.selected_text == "Change this part."
    assert fake_window.assistant.rewrite_panel.original == "Change this part."
    fake_window.assistant.rewrite_panel.accept_button.click()
    assert fake_window.editor.toPlainText() == f"Keep this. {AI_TEXT.strip()} Keep that."
    assert not fake_window.assistant.dock.isVisible()
    fake_window.editor.undo()
    assert fake_window.editor.toPlainText() == "Keep this. Change this part. Keep that."


def test_rewrite_reject_leaves_the_document_untouched(qtbot: QtBot, fake_window: MainWindow,
                                                      ) -> None:
    set_text(fake_window, "Alpha beta gamma.")
    select(fake_window, 0, 10)
    fake_window.assistant.rewrite(instruction="Make it shout")
    qtbot.waitUntil(fake_window.assistant.rewrite_panel.accept_button.isEnabled)
    fake_window.assistant.rewrite_panel.reject_button.click()
    assert fake_window.editor.toPlainText() == "Alpha beta gamma."
    assert not fake_window.editor.document().isUndoAvailable()


def test_rewrite_of_an_edited_passage_is_not_applied(qtbot: QtBot, fake_window: MainWindow,
                                                     messages: Messages) -> None:
    set_text(fake_window, "Alpha beta gamma.")
    select(fake_window, 0, 10)
    fake_window.assistant.rewrite(style=RewriteStyle.SHORTER)
    qtbot.waitUntil(fake_window.assistant.rewrite_panel.accept_button.isEnabled)
    cursor = QTextCursor(fake_window.editor.document())
    cursor.setPosition(3)
    cursor.insertText("!!")
    fake_window.assistant.rewrite_panel.accept_button.click()
    assert fake_window.editor.toPlainText() == "Alp!!ha beta gamma."
    assert "changed" in messages.texts()


def test_rewrite_needs_a_selection(fake_window: MainWindow, fake: FakeEngine) -> None:
    set_text(fake_window, "Nothing selected.")
    assert not fake_window.assistant.rewrite_actions[0].isEnabled()
    fake_window.assistant.rewrite(style=RewriteStyle.REPHRASE)
    assert fake.requests == []
    assert "Select the text" in fake_window.statusBar().currentMessage()


def test_without_a_model_the_window_says_how_to_get_one(
        make_window: WindowFactory, messages: Messages) -> None:
    window = make_window(FakeEngine())
    set_text(window, "Hello")
    window.assistant.continue_writing()
    assert "Open Model" in messages.texts()
    # The size of the model it recommends, not a guess (2.50 GB for 2,500,000,000 bytes).
    recommended = load_catalog().default.size_bytes
    assert f"about {recommended / 1e9:.2f} GB" in messages.texts()
    assert window.editor.toPlainText() == "Hello"


def test_engine_crash_keeps_the_text(qtbot: QtBot, fake_window: MainWindow, fake: FakeEngine,
                                     messages: Messages) -> None:
    set_text(fake_window, "Precious words.")
    fake.fail_next = EngineCrashedError("The writing engine stopped unexpectedly.")
    fake_window.assistant.continue_writing()
    qtbot.waitUntil(lambda: bool(messages.shown))
    idle(qtbot, fake_window)
    assert "stopped unexpectedly" in messages.texts()
    assert fake_window.editor.toPlainText().startswith("Precious words.")
    fake_window.assistant.continue_writing()
    idle(qtbot, fake_window)
    assert fake_window.editor.toPlainText().endswith(AI_TEXT)


def test_streamed_text_waits_for_input_method_composition(
        qtbot: QtBot, fake_window: MainWindow, fake: FakeEngine) -> None:
    set_text(fake_window, "开始")
    fake_window.editor.setFocus()
    fake.hold()
    fake_window.assistant.continue_writing()
    qtbot.waitUntil(lambda: DEFAULT_CHUNKS[0] in fake_window.editor.toPlainText())
    composing = QInputMethodEvent("ni", [])
    QGuiApplication.sendEvent(fake_window.editor, composing)
    assert fake_window.editor.is_composing()
    fake.release()
    qtbot.waitUntil(fake_window.service.is_idle)  # the whole answer has arrived
    assert DEFAULT_CHUNKS[1] not in fake_window.editor.toPlainText()
    committed = QInputMethodEvent("", [])
    committed.setCommitString("你")
    QGuiApplication.sendEvent(fake_window.editor, committed)
    idle(qtbot, fake_window)
    text = fake_window.editor.toPlainText()
    assert AI_TEXT in text and "你" in text
    assert text.replace("你", "", 1) == "开始" + AI_TEXT


def test_open_edit_save_keeps_crlf_and_encoding(qtbot: QtBot, make_window: WindowFactory,
                                                tmp_path: Path) -> None:
    path = tmp_path / "notes.txt"
    path.write_bytes(b"\xef\xbb\xbfline one\r\nline two\r\n")
    window = make_window(FakeEngine())
    assert window.documents.open_path(path)
    assert window.format_label.text() == "UTF-8 BOM · CRLF"
    assert window.windowTitle() == "notes.txt[*] — writer-app"
    assert not window.isWindowModified()
    cursor = window.editor.textCursor()
    cursor.movePosition(QTextCursor.MoveOperation.End)
    window.editor.setTextCursor(cursor)
    window.editor.insertPlainText("三")  # QTest cannot type outside Latin-1
    assert window.isWindowModified()
    assert window.documents.save()
    assert path.read_bytes() == "\ufeffline one\r\nline two\r\n三".encode()
    assert not window.isWindowModified()
    assert str(path.resolve()) in window.preferences.settings.recent_files


def test_a_file_named_before_it_exists_is_the_title_and_where_save_writes(
        make_window: WindowFactory, tmp_path: Path) -> None:
    path = tmp_path / "later.txt"
    window = make_window(FakeEngine())
    window.documents.name_new(path)
    assert window.windowTitle() == "later.txt[*] — writer-app"
    window.editor.insertPlainText("first words")
    assert window.documents.save()
    assert path.read_text(encoding="utf-8") == "first words"
    assert window.menu_bar.recent_menu.actions()[0].text() == str(path.resolve())


def test_a_gbk_file_opens_shows_its_encoding_and_saves_back(
        qtbot: QtBot, make_window: WindowFactory, tmp_path: Path) -> None:
    text = "夜晚的城市很安静，雨一直下个不停。她沿着河岸慢慢地走，想着那封还没有寄出的信。\r\n" * 4
    path = tmp_path / "gbk.txt"
    path.write_bytes(text.encode("gbk"))
    window = make_window(FakeEngine())
    assert window.documents.open_path(path, ask=False)
    assert window.format_label.text() in ("GB18030 · CRLF", "GBK · CRLF")
    window.editor.insertPlainText("")
    assert window.documents.save()
    assert path.read_bytes() == text.encode("gbk")


def test_a_binary_file_is_refused_with_a_reason(make_window: WindowFactory, tmp_path: Path,
                                                messages: Messages) -> None:
    path = tmp_path / "photo.jpg"
    path.write_bytes(b"\xff\xd8\xff\xe0\0\x10JFIF\0" + bytes(range(256)))
    window = make_window(FakeEngine())
    set_text(window, "mine")
    assert not window.documents.open_path(path, ask=False)
    assert "binary" in messages.texts()
    assert window.editor.toPlainText() == "mine"


def test_close_with_unsaved_changes_asks(qtbot: QtBot, make_window: WindowFactory,
                                         messages: Messages) -> None:
    window = make_window(FakeEngine())
    qtbot.keyClicks(window.editor, "unsaved")
    messages.answer = message_boxes.SaveAnswer.CANCEL
    assert not window.close()
    assert window.isVisible()
    messages.answer = message_boxes.SaveAnswer.DISCARD
    assert window.close()


def test_counts_chinese_characters_one_by_one(qtbot: QtBot, make_window: WindowFactory,
                                              ) -> None:
    window = make_window(FakeEngine())
    set_text(window, "Hello world 你好世界")
    qtbot.waitUntil(lambda: window.counts_label.text().startswith("6 words"))


def test_zoom_is_remembered(make_window: WindowFactory, app_home: Path) -> None:
    window = make_window(FakeEngine())
    size = window.editor.font().pointSize()
    window.view.zoom_in()
    assert window.editor.font().pointSize() == size + 1
    stored, _ = SettingsStore(app_home / "config" / "settings.json").load()
    assert stored.font_size == size + 1


def test_settings_dialog_restores_defaults(qtbot: QtBot, make_window: WindowFactory) -> None:
    from writer_app.ui.settings_dialog import SettingsDialog

    window = make_window(FakeEngine())
    sampling = SamplingSettings(temperature=1.5, stop=("\n\n",))
    dialog = SettingsDialog(window.preferences.settings.replace(sampling=sampling), window)
    qtbot.addWidget(dialog)
    assert dialog.temperature.value() == 1.5
    assert dialog.stop.text() == r"\n\n"
    dialog.max_tokens.setValue(99)
    assert dialog.result_settings().sampling.max_tokens == 99
    assert dialog.result_settings().sampling.stop == ("\n\n",)
    dialog.restore_defaults()
    assert dialog.result_settings().sampling.temperature == 0.7
    assert dialog.result_settings().sampling.stop == ()


def test_closing_mid_generation_stops_cleanly(qtbot: QtBot, fake_window: MainWindow,
                                              fake: FakeEngine) -> None:
    set_text(fake_window, "Draft")
    fake.hold()
    fake_window.assistant.continue_writing()
    qtbot.waitUntil(lambda: DEFAULT_CHUNKS[0] in fake_window.editor.toPlainText())
    fake_window.editor.document().setModified(False)
    assert fake_window.close()
    assert fake.closed
    assert not fake_window.service.is_busy()


def test_find_and_replace(make_window: WindowFactory) -> None:
    window = make_window(FakeEngine())
    set_text(window, "rain, more rain, 雨 and rain")
    window.find_bar.open()
    window.find_bar.find_field.setText("rain")
    assert window.find_bar.find_next()
    assert window.editor.textCursor().selectedText() == "rain"
    window.find_bar.replace_field.setText("snow")
    assert window.find_bar.replace_all() == 3
    assert window.editor.toPlainText() == "snow, more snow, 雨 and snow"
    window.editor.undo()
    assert window.editor.toPlainText() == "rain, more rain, 雨 and rain"
    window.find_bar.find_field.setText("雨")
    assert window.find_bar.find_previous()


def test_window_geometry_is_kept_apart_from_preferences(
        make_window: WindowFactory, app_home: Path) -> None:
    window = make_window(FakeEngine())
    window.resize(700, 500)  # within the 800x600 offscreen screen
    window.close()
    assert (app_home / "state" / "window.ini").exists()
    assert not (app_home / "config" / "settings.json").exists()
    again = make_window(FakeEngine())
    again.restore_geometry()
    assert again.size().width() == 700


def test_autosave_keeps_unsaved_text_until_saved(qtbot: QtBot, make_window: WindowFactory,
                                                 tmp_path: Path) -> None:
    window = make_window(FakeEngine())
    path = tmp_path / "draft.txt"
    path.write_text("saved words\n", encoding="utf-8")
    window.documents.open_path(path)
    window.editor.insertPlainText("unsaved 新的 ")
    qtbot.waitUntil(lambda: list(window.documents.recovery.folder.glob("*.json")) != [],
                    timeout=10_000)
    [record] = window.documents.recovery.folder.glob("*.json")
    assert "unsaved 新的" in record.read_text(encoding="utf-8")
    assert window.documents.save()
    assert list(window.documents.recovery.folder.glob("*.json")) == []


def test_losing_focus_autosaves(make_window: WindowFactory) -> None:
    from PySide6.QtCore import QEvent

    window = make_window(FakeEngine())
    window.editor.insertPlainText("typed just now")
    window.changeEvent(QEvent(QEvent.Type.ActivationChange))
    assert [r.text for r in window.documents.recovery.orphans()] == []  # our own, still running
    assert len(list(window.documents.recovery.folder.glob("*.json"))) == 1


def test_recovery_is_offered_after_a_crash(qtbot: QtBot, make_window: WindowFactory,
                                           tmp_path: Path, app_home: Path) -> None:
    import json

    path = tmp_path / "story.txt"
    path.write_text("The old ending.\n", encoding="utf-8")
    folder = app_home / "state" / "recovery"
    folder.mkdir(parents=True)
    (folder / "dead.json").write_text(json.dumps({
        "key": "dead", "path": str(path), "text": "The old ending.\nA new ending, 新的结局。\n",
        "encoding": "utf-8", "newline": "\n", "saved_at": 1795000000.0, "pid": 2**22 + 7,
    }), encoding="utf-8")
    window = make_window(FakeEngine())
    dialog = window.documents.offer_recovery()
    assert dialog is not None and dialog.list.count() == 1
    assert "story.txt" in dialog.list.item(0).text()
    assert "新的结局" in dialog.view.toPlainText()
    dialog.restore_button.click()
    assert window.editor.toPlainText() == "The old ending.\nA new ending, 新的结局。\n"
    assert window.isWindowModified() and window.documents.path == path
    assert not (folder / "dead.json").exists()
    assert window.documents.save()
    assert path.read_text(encoding="utf-8").endswith("新的结局。\n")


def test_recovery_can_be_discarded(make_window: WindowFactory, app_home: Path) -> None:
    import json

    folder = app_home / "state" / "recovery"
    folder.mkdir(parents=True)
    (folder / "dead.json").write_text(json.dumps({
        "key": "dead", "path": "", "text": "scrap", "encoding": "utf-8", "newline": "\n",
        "saved_at": 1795000000.0, "pid": 2**22 + 9}), encoding="utf-8")
    window = make_window(FakeEngine())
    dialog = window.documents.offer_recovery()
    assert dialog is not None
    dialog.discard_button.click()
    assert not (folder / "dead.json").exists()
    assert window.editor.toPlainText() == ""


def test_a_50_mb_file_opens_while_the_window_keeps_answering(
        qtbot: QtBot, make_window: WindowFactory, tmp_path: Path) -> None:
    from PySide6.QtCore import QTimer

    line = "The river was quiet that night, and the city lights shook. 夜晚的城市很安静。\n"
    copies = 50 * 1024 * 1024 // len(line.encode())
    path = tmp_path / "novel.txt"
    path.write_text(line * copies, encoding="utf-8")
    window = make_window(FakeEngine())
    turns = []
    ticker = QTimer()
    ticker.setInterval(0)
    ticker.timeout.connect(lambda: turns.append(window.documents.is_loading()))
    ticker.start()
    assert window.documents.open_path(path, ask=False)
    assert window.documents.is_loading() and window.editor.isReadOnly()
    qtbot.waitUntil(lambda: not window.documents.is_loading(), timeout=120_000)
    ticker.stop()
    assert turns.count(True) >= 20  # the event loop ran between the slices of the load
    assert not window.editor.isReadOnly() and not window.isWindowModified()
    assert window.editor.document().blockCount() == copies + 1
    assert not window.editor.document().isUndoAvailable()
    words = copies * (12 + 7 + 1)  # and the full stop 。, as Word counts it
    qtbot.waitUntil(lambda: window.counts_label.text().startswith(f"{words:,} words"),
                    timeout=120_000)


def test_a_long_status_message_is_shortened_to_fit_with_the_whole_of_it_in_a_tooltip(
        qtbot: QtBot, fake_window: MainWindow) -> None:
    fake_window.show()
    qtbot.waitExposed(fake_window)
    status = fake_window.status_bar
    long_text = "Lines longer than 20,000 characters are shown in pieces; " * 4
    fake_window.messages.progress(long_text)
    shown = status.currentMessage()
    assert shown.endswith("…") and long_text.startswith(shown[:-1])
    assert status.fontMetrics().horizontalAdvance(shown) <= status.free_width()
    assert status.toolTip() == long_text == status.full_message
    fake_window.messages.info("Saved.")
    assert status.currentMessage() == "Saved." and status.toolTip() == ""


def test_the_first_start_takes_most_of_the_screen_and_later_ones_its_last_size(
        make_window: WindowFactory) -> None:
    window = make_window(FakeEngine())
    window.restore_geometry()
    available = window.screen().availableGeometry()
    assert window.width() == min(1600, int(available.width() * 0.9))
    assert window.height() == min(1000, int(available.height() * 0.9))
    assert available.contains(window.geometry().center())
    kept = window.minimumSizeHint() + QSize(40, 30)
    window.resize(kept)
    window.close()
    again = make_window(FakeEngine())
    again.restore_geometry()
    assert again.size() == kept


def test_the_keyboard_shortcuts_are_read_from_the_menus(qtbot: QtBot,
                                                        fake_window: MainWindow) -> None:
    dialog = fake_window.menu_bar.show_shortcuts()
    qtbot.addWidget(dialog)
    rows = dict(dialog.shown())
    undo = QKeySequence(QKeySequence.StandardKey.Undo).toString(
        QKeySequence.SequenceFormat.NativeText)
    assert rows["Edit ▸ Undo"].split(", ")[0] == undo
    assert rows["Assist ▸ Continue Writing"] == "Ctrl+Return"
    dialog.filter.setText("summar")
    assert [where for where, _ in dialog.shown()] == ["Assist ▸ Summarize"]


def test_help_opens_the_log_folder_or_says_where_it_is(
        fake_window: MainWindow, messages: Messages, monkeypatch: pytest.MonkeyPatch) -> None:
    opened: list[str] = []
    monkeypatch.setattr(QDesktopServices, "openUrl",
                        lambda url: opened.append(url.toLocalFile()) or False)
    fake_window.menu_bar.log_folder_requested.emit()
    folder = str(AppPaths.default().logs)
    assert opened == [folder]
    assert folder in messages.texts() and "log folder" in messages.texts()
