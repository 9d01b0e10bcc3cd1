"""Where the model runs, as the status bar and the Hardware page show it (fake devices)."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtWidgets import QTreeWidget
from pytestqt.qtbot import QtBot

from tests.gui.conftest import Messages, WindowFactory, load
from writer_app.core.models.hardware import Device, DeviceKind, Hardware
from writer_app.core.models.load_settings import KvCacheType
from writer_app.core.paths import AppPaths
from writer_app.core.settings import SOURCE_MIRROR, SOURCE_MODELSCOPE, Settings
from writer_app.core.sources.catalog import Catalog, CatalogModel
from writer_app.core.sources.hub import HubSettings
from writer_app.qt.download_service import DownloadService
from writer_app.testing.fake_engine import CPU_ONLY, FakeEngine
from writer_app.ui.settings_dialog import SettingsDialog

GB = 1024**3
GPU = Device("CUDA", "CUDA0", "NVIDIA GeForce RTX 4070", DeviceKind.GPU, 10 * GB, 12 * GB)


@pytest.fixture
def downloads_for_welcome(app_home: Path) -> DownloadService:
    # Nothing is downloaded: the endpoint is never reached.
    return DownloadService(HubSettings(endpoint="http://127.0.0.1:9"),
                           AppPaths.default().models_dir)


def _with(*devices: Device, backends: tuple[str, ...] = ("CUDA", "CPU")) -> Hardware:
    return Hardware(backends, (*CPU_ONLY.devices, *devices), CPU_ONLY.cpu_features)


def test_a_gpu_with_room_takes_the_whole_model(qtbot: QtBot, make_window: WindowFactory,
                                               tiny_model: Path) -> None:
    window = make_window(FakeEngine(hardware=_with(GPU)))
    qtbot.waitUntil(lambda: window.models.hardware_label.text() != "")
    assert window.models.hardware_label.text() == "CUDA · NVIDIA GeForce RTX 4070"
    load(qtbot, window, tiny_model)
    qtbot.waitUntil(lambda: "layers" in window.models.hardware_label.text())
    assert window.models.hardware_label.text() == "CUDA: 3 of 3 layers"
    assert "whole model fits" in window.models.hardware_label.toolTip()
    assert "10.00 GB free of 12.00 GB" in window.models.hardware_label.toolTip()


def test_a_gpu_build_without_a_device_says_so(qtbot: QtBot, make_window: WindowFactory,
                                              tiny_model: Path) -> None:
    window = make_window(FakeEngine(hardware=_with()))
    load(qtbot, window, tiny_model)
    qtbot.waitUntil(lambda: "unavailable" in window.models.hardware_label.text())
    assert window.models.hardware_label.text() == "CPU (GPU unavailable)"
    assert "CUDA found no usable device" in window.models.hardware_label.toolTip()


def test_gpu_layers_zero_keeps_the_model_on_the_cpu(qtbot: QtBot, make_window: WindowFactory,
                                                    tiny_model: Path) -> None:
    window = make_window(FakeEngine(hardware=_with(GPU)), Settings(gpu_layers=0))
    load(qtbot, window, tiny_model)
    qtbot.waitUntil(lambda: window.models.hardware_label.text() == "CPU")
    assert "off in Settings" in window.models.hardware_label.toolTip()


def test_the_hardware_page_lists_devices_and_the_placement(
        qtbot: QtBot, make_window: WindowFactory, tiny_model: Path) -> None:
    engine = FakeEngine(hardware=_with(GPU))
    window = make_window(engine)
    load(qtbot, window, tiny_model)
    qtbot.waitUntil(lambda: "layers" in window.models.hardware_label.text())
    dialog = SettingsDialog(window.preferences.settings, window, backend=engine.probe(),
                            model=window.models.model)
    qtbot.addWidget(dialog)
    dialog.tabs.setCurrentIndex(2)
    assert dialog.tabs.tabText(2) == "Hardware"
    devices = dialog.findChild(QTreeWidget)
    assert devices is not None and devices.topLevelItemCount() == 2
    assert devices.topLevelItem(1).text(0) == "NVIDIA GeForce RTX 4070"
    assert devices.topLevelItem(1).text(3) == "10.00 GB"
    assert "CUDA: 3 of 3 layers" in dialog.placement.text()
    assert dialog.gpu_layers.specialValueText() == "auto"
    dialog.gpu_layers.setValue(0)
    assert dialog.result_settings().gpu_layers == 0


def test_the_hardware_page_before_the_engine_answers(qtbot: QtBot) -> None:
    dialog = SettingsDialog(Settings())
    qtbot.addWidget(dialog)
    assert dialog.gpu_layers.value() == -1
    assert dialog.placement.text() == "No model is loaded."


def test_the_welcome_dialog_counts_gpu_memory_once_the_engine_reports_it(
        qtbot: QtBot, make_window: WindowFactory, downloads_for_welcome: DownloadService,
        messages: Messages) -> None:
    import psutil

    ram = psutil.virtual_memory().total
    big = CatalogModel("big", "Big (test)", "org/big-GGUF", "Q4_K_M",
                       ram * 2 / 0.6e9, ram * 2, ram * 2 / 1e9, "Apache-2.0",
                       ("English",), "Larger than this computer's RAM.")
    huge_gpu = Device("CUDA", "CUDA0", "Big GPU", DeviceKind.GPU, ram * 8, ram * 8)
    window = make_window(FakeEngine(hardware=_with(huge_gpu)), downloads=downloads_for_welcome)
    window.models.forget_backend()  # as at first start, before the engine has answered
    dialog = window.models.show_welcome(Catalog((big,), "big"))
    assert "won't fit" in dialog.list.item(0).text()
    window.service.probe()
    qtbot.waitUntil(lambda: "won't fit" not in dialog.list.item(0).text())
    assert " · fits · " in dialog.list.item(0).text()
    dialog.reject()


def test_the_memory_cache_type_is_kept_and_reaches_the_engine(qtbot: QtBot) -> None:
    dialog = SettingsDialog(Settings(kv_cache=KvCacheType.Q8_0))
    qtbot.addWidget(dialog)
    kept = dialog.result_settings()
    assert kept.kv_cache is KvCacheType.Q8_0
    assert kept.load_settings("model.gguf").kv_cache is KvCacheType.Q8_0
    dialog.restore_defaults()
    assert dialog.result_settings().kv_cache is KvCacheType.F16


def test_the_hardware_page_keeps_its_rows_together(
        qtbot: QtBot, make_window: WindowFactory, tiny_model: Path) -> None:
    engine = FakeEngine(hardware=_with(GPU))
    window = make_window(engine)
    load(qtbot, window, tiny_model)
    dialog = SettingsDialog(window.preferences.settings, window, backend=engine.probe(),
                            model=window.models.model)
    qtbot.addWidget(dialog)
    dialog.tabs.setCurrentIndex(2)
    dialog.resize(700, 900)
    dialog.show()
    qtbot.waitExposed(dialog)
    label = dialog.placement
    # The spare height goes below the last row, not into the rows between them.
    assert label.height() == label.heightForWidth(label.width())


def test_the_mirror_address_is_editable_only_when_the_mirror_is_the_source(
        qtbot: QtBot) -> None:
    dialog = SettingsDialog(Settings())
    qtbot.addWidget(dialog)
    sources = {dialog.source.itemData(index): index for index in range(dialog.source.count())}
    assert not dialog.mirror.isEnabled() and dialog.endpoint.isEnabled()
    dialog.source.setCurrentIndex(sources[SOURCE_MIRROR])
    assert dialog.mirror.isEnabled() and not dialog.endpoint.isEnabled()
    dialog.source.setCurrentIndex(sources[SOURCE_MODELSCOPE])
    assert not dialog.mirror.isEnabled() and not dialog.endpoint.isEnabled()
