"""File ▸ New from Brief… and the Templates dialog, on the real window and the fake engine."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, QRect, Qt
from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import QFileDialog
from pytestqt.qtbot import QtBot

from writer_app.core.plans.templates import load_library, parse_template
from writer_app.testing.fake_engine import FakeEngine
from writer_app.ui.common.places import documents_folder
from writer_app.ui.compose.dialog import ComposeDialog
from writer_app.ui.compose.templates_dialog import TemplatesDialog
from writer_app.ui.main_window import MainWindow

OUTLINE = ("## Why roofs matter\n", "- the empty space\n", "## How panels work\n",
           "- cells and light\n", "## One too many\n")
# The draft shows a whole sentence at a time: the first chunk holds one.
SECTION = ("Solar panels turn light into power. ", "Roofs ", "are empty.")


def _dialog(qtbot: QtBot, window: MainWindow, fake: FakeEngine) -> ComposeDialog:
    dialog = window.compose_from_brief()
    qtbot.addWidget(dialog)
    dialog.template_box.setCurrentIndex(dialog.template_box.findText("Article"))
    dialog.topic.setText("solar panels on city roofs")
    dialog.keywords.setText("solar, grid")
    dialog.sections.setValue(2)
    fake.chunks = list(OUTLINE)
    qtbot.mouseClick(dialog.write_outline_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(dialog.write_draft_button.isEnabled, timeout=10_000)
    return dialog


def _drafting(qtbot: QtBot, window: MainWindow, fake: FakeEngine) -> ComposeDialog:
    """The dialog with the first section's text in the document and the engine held."""
    dialog = _dialog(qtbot, window, fake)
    fake.chunks = list(SECTION)
    fake.hold()
    qtbot.mouseClick(dialog.write_draft_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "Solar panels" in window.editor.toPlainText(), timeout=10_000)
    return dialog


