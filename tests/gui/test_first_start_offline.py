"""The first start with the Hugging Face Hub out of reach: the welcome dialog says why and
offers every other way to a model; the mirror gets the default model, which loads; a file
dropped into the models folder is found without a restart."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from tests.conftest import TINY_FILE as FILE
from tests.conftest import TINY_REPO as REPO
from tests.gui.conftest import WindowFactory
from writer_app.core.paths import AppPaths
from writer_app.core.settings import SOURCE_HUB, SOURCE_MODELSCOPE, Settings, SettingsStore
from writer_app.core.sources.catalog import Catalog, CatalogModel
from writer_app.engine.client import EngineClient
from writer_app.testing.fake_engine import FakeEngine
from writer_app.testing.hub_server import HubServer
from writer_app.ui.settings_dialog import SettingsDialog

pytestmark = pytest.mark.real_engine


@pytest.fixture
def catalog(tiny_hub: HubServer) -> Catalog:
    size = len(tiny_hub.state.repos[REPO][FILE])
    tiny = CatalogModel("tiny-chat", "Tiny Chat (test)", REPO, "Q8_0", 0.0001, size, 0.1,
                        "Apache-2.0", ("English", "Chinese"), "A test model.",
                        modelscope_repo=REPO, file_hint=FILE)
    return Catalog((tiny,), "tiny-chat")


def test_first_start_without_the_hub(qtbot: QtBot, make_window: WindowFactory, *,
                                     catalog: Catalog, tiny_hub: HubServer,
                                     unreachable_hub: str, tiny_model: Path) -> None:
    window = make_window(EngineClient(), Settings(n_ctx=1024, hub_endpoint=unreachable_hub,
                                                  mirror_endpoint=tiny_hub.endpoint))
    dialog = window.models.show_welcome(catalog)
    offline = dialog.offline

    # The Hub is asked once, on opening, and the dialog says at once why it cannot be used.
    qtbot.waitUntil(offline.isVisible, timeout=30_000)
    assert "could not be reached" in offline.problem.text()
    assert "refused the connection" in offline.problem.text()
    for way in (offline.mirror_button, offline.modelscope_button, dialog.file_button,
                offline.copy_button, offline.folder_button):
        assert way.isVisible() and way.isEnabled()
    assert FILE in offline.fetch.text() and f"/{REPO}/tree/main" in offline.fetch.text()
    assert str(AppPaths.default().models_dir) in offline.fetch.text()
    offline.copy_button.click()
    assert FILE in offline.fetch_text

    # Trying anyway fails the same way, with one button to try again.
    dialog.download_button.click()
    qtbot.waitUntil(dialog.download_button.isEnabled, timeout=30_000)
    assert dialog.download_button.text() == "Try again"
    assert offline.isVisible()

    # The mirror: chosen once, remembered, and the default model downloads and loads.
    offline.mirror_button.click()
    qtbot.waitUntil(lambda: window.preferences.settings.model_path.endswith(FILE), timeout=60_000)
    qtbot.waitUntil(lambda: window.models.model is not None, timeout=60_000)
    assert not dialog.isVisible()
    assert window.preferences.settings.model_source == "mirror"
    saved, _ = SettingsStore(AppPaths.default().settings_file).load()
    assert saved.model_source == "mirror"
    assert window.downloads.hub.endpoint == tiny_hub.endpoint

    # A model fetched elsewhere and dropped into the models folder appears in the list.
    manager = window.models.open_model_manager(catalog)
    names = lambda: [manager.table.item(r, 0).text()  # noqa: E731
                     for r in range(manager.table.rowCount())]
    assert "dropped-q8_0.gguf" not in names()
    shutil.copyfile(tiny_model, AppPaths.default().models_dir / "dropped-q8_0.gguf")
    qtbot.waitUntil(lambda: "dropped-q8_0.gguf" in names(), timeout=30_000)
    manager.reject()


def test_an_empty_models_tab_says_what_to_do(make_window: WindowFactory,
                                             catalog: Catalog, unreachable_hub: str) -> None:
    window = make_window(EngineClient(), Settings(hub_endpoint=unreachable_hub))
    manager = window.models.open_model_manager(catalog)
    assert manager.empty_label.isVisible() and not manager.table.isVisible()
    assert "models folder" in manager.empty_label.text()
    assert str(AppPaths.default().models_dir) in manager.empty_label.text()
    manager.reject()


def test_a_file_dropped_during_the_welcome_is_offered(
        qtbot: QtBot, make_window: WindowFactory, catalog: Catalog, unreachable_hub: str,
        tiny_model: Path) -> None:
    window = make_window(EngineClient(), Settings(hub_endpoint=unreachable_hub))
    dialog = window.models.show_welcome(catalog)
    shutil.copyfile(tiny_model, AppPaths.default().models_dir / "from-a-friend.gguf")
    qtbot.waitUntil(dialog.found_button.isVisible, timeout=30_000)
    assert "from-a-friend.gguf" in dialog.found_button.text()
    dialog.found_button.click()
    qtbot.waitUntil(lambda: window.preferences.settings.model_path.endswith("from-a-friend.gguf"),
                    timeout=30_000)


def test_settings_switch_the_model_source_back_to_the_hub(
        qtbot: QtBot, make_window: WindowFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    window = make_window(FakeEngine(), settings=Settings(model_source=SOURCE_MODELSCOPE))
    assert window.downloads.hub.modelscope

    def choose_the_hub(dialog: SettingsDialog) -> bool:
        assert dialog.source.currentData() == SOURCE_MODELSCOPE
        dialog.source.setCurrentIndex(dialog.source.findData(SOURCE_HUB))
        return True

    monkeypatch.setattr(SettingsDialog, "exec", choose_the_hub)
    window.open_settings()
    assert window.preferences.settings.model_source == SOURCE_HUB
    assert not window.downloads.hub.modelscope
    stored, _ = SettingsStore(AppPaths.default().settings_file).load()
    assert stored.model_source == SOURCE_HUB


def test_a_source_that_cannot_be_reached_is_not_remembered(
        qtbot: QtBot, make_window: WindowFactory, catalog: Catalog,
        unreachable_hub: str) -> None:
    window = make_window(FakeEngine(), Settings(hub_endpoint=unreachable_hub,
                                                modelscope_endpoint=unreachable_hub))
    dialog = window.models.show_welcome(catalog)
    qtbot.waitUntil(dialog.offline.isVisible, timeout=30_000)
    dialog.offline.modelscope_button.click()
    qtbot.waitUntil(dialog.download_button.isEnabled, timeout=30_000)
    assert window.downloads.hub.modelscope  # this download was tried there
    assert window.preferences.settings.model_source == SOURCE_HUB  # but not remembered
    dialog.reject()
