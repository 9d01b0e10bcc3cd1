"""What a document becomes when it leaves the app: the formats, their file names, the page
size, the document's metadata, and the document read as headings, paragraphs and lists.

Every format is written from the same reading (``Block`` and ``Run``), made once from
the Markdown by Qt's reader (``writer_app.qt.export``) or from plain text here, so Word,
HTML, PDF, print and a formatted copy agree on what is a heading, a list or emphasis.
The HTML and the plain text are written here; Word in ``word.py``; ODT and PDF by Qt.

``labelled`` puts a provenance ``Label`` into an export: the implicit label as metadata
properties, which every format with metadata writes where it keeps them, and the explicit
label as a last paragraph, in the document's language.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from enum import Enum
from pathlib import Path

from writer_app.core.documents.files import DocumentError
from writer_app.core.documents.provenance import Label
from writer_app.core.i18n import QT_TRANSLATE_NOOP, message
from writer_app.core.text.units import han_share


class ExportFormat(Enum):
    """A format a document can be exported to; the value is its usual extension."""

    DOCX = "docx"
    ODT = "odt"
    PDF = "pdf"
    HTML = "html"
    TEXT = "txt"

    @property
    def suffix(self) -> str:
        return f".{self.value}"

    @property
    def label(self) -> str:
        """The format's name for a person, in English (the interface translates it)."""
        return {
            ExportFormat.DOCX: QT_TRANSLATE_NOOP("core", "Word document"),
            ExportFormat.ODT: QT_TRANSLATE_NOOP("core", "OpenDocument text"),
            ExportFormat.PDF: QT_TRANSLATE_NOOP("core", "PDF"),
            ExportFormat.HTML: QT_TRANSLATE_NOOP("core", "Web page (HTML)"),
            ExportFormat.TEXT: QT_TRANSLATE_NOOP("core", "Plain text"),
        }[self]


_SUFFIXES = {".docx": ExportFormat.DOCX, ".odt": ExportFormat.ODT, ".pdf": ExportFormat.PDF,
             ".html": ExportFormat.HTML, ".htm": ExportFormat.HTML,
             ".txt": ExportFormat.TEXT, ".text": ExportFormat.TEXT}


def format_of(path: Path) -> ExportFormat | None:
    """The format ``path``'s extension names (None for one no format uses)."""
    return _SUFFIXES.get(path.suffix.lower())


def export_path(document: Path | None, export_format: ExportFormat, folder: Path,
                untitled: str) -> Path:
    """Where an export goes unless the writer says otherwise: beside the document, with
    its name and the format's extension (``untitled`` names a document never saved)."""
    if document is None:
        return folder / f"{untitled}{export_format.suffix}"
    return document.with_suffix(export_format.suffix)


def with_format_suffix(path: Path, export_format: ExportFormat) -> Path:
    """``path``, given the format's extension when it has none that the format uses
    (``draft`` becomes ``draft.docx``; ``page.htm`` stays)."""
    if format_of(path) is export_format:
        return path
    return path.with_name(path.name + export_format.suffix)


class PaperSize(Enum):
    A4 = "A4"
    LETTER = "Letter"


_LETTER_TERRITORIES = {"US", "CA"}


def paper_for(territory: str) -> PaperSize:
    """The paper of a country (ISO 3166 code): Letter in the United States and Canada,
    A4 everywhere else."""
    return PaperSize.LETTER if territory.upper() in _LETTER_TERRITORIES else PaperSize.A4


@dataclass(frozen=True)
class ExportMetadata:
    """What an export says about the document besides its text.

    ``language`` is a BCP 47 tag (``en``, ``zh-CN``). ``properties`` are further named
    values each format stores where it keeps such things (custom properties in Word,
    user-defined metadata in ODT, the PDF's information, ``<meta>`` in HTML).
    """

    title: str
    language: str = "en"
    properties: Mapping[str, str] = field(default_factory=dict)

    @property
    def is_chinese(self) -> bool:
        return self.language.lower().split("-")[0] == "zh"

    @property
    def is_traditional_chinese(self) -> bool:
        tag = self.language.lower()
        return self.is_chinese and any(part in tag.split("-")
                                       for part in ("hant", "tw", "hk", "mo"))


