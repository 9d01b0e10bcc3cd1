"""A Markdown document in the real window: its marks highlighted, View ▸ Preview beside
the text, and counts without the marks; plain text stays plain."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QObject, QPoint, Qt, QUrl, Slot
from PySide6.QtGui import (
    QColor,
    QDesktopServices,
    QPalette,
    QTextCharFormat,
    QTextCursor,
    QTextDocument,
    QTextFormat,
)
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from tests.gui.conftest import WindowFactory
from tests.unit.test_markdown_text import CORPUS
from writer_app.core.settings import Settings
from writer_app.core.text.markdown import plain_text
from writer_app.core.text.units import count_text, count_words
from writer_app.testing.fake_engine import FakeEngine
from writer_app.ui.common.theme import dark_palette
from writer_app.ui.document.large_text import LARGE_MARKDOWN, LARGE_TEXT
from writer_app.ui.editor.text_editor import Marks
from writer_app.ui.main_window import MainWindow

TEXT = ("# The Title\n\nSome **strong** words, a `code span` and a "
        "[link](https://example.com/a/long/address).\n\n> A quoted line\n\n- one item\n"
        "- another item\n\n```\n# not a heading\n```\n\nLast line.\n")


@pytest.fixture
def window(make_window: WindowFactory) -> MainWindow:
    return make_window(FakeEngine())


@pytest.fixture
def app_palette(qapp: QApplication) -> Iterator[QPalette]:
    original = qapp.palette()
    yield original
    qapp.setPalette(original)


def _open(qtbot: QtBot, window: MainWindow, path: Path, text: str = TEXT) -> None:
    path.write_text(text, encoding="utf-8")
    assert window.documents.open_path(path)
    highlighter = window.markdown.highlighter
    if window.documents.markdown:
        # Switched on, the highlighter formats the whole text on the next turn.
        qtbot.waitUntil(lambda: _highlighted(window))
    else:
        assert not highlighter.is_active()


def _highlighted(window: MainWindow) -> bool:
    document = window.editor.document()
    return any(document.findBlockByNumber(number).layout().formats()
               for number in range(document.blockCount()))


def _formats(window: MainWindow, number: int) -> list[tuple[str, QTextCharFormat]]:
    """The formatted pieces of line ``number``: (their text, their format)."""
    block = window.editor.document().findBlockByNumber(number)
    return [(block.text()[r.start:r.start + r.length], QTextCharFormat(r.format))
            for r in block.layout().formats()]


def _format_of(window: MainWindow, number: int, piece: str) -> QTextCharFormat:
    return next(fmt for text, fmt in _formats(window, number) if text.strip() == piece)


def _luminance(colour: QColor) -> float:
    def channel(value: float) -> float:
        return value / 12.92 if value <= 0.03928 else ((value + 0.055) / 1.055) ** 2.4
    return (0.2126 * channel(colour.redF()) + 0.7152 * channel(colour.greenF())
            + 0.0722 * channel(colour.blueF()))


def _contrast(one: QColor, other: QColor) -> float:
    light, dark = sorted((_luminance(one), _luminance(other)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def test_qt_reads_the_same_words_as_the_count(qapp: QApplication) -> None:
    for markdown in CORPUS:
        document = QTextDocument()
        document.setMarkdown(markdown)
        assert count_words(plain_text(markdown)) == count_words(document.toPlainText()), \
            markdown


def test_marks_are_highlighted_and_dimmed_readably_in_light_and_dark(
        qtbot: QtBot, qapp: QApplication, app_palette: QPalette, window: MainWindow,
        tmp_path: Path) -> None:
    _open(qtbot, window, tmp_path / "notes.md")
    assert window.markdown.highlighter.is_active()
    document = window.editor.document()
    assert not document.isModified() and not document.isUndoAvailable()
    heading = _format_of(window, 0, "The Title")
    assert heading.property(QTextFormat.Property.FontSizeAdjustment) == 2
    assert heading.fontWeight() >= 700
    assert _format_of(window, 2, "strong").fontWeight() >= 700
    assert "Monospace" in " ".join(_format_of(window, 2, "code span").fontFamilies()) or \
        _format_of(window, 2, "code span").fontFixedPitch()
    link = _format_of(window, 2, "link")
    assert link.foreground().color() == window.editor.palette().color(QPalette.ColorRole.Link)
    assert _format_of(window, 4, "A quoted line").fontItalic()
    # Inside the fenced block a "#" is code, not a heading.
    assert _format_of(window, 10, "# not a heading").fontFixedPitch()
    for palette in (window.editor.palette(), dark_palette()):
        qapp.setPalette(palette)
        qtbot.waitUntil(lambda palette=palette: window.editor.palette().color(
            QPalette.ColorRole.Base) == palette.color(QPalette.ColorRole.Base))
        base = palette.color(QPalette.ColorRole.Base)
        text = palette.color(QPalette.ColorRole.Text)
        for mark in ("#", "**", "`", "](https://example.com/a/long/address)", ">", "-"):
            line = {"#": 0, "**": 2, "`": 2, ">": 4, "-": 6}.get(mark, 2)
            colour = _format_of(window, line, mark).foreground().color()
            assert colour != text  # dimmed…
            assert _contrast(colour, base) >= 3.0, (mark, colour.name(), base.name())  # …readable
        assert _contrast(_format_of(window, 2, "link").foreground().color(), base) >= 3.0
    assert not document.isModified()


def test_the_highlighter_leaves_other_marks_and_the_text_alone(
        qtbot: QtBot, window: MainWindow, tmp_path: Path) -> None:
    editor = window.editor
    _open(qtbot, window, tmp_path / "notes.md")
    strong = editor.document().find("strong")
    yellow = QTextCharFormat()
    yellow.setBackground(QColor("yellow"))
    editor.set_marks(Marks.FOUND, [(strong.selectionStart(), strong.selectionEnd())], yellow)
    changes: list[tuple[int, int, int]] = []
    editor.document().contentsChange.connect(lambda *change: changes.append(change))
    # Saved as plain text: the highlighter goes, nothing else does.
    assert window.documents.save_with_encoding("utf-8", tmp_path / "notes.txt")
    assert not window.markdown.highlighter.is_active()
    assert not _highlighted(window)
    assert changes == []
    assert editor.marks(Marks.FOUND)[0].cursor.selectedText() == "strong"
    assert editor.toPlainText() == TEXT
    assert not editor.document().isModified()
    # And back to Markdown: highlighted again, the marks still there.
    assert window.documents.save_with_encoding("utf-8", tmp_path / "again.md")
    qtbot.waitUntil(lambda: _highlighted(window))
    assert editor.marks(Marks.FOUND)[0].cursor.selectedText() == "strong"


def test_typing_a_fence_formats_the_lines_after_it_as_code(
        qtbot: QtBot, window: MainWindow, tmp_path: Path) -> None:
    _open(qtbot, window, tmp_path / "notes.md", "Intro\n\n# Heading\n\n*word*\n")
    assert _format_of(window, 2, "Heading").fontWeight() >= 700
    cursor = QTextCursor(window.editor.document())
    cursor.insertText("```\n")
    assert _format_of(window, 3, "# Heading").fontFixedPitch()
    assert _format_of(window, 5, "*word*").fontFixedPitch()
    window.editor.undo()
    assert not any(fmt.fontFixedPitch()
                   for _, fmt in _formats(window, 2))


def test_plain_text_stays_plain(qtbot: QtBot, window: MainWindow, tmp_path: Path) -> None:
    assert not window.documents.markdown
    assert not window.markdown.action_preview.isEnabled()
    _open(qtbot, window, tmp_path / "notes.txt")
    assert not window.documents.markdown
    assert not window.markdown.highlighter.is_active()
    assert not window.markdown.action_preview.isEnabled()
    assert not window.markdown.preview.isVisible()


def test_a_new_markdown_document_is_markdown_until_saved_as_text(
        qtbot: QtBot, window: MainWindow, tmp_path: Path) -> None:
    window.documents.new_markdown_document()
    assert window.documents.markdown and window.markdown.action_preview.isEnabled()
    window.editor.setPlainText("## A draft\n\n- a point\n")
    qtbot.waitUntil(lambda: _highlighted(window))
    window.documents.new_document()
    assert not window.documents.markdown


class _Browser(QObject):
    """Stands for the system's browser: the links it was asked to open."""

    def __init__(self) -> None:
        super().__init__()
        self.opened: list[QUrl] = []

    @Slot(QUrl)
    def open(self, url: QUrl) -> None:
        self.opened.append(url)


