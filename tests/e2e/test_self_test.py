"""writer-app --self-test: Qt and the engine checked end to end, with no window."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.real_engine


def self_test(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "writer_app.app", "--self-test", *args],
                          capture_output=True, text=True, timeout=300, check=False)


def test_self_test_with_the_generated_model() -> None:
    result = self_test()
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.startswith("writer-app self-test: ok · backend CPU")
    assert "16 tokens" in result.stdout
    assert " · Qt 6." in result.stdout


def test_self_test_with_a_given_model(tiny_model: Path) -> None:
    result = self_test("--model", str(tiny_model))
    assert result.returncode == 0, result.stdout + result.stderr
    assert tiny_model.name in result.stdout


def test_self_test_reports_a_bad_model(tmp_path: Path) -> None:
    bad = tmp_path / "bad.gguf"
    bad.write_text("not a model")
    result = self_test("--model", str(bad))
    assert result.returncode == 1
    assert "FAILED" in result.stdout and "not a GGUF model file" in result.stdout


def test_self_test_reports_a_missing_qt_part(tmp_path: Path) -> None:
    """A bundle without its icon (or the SVG plug-in that draws it) fails the self-test."""
    (tmp_path / "catalog.json").write_text("{}")
    code = ("import sys, writer_app.selftest as t; from pathlib import Path;"
            f"t.resources_dir = lambda: Path({str(tmp_path)!r});"
            "sys.exit(t.run_self_test(None))")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            timeout=300, check=False)
    assert result.returncode == 1
    assert "FAILED: the app icon does not render" in result.stdout
