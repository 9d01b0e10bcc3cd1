"""Export, print and formatted copy: each format read back by the library that reads it,
on an English and a Chinese document with headings, lists, emphasis and a long paragraph;
the window's Export dialog, print preview and copy."""

from __future__ import annotations

import io
import re
import zipfile
from html.parser import HTMLParser
from pathlib import Path

import docx
import pypdf
import pytest
from docx.oxml.ns import qn
from PySide6.QtCore import QLocale
from PySide6.QtGui import QGuiApplication, QTextDocument
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from tests.gui.conftest import Messages
from writer_app.core.documents.export import (
    BlockKind,
    ExportError,
    ExportFormat,
    ExportMetadata,
    PaperSize,
    plain_text,
)
from writer_app.core.documents.files import DocumentError
from writer_app.qt import export as qt_export
from writer_app.qt.export import ExportOptions, export_blocks, read_blocks, render
from writer_app.ui.common import message_boxes
from writer_app.ui.document.export import ExportDialog
from writer_app.ui.main_window import MainWindow

LONG_EN = ("The harbour woke slowly that morning. " * 30).strip()
LONG_ZH = "清晨的薄雾笼罩着小桥流水，乌篷船缓缓划过水面，船娘的吴侬软语在水上回荡。" * 12
ENGLISH = f"""# Spring Notes

A short **bold** claim, an *italic* aside and ~~a retracted line~~.

## Packing

- a light raincoat
- good shoes
  - with grip
- a camera

1. book the train
2. find a room

## The Walk

{LONG_EN}
"""
CHINESE = f"""# 春日江南游记

江南的春天来得**温柔**而*从容*。

## 行前准备

- 轻便的雨衣
- 舒适的鞋子
  - 最好防滑
- 相机

1. 订好车票
2. 预订民宿

## 结语

{LONG_ZH}
"""
DOCUMENTS = {
    "english": (ENGLISH, ExportMetadata("Spring Notes", "en-GB", {"label": "yes"}),
                ["Spring Notes", "Packing", "a light raincoat", "book the train", "The Walk",
                 "The harbour woke slowly"]),
    "chinese": (CHINESE, ExportMetadata("春日江南游记", "zh-CN", {"label": "是"}),
                ["春日江南游记", "行前准备", "轻便的雨衣", "订好车票", "结语",
                 "清晨的薄雾笼罩着小桥流水"]),
}


@pytest.fixture(params=sorted(DOCUMENTS))
def sample(request: pytest.FixtureRequest, qapp: QApplication
           ) -> tuple[str, ExportMetadata, list[str]]:
    return DOCUMENTS[request.param]


def test_markdown_is_read_once_into_headings_lists_and_emphasis(qapp: QApplication) -> None:
    blocks = read_blocks(ENGLISH, markdown=True)
    kinds = [(block.kind, block.level) for block in blocks if block.kind is BlockKind.HEADING]
    assert kinds == [(BlockKind.HEADING, 1), (BlockKind.HEADING, 2), (BlockKind.HEADING, 2)]
    items = [block for block in blocks if block.place is not None]
    assert [(b.text, b.place.depth, b.place.ordered, b.place.number) for b in items
            if b.place] == [("a light raincoat", 1, False, 1), ("good shoes", 1, False, 2),
                            ("with grip", 2, False, 1), ("a camera", 1, False, 3),
                            ("book the train", 1, True, 1), ("find a room", 1, True, 2)]
    runs = blocks[1].runs
    assert [r.text for r in runs if r.bold] == ["bold"]
    assert [r.text for r in runs if r.italic] == ["italic"]
    assert [r.text for r in runs if r.strike] == ["a retracted line"]


def test_plain_text_has_no_marks(sample: tuple[str, ExportMetadata, list[str]]) -> None:
    text, metadata, expected = sample
    out = render(read_blocks(text, markdown=True), ExportFormat.TEXT, metadata).decode()
    assert not re.search(r"[#*_`~]", out)
    assert "\n\n" in out
    for part in expected:
        assert part in out