def test_outline_then_draft_into_a_new_document_and_work_in_a_keyword(
        qtbot: QtBot, fake_window: MainWindow, fake: FakeEngine) -> None:
    fake_window.editor.setPlainText("An old text.")
    fake_window.editor.document().setModified(False)
    dialog = _dialog(qtbot, fake_window, fake)
    # The outline is shown in one form, cut to the two sections asked for.
    assert dialog.outline.toPlainText() == (
        "## Why roofs matter\n- the empty space\n## How panels work\n- cells and light")
    assert "2 section" in dialog.outline_status.text()
    dialog.outline.setPlainText(dialog.outline.toPlainText() + "\n## What it costs\n")
    fake.chunks = list(SECTION)
    qtbot.mouseClick(dialog.write_draft_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(dialog.work_in_button.isVisible, timeout=10_000)
    text = fake_window.editor.toPlainText()
    assert "An old text." not in text
    # The draft is Markdown: highlighted, and saved as .md unless the writer says otherwise.
    assert fake_window.documents.markdown
    assert fake_window.markdown.highlighter.is_active()
    assert [line for line in text.splitlines() if line.startswith("## ")] == [
        "## Why roofs matter", "## How panels work", "## What it costs"]
    # The engine gives every section the same text: the later sections leave out the
    # sentence they copy from the end of the one before, which their prompt carries.
    assert text.count("Solar panels turn light into power.") == 1
    assert text.count("Roofs are empty.") == 3
    assert dialog.progress.value() == dialog.progress.maximum() == 3
    assert [dialog.missing.item(i).text() for i in range(dialog.missing.count())] == ["grid"]
    fake.chunks = ["Solar panels feed the grid."]
    qtbot.mouseClick(dialog.work_in_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "feed the grid" in fake_window.editor.toPlainText(),
                    timeout=10_000)
    # The paragraph nearest to the keyword, the first, is the one rewritten.
    assert fake_window.editor.toPlainText().count("Solar panels turn light") == 0
    assert fake_window.editor.toPlainText().count("Roofs are empty.") == 2
    assert dialog.missing.count() == 0
    dialog.close()


def test_stop_mid_section_keeps_what_was_written(
        qtbot: QtBot, fake_window: MainWindow, fake: FakeEngine) -> None:
    dialog = _drafting(qtbot, fake_window, fake)
    assert dialog.draft_status.text() == "Section 1 of 2: Why roofs matter"
    qtbot.mouseClick(dialog.draft_stop, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not dialog.draft_stop.isEnabled(), timeout=10_000)
    fake.release()
    assert fake_window.editor.toPlainText() == (
        "## Why roofs matter\n\nSolar panels turn light into power. ")
    assert "Stopped" in dialog.draft_status.text()
    assert len(fake.requests) == 2
    dialog.close()


def test_templates_dialog_duplicates_edits_with_a_preview_imports_and_exports(
        qtbot: QtBot, app_home: Path, tmp_path: Path) -> None:
    dialog = TemplatesDialog(app_home / "data")
    qtbot.addWidget(dialog)
    titles = [dialog.list.item(i).text() for i in range(dialog.list.count())]
    assert "News release" in titles and "Chinese news release" in titles
    dialog.list.setCurrentRow(titles.index("Article"))
    assert not dialog.save_button.isEnabled()
    assert "Plan an article about a sample topic" in dialog.preview.toPlainText()
    dialog.duplicate()
    assert dialog.list.currentItem().text() == "Article (copy) (yours)"
    dialog.outline.setPlainText("Plan a piece on {topic} with {nonsense}.")
    assert "{nonsense}" in dialog.problem.text()
    assert not dialog.save_button.isEnabled()
    dialog.outline.setPlainText("Plan a short piece on {topic}.")
    assert "Plan a short piece on a sample topic." in dialog.preview.toPlainText()
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    saved = load_library(app_home / "data" / "templates").get("article 2")
    assert saved.outline == "Plan a short piece on {topic}."
    exported = tmp_path / "shared.toml"
    dialog.export_file(exported)
    assert parse_template(exported.read_text(encoding="utf-8")).name == "article 2"
    broken = tmp_path / "broken.toml"
    broken.write_text('name = "x"\ntitle = "X"\n', encoding="utf-8")
    assert dialog.import_file(broken) is None
    assert "broken.toml" in dialog.message.text() and "language" in dialog.message.text()
    imported = exported.read_text(encoding="utf-8").replace('"article 2"', '"shared"')
    exported.write_text(imported, encoding="utf-8")
    assert dialog.import_file(exported) is not None
    assert "shared" in load_library(app_home / "data" / "templates").templates


def test_the_draft_step_leaves_the_document_in_view(
        qtbot: QtBot, fake_window: MainWindow, fake: FakeEngine) -> None:
    dialog = _drafting(qtbot, fake_window, fake)
    # The dialog steps aside; a strip under the document says where the draft is.
    assert not dialog.isVisible()
    strip = dialog.strip
    assert strip.isVisible() and strip.window() is fake_window
    editor = fake_window.editor
    editor_box = QRect(editor.mapTo(fake_window, QPoint(0, 0)), editor.size())
    strip_box = QRect(strip.mapTo(fake_window, QPoint(0, 0)), strip.size())
    assert strip_box.top() >= editor_box.bottom() and not strip_box.intersects(editor_box)
    assert strip.height() < fake_window.height() // 6
    assert dialog.draft_status.text() == "Section 1 of 2: Why roofs matter"
    qtbot.mouseClick(dialog.draft_stop, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not dialog.draft_stop.isEnabled(), timeout=10_000)
    fake.release()
    # A new brief closes the earlier one, and its strip goes with it.
    again = fake_window.compose_from_brief()
    qtbot.addWidget(again)
    assert not strip.isVisible() and strip.window() is dialog
    assert again.isVisible()
    again.close()


def test_the_brief_step_can_be_cancelled(qtbot: QtBot, fake_window: MainWindow) -> None:
    dialog = fake_window.compose_from_brief()
    qtbot.addWidget(dialog)
    assert dialog.isVisible()
    dialog.topic.setText("   ")  # an empty topic is refused, with the reason
    qtbot.mouseClick(dialog.write_outline_button, Qt.MouseButton.LeftButton)
    assert dialog.pages.currentIndex() == 0
    assert dialog.brief_message.text() == "Say what the text is about: fill in the topic."
    qtbot.mouseClick(dialog.cancel_button, Qt.MouseButton.LeftButton)
    assert not dialog.isVisible()


def _drafted(qtbot: QtBot, window: MainWindow, fake: FakeEngine) -> ComposeDialog:
    """A finished two-section draft that never uses the keyword "grid": two paragraphs,
    then a section that left out its copy of them (the engine answers every request
    alike)."""
    dialog = _dialog(qtbot, window, fake)
    fake.chunks = ["Solar panels turn light into power for homes and shops on every "
                   "street of the city.\n\nOld roofs in the north are bare and flat."]
    qtbot.mouseClick(dialog.write_draft_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(dialog.work_in_button.isVisible, timeout=10_000)
    return dialog


def _missing(dialog: ComposeDialog) -> list[str]:
    return [dialog.missing.item(i).text() for i in range(dialog.missing.count())]


def test_work_it_in_changes_nothing_when_the_rewrite_lacks_the_keyword_or_cuts_too_much(
        qtbot: QtBot, fake_window: MainWindow, fake: FakeEngine) -> None:
    dialog = _drafted(qtbot, fake_window, fake)
    draft = fake_window.editor.toPlainText()
    assert _missing(dialog) == ["grid"]
    for answer, said in (
            ("Solar panels turn light into power for the whole city, street by street.",
             "did not use"),
            ("Panels feed the grid.", "shorten")):
        fake.chunks = [answer]
        qtbot.mouseClick(dialog.work_in_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(dialog.work_in_button.isEnabled, timeout=10_000)
        assert fake_window.editor.toPlainText() == draft
        assert said in dialog.draft_status.text()
        assert "worked in" not in dialog.draft_status.text()
        assert _missing(dialog) == ["grid"] and dialog.work_in_button.isVisible()
    dialog.close()


def test_work_it_in_can_be_stopped_and_an_empty_answer_is_said(
        qtbot: QtBot, fake_window: MainWindow, fake: FakeEngine) -> None:
    dialog = _drafted(qtbot, fake_window, fake)
    draft = fake_window.editor.toPlainText()
    assert not dialog.draft_stop.isEnabled()
    fake.chunks = ["Solar panels ", "feed the grid ", "of the city."]
    fake.hold()
    qtbot.mouseClick(dialog.work_in_button, Qt.MouseButton.LeftButton)
    assert dialog.draft_stop.isEnabled()
    qtbot.mouseClick(dialog.draft_stop, Qt.MouseButton.LeftButton)
    fake.release()
    qtbot.waitUntil(dialog.work_in_button.isEnabled, timeout=10_000)
    assert "Stopped" in dialog.draft_status.text() and not dialog.draft_stop.isEnabled()
    assert fake_window.editor.toPlainText() == draft
    fake.chunks = []
    qtbot.mouseClick(dialog.work_in_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(dialog.work_in_button.isEnabled, timeout=10_000)
    assert "did not use" in dialog.draft_status.text()
    assert fake_window.editor.toPlainText() == draft
    dialog.close()


def test_work_it_in_replaces_one_paragraph_as_one_undo_step_and_undo_lists_it_again(
        qtbot: QtBot, fake_window: MainWindow, fake: FakeEngine) -> None:
    dialog = _drafted(qtbot, fake_window, fake)
    editor = fake_window.editor
    draft = editor.toPlainText()
    fake.chunks = ["Solar panels turn light into power for homes, shops and the city grid."]
    qtbot.mouseClick(dialog.work_in_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "city grid" in editor.toPlainText(), timeout=10_000)
    text = editor.toPlainText()
    # Only the paragraph nearest to the keyword is rewritten; the other stays.
    assert "on every street of the city." not in text
    assert text.count("Old roofs in the north are bare and flat.") == 1
    assert len(text.splitlines()) == len(draft.splitlines())
    assert "“grid” is worked in" in dialog.draft_status.text()
    assert _missing(dialog) == []
    editor.undo()
    assert editor.toPlainText() == draft
    qtbot.waitUntil(lambda: _missing(dialog) == ["grid"], timeout=10_000)
    assert dialog.work_in_button.isVisible()
    editor.redo()
    qtbot.waitUntil(lambda: _missing(dialog) == [], timeout=10_000)
    # Typing the keyword by hand counts as well.
    editor.undo()
    editor.moveCursor(QTextCursor.MoveOperation.End)
    editor.insertPlainText("Power for the grid.")
    qtbot.waitUntil(lambda: _missing(dialog) == [], timeout=10_000)
    dialog.close()


def test_the_outline_step_says_when_the_sections_differ_from_what_was_asked(
        qtbot: QtBot, fake_window: MainWindow, fake: FakeEngine) -> None:
    dialog = fake_window.compose_from_brief()
    qtbot.addWidget(dialog)
    dialog.topic.setText("tea")
    dialog.sections.setValue(3)
    fake.chunks = ["## The writer's text comes between the lines\n", "## Warm the pot\n"]
    qtbot.mouseClick(dialog.write_outline_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(dialog.write_draft_button.isEnabled, timeout=10_000)
    assert dialog.outline.toPlainText() == "## Warm the pot"
    assert dialog.outline_status.text() == (
        "The outline has 1 section(s); you asked for 3. Edit it or write it again.")
    dialog.outline.setPlainText("## Warm the pot\n## Steep\n## Pour")
    assert dialog.outline_status.text() == (
        "The outline has 3 section(s). Edit it, then write the draft.")
    dialog.outline.setPlainText("## A\n## B\n## C\n## D")
    assert dialog.outline_status.text() == (
        "The outline has 4 section(s); you asked for 3. Edit it or write it again.")
    dialog.outline.setPlainText("## 温壶\n## 泡茶\n## 倒茶")
    assert dialog.outline_status.text() == (
        "The outline is not in the language of the brief. Edit it or write it again.")
    dialog.close()


def _genres(dialog: ComposeDialog) -> list[str]:
    return [dialog.template_box.itemText(row) for row in range(dialog.template_box.count())]


def test_genres_are_named_in_the_interface_s_language(qtbot: QtBot, fake_window: MainWindow,
                                                      chinese: None) -> None:
    dialog = fake_window.compose_from_brief()
    qtbot.addWidget(dialog)
    assert "英文文章" in _genres(dialog) and "新闻稿" in _genres(dialog)
    assert not [name for name in _genres(dialog) if name.isascii()]
    dialog.template_box.setCurrentIndex(dialog.template_box.findText("英文新闻稿"))
    assert not dialog.description.text().isascii()


def test_chinese_genres_have_english_names_in_english(qtbot: QtBot,
                                                       fake_window: MainWindow) -> None:
    dialog = fake_window.compose_from_brief()
    qtbot.addWidget(dialog)
    assert "Chinese news release" in _genres(dialog)
    assert all(name.isascii() for name in _genres(dialog))


def test_the_template_file_dialogs_start_in_the_documents_folder(
        qtbot: QtBot, app_home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    checkout = tmp_path / "checkout"
    checkout.mkdir()
    monkeypatch.chdir(checkout)  # where the app was started from: never offered
    asked: list[str] = []

    def ask(_parent: object, _title: str, start: str, _filter: str) -> tuple[str, str]:
        asked.append(start)
        return "", ""

    monkeypatch.setattr(QFileDialog, "getOpenFileName", ask)
    monkeypatch.setattr(QFileDialog, "getSaveFileName", ask)
    dialog = TemplatesDialog(app_home / "data")
    qtbot.addWidget(dialog)
    dialog.list.setCurrentRow(0)
    dialog.import_dialog()
    dialog.export_dialog()
    assert asked[0] == str(documents_folder())
    assert Path(asked[1]).parent == documents_folder() != checkout
    assert Path(asked[1]).name.endswith(".toml")
