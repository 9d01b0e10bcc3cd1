"""Export: a document written as Word, ODT, PDF, HTML or plain text, and laid out on pages
for print, all from one reading of its Markdown.

Qt's Markdown reader (md4c: CommonMark with GitHub's tables, strike-through and task
lists) reads the text once into ``Block``s (``read_blocks``); every format is one function
from those blocks and the document's metadata to bytes (``render``), so they agree with
each other and with the Preview. ``export_blocks`` writes the bytes with the same atomic
write as Save: an export that fails leaves no half-written file and never touches the
document. Pages (PDF and print) are laid out by ``paint_pages`` on any paged device, a
``QPdfWriter`` or a printer alike. Needs a ``QGuiApplication`` (fonts); no widgets.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from xml.sax.saxutils import escape, quoteattr

from lxml import etree
from PySide6.QtCore import (
    QBuffer,
    QByteArray,
    QIODevice,
    QLocale,
    QMarginsF,
    QRectF,
    QSizeF,
    Qt,
)
from PySide6.QtGui import (
    QAbstractTextDocumentLayout,
    QFont,
    QFontDatabase,
    QPagedPaintDevice,
    QPageLayout,
    QPageSize,
    QPainter,
    QPdfWriter,
    QRawFont,
    QTextBlock,
    QTextBlockFormat,
    QTextCursor,
    QTextDocument,
    QTextDocumentWriter,
    QTextFormat,
    QTextListFormat,
    QTextTable,
    QTransform,
)

from writer_app import __version__
from writer_app.core.documents.export import (
    Block,
    BlockKind,
    ExportError,
    ExportFormat,
    ExportMetadata,
    ListPlace,
    PaperSize,
    Run,
    blocks_of_plain_text,
    html_document,
    html_fragment,
    missing_font,
    plain_text,
    xml_safe,
)
from writer_app.core.documents.files import write_atomic
from writer_app.core.documents.word import docx_bytes
from writer_app.core.text.units import is_han
from writer_app.qt.fonts import cjk_families, with_cjk_fallback

_ORDERED = {QTextListFormat.Style.ListDecimal, QTextListFormat.Style.ListLowerAlpha,
            QTextListFormat.Style.ListUpperAlpha, QTextListFormat.Style.ListLowerRoman,
            QTextListFormat.Style.ListUpperRoman}
MARGIN_MM = 22.0
"""The page's margins for PDF and print, on each side; the page number sits in the
bottom one."""
_BODY_POINTS = 11.0
# Qt's rich text reads a subset of CSS: line height and spacing make a page one reads at
# arm's length; quotations are set in from the left and greyed as the HTML export draws them.
_PAGE_STYLE = """p, li, blockquote { line-height: 145%; }
p { margin-top: 0; margin-bottom: 8px; }
blockquote { color: #48484a; margin-left: 24px; }
h1, h2, h3 { margin-top: 14px; margin-bottom: 6px; }"""


@dataclass(frozen=True)
class ExportOptions:
    """How pages are laid out (PDF and print); the other formats leave that to their
    reader."""

    paper: PaperSize = PaperSize.A4


def markdown_document(text: str) -> QTextDocument:
    """``text`` read as Markdown by Qt, GitHub's dialect."""
    document = QTextDocument()
    document.setMarkdown(text, QTextDocument.MarkdownFeature.MarkdownDialectGitHub)
    return document


_TASK_MARKS = {QTextBlockFormat.MarkerType.Checked: "\u2611 ",
               QTextBlockFormat.MarkerType.Unchecked: "\u2610 "}


def _runs(block: QTextBlock, heading: bool) -> tuple[Run, ...]:
    """The block's runs; in a ``heading`` (or a table's header) bold is the style's."""
    runs: list[Run] = []
    task = _TASK_MARKS.get(block.blockFormat().marker())
    if task and block.textList() is not None:
        runs.append(Run(task))
    fragments = block.begin()
    while not fragments.atEnd():
        fragment = fragments.fragment()
        fragments += 1
        if not fragment.isValid() or not fragment.text():
            continue
        char = fragment.charFormat()
        if char.isImageFormat():
            # A picture is not carried into the export: its description marks its place.
            image = char.toImageFormat()
            alt = image.property(QTextFormat.Property.ImageAltText)
            runs.append(Run(f"[{alt or image.name()}]", italic=True))
            continue
        runs.append(Run(
            fragment.text().replace("\u2028", "\n"),
            # A heading's words are bold by its style, not by emphasis.
            bold=not heading and char.fontWeight() >= QFont.Weight.DemiBold,
            italic=char.fontItalic(), strike=char.fontStrikeOut(),
            code=char.fontFixedPitch() or "monospace" in (char.fontFamilies() or []),
            link=char.anchorHref() if char.isAnchor() else ""))
    return tuple(runs)


def _table(table: QTextTable) -> Block:
    """A table's cells, row by row (a Markdown cell holds one line: its first block)."""
    return Block(BlockKind.TABLE, rows=tuple(
        tuple(_runs(table.cellAt(row, column).firstCursorPosition().block(), row == 0)
              for column in range(table.columns()))
        for row in range(table.rows())))


def blocks_of(document: QTextDocument) -> list[Block]:
    """The blocks of a document Qt read from Markdown."""
    blocks: list[Block] = []
    depths: dict[int, int] = {}  # list object index -> its nesting depth (its indent)
    block = document.begin()
    while block.isValid():
        block_format = block.blockFormat()
        heading = block_format.headingLevel()
        text_list = block.textList()
        table = QTextCursor(block).currentTable()
        if table is not None:
            blocks.append(_table(table))
            block = document.findBlock(table.lastPosition() + 1)
            continue
        if block_format.hasProperty(QTextFormat.Property.BlockTrailingHorizontalRulerWidth):
            blocks.append(Block(BlockKind.RULE))
        elif heading:
            blocks.append(Block(BlockKind.HEADING, _runs(block, True), level=heading))
        elif text_list is not None:
            list_format = text_list.format()
            list_id = text_list.objectIndex()
            depth = depths.setdefault(list_id, max(1, list_format.indent()))
            blocks.append(Block(BlockKind.LIST_ITEM, _runs(block, False), place=ListPlace(
                list_id, depth, list_format.style() in _ORDERED,
                list_format.start() + text_list.itemNumber(block), list_format.start())))
        elif block_format.hasProperty(QTextFormat.Property.BlockCodeFence) or (
                block_format.nonBreakableLines()):
            blocks.append(Block(BlockKind.CODE, (Run(block.text()),)))
        elif block_format.hasProperty(QTextFormat.Property.BlockQuoteLevel):
            blocks.append(Block(BlockKind.QUOTE, _runs(block, False),
                                level=int(block_format.property(
                                    QTextFormat.Property.BlockQuoteLevel))))
        elif block.text().strip():
            blocks.append(Block(BlockKind.PARAGRAPH, _runs(block, False)))
        block = block.next()
    return blocks


def read_blocks(text: str, *, markdown: bool) -> list[Block]:
    """The document's blocks: Markdown read by Qt, or plain text one paragraph a line."""
    return blocks_of(markdown_document(text)) if markdown else blocks_of_plain_text(text)


def _locale(metadata: ExportMetadata) -> QLocale:
    return QLocale(metadata.language.replace("-", "_"))


def text_font(metadata: ExportMetadata) -> QFont:
    """The font for pages and ODT: the system's, with the CJK faces of the document's
    language after it."""
    font = QFontDatabase.systemFont(QFontDatabase.SystemFont.GeneralFont)
    font.setPointSizeF(_BODY_POINTS)
    return with_cjk_fallback(font, _locale(metadata))


def _check_fonts(blocks: Sequence[Block], metadata: ExportMetadata) -> None:
    """A document with Chinese text needs a font that draws it, or the PDF would show
    empty boxes."""
    if cjk_families(_locale(metadata)) or QFontDatabase.families(
            QFontDatabase.WritingSystem.SimplifiedChinese):
        return
    if any(is_han(char) for block in blocks for char in block.text):
        raise ExportError(missing_font())


def rich_document(blocks: Sequence[Block], metadata: ExportMetadata) -> QTextDocument:
    """The blocks as a Qt document with the export's fonts (for ODT, PDF and print)."""
    document = QTextDocument()
    document.setDefaultFont(text_font(metadata))
    document.setDocumentMargin(0)
    document.setDefaultStyleSheet(_PAGE_STYLE)
    document.setHtml(html_fragment(blocks, metadata))
    document.setMetaInformation(QTextDocument.MetaInformation.DocumentTitle, metadata.title)
    return document


def paint_pages(blocks: Sequence[Block], metadata: ExportMetadata,
                device: QPagedPaintDevice) -> None:
    """Lay the blocks out on ``device``'s pages, its page layout as it is, with the page
    number centred in the bottom margin."""
    _check_fonts(blocks, metadata)
    document = rich_document(blocks, metadata)
    layout = device.pageLayout()
    body = layout.paintRectPixels(device.logicalDpiX())
    full = layout.fullRectPixels(device.logicalDpiX())
    document.documentLayout().setPaintDevice(device)
    document.setPageSize(QSizeF(body.width(), body.height()))
    pages = max(1, document.pageCount())
    painter = QPainter()
    if not painter.begin(device):
        raise ExportError(ExportError.could_not_start())
    try:
        footer = QFont(document.defaultFont())
        footer.setPointSizeF(_BODY_POINTS * 0.8)
        for page in range(pages):
            if page:
                device.newPage()
            painter.save()
            painter.setTransform(QTransform.fromTranslate(0, -page * body.height()))
            clip = QRectF(0, page * body.height(), body.width(), body.height())
            context = QAbstractTextDocumentLayout.PaintContext()
            context.clip = clip
            painter.setClipRect(clip)
            document.documentLayout().draw(painter, context)
            painter.restore()
            painter.setFont(footer)
            bottom = full.height() - body.top() - body.height()
            number = QRectF(-body.left(), body.height() + bottom * 0.35, full.width(),
                            bottom * 0.4)
            painter.drawText(number, int(Qt.AlignmentFlag.AlignCenter),
                             f"{page + 1} / {pages}")
    finally:
        painter.end()


def page_layout(options: ExportOptions) -> QPageLayout:
    size = QPageSize(QPageSize.PageSizeId.Letter if options.paper is PaperSize.LETTER
                     else QPageSize.PageSizeId.A4)
    return QPageLayout(size, QPageLayout.Orientation.Portrait,
                       QMarginsF(MARGIN_MM, MARGIN_MM, MARGIN_MM, MARGIN_MM),
                       QPageLayout.Unit.Millimeter)


def pdf_bytes(blocks: Sequence[Block], metadata: ExportMetadata,
              options: ExportOptions) -> bytes:
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    writer = QPdfWriter(buffer)
    writer.setPageLayout(page_layout(options))
    writer.setResolution(300)
    writer.setTitle(metadata.title)
    writer.setCreator(f"writer-app {__version__}")
    writer.setDocumentXmpMetadata(QByteArray(_xmp(metadata).encode("utf-8")))
    paint_pages(blocks, metadata, writer)
    del writer  # finishes the file
    buffer.close()
    return _searchable(bytes(data.data()), blocks, metadata)


# WORKAROUND for https://github.com/wkhtmltopdf/wkhtmltopdf/issues/4414 (Qt's PDF engine):
# CJK fonts draw an ideograph and its Kangxi radical (日 U+65E5, ⽇ U+2F47) with one
# glyph, and Qt's map from glyphs back to text takes the lowest code point, so the PDF's
# text would read ⽇ for 日: a search for 日 would not find it. The radicals in the maps
# are put back to the characters the document has; both are four hex digits, so the file
# keeps its length and its cross-reference offsets.
_RADICALS = range(0x2E80, 0x2FE0)
_CMAP = re.compile(rb"begincmap.*?endcmap", re.DOTALL)
_CODE = re.compile(rb"<([0-9A-Fa-f]{4})>")


def make_searchable(path: Path, blocks: Sequence[Block], metadata: ExportMetadata) -> None:
    """Put right the text of a PDF that ``paint_pages`` wrote through a printer (Print to
    File), as ``pdf_bytes`` does for an export; atomically, as Save writes. A file that
    cannot be read back is left as the printer wrote it: readable, if less searchable."""
    try:
        printed = path.read_bytes()
    except OSError:
        return
    write_atomic(path, _searchable(printed, blocks, metadata))


def _radical_meanings(blocks: Sequence[Block], metadata: ExportMetadata) -> dict[int, int]:
    """Radical code point -> the document's character drawn with the same glyph."""
    used = {char for block in blocks for char in block.text if is_han(char)}
    meanings: dict[int, int] = {}
    for family in text_font(metadata).families():
        raw = QRawFont.fromFont(QFont(family))
        if not raw.isValid():
            continue
        by_glyph = {raw.glyphIndexesForString(char)[0]: ord(char) for char in used}
        by_glyph.pop(0, None)
        for radical in _RADICALS:
            if chr(radical) in used or radical in meanings:
                continue
            glyphs = raw.glyphIndexesForString(chr(radical))
            if glyphs and glyphs[0] in by_glyph:
                meanings[radical] = by_glyph[glyphs[0]]
    return meanings


def _searchable(pdf: bytes, blocks: Sequence[Block], metadata: ExportMetadata) -> bytes:
    meanings = _radical_meanings(blocks, metadata)
    if not meanings:
        return pdf

    def code(match: re.Match[bytes]) -> bytes:
        value = int(match.group(1), 16)
        return b"<%04X>" % meanings[value] if value in meanings else match.group(0)

    def line(text: bytes) -> bytes:
        # <from> <to> <text> or <from> <to> [<text>...] (ranges), <code> <text> (single
        # characters): only the text side changes, never a glyph's code.
        tokens = text.split(b" ", 2 if text.count(b"<") > 2 else 1)
        if len(tokens) < 2:
            return text
        return b" ".join([*tokens[:-1], _CODE.sub(code, tokens[-1])])

    def cmap(match: re.Match[bytes]) -> bytes:
        return b"\n".join(line(text) for text in match.group(0).split(b"\n"))

    return _CMAP.sub(cmap, pdf)


def _xmp(metadata: ExportMetadata) -> str:
    """The PDF's XMP metadata: title, language and the further properties (Qt writes its
    own only when none is given)."""
    extra = "".join(f"<writer:{_xmp_name(name)}>{escape(value)}</writer:{_xmp_name(name)}>"
                    for name, value in metadata.properties.items())
    return (
        '<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>'
        '<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF '
        'xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'
        '<rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/" '
        'xmlns:pdf="http://ns.adobe.com/pdf/1.3/" xmlns:xmp="http://ns.adobe.com/xap/1.0/" '
        'xmlns:writer="https://writer-app.org/ns/export/1.0/">'
        f'<dc:title><rdf:Alt><rdf:li xml:lang="x-default">{escape(metadata.title)}'
        f"</rdf:li></rdf:Alt></dc:title>"
        f"<dc:language><rdf:Bag><rdf:li>{escape(metadata.language)}</rdf:li></rdf:Bag>"
        f"</dc:language><xmp:CreatorTool>writer-app {__version__}</xmp:CreatorTool>"
        f"<pdf:Producer>writer-app {__version__}</pdf:Producer>{extra}"
        '</rdf:Description></rdf:RDF></x:xmpmeta><?xpacket end="w"?>')


def _xmp_name(name: str) -> str:
    cleaned = "".join(char if char.isalnum() else "_" for char in name)
    return cleaned if cleaned[:1].isalpha() else f"p_{cleaned}"


def odt_bytes(blocks: Sequence[Block], metadata: ExportMetadata,
              _options: ExportOptions) -> bytes:
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    writer = QTextDocumentWriter(buffer, QByteArray(b"odf"))
    document = rich_document(blocks, metadata)
    if not writer.write(document):
        raise ExportError(ExportError.could_not_start())
    buffer.close()
    levels = []
    block = document.begin()
    while block.isValid():
        levels.append(block.blockFormat().headingLevel())
        block = block.next()
    return _finish_odt(bytes(data.data()), metadata, levels)


_ODF_TEXT = "urn:oasis:names:tc:opendocument:xmlns:text:1.0"


def _with_headings(content: bytes, levels: Sequence[int]) -> bytes:
    """Qt's ``content.xml`` with its headings made outline headings (``text:h``), which
    LibreOffice's Navigator and tables of contents find. Qt writes every block as one
    ``text:p``, in order; if that ever changes, the file is left as Qt wrote it."""
    root = etree.fromstring(content)
    paragraphs = list(root.iter(f"{{{_ODF_TEXT}}}p"))
    if len(paragraphs) != len(levels):
        return content
    for paragraph, level in zip(paragraphs, levels, strict=True):
        if level:
            paragraph.tag = f"{{{_ODF_TEXT}}}h"
            paragraph.set(f"{{{_ODF_TEXT}}}outline-level", str(level))
    return bytes(etree.tostring(root, xml_declaration=True, encoding="UTF-8"))


def _finish_odt(odt: bytes, metadata: ExportMetadata, levels: Sequence[int]) -> bytes:
    """The ODT with outline headings and a ``meta.xml`` (title, language, the further
    properties as user-defined fields), both of which Qt's writer leaves out."""
    fields = "".join(f"<meta:user-defined meta:name={quoteattr(xml_safe(name))}>"
                     f"{escape(xml_safe(value))}</meta:user-defined>"
                     for name, value in metadata.properties.items())
    meta = (
        '<?xml version="1.0" encoding="UTF-8"?>\n<office:document-meta '
        'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
        'xmlns:meta="urn:oasis:names:tc:opendocument:xmlns:meta:1.0" '
        'xmlns:dc="http://purl.org/dc/elements/1.1/" office:version="1.2"><office:meta>'
        f"<meta:generator>writer-app/{__version__}</meta:generator>"
        f"<dc:title>{escape(xml_safe(metadata.title))}</dc:title>"
        f"<dc:language>{escape(metadata.language)}</dc:language>{fields}"
        "</office:meta></office:document-meta>")
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(odt)) as source, zipfile.ZipFile(out, "w") as target:
        for item in source.infolist():
            content = source.read(item)
            if item.filename == "content.xml":
                content = _with_headings(content, levels)
            if item.filename == "META-INF/manifest.xml":
                content = content.replace(
                    b"</manifest:manifest>",
                    b'<manifest:file-entry manifest:media-type="text/xml" '
                    b'manifest:full-path="meta.xml"/></manifest:manifest>')
            target.writestr(item, content)
        target.writestr(zipfile.ZipInfo("meta.xml"), meta.encode("utf-8"),
                        zipfile.ZIP_DEFLATED)
    return out.getvalue()


