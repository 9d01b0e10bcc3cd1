"""Private by construction: drafting with the local model opens no network connection, in
either process; drafting on a server contacts that server's host and port and nothing else."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from PySide6.QtGui import QTextCursor
from pytestqt.qtbot import QtBot

import writer_app
from tests.gui.conftest import WindowFactory, idle, load
from writer_app.core.privacy import AUDIT_ENV, install_network_audit
from writer_app.core.requests import RewriteStyle, SamplingSettings
from writer_app.core.settings import Settings
from writer_app.core.sources.servers import ServerConfig
from writer_app.engine.client import EngineClient
from writer_app.testing.openai_server import MODEL, LlamaCppPythonServer
from writer_app.ui.main_window import MainWindow

pytestmark = pytest.mark.real_engine

class _Recorder:
    """Collects this process's network attempts while ``active``."""

    def __init__(self) -> None:
        self.active = False
        self.lines: list[str] = []

    def __call__(self, line: str) -> None:
        if self.active:
            self.lines.append(line)

    def __enter__(self) -> list[str]:
        self.lines.clear()
        self.active = True
        return self.lines

    def __exit__(self, *exc: object) -> None:
        self.active = False


RECORDER = _Recorder()
install_network_audit(RECORDER)  # audit hooks cannot be removed: installed once per run


def _draft(qtbot: QtBot, window: MainWindow) -> None:
    """Continue, summarize and rewrite, English and Chinese, then close the window."""
    window.editor.setPlainText("The river was quiet that night. 夜晚的城市很安静。")
    cursor = window.editor.textCursor()
    cursor.movePosition(QTextCursor.MoveOperation.End)
    window.editor.setTextCursor(cursor)
    window.assistant.continue_writing()
    idle(qtbot, window)
    window.assistant.summarize()
    qtbot.waitUntil(window.assistant.summary_panel.insert_button.isEnabled, timeout=30_000)
    cursor.setPosition(0)
    cursor.setPosition(9, QTextCursor.MoveMode.KeepAnchor)
    window.editor.setTextCursor(cursor)
    window.assistant.rewrite(style=RewriteStyle.TO_CHINESE)
    qtbot.waitUntil(window.assistant.rewrite_panel.accept_button.isEnabled, timeout=30_000)
    window.assistant.rewrite_panel.accept_button.click()
    window.editor.document().setModified(False)
    window.close()


def test_a_drafting_session_opens_no_network_connection(
        qtbot: QtBot, make_window: WindowFactory, tiny_model: Path, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    engine_log = tmp_path / "engine-network.log"
    monkeypatch.setenv(AUDIT_ENV, str(engine_log))
    with RECORDER as app_side:
        window = make_window(EngineClient(), Settings(
            sampling=SamplingSettings(temperature=0.0, max_tokens=16), n_ctx=2048,
            rewrite_drafts=1))
        load(qtbot, window, tiny_model)
        _draft(qtbot, window)
    lines = engine_log.read_text(encoding="utf-8").splitlines()
    assert any(line.endswith("audit started") for line in lines), "the engine was not audited"
    assert [line for line in lines if not line.endswith("audit started")] == []
    assert app_side == []


def test_remote_drafting_contacts_only_the_configured_server(
        qtbot: QtBot, make_window: WindowFactory, tmp_path: Path,
        llama_cpp_python_server: LlamaCppPythonServer,
        monkeypatch: pytest.MonkeyPatch) -> None:
    engine_log = tmp_path / "engine-network.log"
    monkeypatch.setenv(AUDIT_ENV, str(engine_log))
    config = ServerConfig(url=llama_cpp_python_server.url, name="loopback", model=MODEL)
    host, port = config.address
    local = EngineClient()
    with RECORDER as app_side:
        window = make_window(local, Settings(
            sampling=SamplingSettings(temperature=0.0, max_tokens=16), n_ctx=2048, rewrite_drafts=1,
            servers=(config,), active_server=config.url))
        window.models.connect_server()
        qtbot.waitUntil(lambda: window.models.model is not None, timeout=30_000)
        _draft(qtbot, window)
    assert local.pid is None and not engine_log.exists(), "the local engine was started"
    assert any("socket.connect" in line for line in app_side)
    elsewhere = [line for line in app_side if f"{host!r}, {port}" not in line]
    assert elsewhere == [], f"contacted other than {host}:{port}"


def test_the_audit_sees_a_real_connection() -> None:
    """The recorder itself works: a connection attempt on loopback is seen."""
    import socket

    with RECORDER as seen, socket.socket() as probe:
        probe.settimeout(0.2)
        probe.connect_ex(("127.0.0.1", 9))
    assert any("socket.connect" in line and "127.0.0.1" in line for line in seen)


def test_tls_verification_is_never_disabled_and_there_is_no_telemetry() -> None:
    package = Path(writer_app.__file__).parent
    for path in package.rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.keyword) and node.arg == "verify":
                assert not (isinstance(node.value, ast.Constant) and node.value.value is False)
        source = path.read_text(encoding="utf-8").lower()
        for word in ("telemetry", "analytics", "sentry", "posthog"):
            assert word not in source, f"{word} in {path}"
