"""writer-app-cli export as a user runs it: a draft that compose wrote, then each format."""

from __future__ import annotations

import io
import json
import os
import re
import subprocess
import sys
import zipfile
from pathlib import Path

import docx
import pypdf
import pytest
from lxml import etree
from PySide6.QtWidgets import QApplication

from writer_app.cli import compose as compose_cli
from writer_app.cli.main import _parser as compose_parser
from writer_app.cli.main import main as cli_main
from writer_app.core.documents.history import key_for_path
from writer_app.core.documents.provenance import Origin, ProvenanceStore, Source, Span
from writer_app.core.models.load_settings import LoadSettings
from writer_app.core.paths import HOME_ENV
from writer_app.core.requests import SamplingSettings
from writer_app.testing.fake_engine import FakeEngine
from writer_app.testing.tiny_model import write_tiny_model

CLI = [sys.executable, "-m", "writer_app.cli"]
FORMATS = ("docx", "odt", "pdf", "html", "txt")


def run(*args: str, home: Path | None = None) -> subprocess.CompletedProcess[str]:
    """The CLI with ``args``; with writer-app's folders under ``home`` if given."""
    env = {**os.environ, HOME_ENV: str(home)} if home is not None else None
    return subprocess.run([*CLI, *args], capture_output=True, text=True, timeout=120,
                          check=False, env=env)


def _text_of(path: Path) -> str:
    """What each format's own reader finds in it."""
    if path.suffix == ".docx":
        return "\n".join(f"{p.style.name if p.style else ''}: {p.text}"
                         for p in docx.Document(str(path)).paragraphs)
    if path.suffix == ".pdf":
        return "\n".join(page.extract_text() for page in pypdf.PdfReader(path).pages)
    if path.suffix == ".odt":
        with zipfile.ZipFile(io.BytesIO(path.read_bytes())) as package:
            return package.read("content.xml").decode()
    return path.read_text(encoding="utf-8")


@pytest.mark.real_engine
def test_a_composed_draft_exports_to_every_format(tiny_model: Path, tmp_path: Path) -> None:
    outline = tmp_path / "outline.txt"
    outline.write_text("## Spring rain\n## 春雨\n", encoding="utf-8")
    composed = run("compose", "--model", str(tiny_model), "--outline", str(outline),
                   "--topic", "spring", "--max-tokens", "24", "--seed", "1",
                   "--out", str(tmp_path / "composed.odt"))
    assert composed.returncode == 0, composed.stderr
    with zipfile.ZipFile(tmp_path / "composed.odt") as odt:
        meta = odt.read("meta.xml").decode()
    assert 'meta:name="ai-share">100%<' in meta
    assert re.search(r'meta:name="ai-models">[^<]+<', meta)  # the loaded model's name
    draft = tmp_path / "draft.md"
    draft.write_text(composed.stdout, encoding="utf-8")
    assert "## Spring rain" in composed.stdout
    for suffix in FORMATS:
        target = tmp_path / f"draft.{suffix}"
        result = run("export", str(draft), str(target))
        assert result.returncode == 0, result.stderr
        found = _text_of(target)
        # A PDF's text comes back with a tab or a line break where Qt placed words apart.
        squeezed = re.sub(r"\s+", "", found)
        assert "Springrain" in squeezed and "春雨" in squeezed, (suffix, found[:300])
        assert "##" not in found
    assert "Heading 2: Spring rain" in _text_of(tmp_path / "draft.docx")
    assert "<h2>春雨</h2>" in _text_of(tmp_path / "draft.html")
    assert draft.read_text(encoding="utf-8") == composed.stdout


def test_export_takes_the_format_from_to_and_refuses_an_unknown_one(tmp_path: Path) -> None:
    draft = tmp_path / "notes.md"
    draft.write_text("# Notes\n\n- *one*\n- two\n", encoding="utf-8")
    result = run("export", str(draft), str(tmp_path / "notes.out"), "--to", "html",
                 "--title", "My notes", "--language", "en-GB")
    assert result.returncode == 0, result.stderr
    page = (tmp_path / "notes.out").read_text(encoding="utf-8")
    assert "<title>My notes</title>" in page and '<html lang="en-GB">' in page
    assert "<li><em>one</em>" in page
    refused = run("export", str(draft), str(tmp_path / "notes.xyz"))
    assert refused.returncode == 2 and "--to" in refused.stderr
    assert not (tmp_path / "notes.xyz").exists()
    failed = run("export", str(draft), str(tmp_path / "missing" / "notes.pdf"))
    assert failed.returncode == 6 and "no longer exists" in failed.stderr


