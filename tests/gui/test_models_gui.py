"""Getting a model in the window: the first-start dialog and the model manager."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
from PySide6.QtGui import QDesktopServices, QGuiApplication
from pytestqt.qtbot import QtBot

from tests.conftest import TINY_FILE as FILE
from tests.conftest import TINY_REPO as REPO
from tests.gui.conftest import Messages, WindowFactory, idle
from writer_app.core.paths import AppPaths
from writer_app.core.requests import SamplingSettings
from writer_app.core.settings import SOURCE_HUB, SOURCE_MIRROR, Settings, SettingsStore
from writer_app.core.sources.catalog import Catalog, CatalogModel
from writer_app.core.sources.hub import HubSettings
from writer_app.engine.client import EngineClient
from writer_app.qt.download_service import DownloadService
from writer_app.testing.fake_engine import FakeEngine
from writer_app.testing.hub_server import Faults, HubServer
from writer_app.ui.common import message_boxes
from writer_app.ui.main_window import MainWindow
from writer_app.ui.model.dialogs import ModelManagerDialog


@pytest.fixture
def hub(tiny_hub: HubServer) -> HubServer:
    return tiny_hub


@pytest.fixture
def catalog(hub: HubServer) -> Catalog:
    size = len(hub.state.repos[REPO][FILE])
    tiny = CatalogModel("tiny-chat", "Tiny Chat (test)", REPO, "Q8_0", 0.0001, size,
                        0.1, "Apache-2.0", ("English", "Chinese"), "A test model.",
                        modelscope_repo=REPO, file_hint=FILE)
    return Catalog((tiny,), "tiny-chat")


@pytest.fixture
def downloads(hub: HubServer, app_home: Path) -> DownloadService:
    return DownloadService(HubSettings(endpoint=hub.endpoint), AppPaths.default().models_dir)


@pytest.mark.real_engine
def test_first_start_to_a_model_that_writes(qtbot: QtBot, make_window: WindowFactory,
                                            catalog: Catalog, downloads: DownloadService,
                                            messages: Messages) -> None:
    window = make_window(EngineClient(), Settings(
        sampling=SamplingSettings(temperature=0.0, max_tokens=12), n_ctx=1024),
        downloads=downloads)
    dialog = window.models.show_welcome(catalog)
    assert dialog.isVisible()
    assert "Tiny Chat (test)" in dialog.list.currentItem().text()
    assert "fits" in dialog.list.currentItem().text()
    assert "Apache-2.0" in dialog.list.currentItem().text()
    dialog.download_button.click()
    qtbot.waitUntil(lambda: window.preferences.settings.model_path.endswith(FILE), timeout=60_000)
    assert not dialog.isVisible()
    window.editor.setPlainText("The night train left the station and")
    cursor = window.editor.textCursor()
    cursor.movePosition(cursor.MoveOperation.End)
    window.editor.setTextCursor(cursor)
    window.assistant.continue_writing()
    idle(qtbot, window)
    assert len(window.editor.toPlainText()) > len("The night train left the station and")
    assert messages.shown == []


def test_welcome_download_can_pause_and_resume(qtbot: QtBot, make_window: WindowFactory,
                                               catalog: Catalog, downloads: DownloadService,
                                               hub: HubServer) -> None:
    hub.state.faults[f"{REPO}/{FILE}"] = Faults(throttle_s=0.05)
    window = make_window(FakeEngine(), downloads=downloads)
    dialog = window.models.show_welcome(catalog)
    dialog.download_button.click()
    row = dialog.download_row
    assert row is not None
    qtbot.waitUntil(lambda: row.bar.value() > 50, timeout=30_000)
    assert " of " in row.status.text()
    row.pause_button.click()
    qtbot.waitUntil(lambda: row.pause_button.text() == "Resume", timeout=30_000)
    hub.state.faults[f"{REPO}/{FILE}"] = Faults()
    row.pause_button.click()
    qtbot.waitUntil(lambda: window.models.model is not None, timeout=30_000)


def test_a_download_asked_for_again_while_under_way_is_the_same_job(
        qtbot: QtBot, catalog: Catalog, downloads: DownloadService, hub: HubServer) -> None:
    hub.state.faults[f"{REPO}/{FILE}"] = Faults(throttle_s=0.05)
    first = downloads.download_model(catalog.default)
    assert downloads.download_model(catalog.default) is first
    with qtbot.waitSignal(first.progressed, timeout=30_000):
        pass
    with qtbot.waitSignal(first.paused, timeout=30_000):
        first.pause()
    assert first.done
    hub.state.faults[f"{REPO}/{FILE}"] = Faults()
    second = downloads.download_model(catalog.default)
    assert second is not first
    with qtbot.waitSignal(second.finished, timeout=30_000) as done:
        pass
    assert done.args is not None and Path(done.args[0]).name == FILE


def test_later_leaves_the_editor_usable(make_window: WindowFactory, catalog: Catalog,
                                        downloads: DownloadService) -> None:
    window = make_window(FakeEngine(), downloads=downloads)
    dialog = window.models.show_welcome(catalog)
    dialog.later_button.click()
    assert not dialog.isVisible()
    assert window.models.model is None


def test_without_a_file_manager_the_models_folder_is_named_and_copied(
        make_window: WindowFactory, catalog: Catalog, downloads: DownloadService,
        messages: Messages, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda _url: False)
    window = make_window(FakeEngine(), downloads=downloads)
    dialog = window.models.open_model_manager(catalog)
    dialog.folder_button.click()
    folder = str(AppPaths.default().models_dir)
    assert folder in messages.texts()
    assert QGuiApplication.clipboard().text() == folder
    dialog.close()


@pytest.fixture
def answer_yes(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(message_boxes, "confirm", lambda *args: True)


@pytest.mark.usefixtures("answer_yes")
def test_model_manager_search_download_use_delete(
        qtbot: QtBot, make_window: WindowFactory, catalog: Catalog,
        downloads: DownloadService, messages: Messages) -> None:
    window = make_window(FakeEngine(), downloads=downloads)
    dialog = window.models.open_model_manager(catalog)
    assert dialog.table.rowCount() == 0
    dialog.search_field.setText("tiny")
    dialog.search()
    qtbot.waitUntil(lambda: "repositories with GGUF" in dialog.hub_status.text(),
                    timeout=30_000)
    assert dialog.repos.count() == 1 and "10 downloads" in dialog.repos.item(0).text()
    dialog.repos.setCurrentRow(0)
    qtbot.waitUntil(lambda: dialog.files.count() == 1, timeout=30_000)
    assert "Q8_0" in dialog.files.item(0).text() and "fits" in dialog.files.item(0).text()
    dialog.files.setCurrentRow(0)
    dialog.download_button.click()
    qtbot.waitUntil(lambda: dialog.table.rowCount() == 1, timeout=30_000)
    assert dialog.table.item(0, 0).text() == FILE
    assert dialog.table.item(0, 3).text() == "downloaded"
    dialog.table.selectRow(0)
    dialog.delete_button.click()
    assert "freed" in messages.texts()
    assert dialog.table.rowCount() == 0


@pytest.fixture
def bad_file(tmp_path: Path) -> Path:
    bad = tmp_path / "bad.gguf"
    bad.write_text("nope")
    return bad


@pytest.fixture
def manager(make_window: WindowFactory, catalog: Catalog,
            downloads: DownloadService) -> ModelManagerDialog:
    window = make_window(FakeEngine(), downloads=downloads)
    return window.models.open_model_manager(catalog)


def test_model_manager_imports_and_uses_a_file(qtbot: QtBot, manager: ModelManagerDialog,
                                               tiny_model: Path, bad_file: Path,
                                               messages: Messages) -> None:
    dialog = manager
    window = dialog.parent()
    assert isinstance(window, MainWindow)
    assert not dialog.import_path(bad_file)
    assert "not a GGUF" in messages.texts()
    assert dialog.import_path(tiny_model)
    assert str(tiny_model) in window.preferences.settings.imported_models
    assert dialog.table.item(0, 3).text() == "imported"
    dialog.table.selectRow(0)
    dialog.use_button.click()
    qtbot.waitUntil(lambda: window.models.model is not None, timeout=30_000)


def test_hub_errors_are_shown_in_the_dialog(qtbot: QtBot, make_window: WindowFactory,
                                            catalog: Catalog, app_home: Path) -> None:
    offline = DownloadService(HubSettings(endpoint="http://127.0.0.1:9", offline=True),
                              AppPaths.default().models_dir)
    window = make_window(FakeEngine(), downloads=offline)
    dialog = window.models.open_model_manager(catalog)
    dialog.search_field.setText("qwen")
    dialog.search()
    qtbot.waitUntil(lambda: "offline" in dialog.hub_status.text(), timeout=30_000)


def test_an_unreachable_hub_is_explained_at_once_and_the_choice_stays_open(
        qtbot: QtBot, make_window: WindowFactory, catalog: Catalog, app_home: Path) -> None:
    unreachable = DownloadService(HubSettings(endpoint="http://127.0.0.1:9"),
                                  AppPaths.default().models_dir)
    window = make_window(FakeEngine(), downloads=unreachable)
    dialog = window.models.show_welcome(catalog)
    assert dialog.download_button.isDefault()
    dialog.download_button.click()
    row = dialog.download_row
    assert row is not None
    qtbot.waitUntil(lambda: "could not be reached" in row.status.text(), timeout=120_000)
    assert dialog.download_button.isEnabled() and dialog.list.isEnabled()
    assert row.pause_button.text() == "Retry"
    # Enter now uses a model on this computer, the one way that works without the Hub.
    qtbot.waitUntil(lambda: dialog.download_button.text() == "Try again", timeout=120_000)
    assert dialog.file_button.isDefault() and not dialog.download_button.isDefault()


def test_the_model_in_use_is_listed_even_from_outside_the_models_folder(
        fake_window: MainWindow, tiny_model: Path) -> None:
    dialog = fake_window.models.open_model_manager()
    assert dialog.table.rowCount() == 1
    assert dialog.table.item(0, 0).text() == f"{tiny_model.name} (in use)"
    assert dialog.table.item(0, 4).text() == str(tiny_model.parent)
    assert dialog.use_button.isEnabled()
    assert not dialog.delete_button.isEnabled()
    assert str(tiny_model.parent) in dialog.delete_button.toolTip()
    dialog.table.clearSelection()
    assert not dialog.use_button.isEnabled() and not dialog.delete_button.isEnabled()


def test_without_models_use_and_delete_are_not_offered(manager: ModelManagerDialog) -> None:
    assert manager.table.rowCount() == 0
    assert not manager.use_button.isEnabled() and not manager.delete_button.isEnabled()



def listed(qtbot: QtBot, dialog: ModelManagerDialog) -> None:
    """Choose the catalog's model in Get models and wait until its listing has ended."""
    dialog.tabs.setCurrentIndex(1)
    dialog.repos.setCurrentRow(0)
    qtbot.waitUntil(lambda: dialog.files.count() > 0 or not dialog.offline.isHidden(),
                    timeout=30_000)


