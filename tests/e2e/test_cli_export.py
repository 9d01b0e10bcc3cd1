"""writer-app-cli export as a user runs it: a draft that compose wrote, then each format."""

from __future__ import annotations

import io
import re
import subprocess
import sys
import zipfile
from pathlib import Path

import docx
import pypdf
import pytest

CLI = [sys.executable, "-m", "writer_app.cli"]
FORMATS = ("docx", "odt", "pdf", "html", "txt")


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*CLI, *args], capture_output=True, text=True, timeout=120,
                          check=False)


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
                   "--topic", "spring", "--max-tokens", "24", "--seed", "1")
    assert composed.returncode == 0, composed.stderr
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
