"""What the writer is told: each message logged at its level, then shown for its level's
time; and the errors of the core and the engine, in the writer's language."""

from __future__ import annotations

import logging

import pytest
from pytestqt.qtbot import QtBot

from writer_app.core.documents.files import DocumentError, decode_text
from writer_app.core.errors import NO_MODEL_LOADED
from writer_app.core.i18n import message_of
from writer_app.qt.messages import DISPLAY_MS, Alert, Level, MessageBridge, StatusMessage
from writer_app.ui.common.core_text import translated


@pytest.mark.parametrize(("say", "level"), [
    ("info", Level.INFO), ("warning", Level.WARNING), ("error", Level.ERROR)])
def test_a_status_line_is_logged_at_its_level_then_posted_with_it(
        qtbot: QtBot, caplog: pytest.LogCaptureFixture, say: str, level: Level) -> None:
    bridge = MessageBridge()
    logged_first: list[bool] = []
    bridge.status_posted.connect(
        lambda _message: logged_first.append(any(r.message == "Saved." for r in caplog.records)))
    with caplog.at_level(logging.DEBUG, logger="writer_app.qt.messages"), \
            qtbot.waitSignal(bridge.status_posted) as posted:
        getattr(bridge, say)("Saved.")
    assert posted.args == [StatusMessage(level, "Saved.")]
    assert [(r.levelno, r.message) for r in caplog.records] == [(level.value, "Saved.")]
    assert logged_first == [True]


def test_the_display_time_comes_from_the_level_and_grows_with_it() -> None:
    times = [StatusMessage(level, "x").timeout_ms for level in Level]
    assert times == [DISPLAY_MS[level] for level in Level] == sorted(times)
    assert all(time > 0 for time in times)


def test_progress_stays_until_the_next_message_and_is_logged_only_for_debugging(
        qtbot: QtBot, caplog: pytest.LogCaptureFixture) -> None:
    bridge = MessageBridge()
    with caplog.at_level(logging.DEBUG, logger="writer_app.qt.messages"), \
            qtbot.waitSignal(bridge.status_posted) as posted:
        bridge.progress("Opening… 40%")
    message = posted.args[0]
    assert message.lasting and message.timeout_ms == 0
    assert [r.levelno for r in caplog.records] == [logging.DEBUG]


def test_an_alert_keeps_its_level_and_is_logged_at_it(
        qtbot: QtBot, caplog: pytest.LogCaptureFixture) -> None:
    bridge = MessageBridge()
    with caplog.at_level(logging.DEBUG, logger="writer_app.qt.messages"), \
            qtbot.waitSignal(bridge.alert_posted) as posted:
        bridge.alert(Level.ERROR, "Not saved", "The disk is full.")
    assert posted.args == [Alert(Level.ERROR, "Not saved", "The disk is full.")]
    assert [(r.levelno, r.message) for r in caplog.records] == [
        (logging.ERROR, "Not saved: The disk is full.")]


@pytest.mark.usefixtures("chinese")
def test_engine_and_document_errors_reach_the_writer_in_chinese() -> None:
    assert translated(NO_MODEL_LOADED) == "尚未加载模型：请先打开一个 GGUF 模型文件或下载一个模型。"
    with pytest.raises(DocumentError) as raised:
        decode_text(b"\x00\x01\x02\x03\xff", "notes.bin")
    assert str(raised.value) == "notes.bin looks like a binary file, not text: it was not opened."
    assert translated(message_of(raised.value)) == (
        "notes.bin 看起来是二进制文件，不是文本：未打开。")
