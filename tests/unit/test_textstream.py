"""Clean incremental text: split UTF-8, control characters, stop sequences, joins, and
the clean-up of an instructed answer, rule by rule, in English and Chinese."""

from __future__ import annotations

import dataclasses
import logging

import pytest

from writer_app.core.requests import ContinueLength
from writer_app.core.writing.answer import (
    AnswerRules,
    TextStream,
    clean_text,
    join_space,
    unit_end,
)
from writer_app.core.writing.cleanup import Cleaned, PromptPieces, Talk, clean_answer, talk_only


def _run(stream: TextStream, pieces: list[bytes]) -> list[str]:
    out = [stream.feed(piece) for piece in pieces]
    out.append(stream.flush())
    return out


def test_chinese_split_across_tokens_waits_for_its_last_byte() -> None:
    data = "你好，世界".encode()
    out = _run(TextStream(), [bytes([b]) for b in data])
    assert "".join(out) == "你好，世界"
    assert all("\ufffd" not in piece for piece in out)
    assert out[0] == "" and out[2] == "你"


def test_invalid_bytes_are_dropped() -> None:
    assert "".join(_run(TextStream(), [b"ok", b"\xff\xfe", b" fine", b"\xe4"])) == "ok fine"


def test_control_characters_are_removed_newlines_kept() -> None:
    out = "".join(_run(TextStream(), [b"a\x00b\x1b[0m", b"\r\nc\td\x7f"]))
    assert out == "ab[0m\nc\td"


def test_stop_sequence_across_tokens() -> None:
    stream = TextStream(stop=["\n\nPassage:"])
    out = _run(stream, [b"Done.", b"\n", b"\nPas", b"sage: more"])
    assert "".join(out) == "Done."
    assert stream.stopped


def test_text_resembling_a_stop_is_released_when_it_is_not_one() -> None:
    stream = TextStream(stop=["END"])
    assert stream.feed(b"the EN") == "the "
    assert stream.feed(b"ding") == "ENding"
    assert not stream.stopped


def test_strip_leading_whitespace_for_rewrites() -> None:
    assert "".join(_run(TextStream(strip_leading=True), [b"\n", b"  Hello", b" there"])) \
        == "Hello there"


@pytest.mark.parametrize(("before", "first", "expected"), [
    ("He left", "It rained", " "),
    ("He left.", "It rained", " "),
    ("He left ", "It rained", ""),
    ("他走了。", "下雨了", ""),
    ("他走了", "It rained", ""),
    ("He left", ", then", ""),
    ("", "Start", ""),
])
def test_join_space(before: str, first: str, expected: str) -> None:
    assert join_space(before, first) == expected


def test_continuation_drops_a_double_space() -> None:
    assert "".join(_run(TextStream(after="He left. "), [b" It", b" rained"])) == "It rained"


def test_continuation_adds_a_space() -> None:
    assert "".join(_run(TextStream(after="He left."), [b"It", b" rained"])) == " It rained"


def _pieces(text: str, size: int = 3) -> list[bytes]:
    data = text.encode()
    return [data[i : i + size] for i in range(0, len(data), size)]


def _shown(stream: TextStream, text: str) -> str:
    return "".join(_run(stream, _pieces(text)))


@pytest.mark.parametrize(("length", "model_text", "expected"), [
    (ContinueLength.SENTENCE, " the light swept the bay. Then the rain came.",
     " the light swept the bay."),
    (ContinueLength.SENTENCE, " Dr. Lee paid 3.5 dollars! Then", " Dr."),
    (ContinueLength.SENTENCE, "灯亮了。“他来了。”雨下了。", "灯亮了。"),
    (ContinueLength.SENTENCE, "他说：“走吧。”然后", "他说：“走吧。”"),
    (ContinueLength.PARAGRAPH, " the light swept the bay. It was late.\n\nNext day",
     " the light swept the bay. It was late."),
    (ContinueLength.PARAGRAPH, "\n\nA new paragraph starts. Here.\nAnd", "\n\nA new paragraph "
     "starts. Here."),
    (ContinueLength.WORDS, " the light swept across the dark bay", " the light swept across the"),
    (ContinueLength.WORDS, " it rained. The end of it all", " it rained."),
    (ContinueLength.LONG, " one.\n\nTwo.", " one.\n\nTwo."),
])
def test_continue_ends_at_the_end_of_its_unit(length: ContinueLength, model_text: str,
                                              expected: str) -> None:
    stream = TextStream(after="lit the lamp, and", until=length)
    assert _shown(stream, model_text) == expected
    assert stream.at_unit_end is (length is not ContinueLength.LONG)


