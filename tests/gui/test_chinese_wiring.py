"""What the core and the engine report reaches a Chinese writer in Chinese, and a reasoning
model's thinking shows in the status bar (the fake engine thinks)."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

from PySide6.QtGui import QAction
from PySide6.QtWidgets import QLabel, QWidget
from pytestqt.qtbot import QtBot

from tests.gui.conftest import Messages, WindowFactory, idle, load, translations
from tests.gui.test_window import set_text
from writer_app.core.models.hardware import Hardware
from writer_app.core.paths import AppPaths
from writer_app.core.requests import ContinueLength, RewriteStyle
from writer_app.core.sources.catalog import Catalog, CatalogModel, load_catalog
from writer_app.core.sources.download import Progress
from writer_app.core.sources.hub import HubSettings
from writer_app.core.text.units import is_han
from writer_app.qt.download_service import DownloadService
from writer_app.testing.fake_engine import CPU_ONLY, FakeEngine
from writer_app.ui.common.quantities import progress_text
from writer_app.ui.compose.templates_dialog import TemplatesDialog
from writer_app.ui.main_window import MainWindow

NOT_GGUF = "不是 GGUF 模型文件"
CATALOG = Catalog((CatalogModel("tiny", "Tiny", "test/tiny", "Q8_0", 0.0001, 1, 0.1, "Apache-2.0",
                                ("English",), "A test model."),), "tiny")


def _bad_file(folder: Path) -> Path:
    bad = folder / "notes.gguf"
    bad.write_text("not a model", encoding="utf-8")
    return bad


def test_a_model_that_fails_to_load_is_explained_in_chinese(
        qtbot: QtBot, chinese: None, fake_window: MainWindow, messages: Messages,
        tmp_path: Path) -> None:
    fake_window.models.load_model(_bad_file(tmp_path))
    qtbot.waitUntil(lambda: bool(messages.shown), timeout=30_000)
    assert NOT_GGUF in messages.texts()
    assert "notes.gguf" in messages.texts()


def test_an_unusable_file_in_the_model_manager_is_explained_in_chinese(
        chinese: None, fake_window: MainWindow, messages: Messages, tmp_path: Path) -> None:
    dialog = fake_window.models.open_model_manager(CATALOG)
    assert not dialog.import_path(_bad_file(tmp_path))
    assert NOT_GGUF in messages.texts()


def test_download_progress_follows_the_interface_language(
        qtbot: QtBot, chinese: None, make_window: WindowFactory, app_home: Path) -> None:
    offline = DownloadService(HubSettings(endpoint="http://127.0.0.1:9", offline=True),
                              AppPaths.default().models_dir)
    window = make_window(FakeEngine(), downloads=offline)
    dialog = window.models.show_welcome(CATALOG)
    dialog.download_button.click()
    row = dialog.download_row
    assert row is not None and row.job is not None
    progress = Progress(done=312_000_000, total=1_040_000_000, bytes_per_s=8_100_000)
    row.job.progressed.emit(progress)
    assert row.status.text() == progress_text(progress)
    assert " of " not in row.status.text()


def _continue_held(qtbot: QtBot, window: MainWindow, fake: FakeEngine, chunks: list[str],
                   label: str) -> QLabel:
    """Continue "It rained all night." with ``chunks`` held after the first: the status
    bar's label says ``label`` then, and " The rain stopped." goes in; the label."""
    fake.chunks = chunks
    fake.hold()
    set_text(window, "It rained all night.")
    window.assistant.continue_writing()
    speed = window.assistant.speed_label
    qtbot.waitUntil(lambda: speed.text() == label, timeout=30_000)
    fake.release()
    idle(qtbot, window)
    assert window.editor.toPlainText() == "It rained all night. The rain stopped."
    return speed


def test_the_status_bar_says_the_model_is_thinking_then_how_long_it_thought(
        qtbot: QtBot, fake_window: MainWindow, fake: FakeEngine) -> None:
    speed = _continue_held(qtbot, fake_window, fake, [
        "<think>", "The writer wants", " a quiet ending.", "</think>\n\n", " The rain",
        " stopped."], "Thinking…")
    assert speed.text().startswith("Thought for ")


def test_the_status_bar_says_writing_while_the_answers_head_is_held(
        qtbot: QtBot, fake_window: MainWindow, fake: FakeEngine) -> None:
    """The clean-up holds an answer's first words until it knows they are not a preamble:
    the model is writing by then, not reading."""
    _continue_held(qtbot, fake_window, fake, ["", " The rain", " stopped."], "Writing…")


