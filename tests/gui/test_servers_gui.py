"""Model ▸ Servers… in the real window: test a connection, draft on a server, come back."""

from __future__ import annotations

import stat
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from PySide6.QtGui import QTextCursor
from pytestqt.qtbot import QtBot

from tests.gui.conftest import Messages, WindowFactory, idle
from writer_app.core.paths import AppPaths
from writer_app.core.settings import Settings, write_token
from writer_app.core.sources.servers import ServerConfig, api_key_file
from writer_app.engine.client import EngineClient
from writer_app.testing.fake_engine import FakeEngine
from writer_app.testing.openai_server import MODEL, BrokenServer
from writer_app.ui.main_window import MainWindow
from writer_app.ui.model.controller import SERVER_STYLE
from writer_app.ui.model.servers_dialog import ServersDialog


@pytest.fixture
def server() -> Iterator[BrokenServer]:
    with BrokenServer() as running:
        yield running


def _fill(qtbot: QtBot, dialog: ServersDialog, url: str, key: str = "") -> None:
    dialog.add_server()
    dialog.name_edit.setText("GPU box")
    dialog.url_edit.setText(url)
    dialog.key_edit.setText(key)
    dialog.test_connection()
    qtbot.waitUntil(lambda: not dialog.is_testing() and dialog.test_button.isEnabled(),
                    timeout=20_000)


def _connected(qtbot: QtBot, window: MainWindow) -> None:
    qtbot.waitUntil(lambda: window.models.model is not None, timeout=20_000)
    qtbot.waitUntil(lambda: not window.models.progress.isVisible(), timeout=20_000)


def _continue_at_end(window: MainWindow, text: str) -> None:
    window.editor.setPlainText(text)
    cursor = window.editor.textCursor()
    cursor.movePosition(QTextCursor.MoveOperation.End)
    window.editor.setTextCursor(cursor)
    window.assistant.continue_writing()


def test_choosing_a_server_model_makes_it_the_engine_and_one_click_brings_back_local(
        qtbot: QtBot, make_window: WindowFactory, fake: FakeEngine,
        server: BrokenServer) -> None:
    window = make_window(fake)
    assert not window.models.local_button.isVisible()
    dialog = window.models.open_servers()
    _fill(qtbot, dialog, server.url, key="sk-secret")
    port = urlsplit(server.url).port
    assert dialog.status_label.text() == (
        f"Connected to 127.0.0.1:{port}: 1 model. Choose one to use it.")
    assert dialog.models.count() == 1 and dialog.use_button.isEnabled()
    dialog.use_button.click()
    _connected(qtbot, window)
    assert window.models.model_label.text() == f"Server: 127.0.0.1 · {MODEL}"
    assert window.models.model_label.styleSheet() == SERVER_STYLE
    assert window.models.local_button.isVisible() and fake.closed
    assert window.preferences.settings.active_server == server.url
    assert window.preferences.settings.servers == (ServerConfig(server.url, "GPU box", MODEL),)
    key_file = api_key_file(AppPaths.default().config, server.url)
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    assert "sk-secret" not in AppPaths.default().settings_file.read_text(encoding="utf-8")

    _continue_at_end(window, "It was late.")
    idle(qtbot, window)
    assert window.editor.toPlainText() == "It was late. The rain kept falling over the quiet city."
    assert server.state.requests[-1][2]["prompt"] == "It was late."
    assert fake.requests == []

    window.models.local_button.click()
    assert window.engines.server is None and window.preferences.settings.active_server == ""
    label = window.models.model_label
    assert label.text() == "No model" and label.styleSheet() == ""
    assert not window.models.local_button.isVisible()


@pytest.mark.parametrize(("mode", "reason"), [
    ("401", "refused the API key (401)"),
    ("404", "not as an OpenAI-compatible API (404"),
    ("not_openai", "its list of models could not be read"),
    ("deep_models", "sent JSON nested more than 32 levels deep"),
])
def test_a_failed_connection_says_why(qtbot: QtBot, fake_window: MainWindow,
                                      server: BrokenServer, mode: str, reason: str) -> None:
    server.state.mode, server.state.count = mode, 100_000
    dialog = fake_window.models.open_servers()
    _fill(qtbot, dialog, server.url)
    assert dialog.status_label.text().startswith("Could not connect.")
    assert reason in dialog.status_label.text()
    assert dialog.models.count() == 0 and not dialog.use_button.isEnabled()


def test_a_wrong_address_is_refused_before_connecting(
        qtbot: QtBot, make_window: WindowFactory, fake: FakeEngine) -> None:
    dialog = make_window(fake).models.open_servers()
    _fill(qtbot, dialog, "gpu-box.local:8080")
    assert dialog.status_label.text() == "The address must start with http:// or https://."


def test_a_saved_server_is_used_at_start_and_the_local_engine_never_starts(
        qtbot: QtBot, make_window: WindowFactory, server: BrokenServer,
        messages: Messages) -> None:
    local = EngineClient()
    config = ServerConfig(server.url, "GPU box", MODEL)
    window = make_window(local, Settings(servers=(config,), active_server=server.url))
    assert window.engines.server == config
    window.models.connect_server()
    _connected(qtbot, window)
    server.state.mode = "drop"
    _continue_at_end(window, "It was late.")
    idle(qtbot, window)
    assert window.editor.toPlainText() == "It was late. The rain kept falling "
    assert "was lost in the middle of the answer" in messages.texts()
    assert "incomplete" in messages.texts()
    assert local.pid is None


def test_removing_the_server_in_use_goes_back_to_the_local_model(
        qtbot: QtBot, make_window: WindowFactory, fake: FakeEngine, server: BrokenServer,
        tiny_model: Path) -> None:
    config = ServerConfig(server.url, "GPU box", MODEL)
    window = make_window(fake, Settings(servers=(config,), active_server=server.url,
                                        model_path=str(tiny_model)))
    window.models.connect_server()
    _connected(qtbot, window)
    key_file = api_key_file(AppPaths.default().config, server.url)
    write_token(key_file, "sk-old")
    dialog = window.models.open_servers()
    assert dialog.key_edit.text() == "sk-old"
    dialog.remove_server()
    dialog.reject()
    assert window.engines.server is None and window.preferences.settings.servers == ()
    assert not key_file.exists()
    qtbot.waitUntil(lambda: window.models.model is not None, timeout=20_000)
    assert fake.loads[-1].model_path == str(tiny_model)
    assert window.models.model_label.styleSheet() == ""


def test_a_server_model_thinking_in_its_reasoning_field_shows_as_thinking(
        qtbot: QtBot, make_window: WindowFactory, fake: FakeEngine,
        server: BrokenServer) -> None:
    server.state.reasoning = ("The writer wants ", "a short summary.")
    server.state.hold_after_reasoning = True
    server.state.chunks = ("Rain fell ", "all night.")
    window = make_window(fake)
    dialog = window.models.open_servers()
    _fill(qtbot, dialog, server.url)
    dialog.use_button.click()
    _connected(qtbot, window)
    window.editor.setPlainText("It rained all night, and the city was quiet.")
    window.assistant.summarize()
    speed = window.assistant.speed_label
    qtbot.waitUntil(lambda: speed.text() == "Thinking…", timeout=20_000)
    server.state.released.set()
    idle(qtbot, window)
    assert window.assistant.summary_panel.text == "Rain fell all night."
    assert speed.text().startswith("Thought for ")
    assert "writer wants" not in window.editor.toPlainText()
