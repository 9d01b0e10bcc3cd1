"""writer-app --self-test: the engine checked end to end, with no window."""

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
