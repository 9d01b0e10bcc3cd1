"""Check a finished summary or rewrite against what was asked, in words for the writer.

Small models often do something other than what they were asked: a "Shorter" that is
longer, a translation left in the source language, an answer that only repeats the input.
These checks need no second model; they compare lengths and scripts, and their warnings are
shown beside the result so the writer decides with the facts in front of them.
"""

from __future__ import annotations

from dataclasses import dataclass

from writer_app.core.i18n import QT_TRANSLATE_NOOP, message
from writer_app.core.requests import Action, GenerationRequest, RewriteStyle
from writer_app.core.text.units import (
    count_paragraphs,
    count_words,
    counts_in_characters,
    han_share,
)

# Below this share of the target script's letters, a translation is in another script.
_MIN_SCRIPT_SHARE = 0.5


def unit_name(text: str) -> str:
    """What ``count_words`` counts in ``text``: "characters" for Chinese, else "words"."""
    return "characters" if counts_in_characters(text) else "words"


def _unit_message(unit: str) -> str:
    """``unit_name``'s word as a message the interface translates."""
    if unit == "characters":
        return message(QT_TRANSLATE_NOOP("core", "characters"))
    return message(QT_TRANSLATE_NOOP("core", "words"))


def _normalised(text: str) -> str:
    return " ".join(text.split()).casefold()


@dataclass(frozen=True)
class Review:
    """What came back, measured against the request."""

    before: int
    after: int
    before_unit: str
    after_unit: str
    warnings: tuple[str, ...]

    @property
    def summary(self) -> str:
        """"120 → 64 words" for the panel's header; each side in its own unit when a
        translation changed the script ("21 characters → 14 words")."""
        if self.before_unit == self.after_unit:
            return message(QT_TRANSLATE_NOOP("core", "{before} → {after} {unit}"),
                           before=self.before, after=self.after,
                           unit=_unit_message(self.after_unit))
        return message(QT_TRANSLATE_NOOP("core", "{before} {before_unit} → {after} {after_unit}"),
                       before=self.before, before_unit=_unit_message(self.before_unit),
                       after=self.after, after_unit=_unit_message(self.after_unit))


def review(request: GenerationRequest, result: str) -> Review:
    """Measure ``result`` against the passage of ``request`` and list what contradicts it."""
    passage = request.selected_text
    before, after = count_words(passage), count_words(result)
    before_unit, after_unit = unit_name(passage), unit_name(result)
    # Chinese characters and English words measure different amounts of text; comparing
    # a count of one with a count of the other would raise false alarms.
    comparable = before_unit == after_unit
    warnings: list[str] = []
    if not result.strip():
        warnings.append(message(QT_TRANSLATE_NOOP("core", "The model returned no text.")))
    elif request.action is Action.SUMMARIZE:
        if comparable and after >= before:
            warnings.append(message(QT_TRANSLATE_NOOP(
                "core", "The summary is not shorter than the text it summarizes.")))
    elif request.action is Action.REWRITE:
        warnings += _rewrite_warnings(request, passage, result, before,
                                      after if comparable else None)
    return Review(before, after, before_unit, after_unit, tuple(warnings))


def _rewrite_warnings(request: GenerationRequest, passage: str, result: str,
                      before: int, after: int | None) -> list[str]:
    """What contradicts the request; ``after`` is None where the lengths are in different
    units, so no length is compared."""
    style = None if request.instruction.strip() else request.style
    warnings: list[str] = []
    unit = _unit_message(unit_name(passage))
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

