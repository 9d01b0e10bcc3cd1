"""Check a finished summary or rewrite against what was asked, in words for the writer.

Small models often do something other than what they were asked: a "Shorter" that is
longer, a translation left in the source language, an answer that only repeats the input,
talks about the passage instead of rewriting it, or copies the instructions. These checks
need no second model; they compare lengths, scripts and the prompt's own text
(``core.writing.cleanup``), and their warnings are shown beside the result so the writer
decides with the facts in front of them. They count the answer as the clean-up leaves it.
"""

from __future__ import annotations

from dataclasses import dataclass

from writer_app.core.i18n import QT_TRANSLATE_NOOP, message
from writer_app.core.requests import Action, GenerationRequest, RewriteStyle
from writer_app.core.text.units import (
    PLAIN_COUNTING,
    Counting,
    count_paragraphs,
    count_unit,
    counts_in_characters,
    han_share,
    unit_name,
)
from writer_app.core.writing.cleanup import PromptPieces, Talk, clean_answer, copied_run, talk_only
from writer_app.core.writing.prompts import prompt_pieces

# Below this share of the target script's letters, a translation is in another script.
_MIN_SCRIPT_SHARE = 0.5


def _normalised(text: str) -> str:
    return " ".join(text.split()).casefold()


@dataclass(frozen=True)
class Review:
    """What came back, measured against the request: both lengths are the writer's
    count, as the status bar shows it."""

    before: int
    after: int
    warnings: tuple[str, ...]

    @property
    def summary(self) -> str:
        """"120 → 64 words" for the panel's header, in the status bar's word."""
        return message(QT_TRANSLATE_NOOP("core", "{before} → {after} {unit}"),
                       before=self.before, after=self.after, unit=count_unit())


def review(request: GenerationRequest, result: str, *, cut_off: bool = False,
           counting: Counting = PLAIN_COUNTING) -> Review:
    """Measure ``result`` against the passage of ``request`` and list what contradicts it;
    ``cut_off`` says the answer stopped at the length limit. Both are counted as the
    writer counts the document (``counting``), so the lengths agree with the status bar."""
    pieces = prompt_pieces(request)
    passage = request.selected_text if request.selection is not None else pieces.passage
    result = clean_answer(result, pieces).text
    before, after = counting.count(passage), counting.count(result)
    # Chinese characters and English words measure different amounts of text; comparing
    # a count of one with a count of the other would raise false alarms.
    comparable = unit_name(passage) == unit_name(result)
    warnings: list[str] = []
    if not result.strip():
        warnings.append(message(QT_TRANSLATE_NOOP("core", "The model returned no text.")))
    elif (talk := talk_only(result, pieces)) is not None:
        warnings.append(_TALK[talk]())
    else:
        warnings += _prompt_warnings(request, passage, result, pieces)
        if request.action is Action.SUMMARIZE:
            if comparable and after >= before:
                warnings.append(message(QT_TRANSLATE_NOOP(
                    "core", "The summary is not shorter than the text it summarizes.")))
        elif request.action is Action.REWRITE:
            warnings += _rewrite_warnings(request, passage, result, before,
                                          after if comparable else None)
    if cut_off:
        warnings.append(message(QT_TRANSLATE_NOOP(
            "core", "The answer stopped at the maximum length: its end may be missing.")))
    return Review(before, after, tuple(warnings))


# What an answer that is only talk is, in words for the writer.
_TALK = {
    Talk.PREAMBLE: lambda: message(QT_TRANSLATE_NOOP(
        "core", "This is only an introduction to an answer, not the answer itself.")),
    Talk.COMMENT: lambda: message(QT_TRANSLATE_NOOP(
        "core", "This is only a comment about an answer, not the answer itself.")),
    Talk.DESCRIPTION: lambda: message(QT_TRANSLATE_NOOP(
        "core", "This describes your text instead of rewriting it.")),
    Talk.INSTRUCTION: lambda: message(QT_TRANSLATE_NOOP(
        "core", "This is an instruction, not a rewrite of your text.")),
    Talk.COPY: lambda: message(QT_TRANSLATE_NOOP(
        "core", "This only repeats the instructions or your notes.")),
}


def _prompt_warnings(request: GenerationRequest, passage: str, result: str,
                     pieces: PromptPieces) -> list[str]:
    """The checks every instructed answer gets: its language against the text's (a
    translation's target is checked with the rewrite's), and copies of the prompt."""
    warnings: list[str] = []
    translation = request.style in (RewriteStyle.TO_CHINESE, RewriteStyle.TO_ENGLISH)
    own_instruction = request.action is Action.REWRITE and request.instruction.strip()
    if not translation and not own_instruction and \
            counts_in_characters(result) != counts_in_characters(passage):
        warnings.append(message(QT_TRANSLATE_NOOP(
            "core", "This is not in the language of your text.")))
    copied = copied_run(result, pieces)
    if copied is not None:
        warnings.append(message(QT_TRANSLATE_NOOP(
            "core", "This copies words of the instructions or your notes (“{words}”)."),
            words=copied))
    return warnings


def _rewrite_warnings(request: GenerationRequest, passage: str, result: str,
                      before: int, after: int | None) -> list[str]:
    """What contradicts the request; ``after`` is None where the lengths are in different
    units, so no length is compared."""
    style = None if request.instruction.strip() else request.style
    warnings: list[str] = []
    unit = count_unit()
    same_text = _normalised(result) == _normalised(passage)
    if same_text and style is not RewriteStyle.FIX_GRAMMAR:
        warnings.append(message(QT_TRANSLATE_NOOP(
            "core", "The rewrite only repeats the original.")))
    paragraphs_before, paragraphs_after = count_paragraphs(passage), count_paragraphs(result)
    if paragraphs_before != paragraphs_after:
        warnings.append(message(QT_TRANSLATE_NOOP(
            "core", "The original has {before} paragraphs and the rewrite {after}: check "
                     "the breaks before you accept it."),
            before=paragraphs_before, after=paragraphs_after))
    if style is RewriteStyle.SHORTER and after is not None and after >= before:
        warnings.append(message(QT_TRANSLATE_NOOP(
            "core", "You asked for shorter, but this is not shorter ({before} → {after} "
                     "{unit})."), before=before, after=after, unit=unit))
    elif style is RewriteStyle.LONGER and after is not None and after <= before:
        warnings.append(message(QT_TRANSLATE_NOOP(
            "core", "You asked for longer, but this is not longer ({before} → {after} "
                     "{unit})."), before=before, after=after, unit=unit))
    elif style is RewriteStyle.TO_CHINESE and han_share(result) < _MIN_SCRIPT_SHARE:
        warnings.append(message(QT_TRANSLATE_NOOP(
            "core", "You asked for Chinese, but this is mostly not in Chinese script.")))
    elif style is RewriteStyle.TO_ENGLISH and han_share(result) > 1 - _MIN_SCRIPT_SHARE:
        warnings.append(message(QT_TRANSLATE_NOOP(
            "core", "You asked for English, but this is mostly not in Latin script.")))
    elif (style in (RewriteStyle.REPHRASE, RewriteStyle.FORMAL, RewriteStyle.CASUAL)
          and before and after is not None and abs(after - before) > before):
        warnings.append(message(QT_TRANSLATE_NOOP(
            "core", "The length changed a lot ({before} → {after} {unit}); check that "
                     "nothing was lost or added."), before=before, after=after, unit=unit))
    return warnings

