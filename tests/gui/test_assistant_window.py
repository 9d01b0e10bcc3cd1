"""The assistant's parts of the window: streams and undo, reviews, retries, the model's name."""

from __future__ import annotations

from pytestqt.qtbot import QtBot

from tests.gui.conftest import idle
from tests.gui.test_window import select, set_text
from writer_app.core.actions import RewriteStyle
from writer_app.testing.fake_engine import FakeEngine
from writer_app.ui.main_window import MainWindow


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
    fake_window.continue_writing()
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


def test_counts_follow_the_text_while_it_streams(qtbot: QtBot, fake_window: MainWindow,
                                                 fake: FakeEngine) -> None:
    fake.chunks = ["word "] * 150
    fake.delay_s = 0.02
    set_text(fake_window, "One two three.")
    qtbot.waitUntil(lambda: fake_window.counts_label.text().startswith("3 words"))
    fake_window.continue_writing()
    qtbot.waitUntil(lambda: not fake_window.counts_label.text().startswith("3 words")
                    or not fake_window._action_stop.isEnabled(), timeout=10_000)
    assert fake_window._action_stop.isEnabled(), "the counts waited for the stream to end"
    fake_window.stop()
    idle(qtbot, fake_window)


def test_accept_keeps_the_selections_surrounding_whitespace_and_paragraph_breaks(
        qtbot: QtBot, fake_window: MainWindow, fake: FakeEngine) -> None:
    fake.chunks = ["  A calmer ", "second paragraph.\n"]
    text = "First paragraph.\n\nSecond paragraph, loud.\n\nThird."
    set_text(fake_window, text)
    start = len("First paragraph.")
    select(fake_window, start, text.index("Third") - 1)
    fake_window.rewrite(style=RewriteStyle.CASUAL)
    qtbot.waitUntil(fake_window.rewrite_panel.accept_button.isEnabled)
    fake_window.rewrite_panel.accept_button.click()
    assert fake_window.editor.toPlainText() == (
        "First paragraph.\n\nA calmer second paragraph.\n\nThird.")