def test_word_has_heading_styles_lists_and_an_east_asian_font(
        sample: tuple[str, ExportMetadata, list[str]]) -> None:
    text, metadata, expected = sample
    data = render(read_blocks(text, markdown=True), ExportFormat.DOCX, metadata)
    document = docx.Document(io.BytesIO(data))
    styles = [(p.style.name if p.style else "", p.text) for p in document.paragraphs]
    assert styles[0] == ("Heading 1", expected[0])
    assert ("Heading 2", expected[1]) in styles
    bullets = [t for s, t in styles if s.startswith("List Bullet")]
    numbered = [t for s, t in styles if s == "List Number"]
    assert len(bullets) == 4 and len(numbered) == 2
    assert ("List Bullet 2", bullets[2]) in styles
    emphasis = [(run.text, run.bold, run.italic) for p in document.paragraphs[:2]
                for run in p.runs if run.bold or run.italic]
    assert any(bold for _, bold, _ in emphasis) and any(italic for _, _, italic in emphasis)
    body = [p for p in document.paragraphs if p.text.startswith(expected[-1])]
    assert len(body) == 1, "a long paragraph stays one paragraph"
    fonts = document.styles["Normal"].element.rPr.rFonts
    assert fonts.get(qn("w:eastAsia")) == "SimSun"
    assert document.core_properties.title == metadata.title
    assert document.core_properties.language == metadata.language
    size = document.styles["Normal"].font.size
    assert size is not None and size.pt == 12.0 if metadata.is_chinese else size is None
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        custom = package.read("docProps/custom.xml").decode()
    assert 'name="label"' in custom and metadata.properties["label"] in custom


def test_a_second_numbered_list_starts_again_in_word(qapp: QApplication) -> None:
    blocks = read_blocks("1. one\n2. two\n\nBetween.\n\n1. again\n", markdown=True)
    document = docx.Document(io.BytesIO(render(blocks, ExportFormat.DOCX,
                                               ExportMetadata("Lists"))))
    ids = [p._p.pPr.numPr.numId.val for p in document.paragraphs
           if p._p.pPr is not None and p._p.pPr.numPr is not None]
    assert len(ids) == 3 and ids[0] == ids[1] != ids[2]


def test_pdf_text_reads_back_in_order_with_the_cjk_font_embedded(
        sample: tuple[str, ExportMetadata, list[str]]) -> None:
    text, metadata, expected = sample
    data = render(read_blocks(text, markdown=True), ExportFormat.PDF, metadata,
                  ExportOptions(PaperSize.LETTER))
    reader = pypdf.PdfReader(io.BytesIO(data))
    assert reader.metadata is not None and reader.metadata.title == metadata.title
    page = reader.pages[0]
    assert (float(page.mediabox.width), float(page.mediabox.height)) == (612, 792)
    extracted = re.sub(r"\s+", "", "".join(p.extract_text() for p in reader.pages))
    positions = [extracted.find(re.sub(r"\s+", "", part)) for part in expected]
    assert -1 not in positions, (positions, extracted[:400])
    assert positions == sorted(positions)
    assert not re.search("[\u2e80-\u2fdf]", extracted), "radicals in place of characters"
    fonts = {str(font.get_object()["/BaseFont"]) for p in reader.pages
             for font in p["/Resources"]["/Font"].values()}
    if metadata.is_chinese:
        assert any("CJK" in font for font in fonts), fonts
    assert f"1/{len(reader.pages)}" in extracted


def test_odt_has_outline_headings_lists_and_metadata(sample: tuple[str, ExportMetadata, list[str]]
                                          ) -> None:
    text, metadata, expected = sample
    data = render(read_blocks(text, markdown=True), ExportFormat.ODT, metadata)
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        assert package.read("mimetype") == b"application/vnd.oasis.opendocument.text"
        content = package.read("content.xml").decode()
        meta = package.read("meta.xml").decode()
    for part in expected[:5]:
        assert part in content
    headings = re.findall(r'<text:h [^>]*text:outline-level="(\d)"[^>]*>(?:<[^>]+>)*([^<]+)',
                          content)
    assert headings[:2] == [("1", expected[0]), ("2", expected[1])]
    assert "<text:list-item" in content
    assert all(item in content for item in ("最好防滑", "find a room")
               if item in text)
    assert f"<dc:title>{metadata.title}</dc:title>" in meta
    assert f"<dc:language>{metadata.language}</dc:language>" in meta


