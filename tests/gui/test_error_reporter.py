"""An exception in a slot is shown to the writer and logged, not lost on a console."""

from __future__ import annotations

import logging
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QObject, QTimer, Slot
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from tests.gui.conftest import Messages
from writer_app.ui.common.error_reporter import install_error_reporter


class Failing(QObject):
    @Slot()
    def fail(self) -> None:
        raise ValueError("cursor is outside the text")


@pytest.fixture
def restore_excepthook() -> Iterator[None]:
    previous = sys.excepthook
    yield
    sys.excepthook = previous


@pytest.mark.qt_no_exception_capture
@pytest.mark.usefixtures("restore_excepthook")
def test_an_exception_in_a_slot_is_shown_and_logged(
        qtbot: QtBot, messages: Messages, tmp_path: Path,
        caplog: pytest.LogCaptureFixture) -> None:
    widget = QWidget()
    qtbot.addWidget(widget)
    install_error_reporter(widget, tmp_path / "writer-app.log")
    failing = Failing()
    with caplog.at_level(logging.ERROR):
        QTimer.singleShot(0, failing.fail)
        qtbot.waitUntil(lambda: bool(messages.shown), timeout=10_000)
    text = messages.texts()
    assert "ValueError: cursor is outside the text" in text
    assert "save it now" in text and "writer-app.log" in text
    assert len(messages.shown) == 1
    assert any(record.exc_info for record in caplog.records)
