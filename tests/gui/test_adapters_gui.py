"""Model ▸ Adapters… in the real window: add, switch, scale, remove, remembered per model."""

from __future__ import annotations

from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from tests.gui.conftest import Messages, WindowFactory, idle, load
from tests.gui.test_window_real_engine import DRAFT, put
from writer_app.core.models.adapters import Adapter, SavedAdapter, saved_for
from writer_app.core.settings import Settings
from writer_app.core.sources.servers import Capabilities
from writer_app.engine.client import EngineClient
from writer_app.testing.fake_engine import FakeEngine
from writer_app.testing.tiny_adapter import TinyAdapterSpec, write_tiny_adapter
from writer_app.ui.main_window import MainWindow
from writer_app.ui.model.adapters_dialog import AdaptersDialog


@pytest.fixture
def adapter(tmp_path: Path) -> Path:
    return write_tiny_adapter(tmp_path / "legal-style.gguf")


def open_dialog(window: MainWindow) -> AdaptersDialog:
    assert window.models.adapters.action.isEnabled()
    dialog = window.models.adapters.open_dialog()
    assert dialog is not None
    return dialog


def applied(qtbot: QtBot, fake: FakeEngine, adapters: tuple[Adapter, ...]) -> None:
    qtbot.waitUntil(lambda: bool(fake.adapter_requests)
                    and fake.adapter_requests[-1] == adapters, timeout=10_000)


def added(qtbot: QtBot, fake: FakeEngine, dialog: AdaptersDialog, adapter: Path) -> None:
    dialog.file_chosen.emit(adapter)
    applied(qtbot, fake, (Adapter(str(adapter)),))
    qtbot.waitUntil(lambda: dialog.table.rowCount() == 1, timeout=10_000)


def test_adding_switching_scaling_and_removing_an_adapter(
        qtbot: QtBot, fake_window: MainWindow, fake: FakeEngine, adapter: Path,
        tiny_model: Path) -> None:
    window = fake_window
    dialog = open_dialog(window)
    added(qtbot, fake, dialog, adapter)
    assert "+ 1 adapter" in window.models.model_label.text()
    assert window.preferences.settings.adapters == (
        SavedAdapter(str(tiny_model), str(adapter)),)
    loads = len(fake.loads)

    dialog.scale_box(0).setValue(0.5)
    applied(qtbot, fake, (Adapter(str(adapter), 0.5),))
    dialog.set_enabled_at(0, False)
    applied(qtbot, fake, ())
    qtbot.waitUntil(lambda: "adapter" not in window.models.model_label.text(), timeout=10_000)
    assert window.preferences.settings.adapters == (
        SavedAdapter(str(tiny_model), str(adapter), 0.5, enabled=False),)

    dialog.table.selectRow(0)
    dialog.remove_selected()
    qtbot.waitUntil(lambda: not window.preferences.settings.adapters, timeout=10_000)
    assert dialog.table.rowCount() == 0
    assert len(fake.loads) == loads, "the model was loaded again"


def test_an_adapter_for_another_model_is_refused_in_the_dialog(
        qtbot: QtBot, fake_window: MainWindow, fake: FakeEngine, tmp_path: Path) -> None:
    wrong = write_tiny_adapter(tmp_path / "qwen-style.gguf",
                               TinyAdapterSpec(architecture="qwen2"))
    dialog = open_dialog(fake_window)
    dialog.file_chosen.emit(wrong)
    assert "was made for a 'qwen2' model" in dialog.status_label.text()
    assert dialog.table.rowCount() == 0
    assert not fake.adapter_requests


def test_a_change_the_engine_refuses_is_undone_with_the_reason(
        qtbot: QtBot, fake_window: MainWindow, fake: FakeEngine, adapter: Path) -> None:
    dialog = open_dialog(fake_window)
    added(qtbot, fake, dialog, adapter)
    dialog.set_enabled_at(0, False)
    applied(qtbot, fake, ())
    adapter.unlink()
    dialog.set_enabled_at(0, True)
    qtbot.waitUntil(lambda: "does not exist" in dialog.status_label.text(), timeout=10_000)
    assert not dialog.adapters()[0].enabled
    assert not fake_window.preferences.settings.adapters[0].enabled


def test_adapters_are_applied_again_when_their_model_loads(
        qtbot: QtBot, make_window: WindowFactory, fake: FakeEngine, adapter: Path,
        tiny_model: Path, *, messages: Messages) -> None:
    gone = adapter.with_name("gone.gguf")
    other_model = adapter.with_name("other.gguf")
    window = make_window(fake, Settings(rewrite_drafts=1, adapters=(
        SavedAdapter(str(tiny_model), str(adapter), 0.7),
        SavedAdapter(str(tiny_model), str(gone)),
        SavedAdapter(str(other_model), str(adapter)),
    )))
    load(qtbot, window, tiny_model)
    assert fake.loads[-1].adapters == (Adapter(str(adapter), 0.7),)
    assert "+ 1 adapter" in window.models.model_label.text()
    assert "gone.gguf" in messages.texts()
    remembered = window.preferences.settings.adapters
    assert [a.enabled for a in saved_for(remembered, str(tiny_model))] == [True, False]
    assert saved_for(remembered, str(other_model))[0].enabled


def test_a_server_model_takes_no_adapters(qtbot: QtBot, make_window: WindowFactory,
                                          tiny_model: Path) -> None:
    server_like = FakeEngine()
    server_like.capabilities = Capabilities(model_files=False, hardware=False,
                                            several_drafts=False, token_probabilities=False)
    window = make_window(server_like)
    load(qtbot, window, tiny_model)
    assert not window.models.adapters.action.isEnabled()
    assert "server" in window.models.adapters.action.statusTip()


def test_the_real_model_follows_its_adapters_without_loading_again(
        qtbot: QtBot, real_window: MainWindow, adapter: Path) -> None:
    window = real_window
    engine = window.service.engine
    assert isinstance(engine, EngineClient)
    pid = engine.pid

    def continued() -> str:
        put(window, DRAFT)
        window.assistant.continue_writing()
        idle(qtbot, window)
        return window.editor.toPlainText()

    plain = continued()
    dialog = open_dialog(window)
    dialog.file_chosen.emit(adapter)
    qtbot.waitUntil(lambda: "+ 1 adapter" in window.models.model_label.text(), timeout=30_000)
    assert continued() != plain
    dialog.set_enabled_at(0, False)
    qtbot.waitUntil(lambda: "adapter" not in window.models.model_label.text(), timeout=30_000)
    assert continued() == plain
    assert engine.pid == pid, "the engine started again"


@pytest.mark.real_engine
def test_an_adapter_the_real_engine_refuses_at_load_is_switched_off(
        qtbot: QtBot, make_window: WindowFactory, tiny_model: Path, tmp_path: Path, *,
        messages: Messages) -> None:
    odd = write_tiny_adapter(tmp_path / "odd.gguf", TinyAdapterSpec(stray_tensor=True))
    window = make_window(EngineClient(), Settings(n_ctx=2048, adapters=(
        SavedAdapter(str(tiny_model), str(odd)),)))
    load(qtbot, window, tiny_model)
    assert "could not load the adapter odd.gguf" in messages.texts()
    assert not window.preferences.settings.adapters[0].enabled
    assert "adapter" not in window.models.model_label.text()