class _Headings(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.headings: list[str] = []
        self.items = 0
        self._in_heading = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._in_heading = tag in ("h1", "h2")
        if self._in_heading:
            self.headings.append("")
        self.items += tag == "li"

    def handle_endtag(self, tag: str) -> None:
        self._in_heading = self._in_heading and tag not in ("h1", "h2")

    def handle_data(self, data: str) -> None:
        if self._in_heading:
            self.headings[-1] += data


def test_html_is_one_standalone_file_with_the_headings(
        sample: tuple[str, ExportMetadata, list[str]]) -> None:
    text, metadata, expected = sample
    page = render(read_blocks(text, markdown=True), ExportFormat.HTML, metadata).decode()
    parser = _Headings()
    parser.feed(page)
    assert parser.headings[:2] == expected[:2]
    assert parser.items == 6
    assert f'<html lang="{metadata.language}">' in page
    assert '"PingFang SC", "Hiragino Sans GB", "Microsoft YaHei"' in page
    assert "<strong>" in page and "<em>" in page
    assert not re.search(r"(src|href)=\"(?!https?:)", page), "nothing outside the file"
    qt_view = QTextDocument()
    qt_view.setHtml(page)
    assert expected[-1] in qt_view.toPlainText()


def test_plain_text_documents_are_one_paragraph_a_line(qapp: QApplication) -> None:
    blocks = read_blocks("# not a heading\n第一段。\n\n第二段。\n", markdown=False)
    assert [(b.kind, b.text) for b in blocks] == [
        (BlockKind.PARAGRAPH, "# not a heading"), (BlockKind.PARAGRAPH, "第一段。"),
        (BlockKind.PARAGRAPH, "第二段。")]


def test_a_failed_export_says_why_and_leaves_no_file(qapp: QApplication,
                                                     tmp_path: Path) -> None:
    (tmp_path / "taken.docx").mkdir()
    blocks = read_blocks(ENGLISH, markdown=True)
    with pytest.raises(DocumentError, match="Is a directory"):
        export_blocks(blocks, tmp_path / "taken.docx", ExportFormat.DOCX, ExportMetadata("x"))
    with pytest.raises(DocumentError, match="no longer exists"):
        export_blocks(blocks, tmp_path / "gone" / "out.docx", ExportFormat.DOCX,
                      ExportMetadata("x"))
    assert [path.name for path in tmp_path.iterdir()] == ["taken.docx"]
    assert list((tmp_path / "taken.docx").iterdir()) == []


def test_a_missing_chinese_font_is_said_and_nothing_written(
        qapp: QApplication, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(qt_export, "cjk_families", lambda _locale: [])
    monkeypatch.setattr(qt_export.QFontDatabase, "families", lambda *_args: [])
    target = tmp_path / "draft.pdf"
    with pytest.raises(ExportError, match="fonts-noto-cjk"):
        export_blocks(read_blocks(CHINESE, markdown=True), target, ExportFormat.PDF,
                      ExportMetadata("春", "zh-CN"))
    assert list(tmp_path.iterdir()) == []


def test_the_export_dialog_follows_the_format(qtbot: QtBot, tmp_path: Path) -> None:
    dialog = ExportDialog(tmp_path / "draft.docx", PaperSize.A4)
    qtbot.addWidget(dialog)
    dialog.show()
    assert not dialog._paper.isVisible()
    dialog._format.setCurrentIndex(dialog._format.findData(ExportFormat.PDF))
    assert dialog.path == tmp_path / "draft.pdf"
    assert dialog._paper.isVisible() and dialog.paper is PaperSize.A4
    dialog._file.setText(str(tmp_path / "for-client"))
    assert dialog.path == tmp_path / "for-client.pdf"


def test_the_export_dialog_asks_before_replacing_a_file(
        qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "draft.docx").write_bytes(b"an earlier export")
    questions: list[str] = []
    answer = {"yes": False}

    def confirm(_parent: object, _title: str, text: str) -> bool:
        questions.append(text)
        return answer["yes"]

    monkeypatch.setattr(message_boxes, "confirm", confirm)
    dialog = ExportDialog(tmp_path / "draft.docx", PaperSize.A4)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.accept()
    assert dialog.isVisible() and "draft.docx already exists" in questions[0]
    answer["yes"] = True
    with qtbot.waitSignal(dialog.accepted):
        dialog.accept()


def test_export_from_the_window_leaves_the_document_alone(
        fake_window: MainWindow, qtbot: QtBot, messages: Messages, tmp_path: Path) -> None:
    source = tmp_path / "draft.md"
    source.write_text(CHINESE, encoding="utf-8")
    assert fake_window.documents.open_path(source)
    before = source.read_bytes()
    job = fake_window.export.export_to(tmp_path / "draft.docx", ExportFormat.DOCX)
    assert job is not None
    with qtbot.waitSignal(job.finished, timeout=30_000):
        pass
    assert fake_window.export.action_export.isEnabled()
    assert not fake_window.editor.document().isModified()
    assert source.read_bytes() == before
    document = docx.Document(str(tmp_path / "draft.docx"))
    assert document.paragraphs[0].style is not None
    assert document.paragraphs[0].style.name == "Heading 1"
    assert document.core_properties.language == "zh-CN"
    assert fake_window.export.export_to(source, ExportFormat.TEXT) is None
    assert source.read_bytes() == before
    assert "the document's own file" in messages.texts()


def test_an_export_that_fails_in_the_window_says_why(
        fake_window: MainWindow, qtbot: QtBot, messages: Messages, tmp_path: Path) -> None:
    fake_window.editor.setPlainText(ENGLISH)
    job = fake_window.export.export_to(tmp_path / "gone" / "draft.pdf", ExportFormat.PDF)
    assert job is not None
    with qtbot.waitSignal(job.finished, timeout=30_000):
        pass
    assert "Not exported: The folder" in messages.texts()
    assert not (tmp_path / "gone").exists()
    assert fake_window.editor.toPlainText() == ENGLISH


def test_copy_as_formatted_text_puts_html_and_text_on_the_clipboard(
        fake_window: MainWindow, tmp_path: Path) -> None:
    fake_window.documents.name_new(tmp_path / "spring.md")  # a Markdown document
    fake_window.editor.setPlainText(ENGLISH)
    fake_window.export.action_copy_formatted.trigger()
    data = QGuiApplication.clipboard().mimeData()
    assert "<h1>Spring Notes</h1>" in data.html()
    assert "<li>a light raincoat" in data.html() and "<strong>bold</strong>" in data.html()
    assert data.text().startswith("Spring Notes\n\nA short bold claim")
    cursor = fake_window.editor.textCursor()
    cursor.setPosition(ENGLISH.index("## Packing"))
    cursor.setPosition(ENGLISH.index("1. book"), cursor.MoveMode.KeepAnchor)
    fake_window.editor.setTextCursor(cursor)
    fake_window.export.action_copy_formatted.trigger()
    data = QGuiApplication.clipboard().mimeData()
    assert "<h2>Packing</h2>" in data.html() and "Spring Notes" not in data.html()


def test_a_plain_text_document_is_copied_as_its_paragraphs(
        fake_window: MainWindow) -> None:
    fake_window.editor.setPlainText("# Not a heading\n\nA *plain* line.")
    fake_window.export.action_copy_formatted.trigger()
    data = QGuiApplication.clipboard().mimeData()
    assert "<h1>" not in data.html() and "# Not a heading" in data.html()


def test_print_lays_out_the_pages_as_the_pdf_does(fake_window: MainWindow,
                                                   tmp_path: Path) -> None:
    fake_window.editor.setPlainText(CHINESE)
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(tmp_path / "printed.pdf"))
    printer.setPageLayout(qt_export.page_layout(ExportOptions()))
    fake_window.export.paint(printer)
    text = "".join(p.extract_text() for p in pypdf.PdfReader(tmp_path / "printed.pdf").pages)
    assert "春日江南游记" in text and "行前准备" in text


def test_paper_follows_the_country() -> None:
    from writer_app.ui.document.export import locale_paper
    assert locale_paper(QLocale("en_US")) is PaperSize.LETTER
    assert locale_paper(QLocale("fr_CA")) is PaperSize.LETTER
    assert locale_paper(QLocale("zh_CN")) is PaperSize.A4
    assert locale_paper(QLocale("en_GB")) is PaperSize.A4


def test_tables_tasks_and_pictures_are_carried(qapp: QApplication) -> None:
    text = ("Line two ![a cat](cat.png)\n\n| Name | 数量 |\n|---|---|\n"
            "| *tea* | 3 |\n\n- [x] done\n- [ ] to do\n\nAfter.\n")
    blocks = read_blocks(text, markdown=True)
    assert [b.kind for b in blocks] == [BlockKind.PARAGRAPH, BlockKind.TABLE,
                                        BlockKind.LIST_ITEM, BlockKind.LIST_ITEM,
                                        BlockKind.PARAGRAPH]
    metadata = ExportMetadata("Tables")
    page = render(blocks, ExportFormat.HTML, metadata).decode()
    assert "<p>Line two <em>[a cat]</em></p>" in page
    assert "<thead><tr><th>Name</th><th>数量</th></tr></thead>" in page
    assert "<td><em>tea</em></td><td>3</td>" in page
    assert "<li>\u2611 done</li>" in page and "<p>After.</p>" in page
    document = docx.Document(io.BytesIO(render(blocks, ExportFormat.DOCX, metadata)))
    table = document.tables[0]
    assert [[cell.text for cell in row.cells] for row in table.rows] == [
        ["Name", "数量"], ["tea", "3"]]
    assert plain_text(blocks) == ("Line two [a cat]\n\nName\t数量\ntea\t3\n\n"
                                  "• \u2611 done\n• \u2610 to do\n\nAfter.\n")
