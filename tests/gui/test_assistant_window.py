"""The assistant's parts of the window: streams and undo, reviews, retries, the model's name."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from PySide6.QtGui import QPalette, QTextCursor
from pytestqt.qtbot import QtBot

from tests.gui.conftest import WindowFactory, idle
from tests.gui.test_window import select, set_text
from writer_app.core.requests import (
    Action,
    ContinueLength,
    ContinueMode,
    RewriteStyle,
    SamplingSettings,
)
from writer_app.core.settings import SettingsStore
from writer_app.testing.fake_engine import FakeEngine
from writer_app.ui.assistant.panels import RewritePanel, StreamPanel
from writer_app.ui.common.diff_view import diff_html
from writer_app.ui.common.streaming import StreamInserter
from writer_app.ui.editor.text_editor import WriterTextEdit
from writer_app.ui.main_window import MainWindow
from writer_app.ui.settings_dialog import SettingsDialog


def move_to(window: MainWindow, position: int) -> None:
    cursor = window.editor.textCursor()
    cursor.setPosition(position)
    window.editor.setTextCursor(cursor)


def test_typing_elsewhere_during_a_stream_is_its_own_undo_step(
        qtbot: QtBot, fake_window: MainWindow, fake: FakeEngine) -> None:
    fake.chunks = [f" word{index}" for index in range(20)]
    fake.delay_s = 0.02
    streamed = "".join(fake.chunks)
    set_text(fake_window, "Start. End.", cursor=6)
    fake_window.assistant.continue_writing()
    typed = ""
    for word in ("Title", ": ", "one"):
        seen = fake_window.editor.toPlainText()
        qtbot.waitUntil(lambda seen=seen: fake_window.editor.toPlainText() != seen)
        move_to(fake_window, len(typed))
        qtbot.keyClicks(fake_window.editor, word)
        typed += word
    idle(qtbot, fake_window)
    assert fake_window.editor.toPlainText() == typed + "Start." + streamed + " End."
    assert fake_window.editor.textCursor().position() == len(typed)
    fake_window.editor.undo()
    after_one = fake_window.editor.toPlainText()
    assert after_one in (typed + "Start. End.", "Start." + streamed + " End.")
    fake_window.editor.undo()
    assert fake_window.editor.toPlainText() == "Start. End."


def test_typing_where_the_continuation_goes_stops_it_and_each_keeps_its_undo_step(
        qtbot: QtBot, fake_window: MainWindow, fake: FakeEngine) -> None:
    fake.chunks = [f" word{index}" for index in range(2000)]
    fake.delay_s = 0.02
    set_text(fake_window, "Start.", cursor=6)
    fake_window.assistant.continue_writing()
    qtbot.waitUntil(lambda: "word1" in fake_window.editor.toPlainText())
    qtbot.keyClicks(fake_window.editor, " Mine")
    idle(qtbot, fake_window)
    text = fake_window.editor.toPlainText()
    assert text.endswith(" Mine") and text.count("Mine") == 1
    streamed = text[len("Start."):-len(" Mine")]
    assert streamed.startswith(" word0") and "word1999" not in streamed
    assert fake_window.editor.textCursor().position() == len(text)
    assert "you typed" in fake_window.statusBar().currentMessage()
    fake_window.editor.undo()
    assert fake_window.editor.toPlainText() == "Start." + streamed
    fake_window.editor.undo()
    assert fake_window.editor.toPlainText() == "Start."


def test_words_typed_right_after_a_continuation_are_their_own_undo_step(
        qtbot: QtBot, fake_window: MainWindow, fake: FakeEngine) -> None:
    fake.chunks = [" The", " tide", " turned."]
    set_text(fake_window, "Start.", cursor=6)
    fake_window.assistant.continue_writing()
    idle(qtbot, fake_window)
    assert fake_window.editor.textCursor().position() == len("Start. The tide turned.")
    qtbot.keyClicks(fake_window.editor, " Mine")
    fake_window.editor.undo()
    assert fake_window.editor.toPlainText() == "Start. The tide turned."
    fake_window.editor.undo()
    assert fake_window.editor.toPlainText() == "Start."


def test_counts_follow_the_text_while_it_streams(qtbot: QtBot, fake_window: MainWindow,
                                                 fake: FakeEngine) -> None:
    fake.chunks = ["word "] * 150
    fake.delay_s = 0.02
    set_text(fake_window, "One two three.")
    qtbot.waitUntil(lambda: fake_window.counts_label.text().startswith("3 words"))
    fake_window.assistant.continue_writing()
    qtbot.waitUntil(lambda: not fake_window.counts_label.text().startswith("3 words")
                    or not fake_window.assistant.action_stop.isEnabled(), timeout=10_000)
    assert fake_window.assistant.action_stop.isEnabled(), "the counts waited for the stream to end"
    fake_window.assistant.stop()
    idle(qtbot, fake_window)


def test_accept_keeps_the_selections_surrounding_whitespace_and_paragraph_breaks(
        qtbot: QtBot, fake_window: MainWindow, fake: FakeEngine) -> None:
    fake.chunks = ["  A calmer ", "second paragraph.\n"]
    text = "First paragraph.\n\nSecond paragraph, loud.\n\nThird."
    set_text(fake_window, text)
    start = len("First paragraph.")
    select(fake_window, start, text.index("Third") - 1)
    fake_window.assistant.rewrite(style=RewriteStyle.CASUAL)
    qtbot.waitUntil(fake_window.assistant.rewrite_panel.accept_button.isEnabled)
    fake_window.assistant.rewrite_panel.accept_button.click()
    assert fake_window.editor.toPlainText() == (
        "First paragraph.\n\nA calmer second paragraph.\n\nThird.")


def test_continue_length_is_chosen_in_the_assist_menu_and_kept(
        qtbot: QtBot, fake_window: MainWindow, fake: FakeEngine, app_home: Path) -> None:
    menu = fake_window.assistant.continue_length_menu
    actions = {action.data(): action for action in menu.actions()}
    assert actions[ContinueLength.PARAGRAPH.value].isChecked()
    actions[ContinueLength.SENTENCE.value].trigger()
    assert fake_window.preferences.settings.continue_length is ContinueLength.SENTENCE
    stored, _ = SettingsStore(app_home / "config" / "settings.json").load()
    assert stored.continue_length is ContinueLength.SENTENCE
    set_text(fake_window, "It was late, and")
    fake_window.assistant.continue_writing()
    idle(qtbot, fake_window)
    assert fake.requests[-1].length is ContinueLength.SENTENCE
    assert fake.requests[-1].continue_mode is ContinueMode.AUTO
    # A change made elsewhere (the Settings dialog) shows in the menu too.
    fake_window.preferences.change(fake_window.preferences.settings.replace(
        continue_length=ContinueLength.LONG))
    assert actions[ContinueLength.LONG.value].isChecked()
    assert not actions[ContinueLength.SENTENCE.value].isChecked()


def test_settings_choose_continue_length_and_prompt(qtbot: QtBot,
                                                    fake_window: MainWindow) -> None:
    dialog = SettingsDialog(fake_window.preferences.settings, fake_window)
    qtbot.addWidget(dialog)
    assert dialog.continue_length.currentData() == ContinueLength.PARAGRAPH.value
    assert [dialog.continue_mode.itemText(index)
            for index in range(dialog.continue_mode.count())] == [
        "Automatic", "Completion", "Chat"]
    dialog.continue_length.setCurrentIndex(
        dialog.continue_length.findData(ContinueLength.LONG.value))
    dialog.continue_mode.setCurrentIndex(dialog.continue_mode.findData(ContinueMode.CHAT.value))
    settings = dialog.result_settings()
    assert settings.continue_length is ContinueLength.LONG
    assert settings.continue_mode is ContinueMode.CHAT
    dialog.restore_defaults()
    assert dialog.result_settings().continue_mode is ContinueMode.AUTO


def test_a_continuation_cut_by_the_length_limit_says_so(
        qtbot: QtBot, fake_window: MainWindow) -> None:
    fake_window.preferences.change(fake_window.preferences.settings.replace(
        sampling=SamplingSettings(max_tokens=2), continue_mode=ContinueMode.COMPLETION))
    set_text(fake_window, "It was late, and")
    fake_window.assistant.continue_writing()
    idle(qtbot, fake_window)
    assert fake_window.status_bar.full_message == \
        "Stopped at the maximum length (2 tokens); raise it in Settings."


def finished(qtbot: QtBot, panel: StreamPanel) -> None:
    qtbot.waitUntil(panel.retry_button.isEnabled)


def rewritten(qtbot: QtBot, window: MainWindow, fake: FakeEngine, answer: str, *,
              style: RewriteStyle | None = None, instruction: str = "") -> RewritePanel:
    """Rewrite the selection with ``answer`` as the model's result, and wait for it."""
    fake.chunks = [answer]
    window.assistant.rewrite(style=style, instruction=instruction)
    finished(qtbot, window.assistant.rewrite_panel)
    return window.assistant.rewrite_panel


