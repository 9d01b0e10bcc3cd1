"""Summaries of texts ten times longer than the context, on the real engine, and the
CLI's compose on the tiny model."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from writer_app.core.models.load_settings import LoadSettings
from writer_app.core.plans.long_summary import (
    LongSummary,
    Phase,
    Progress,
    split_parts,
    summarize_long,
)
from writer_app.core.requests import SamplingSettings
from writer_app.engine.client import EngineClient

N_CTX = 1024
SENTENCES = ("The harbour opened at dawn and the boats went out in a long line. ",
             "By noon the market was full of fish, rope and loud talk about the weather. ",
             "夜里港口很安静，只有灯塔的光一遍遍扫过水面。")


@pytest.fixture
def small_engine(tiny_model: Path, real_llama_cpp: None) -> Iterator[EngineClient]:
    client = EngineClient()
    try:
        for _ in client.load(LoadSettings(model_path=str(tiny_model), n_ctx=N_CTX, threads=2)):
            pass
        yield client
    finally:
        client.close()


def _long_text(chars: int) -> str:
    """Prose of ``chars`` characters or more: on the tiny model's byte vocabulary, at least
    as many tokens."""
    paragraphs = []
    while sum(len(p) for p in paragraphs) < chars:
        paragraphs.append("".join(SENTENCES) * 2)
    return "\n\n".join(paragraphs)


def test_split_parts_keeps_every_character() -> None:
    text = _long_text(15000)
    parts = split_parts(text, 300)
    assert len(parts) > 10
    assert "".join(parts) == text


def test_a_text_ten_times_the_context_is_summarized_in_parts(
        small_engine: EngineClient) -> None:
    text = _long_text(10 * N_CTX)
    summary = LongSummary(text, N_CTX, SamplingSettings(temperature=0, seed=1, max_tokens=16))
    seen: list[Progress] = []
    streamed: list[str] = []
    step = summarize_long(small_engine, summary, seen.append, streamed.append)
    assert step is not None and not step.cancelled
    assert len(summary.parts) >= 10
    assert len(summary.part_summaries) == len(summary.parts)
    maps = [p for p in seen if p.phase is Phase.MAP]
    # A part the engine had to cut is asked again in pieces: "part 1 of 10" can come
    # twice, but the count never goes back and ends at the last part.
    done = [p.done for p in maps]
    assert done == sorted(done) and set(done) == set(range(len(summary.parts)))
    assert maps[-1].total == len(summary.parts)
    assert any(p.phase is Phase.REDUCE for p in seen)
    assert summary.summary is not None
    assert "".join(streamed).strip() == summary.summary
    # The estimate of tokens is low for a byte vocabulary: parts the engine had to cut
    # were summarized again in smaller pieces, so none of the text was left out.
    assert "".join(summary.parts) == text


@pytest.mark.real_engine
def test_cli_compose_writes_the_outlines_sections(tiny_model: Path, tmp_path: Path) -> None:
    outline = tmp_path / "outline.md"
    outline.write_text("## Morning at the harbour\n- boats\n## The market\n## Night\n",
                       encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "writer_app.cli", "compose", "--model", str(tiny_model),
         "--template", "article", "--topic", "a day in a harbour town",
         "--keywords", "boats,lighthouse", "--length", "60", "--seed", "2",
         "--ctx-size", "1024", "--outline", str(outline)],
        capture_output=True, text=True, timeout=240, check=False)
    assert result.returncode == 0, result.stderr
    headings = [line for line in result.stdout.splitlines() if line.startswith("## ")]
    assert headings == ["## Morning at the harbour", "## The market", "## Night"]
    assert "section 3 of 3: Night" in result.stderr


@pytest.mark.real_engine
def test_cli_compose_writes_its_own_outline_first(tiny_model: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "writer_app.cli", "compose", "--model", str(tiny_model),
         "--template", "新闻稿", "--topic", "新工厂投产", "--length", "40", "--sections", "2",
         "--seed", "2", "--ctx-size", "2048"],
        capture_output=True, text=True, timeout=240, check=False)
    assert result.returncode == 0, result.stderr
    assert "writer-app-cli: outline" in result.stderr
    assert "section 2 of 2" in result.stderr or "section 1 of 1" in result.stderr


@pytest.mark.real_engine
def test_cli_summarize_a_long_text_reports_its_parts(tiny_model: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "writer_app.cli", "summarize", "--model", str(tiny_model),
         "--ctx-size", str(N_CTX), "--temperature", "0", "--max-tokens", "16",
         "--stats"],
        input=_long_text(3 * N_CTX), capture_output=True, text=True, timeout=240,
        check=False)
    assert result.returncode == 0, result.stderr
    assert "summarizing part 1 of " in result.stderr
    assert result.stdout.strip()
