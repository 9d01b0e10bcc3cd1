"""The review: lengths, scripts, languages, talk instead of an answer, copied prompts."""

import dataclasses

import pytest

from writer_app.core.requests import Action, GenerationRequest, RewriteStyle
from writer_app.core.text.units import Counting, CountRule, unit_name
from writer_app.core.writing.cleanup import copied_run
from writer_app.core.writing.prompts import prompt_pieces
from writer_app.core.writing.review import review

EN = "The storm broke over the harbour at dusk, and the fishermen ran for the sheds."
ZH = "傍晚时分，暴风雨席卷了港口，渔民们纷纷跑向棚屋。"


def rewrite(text: str, style: RewriteStyle | None = None, instruction: str = "") -> \
        GenerationRequest:
    return GenerationRequest(Action.REWRITE, text, selection=(0, len(text)), style=style,
                             instruction=instruction)


def test_units_are_named_by_script() -> None:
    assert unit_name(ZH) == "characters"
    assert unit_name(EN) == "words"


def test_shorter_that_is_longer_is_flagged() -> None:
    result = review(rewrite(EN, RewriteStyle.SHORTER), EN + " They waited all night.")
    assert result.before == 15
    assert result.after == 19
    assert result.summary == "15 → 19 words"
    assert any("not shorter" in w for w in result.warnings)
    assert not review(rewrite(EN, RewriteStyle.SHORTER), "The storm broke at dusk.").warnings


def test_longer_that_is_shorter_is_flagged() -> None:
    warnings = review(rewrite(EN, RewriteStyle.LONGER), "A storm came.").warnings
    assert any("not longer" in w for w in warnings)


def test_translation_in_the_wrong_script_is_flagged() -> None:
    assert review(rewrite(EN, RewriteStyle.TO_CHINESE), EN).warnings
    assert not review(rewrite(EN, RewriteStyle.TO_CHINESE), ZH).warnings
    assert review(rewrite(ZH, RewriteStyle.TO_ENGLISH), ZH).warnings
    assert not review(rewrite(ZH, RewriteStyle.TO_ENGLISH), EN).warnings


def test_a_repeat_of_the_input_is_flagged_except_for_a_grammar_fix() -> None:
    assert "The rewrite only repeats the original." in review(
        rewrite(EN, RewriteStyle.FORMAL), "  " + EN.upper() + "\n").warnings
    assert not review(rewrite(EN, RewriteStyle.FIX_GRAMMAR), EN).warnings


def test_a_custom_instruction_is_not_judged_by_a_preset() -> None:
    request = rewrite(EN, RewriteStyle.SHORTER, instruction="Add a second sentence.")
    assert not review(request, EN + " The sea roared.").warnings


def test_summary_as_long_as_its_input_is_flagged() -> None:
    request = GenerationRequest(Action.SUMMARIZE, EN)
    assert review(request, EN).warnings == (
        "The summary is not shorter than the text it summarizes.",)
    assert not review(request, "A storm; fishermen ran.").warnings


def test_an_empty_answer_is_flagged() -> None:
    assert review(GenerationRequest(Action.SUMMARIZE, ZH), " \n").warnings == (
        "The model returned no text.",)


def test_a_rewrite_that_joins_paragraphs_says_so() -> None:
    text = EN + "\n\n" + EN
    warnings = review(rewrite(text, RewriteStyle.CASUAL), EN + " " + EN).warnings
    assert "The original has 2 paragraphs and the rewrite 1: check the breaks before you " \
        "accept it." in warnings
    assert not review(rewrite(text, RewriteStyle.CASUAL), "A.\n\nB.").warnings


def test_each_side_is_the_writers_count_in_the_status_bars_word() -> None:
    english = "The storm broke over the harbour at dusk and the fishermen ran for cover."
    result = review(rewrite(ZH, RewriteStyle.REPHRASE), english)
    # The full-width commas and stop count, as in the status bar (Word's and WPS's 字数),
    # and the count has one name whatever the script, as the status bar's.
    assert result.summary == "24 → 14 words"
    assert review(rewrite(ZH, RewriteStyle.REPHRASE), ZH[:10]).summary == "24 → 10 words"
    without = Counting(rule=CountRule.WITHOUT_PUNCTUATION)
    assert review(rewrite(ZH, RewriteStyle.REPHRASE), ZH[:10],
                  counting=without).summary == "21 → 9 words"