def retry(qtbot: QtBot, panel: StreamPanel, fake: FakeEngine, answer: str) -> None:
    """Click Retry with ``answer`` as the model's next result, and wait for it."""
    fake.chunks = [answer]
    panel.retry_button.click()
    qtbot.waitUntil(lambda: not panel.retry_button.isEnabled())
    finished(qtbot, panel)


def test_retry_keeps_the_earlier_rewrites_within_reach(
        qtbot: QtBot, fake_window: MainWindow, fake: FakeEngine) -> None:
    set_text(fake_window, "Keep. Change this. Keep.")
    select(fake_window, 6, 18)
    panel = rewritten(qtbot, fake_window, fake, "First try.", style=RewriteStyle.REPHRASE)
    for answer in ("Second try.", "Third try."):
        retry(qtbot, panel, fake, answer)
    assert panel.position_label.text() == "3 of 3"
    assert not panel.forward_button.isEnabled()
    panel.back_button.click()
    assert panel.position_label.text() == "2 of 3"
    assert panel.text == "Second try."
    assert "Second" in panel.view.toPlainText()
    panel.accept_button.click()
    assert fake_window.editor.toPlainText() == "Keep. Second try. Keep."


def test_retry_keeps_the_earlier_summaries_within_reach(
        qtbot: QtBot, fake_window: MainWindow, fake: FakeEngine) -> None:
    set_text(fake_window, "A day at sea, with wind and rain and a long way home. " * 3)
    panel = fake_window.assistant.summary_panel
    fake.chunks = ["A wet day."]
    fake_window.assistant.summarize()
    finished(qtbot, panel)
    retry(qtbot, panel, fake, "Rain at sea.")
    assert panel.position_label.text() == "2 of 2"
    panel.back_button.click()
    assert panel.position_label.text() == "1 of 2"
    set_text(fake_window, "")
    panel.insert_button.click()
    assert fake_window.editor.toPlainText() == "A wet day."


