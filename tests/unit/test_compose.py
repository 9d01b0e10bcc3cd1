"""Compose from a brief on the fake engine: the outline, the sections, Stop, the keywords."""

from __future__ import annotations

import threading

import pytest

from writer_app.core.models.load_settings import LoadSettings
from writer_app.core.plans.compose import (
    Brief,
    ComposePlan,
    Section,
    WorkIn,
    check_work_in,
    compose,
    missing_keywords,
    nearest_paragraph,
    parse_keywords,
    parse_outline,
)
from writer_app.core.plans.templates import load_library
from writer_app.core.requests import Action
from writer_app.testing.fake_engine import FakeEngine
from writer_app.testing.tiny_model import write_tiny_model

OUTLINE = ("## Why roofs matter\n- the city's empty space\n", "## How panels work\n- cells\n",
           "## What it costs\n- money\n")


def _engine(tmp_path_factory: pytest.TempPathFactory) -> FakeEngine:
    engine = FakeEngine(OUTLINE)
    model = write_tiny_model(tmp_path_factory.mktemp("m") / "tiny.gguf")
    for _ in engine.load(LoadSettings(model_path=str(model))):
        pass
    return engine


def _brief(**changes: object) -> Brief:
    template = load_library(None).get("article")
    values: dict[str, object] = {"topic": "solar panels on city roofs",
                                 "keywords": ("solar", "grid"), "length": 2000, "sections": 3}
    values.update(changes)
    return Brief(template, **values)  # type: ignore[arg-type]


def test_outline_then_each_section_with_the_brief_and_only_the_previous_end(
        tmp_path_factory: pytest.TempPathFactory) -> None:
    engine = _engine(tmp_path_factory)
    plan = ComposePlan(_brief())
    announced: list[tuple[int, int, Section]] = []

    def on_section(index: int, count: int, section: Section) -> None:
        announced.append((index, count, section))
        engine.chunks = [f"Section {index} talks about solar power. " * 60]

    result = compose(engine, plan, on_section=on_section)
    assert [(i, n, s.heading) for i, n, s in announced] == [
        (1, 3, "Why roofs matter"), (2, 3, "How panels work"), (3, 3, "What it costs")]
    assert all(request.action is Action.COMPOSE for request in engine.requests)
    outline_request, *section_requests = engine.requests
    assert "exactly 3 sections" in outline_request.instruction
    for number, request in enumerate(section_requests):
        assert request.text.startswith(plan.brief.text())
        assert "## What it costs" in request.text
        assert f"section {number + 1} of 3" in request.instruction
        # The previous section's end only: the prompt does not grow with the draft.
        assert len(request.text) < len(plan.brief.text()) + 1200
    assert "Section 1 talks" in section_requests[1].text
    assert "Section 1 talks" not in section_requests[2].text
    assert result.draft.index("## Why roofs matter") < result.draft.index("## What it costs")
    assert result.draft.count("## ") == 3
    assert result.missing == ("grid",)
    assert not result.stopped


def test_stop_mid_section_keeps_what_was_written(tmp_path_factory: pytest.TempPathFactory) -> None:
    engine = _engine(tmp_path_factory)
    plan = ComposePlan(_brief())
    shown: list[str] = []
    second_started = threading.Event()

    def on_section(index: int, count: int, section: Section) -> None:
        engine.chunks = [f"Words of section {index}. ", "More words. ", "The end."]
        if index == 2:
            engine.hold()

    def on_draft(text: str) -> None:
        shown.append(text)
        if text == "Words of section 2. ":
            second_started.set()

    outcome: list[object] = []
    worker = threading.Thread(target=lambda: outcome.append(
        compose(engine, plan, on_section=on_section, on_draft=on_draft)))
    worker.start()
    assert second_started.wait(30)
    engine.cancel()
    worker.join(30)
    result = outcome[0]
    assert result.stopped  # type: ignore[attr-defined]
    draft = result.draft  # type: ignore[attr-defined]
    assert draft == "".join(shown)
    assert "Words of section 1. More words. The end." in draft
    assert draft.endswith("## How panels work\n\nWords of section 2. ")
    assert "section 3" not in draft
    assert len(engine.requests) == 3