def guess_language(text: str, interface: str) -> str:
    """The BCP 47 tag of ``text``: Chinese when most of its letters are Chinese (in the
    interface's variant of Chinese if it has one), else the interface's language when it
    is not Chinese, else English. ``interface`` is a locale name such as ``zh_CN``."""
    interface_tag = interface.replace("_", "-")
    interface_chinese = interface_tag.lower().startswith("zh")
    if han_share(text) >= 0.5:
        return interface_tag if interface_chinese and "-" in interface_tag else "zh-CN"
    if interface_chinese or not interface_tag or interface_tag.upper() in ("C", "POSIX"):
        return "en"
    return interface_tag


def document_metadata(blocks: Sequence[Block], text: str, name: str, interface: str, *,
                      title: str = "", language: str = "") -> ExportMetadata:
    """What an export of the document says about it: ``title`` or its first heading or
    ``name`` (its file's name), ``language`` or the one guessed from ``text``."""
    return ExportMetadata(title=title or title_of(blocks, name),
                          language=language or guess_language(text, interface))


def labelled(blocks: Sequence[Block], metadata: ExportMetadata, label: Label | None, *,
             implicit: bool, explicit: bool = False) -> tuple[list[Block], ExportMetadata]:
    """The blocks and metadata of an export of a text that holds AI-written text: with
    ``implicit``, the label's properties (``Label.properties``: the ``AIGC`` field of
    GB 45438-2025 and its plain-named companions) join the metadata; with ``explicit``,
    the label's sentence ends the text as a paragraph of its own. Without a label (the
    writer wrote it all) nothing is added."""
    if label is None:
        return list(blocks), metadata
    if implicit:
        metadata = replace(metadata, properties={**metadata.properties, **label.properties()})
    line = [Block(BlockKind.PARAGRAPH, (Run(label.statement),))] if explicit else []
    return [*blocks, *line], metadata


class BlockKind(Enum):
    PARAGRAPH = "paragraph"
    HEADING = "heading"
    LIST_ITEM = "list item"
    CODE = "code"
    QUOTE = "quote"
    RULE = "rule"
    TABLE = "table"


@dataclass(frozen=True)
class Run:
    """A stretch of text in one style."""

    text: str
    bold: bool = False
    italic: bool = False
    strike: bool = False
    code: bool = False
    link: str = ""


@dataclass(frozen=True)
class ListPlace:
    """Where a list item stands: its list (an id shared by the items of one list), how
    deep that list is nested (1 for the outermost), whether it is numbered, and the
    item's number (for a numbered one) or the list's first number."""

    list_id: int
    depth: int = 1
    ordered: bool = False
    number: int = 1
    start: int = 1


@dataclass(frozen=True)
class Block:
    """A paragraph, heading (``level`` 1 to 6), list item, line of code, quotation,
    horizontal rule, or table (``rows`` of cells, each cell its runs; the first row is
    the header, as Markdown's tables have one)."""

    kind: BlockKind
    runs: tuple[Run, ...] = ()
    level: int = 0
    place: ListPlace | None = None
    rows: tuple[tuple[tuple[Run, ...], ...], ...] = ()

    @property
    def text(self) -> str:
        if self.kind is BlockKind.TABLE:
            return "\n".join("\t".join("".join(run.text for run in cell) for cell in row)
                             for row in self.rows)
        return "".join(run.text for run in self.runs)


def blocks_of_plain_text(text: str) -> list[Block]:
    """A plain-text document as paragraphs: each line that is not blank is one.

    Writers of plain text let the editor wrap their lines, so a line break ends a
    paragraph (Chinese writers put one paragraph on each line); blank lines only space.
    """
    return [Block(BlockKind.PARAGRAPH, (Run(line.strip()),))
            for line in text.split("\n") if line.strip()]


def title_of(blocks: Sequence[Block], fallback: str) -> str:
    """The document's title: its first heading, else ``fallback`` (its file's name)."""
    for block in blocks:
        if block.kind is BlockKind.HEADING and block.text.strip():
            return block.text.strip()
    return fallback


def _list_marker(place: ListPlace) -> str:
    return f"{place.number}. " if place.ordered else "• "


