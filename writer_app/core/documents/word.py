"""A document as Word (.docx), written with python-docx from its blocks.

Headings take Word's own heading styles and list items its list styles (so the navigation
pane, a table of contents and the editor's restyling all work), each numbered list starts
at its own number, and emphasis, strike-through, code and links stay what they were.
Every style names an East Asian font (``w:eastAsia``) beside its Latin one, so Chinese
is set in a Chinese face by Word and WPS; a Chinese document is also set in the sizes
Chinese editors ask for by name (小四 body text, 三号 and 四号 headings).
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from xml.sax.saxutils import escape, quoteattr

import docx
from docx.document import Document
from docx.enum.text import WD_COLOR_INDEX
from docx.opc.constants import CONTENT_TYPE, RELATIONSHIP_TYPE
from docx.opc.packuri import PackURI
from docx.opc.part import Part
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Pt, RGBColor
from docx.text.paragraph import Paragraph

from writer_app.core.documents.export import (
    Block,
    BlockKind,
    ExportMetadata,
    ListPlace,
    Run,
    xml_safe,
)

CHINESE_SIZES = {"初号": 42.0, "小初": 36.0, "一号": 26.0, "小一": 24.0, "二号": 22.0,
                 "小二": 18.0, "三号": 16.0, "小三": 15.0, "四号": 14.0, "小四": 12.0,
                 "五号": 10.5, "小五": 9.0}
"""The Chinese names of font sizes, in points, as Word and WPS list them."""

# Sizes by style in a Chinese document: a manuscript in 小四 with headings from 三号 down.
_CHINESE_STYLE_SIZES = {"Normal": "小四", "Title": "二号", "Heading 1": "三号",
                        "Heading 2": "四号", "Heading 3": "小四", "Heading 4": "小四",
                        "Heading 5": "小四", "Heading 6": "小四"}
# (body, headings) faces by writing: Song for text and Hei for headings, as Chinese
# publishing sets them; the names are those Word and WPS know on every system.
_EAST_ASIAN_FACES = {"simplified": ("SimSun", "SimHei"),
                     "traditional": ("PMingLiU", "Microsoft JhengHei")}
_CHINESE_LATIN_FACE = "Times New Roman"
_CODE_FACE = "Consolas"
_CUSTOM_NAMESPACE = ("http://schemas.openxmlformats.org/officeDocument/2006/"
                     "custom-properties")
_VARIANT_NAMESPACE = ("http://schemas.openxmlformats.org/officeDocument/2006/"
                      "docPropsVTypes")
_CUSTOM_FORMAT_ID = "{D5CDD505-2E9C-101B-9397-08002B2CF9AE}"  # the one Word writes
_LINK_BLUE = RGBColor(0x05, 0x63, 0xC1)


def _set_fonts(element: object, latin: str | None, east_asian: str, language: str) -> None:
    """Name the Latin and East Asian faces and the languages of a style's or run's text."""
    r_pr = element.get_or_add_rPr()  # type: ignore[attr-defined]
    fonts = r_pr.get_or_add_rFonts()
    if latin:
        fonts.set(qn("w:ascii"), latin)
        fonts.set(qn("w:hAnsi"), latin)
    fonts.set(qn("w:eastAsia"), east_asian)
    lang = r_pr.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        r_pr.append(lang)
    east_asian_text = language.lower().startswith(("zh", "ja", "ko"))
    lang.set(qn("w:val"), "en-US" if east_asian_text else language)
    lang.set(qn("w:eastAsia"), language if east_asian_text else "zh-CN")


def _style_document(document: Document, metadata: ExportMetadata) -> None:
    body_face, heading_face = _EAST_ASIAN_FACES[
        "traditional" if metadata.is_traditional_chinese else "simplified"]
    latin = _CHINESE_LATIN_FACE if metadata.is_chinese else None
    for style in document.styles:
        name = style.name or ""
        if not name.startswith(("Normal", "Heading", "Title", "List", "Quote")) or (
                name.endswith("Char") or name == "Normal Table"):
            continue
        heading = name.startswith(("Heading", "Title"))
        _set_fonts(style.element, latin, heading_face if heading else body_face,
                   metadata.language)
        size = _CHINESE_STYLE_SIZES.get(name) if metadata.is_chinese else None
        if size is not None:
            style.font.size = Pt(CHINESE_SIZES[size])


class _Numbering:
    """Numbered lists in Word: each list of the document gets its own numbering instance
    of its level's style, so the second list starts at its own first number rather than
    going on from the first."""

    def __init__(self, document: Document) -> None:
        self._document = document
        self._numbers: dict[int, int] = {}

    def apply(self, paragraph: Paragraph, place: ListPlace, style_name: str) -> None:
        if not place.ordered:
            return
        num_id = self._numbers.get(place.list_id)
        if num_id is None:
            num_id = self._new_instance(style_name, place.start)
            self._numbers[place.list_id] = num_id
        num_pr = paragraph._p.get_or_add_pPr().get_or_add_numPr()
        num_pr.get_or_add_ilvl().val = 0
        num_pr.get_or_add_numId().val = num_id

    def _new_instance(self, style_name: str, start: int) -> int:
        style_num = self._document.styles[style_name].element.pPr.numPr.numId.val
        numbering = self._document.part.numbering_part.element
        abstract = numbering.num_having_numId(style_num).abstractNumId.val
        num = numbering.add_num(abstract)
        num.add_lvlOverride(ilvl=0).add_startOverride(start)
        return int(num.numId)


def _list_style(place: ListPlace) -> str:
    kind = "List Number" if place.ordered else "List Bullet"
    depth = min(place.depth, 3)
    return kind if depth == 1 else f"{kind} {depth}"


def _add_runs(paragraph: Paragraph, runs: Sequence[Run], *, code: bool = False) -> None:
    for run in runs:
        text = xml_safe(run.text)
        if run.link:
            _add_link(paragraph, run, text)
            continue
        added = paragraph.add_run(text)
        added.bold = run.bold or None
        added.italic = run.italic or None
        added.font.strike = run.strike or None
        if run.code or code:
            added.font.name = _CODE_FACE
            if run.code and not code:
                added.font.highlight_color = WD_COLOR_INDEX.GRAY_25


def _add_link(paragraph: Paragraph, run: Run, text: str) -> None:
    """A link Word opens on Ctrl+click: a ``w:hyperlink`` around a blue, underlined run."""
    r_id = paragraph.part.relate_to(run.link, RELATIONSHIP_TYPE.HYPERLINK, is_external=True)
    link = OxmlElement("w:hyperlink")
    link.set(qn("r:id"), r_id)
    added = paragraph.add_run(text)
    added.bold = run.bold or None
    added.italic = run.italic or None
    added.font.underline = True
    added.font.color.rgb = _LINK_BLUE
    link.append(added._r)
    paragraph._p.append(link)


def _add_custom_properties(document: Document, properties: dict[str, str]) -> None:
    """The metadata's further properties as Word's custom document properties (File ▸
    Info ▸ Properties ▸ Custom), which python-docx does not write itself."""
    items = "".join(
        f'<property fmtid="{_CUSTOM_FORMAT_ID}" pid="{pid}" name={quoteattr(xml_safe(name))}>'
        f"<vt:lpwstr>{escape(xml_safe(value))}</vt:lpwstr></property>"
        for pid, (name, value) in enumerate(properties.items(), start=2))
    xml = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
           f'<Properties xmlns="{_CUSTOM_NAMESPACE}" xmlns:vt="{_VARIANT_NAMESPACE}">'
           f"{items}</Properties>")
    package = document.part.package
    part = Part(PackURI("/docProps/custom.xml"), CONTENT_TYPE.OFC_CUSTOM_PROPERTIES,
                xml.encode("utf-8"), package)
    package.relate_to(part, RELATIONSHIP_TYPE.CUSTOM_PROPERTIES)


def docx_bytes(blocks: Sequence[Block], metadata: ExportMetadata) -> bytes:
    """The blocks as a Word document."""
    document = docx.Document()
    _style_document(document, metadata)
    properties = document.core_properties
    properties.title = xml_safe(metadata.title)
    properties.language = metadata.language
    properties.author = ""
    properties.comments = ""
    numbering = _Numbering(document)
    code: list[str] = []
    for index, block in enumerate(blocks):
        if block.kind is BlockKind.CODE:
            code.append(block.text)
            following = blocks[index + 1] if index + 1 < len(blocks) else None
            if following is None or following.kind is not BlockKind.CODE:
                paragraph = document.add_paragraph(style="No Spacing")
                _add_runs(paragraph, (Run("\n".join(code)),), code=True)
                code.clear()
            continue
        if block.kind is BlockKind.HEADING:
            heading = document.add_heading(level=min(max(block.level, 1), 9))
            _add_runs(heading, [Run(r.text, italic=r.italic, strike=r.strike, code=r.code,
                                    link=r.link) for r in block.runs])
        elif block.place is not None:
            style = _list_style(block.place)
            paragraph = document.add_paragraph(style=style)
            numbering.apply(paragraph, block.place, style)
            _add_runs(paragraph, block.runs)
        elif block.kind is BlockKind.QUOTE:
            _add_runs(document.add_paragraph(style="Quote"), block.runs)
        elif block.kind is BlockKind.RULE:
            _add_rule(document.add_paragraph())
        elif block.kind is BlockKind.TABLE:
            _add_table(document, block)
        else:
            _add_runs(document.add_paragraph(), block.runs)
    if metadata.properties:
        _add_custom_properties(document, dict(metadata.properties))
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _add_table(document: Document, block: Block) -> None:
    """A Markdown table as a Word table with a grid, its header row in bold and repeated
    at the top of each page it spans."""
    columns = max(len(row) for row in block.rows)
    table = document.add_table(rows=len(block.rows), cols=columns, style="Table Grid")
    for index, row in enumerate(block.rows):
        for column, cell in enumerate(row):
            paragraph = table.cell(index, column).paragraphs[0]
            _add_runs(paragraph, [Run(r.text, bold=r.bold or index == 0, italic=r.italic,
                                      strike=r.strike, code=r.code, link=r.link)
                                  for r in cell])
    header = table.rows[0]._tr.get_or_add_trPr()
    repeat = OxmlElement("w:tblHeader")
    header.append(repeat)


def _add_rule(paragraph: Paragraph) -> None:
    """A horizontal rule as Word draws one: an empty paragraph with a bottom border."""
    borders = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for name, value in (("w:val", "single"), ("w:sz", "6"), ("w:space", "1"),
                        ("w:color", "auto")):
        bottom.set(qn(name), value)
    borders.append(bottom)
    paragraph._p.get_or_add_pPr().append(borders)
