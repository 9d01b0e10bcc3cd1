"""Each action in the real window, on the real llama.cpp with the generated tiny model."""

from __future__ import annotations

import os
import signal
from pathlib import Path

import pytest
from PySide6.QtGui import QTextCursor
from pytestqt.qtbot import QtBot

from tests.gui.conftest import Messages, WindowFactory, idle, load
from writer_app.core.requests import ContinueLength, RewriteStyle, SamplingSettings
from writer_app.core.settings import Settings
from writer_app.engine.client import EngineClient
from writer_app.ui.main_window import MainWindow

pytestmark = pytest.mark.real_engine

DRAFT = "The river was quiet that night. 夜晚的城市很安静。"


def put(window: MainWindow, text: str) -> None:
    window.editor.setPlainText(text)
    cursor = window.editor.textCursor()
    cursor.movePosition(QTextCursor.MoveOperation.End)
    window.editor.setTextCursor(cursor)


def test_continue_then_undo(qtbot: QtBot, real_window: MainWindow) -> None:
    put(real_window, "")
    real_window.editor.insertPlainText(DRAFT)
    real_window.assistant.continue_writing()
    idle(qtbot, real_window)
    text = real_window.editor.toPlainText()
    assert text.startswith(DRAFT) and len(text) > len(DRAFT)
    assert "\ufffd" not in text
    assert "tokens/s" in real_window.assistant.speed_label.text()
    real_window.editor.undo()
    assert real_window.editor.toPlainText() == DRAFT


def streaming(qtbot: QtBot, make_window: WindowFactory, model: Path,
              max_tokens: int) -> MainWindow:
    """A window whose real model has started to continue DRAFT."""
    window = make_window(EngineClient(), Settings(
        sampling=SamplingSettings(temperature=0.0, max_tokens=max_tokens), n_ctx=4096,
        continue_length=ContinueLength.LONG))
    load(qtbot, window, model)
    put(window, DRAFT)
    window.assistant.continue_writing()
    qtbot.waitUntil(lambda: len(window.editor.toPlainText()) > len(DRAFT), timeout=30_000)
    return window


def test_typing_elsewhere_while_the_real_model_streams(qtbot: QtBot,
                                                       make_window: WindowFactory,
                                                       tiny_model: Path) -> None:
    window = streaming(qtbot, make_window, tiny_model, max_tokens=300)
    top = window.editor.textCursor()
    top.setPosition(0)
    window.editor.setTextCursor(top)
    qtbot.keyClicks(window.editor, "Title. ")
    idle(qtbot, window)
    text = window.editor.toPlainText()
    assert text.startswith("Title. " + DRAFT)
    inserted = text[len("Title. " + DRAFT):]
    assert inserted and "Title" not in inserted


def test_stop_the_real_model(qtbot: QtBot, make_window: WindowFactory,
                             tiny_model: Path) -> None:
    window = streaming(qtbot, make_window, tiny_model, max_tokens=1000)
    window.assistant.stop()
    idle(qtbot, window)
    assert window.statusBar().currentMessage().startswith("Stopped")


def test_summarize(qtbot: QtBot, real_window: MainWindow) -> None:
    put(real_window, DRAFT * 3)
    real_window.assistant.summarize()
    qtbot.waitUntil(real_window.assistant.summary_panel.insert_button.isEnabled, timeout=30_000)
    assert real_window.assistant.summary_panel.text.strip()
    assert real_window.editor.toPlainText() == DRAFT * 3


def test_rewrite_accept_and_reject(qtbot: QtBot, real_window: MainWindow) -> None:
    put(real_window, DRAFT)
    cursor = real_window.editor.textCursor()
    cursor.setPosition(0)
    cursor.setPosition(31, QTextCursor.MoveMode.KeepAnchor)
    real_window.editor.setTextCursor(cursor)
    real_window.assistant.rewrite(style=RewriteStyle.TO_CHINESE)
    qtbot.waitUntil(real_window.assistant.rewrite_panel.accept_button.isEnabled, timeout=30_000)
    real_window.assistant.rewrite_panel.reject_button.click()
    assert real_window.editor.toPlainText() == DRAFT

    real_window.editor.setTextCursor(cursor)
    real_window.assistant.rewrite(style=RewriteStyle.TO_CHINESE)
    qtbot.waitUntil(real_window.assistant.rewrite_panel.accept_button.isEnabled, timeout=30_000)
    rewritten = real_window.assistant.rewrite_panel.text.strip()
    real_window.assistant.rewrite_panel.accept_button.click()
    assert real_window.editor.toPlainText() == rewritten + DRAFT[31:]
    real_window.editor.undo()
    assert real_window.editor.toPlainText() == DRAFT


def test_engine_killed_mid_stream_keeps_the_text_and_comes_back(
        qtbot: QtBot, make_window: WindowFactory, tiny_model: Path,
        messages: Messages) -> None:
    window = streaming(qtbot, make_window, tiny_model, max_tokens=2000)
    client = window.service.engine
    assert isinstance(client, EngineClient) and client.pid is not None
    os.kill(client.pid, signal.SIGKILL)
    qtbot.waitUntil(lambda: bool(messages.shown), timeout=30_000)
    idle(qtbot, window)
    assert "stopped unexpectedly" in messages.texts()
    text = window.editor.toPlainText()
    assert text.startswith(DRAFT)
    window.preferences.change(
        window.preferences.settings.replace(sampling=SamplingSettings(max_tokens=8)))
    window.assistant.continue_writing()
    idle(qtbot, window)
    assert window.editor.toPlainText().startswith(text)
    assert len(window.editor.toPlainText()) > len(text)


