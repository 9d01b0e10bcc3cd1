from writer_app.core.requests import Action, GenerationRequest, RewriteStyle
from writer_app.core.writing.review import review, unit_name

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


def test_each_side_is_counted_and_shown_in_its_own_unit() -> None:
    english = "The storm broke over the harbour at dusk and the fishermen ran for cover."
    result = review(rewrite(ZH, RewriteStyle.REPHRASE), english)
    assert result.summary == "21 characters → 14 words"
    assert review(rewrite(ZH, RewriteStyle.REPHRASE), ZH[:10]).summary == "21 → 9 characters"


def test_lengths_in_different_scripts_are_not_compared() -> None:
    long_english = " ".join([EN] * 4)
    for style in (RewriteStyle.REPHRASE, RewriteStyle.SHORTER):
        assert review(rewrite(ZH, style), long_english).warnings == ()
    assert review(rewrite(EN, RewriteStyle.LONGER), ZH[:4]).warnings == ()
    assert review(GenerationRequest(Action.SUMMARIZE, ZH), long_english).warnings == ()