def _custom_properties(path: Path) -> dict[str, str]:
    package = docx.Document(str(path)).part.package
    return {item.get("name"): "".join(item.itertext())
            for part in package.iter_parts() if part.partname == "/docProps/custom.xml"
            for item in etree.fromstring(part.blob)}


def test_export_labels_a_file_writer_app_knows_the_model_wrote_in(tmp_path: Path) -> None:
    home = tmp_path / "home"
    draft = tmp_path / "draft.md"
    text = "# Harbour\n\nI began the day by the harbour. The tide turned and the boats came home.\n"
    draft.write_text(text, encoding="utf-8")
    start = text.index(" The tide")
    ProvenanceStore(home / "data" / "provenance").write(
        key_for_path(draft), (Span(start, len(text) - 1, Origin(Source.CONTINUE, "Qwen3")),),
        text, "c0ffee")
    labelled = run("export", str(draft), str(tmp_path / "a.docx"), home=home)
    assert labelled.returncode == 0, labelled.stderr
    assert "% AI-written" in labelled.stderr
    found = _custom_properties(tmp_path / "a.docx")
    assert json.loads(found["AIGC"])["ProduceID"] == "c0ffee"
    assert found["ai-models"] == "Qwen3"
    assert "Parts of this text" not in _text_of(tmp_path / "a.docx")
    explicit = run("export", str(draft), str(tmp_path / "b.docx"), "--label", "explicit",
                   home=home)
    assert explicit.returncode == 0, explicit.stderr
    assert _text_of(tmp_path / "b.docx").endswith(
        "Normal: Parts of this text were generated with AI")
    assert "AIGC" in _custom_properties(tmp_path / "b.docx")
    none = run("export", str(draft), str(tmp_path / "c.html"), "--label", "none", home=home)
    assert none.returncode == 0, none.stderr
    assert "AIGC" not in (tmp_path / "c.html").read_text(encoding="utf-8")


def test_export_leaves_a_file_without_a_record_unlabelled(tmp_path: Path) -> None:
    draft = tmp_path / "mine.txt"
    draft.write_text("All of it mine.\n", encoding="utf-8")
    result = run("export", str(draft), str(tmp_path / "mine.docx"), "--label", "explicit",
                 home=tmp_path / "home")
    assert result.returncode == 0, result.stderr
    assert "no record that a language model wrote any of mine.txt" in result.stderr
    assert _custom_properties(tmp_path / "mine.docx") == {}
    assert "generated with AI" not in _text_of(tmp_path / "mine.docx")


def _compose(tmp_path_factory: pytest.TempPathFactory, out: Path,
             *options: str) -> tuple[int, str]:
    engine = FakeEngine(["## Spring rain\n", "The rain came softly over the hills."])
    model = write_tiny_model(tmp_path_factory.mktemp("m") / "tiny.gguf")
    for _ in engine.load(LoadSettings(model_path=str(model))):
        pass
    outline = tmp_path_factory.mktemp("o") / "outline.txt"
    outline.write_text("## Spring rain\n", encoding="utf-8")
    args = compose_parser().parse_args(["compose", "--model", str(model), "--topic", "rain",
                                        "--outline", str(outline), "--out", str(out),
                                        *options])
    code = compose_cli.run(args, engine, SamplingSettings(), lambda: "Tiny Chat")
    return code, out.read_text(encoding="utf-8") if out.suffix in (".md", ".html") else ""


def test_compose_out_writes_the_draft_labelled_as_the_models(
        qapp: QApplication, tmp_path_factory: pytest.TempPathFactory,
        capsys: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path_factory.mktemp("out")
    code, page = _compose(tmp_path_factory, folder / "draft.html")
    assert code == 0, capsys.readouterr().err
    assert '<meta name="ai-generated" content="yes">' in page
    assert '<meta name="ai-share" content="100%">' in page
    assert "Tiny Chat" in page and "generated with AI" not in page
    code, _ = _compose(tmp_path_factory, folder / "draft.docx", "--label", "explicit")
    assert code == 0
    assert _custom_properties(folder / "draft.docx")["ai-share"] == "100%"
    assert _text_of(folder / "draft.docx").endswith(
        "Normal: Parts of this text were generated with AI")
    code, _ = _compose(tmp_path_factory, folder / "bare.docx", "--label", "none")
    assert code == 0 and _custom_properties(folder / "bare.docx") == {}
    code, markdown = _compose(tmp_path_factory, folder / "draft.md")
    assert code == 0 and markdown.startswith("## Spring rain") and "AI" not in markdown


def test_compose_out_refuses_a_format_it_cannot_tell_before_loading(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert cli_main(["compose", "--model", str(tmp_path / "none.gguf"), "--topic", "rain",
                     "--out", str(tmp_path / "draft.xyz")]) == 2
    assert "cannot tell the format of draft.xyz" in capsys.readouterr().err
