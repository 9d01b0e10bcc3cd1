"""The app follows the system's colour scheme and the chosen language."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QApplication, QFileDialog, QLabel

from writer_app.core.documents.recovery import Recovered, RecoveryStore
from writer_app.core.models.fit import human_size, memory_size
from writer_app.core.requests import Action, GenerationRequest, RewriteStyle
from writer_app.core.settings import Settings
from writer_app.core.text.units import CountRule, count_text
from writer_app.core.writing.review import review
from writer_app.ui.assistant.panels import RewritePanel
from writer_app.ui.common.core_text import translated
from writer_app.ui.common.quantities import counts_text, data_size, memory_text
from writer_app.ui.common.theme import ColorSchemeFollower, is_dark
from writer_app.ui.document.recovery_dialog import RecoveryDialog
from writer_app.ui.settings_dialog import SettingsDialog


@pytest.fixture
def app_palette(qapp: QApplication) -> Iterator[QPalette]:
    original = qapp.palette()
    yield original
    qapp.setPalette(original)


def test_a_dark_scheme_gives_a_dark_palette_and_light_takes_it_back(
        qapp: QApplication, app_palette: QPalette) -> None:
    follower = ColorSchemeFollower(qapp)
    assert not is_dark(qapp.palette())
    follower.apply(Qt.ColorScheme.Dark)
    assert is_dark(qapp.palette())
    follower.apply(Qt.ColorScheme.Light)
    assert not is_dark(qapp.palette())
    follower.deleteLater()


def test_the_diff_colours_follow_the_palette(qtbot, qapp: QApplication,
                                             app_palette: QPalette) -> None:
    panel = RewritePanel()
    qtbot.addWidget(panel)
    request = GenerationRequest(Action.REWRITE, "The old words.", selection=(0, 14),
                                style=RewriteStyle.REPHRASE)
    panel.start(request, "Rephrase", "Rewriting…")
    panel.add("The new words.")
    panel.finish("Done.")
    light = panel.view.toHtml()
    follower = ColorSchemeFollower(qapp)
    follower.apply(Qt.ColorScheme.Dark)
    panel.setPalette(qapp.palette())
    panel._render_diff()
    assert panel.view.toHtml() != light
    follower.apply(Qt.ColorScheme.Light)
    follower.deleteLater()


def test_chinese_is_loaded_with_the_interface_and_numbers(qtbot, chinese: None) -> None:
    dialog = SettingsDialog(Settings())
    qtbot.addWidget(dialog)
    assert dialog.windowTitle() == "设置"
    assert counts_text(count_text("你好，世界。" * 300)) == "1,800 字 · 共 1,800 个字符"
    assert counts_text(count_text("你好，世界。" * 300), CountRule.WITHOUT_PUNCTUATION) == \
        "1,200 字 · 共 1,800 个字符"
    assert data_size(2_500_000_000) == "2.50 GB"


def test_core_messages_are_translated_with_their_values(chinese: None) -> None:
    request = GenerationRequest(Action.REWRITE, "一二三四五六七八九十。", selection=(0, 11),
                                style=RewriteStyle.SHORTER)
    result = review(request, "一二三四五六七八九十，再加几个字。")
    # Counted as the status bar counts 字数: the full-width marks too.
    assert [translated(warning) for warning in result.warnings] == \
        ["你要求缩短，但结果并没有变短（11 → 17 字）。"]


def test_the_language_setting_is_kept(qtbot) -> None:
    dialog = SettingsDialog(Settings(language="zh_CN"))
    qtbot.addWidget(dialog)
    assert dialog.language.currentData() == "zh_CN"
    dialog.language.setCurrentIndex(dialog.language.findData(""))
    assert dialog.result_settings().language == ""


def test_the_status_bar_counts_in_zi_in_chinese(qtbot, chinese: None, fake_window) -> None:
    fake_window.editor.setPlainText("夜晚的城市很安静，雨一直下。" * 100 + " The rain fell.")
    qtbot.waitUntil(lambda: fake_window.counts_label.text() == "1,403 字 · 共 1,415 个字符")


def _two_records_of_one_file(folder: Path) -> list[Recovered]:
    base = {"key": "", "path": "/docs/story.txt", "encoding": "utf-8", "newline": "\n",
            "pid": 2**22 + 3, "session": "old", "started": 1.0}
    for key, saved_at, text in (("a", 1795000001.0, "short"), ("b", 1795000009.0, "longer")):
        (folder / f"{key}.json").write_text(json.dumps(
            {**base, "key": key, "saved_at": saved_at, "text": text}), encoding="utf-8")
    return RecoveryStore(folder).orphans()


def test_recovered_records_of_one_file_have_distinct_labels(qtbot, tmp_path: Path) -> None:
    dialog = RecoveryDialog(_two_records_of_one_file(tmp_path))
    qtbot.addWidget(dialog)
    labels = [dialog.list.item(row).text() for row in range(dialog.list.count())]
    assert len(set(labels)) == 2
    assert "autosaved" in labels[0] and "6 characters" in labels[0]
    assert "5 characters" in labels[1]


def test_the_recovery_list_speaks_chinese(qtbot, chinese: None, tmp_path: Path) -> None:
    dialog = RecoveryDialog(_two_records_of_one_file(tmp_path))
    qtbot.addWidget(dialog)
    label = dialog.list.item(0).text()
    assert "autosaved" not in label and "characters" not in label
    assert "自动保存" in label


def test_qt_s_own_file_dialog_speaks_chinese(qtbot, chinese: None) -> None:
    dialog = QFileDialog(None, "", "", "Text (*.txt)")
    dialog.setOption(QFileDialog.Option.DontUseNativeDialog, True)
    qtbot.addWidget(dialog)
    labels = [label.text() for label in dialog.findChildren(QLabel) if label.text()]
    assert labels and not [text for text in labels if text.isascii()]


@pytest.mark.parametrize("size", [999, 1_500, 71_000_000, 2_500_000_000, 17_179_869_184])
def test_the_window_and_the_cli_write_sizes_by_one_rule(size: int) -> None:
    assert data_size(size) == human_size(size)
    assert memory_text(size) == memory_size(size)