def plain_text(blocks: Iterable[Block]) -> str:
    """The text without marks: blocks apart by a blank line; the items of a list (its
    nested lists included), and the lines of a code block, one a line; list items keep
    their bullet or number as text, as a word processor's plain-text export does."""
    out: list[str] = []
    previous: Block | None = None
    open_lists: dict[int, int] = {}  # depth -> the list open at that depth
    for block in blocks:
        place = block.place
        together = previous is not None and (
            block.kind is BlockKind.CODE and previous.kind is BlockKind.CODE)
        if place is None:
            open_lists.clear()
        else:
            together = bool(open_lists) and open_lists.get(place.depth,
                                                            place.list_id) == place.list_id
            open_lists = {depth: list_id for depth, list_id in open_lists.items()
                          if depth < place.depth}
            open_lists[place.depth] = place.list_id
        previous = block
        if block.kind is BlockKind.RULE:
            continue
        text = block.text
        if place is not None:
            text = "    " * (place.depth - 1) + _list_marker(place) + text
        if out:
            out.append("\n" if together else "\n\n")
        out.append(text)
    return "".join(out) + ("\n" if out else "")


# Font stacks for HTML: the Latin faces first, then each system's CJK faces, so every
# reader's browser draws Chinese in a Chinese font (not a Japanese one) and Latin in a
# Latin one. Simplified Chinese unless the document says Traditional.
_SANS = '"Segoe UI", "Helvetica Neue", Arial'
_CJK_SIMPLIFIED = ('"PingFang SC", "Hiragino Sans GB", "Microsoft YaHei", '
                   '"Noto Sans CJK SC", "Source Han Sans SC", "WenQuanYi Micro Hei"')
_CJK_TRADITIONAL = ('"PingFang TC", "Microsoft JhengHei", "Noto Sans CJK TC", '
                    '"Source Han Sans TC"')
_MONO = 'ui-monospace, "SFMono-Regular", Menlo, Consolas, "Noto Sans Mono CJK SC", monospace'


def font_stack(metadata: ExportMetadata) -> str:
    """The CSS font-family for the document's text."""
    cjk = _CJK_TRADITIONAL if metadata.is_traditional_chinese else _CJK_SIMPLIFIED
    return f"{_SANS}, {cjk}, sans-serif"


def _run_html(run: Run) -> str:
    text = html.escape(run.text, quote=False).replace("\n", "<br>")
    if run.code:
        text = f"<code>{text}</code>"
    if run.strike:
        text = f"<del>{text}</del>"
    if run.italic:
        text = f"<em>{text}</em>"
    if run.bold:
        text = f"<strong>{text}</strong>"
    if run.link:
        text = f'<a href="{html.escape(run.link)}">{text}</a>'
    return text


def _runs_html(runs: Iterable[Run]) -> str:
    return "".join(_run_html(run) for run in runs)


def _table_html(block: Block) -> str:
    rows = []
    for index, row in enumerate(block.rows):
        tag = "th" if index == 0 else "td"
        rows.append("<tr>" + "".join(f"<{tag}>{_runs_html(cell)}</{tag}>" for cell in row)
                    + "</tr>")
    head, body = rows[:1], rows[1:]
    return (f'<table border="1" cellspacing="0" cellpadding="4"><thead>{"".join(head)}'
            f'</thead><tbody>{"".join(body)}</tbody></table>')


def _body_html(blocks: Sequence[Block]) -> str:
    """The blocks as HTML elements; lists nest as their items' depths say."""
    out: list[str] = []
    open_lists: list[ListPlace] = []  # the lists open, outermost first
    code: list[str] = []

    def close_lists(depth: int) -> None:
        while len(open_lists) > depth:
            place = open_lists.pop()
            out.append("</li></ol>" if place.ordered else "</li></ul>")

    def flush_code() -> None:
        if code:
            out.append(f"<pre><code>{html.escape(chr(10).join(code), quote=False)}"
                       "</code></pre>")
            code.clear()

    for block in blocks:
        if block.kind is not BlockKind.CODE:
            flush_code()
        place = block.place
        if place is None:
            close_lists(0)
        else:
            close_lists(place.depth)
            if open_lists and len(open_lists) == place.depth:
                if open_lists[-1].list_id == place.list_id:
                    out.append("</li>")
                else:
                    close_lists(place.depth - 1)
            while len(open_lists) < place.depth:
                opening = place if len(open_lists) == place.depth - 1 else ListPlace(-1)
                start = f' start="{opening.start}"' if opening.ordered and (
                    opening.start != 1) else ""
                out.append(f"<ol{start}>" if opening.ordered else "<ul>")
                open_lists.append(opening)
            out.append(f"<li>{_runs_html(block.runs)}")
            continue
        if block.kind is BlockKind.HEADING:
            out.append(f"<h{block.level}>{_runs_html(block.runs)}</h{block.level}>")
        elif block.kind is BlockKind.CODE:
            code.append(block.text)
        elif block.kind is BlockKind.QUOTE:
            out.append(f"<blockquote><p>{_runs_html(block.runs)}</p></blockquote>")
        elif block.kind is BlockKind.RULE:
            out.append("<hr>")
        elif block.kind is BlockKind.TABLE:
            out.append(_table_html(block))
        else:
            out.append(f"<p>{_runs_html(block.runs)}</p>")
    flush_code()
    close_lists(0)
    # An item's end follows its text directly: a line break there is a space in Qt.
    return "\n".join(out).replace("\n</li>", "</li>")