def test_an_edited_outline_is_used_as_the_writer_left_it(
        tmp_path_factory: pytest.TempPathFactory) -> None:
    engine = _engine(tmp_path_factory)
    plan = ComposePlan(_brief(sections=5))
    compose(engine, plan, outline="1. Opening\n2. Closing\n")
    assert [s.heading for s in plan.sections] == ["Opening", "Closing"]
    assert len(engine.requests) == 2


def test_keywords_check_and_work_it_in() -> None:
    assert parse_keywords("solar panels, grid；太阳能、 储能 ,,") == (
        "solar panels", "grid", "太阳能", "储能")
    draft = ("## Intro\n\nRoofs are empty.\n\nPanels turn light into power for the city "
             "grid.\n\n## End\n\nThe end.\n")
    assert missing_keywords(["Panel", "solar power", "grid", "太阳能"], draft) == (
        "solar power", "太阳能")
    plan = ComposePlan(_brief())
    request = plan.work_in_request(draft, "power grid")
    assert request.action is Action.REWRITE
    assert request.selected_text.startswith("Panels turn light")
    assert "power grid" in request.instruction


def test_outline_forms() -> None:
    rambling = parse_outline("word " * 500)
    assert len(rambling) == 1 and len(rambling[0].heading) <= 120
    assert [s.heading for s in parse_outline("# Title\n## A\n- a\n## B\n- b")] == ["A", "B"]
    assert [s.heading for s in parse_outline("一、背景\n- 说明\n二、做法\n三、结论")] == [
        "背景", "做法", "结论"]
    sections = parse_outline("- **First**\n  - detail\n- Second")
    assert sections == (Section("First", "detail"), Section("Second"))


def test_a_chinese_brief_counts_characters_and_asks_in_chinese() -> None:
    template = load_library(None).get("新闻稿")
    plan = ComposePlan(Brief(template, "新能源工厂投产", ("绿色", "就业"), length=800,
                             sections=4))
    assert plan.brief.unit == "characters"
    request = plan.outline_request()
    assert "关键词" in request.text and "绿色、就业" in request.text
    assert "恰好4个部分" in request.instruction


def test_work_it_in_rewrites_one_paragraph_and_is_checked_before_it_is_used() -> None:
    draft = ("## Tea\n\nWarm the pot first.\nThen pour water that has just boiled.\n"
             "Wait three minutes.\n")
    start, end = nearest_paragraph(draft, "boiling water")
    assert draft[start:end] == "Then pour water that has just boiled."
    paragraph = "Then pour water that has just boiled, and let the leaves open slowly."
    assert check_work_in(paragraph, paragraph, "kettle") is WorkIn.MISSING
    assert check_work_in(paragraph, "Use a kettle.", "kettle") is WorkIn.TOO_SHORT
    assert check_work_in(
        paragraph, "Then pour water from the kettle, and let the leaves open slowly.",
        "kettle") is WorkIn.DONE
    assert check_work_in("把刚烧开的水倒进壶里，等三分钟再喝。", "水温要合适。",
                                 "水温") is WorkIn.TOO_SHORT
    assert check_work_in("把刚烧开的水倒进壶里，等三分钟再喝。",
                                 "把水温合适的开水倒进壶里，等三分钟再喝。", "水温") is WorkIn.DONE


def test_outline_lines_that_echo_the_prompt_are_not_sections() -> None:
    assert parse_outline("## The writer's text comes between the lines") == ()
    leaked = ("## The writer's brief for a text about tea. The writer's notes on an articl\n"
              "## Warm the pot\n- why it matters\n"
              "## 只输出提纲，用简体中文：一个编号列表\n## 水温\n")
    assert parse_outline(leaked) == (Section("Warm the pot", "why it matters"), Section("水温"))
    # A heading may share a few words with the instructions, or a phrase anywhere.
    kept = ("## The writer's tools\n## The second section of the tea\n"
            "## Tea for a general reader\n")
    assert [s.heading for s in parse_outline(kept)] == [
        "The writer's tools", "The second section of the tea", "Tea for a general reader"]