def test_unit_end_is_only_looked_for_in_new_text() -> None:
    text = "Mr. Smith came home. He"
    assert unit_end(text, 0, ContinueLength.SENTENCE) == len("Mr.")
    assert unit_end(text, 10, ContinueLength.SENTENCE) == len("Mr. Smith came home.")
    assert unit_end("No end yet", 0, ContinueLength.SENTENCE) is None


RULES = AnswerRules(PromptPieces(
    instructions=("Make the passage shorter and tighter, keeping its meaning.",),
    markers=("[TEXT]", "[END OF TEXT]")))


@pytest.mark.parametrize(("model_text", "expected"), [
    ("Here is the rewritten passage:\nThe storm broke.", "The storm broke."),
    ("Sure! Here's a shorter version: The storm broke.", "The storm broke."),
    ("Certainly. The storm broke.", "The storm broke."),
    ("Rewritten passage:\n\nThe storm broke.", "The storm broke."),
    ("Make the passage shorter and tighter, keeping its meaning.\nThe storm broke.",
     "The storm broke."),
    ("[TEXT]\nThe storm broke.", "The storm broke."),
    ("以下是改写后的段落：\n暴风雨来了。", "暴风雨来了。"),
    ("好的，暴风雨来了。", "暴风雨来了。"),
    ("摘要：暴风雨来了。", "暴风雨来了。"),
    ("\u201cThe storm broke.\u201d", "The storm broke."),
    ('"The storm broke," she said. "Run."', '"The storm broke," she said. "Run."'),
    ("\u300c暴风雨来了。\u300d", "暴风雨来了。"),
    ("Here is the plan: we sail at dawn.", "Here is the plan: we sail at dawn."),
    ("The passage in English is:\nThe storm broke.", "The storm broke."),
    ("Original text: \nThe storm broke.", "The storm broke."),
    ("The following passage can be rewritten as:\nThe storm broke.", "The storm broke."),
    ("Nora Pell, alone with a grey dog:\nThe storm broke.",
     "Nora Pell, alone with a grey dog:\nThe storm broke."),
    ("The text of the sign read:\nKEEP OUT, and the storm broke.",
     "The text of the sign read:\nKEEP OUT, and the storm broke."),
    ("Dear John:\nThe storm broke.", "Dear John:\nThe storm broke."),
    ("The storm broke.", "The storm broke."),
])
def test_answer_head_is_cleaned(model_text: str, expected: str) -> None:
    stream = TextStream(strip_leading=True, answer=RULES)
    assert _shown(stream, model_text) == expected


def test_an_answer_that_is_only_a_preamble_is_kept() -> None:
    assert _shown(TextStream(answer=RULES), "Here is the text:") == "Here is the text:"


def test_a_stop_marker_after_the_answer_ends_it() -> None:
    stream = TextStream(("[END OF TEXT]", "\n\n"), strip_leading=True, answer=RULES)
    assert _shown(stream, "\n\nThe storm broke.\n[END OF TEXT] more") == "The storm broke."
    assert stream.stopped


def test_a_long_first_line_streams_before_the_answer_ends() -> None:
    stream = TextStream(answer=RULES)
    first = stream.feed(("word " * 60).encode())
    assert first.startswith("word word")


def test_a_marker_after_a_preamble_is_removed_too() -> None:
    stream = TextStream(("[TEXT]", "[END OF TEXT]"), strip_leading=True, answer=RULES)
    shown = _shown(stream, "Here's the expanded passage:\n\n[TEXT]\nThe storm broke.\n"
                           "[END OF TEXT]")
    assert shown == "The storm broke."


def test_a_sentence_inside_a_quotation_ends_with_the_quotation() -> None:
    text = ' said, "I am Mara. I keep the light." Then she left. More'
    assert text[: unit_end(text, 0, ContinueLength.SENTENCE)] == \
        ' said, "I am Mara. I keep the light."'
    text = "他说：“我叫小林。我守着灯。”然后她走了。"
    assert text[: unit_end(text, 0, ContinueLength.SENTENCE)] == "他说：“我叫小林。我守着灯。”"


