"""The AI label in the window's exports: each format's metadata read back by the library
that reads it, the explicit line only when the writer ticks it, nothing for a document the
writer typed alone, nothing added to a plain-text save, and the formatted copy's HTML."""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path

import docx
import pypdf
from lxml import etree
from PySide6.QtGui import QGuiApplication
from pytestqt.qtbot import QtBot

from tests.gui.test_provenance_gui import continue_at_end, model_name
from tests.gui.test_window import select, set_text
from writer_app.core.documents.export import ExportFormat, PaperSize
from writer_app.testing.fake_engine import FakeEngine
from writer_app.ui.document.export import ExportDialog
from writer_app.ui.main_window import MainWindow

MINE = "I began the day by the harbour."
THEIRS = " The tide turned and the boats came home."
LINE_EN = "Parts of this text were generated with AI"
LINE_ZH = "本文部分内容由人工智能生成"


def export(qtbot: QtBot, window: MainWindow, path: Path, export_format: ExportFormat, *,
           explicit: bool = False) -> Path:
    job = window.export.export_to(path, export_format, explicit_label=explicit)
    assert job is not None
    with qtbot.waitSignal(job.finished, timeout=30_000):
        pass
    return path


def properties(path: Path) -> dict[str, str]:
    """The further properties each format keeps, read back from the file."""
    if path.suffix == ".docx":
        package = docx.Document(str(path)).part.package
        return {item.get("name"): "".join(item.itertext())
                for part in package.iter_parts() if part.partname == "/docProps/custom.xml"
                for item in etree.fromstring(part.blob)}
    if path.suffix == ".pdf":
        xmp = pypdf.PdfReader(path).xmp_metadata
        assert xmp is not None
        [description] = xmp.rdf_root.getElementsByTagNameNS(
            "http://www.w3.org/1999/02/22-rdf-syntax-ns#", "Description")
        # XMP names cannot hold "-": the export writes "_" in its place.
        return {node.localName.replace("_", "-"): node.firstChild.data if node.firstChild else ""
                for node in description.childNodes
                if node.namespaceURI == "https://writer-app.org/ns/export/1.0/"}
    if path.suffix == ".odt":
        with zipfile.ZipFile(io.BytesIO(path.read_bytes())) as odt:
            root = etree.fromstring(odt.read("meta.xml"))
        name = "{urn:oasis:names:tc:opendocument:xmlns:meta:1.0}name"
        return {field.get(name): field.text or "" for field in root.iter(
            "{urn:oasis:names:tc:opendocument:xmlns:meta:1.0}user-defined")}
    if path.suffix == ".html":
        root = etree.HTML(path.read_text(encoding="utf-8"))
        return {meta.get("name"): meta.get("content") for meta in root.iter("meta")
                if meta.get("name") and meta.get("name") != "viewport"}
    return {}


def text_of(path: Path) -> str:
    if path.suffix == ".docx":
        return "\n".join(p.text for p in docx.Document(str(path)).paragraphs)
    if path.suffix == ".pdf":
        # Qt places a PDF's words apart with tabs.
        return "".join(page.extract_text() for page in pypdf.PdfReader(path).pages
                       ).replace("\t", " ")
    if path.suffix == ".odt":
        with zipfile.ZipFile(io.BytesIO(path.read_bytes())) as odt:
            return odt.read("content.xml").decode()
    return path.read_text(encoding="utf-8")


def test_every_format_with_metadata_carries_the_implicit_label(
        qtbot: QtBot, fake_window: MainWindow, fake: FakeEngine, tmp_path: Path) -> None:
    set_text(fake_window, MINE)
    continue_at_end(qtbot, fake_window, fake, [THEIRS])
    share = fake_window.provenance.share().percent
    assert 0 < share < 100
    for export_format in ExportFormat:
        path = export(qtbot, fake_window, tmp_path / f"out{export_format.suffix}",
                      export_format)
        found = properties(path)
        assert LINE_EN not in text_of(path)
        if export_format is ExportFormat.TEXT:
            assert path.read_text(encoding="utf-8") == MINE + THEIRS + "\n"
            continue
        aigc = json.loads(found["AIGC"])
        assert aigc["Label"] == "1", export_format
        assert aigc["ProduceID"] == fake_window.provenance.content_id
        assert model_name(fake_window) in aigc["ContentProducer"]
        assert found["ai-generated"] == "partly"
        assert found["ai-share"] == f"{share}%"
        assert found["ai-models"] == model_name(fake_window)
        assert found["ai-generator"].startswith("writer-app ")