def test_models_offline_offer_a_mirror_remembered_once_a_model_came_from_it(
        qtbot: QtBot, make_window: WindowFactory, catalog: Catalog, hub: HubServer,
        unreachable_hub: str) -> None:
    window = make_window(FakeEngine(), Settings(hub_endpoint=unreachable_hub,
                                                mirror_endpoint=hub.endpoint))
    dialog = window.models.open_model_manager(catalog)
    listed(qtbot, dialog)
    offline = dialog.offline
    assert offline.isVisible()
    assert "could not be reached" in offline.problem.text()
    for way in (offline.mirror_button, offline.modelscope_button, offline.copy_button,
                offline.folder_button):
        assert way.isVisible() and way.isEnabled()
    assert FILE in offline.fetch.text() and f"/{REPO}/tree/main" in offline.fetch.text()
    assert str(AppPaths.default().models_dir) in offline.fetch.text()
    assert dialog.hub_status.text() == ""  # the panel says why, once

    offline.mirror_button.click()
    qtbot.waitUntil(lambda: dialog.files.count() == 1, timeout=30_000)
    assert offline.isHidden()
    assert window.downloads.hub.endpoint == hub.endpoint
    assert window.preferences.settings.model_source == SOURCE_HUB  # nothing came yet

    dialog.files.setCurrentRow(0)
    dialog.download_button.click()
    qtbot.waitUntil(lambda: dialog.table.rowCount() == 1, timeout=30_000)
    assert window.preferences.settings.model_source == SOURCE_MIRROR
    saved, _ = SettingsStore(AppPaths.default().settings_file).load()
    assert saved.model_source == SOURCE_MIRROR
    dialog.reject()


