"""Compose from a brief on a real trained model: what random weights cannot show.

Over five seeds: the outline has the number of sections the brief asks for, and the
draft uses the brief's keywords. The thresholds are what SmolLM2-135M-Instruct, the
smallest model the app is tried on, was measured to reach: one seed of five on each
(sections per seed 4, 0, 1, 1, 1, where the second outline only recites the prompt and so
has none; every keyword used on one seed). That is below what
the feature needs: a 135M model mostly echoes the brief or writes prose instead of an
outline. The thresholds hold the floor while the prompts are improved and are raised
with them, or when the test runs on a larger model.
"""

from __future__ import annotations

import pytest

from tests.behaviour.test_trained_model import SEEDS, _model
from writer_app.core.models.load_settings import LoadSettings
from writer_app.core.plans.compose import Brief, ComposePlan, ComposeResult, compose
from writer_app.core.plans.templates import load_library
from writer_app.core.requests import SamplingSettings
from writer_app.engine.client import EngineClient

pytestmark = [pytest.mark.trained_model, pytest.mark.timeout(1800)]

SECTIONS = 4
KEYWORDS = ("sunlight", "compost")
MIN_FULL_OUTLINES = 1
MIN_DRAFTS_WITH_EVERY_KEYWORD = 1


@pytest.fixture(scope="module")
def drafts() -> list[tuple[ComposePlan, ComposeResult]]:
    """A draft per seed; the engine is closed before any test runs."""
    model = _model()
    client = EngineClient()
    template = load_library(None).get("article")
    brief = Brief(template, "Growing tomatoes on a city balcony", KEYWORDS,
                  audience="beginner gardeners", length=240, sections=SECTIONS)
    results = []
    try:
        for _ in client.load(LoadSettings(model_path=str(model), n_ctx=4096)):
            pass
        for seed in SEEDS:
            plan = ComposePlan(brief, SamplingSettings(temperature=0.7, seed=seed))
            try:
                results.append((plan, compose(client, plan)))
            except ValueError:  # an outline that only recites the prompt has no sections
                results.append((plan, ComposeResult("", "", KEYWORDS, stopped=False)))
        return results
    finally:
        client.close()


def test_the_outline_has_the_sections_asked_for(
        drafts: list[tuple[ComposePlan, ComposeResult]]) -> None:
    counts = [len(plan.sections) for plan, _ in drafts]
    full = sum(count == SECTIONS for count in counts)
    assert full >= MIN_FULL_OUTLINES, f"sections per seed: {counts}\n" + "\n---\n".join(
        result.outline for _, result in drafts)


def test_the_draft_uses_the_keywords(
        drafts: list[tuple[ComposePlan, ComposeResult]]) -> None:
    missing = [result.missing for _, result in drafts]
    complete = sum(not m for m in missing)
    assert complete >= MIN_DRAFTS_WITH_EVERY_KEYWORD, f"missing per seed: {missing}"
    for plan, result in drafts:  # the outline's headings, in order (the model may add more)
        at = 0
        for section in plan.sections:
            at = result.draft.index(f"## {section.heading}\n", at) + 1