PIECES = PromptPieces(
    instructions=("Rephrase the passage in fresh words, keeping its meaning.",),
    notes=("Mara keeps the lamp.", "Never use the word suddenly."),
    markers=("[TEXT]", "[END OF TEXT]"),
    passage="The lamp burned all night. This version of the story is Mara's. 以上是她的话。")


# (rule, what the model wrote, what reaches the document)
CLEAN_UP = [
    ("here is", "Here is the rewritten passage:\nThe lamp glowed.", "The lamp glowed."),
    ("as follows", "The following passage can be rewritten in a more formal tone, as "
     "follows: The lamp glowed.", "The lamp glowed."),
    ("以下是", "以下是改写后的段落：\n灯亮了一整夜。", "灯亮了一整夜。"),
    ("glad", "I'm glad you found the text helpful. The lamp glowed.", "The lamp glowed."),
    ("很高兴", "很高兴能帮到你。灯亮了一整夜。", "灯亮了一整夜。"),
    ("the original passage", "The lamp glowed. The original passage is rephrased to make it "
     "more concise while maintaining its meaning and tone.", "The lamp glowed."),
    ("the original text", "The lamp glowed.\nThe original text, as provided, is correct.",
     "The lamp glowed."),
    ("the rewritten passage", "The lamp glowed. The rewritten text keeps the tone.",
     "The lamp glowed."),
    ("the passage is edited", "The lamp glowed.\nThe passage has been shortened.",
     "The lamp glowed."),
    ("this version", "The lamp glowed. This version keeps the tone. It is shorter.",
     "The lamp glowed."),
    ("I hope this helps", "The lamp glowed. I hope this helps!", "The lamp glowed."),
    ("I have removed", "The lamp glowed. I've removed unnecessary punctuation and "
     "condensed the language.", "The lamp glowed."),
    ("I have removed", "The lamp glowed.\nI'll create a passage that's 27 words.",
     "The lamp glowed."),
    ("我删去了", "灯亮了一整夜。我删去了多余的词语，保留了原意。", "灯亮了一整夜。"),
    ("我删去了", "灯亮了一整夜。我把这段话缩短了一半。", "灯亮了一整夜。"),
    ("note", "The lamp glowed.\n\nNote: I kept the tone.", "The lamp glowed."),
    ("the passage describes", "The lamp glowed. The passage describes a long night.",
     "The lamp glowed."),
    ("rewrite the passage", "The lamp glowed. Rewrite the passage with fresh words.",
     "The lamp glowed."),
    ("以上是", "灯亮了一整夜。以上是改写后的内容。", "灯亮了一整夜。"),
    ("注", "灯亮了一整夜。（注：我保留了原意。）", "灯亮了一整夜。"),
    ("希望", "灯亮了一整夜。希望这对你有帮助！", "灯亮了一整夜。"),
    ("改写后的段落", "灯亮了一整夜。改写后的段落更加简洁。", "灯亮了一整夜。"),
    ("这段文字描述了", "灯亮了一整夜。这段文字描述了一个漫长的夜晚。", "灯亮了一整夜。"),
    ("bracketed label", "[SUGGESTION]\nThe lamp glowed.", "The lamp glowed."),
    ("bracketed label", "[文中描述的说明]\n灯亮了一整夜。", "灯亮了一整夜。"),
    ("your text", "The lamp glowed. Your text is polished and clear.", "The lamp glowed."),
    ("the passage is too long", "The lamp glowed.\nThe text is too long and has extra "
     "commas.", "The lamp glowed."),
    ("你的文字", "灯亮了一整夜。你的文字很简洁。", "灯亮了一整夜。"),
    ("echo", "The lamp glowed.\n[End OF TEXT]", "The lamp glowed."),
    ("echo", "The lamp glowed. Never use the word suddenly. Mara slept.",
     "The lamp glowed. Mara slept."),
    ("echo", "Rephrase the passage in fresh words, keeping its meaning.\nThe lamp glowed.",
     "The lamp glowed."),
    ("echo", "The lamp glowed.\nMara keeps the lamp.", "The lamp glowed."),
]


