"""writer-app-cli --lora: an adapter changes what the model writes; a misfit is refused."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.e2e.test_cli import run
from writer_app.testing.tiny_adapter import TinyAdapterSpec, write_tiny_adapter

pytestmark = pytest.mark.real_engine

STORY = "The river was quiet that night, and"


def greedy(model: Path, *options: str) -> str:
    result = run("continue", "--model", str(model), "--temperature", "0", "--max-tokens",
                 "12", *options, stdin=STORY)
    assert result.returncode == 0, result.stderr
    return result.stdout


def test_lora_changes_the_output_and_scale_zero_does_not(tiny_model: Path,
                                                         tmp_path: Path) -> None:
    adapter = write_tiny_adapter(tmp_path / "style.gguf")
    plain = greedy(tiny_model)
    assert greedy(tiny_model, "--lora", str(adapter)) != plain
    assert greedy(tiny_model, "--lora", f"{adapter}:0") == plain


def test_an_adapter_for_another_model_exits_with_the_reason(tiny_model: Path,
                                                            tmp_path: Path) -> None:
    wrong = write_tiny_adapter(tmp_path / "small.gguf", TinyAdapterSpec(n_embd=32))
    result = run("rewrite", "--style", "shorter", "--model", str(tiny_model),
                 "--lora", f"{wrong}:0.8", stdin=STORY)
    assert result.returncode == 3
    assert "small.gguf does not fit tiny-chat.gguf" in result.stderr
    assert not result.stdout


def test_summarize_takes_a_lora_and_compose_offers_it(tiny_model: Path, tmp_path: Path) -> None:
    adapter = write_tiny_adapter(tmp_path / "style.gguf")
    result = run("compose", "--help")
    assert "--lora" in result.stdout
    result = run("summarize", "--model", str(tiny_model), "--max-tokens", "8",
                 "--lora", str(adapter), stdin="One. Two. Three.")
    assert result.returncode == 0, result.stderr


def test_an_adapter_llama_cpp_refuses_exits_with_its_reason(tiny_model: Path,
                                                            tmp_path: Path) -> None:
    odd = write_tiny_adapter(tmp_path / "odd.gguf", TinyAdapterSpec(stray_tensor=True))
    result = run("continue", "--model", str(tiny_model), "--lora", str(odd), stdin=STORY)
    assert result.returncode == 3
    assert "llama.cpp could not load the adapter odd.gguf" in result.stderr
    assert not result.stdout


@pytest.mark.parametrize("scale", ["nan", "inf", "1e308", "-1e30"])
def test_a_scale_out_of_range_is_a_usage_error(tiny_model: Path, tmp_path: Path,
                                               scale: str) -> None:
    adapter = write_tiny_adapter(tmp_path / "style.gguf")
    result = run("continue", "--model", str(tiny_model), "--lora", f"{adapter}:{scale}",
                 stdin=STORY)
    assert result.returncode == 2
    assert "of the adapter style.gguf is not a number from 0 to 4.0" in result.stderr
    assert "Traceback" not in result.stderr and not result.stdout


def test_an_adapter_given_twice_is_a_usage_error(tiny_model: Path, tmp_path: Path) -> None:
    adapter = write_tiny_adapter(tmp_path / "style.gguf")
    result = run("continue", "--model", str(tiny_model), "--lora", f"{adapter}:1",
                 "--lora", f"{adapter}:0.5", stdin=STORY)
    assert result.returncode == 2
    assert "The adapter style.gguf is given twice (scales 1.0 and 0.5)" in result.stderr


@pytest.mark.parametrize("alpha", [float("nan"), 3e38])
def test_an_adapter_with_an_absurd_alpha_exits_with_the_reason(
        tiny_model: Path, tmp_path: Path, alpha: float) -> None:
    odd = write_tiny_adapter(tmp_path / "odd.gguf", TinyAdapterSpec(alpha=alpha))
    result = run("continue", "--model", str(tiny_model), "--lora", str(odd), stdin=STORY)
    assert result.returncode == 3
    assert "The adapter odd.gguf is damaged (its alpha is" in result.stderr
    assert not result.stdout
