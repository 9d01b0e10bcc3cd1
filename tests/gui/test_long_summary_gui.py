"""Summarize on a document longer than the context window: read in parts, then together."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from tests.gui.conftest import WindowFactory, idle, load
from tests.gui.test_window import set_text
from writer_app.core.plans.long_summary import LongSummary
from writer_app.core.requests import Action
from writer_app.core.settings import Settings
from writer_app.qt import plan_runners
from writer_app.testing.fake_engine import FakeEngine
from writer_app.ui.assistant import long_summary as flow_module
from writer_app.ui.main_window import MainWindow

PARAGRAPH = ("The harbour woke before the town did. Fishing boats slid out past the breakwater "
             "while the bakers lit their ovens and the gulls argued over the nets.\n\n")


def test_a_document_ten_times_the_context_is_summarized_in_parts(
        qtbot: QtBot, make_window: WindowFactory, tiny_model: Path) -> None:
    fake = FakeEngine()
    window = make_window(fake, settings=Settings(n_ctx=512))
    load(qtbot, window, tiny_model)
    set_text(window, PARAGRAPH * 120)  # about 20,000 characters: ten 512-token windows
    window.assistant.summarize()
    idle(qtbot, window)
    panel = window.assistant.summary_panel
    summaries = [r for r in fake.requests if r.action is Action.SUMMARIZE]
    assert len(summaries) > 3
    assert all(len(r.text) < len(PARAGRAPH) * 30 for r in summaries)  # no part is the whole
    assert panel.text == "".join(fake.chunks)
    assert panel.parts_button.isVisible()
    assert panel.parts_view.toPlainText().startswith("Part 1: ")


def test_stop_ends_a_long_summary_and_the_next_action_runs(
        qtbot: QtBot, make_window: WindowFactory, tiny_model: Path) -> None:
    fake = FakeEngine()
    window = make_window(fake, settings=Settings(n_ctx=512))
    load(qtbot, window, tiny_model)
    set_text(window, PARAGRAPH * 120)
    fake.hold()
    window.assistant.summarize()
    qtbot.waitUntil(lambda: len(fake.requests) == 1, timeout=10_000)
    assert window.assistant.is_busy() and window.assistant.action_stop.isEnabled()
    window.assistant.stop()
    fake.release()
    idle(qtbot, window)
    assert len(fake.requests) == 1
    set_text(window, "A short note.")
    window.assistant.summarize()
    idle(qtbot, window)
    assert fake.requests[-1].text == "A short note."
    assert not window.assistant.summary_panel.parts_button.isVisible()


def test_the_parts_are_planned_once_off_the_gui_thread_and_the_panel_says_so(
        qtbot: QtBot, make_window: WindowFactory, tiny_model: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    # Dividing a book into parts takes seconds: on the GUI thread it froze the window.
    planned_on: list[threading.Thread] = []

    def planned(*args: object, **kwargs: object) -> LongSummary:
        planned_on.append(threading.current_thread())
        return LongSummary(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(flow_module, "LongSummary", planned)
    monkeypatch.setattr(plan_runners, "LongSummary", planned)
    fake = FakeEngine()
    window = make_window(fake, settings=Settings(n_ctx=512))
    load(qtbot, window, tiny_model)
    set_text(window, PARAGRAPH * 120)
    window.assistant.summarize()
    panel = window.assistant.summary_panel
    assert panel.status_text == "Dividing the text into parts…"
    assert window.assistant.is_busy()
    idle(qtbot, window)
    assert len(planned_on) == 1
    assert planned_on[0] is not threading.main_thread()
    assert panel.status_text.startswith("Done: the document was read in ")


def _stopped_after_the_first_part(qtbot: QtBot, window: MainWindow, fake: FakeEngine) -> None:
    set_text(window, PARAGRAPH * 120)
    fake.hold(from_request=1)
    window.assistant.summarize()
    qtbot.waitUntil(lambda: len(fake.requests) == 2, timeout=10_000)
    window.assistant.stop()
    fake.release()
    idle(qtbot, window)


def test_after_stop_the_parts_read_are_the_summary_and_retry_reads_only_the_rest(
        qtbot: QtBot, make_window: WindowFactory, tiny_model: Path) -> None:
    fake = FakeEngine()
    window = make_window(fake, settings=Settings(n_ctx=512))
    load(qtbot, window, tiny_model)
    _stopped_after_the_first_part(qtbot, window, fake)
    panel = window.assistant.summary_panel
    assert panel.text == "".join(fake.chunks).strip()
    assert panel.copy_button.isEnabled() and panel.insert_button.isEnabled()
    assert "1 of " in panel.status_text
    first_part = fake.requests[0].text
    qtbot.mouseClick(panel.retry_button, Qt.MouseButton.LeftButton)
    idle(qtbot, window)
    parts_read_again = [r for r in fake.requests[2:] if r.text == first_part]
    assert parts_read_again == []
    assert "Done" in panel.status_text


def test_another_document_takes_the_parts_away(
        qtbot: QtBot, make_window: WindowFactory, tiny_model: Path) -> None:
    fake = FakeEngine()
    window = make_window(fake, settings=Settings(n_ctx=512))
    load(qtbot, window, tiny_model)
    _stopped_after_the_first_part(qtbot, window, fake)
    assert window.assistant.summary_panel.parts_button.isVisible()
    window.documents.new_document()
    assert not window.assistant.summary_panel.parts_button.isVisible()
    assert window.assistant.summary_panel.parts_view.toPlainText() == ""
