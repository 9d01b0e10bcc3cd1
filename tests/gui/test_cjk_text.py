"""Chinese text in the real editor: full-width punctuation counts as 字 as Word counts it
(or not, by the setting), a long line without spaces wraps inside the viewport (never
starting a line with a closing mark), and the glyphs come from a Simplified Chinese font
(not the Japanese one a system may fall back to first)."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QLocale
from PySide6.QtGui import QFont, QFontDatabase, QTextLayout
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from writer_app.core.text.units import CountRule
from writer_app.qt.fonts import cjk_families
from writer_app.ui.main_window import MainWindow

# Full-width commas, stops, marks, quotes and brackets: 字 by Word's rule, not by the other.
DIALOGUE = "“你来了！”她说，“真的吗？”我答：「是的。」"
ZI = sum(1 for char in DIALOGUE if "\u4e00" <= char <= "\u9fff")
# Never at the start of a line in Chinese typesetting (避头): closing marks.
CLOSING = "，。！？：；、”’」』）》"
LONG_LINE = "夜晚的城市很安静，雨一直下。她沿着河岸慢慢地走，想着那封还没有寄出的信！" * 12


def test_full_width_punctuation_counts_as_zi_unless_the_setting_leaves_it_out(
        qtbot: QtBot, chinese: None, fake_window: MainWindow) -> None:
    assert ZI == 12 and len(DIALOGUE) == 23
    fake_window.editor.setPlainText(DIALOGUE)
    qtbot.waitUntil(lambda: fake_window.counts_label.text() == "23 字 · 共 23 个字符")
    fake_window.preferences.change(fake_window.preferences.settings.replace(
        count_rule=CountRule.WITHOUT_PUNCTUATION))
    assert fake_window.counts_label.text() == "12 字 · 共 23 个字符"


def test_english_interface_counts_chinese_the_same_way(
        qtbot: QtBot, fake_window: MainWindow) -> None:
    # English quotes around English words are not full-width punctuation.
    fake_window.editor.setPlainText(f"{DIALOGUE} “Yes,” she said.")
    qtbot.waitUntil(lambda: fake_window.counts_label.text() == "26 words · 40 characters")


def _lines(window: MainWindow) -> list[tuple[str, float]]:
    """Each laid-out line of the first paragraph: its text and its width."""
    block = window.editor.document().firstBlock()
    layout = block.layout()
    return [(block.text()[line.textStart():line.textStart() + line.textLength()],
             line.naturalTextWidth())
            for line in (layout.lineAt(i) for i in range(layout.lineCount()))]


def test_a_long_chinese_line_wraps_inside_the_viewport(
        qtbot: QtBot, fake_window: MainWindow) -> None:
    fake_window.resize(700, 500)
    editor = fake_window.editor
    editor.setPlainText(LONG_LINE)
    qtbot.waitUntil(lambda: len(_lines(fake_window)) > 1)
    width = editor.viewport().width() - 2 * editor.document().documentMargin()
    lines = _lines(fake_window)
    assert "".join(text for text, _ in lines) == LONG_LINE
    assert all(line_width <= width for _, line_width in lines), (width, lines)
    assert not [text for text, _ in lines[1:] if text[0] in CLOSING]
    assert editor.horizontalScrollBar().maximum() == 0


def _families_drawing(text: str, font: QFont) -> set[str]:
    """The fonts Qt draws ``text`` with in ``font``, fallbacks included."""
    layout = QTextLayout(text, font)
    layout.beginLayout()
    layout.createLine()
    layout.endLayout()
    families = set()
    for run in layout.glyphRuns():
        assert 0 not in run.glyphIndexes(), f"{run.rawFont().familyName()} lacks a glyph"
        families.add(run.rawFont().familyName())
    return families


def test_chinese_is_drawn_with_a_simplified_chinese_font(fake_window: MainWindow) -> None:
    chinese_fonts = QFontDatabase.families(QFontDatabase.WritingSystem.SimplifiedChinese)
    assert "Noto Sans CJK SC" in chinese_fonts, "install fonts-noto-cjk to run this test"
    assert _families_drawing("她沿着河岸慢慢地走，直到天亮。", fake_window.editor.font()) == \
        {"Noto Sans CJK SC"}
    assert "Noto Sans CJK SC" not in _families_drawing("The rain.", fake_window.editor.font())


def test_a_font_chosen_in_the_font_dialog_keeps_the_chinese_fallback(
        fake_window: MainWindow) -> None:
    fake_window.view.set_font(QFont("DejaVu Serif", 15))
    font = fake_window.editor.font()
    assert font.pointSize() == 15
    assert _families_drawing("雨一直下。", font) == {"Noto Sans CJK SC"}
    assert _families_drawing("rain", font) == {"DejaVu Serif"}


@pytest.mark.parametrize(("locale", "first"), [
    ("zh_CN", "Noto Sans CJK SC"), ("zh_SG", "Noto Sans CJK SC"), ("en_US", "Noto Sans CJK SC"),
    ("zh_TW", "Noto Sans CJK TC"), ("zh_HK", "Noto Sans CJK HK"), ("ja_JP", "Noto Sans CJK JP"),
    ("ko_KR", "Noto Sans CJK KR"),
])
def test_the_cjk_fallback_follows_the_interface_language(
        qapp: QApplication, locale: str, first: str) -> None:
    assert cjk_families(QLocale(locale))[0] == first
