"""Summarize on a document longer than the context window: read in parts, then together."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from tests.gui.conftest import WindowFactory, idle, load
from tests.gui.test_window import set_text
from writer_app.core.plans.long_summary import LongSummary
from writer_app.core.requests import Action
from writer_app.core.settings import Settings
from writer_app.qt import plan_runners
from writer_app.testing.fake_engine import FakeEngine
from writer_app.ui.assistant import long_summary as flow_module

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
