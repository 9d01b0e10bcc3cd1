"""The writer's notes in the real llama.cpp prompt: read once, then kept in the KV cache."""

from __future__ import annotations

from tests.answers import collect
from tests.integration.test_engine import GREEDY, STORY
from writer_app.core.requests import Action, ContinueMode, GenerationRequest, RewriteStyle
from writer_app.engine.client import EngineClient
from writer_app.engine.remote import build_server_prompt

NOTES = "Style: short sentences, British spelling.\nMara is the ferry pilot; she never smiles."


def test_the_notes_are_read_and_stay_cached_across_actions(engine: EngineClient) -> None:
    doc = STORY * 12 + "\n"
    _, bare = collect(engine.generate(GenerationRequest(Action.SUMMARIZE, doc, sampling=GREEDY)))
    _, cold = collect(engine.generate(GenerationRequest(
        Action.CONTINUE, doc, sampling=GREEDY, continue_mode=ContinueMode.CHAT, notes=NOTES)))
    assert cold.stats.prompt_tokens_processed > 0.7 * cold.stats.prompt_tokens
    _, summary = collect(engine.generate(GenerationRequest(Action.SUMMARIZE, doc,
                                                           sampling=GREEDY, notes=NOTES)))
    assert summary.stats.prompt_tokens > bare.stats.prompt_tokens + 10
    # The notes and the document come first, so only the task after them is read again.
    assert summary.stats.prompt_tokens_processed < 0.3 * summary.stats.prompt_tokens
    selection = (0, len(STORY) * 2)
    _, rewrite = collect(engine.generate(GenerationRequest(
        Action.REWRITE, doc, selection=selection, style=RewriteStyle.SHORTER, sampling=GREEDY,
        notes=NOTES)))
    assert rewrite.stats.prompt_tokens_processed < rewrite.stats.prompt_tokens


def test_a_server_gets_the_notes_in_the_writer_s_message_before_the_document() -> None:
    doc = STORY * 3
    chat = build_server_prompt(GenerationRequest(Action.SUMMARIZE, doc, notes=NOTES), 4096)
    system, user = chat.body["messages"]
    assert "[NOTES] and [END OF NOTES]" in system["content"] and NOTES not in system["content"]
    assert user["content"].index(NOTES) < user["content"].index(doc)
    completion = build_server_prompt(GenerationRequest(Action.CONTINUE, doc, notes=NOTES), 4096)
    assert completion.body["prompt"].index(NOTES) < completion.body["prompt"].index(doc.strip())
    assert "[END OF NOTES]" in completion.prompt.stop