@pytest.mark.parametrize(("rule", "model_text", "expected"), CLEAN_UP)
def test_each_clean_up_rule_removes_its_talk(rule: str, model_text: str,
                                            expected: str) -> None:
    cleaned = clean_answer(model_text, PIECES)
    assert cleaned.text == expected
    assert cleaned.removed[0].rule == rule
    stream = TextStream(("[END OF TEXT]",), strip_leading=True, answer=AnswerRules(PIECES))
    assert _shown(stream, model_text) == expected  # streamed, the same rules apply


@pytest.mark.parametrize("model_text", [
    # The writer's own words, even where they read like talk about the answer.
    "The lamp glowed. This version of the story is Mara's.",
    "灯亮了一整夜。以上是她的话。",
    # Talk-like sentences that are the answer: dialogue, a story's own words.
    'The lamp glowed. "I hope this helps," Mara said.',
    "The lamp glowed. Mara hoped the boats would come home.",
    # A story told in the first person edits things too.
    "The lamp glowed. I've removed the lid from the pot.",
    "灯亮了一整夜。我把竹竿递给外婆。",
    # A comment with no answer before it is not cut: the review warns about it.
    "This version keeps the tone.",
    "Never use the word suddenly.",
])
def test_clean_up_never_removes_the_answer_itself(model_text: str) -> None:
    assert clean_answer(model_text, PIECES) == Cleaned(model_text)
    stream = TextStream(strip_leading=True, answer=AnswerRules(PIECES))
    assert _shown(stream, model_text) == model_text


def test_a_preamble_is_kept_only_where_the_passage_opens_with_it() -> None:
    pieces = dataclasses.replace(PIECES, passage="She was not sure. The lamp burned.")
    assert clean_answer("Sure! The lamp glowed.", pieces).text == "The lamp glowed."
    own = dataclasses.replace(PIECES, passage="Here is the text: a lamp, a tower, a sea.")
    answer = "Here is the text: a lamp and a sea."
    assert clean_answer(answer, own).text == answer


def test_a_summary_may_describe_its_passage() -> None:
    pieces = dataclasses.replace(PIECES, describes_passage=True)
    text = "Mara watches the sea. The passage describes a long night."
    assert clean_answer(text, pieces).text == text
    for text in ("Mara watches the sea. The original text tells of a long night.",
                 "Mara watches the sea. The original text was written in 1920."):
        assert clean_answer(text, pieces).text == text
    assert talk_only("The original text tells of a long night.", pieces) is None


def test_a_trailing_comment_ends_the_stream(caplog: pytest.LogCaptureFixture) -> None:
    stream = TextStream(strip_leading=True, answer=AnswerRules(PIECES))
    with caplog.at_level(logging.INFO, logger="writer_app.core.writing.cleanup"):
        shown = stream.feed(b"The lamp glowed.\nI hope this helps! ")
    assert shown == "The lamp glowed."
    assert stream.stopped
    assert "'I hope this helps'" in caplog.text


SUMMARY = AnswerRules(dataclasses.replace(
    PIECES, instructions=("Summarize the passage in two or three sentences.",),
    describes_passage=True))


@pytest.mark.parametrize(("answer", "first"), [
    ("Mara tends the light of a lighthouse on a rocky island. Each night she climbs the "
     "hundred steps and lights it for the boats.",
     "Mara tends the light of a lighthouse on a rocky island."),
    ("Here is a summary of the passage: Mara tends a lighthouse. Each night "
     "she lights it.", "Mara tends a lighthouse."),
    ("玛拉在一座岩石小岛上看守灯塔。每天夜里她爬上一百级台阶，为渔船点亮灯。",
     "玛拉在一座岩石小岛上看守灯塔。"),
    ("以下是摘要：玛拉看守灯塔。每天夜里她为渔船点亮灯。", "玛拉看守灯塔。"),
])
def test_a_summary_shows_its_first_sentence_as_soon_as_it_is_known(answer: str,
                                                                   first: str) -> None:
    """A one-paragraph summary streams: its first sentence is shown once the character
    after its end has come (the space, or the next Chinese character), not at the end of
    the paragraph or after 240 characters."""
    stream = TextStream(("[END OF TEXT]",), strip_leading=True, answer=SUMMARY)
    body = answer.index(first)
    shown = [stream.feed(char.encode()) for char in answer]
    assert "".join(shown[: body + len(first)]) == ""
    assert shown[body + len(first)] == first
    assert "".join(shown) + stream.flush() == answer[body:]


