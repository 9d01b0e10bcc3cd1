"""Document notes on a real trained model: read as context, never written out as scaffolding.

Over five seeds, with notes naming a character: no answer of any kind (Continue as a
completion and through the chat template, Summarize, Rewrite) contains the notes' markers,
the line that introduces them or the system prompt's phrases; no summary or rewrite
copies the notes' rule for the writing ("Never use the word suddenly."); and the
character's name, which only the notes give, reaches at least one summary. SmolLM2-135M-Instruct was
measured to name her in two summaries of five with the notes and in none without them
(the threshold holds that floor).
"""

from __future__ import annotations

import pytest

from tests.behaviour.test_trained_model import SEEDS, _model
from writer_app.core.models.load_settings import LoadSettings
from writer_app.core.requests import (
    Action,
    ContinueMode,
    GenerationRequest,
    RewriteStyle,
    SamplingSettings,
)
from writer_app.core.writing.cleanup import PromptPieces, copied_run
from writer_app.core.writing.prompts import NOTES_CLOSE, NOTES_OPEN
from writer_app.engine.client import EngineClient
from writer_app.testing import quality

pytestmark = [pytest.mark.trained_model, pytest.mark.timeout(900)]

DOC = ("The ferry left the north bank at dawn. The pilot stood at the wheel and watched the "
       "fog lift from the water, counting the buoys as they slid past. Nobody on board spoke. "
       "When the engine coughed, the pilot")
RULE = 'Never use the word "suddenly".'
NOTES = f"The pilot is called Mara. She is forty and never smiles.\n{RULE}"
NAME = "Mara"
MIN_SUMMARIES_WITH_THE_NAME = 1
FORMS = {
    "continue (completion)": {"action": Action.CONTINUE,
                              "continue_mode": ContinueMode.COMPLETION},
    "continue (chat)": {"action": Action.CONTINUE, "continue_mode": ContinueMode.CHAT},
    "summarize": {"action": Action.SUMMARIZE},
    "rewrite": {"action": Action.REWRITE, "selection": (0, 84),
                "style": RewriteStyle.REPHRASE},
}


@pytest.fixture(scope="module")
def asked() -> dict[tuple[str, int], tuple[GenerationRequest, str]]:
    """Each form's request and answer on each seed, with the notes; the engine is closed
    after."""
    model = _model()
    client = EngineClient()
    found = {}
    try:
        for _ in client.load(LoadSettings(model_path=str(model), n_ctx=4096)):
            pass
        for name, form in FORMS.items():
            for seed in SEEDS:
                sampling = SamplingSettings(temperature=0.7, seed=seed, max_tokens=80)
                request = GenerationRequest(text=DOC, sampling=sampling, notes=NOTES,
                                            **form)  # type: ignore[arg-type]
                found[name, seed] = request, quality.collect(client.generate(request)).text
        return found
    finally:
        client.close()


@pytest.fixture(scope="module")
def answers(asked: dict[tuple[str, int], tuple[GenerationRequest, str]]
            ) -> dict[tuple[str, int], str]:
    return {key: text for key, (_, text) in asked.items()}


def test_no_answer_contains_the_notes_scaffolding(answers: dict[tuple[str, int], str]) -> None:
    extra = (NOTES_OPEN, NOTES_CLOSE, "author's notes", "not part of its text")
    leaks = {f"{name} seed {seed}": found for (name, seed), text in answers.items()
             if (found := quality.scaffolding_in(text, extra=extra))}
    assert not leaks, f"the notes' scaffolding reached the text: {leaks}"


def test_no_summary_or_rewrite_copies_the_notes_rule(
        asked: dict[tuple[str, int], tuple[GenerationRequest, str]]) -> None:
    """The notes' rule for the writing never reaches an answer; their facts may ("The
    pilot is called Mara" in a summary is the notes at work)."""
    copies = {f"{name} seed {seed}": (run, text) for (name, seed), (request, text)
              in asked.items() if request.action is not Action.CONTINUE
              and (run := copied_run(text, PromptPieces(notes=(RULE,),
                                                        passage=request.text))) is not None}
    assert not copies, f"the notes' rule reached the answer: {copies}"


def test_a_name_only_the_notes_give_reaches_a_summary(
        answers: dict[tuple[str, int], str]) -> None:
    summaries = [text for (name, _), text in answers.items() if name == "summarize"]
    named = [text for text in summaries if NAME in text]
    assert len(named) >= MIN_SUMMARIES_WITH_THE_NAME, "\n".join(map(repr, summaries))
