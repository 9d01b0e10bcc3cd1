"""Models the writer already has, in Model ▸ Models…: added folders, LM Studio's, Ollama's,
and the download folder chosen in Settings."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtWidgets import QFileDialog
from pytestqt.qtbot import QtBot

from tests.conftest import TINY_FILE as FILE
from tests.conftest import TINY_REPO as REPO
from tests.gui.conftest import WindowFactory, idle
from writer_app.core.paths import AppPaths
from writer_app.core.requests import SamplingSettings
from writer_app.core.settings import Settings
from writer_app.core.sources.catalog import Catalog, CatalogModel
from writer_app.core.sources.hub import HubSettings, RemoteFile
from writer_app.engine.client import EngineClient
from writer_app.qt.download_service import DownloadService
from writer_app.testing.fake_engine import FakeEngine
from writer_app.testing.hub_server import Faults, HubServer
from writer_app.testing.model_stores import add_lm_studio_model, add_ollama_model
from writer_app.ui.main_window import MainWindow
from writer_app.ui.model.dialogs import ModelManagerDialog
from writer_app.ui.settings_dialog import SettingsDialog


def rows(dialog: ModelManagerDialog) -> list[tuple[str, str]]:
    """(Model, Source) of each row of the On this computer table."""
    return [(dialog.table.item(row, 0).text(), dialog.table.item(row, 3).text())
            for row in range(dialog.table.rowCount())]


def use(qtbot: QtBot, window: MainWindow, dialog: ModelManagerDialog, name: str) -> None:
    """Select the row of ``name`` and press Use: the model loads, and is remembered."""
    dialog.table.selectRow([model for model, _ in rows(dialog)].index(name))
    dialog.use_button.click()
    qtbot.waitUntil(lambda: window.preferences.settings.model_path != "", timeout=30_000)


@pytest.fixture
def window(make_window: WindowFactory) -> MainWindow:
    return make_window(FakeEngine())


def test_an_added_folder_lists_its_models_and_use_loads_one_where_it_is(
        qtbot: QtBot, window: MainWindow, tiny_model: Path, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    mine = tmp_path / "My Models"
    copy = add_lm_studio_model(mine, tiny_model, "someone", "Tiny", "Tiny-Q8_0.gguf")
    dialog = window.models.open_model_manager()
    assert dialog.table.rowCount() == 0 and not dialog.folder_list.isVisible()
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", lambda *args: str(mine))
    dialog.add_folder_button.click()
    assert rows(dialog) == [("Tiny-Q8_0.gguf", "added folder")]
    assert dialog.table.item(0, 4).text() == str(copy.parent)
    assert window.preferences.settings.model_folders == (str(mine),)
    assert [dialog.folder_list.item(i).text() for i in range(dialog.folder_list.count())] \
        == [str(mine)]
    use(qtbot, window, dialog, "Tiny-Q8_0.gguf")
    assert window.preferences.settings.model_path == str(copy)  # used where it is
    assert not dialog.delete_button.isEnabled()  # the writer's file, not the app's
    again = window.models.open_model_manager()
    qtbot.addWidget(again)
    assert ("Tiny-Q8_0.gguf (in use)", "added folder") in rows(again)
    again.folder_list.setCurrentRow(0)
    again.remove_folder_button.click()
    assert window.preferences.settings.model_folders == ()
    assert copy.is_file()


def test_a_model_put_into_an_added_folder_later_appears_at_once(
        qtbot: QtBot, window: MainWindow, tiny_model: Path, tmp_path: Path) -> None:
    mine = tmp_path / "mine"
    mine.mkdir()
    dialog = window.models.open_model_manager()
    dialog.add_folder(mine)
    assert dialog.table.rowCount() == 0
    add_lm_studio_model(mine, tiny_model, "late", "Comer", "late.gguf")
    qtbot.waitUntil(lambda: rows(dialog) == [("late.gguf", "added folder")], timeout=10_000)


def test_ollama_models_are_found_named_and_loadable(
        qtbot: QtBot, window: MainWindow, tiny_model: Path, app_home: Path) -> None:
    store = AppPaths.default().home / ".ollama" / "models"
    add_ollama_model(store, tiny_model, "llama3.2", "3b")
    dialog = window.models.open_model_manager()
    assert rows(dialog) == [("llama3.2:3b", "Ollama")]
    assert dialog.table.item(0, 1).text() == "Q8_0"
    assert dialog.folder_list.item(0).text() == \
        f"Ollama: {store} (found on this computer)"
    dialog.folder_list.setCurrentRow(0)
    assert not dialog.remove_folder_button.isEnabled()
    use(qtbot, window, dialog, "llama3.2:3b")
    model = window.models.model
    assert model is not None and Path(model.path).parent == store / "blobs"


def test_a_damaged_ollama_manifest_is_said_not_fatal(
        window: MainWindow, tiny_model: Path, app_home: Path) -> None:
    store = AppPaths.default().home / ".ollama" / "models"
    add_ollama_model(store, tiny_model, "good", "1b")
    damaged = add_ollama_model(store, tiny_model, "broken", "7b")
    damaged.write_text('{"layers": [', encoding="utf-8")
    dialog = window.models.open_model_manager()
    assert rows(dialog) == [("good:1b", "Ollama")]
    assert "The Ollama model broken:7b was passed over: it is not valid JSON" in \
        dialog.skipped_label.text()
    assert not dialog.skipped_label.isHidden()


def test_lm_studio_models_are_found_in_its_nested_folders(
        window: MainWindow, tiny_model: Path, app_home: Path) -> None:
    models = AppPaths.default().home / ".lmstudio" / "models"
    add_lm_studio_model(models, tiny_model, "lmstudio-community", "Tiny-GGUF", "Tiny-Q8_0.gguf")
    add_lm_studio_model(models, tiny_model, "lmstudio-community", "Tiny-GGUF",
                        "mmproj-Tiny-F16.gguf")
    dialog = window.models.open_model_manager()
    assert rows(dialog) == [("Tiny-Q8_0.gguf", "LM Studio")]
    assert dialog.table.item(0, 4).text() == str(models / "lmstudio-community" / "Tiny-GGUF")


def test_other_apps_models_can_be_left_out_in_settings(
        qtbot: QtBot, window: MainWindow, tiny_model: Path, app_home: Path) -> None:
    add_lm_studio_model(AppPaths.default().home / ".lmstudio" / "models", tiny_model)
    settings = SettingsDialog(window.preferences.settings, window)
    qtbot.addWidget(settings)
    assert settings.other_apps.isChecked()
    settings.other_apps.setChecked(False)
    window.preferences.change(settings.result_settings())
    assert window.models.open_model_manager().table.rowCount() == 0


@pytest.fixture
def hub(tiny_hub: HubServer) -> HubServer:
    return tiny_hub


@pytest.fixture
def downloads(hub: HubServer, app_home: Path) -> DownloadService:
    return DownloadService(HubSettings(endpoint=hub.endpoint), AppPaths.default().models_dir)


def test_the_download_folder_chosen_in_settings_takes_the_next_download(
        qtbot: QtBot, make_window: WindowFactory, downloads: DownloadService, *,
        hub: HubServer, tiny_model: Path, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    default = AppPaths.default().models_dir
    window = make_window(FakeEngine(), Settings(hub_endpoint=hub.endpoint),
                         downloads=downloads)
    size = tiny_model.stat().st_size
    # A download paused in the default folder, before the folder is changed.
    hub.state.faults[f"{REPO}/{FILE}"] = Faults(throttle_s=0.05)
    first = downloads.download([RemoteFile(REPO, FILE, size, None)])
    with qtbot.waitSignal(first.progressed, timeout=30_000):
        pass
    with qtbot.waitSignal(first.paused, timeout=30_000):
        first.pause()
    hub.state.faults[f"{REPO}/{FILE}"] = Faults()

    chosen = tmp_path / "Big Disk" / "models"
    chosen.mkdir(parents=True)
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", lambda *args: str(chosen))

    def exec_choosing_a_folder(dialog: SettingsDialog) -> int:
        assert dialog.download_folder.text() == ""
        assert str(default) in dialog.download_folder.placeholderText()
        dialog.choose_folder_button.click()
        return 1

    monkeypatch.setattr(SettingsDialog, "exec", exec_choosing_a_folder)
    window.open_settings()
    assert window.preferences.settings.download_folder == str(chosen)
    assert downloads.models_dir == chosen

    # The next download goes to the chosen folder.
    hub.state.add("someone/Other-GGUF", {"other-q8_0.gguf": tiny_model.read_bytes()})
    job = downloads.download([RemoteFile("someone/Other-GGUF", "other-q8_0.gguf", size, None)])
    with qtbot.waitSignal(job.finished, timeout=30_000) as done:
        pass
    assert done.args is not None
    assert Path(done.args[0]) == chosen / "someone--Other-GGUF" / "other-q8_0.gguf"

    # The paused one is listed and resumes where its bytes are, in the default folder.
    dialog = window.models.open_model_manager()
    assert rows(dialog) == [("other-q8_0.gguf", "downloaded")]
    assert dialog.partial_label.text().startswith(f"Incomplete: {FILE} (")
    assert dialog.partial_label.text().endswith(f") in {default}, where it resumes")
    dialog.resume_button.click()
    qtbot.waitUntil(lambda: dialog.table.rowCount() == 2, timeout=30_000)
    assert (default / REPO.replace("/", "--") / FILE).is_file()
    assert not (chosen / REPO.replace("/", "--") / FILE).exists()
    dialog.table.selectRow(0)
    assert dialog.delete_button.isEnabled()  # the app's own download, in either folder

    def exec_default(dialog: SettingsDialog) -> int:
        dialog.default_folder_button.click()
        return 1

    monkeypatch.setattr(SettingsDialog, "exec", exec_default)
    window.open_settings()
    assert downloads.models_dir == default
    # The models downloaded into the folder chosen before stay listed, where they are.
    assert window.preferences.settings.model_folders == (str(chosen),)
    assert ("other-q8_0.gguf", "added folder") in rows(window.models.open_model_manager())


def test_llama_cpp_loads_an_ollama_blob_and_writes_with_it(
        qtbot: QtBot, make_window: WindowFactory, tiny_model: Path, app_home: Path,
        real_llama_cpp: None) -> None:
    store = AppPaths.default().home / ".ollama" / "models"
    add_ollama_model(store, tiny_model, "tiny", "latest")
    window = make_window(EngineClient(), Settings(
        sampling=SamplingSettings(temperature=0.0, max_tokens=8), n_ctx=1024))
    dialog = window.models.open_model_manager()
    use(qtbot, window, dialog, "tiny:latest")
    model = window.models.model
    assert model is not None and model.architecture == "llama"
    assert window.models.model_label.text().startswith("tiny:latest")
    window.editor.setPlainText("Once upon a time")
    window.assistant.continue_writing()
    idle(qtbot, window)
    assert len(window.editor.toPlainText()) > len("Once upon a time")


def test_the_first_start_offers_a_model_ollama_already_has(
        qtbot: QtBot, make_window: WindowFactory, downloads: DownloadService, hub: HubServer,
        tiny_model: Path) -> None:
    store = AppPaths.default().home / ".ollama" / "models"
    add_ollama_model(store, tiny_model, "qwen3", "4b")
    size = len(hub.state.repos[REPO][FILE])
    catalog = Catalog((CatalogModel("tiny-chat", "Tiny Chat (test)", REPO, "Q8_0", 0.0001, size,
                                    0.1, "Apache-2.0", ("English",), "A test model.",
                                    file_hint=FILE),), "tiny-chat")
    window = make_window(FakeEngine(), downloads=downloads)
    dialog = window.models.show_welcome(catalog)
    assert dialog.found_button.isVisibleTo(dialog)
    assert dialog.found_button.text() == "Use qwen3:4b from Ollama, already on this computer"
    dialog.found_button.click()
    qtbot.waitUntil(lambda: window.preferences.settings.model_path != "", timeout=30_000)
    assert window.preferences.settings.model_path.startswith(str(store / "blobs"))
    assert not (AppPaths.default().models_dir / "qwen3").exists()  # nothing copied