def _docx(blocks: Sequence[Block], metadata: ExportMetadata, _o: ExportOptions) -> bytes:
    return docx_bytes(blocks, metadata)


def _html(blocks: Sequence[Block], metadata: ExportMetadata, _o: ExportOptions) -> bytes:
    return html_document(blocks, metadata).encode("utf-8")


def _text(blocks: Sequence[Block], _metadata: ExportMetadata, _o: ExportOptions) -> bytes:
    return plain_text(blocks).encode("utf-8")


Writer = Callable[[Sequence[Block], ExportMetadata, ExportOptions], bytes]
WRITERS: dict[ExportFormat, Writer] = {
    ExportFormat.DOCX: _docx, ExportFormat.ODT: odt_bytes, ExportFormat.PDF: pdf_bytes,
    ExportFormat.HTML: _html, ExportFormat.TEXT: _text,
}
"""One function per format, each from the same blocks and metadata to the file's bytes."""


def render(blocks: Sequence[Block], export_format: ExportFormat, metadata: ExportMetadata,
           options: ExportOptions | None = None) -> bytes:
    """The file's bytes for the blocks in ``export_format``."""
    return WRITERS[export_format](blocks, metadata, options or ExportOptions())


def export_blocks(blocks: Sequence[Block], path: Path, export_format: ExportFormat,
                  metadata: ExportMetadata, options: ExportOptions | None = None) -> None:
    """Write the blocks (``read_blocks``) to ``path`` in ``export_format``, atomically;
    ``DocumentError`` (an ``ExportError`` among them) says why it failed."""
    write_atomic(path, render(blocks, export_format, metadata, options))
