"""A reasoning model's thinking never reaches the document (the fake engine thinks)."""

from __future__ import annotations

from pytestqt.qtbot import QtBot

from tests.gui.conftest import idle
from tests.gui.test_window import set_text
from writer_app.core.requests import SamplingSettings
from writer_app.core.settings import Settings
from writer_app.testing.fake_engine import FakeEngine
from writer_app.ui.main_window import MainWindow


def test_a_block_split_across_chunks_never_reaches_the_document(
        qtbot: QtBot, fake_window: MainWindow, fake: FakeEngine) -> None:
    fake.chunks = ["<thi", "nk>The writer wants", " a quiet ending.</th", "ink>\n\n",
                   " The rain", " stopped."]
    set_text(fake_window, "It rained all night.")
    fake_window.assistant.continue_writing()
    idle(qtbot, fake_window)
    assert fake_window.editor.toPlainText() == "It rained all night. The rain stopped."


def test_an_unclosed_block_at_the_token_limit_leaves_the_document_as_it_was(
        qtbot: QtBot, fake_window: MainWindow, fake: FakeEngine) -> None:
    fake_window.preferences.change(Settings(sampling=SamplingSettings(max_tokens=3)))
    fake.chunks = ["<think>", "Let me", " think", " about", " the rain"]
    set_text(fake_window, "It rained all night.")
    fake_window.assistant.continue_writing()
    idle(qtbot, fake_window)
    assert fake_window.editor.toPlainText() == "It rained all night."
    assert fake.requests[-1].sampling.max_tokens == 3
