"""The app follows the system's colour scheme and the chosen language."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QApplication

from writer_app.core.requests import Action, GenerationRequest, RewriteStyle
from writer_app.core.settings import Settings
from writer_app.core.text.units import CountRule, count_text
from writer_app.core.writing.review import review
from writer_app.ui.assistant.panels import RewritePanel
from writer_app.ui.common.core_text import translated
from writer_app.ui.common.quantities import counts_text, data_size
from writer_app.ui.common.theme import ColorSchemeFollower, is_dark
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
    assert data_size(1_117_320_736) == "1.04 GB"


def test_core_messages_are_translated_with_their_values(chinese: None) -> None:
    request = GenerationRequest(Action.REWRITE, "一二三四五六七八九十。", selection=(0, 11),
                                style=RewriteStyle.SHORTER)
    result = review(request, "一二三四五六七八九十，再加几个字。")
    assert [translated(warning) for warning in result.warnings] == \
        ["你要求缩短，但结果并没有变短（10 → 15 字）。"]


def test_the_language_setting_is_kept(qtbot) -> None:
    dialog = SettingsDialog(Settings(language="zh_CN"))
    qtbot.addWidget(dialog)
    assert dialog.language.currentData() == "zh_CN"
    dialog.language.setCurrentIndex(dialog.language.findData(""))
    assert dialog.result_settings().language == ""


def test_the_status_bar_counts_in_zi_in_chinese(qtbot, chinese: None, fake_window) -> None:
    fake_window.editor.setPlainText("夜晚的城市很安静，雨一直下。" * 100 + " The rain fell.")
    qtbot.waitUntil(lambda: fake_window.counts_label.text() == "1,403 字 · 共 1,415 个字符")
