"""The quality evaluation's corpus, plan and checks, on hand-written outputs."""

from __future__ import annotations

from pathlib import Path

import pytest

from writer_app.core.protocol import FinishReason
from writer_app.core.requests import Action, ContinueLength, RewriteStyle
from writer_app.core.text.units import count_words, ends_sentence
from writer_app.testing import quality
from writer_app.testing.quality import Generated, Join, Task, Text

TEXTS = Path(__file__).resolve().parents[2] / "bench" / "texts"
LAMP = ("The storm reached the island a little after six. Nora Pell was alone with "
        "the dog. She found the matches, lit the lamp, and")
BOX = "外婆家的老房子在河的东边，院子里有一棵枣树。我打开抽屉，里面只有一个用红布包着的"


@pytest.fixture(scope="module")
def corpus() -> tuple[Text, ...]:
    return quality.load_corpus(TEXTS)


# The corpus ------------------------------------------------------------------------------


def test_corpus_has_both_languages_every_genre_and_a_long_text_each(
        corpus: tuple[Text, ...]) -> None:
    for language in ("en", "zh"):
        texts = [t for t in corpus if t.language == language]
        assert {t.genre for t in texts} >= {"story", "essay", "news", "email", "poem"}
        assert [t.size for t in texts].count("long") == 1
        for text in texts:
            # Words for English; characters, punctuation included, for Chinese.
            units = (count_words(text.body) if language == "en"
                     else len("".join(text.body.split())))
            if text.size == "short":
                assert (60 if language == "en" else 100) <= units <= (200 if language == "en"
                                                                     else 300), text.id
            else:
                assert units >= (1200 if language == "en" else 1000), text.id


def test_corpus_endings_match_the_manifest(corpus: tuple[Text, ...]) -> None:
    by_join = {join: [t for t in corpus if t.join is join] for join in Join}
    assert any(t.body.endswith(", and") and t.language == "en" for t in by_join[Join.AND])
    assert any(t.body.endswith("的") for t in by_join[Join.DE])
    for text in by_join[Join.COMMA]:
        assert text.body.endswith((",", "，")), text.id
    for text in by_join[Join.SENTENCE]:
        assert ends_sentence(text.body), text.id


def test_rewrite_span_is_one_whole_paragraph(corpus: tuple[Text, ...]) -> None:
    for text in corpus:
        if text.rewrite_paragraph is None:
            continue
        start, end = text.rewrite_span
        passage = text.body[start:end]
        assert passage.strip() == passage and "\n\n" not in passage
        assert text.body[:start].endswith("\n\n") or start == 0
        assert text.body[end:].startswith("\n\n") or end == len(text.body)


def test_plan_covers_every_action_and_ci_is_a_small_subset(
        corpus: tuple[Text, ...]) -> None:
    full = quality.plan(corpus, "full")
    assert {task.column for task in full} == set(quality.COLUMNS)
    assert all(task.request(1).sampling.seed == 1 for task in full)
    ci = quality.plan(corpus, "ci")
    assert {(t.column, t.text.join) for t in ci} >= {("Continue ¶", Join.AND)}
    instructed = {"Summarize", "Rephrase", "Shorter", "Longer", "More formal"}
    assert {t.column for t in ci} == {"Continue ¶", *instructed}
    # Every summary and rewrite the CI asserts on, in English and in Chinese.
    assert {(t.column, t.text.language) for t in ci if t.column in instructed} == {
        (column, language) for column in instructed for language in ("en", "zh")}
    assert len(ci) < len(full) / 8
    with pytest.raises(ValueError, match="unknown subset"):
        quality.plan(corpus, "most")


def test_a_rewrite_task_selects_its_paragraph(corpus: tuple[Text, ...]) -> None:
    text = next(t for t in corpus if t.id == "en-email-deadline")
    request = Task("Shorter", text, Action.REWRITE, RewriteStyle.SHORTER).request(3)
    assert request.selected_text.startswith("Thanks for sending")
    assert request.style is RewriteStyle.SHORTER and request.sampling.seed == 3


# Continue ----------------------------------------------------------------------------


