"""The export's rules that need no Qt: formats and file names, paper, language, and the
HTML and plain text written from blocks."""

from __future__ import annotations

from pathlib import Path

from writer_app.core.documents.export import (
    Block,
    BlockKind,
    ExportFormat,
    ExportMetadata,
    ListPlace,
    PaperSize,
    Run,
    blocks_of_plain_text,
    export_path,
    format_of,
    guess_language,
    html_document,
    html_fragment,
    paper_for,
    plain_text,
    title_of,
    with_format_suffix,
)


def test_the_format_comes_from_the_extension() -> None:
    assert format_of(Path("a/Draft.DOCX")) is ExportFormat.DOCX
    assert format_of(Path("page.htm")) is ExportFormat.HTML
    assert format_of(Path("notes.md")) is None
    assert with_format_suffix(Path("for-client"), ExportFormat.PDF) == Path("for-client.pdf")
    assert with_format_suffix(Path("v1.2"), ExportFormat.ODT) == Path("v1.2.odt")
    assert with_format_suffix(Path("page.htm"), ExportFormat.HTML) == Path("page.htm")


def test_an_export_is_named_after_its_document() -> None:
    assert export_path(Path("/w/春日.md"), ExportFormat.DOCX, Path("/h"), "Untitled") == \
        Path("/w/春日.docx")
    assert export_path(None, ExportFormat.PDF, Path("/h"), "未命名") == Path("/h/未命名.pdf")


def test_letter_paper_in_the_united_states_and_canada_only() -> None:
    assert paper_for("US") is PaperSize.LETTER and paper_for("ca") is PaperSize.LETTER
    assert paper_for("CN") is PaperSize.A4 and paper_for("") is PaperSize.A4


def test_the_language_is_guessed_from_the_text() -> None:
    assert guess_language("江南的春天来得温柔而从容。", "en_US") == "zh-CN"
    assert guess_language("江南的春天来得温柔而从容。", "zh_TW") == "zh-TW"
    assert guess_language("The harbour woke slowly.", "zh_CN") == "en"
    assert guess_language("The harbour woke slowly.", "en_GB") == "en-GB"
    assert guess_language("Le port s'éveillait.", "C") == "en"
    assert ExportMetadata("t", "zh-Hant-TW").is_traditional_chinese
    assert not ExportMetadata("t", "zh-CN").is_traditional_chinese


def _item(text: str, list_id: int, *, depth: int = 1, ordered: bool = False, number: int = 1,
          start: int = 1) -> Block:
    return Block(BlockKind.LIST_ITEM, (Run(text),),
                 place=ListPlace(list_id, depth, ordered, number, start))


BLOCKS = [
    Block(BlockKind.HEADING, (Run("Title"),), level=1),
    Block(BlockKind.PARAGRAPH, (Run("A "), Run("bold", bold=True), Run(" & "),
                                Run("link", link="https://x.org/?a=1&b=2"))),
    _item("one", 1), _item("inner", 2, depth=2), _item("two", 1, number=2),
    _item("three", 3, ordered=True, number=3, start=3),
    Block(BlockKind.CODE, (Run("x = 1 < 2"),)), Block(BlockKind.CODE, (Run("y"),)),
    Block(BlockKind.RULE),
    Block(BlockKind.QUOTE, (Run("Quoted."),), level=1),
]


def test_html_nests_lists_and_escapes_text() -> None:
    fragment = html_fragment(BLOCKS, ExportMetadata("Title", "en"))
    assert "<h1>Title</h1>" in fragment
    assert '<a href="https://x.org/?a=1&amp;b=2">link</a>' in fragment
    assert "A <strong>bold</strong> &amp; " in fragment
    assert "<ul><li>one<ul><li>inner</li></ul></li><li>two</li></ul>" in fragment.replace(
        "\n", "")
    assert '<ol start="3"><li>three</li></ol>' in fragment.replace("\n", "")
    assert "<pre><code>x = 1 &lt; 2\ny</code></pre>" in fragment
    assert "<hr>" in fragment and "<blockquote><p>Quoted.</p></blockquote>" in fragment


def test_an_html_file_carries_title_language_and_properties() -> None:
    page = html_document(BLOCKS, ExportMetadata("<Title>", "zh-TW", {"AIGC": "yes"}))
    assert "<title>&lt;Title&gt;</title>" in page and '<html lang="zh-TW">' in page
    assert '<meta name="AIGC" content="yes">' in page
    assert '"PingFang TC"' in page


def test_plain_text_keeps_paragraphs_apart_and_lists_together() -> None:
    assert plain_text(BLOCKS) == (
        "Title\n\nA bold & link\n\n• one\n    • inner\n• two\n\n3. three\n\nx = 1 < 2\ny"
        "\n\nQuoted.\n")


def test_plain_text_documents_are_read_one_paragraph_a_line() -> None:
    blocks = blocks_of_plain_text("第一段。\n  \n第二段。\n## not a heading\n")
    assert [b.text for b in blocks] == ["第一段。", "第二段。", "## not a heading"]
    assert title_of(blocks, "draft") == "draft"
    assert title_of(BLOCKS, "draft") == "Title"