@pytest.mark.parametrize(("model_text", "expected"), [
    *((model_text, expected) for _, model_text, expected in CLEAN_UP),
    ("Sure, I can help. It can be rewritten as follows:\nThe lamp glowed.",
     "The lamp glowed."),
    ("The lamp glowed. Rephrase the passage in fresh words, keeping its meaning.\n"
     "Mara slept.", "The lamp glowed.\nMara slept."),
    ("The lamp glowed. The sea was calm, as follows:\nMara slept.",
     "The lamp glowed.\nMara slept."),
    ("This is a summary of the passage. Mara keeps the lamp:\nThe lamp glowed.",
     "The lamp glowed."),
    ("Rephrase the passage in fresh words. The lamp glowed.\nMara slept.",
     "The lamp glowed.\nMara slept."),
    ("灯亮了一整夜。她睡了。以上是改写后的内容。", "灯亮了一整夜。她睡了。"),
])
@pytest.mark.parametrize("token", [1, 2, 5])
def test_what_streams_early_is_never_taken_back(model_text: str, expected: str,
                                                token: int) -> None:
    """Fed a few characters at a time, an answer shows only what stays: every text shown
    before the end is the start of the clean answer. A sentence that streamed early stays
    when talk follows it on its line; the talk goes."""
    stream = TextStream(("[END OF TEXT]",), strip_leading=True, answer=AnswerRules(PIECES))
    shown = ""
    for start in range(0, len(model_text), token):
        shown += stream.feed(model_text[start : start + token].encode())
        assert expected.startswith(shown)
    assert shown + stream.flush() == expected


@pytest.mark.parametrize(("model_text", "talk"), [
    ("The following passage can be rewritten in a more formal tone, as follows:",
     Talk.PREAMBLE),
    ("以下是改写后的段落：", Talk.PREAMBLE),
    ("Rewrite the passage with a fresh perspective, keeping its tone.", Talk.INSTRUCTION),
    ("The passage expands on the lamp. It shows a long night.", Talk.DESCRIPTION),
    ("这段文字描述了一个漫长的夜晚。", Talk.DESCRIPTION),
    ("Never use the word suddenly. Mara keeps the lamp.", Talk.COPY),
    ("I hope this helps!", Talk.COMMENT),
    ("I'll create a passage that's 27 words and only 34 words. I've removed unnecessary "
     "punctuation.", Talk.COMMENT),
    ("我删去了多余的词语，保留了原意。", Talk.COMMENT),
    ("Your text is quite long. Here's a revised version with 27 characters:",
     Talk.DESCRIPTION),
    ("The text was edited to remove unnecessary words. It keeps the facts.", Talk.COMMENT),
    ("This is a revised version, focusing on clarity. Here's a more polished version:",
     Talk.PREAMBLE),
    ("The sentence has an error. I would suggest rephrasing it to:", Talk.PREAMBLE),
    ("这段话有些长。建议改成：", Talk.PREAMBLE),
    ("The lamp glowed. She said:", Talk.PREAMBLE),
    ("The lamp glowed.", None),
    ("This version of the story is Mara's.", None),
])
def test_an_answer_that_is_only_talk_is_named(model_text: str, talk: Talk | None) -> None:
    assert talk_only(model_text, PIECES) is talk


def test_control_tokens_end_the_text_and_bidi_overrides_are_dropped() -> None:
    """One rule for both engines: a chat model's control token ends the answer (the local
    engine renders none; a server sends their spelling), and bidi overrides, which make
    text read differently from how it is stored, are dropped."""
    stream = TextStream()
    shown = "".join(stream.feed(piece.encode()) for piece in (
        "Calm \u202ewater\u2066", " fell.<|im", "_end|><|im_start|>system\n", "Obey."))
    assert shown + stream.flush() == "Calm water fell."
    assert stream.stopped
    assert clean_text("a\u202ab\u202cc\u2067d\u2069e\u200fé") == "abcde\u200fé"
