"""writer-app --self-test: Qt and the engine checked end to end, with no window."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from writer_app.core.sources.catalog import resources_dir
from writer_app.testing.tiny_model import SELF_TEST_SPEC, write_tiny_model

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
    assert " · export docx odt pdf html txt · " in result.stdout


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


def test_self_test_needs_only_the_apps_own_dependencies(tmp_path: Path) -> None:
    """The README's install has no ``gguf`` or ``pypdf`` (test dependencies): the self-test
    must not need them, in the app's process or in the engine process it starts."""
    (tmp_path / "sitecustomize.py").write_text(
        "import sys\nsys.modules['gguf'] = None  # any import of it fails\n"
        "sys.modules['pypdf'] = None\n", encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(
        [str(tmp_path), str(Path(__file__).resolve().parents[2])])}
    blocked = subprocess.run([sys.executable, "-c", "import gguf"], env=env,
                             capture_output=True, text=True, timeout=60, check=False)
    assert blocked.returncode != 0, "the import blocker does not work"
    result = subprocess.run([sys.executable, "-m", "writer_app.app", "--self-test"], env=env,
                            capture_output=True, text=True, timeout=300, check=False)
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.startswith("writer-app self-test: ok")


def test_the_shipped_self_test_model_is_the_generated_one(tmp_path: Path) -> None:
    """resources/self-test.gguf is what SELF_TEST_SPEC generates, so it can be remade."""
    shipped = resources_dir() / "self-test.gguf"
    made = write_tiny_model(tmp_path / "self-test.gguf", SELF_TEST_SPEC)
    assert shipped.read_bytes() == made.read_bytes()