def test_models_offline_do_not_remember_a_source_that_cannot_be_reached(
        qtbot: QtBot, make_window: WindowFactory, catalog: Catalog,
        unreachable_hub: str) -> None:
    window = make_window(FakeEngine(), Settings(hub_endpoint=unreachable_hub,
                                                modelscope_endpoint=unreachable_hub))
    # A model only on the Hub comes first: ModelScope's list is shorter.
    hub_only = dataclasses.replace(catalog.models[0], id="hub-only", name="Hub Only",
                                   repo="writer-app/Hub-Only-GGUF", modelscope_repo="",
                                   file_hint="hub-only-q8_0.gguf")
    dialog = window.models.open_model_manager(Catalog((hub_only, *catalog.models),
                                                      catalog.default_id))
    dialog.tabs.setCurrentIndex(1)
    dialog.repos.setCurrentRow(1)
    qtbot.waitUntil(lambda: not dialog.offline.isHidden(), timeout=30_000)
    assert FILE in dialog.offline.fetch.text(), "the chosen model's file to fetch elsewhere"
    dialog.offline.modelscope_button.click()
    assert dialog.offline.isHidden()
    assert window.downloads.hub.modelscope  # the listing is asked of ModelScope now
    assert dialog.repos.count() == 1
    assert dialog.repos.currentItem().text().startswith("Tiny Chat (test)")
    assert dialog.hub_status.text().startswith("Listing the GGUF files")
    qtbot.waitUntil(lambda: not dialog.offline.isHidden(), timeout=30_000)
    assert "could not be reached" in dialog.offline.problem.text()
    assert window.preferences.settings.model_source == SOURCE_HUB
    dialog.reject()
