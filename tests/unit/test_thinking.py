"""A reasoning model's <think> block never reaches the writer; thinking is turned off in
templates that support it."""

from __future__ import annotations

import pytest

from writer_app.core.requests import Action, GenerationRequest
from writer_app.core.writing.answer import AnswerRules, TextStream, ThinkingFilter
from writer_app.core.writing.prompts import ChatTemplate
from writer_app.testing.tiny_model import QWEN3_STYLE_TEMPLATE, REASONING_TEMPLATE


def _run(stream: TextStream, pieces: list[str]) -> str:
    shown = "".join(stream.feed(piece.encode()) for piece in pieces)
    return shown + stream.flush()


def test_a_thinking_block_is_dropped_from_the_answer() -> None:
    stream = TextStream(strip_leading=True, answer=AnswerRules())
    text = _run(stream, ["<think>", "The writer wants ", "it shorter.", "</think>",
                         "\n\n", "The rain stopped."])
    assert text == "The rain stopped."
    assert stream.thinking_s is not None


@pytest.mark.parametrize("cut", range(1, 30))
def test_a_block_split_anywhere_across_chunks_is_dropped(cut: int) -> None:
    raw = "<think>\nhmm, a <b>tag</b>\n</think>\n\n雨停了。"
    stream = TextStream()
    assert _run(stream, [raw[:cut], raw[cut:]]) == "雨停了。"


def test_a_block_split_into_single_characters_is_dropped() -> None:
    raw = "<think>reasoning</think>Done."
    assert _run(TextStream(), list(raw)) == "Done."


def test_nothing_of_an_unclosed_block_is_shown_at_the_token_limit() -> None:
    stream = TextStream()
    shown = [stream.feed(piece.encode()) for piece in ["<think>", "Let me think ", "more"]]
    assert stream.thinking
    assert "".join(shown) + stream.flush() == ""
    assert stream.thinking_s is not None


def test_text_that_only_starts_like_a_block_is_kept() -> None:
    assert _run(TextStream(), ["<th", "is is not a tag"]) == "<this is not a tag"
    assert _run(TextStream(), ["<", "b>bold"]) == "<b>bold"


def test_a_block_later_in_the_text_is_the_writer_s_business() -> None:
    assert _run(TextStream(), ["He wrote ", "<think>here</think>."]) == \
        "He wrote <think>here</think>."


def test_no_block_no_thinking_time() -> None:
    stream = TextStream()
    assert _run(stream, ["Plain ", "answer."]) == "Plain answer."
    assert stream.thinking_s is None
    assert not stream.thinking


def test_the_filter_alone_reports_while_thinking() -> None:
    thinking = ThinkingFilter()
    assert thinking.feed("<thi") == ""
    assert not thinking.active
    assert thinking.feed("nk>abc") == ""
    assert thinking.active
    assert thinking.feed("</thi") == ""
    assert thinking.feed("nk>  Answer") == "Answer"
    assert not thinking.active
    assert thinking.feed(" more") == " more"


def _request() -> GenerationRequest:
    return GenerationRequest(Action.SUMMARIZE, "The rain fell all night on the city.")


def test_a_template_with_enable_thinking_renders_it_off() -> None:
    parts = ChatTemplate(QWEN3_STYLE_TEMPLATE).render("System.", "Text:\n")
    tail = parts[-1].text
    assert tail.endswith("<think>\n\n</think>\n\n")


def test_a_template_that_always_opens_a_block_gets_it_closed() -> None:
    parts = ChatTemplate(REASONING_TEMPLATE).render("System.", "Text:\n")
    tail = parts[-1].text
    assert tail.rstrip().endswith("</think>")
    assert tail.count("<think>") == tail.count("</think>") == 1