def _metas(metadata: ExportMetadata) -> str:
    """The metadata's further properties as ``<meta>`` elements, one a line."""
    return "".join(f'<meta name="{html.escape(name)}" content="{html.escape(value)}">\n'
                   for name, value in metadata.properties.items())


def html_fragment(blocks: Sequence[Block], metadata: ExportMetadata) -> str:
    """The blocks as HTML to paste: one ``<div>`` with the document's language and fonts
    on it, so an editor that keeps inline styles (Word, WPS, web editors) keeps them; the
    further properties go before it as ``<meta>``, where a browser puts its own."""
    return (f'{_metas(metadata)}<div lang="{html.escape(metadata.language)}" style="font-family: '
            f'{html.escape(font_stack(metadata), quote=False)}; line-height: 1.6">\n'
            f"{_body_html(blocks)}\n</div>")


_STYLE = """body {{ font-family: {fonts}; line-height: 1.7; max-width: 42em;
  margin: 2em auto; padding: 0 1em; color: #1d1d1f; background: #fff; }}
h1, h2, h3, h4, h5, h6 {{ line-height: 1.3; margin: 1.4em 0 0.5em; }}
p, ul, ol, blockquote, pre, table {{ margin: 0 0 1em; }}
table {{ border-collapse: collapse; }}
th, td {{ border: 1px solid #c8c8cc; padding: 0.3em 0.6em; text-align: left; }}
blockquote {{ border-left: 3px solid #c8c8cc; padding-left: 1em; color: #48484a; }}
code, pre {{ font-family: {mono}; font-size: 0.92em; }}
pre {{ background: #f4f4f6; padding: 0.75em 1em; overflow-x: auto; }}
@media (prefers-color-scheme: dark) {{
  body {{ color: #e8e8ea; background: #1c1c1e; }}
  blockquote {{ color: #b8b8bc; border-color: #55555a; }}
  pre {{ background: #2c2c2e; }}
}}"""


def html_document(blocks: Sequence[Block], metadata: ExportMetadata) -> str:
    """One standalone HTML file: no link to anything outside it."""
    style = _STYLE.format(fonts=font_stack(metadata), mono=_MONO)
    return (f'<!DOCTYPE html>\n<html lang="{html.escape(metadata.language)}">\n<head>\n'
            f'<meta charset="utf-8">\n'
            f'<meta name="viewport" content="width=device-width, initial-scale=1">\n'
            f"<title>{html.escape(metadata.title, quote=False)}</title>\n{_metas(metadata)}"
            f"<style>\n{style}\n</style>\n</head>\n<body>\n{_body_html(blocks)}\n"
            "</body>\n</html>\n")


_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def xml_safe(text: str) -> str:
    """``text`` without the control characters XML cannot hold (Word and ODT are XML)."""
    return _CONTROL.sub("", text)


class ExportError(DocumentError):
    """An export could not be made; nothing was written."""

    @staticmethod
    def could_not_start() -> str:
        return message(QT_TRANSLATE_NOOP(
            "core", "The export could not be written: the system refused to start the "
            "file's writer. Try again, or choose another format."))


def missing_font() -> str:
    """Why a document with Chinese text cannot be laid out on pages here."""
    return message(QT_TRANSLATE_NOOP(
        "core", "No font on this computer can show Chinese text, so the PDF or printout "
        "would show empty boxes. Install a Chinese font (on Linux the package "
        "fonts-noto-cjk), then export again."))