WRONG_LANGUAGE = "This is not in the language of your text."


def test_lengths_in_different_scripts_are_not_compared_but_the_language_is() -> None:
    long_english = " ".join([EN] * 4)
    for style in (RewriteStyle.REPHRASE, RewriteStyle.SHORTER):
        assert review(rewrite(ZH, style), long_english).warnings == (WRONG_LANGUAGE,)
    assert review(rewrite(EN, RewriteStyle.LONGER), ZH[:4]).warnings == (WRONG_LANGUAGE,)
    assert review(GenerationRequest(Action.SUMMARIZE, ZH), long_english).warnings == (
        WRONG_LANGUAGE,)


def test_an_own_instruction_may_ask_for_another_language() -> None:
    request = rewrite(ZH, instruction="Rewrite it in English.")
    assert review(request, EN).warnings == ()


LAMP = ("The lamp burned all night in the tower, and Mara watched the dark sea from the "
        "window until the first boats came home at dawn.")


@pytest.mark.parametrize(("style", "answer", "warning"), [
    (RewriteStyle.FORMAL,
     "The following passage can be rewritten in a more formal tone, as follows:",
     "This is only an introduction to an answer, not the answer itself."),
    (RewriteStyle.REPHRASE, "Rewrite the passage with a fresh perspective, keeping its tone.",
     "This is an instruction, not a rewrite of your text."),
    (RewriteStyle.LONGER, "The passage expands on the lamp and the sea. It shows Mara's "
     "patience through the long night.", "This describes your text instead of rewriting it."),
    (RewriteStyle.REPHRASE, "以下是改写后的段落：",
     "This is only an introduction to an answer, not the answer itself."),
    (RewriteStyle.REPHRASE, "I hope this helps!",
     "This is only a comment about an answer, not the answer itself."),
    (RewriteStyle.REPHRASE, "Write in the language of the text unless you are asked to "
     "translate.", "This only repeats the instructions or your notes."),
])
def test_an_answer_that_is_only_talk_says_so(style: RewriteStyle, answer: str,
                                             warning: str) -> None:
    text = "灯亮了一整夜，玛拉在窗前望着漆黑的大海，直到黎明时第一批渔船归来。" \
        if answer.startswith("以下") else LAMP
    assert review(rewrite(text, style), answer).warnings == (warning,)


def test_a_summary_may_describe_its_text() -> None:
    summary = "The passage describes Mara watching the sea all night."
    assert review(GenerationRequest(Action.SUMMARIZE, LAMP), summary).warnings == ()


def test_the_review_counts_the_cleaned_answer() -> None:
    answer = "The lamp glowed all night while Mara watched the sea. The original passage " \
        "is rephrased to make it more concise while maintaining its meaning and tone."
    result = review(rewrite(LAMP, RewriteStyle.SHORTER), answer)
    assert result.after == 10
    assert result.warnings == ()


def test_copied_instructions_and_notes_are_flagged() -> None:
    request = GenerationRequest(Action.REWRITE, LAMP, selection=(0, len(LAMP)),
                                style=RewriteStyle.REPHRASE,
                                notes="Never use the word suddenly in the story.")
    answer = "The lamp glowed all night, so never use the word suddenly, said Mara."
    assert review(request, answer).warnings == (
        "This copies words of the instructions or your notes (“never use the word "
        "suddenly”).",)
    # Words the passage has are the writer's, whatever the notes say.
    assert copied_run("Mara watched the dark sea", prompt_pieces(dataclasses.replace(
        request, notes="Mara watched the dark sea from afar."))) is None


def test_chinese_copies_count_six_characters() -> None:
    request = GenerationRequest(Action.REWRITE, ZH, selection=(0, len(ZH)),
                                style=RewriteStyle.REPHRASE, notes="不要使用突然这个词语。")
    assert review(request, "暴风雨来了，不要使用突然这个词，渔民跑了。").warnings == (
        "This copies words of the instructions or your notes (“不 要 使 用 突 然”).",)
    assert review(request, "暴风雨来了，不要使用这个，渔民跑了。").warnings == ()


def test_an_answer_cut_at_the_length_limit_says_so() -> None:
    result = review(rewrite(LAMP, RewriteStyle.REPHRASE), "The lamp glowed all night and",
                    cut_off=True)
    assert result.warnings[-1] == \
        "The answer stopped at the maximum length: its end may be missing."