def _unit_word(text: str) -> str:
    """The word after the last count of a label: "words" of "4 → 10 words", 字 of
    "261 字 · 共 1,500 个字符"."""
    counts = re.findall(r"[\d,]+\s*([^\d\s·→]+)", text)
    return counts[0] if "·" in text else counts[-1]


@pytest.mark.parametrize("text", ["It rained all day, and the streets were empty and grey.",
                                  "雨下了一整天，街上空无一人。"])
def test_the_chinese_panel_names_the_count_as_the_status_bar_does(
        qtbot: QtBot, chinese: None, fake_window: MainWindow, fake: FakeEngine,
        text: str) -> None:
    set_text(fake_window, text)
    label = fake_window.counts_label
    qtbot.waitUntil(lambda: label.text()[:1].isdigit() and _first_number(label.text()) > 0)
    fake.chunks = ["Short."]
    fake_window.assistant.summarize()
    panel = fake_window.assistant.summary_panel
    finished(qtbot, panel)
    assert _unit_word(label.text()) == _unit_word(panel.length_label.text()) == "字"


def test_the_review_says_what_was_asked_the_lengths_and_what_went_wrong(
        qtbot: QtBot, fake_window: MainWindow, fake: FakeEngine) -> None:
    set_text(fake_window, "Keep. It was very cold. Keep.")
    select(fake_window, 6, 23)
    panel = rewritten(qtbot, fake_window, fake, "It was a very, very cold and bitter night indeed.",
                      style=RewriteStyle.SHORTER)
    assert panel.asked_label.text() == "Shorter"
    assert panel.length_label.text() == "4 → 10 words"
    assert panel.warning_label.isVisibleTo(panel)
    assert "You asked for shorter" in panel.warning_label.text()
    rewritten(qtbot, fake_window, fake, "Cold.", instruction="Make it terse")
    assert panel.asked_label.text() == "Instruction: Make it terse"
    assert panel.length_label.text() == "4 → 1 words"
    assert not panel.warning_label.isVisibleTo(panel)