@pytest.mark.parametrize(("document", "continuation", "chinese", "expected"), [
    (LAMP, " the dog sighed and lay down.", False, True),
    (LAMP, " I sat by it until dawn.", False, True),
    (LAMP, " Nora sat down.", False, True),  # a name, never in lower case
    (LAMP, " Pell sat down.", False, True),  # a name used mid-sentence
    (LAMP, " It's late.", False, False),
    (LAMP, " The storm was over.", False, False),
    (LAMP, " She sat down.", False, False),
    (LAMP, "\nthe dog slept.", False, False),
    (LAMP, ". The end.", False, False),
    (LAMP, "", False, False),
    (BOX, "小木盒，盒子上落满了灰。", True, True),
    (BOX, "\n外婆家的老房子在河的东边。", True, False),
    (BOX, "。", True, False),
    (BOX, "Wooden box.", True, False),
    (BOX, "外婆家的老房子在河中", True, False),  # a sentence of the text starts so
    (BOX, "我打开了盒子。", True, False),
])
def test_continues_sentence(document: str, continuation: str, chinese: bool,
                            expected: bool) -> None:
    assert quality.continues_sentence(document, continuation, chinese=chinese) is expected


def test_repeats_opening_in_english_and_chinese() -> None:
    assert quality.repeats_opening(LAMP, " Then a storm reached the island a little late.",
                                   chinese=False) is False
    assert quality.repeats_opening(LAMP, " the STORM reached the island, a little after",
                                   chinese=False)
    assert quality.repeats_opening(BOX, "盒子。外婆家的老房子在河的 东边", chinese=True)
    assert not quality.repeats_opening(BOX, "盒子。外婆家的房子", chinese=True)


def test_longest_copy_counts_words_or_characters() -> None:
    assert quality.longest_copy(LAMP, " alone with the dog, she found the matches",
                                chinese=False) == 8
    assert quality.longest_copy(LAMP, " something new entirely", chinese=False) == 0
    assert quality.longest_copy(BOX, "一个用红布包着的盒子", chinese=True) == 8
    assert quality.longest_copy(BOX, "", chinese=True) == 0


@pytest.mark.parametrize(("length", "text", "expected"), [
    (ContinueLength.WORDS, " a small brass key", True),
    (ContinueLength.WORDS, " " + "word " * 13, False),
    (ContinueLength.WORDS, "小木盒", True),
    (ContinueLength.WORDS, "", False),
    (ContinueLength.SENTENCE, " the dog slept by the door.", True),
    (ContinueLength.SENTENCE, " the dog slept. Then it rained.", False),
    (ContinueLength.PARAGRAPH, " the dog slept. It rained.\nThe wind fell.", True),
    (ContinueLength.PARAGRAPH, " the dog slept.\n\nIn the morning", False),
    (ContinueLength.LONG, "anything", True),
])
def test_fits_length(length: ContinueLength, text: str, expected: bool) -> None:
    assert quality.fits_length(length, text) is expected


# Every output ------------------------------------------------------------------------


@pytest.mark.parametrize("output", [
    "The council voted.\n</passage>", "<document>\nThe storm", "[CONTINUE HERE]",
    "text<|im_end|>", "<|endoftext|>", "Rewrite this passage in a more formal tone: The",
    "You are a writing assistant inside a text editor.",
    "Make the passage shorter and tighter, keeping its meaning",
    "answer with the REQUESTED text only",
])
def test_scaffolding_is_found(output: str) -> None:
    assert quality.scaffolding_in(output)


def test_scaffolding_reads_the_prompt_builders_own_list(monkeypatch: pytest.MonkeyPatch) -> None:
    assert not quality.scaffolding_in("«««PASSAGE»»» The council")
    monkeypatch.setattr(quality.prompts, "SCAFFOLDING", ("«««PASSAGE»»»",), raising=False)
    assert quality.scaffolding_in("«««PASSAGE»»» The council") == ["«««PASSAGE»»»"]


def test_clean_prose_and_an_instruction_echo() -> None:
    prose = "The council kept the library open. 议会决定让图书馆继续开放。"
    assert quality.scaffolding_in(prose) == []
    echo = "把这段话改写成一句话：议会决定……"
    assert quality.scaffolding_in(echo, extra=[quality.CUSTOM_INSTRUCTION["zh"]])


