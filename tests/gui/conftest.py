"""Windows for the GUI tests: the real MainWindow with a fake or a real engine."""

from __future__ import annotations

import contextlib
import socket
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
import shiboken6
from PySide6.QtCore import QCoreApplication, QEvent, QLocale, QTranslator
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from writer_app.core.paths import AppPaths
from writer_app.core.requests import SamplingSettings
from writer_app.core.settings import Settings, SettingsStore
from writer_app.engine.client import EngineClient
from writer_app.qt.download_service import DownloadService
from writer_app.qt.engine_service import Engine, EngineService
from writer_app.qt.messages import Level
from writer_app.testing.fake_engine import FakeEngine
from writer_app.ui.common import message_boxes
from writer_app.ui.common.language import install_translations
from writer_app.ui.main_window import MainWindow

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "packaging"))
import translations


@dataclass
class Messages:
    """Alerts the window showed and its questions about unsaved changes, with the answer
    each question got."""

    shown: list[tuple[str, str]] = field(default_factory=list)
    levels: list[Level] = field(default_factory=list)
    answer: message_boxes.SaveAnswer = message_boxes.SaveAnswer.DISCARD

    def texts(self) -> str:
        return "\n".join(f"{title}: {text}" for title, text in self.shown)


@pytest.fixture
def messages(monkeypatch: pytest.MonkeyPatch) -> Messages:
    record = Messages()

    def show_alert(_parent: object, level: Level, title: str, text: str) -> None:
        record.shown.append((title, text))
        record.levels.append(level)

    def ask_to_save(_parent: object, title: str, text: str) -> message_boxes.SaveAnswer:
        record.shown.append((title, text))
        return record.answer

    monkeypatch.setattr(message_boxes, "show_alert", show_alert)
    monkeypatch.setattr(message_boxes, "ask_to_save", ask_to_save)
    return record


@pytest.fixture
def app_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    home = tmp_path / "home"
    monkeypatch.setenv("WRITER_APP_HOME", str(home))
    return home


@pytest.fixture
def unreachable_hub() -> str:
    """An address where nothing listens: every connection is refused."""
    with socket.socket() as free:
        free.bind(("127.0.0.1", 0))
        return f"http://127.0.0.1:{free.getsockname()[1]}"


WindowFactory = Callable[..., MainWindow]


@pytest.fixture
def make_window(qtbot: QtBot, app_home: Path, messages: Messages) -> Iterator[WindowFactory]:
    windows: list[MainWindow] = []

    def make(engine: Engine, settings: Settings | None = None,
             downloads: DownloadService | None = None) -> MainWindow:
        store = SettingsStore(AppPaths.default().settings_file)
        # One rewrite at a time unless a test asks for drafts (tests/gui/test_drafts_gui.py).
        window = MainWindow(EngineService(engine), store, settings or Settings(rewrite_drafts=1),
                            AppPaths.default(), downloads=downloads)
        window.show()
        windows.append(window)
        return window

    yield make
    for window in windows:
        if shiboken6.isValid(window):
            window.editor.document().setModified(False)
            window.close()
            window.deleteLater()
    # Qt deletes the windows now, while their Python side is whole: a window left to
    # Python's collector is deleted at a random later moment, in the middle of another
    # test, with its children's event handlers already torn down.
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)


def load(qtbot: QtBot, window: MainWindow, model: Path) -> None:
    window.models.load_model(model)
    qtbot.waitUntil(lambda: window.models.model is not None, timeout=30_000)
    qtbot.waitUntil(lambda: not window.models.progress.isVisible(), timeout=30_000)


def idle(qtbot: QtBot, window: MainWindow, timeout: int = 30_000) -> None:
    """Wait until the assistant has finished and its text is in place."""
    qtbot.waitUntil(lambda: not window.assistant.is_busy(), timeout=timeout)


@pytest.fixture
def fake() -> FakeEngine:
    return FakeEngine()


@pytest.fixture
def fake_window(make_window: WindowFactory, fake: FakeEngine, qtbot: QtBot,
                tiny_model: Path) -> MainWindow:
    window = make_window(fake)
    load(qtbot, window, tiny_model)
    return window


@pytest.fixture
def real_window(make_window: WindowFactory, qtbot: QtBot, tiny_model: Path,
                real_llama_cpp: None) -> MainWindow:
    window = make_window(EngineClient())
    window.preferences.change(Settings(
        sampling=SamplingSettings(temperature=0.0, max_tokens=24), n_ctx=2048, rewrite_drafts=1))
    load(qtbot, window, tiny_model)
    return window


@contextlib.contextmanager
def interface_language(qapp: QApplication, setting: str, folder: Path) -> Iterator[None]:
    """The interface in the language of ``setting``, from the catalogues compiled now."""
    translations.release(translations.catalogues(), folder)
    before = {id(translator) for translator in qapp.findChildren(QTranslator)}
    locale = QLocale()
    install_translations(qapp, setting, folder)
    yield
    for translator in qapp.findChildren(QTranslator):
        if id(translator) not in before:
            QCoreApplication.removeTranslator(translator)
            translator.deleteLater()
    QLocale.setDefault(locale)


@pytest.fixture
def chinese(qapp: QApplication, tmp_path: Path) -> Iterator[None]:
    """The interface in Simplified Chinese."""
    with interface_language(qapp, "zh_CN", tmp_path):
        yield