def test_a_rewrite_arrives_without_the_model_s_comment_and_talk_is_named(
        qtbot: QtBot, fake_window: MainWindow, fake: FakeEngine) -> None:
    set_text(fake_window, "Keep. The lamp burned all night and Mara watched the sea. Keep.")
    select(fake_window, 6, 58)
    panel = rewritten(qtbot, fake_window, fake,
                      "All night the lamp burned while Mara watched the sea. The original "
                      "passage is rephrased to make it more concise while maintaining its "
                      "meaning and tone.", style=RewriteStyle.REPHRASE)
    assert panel.text == "All night the lamp burned while Mara watched the sea."
    assert not panel.warning_label.isVisibleTo(panel)
    panel.accept_button.click()
    assert fake_window.editor.toPlainText() == \
        "Keep. All night the lamp burned while Mara watched the sea. Keep."
    select(fake_window, 6, 59)
    panel = rewritten(qtbot, fake_window, fake, "The following passage can be rewritten in a "
                      "more formal tone, as follows:", style=RewriteStyle.FORMAL)
    assert panel.warning_label.isVisibleTo(panel)
    assert "This is only an introduction to an answer, not the answer itself." in \
        panel.warning_label.text()


def test_the_summary_panel_shows_the_length_and_its_warning(
        qtbot: QtBot, fake_window: MainWindow, fake: FakeEngine) -> None:
    set_text(fake_window, "Short text.")
    fake.chunks = ["A summary that is much longer than the text it sums up."]
    fake_window.assistant.summarize()
    panel = fake_window.assistant.summary_panel
    finished(qtbot, panel)
    assert panel.length_label.text() == "2 → 12 words"
    assert "not shorter" in panel.warning_label.text()
    assert panel.warning_label.isVisibleTo(panel)


def test_the_diff_keeps_deleted_and_inserted_words_apart(
        qtbot: QtBot, fake_window: MainWindow, fake: FakeEngine) -> None:
    set_text(fake_window, "He pushed the door.")
    select(fake_window, 0, 19)
    panel = rewritten(qtbot, fake_window, fake, "The storm pushed the door.",
                      style=RewriteStyle.REPHRASE)
    assert panel.view.toPlainText() == "He The storm pushed the door."
    panel.side_by_side.click()
    shown = panel.view.toPlainText()
    assert "Original" in shown and "Rewrite" in shown
    assert "He pushed the door." in shown and "The storm pushed the door." in shown


def test_the_text_keeps_away_from_the_edges_and_can_keep_a_readable_width(
        qtbot: QtBot, make_window: WindowFactory, app_home: Path) -> None:
    window = make_window(FakeEngine())
    editor = window.editor
    assert not editor.document().isModified()
    assert not editor.document().isUndoAvailable()
    set_text(window, "word " * 400)

    def line_width() -> float:
        return editor.document().firstBlock().layout().lineAt(0).width()

    def column() -> float:
        return editor.viewport().width() - 2 * editor.document().documentMargin()

    assert editor.document().documentMargin() >= 8
    assert editor.viewportMargins().left() > 0
    assert window.preferences.settings.readable_line_length
    assert line_width() <= column(), "lines run past the column"
    assert 60 <= column() / editor.fontMetrics().horizontalAdvance("x") <= 90
    assert abs(editor.viewportMargins().left() - editor.viewportMargins().right()) <= 1
    assert editor.horizontalScrollBar().maximum() == 0
    readable = column()
    window.menu_bar.action_readable_width.trigger()
    assert not window.preferences.settings.readable_line_length
    assert column() > readable + 100
    assert line_width() > readable + 100, "the text did not take the new width"
    assert line_width() <= column()
    assert editor.viewportMargins().left() > 0
    stored, _ = SettingsStore(app_home / "config" / "settings.json").load()
    assert not stored.readable_line_length


def test_results_read_in_the_editors_font(fake_window: MainWindow) -> None:
    fake_window.view.zoom_in()
    size = fake_window.editor.font().pointSize()
    assert fake_window.assistant.rewrite_panel.view.font().pointSize() == size
    assert fake_window.assistant.summary_panel.view.font().pointSize() == size


def test_the_marking_covers_the_changed_words_not_the_spaces(qtbot: QtBot) -> None:
    palette = QPalette()
    shown = diff_html("It was very cold.", "It was cold.", palette)
    assert ">very</span> cold." in shown
    assert "> very" not in shown and "very </span>" not in shown