def test_why_the_hub_cannot_be_reached_is_said_in_chinese(
        qtbot: QtBot, chinese: None, make_window: WindowFactory, app_home: Path) -> None:
    refused = DownloadService(HubSettings(endpoint="http://127.0.0.1:9"),
                              AppPaths.default().models_dir)
    window = make_window(FakeEngine(), downloads=refused)
    dialog = window.models.show_welcome(CATALOG)
    qtbot.waitUntil(lambda: bool(dialog.offline.problem.text()), timeout=60_000)
    assert "无法访问 镜像 127.0.0.1:9：127.0.0.1:9 拒绝了连接。" in dialog.offline.problem.text()
    assert dialog.file_button.isDefault() and not dialog.download_button.isDefault()


def test_where_the_model_runs_is_said_in_chinese(
        qtbot: QtBot, chinese: None, make_window: WindowFactory, tiny_model: Path) -> None:
    window = make_window(FakeEngine(hardware=Hardware(("CUDA", "CPU"), CPU_ONLY.devices,
                                                      CPU_ONLY.cpu_features)))
    load(qtbot, window, tiny_model)
    label = window.models.hardware_label
    qtbot.waitUntil(lambda: "GPU 不可用" in label.text(), timeout=30_000)
    assert "CUDA 找不到可用的设备" in label.toolTip()


def test_the_welcome_dialog_describes_the_catalog_in_chinese(
        chinese: None, make_window: WindowFactory) -> None:
    catalog = load_catalog()
    offline = DownloadService(HubSettings(endpoint="http://127.0.0.1:9", offline=True),
                              AppPaths.default().models_dir)
    dialog = make_window(FakeEngine(), downloads=offline).models.show_welcome(catalog)
    texts = [dialog.list.item(row).text() for row in range(dialog.list.count())]
    for model, text in zip(catalog.models, texts, strict=True):
        chinese_model = model.in_language("zh_CN")
        assert chinese_model.summary in text and model.summary not in text
        assert "英语、中文" in text, text


def _translated_sources() -> dict[str, str]:
    """Each English source text of the zh_CN catalogue that has a different Chinese text."""
    found = {}
    for message in ET.parse(translations.TRANSLATIONS / "writer_app_zh_CN.ts").iter("message"):
        source, chinese_text = message.findtext("source"), message.findtext("translation")
        if source and chinese_text and chinese_text != source:
            found[source.replace("&", "").casefold()] = chinese_text
    return found


def test_no_menu_action_shows_english_that_the_catalogue_translates(
        chinese: None, fake_window: MainWindow) -> None:
    # Static checks see literals only; a core label handed to an action as a value
    # reaches the menu untranslated unless the interface passes it through translated().
    sources = _translated_sources()
    core_labels = [label.casefold() for label in (*(style.label for style in RewriteStyle),
                                                  *(length.label for length in ContinueLength))]
    english = []
    for action in fake_window.findChildren(QAction):
        text = action.text().replace("&", "").casefold()
        if text in sources:
            english.append(action.text())
        tip = action.toolTip().casefold()
        english += [action.toolTip() for label in core_labels if label in tip]
    assert english == []


def _preview_of(dialog: TemplatesDialog, title: str) -> str:
    dialog.list.setCurrentRow(next(row for row in range(dialog.list.count())
                                   if dialog.list.item(row).text() == title))
    dialog.name.setText(dialog.name.text())  # a form change makes the preview
    return dialog.preview.toPlainText()


def test_the_template_preview_follows_the_template_language_and_fits_the_screen(
        qtbot: QtBot, chinese: None, tmp_path: Path) -> None:
    dialog = TemplatesDialog(tmp_path)
    qtbot.addWidget(dialog)
    english = _preview_of(dialog, "英文文章")
    assert "a sample topic" in english
    assert not any(is_han(char) for char in english)
    assert "示例主题" in _preview_of(dialog, "新闻稿")
    dialog.show()
    qtbot.waitExposed(dialog)
    assert dialog.screen().availableGeometry().contains(dialog.frameGeometry())


def test_the_templates_dialog_leaves_room_above_it_for_its_title_bar(
        qtbot: QtBot, chinese: None, tmp_path: Path) -> None:
    parent = QWidget()
    qtbot.addWidget(parent)
    available = parent.screen().availableGeometry()
    parent.setGeometry(available.left(), available.top(), 600, 300)
    dialog = TemplatesDialog(tmp_path, parent)
    dialog.show()
    qtbot.waitExposed(dialog)
    assert dialog.y() > available.top()
    assert available.contains(dialog.frameGeometry())