@pytest.mark.parametrize(("output", "expected"), [
    ("Here is a shorter version:\nThe council voted.", True),
    ("  Here's the passage, rewritten.", True),
    ("Sure, the council voted.", True),
    ("Certainly! The council voted.", True),
    ("以下是改写后的段落：议会投票了。", True),
    ("好的，议会投票了。", True),
    ("Rewritten version:\nThe council voted.", True),
    ("The council voted: seven to two.", False),
    ("The council voted.\nHere is why:", False),
    (" sure enough, the dog slept.", False),
    ("议会投票了。", False),
])
def test_preamble(output: str, expected: bool) -> None:
    assert quality.has_preamble(output) is expected


@pytest.mark.parametrize(("output", "expected"), [
    ('"The council voted."', True),
    ("“The council voted.”", True),
    ("「议会投票了。」", True),
    ('"Come in," she said. "It is late."', False),
    ("“Come in,” she said.", False),
    ("The council voted.", False),
    ('"', False),
])
def test_wrapped_in_quotes(output: str, expected: bool) -> None:
    assert quality.wrapped_in_quotes(output) is expected


def test_stopped_by_itself() -> None:
    assert quality.stopped_by_itself(FinishReason.STOP)
    assert quality.stopped_by_itself(FinishReason.STOP_SEQUENCE)
    assert not quality.stopped_by_itself(FinishReason.LENGTH)
    assert not quality.stopped_by_itself(FinishReason.CONTEXT_FULL)


@pytest.mark.parametrize(("output", "expected"), [
    ("The dog slept.", True), ("He asked, “Why?”", True), ("议会投票了。\n", True),
    ("他说：“你长得真像你父亲。”", True), ("Wait…", True), ("The dog sl", False),
    ("议会投票了", False), ("", False),
])
def test_ends_at_sentence_end(output: str, expected: bool) -> None:
    assert ends_sentence(output) is expected


# Rewrite and summary ------------------------------------------------------------------


def test_length_direction_and_script() -> None:
    passage = "The town council voted on Tuesday to keep the library open."
    assert quality.length_goes_as_asked(RewriteStyle.SHORTER, passage, "The library stays.")
    assert not quality.length_goes_as_asked(RewriteStyle.SHORTER, passage, passage + " Yes.")
    assert quality.length_goes_as_asked(RewriteStyle.LONGER, passage, passage + " Yes.")
    assert not quality.length_goes_as_asked(RewriteStyle.LONGER, passage, passage)
    assert quality.in_target_script(RewriteStyle.TO_CHINESE, "议会周二投票，决定图书馆继续开放。")
    assert not quality.in_target_script(RewriteStyle.TO_CHINESE, passage)
    assert quality.in_target_script(RewriteStyle.TO_ENGLISH, passage)
    assert not quality.in_target_script(RewriteStyle.TO_ENGLISH, "议会投票了。")
    assert not quality.in_target_script(RewriteStyle.TO_ENGLISH, "")


def test_sentence_count() -> None:
    assert quality.sentence_count("The council, after a long night, voted 7.5 to 2.") == 1
    assert quality.sentence_count("It rained. It stopped!") == 2
    assert quality.sentence_count("议会投票了。图书馆开放。") == 2
    assert quality.sentence_count("no end at all") == 1


def _text(join: Join = Join.AND, body: str = LAMP, language: str = "en") -> Text:
    return Text("t", language, "story", "short", join, body, rewrite_paragraph=0)


@pytest.mark.parametrize(("output", "expected"), [
    ("The lamp glowed. The original passage is rephrased to make it more concise.", True),
    ("The lamp glowed.\nThis version keeps the tone", True),
    ("The lamp glowed. I hope this helps!", True),
    ("灯亮了一整夜。以上是改写后的内容。", True),
    ("灯亮了一整夜。（注：我保留了原意。）", True),
    ("The original passage is rephrased.", False),
    ("The lamp glowed. Mara slept.", False),
    ("灯亮了一整夜。她睡着了。", False),
])
def test_trailing_comment(output: str, expected: bool) -> None:
    assert quality.has_trailing_comment(output) is expected


@pytest.mark.parametrize(("output", "expected"), [
    ("The following passage can be rewritten in a more formal tone, as follows:", True),
    ("以下是改写后的段落：", True),
    ("The council voted: seven to two.", False),
    ("Here is the text:\nThe council voted.", False),
    ("", False),
])
def test_preamble_only(output: str, expected: bool) -> None:
    assert quality.is_preamble_only(output) is expected