@pytest.mark.parametrize(("before", "after"), [
    ("😀 开始。", "\n结束 🌧"),
    ("A line of a long document.\n" * 5000, "Its second half.\n" * 5000),
])
def test_the_insertion_stays_one_undo_step_around_emoji_chinese_and_long_text(
        qtbot: QtBot, before: str, after: str) -> None:
    editor = WriterTextEdit()
    qtbot.addWidget(editor)
    editor.setPlainText(before + after)
    inserter = StreamInserter(editor, len(before.encode("utf-16-le")) // 2)
    typed = QTextCursor(editor.document())
    ours = ""
    for chunk, mine, where in (("风", "🎈", QTextCursor.MoveOperation.End),
                               ("雨😀", "好", QTextCursor.MoveOperation.Start),
                               (" rain", "🌧", QTextCursor.MoveOperation.End)):
        inserter.add(chunk)
        ours += chunk
        qtbot.waitUntil(lambda ours=ours: ours in editor.toPlainText())
        typed.movePosition(where)
        typed.insertText(mine)
    assert inserter.finish()
    final = "好" + before + ours + after + "🎈🌧"
    assert editor.toPlainText() == final
    editor.undo()
    assert editor.toPlainText() == "好" + before + after + "🎈🌧"
    editor.undo()
    assert editor.toPlainText() == before + after


def test_retry_asks_for_what_its_panel_shows_after_a_continue(
        qtbot: QtBot, fake_window: MainWindow, fake: FakeEngine) -> None:
    set_text(fake_window, "Keep. Change this. Keep.")
    select(fake_window, 6, 18)
    panel = rewritten(qtbot, fake_window, fake, "Changed.", style=RewriteStyle.FORMAL)
    move_to(fake_window, 0)
    fake_window.assistant.continue_writing()
    idle(qtbot, fake_window)
    retry(qtbot, panel, fake, "Changed again.")
    assert fake.requests[-1].action is Action.REWRITE
    assert fake.requests[-1].style is RewriteStyle.FORMAL
    assert panel.position_label.text() == "2 of 2"


def test_continue_on_the_empty_last_line_goes_on_with_the_unfinished_sentence(
        qtbot: QtBot, fake_window: MainWindow, fake: FakeEngine) -> None:
    fake.chunks = [" she", " waited."]
    draft = "She wiped the salt from the glass, lit the lamp, and"
    set_text(fake_window, draft + "\n")
    fake_window.assistant.continue_writing()
    idle(qtbot, fake_window)
    assert fake_window.editor.toPlainText() == draft + " she waited.\n"
    assert fake.requests[-1].cursor == len(draft)


# Texts a writer counts: English prose, Chinese with its full-width marks, Markdown with
# marks that are no words, trailing whitespace, joined words and numbers.
COUNTED = [
    ("english.txt", "The storm broke over the harbour at dawn.\nBoats rocked; the gulls "
                    "went quiet.\n"),
    ("trailing.txt", "Words at the end.   \n\n\t  \n"),
    ("joined.txt", "A well-known writer's don't-stop habit isn't rock’n’roll."),
    ("numbers.txt", "It cost 3.5 dollars, then 1,000 more, in 2026."),
    ("chinese.txt", "我们在海边散步。他说：“明天再来！”——好吧……\n"),
    ("notes.md", "# A Title\n\n1. One **bold** item\n- [x] done, see [the link]"
                 "(http://example.com/a-b)\n\n> quoted *words* here\n\n```\ncode here\n```\n"),
    ("chinese.md", "## 标题\n\n- 第一项：**重要**。\n- 第二项 3.5 元\n"),
    ("marks.txt", "# Not Markdown here\n\n1. so the marks stay text\n"),
]


def _first_number(text: str) -> int:
    found = re.search(r"\d[\d,]*", text)
    assert found is not None, text
    return int(found.group().replace(",", ""))


@pytest.mark.parametrize(("name", "text"), COUNTED)
def test_the_assistant_panel_counts_a_text_as_the_status_bar_does(
        qtbot: QtBot, fake_window: MainWindow, fake: FakeEngine, tmp_path: Path, *,
        name: str, text: str) -> None:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    assert fake_window.documents.open_path(path)
    editor = fake_window.editor
    label = fake_window.counts_label
    qtbot.waitUntil(lambda: label.text()[:1].isdigit() and _first_number(label.text()) > 0)
    shown = _first_number(label.text())

    fake.chunks = ["Short."]
    fake_window.assistant.summarize()
    panel = fake_window.assistant.summary_panel
    finished(qtbot, panel)
    assert _first_number(panel.length_label.text()) == shown, panel.length_label.text()

    editor.selectAll()
    qtbot.waitUntil(fake_window.goals.selection_label.isVisible)
    assert _first_number(fake_window.goals.selection_label.text()) == shown
    fake_window.assistant.summarize()
    finished(qtbot, panel)
    assert panel.asked_label.text() == "Of the selection"
    assert _first_number(panel.length_label.text()) == shown, panel.length_label.text()