def test_the_explicit_line_is_added_only_when_chosen_in_english_and_chinese(
        qtbot: QtBot, fake_window: MainWindow, fake: FakeEngine, tmp_path: Path) -> None:
    set_text(fake_window, MINE)
    continue_at_end(qtbot, fake_window, fake, [THEIRS])
    for export_format in (ExportFormat.DOCX, ExportFormat.PDF, ExportFormat.TEXT):
        path = export(qtbot, fake_window, tmp_path / f"line{export_format.suffix}",
                      export_format, explicit=True)
        assert LINE_EN in text_of(path), export_format
    assert docx.Document(str(tmp_path / "line.docx")).paragraphs[-1].text == LINE_EN
    set_text(fake_window, "清晨的薄雾笼罩着小桥流水。")
    continue_at_end(qtbot, fake_window, fake, ["乌篷船缓缓划过水面。"])
    path = export(qtbot, fake_window, tmp_path / "zh.docx", ExportFormat.DOCX, explicit=True)
    assert docx.Document(str(path)).paragraphs[-1].text == LINE_ZH
    plain = export(qtbot, fake_window, tmp_path / "zh-plain.docx", ExportFormat.DOCX)
    assert LINE_ZH not in text_of(plain)


def test_a_document_the_writer_typed_alone_gets_no_label(
        qtbot: QtBot, fake_window: MainWindow, tmp_path: Path) -> None:
    qtbot.keyClicks(fake_window.editor, MINE)
    assert fake_window.provenance.label() is None
    for export_format in ExportFormat:
        path = export(qtbot, fake_window, tmp_path / f"mine{export_format.suffix}",
                      export_format, explicit=True)
        assert not set(properties(path)) & {"AIGC", "ai-generated"}, export_format
        assert LINE_EN not in text_of(path)
    dialog = fake_window.export.new_dialog()
    qtbot.addWidget(dialog)
    assert not dialog._explicit.isEnabled() and not dialog.explicit_label
    assert dialog._share.text() == "The model wrote none of this text."


def test_labels_off_in_settings_leave_the_metadata_but_not_the_chosen_line(
        qtbot: QtBot, fake_window: MainWindow, fake: FakeEngine, tmp_path: Path) -> None:
    set_text(fake_window, MINE)
    continue_at_end(qtbot, fake_window, fake, [THEIRS])
    fake_window.preferences.change(fake_window.preferences.settings.replace(
        label_ai_content=False))
    path = export(qtbot, fake_window, tmp_path / "off.html", ExportFormat.HTML)
    assert "AIGC" not in properties(path)
    path = export(qtbot, fake_window, tmp_path / "line.html", ExportFormat.HTML,
                  explicit=True)
    assert "AIGC" not in properties(path) and LINE_EN in text_of(path)


def test_a_plain_text_save_is_the_text_and_nothing_more(
        qtbot: QtBot, fake_window: MainWindow, fake: FakeEngine, tmp_path: Path) -> None:
    set_text(fake_window, MINE)
    continue_at_end(qtbot, fake_window, fake, [THEIRS])
    path = tmp_path / "saved.txt"
    fake_window.documents.name_new(path)
    assert fake_window.documents.save()
    assert path.read_text(encoding="utf-8") == MINE + THEIRS


def test_the_export_dialog_offers_the_line_with_the_share(
        qtbot: QtBot, fake_window: MainWindow, fake: FakeEngine, tmp_path: Path) -> None:
    set_text(fake_window, MINE)
    continue_at_end(qtbot, fake_window, fake, [THEIRS])
    label = fake_window.provenance.label()
    assert label is not None
    dialog = ExportDialog(tmp_path / "draft.docx", PaperSize.A4, label=label)
    qtbot.addWidget(dialog)
    assert dialog._explicit.isEnabled() and not dialog.explicit_label
    percent = f"{label.share.percent} % of this text was written by the model."
    assert dialog._share.text().startswith(percent)
    assert "properties" in dialog._share.text()
    dialog.set_format(ExportFormat.TEXT)
    assert dialog._share.text() == percent
    dialog._explicit.setChecked(True)
    assert dialog.explicit_label


def test_a_formatted_copy_carries_the_label_in_its_html_only(
        qtbot: QtBot, fake_window: MainWindow, fake: FakeEngine) -> None:
    set_text(fake_window, MINE)
    continue_at_end(qtbot, fake_window, fake, [THEIRS])
    fake_window.export.action_copy_formatted.trigger()
    data = QGuiApplication.clipboard().mimeData()
    assert '<meta name="AIGC"' in data.html() and '"partly"' not in data.text()
    assert "AIGC" not in data.text() and data.text() == MINE + THEIRS + "\n"
    select(fake_window, len(MINE), len(MINE + THEIRS))
    fake_window.export.action_copy_formatted.trigger()
    assert '<meta name="ai-generated" content="yes">' in (
        QGuiApplication.clipboard().mimeData().html())
    select(fake_window, 0, len(MINE))
    fake_window.export.action_copy_formatted.trigger()
    assert "<meta" not in QGuiApplication.clipboard().mimeData().html()