def test_a_bad_model_shows_the_reason(qtbot: QtBot, make_window: WindowFactory,
                                      tmp_path: Path, messages: Messages) -> None:
    window = make_window(EngineClient())
    bad = tmp_path / "broken.gguf"
    bad.write_bytes(b"GGUF" + b"\x03\x00\x00\x00" + b"\xff" * 8)
    window.models.load_model(bad)
    qtbot.waitUntil(lambda: bool(messages.shown), timeout=30_000)
    assert "broken.gguf" in messages.texts()
    assert window.models.model_label.text() == "No model"


def test_closing_mid_generation_ends_the_engine(qtbot: QtBot, make_window: WindowFactory,
                                                tiny_model: Path) -> None:
    window = streaming(qtbot, make_window, tiny_model, max_tokens=4000)
    client = window.service.engine
    assert isinstance(client, EngineClient) and client.is_running()
    window.editor.document().setModified(False)
    assert window.close()
    assert not client.is_running()


def test_twenty_engine_kills_in_a_row(qtbot: QtBot, make_window: WindowFactory,
                                      tiny_model: Path, messages: Messages) -> None:
    """Killed at random points of load, prompt processing and generation: the editor
    stays up, the text stays intact, and the next request works."""
    import random

    rng = random.Random(20261122)
    window = make_window(EngineClient(), Settings(
        sampling=SamplingSettings(temperature=0.0, max_tokens=300), n_ctx=8192))
    load(qtbot, window, tiny_model)
    client = window.service.engine
    assert isinstance(client, EngineClient)
    draft = "The river was quiet that night. " * 150
    phases = []
    for _ in range(20):
        put(window, draft)
        phase = rng.choice(("load", "prompt", "generation"))
        phases.append(phase)
        if phase == "load":
            window.models.load_model(tiny_model)
        else:
            window.assistant.continue_writing()
        if phase == "generation":
            qtbot.waitUntil(lambda: len(window.editor.toPlainText()) > len(draft),
                            timeout=30_000)
        else:
            qtbot.wait(rng.randrange(0, 60))
        if client.pid is not None:
            os.kill(client.pid, signal.SIGKILL)
        idle(qtbot, window)
        qtbot.waitUntil(lambda: not window.models.progress.isVisible(), timeout=30_000)
        assert window.isVisible()
        assert window.editor.toPlainText().startswith(draft)
        if window.models.model is None or window.preferences.settings.model_path == "":
            load(qtbot, window, tiny_model)
    put(window, draft)
    window.assistant.continue_writing()
    idle(qtbot, window)
    assert len(window.editor.toPlainText()) > len(draft)
    assert set(phases) == {"load", "prompt", "generation"}
    print(f"20 kills ({', '.join(f'{p}: {phases.count(p)}' for p in sorted(set(phases)))});"
          f" {len(messages.shown)} hit work in flight and were reported")


def test_stop_switch_and_quit_with_a_frozen_engine(qtbot: QtBot, make_window: WindowFactory,
                                                   tiny_model: Path, base_model: Path,
                                                   messages: Messages) -> None:
    """The engine stops answering (SIGSTOP): Stop, loading another model and closing the
    window each still take effect, the writer is told, and the text is untouched."""
    client = EngineClient(stop_timeout_s=0.5)
    window = make_window(client, Settings(
        sampling=SamplingSettings(temperature=0.0, max_tokens=8), n_ctx=1024))
    load(qtbot, window, tiny_model)

    def freeze_during_continue() -> None:
        qtbot.waitUntil(lambda: not window.service.is_busy(), timeout=30_000)
        assert client.pid is not None
        os.kill(client.pid, signal.SIGSTOP)
        window.assistant.continue_writing()
        qtbot.waitUntil(lambda: client.in_flight, timeout=30_000)

    put(window, DRAFT)
    freeze_during_continue()
    window.assistant.stop()
    qtbot.waitUntil(lambda: bool(messages.shown), timeout=30_000)
    idle(qtbot, window)
    assert "did not stop" in messages.texts()
    assert window.editor.toPlainText() == DRAFT
    window.assistant.continue_writing()
    idle(qtbot, window)
    assert window.editor.toPlainText().startswith(DRAFT)
    assert len(window.editor.toPlainText()) > len(DRAFT)

    freeze_during_continue()
    window.models.load_model(base_model)
    qtbot.waitUntil(lambda: window.models.model is not None
                    and window.models.model.path == str(base_model), timeout=30_000)

    freeze_during_continue()
    window.editor.document().setModified(False)
    assert window.close()
    assert not client.is_running()


def test_a_broken_chat_template_is_reported_once(qtbot: QtBot, make_window: WindowFactory,
                                                 tmp_path: Path, messages: Messages) -> None:
    from writer_app.core.sources.names import display_name
    from writer_app.testing.tiny_model import TinyModelSpec, write_tiny_model

    model = write_tiny_model(tmp_path / "broken-template.gguf", TinyModelSpec(
        chat_template="{{ 'x' * 200000000 }}{% for m in messages %}{{ m.content }}{% endfor %}",
        name="Broken-Template-1B"))
    window = make_window(EngineClient(), Settings(
        sampling=SamplingSettings(temperature=0.0, max_tokens=8), n_ctx=1024))
    load(qtbot, window, model)
    qtbot.waitUntil(lambda: bool(messages.shown), timeout=30_000)
    name = display_name(model, "Broken-Template-1B")
    assert f"chat template in {name}" in messages.texts() and "fault" in messages.texts()
    put(window, DRAFT)
    for _ in range(2):
        window.assistant.continue_writing()
        idle(qtbot, window)
    assert len(messages.shown) == 1, messages.texts()
    assert len(window.editor.toPlainText()) > len(DRAFT)