def test_check_picks_the_checks_of_each_action() -> None:
    done = Generated(" the dog slept by the fire.", FinishReason.STOP, 8)
    verdicts = quality.check(Task("Continue ¶", _text(), Action.CONTINUE), done)
    assert verdicts == dict.fromkeys(
        ["continues", "no_opening", "no_copy", "fits_length", "no_scaffolding",
         "no_preamble", "no_quotes", "stopped", "ends_sentence"], True)
    at_end = quality.check(Task("Continue ¶", _text(Join.SENTENCE, "It rained."),
                                Action.CONTINUE), done)
    assert "continues" not in at_end
    words = quality.check(Task("Continue words", _text(), Action.CONTINUE,
                               length=ContinueLength.WORDS),
                          Generated(" the dog", FinishReason.STOP, 2))
    assert "ends_sentence" not in words and words["fits_length"]

    shorter = Task("Shorter", _text(), Action.REWRITE, RewriteStyle.SHORTER)
    long_answer = Generated(LAMP + " more and more words.\n</passage>", FinishReason.LENGTH, 9)
    verdicts = quality.check(shorter, long_answer)
    assert {name for name, ok in verdicts.items() if not ok} == {
        "direction", "review", "no_scaffolding", "stopped", "ends_sentence"}
    assert {"no_prompt_copy", "no_comment", "not_preamble_only"} <= set(verdicts)
    copied = quality.check(shorter, Generated(
        "Nora lit it. Answer with the requested text only, she said.", FinishReason.STOP, 9))
    assert not copied["no_prompt_copy"] and copied["no_comment"]

    summary = quality.check(Task("Summarize", _text(), Action.SUMMARIZE),
                            Generated("Nora lit a lamp.", FinishReason.STOP, 5))
    assert summary["shorter"] and summary["review"]
    custom = quality.check(Task("Custom", _text(), Action.REWRITE,
                                instruction=quality.CUSTOM_INSTRUCTION["en"]),
                           Generated("Rewrite the passage as one single sentence: Nora. "
                                     "Lamp.", FinishReason.STOP, 9))
    assert not custom["one_sentence"] and not custom["no_scaffolding"]


def test_table_counts_passes_over_runs() -> None:
    task = Task("Continue ¶", _text(), Action.CONTINUE)
    good = Generated(" the dog slept.", FinishReason.STOP, 4)
    bad = Generated(" The storm reached the island a little after six.", FinishReason.LENGTH, 256)
    results = quality.run([task], quality.seeds(3),
                          lambda request: good if request.sampling.seed != 2 else bad)
    assert [r.seed for r in results] == [1, 2, 3]
    assert quality.count(results, "Continue ¶", "continues") == (2, 3)
    assert quality.count(results, "Continue ¶", "continues", text_id="other") == (0, 0)
    table = quality.markdown_table(results)
    assert "| continues the sentence | 2/3 |" in table
    assert "| hit the length limit | 1/3 |" in table
    assert "summary shorter" not in table


def test_update_report_replaces_one_label_and_keeps_the_rest() -> None:
    first = quality.update_report("# Quality\n\nHand-written notes.\n", "before", "old table")
    both = quality.update_report(first, "after", "after table")
    again = quality.update_report(both, "before", "new table")
    assert again.startswith("# Quality\n\nHand-written notes.\n")
    assert "new table" in again and "old table" not in again
    assert again.index("new table") < again.index("after table")
    assert quality.update_report("", "before", "x") == (
        "<!-- quality:before -->\nx\n<!-- /quality:before -->\n")


def test_describe_checks_names_every_check_and_threshold() -> None:
    text = quality.describe_checks()
    for label in quality.CHECKS.values():
        assert label in text
    assert f"more than {quality.MAX_COPIED_WORDS} consecutive words" in text


def test_an_old_answer_label_is_scaffolding_at_a_line_start_only() -> None:
    assert quality.scaffolding_in("Rewritten passage:\nThe lamp glowed.") == [
        "Rewritten passage:"]
    assert quality.scaffolding_in("The lamp glowed. Here's the rewritten passage:") == []
