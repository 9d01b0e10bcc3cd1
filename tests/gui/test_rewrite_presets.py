"""Rewrite presets in the Rewrite menu, and the long summary run through EngineService."""

from __future__ import annotations

from pytestqt.qtbot import QtBot

from tests.gui.conftest import idle
from writer_app.core.paths import AppPaths
from writer_app.core.plans.long_summary import LongSummary, Phase, Progress
from writer_app.core.requests import Action, SamplingSettings
from writer_app.core.settings import SettingsStore
from writer_app.qt.plan_runners import LongSummaryRunner
from writer_app.testing.fake_engine import FakeEngine
from writer_app.ui.main_window import MainWindow


def test_a_saved_preset_rewrites_the_selection_and_is_remembered(
        qtbot: QtBot, fake_window: MainWindow, fake: FakeEngine) -> None:
    presets = fake_window.assistant.rewrite_presets
    presets.save("Pirate", "Rewrite it as a pirate would say it.")
    names = [action.text() for action in fake_window.assistant.rewrite_menu.actions()]
    assert "Pirate" in names
    stored, _ = SettingsStore(AppPaths.default().settings_file).load()
    assert [p.name for p in stored.rewrite_presets] == ["Pirate"]
    fake_window.editor.setPlainText("The ship left the harbour.")
    fake_window.editor.selectAll()
    action = next(a for a in fake_window.assistant.rewrite_menu.actions() if a.text() == "Pirate")
    action.trigger()
    idle(qtbot, fake_window)
    request = fake.requests[-1]
    assert request.action is Action.REWRITE
    assert request.instruction == "Rewrite it as a pirate would say it."
    presets.remove("Pirate")
    assert "Pirate" not in [a.text() for a in fake_window.assistant.rewrite_menu.actions()]
    stored, _ = SettingsStore(AppPaths.default().settings_file).load()
    assert stored.rewrite_presets == ()


def test_long_summary_runner_reports_parts_and_streams_the_final_summary(
        qtbot: QtBot, fake_window: MainWindow, fake: FakeEngine) -> None:
    fake.chunks = ["A short ", "summary."]
    runner = LongSummaryRunner(fake_window.service)
    seen: list[Progress] = []
    streamed: list[str] = []
    results: list[LongSummary] = []
    runner.progressed.connect(seen.append)
    runner.summary_received.connect(streamed.append)
    runner.finished.connect(results.append)
    text = "\n\n".join(f"Paragraph {i} of a long report. " * 40 for i in range(40))
    runner.start(LongSummary(text, 1024, SamplingSettings()))
    qtbot.waitUntil(lambda: bool(results), timeout=30_000)
    summary = results[0]
    assert len(summary.parts) > 4
    assert [p.done for p in seen if p.phase is Phase.MAP] == list(range(len(summary.parts)))
    assert seen[-1].phase is Phase.REDUCE
    assert summary.summary == "A short summary."
    assert "".join(streamed) == "A short summary."
    assert len(summary.part_summaries) == len(summary.parts)