def test_preview_renders_follows_edits_and_scrolls_with_the_text(
        qtbot: QtBot, window: MainWindow, tmp_path: Path) -> None:
    _open(qtbot, window, tmp_path / "notes.md", TEXT + "\n".join(
        f"Paragraph {n} of a long document." for n in range(300)))
    action = window.markdown.action_preview
    assert action.isEnabled() and not action.isChecked()
    assert action.shortcut().toString() == "Ctrl+Shift+P"
    preview = window.markdown.preview
    assert not preview.isVisible()
    action.trigger()
    assert preview.isVisible() and preview.isReadOnly()
    assert window.preferences.settings.markdown_preview
    shown = preview.toPlainText()
    assert shown.startswith("The Title\nSome strong words, a code span and a link.")
    assert "#" not in shown.splitlines()[0] and "https://" not in shown
    assert preview.font().family() == window.editor.font().family()
    quote = preview.document().find("A quoted line")
    assert quote.charFormat().fontItalic()
    # Edits reach the preview after a moment, several keys in one render.
    renders: list[None] = []
    window.markdown.rendered.connect(lambda: renders.append(None))
    cursor = QTextCursor(window.editor.document())
    with qtbot.waitSignal(window.markdown.rendered, timeout=5000):
        for character in "Hi\n\n":
            cursor.insertText(character)
    assert len(renders) == 1
    assert preview.toPlainText().startswith("Hi\nThe Title")
    # Scrolled with the editor, in proportion.
    editor_bar, preview_bar = window.editor.verticalScrollBar(), preview.verticalScrollBar()
    assert preview_bar.maximum() > 0
    editor_bar.setValue(editor_bar.maximum())
    assert preview_bar.value() == preview_bar.maximum()
    editor_bar.setValue(editor_bar.maximum() // 2)
    assert abs(preview_bar.value() - preview_bar.maximum() // 2) <= preview_bar.maximum() // 20
    editor_bar.setValue(0)
    assert preview_bar.value() == 0
    # Plain text hides it; Markdown brings it back, as the setting says.
    assert window.documents.save_with_encoding("utf-8", tmp_path / "notes.txt")
    assert not preview.isVisible() and not action.isEnabled()
    assert window.documents.save_with_encoding("utf-8", tmp_path / "notes.md")
    assert preview.isVisible() and action.isChecked()
    action.trigger()
    assert not preview.isVisible()
    assert not window.preferences.settings.markdown_preview


def test_a_link_opens_in_the_browser_only_when_clicked(
        qtbot: QtBot, window: MainWindow, tmp_path: Path) -> None:
    browser = _Browser()
    QDesktopServices.setUrlHandler("https", browser, "open")
    try:
        _open(qtbot, window, tmp_path / "notes.md")
        window.markdown.action_preview.trigger()
        preview = window.markdown.preview
        qtbot.waitUntil(lambda: preview.viewport().isVisible())
        assert browser.opened == []
        found = preview.document().find("link")
        rect = preview.cursorRect(QTextCursor(found.block()))
        cursor = QTextCursor(found)
        cursor.setPosition(found.selectionStart() + 1)
        rect = preview.cursorRect(cursor)
        at = QPoint(rect.center().x(), rect.center().y())
        qtbot.mouseClick(preview.viewport(), Qt.MouseButton.LeftButton, pos=at)
        qtbot.waitUntil(lambda: bool(browser.opened))
        assert browser.opened == [QUrl("https://example.com/a/long/address")]
        assert preview.toPlainText().startswith("The Title")  # the preview stays
    finally:
        QDesktopServices.unsetUrlHandler("https")


def test_the_preview_choice_is_kept_for_the_next_window(
        qtbot: QtBot, make_window: WindowFactory, tmp_path: Path) -> None:
    window = make_window(FakeEngine(), Settings(markdown_preview=True))
    assert not window.markdown.preview.isVisible()  # an untitled text document
    _open(qtbot, window, tmp_path / "notes.md")
    assert window.markdown.preview.isVisible()
    assert window.markdown.action_preview.isChecked()


def test_counts_leave_the_marks_out(qtbot: QtBot, window: MainWindow,
                                    tmp_path: Path) -> None:
    text = "## Honey\n\n- **Bees** make [it](https://example.com/a-very-long-address).\n"
    _open(qtbot, window, tmp_path / "honey.md", text)
    window.document_status.update_counts()
    counts = window.document_status.counts
    assert counts.words == count_words("Honey Bees make it.") == 4
    assert counts.characters == len("Honey\n\nBees make it.\n")
    # Saved as plain text, the same text is counted again, marks and all.
    assert window.documents.save_with_encoding("utf-8", tmp_path / "honey.txt")
    qtbot.waitUntil(lambda: window.document_status.counts.characters == len(text))
    assert window.document_status.counts.words > 4


def test_ghost_text_keeps_the_formats_after_it_in_place(
        qtbot: QtBot, window: MainWindow, tmp_path: Path) -> None:
    _open(qtbot, window, tmp_path / "notes.md", "Before **strong** after\n")
    editor = window.editor
    cursor = editor.textCursor()
    cursor.setPosition(len("Before "))
    editor.setTextCursor(cursor)
    assert editor.show_ghost_text("and ")
    layout = editor.document().firstBlock().layout()
    shown = "Before and **strong** after"
    strong = [shown[r.start:r.start + r.length] for r in layout.formats()
              if r.format.fontWeight() >= 700 and r.start != len("Before ")]
    assert strong == ["strong"]
    editor.dismiss_ghost_text()
    assert _format_of(window, 0, "strong").fontWeight() >= 700


def test_a_long_markdown_document_is_counted_in_slices_without_its_marks(
        qtbot: QtBot, window: MainWindow, tmp_path: Path) -> None:
    part = ("## Part\n\nSome **strong** words and a [link](https://example.com/x).\n\n"
            "```\n" + "# code line *kept*\n" * 40 + "```\n\n> 引用的**中文**。\n\n")
    text = part * (LARGE_MARKDOWN // len(part) + 20)
    _open(qtbot, window, tmp_path / "long.md", text)
    status = window.document_status
    status.update_counts()
    assert status._counter.counting()  # in slices, with code blocks across them
    qtbot.waitUntil(lambda: not status._counter.counting(), timeout=60_000)
    assert status.counts == count_text(plain_text(text))
    # Plain text of that length is counted at once, marks and all.
    _open(qtbot, window, tmp_path / "long.txt", text)
    status.update_counts()
    assert status.counts == count_text(text)


def test_a_very_long_plain_text_is_counted_in_slices_as_a_whole(
        qtbot: QtBot, window: MainWindow, tmp_path: Path) -> None:
    text = "A line of **plain** words, 中文也算。\n\n" * (LARGE_TEXT // 30)
    path = tmp_path / "long.txt"
    path.write_text(text, encoding="utf-8")
    with qtbot.waitSignal(window.documents.load_finished, timeout=60_000):
        assert window.documents.open_path(path)
    status = window.document_status
    qtbot.waitUntil(lambda: not status._counter.counting(), timeout=60_000)
    # The slices add up to the count of the whole text the editor holds.
    assert status.counts == count_text(window.editor.toPlainText())


def test_an_unsaved_markdown_draft_is_restored_as_markdown(
        qtbot: QtBot, make_window: WindowFactory, app_home: Path) -> None:
    window = make_window(FakeEngine())
    window.documents.new_markdown_document()
    window.editor.insertPlainText("## A draft\n")
    window.documents.autosave()
    [record] = window.documents.recovery.folder.glob("*.json")
    data = json.loads(record.read_text(encoding="utf-8"))
    assert data["markdown"] is True and data["path"] == ""
    # Left by a session that is gone, it comes back as Markdown.
    data.update(session="gone", pid=2**22 + 5, started=0.0)
    (record.parent / "dead.json").write_text(json.dumps(data), encoding="utf-8")
    window.editor.document().setModified(False)
    window.documents.autosave()
    again = make_window(FakeEngine())
    dialog = again.documents.offer_recovery()
    assert dialog is not None
    dialog.restore_button.click()
    assert again.editor.toPlainText() == "## A draft\n"
    assert again.documents.path is None and again.documents.markdown
    qtbot.waitUntil(lambda: _highlighted(again))


def test_a_count_in_slices_survives_the_text_being_replaced(
        qtbot: QtBot, window: MainWindow, tmp_path: Path) -> None:
    first, second = tmp_path / "first.txt", tmp_path / "second.md"
    first.write_text("A line of *Markdown* words.\n" * (LARGE_TEXT // 20), encoding="utf-8")
    second.write_text("Three more words.\n" * (LARGE_TEXT // 12), encoding="utf-8")
    documents, status = window.documents, window.document_status
    with qtbot.waitSignal(documents.load_finished, timeout=60_000):
        assert documents.open_path(first)
    assert status._counter.counting()
    # Another file while the first is still being counted: the blocks counted are gone.
    with qtbot.waitSignal(documents.load_finished, timeout=60_000):
        assert documents.open_path(second)
    qtbot.waitUntil(lambda: not status._counter.counting(), timeout=60_000)
    assert status.counts == count_text(plain_text(second.read_text(encoding="utf-8")))


def test_a_line_underlined_with_equals_or_dashes_is_a_heading(
        qtbot: QtBot, window: MainWindow, tmp_path: Path) -> None:
    _open(qtbot, window, tmp_path / "notes.md",
          "Title\n=====\n\nSubtitle\n---\n\n- an item\n---\n\nPlain line\n")

    def size(number: int, piece: str) -> object:
        return _format_of(window, number, piece).property(
            QTextFormat.Property.FontSizeAdjustment)

    assert size(0, "Title") == 2 and size(3, "Subtitle") == 1
    assert _format_of(window, 1, "=====").foreground().color() != \
        window.editor.palette().color(QPalette.ColorRole.Text)
    assert all(fmt.property(QTextFormat.Property.FontSizeAdjustment) is None
               for _, fmt in _formats(window, 6))  # a list item stays one
    # Underlined as the writer types, the line above becomes a heading; Undo unmakes it.
    cursor = QTextCursor(window.editor.document().findBlockByNumber(9))
    cursor.movePosition(QTextCursor.MoveOperation.EndOfBlock)
    cursor.insertText("\n===")
    qtbot.waitUntil(lambda: size(9, "Plain line") == 2)
    window.editor.undo()
    qtbot.waitUntil(lambda: not _formats(window, 9))


def test_beginning_a_list_under_a_line_leaves_the_line_alone(
        qtbot: QtBot, window: MainWindow, tmp_path: Path) -> None:
    _open(qtbot, window, tmp_path / "notes.md", "# List\n\nShopping:\n")
    cursor = QTextCursor(window.editor.document())
    cursor.movePosition(QTextCursor.MoveOperation.End)
    for character in "- eggs":
        cursor.insertText(character)
        assert not window.markdown.highlighter.pending()  # nothing above to format again
        assert not _formats(window, 2)
