"""Provenance: which characters of a document the model wrote, and the labels they call for.

A document's provenance is a tuple of ``Span``: sorted, non-overlapping ranges
``[start, end)`` in editor positions (UTF-16 code units, ``core.text.positions``), each
with the ``Origin`` of its text (what the assistant did, which model, when). A character
outside every span is the writer's. ``edited`` follows one change of the text: what is
removed goes, what follows moves, and an insertion inside a span splits it, the new
characters being the writer's; the editor marks the model's own insertions afterwards with
``marked``.

The share of AI-written text (``share_of``) counts characters that are not whitespace, so
blank lines and spaces move nothing, and an English word weighs its letters like Chinese
characters do.

The spans are kept like the generation history: one small JSON file per document in the
app's data folder, under the history's key, never inside or beside the writer's file. Each
span keeps its text and a little of the text before it, and the file keeps a digest of the
whole text. Reopened unchanged, the spans are used as they are. When the file was changed
outside the app, each span's text is looked for nearest its old place (where its context
matches, if it occurs more than once); a span whose text is no longer whole keeps the
parts of it that are still there (at least ``MIN_MATCH`` units in a row); the rest is
dropped and counted, so the writer can be told. A file is read as untrusted
(``core.untrusted``): one that cannot be used is set aside and reported, and the document
starts with no marks.

``label_for`` makes the label an export puts in a file that holds AI-written text: the
implicit label's metadata (the fields of GB 45438-2025 among them) and the explicit
label's sentence in the document's language.
"""

from __future__ import annotations

import bisect
import enum
import hashlib
import json
import logging
import time
import uuid
from array import array
from collections.abc import Iterable
from dataclasses import dataclass, replace
from difflib import SequenceMatcher
from pathlib import Path
from typing import Any

from writer_app import __version__
from writer_app.core.documents.records import DocumentRecords
from writer_app.core.i18n import QT_TRANSLATE_NOOP, Message, message, message_of
from writer_app.core.text.positions import units_text, utf16_units
from writer_app.core.text.units import count_no_spaces, han_share
from writer_app.core.untrusted import (
    MAX_INT,
    UntrustedError,
    moment,
    parse_json,
    read_json_object,
    set_aside,
    text,
    whole,
)

log = logging.getLogger(__name__)

SCHEMA_VERSION = 1
GENERATOR = f"writer-app {__version__}"
MAX_SPANS = 20_000
MAX_STORED_TEXT = 2_000_000
"""The most units of span text a document's file keeps; a span beyond them is kept by
position alone and restored only into the unchanged text."""
MAX_CONTEXT = 24
"""Units of the text before a span that are kept to tell apart two places it occurs."""
MAX_FILE_BYTES = 6 * MAX_STORED_TEXT + 512 * MAX_SPANS
"""Room for the span texts written as six bytes a unit (escapes) and the rest."""
MIN_MATCH = 8
"""The fewest units in a row of a changed span that are still taken for the model's."""
MAX_FUZZY = 4000
"""Longer spans are re-found whole or not at all: comparing them part by part costs too
much for the little it saves."""
_BYTES = 2


class Source(str, enum.Enum):
    """What put a span's text into the document."""

    CONTINUE = "continue"
    DRAFT = "draft"
    REWRITE = "rewrite"
    SUMMARY = "summary"
    SUGGESTION = "suggestion"
    ALTERNATIVE = "alternative"
    BRIEF = "brief"
    HISTORY = "history"
    MARKED = "marked"

    @property
    def label(self) -> str:
        """The action's name, marked for translation (``ui.common.core_text.translated``)."""
        return _SOURCE_LABELS[self]


_SOURCE_LABELS = {
    Source.CONTINUE: QT_TRANSLATE_NOOP("core", "Continue Writing"),
    Source.DRAFT: QT_TRANSLATE_NOOP("core", "a Continue draft"),
    Source.REWRITE: QT_TRANSLATE_NOOP("core", "Rewrite"),
    Source.SUMMARY: QT_TRANSLATE_NOOP("core", "Summarize"),
    Source.SUGGESTION: QT_TRANSLATE_NOOP("core", "an inline suggestion"),
    Source.ALTERNATIVE: QT_TRANSLATE_NOOP("core", "a word alternative"),
    Source.BRIEF: QT_TRANSLATE_NOOP("core", "New from Brief"),
    Source.HISTORY: QT_TRANSLATE_NOOP("core", "the History panel"),
    Source.MARKED: QT_TRANSLATE_NOOP("core", "marked by you"),
}


@dataclass(frozen=True)
class Origin:
    """Where a span's text came from: the action, the model's name (may be unknown when the
    writer marked text by hand), when (a Unix time) and the history entry, if known."""

    source: Source
    model: str = ""
    at: float = 0.0
    entry: str = ""

    @classmethod
    def now(cls, source: Source, model: str = "", entry: str = "") -> Origin:
        return cls(source, model, time.time(), entry)


@dataclass(frozen=True)
class Span:
    """The model wrote the units ``start`` to ``end`` (excluded)."""

    start: int
    end: int
    origin: Origin


Spans = tuple[Span, ...]


def normal(spans: Iterable[Span]) -> Spans:
    """``spans`` sorted, without empty ones, touching spans of one origin joined."""
    joined: list[Span] = []
    for span in sorted((span for span in spans if span.end > span.start),
                       key=lambda span: span.start):
        last = joined[-1] if joined else None
        if last is not None and span.start <= last.end and span.origin == last.origin:
            joined[-1] = replace(last, end=max(last.end, span.end))
        elif last is not None and span.start < last.end:
            if span.end > last.end:  # overlapping: the later one starts where the other ends
                joined.append(replace(span, start=last.end))
        else:
            joined.append(span)
    return tuple(joined)


def edited(spans: Spans, position: int, removed: int, added: int) -> Spans:
    """``spans`` after ``removed`` units at ``position`` were replaced by ``added`` units
    the writer typed: each span keeps what is left of it before and after the change."""
    end, delta = position + removed, added - removed
    pieces: list[Span] = []
    for span in spans:
        if span.end <= position:
            pieces.append(span)
        elif span.start >= end:
            pieces.append(Span(span.start + delta, span.end + delta, span.origin))
        else:
            pieces.append(Span(span.start, min(span.end, position), span.origin))
            pieces.append(Span(max(span.start, end) + delta, span.end + delta, span.origin))
    return normal(pieces)


def marked(spans: Spans, start: int, end: int, origin: Origin | None) -> Spans:
    """``spans`` with the units ``start`` to ``end`` the model's (from ``origin``), or the
    writer's (``None``)."""
    pieces: list[Span] = []
    for span in spans:
        if span.end <= start or span.start >= end:
            pieces.append(span)
            continue
        pieces.append(Span(span.start, min(span.end, start), span.origin))
        pieces.append(Span(max(span.start, end), span.end, span.origin))
    if origin is not None:
        pieces.append(Span(start, end, origin))
    return normal(pieces)


def within(spans: Spans, start: int, end: int) -> Spans:
    """The spans of the units ``start`` to ``end``, counted from ``start``."""
    return normal(Span(max(span.start, start) - start, min(span.end, end) - start, span.origin)
                  for span in spans if span.end > start and span.start < end)


def placed(spans: Spans, start: int, end: int, pieces: Spans) -> Spans:
    """``spans`` with the units ``start`` to ``end`` holding ``pieces`` (counted from
    ``start``, as ``within`` gives them): a passage cut or copied, pasted back."""
    moved = (Span(start + piece.start, min(end, start + piece.end), piece.origin)
             for piece in pieces)
    return normal((*marked(spans, start, end, None), *moved))


def span_at(spans: Spans, position: int) -> Span | None:
    """The span holding the unit at ``position``, if the model wrote it."""
    index = bisect.bisect_right([span.start for span in spans], position) - 1
    if index >= 0 and spans[index].start <= position < spans[index].end:
        return spans[index]
    return None


@dataclass(frozen=True)
class Share:
    """How many of the counted characters (not whitespace) the model wrote, of all."""

    ai: int
    total: int

    @property
    def fraction(self) -> float:
        return self.ai / self.total if self.total else 0.0

    @property
    def percent(self) -> int:
        """The share in whole percent: never 0 while the model wrote anything, never 100
        while the writer did."""
        if not self.ai:
            return 0
        if self.ai >= self.total:
            return 100
        return min(99, max(1, round(100 * self.fraction)))


def ai_count(spans: Spans, units: bytes, start: int = 0, end: int | None = None) -> int:
    """The counted characters the model wrote in the units ``start`` to ``end`` of the
    text ``units`` (``core.text.positions.utf16_units``)."""
    stop = len(units) // _BYTES if end is None else end
    return sum(count_no_spaces(units_text(units, max(span.start, start), min(span.end, stop)))
               for span in spans if span.end > start and span.start < stop)


def share_of(spans: Spans, units: bytes, start: int = 0, end: int | None = None) -> Share:
    """The model's share of the units ``start`` to ``end`` of the text ``units``."""
    return Share(ai_count(spans, units, start, end),
                 count_no_spaces(units_text(units, start, end)))


@dataclass(frozen=True)
class Passage:
    """A row of the AI use report: a passage the model wrote that the document holds."""

    text: str
    origin: Origin
    characters: int


def passages(spans: Spans, units: bytes) -> list[Passage]:
    """The model's passages in the document, in order, each with its counted characters;
    a passage of whitespace alone is left out."""
    found = []
    for span in spans:
        passage = units_text(units, span.start, span.end)
        counted = count_no_spaces(passage)
        if counted:
            found.append(Passage(passage, span.origin, counted))
    return found


def models_of(spans: Spans) -> tuple[str, ...]:
    """The models that wrote the spans, each once, in the order they first appear."""
    return tuple(dict.fromkeys(span.origin.model for span in spans if span.origin.model))


MAX_CLIP_BYTES = 4 * 1024 * 1024
"""The most a clipboard's spans may take to be read back (a paste of anything larger is
the writer's, unmarked)."""


def clip_spans(pieces: Spans, copied: str) -> bytes:
    """The spans of a copied passage (counted from its start) and its text, for the
    clipboard's private format: a paste of the same text in writer-app puts them back."""
    return json.dumps({"text": copied, "spans": [
        {"start": span.start, "end": span.end, "source": span.origin.source.value,
         "model": span.origin.model, "at": span.origin.at, "entry": span.origin.entry}
        for span in pieces]}, ensure_ascii=False).encode("utf-8")


def pasted_spans(data: bytes, pasted: str) -> Spans | None:
    """The spans ``clip_spans`` put on the clipboard, if its text is ``pasted``; None when
    the clipboard holds something else (the writer's own, unmarked)."""
    if len(data) > MAX_CLIP_BYTES:
        return None
    try:
        found = parse_json(data.decode("utf-8", "replace"))
    except UntrustedError:
        return None
    if not isinstance(found, dict) or found.get("text") != pasted:
        return None
    items = found.get("spans")
    kept = [_kept(item) for item in items] if isinstance(items, list) else []
    return normal(item.span for item in kept if item is not None)


# The labels --------------------------------------------------------------------------

EXPLICIT_LABELS = {
    "zh": "本文部分内容由人工智能生成",
    "en": "Parts of this text were generated with AI",
}
"""The explicit label, in the document's language (not the interface's): a Chinese text
carries the Chinese sentence the labelling measures expect, any other the English one."""
_CHINESE = 0.5


@dataclass(frozen=True)
class Label:
    """What an exported file says about the AI-written text it holds."""

    share: Share
    models: tuple[str, ...]
    content_id: str
    """A number for this document's content, the same in every export of it."""
    language: str
    """"zh" or "en": the document's language, for the explicit label."""
    generator: str = GENERATOR

    @property
    def statement(self) -> str:
        """The explicit label: a line for the start or the end of the text."""
        return EXPLICIT_LABELS[self.language]

    def aigc(self) -> str:
        """The implicit label in the fields of GB 45438-2025 (the value of a metadata
        property named ``AIGC``): "1" says the content is AI-generated, the producer is
        this app and the model, and the content number identifies it."""
        producer = "; ".join((self.generator, *self.models))
        return json.dumps({"Label": "1", "ContentProducer": producer,
                           "ProduceID": self.content_id, "ReservedCode1": "",
                           "ContentPropagator": "", "PropagateID": "", "ReservedCode2": ""},
                          ensure_ascii=False)

    def properties(self) -> dict[str, str]:
        """The implicit label as named text properties, for any format's metadata (custom
        document properties, ODT user-defined fields, HTML ``<meta>``, PDF info)."""
        return {"AIGC": self.aigc(),
                "ai-generated": "partly" if self.share.percent < 100 else "yes",
                "ai-share": f"{self.share.percent}%",
                "ai-generator": self.generator,
                "ai-models": ", ".join(self.models),
                "ai-content-id": self.content_id}


def label_for(spans: Spans, text: str, content_id: str, *, enabled: bool = True) -> Label | None:
    """The label for exporting ``text`` with these ``spans``; None when labels are turned
    off in Settings or the model wrote none of it (a document the writer wrote alone is
    never labelled)."""
    if not enabled:
        return None
    share = share_of(spans, utf16_units(text))
    if not share.ai:
        return None
    language = "zh" if han_share(text) >= _CHINESE else "en"
    return Label(share, models_of(spans), content_id, language)


# The store -----------------------------------------------------------------------------

@dataclass(frozen=True)
class Reading:
    """A document's provenance as read: its spans in the text as it is now, its content
    number, and what the writer should hear (passages dropped, a damaged file)."""

    spans: Spans
    content_id: str
    notice: Message | None = None


def new_content_id() -> str:
    return uuid.uuid4().hex


def _digest(units: bytes) -> str:
    return hashlib.sha256(units).hexdigest()


@dataclass(frozen=True)
class _Kept:
    """A span as its file keeps it: where it was, its text then, and what came before."""

    span: Span
    text: bytes | None
    before: bytes


def _encode(spans: Spans, units: bytes, content_id: str) -> bytes:
    items: list[dict[str, Any]] = []
    room = MAX_STORED_TEXT
    for span in spans[:MAX_SPANS]:
        length = span.end - span.start
        item: dict[str, Any] = {
            "start": span.start, "end": span.end, "source": span.origin.source.value,
            "model": span.origin.model, "at": span.origin.at, "entry": span.origin.entry,
            "before": units_text(units, max(0, span.start - MAX_CONTEXT), span.start)}
        if length <= room:
            item["text"] = units_text(units, span.start, span.end)
            room -= length
        items.append(item)
    return json.dumps({"version": SCHEMA_VERSION, "content_id": content_id,
                       "length": len(units) // _BYTES, "digest": _digest(units),
                       "spans": items}, ensure_ascii=False).encode("utf-8")


def _kept(item: object) -> _Kept | None:
    """A stored span, if its fields are whole and of their types."""
    if not isinstance(item, dict):
        return None
    try:
        start, end = whole(item, "start", 0, MAX_INT), whole(item, "end", 0, MAX_INT)
        source = Source(text(item, "source"))
        origin = Origin(source, text(item, "model"), moment(item, "at"),
                        text(item, "entry") if "entry" in item else "")
        kept_text = utf16_units(text(item, "text")) if "text" in item else None
        before = utf16_units(text(item, "before")) if "before" in item else b""
    except (UntrustedError, ValueError):
        return None
    if end <= start or (kept_text is not None and len(kept_text) != _BYTES * (end - start)):
        return None
    return _Kept(Span(start, end, origin), kept_text, before[-_BYTES * MAX_CONTEXT:])


def _find(units: bytes, needle: bytes, start: int) -> int:
    """The first unit position at or after the unit ``start`` where ``needle`` is; -1."""
    found = units.find(needle, _BYTES * start)
    while found != -1 and found % _BYTES:
        found = units.find(needle, found + 1)
    return found // _BYTES if found != -1 else -1


def _rfind(units: bytes, needle: bytes, end: int) -> int:
    """The last unit position where ``needle`` is and ends by the unit ``end``; -1."""
    found = units.rfind(needle, 0, _BYTES * end)
    while found != -1 and found % _BYTES:
        found = units.rfind(needle, 0, found + len(needle) - 1)
    return found // _BYTES if found != -1 else -1


def _nearest(units: bytes, kept: _Kept, needle: bytes) -> int:
    """Where ``needle`` (the kept span's text) is in ``units`` nearest its old place,
    preferring a place where the text before it is the same as it was; -1."""
    old = kept.span.start
    places = [place for place in (_find(units, needle, old),
                                  _rfind(units, needle, old + len(needle) // _BYTES - 1))
              if place >= 0]
    if not places:
        return -1

    def context_matches(place: int) -> bool:
        return units[:_BYTES * place].endswith(kept.before)

    return min(places, key=lambda place: (not context_matches(place), abs(place - old)))


def _parts(units: bytes, kept: _Kept, needle: bytes) -> list[Span]:
    """The parts of a changed span still found, in order, near its old place."""
    length = len(needle) // _BYTES
    if length > MAX_FUZZY:
        return []
    low = max(0, kept.span.start - length)
    high = min(len(units) // _BYTES, kept.span.end + length)
    window = array("H", units[_BYTES * low:_BYTES * high])
    matcher = SequenceMatcher(None, array("H", needle), window, autojunk=False)
    return [Span(low + block.b, low + block.b + block.size, kept.span.origin)
            for block in matcher.get_matching_blocks() if block.size >= MIN_MATCH]


def reanchored(kept: list[_Kept], units: bytes, digest: str, length: int) -> tuple[Spans, int]:
    """The kept spans in the text ``units``, and how many of them were dropped in whole or
    in part because the text is no longer what it was."""
    size = len(units) // _BYTES
    if digest == _digest(units) and length == size:
        return normal(item.span for item in kept if item.span.end <= size), 0
    found: list[Span] = []
    dropped = 0
    for item in kept:
        if item.text is None:
            dropped += 1
            continue
        place = _nearest(units, item, item.text)
        if place >= 0:
            found.append(Span(place, place + len(item.text) // _BYTES, item.span.origin))
            continue
        parts = _parts(units, item, item.text)
        found.extend(parts)
        dropped += 1
    return normal(found), dropped


class ProvenanceStore(DocumentRecords):
    """Per-document provenance in ``folder``. Reading never raises; a failed write is
    logged and returned as a message, never raised into the writer's work."""

    def __init__(self, folder: Path) -> None:
        super().__init__(folder, "provenance")

    def read(self, key: str, text_now: str) -> Reading:
        """The document's spans in ``text_now`` (its text as the editor holds it)."""
        path = self._file(key)
        try:
            data = read_json_object(path, MAX_FILE_BYTES)
            version = whole(data, "version", 1, MAX_INT)
            items = data.get("spans")
            if not isinstance(items, list):
                raise UntrustedError(message(QT_TRANSLATE_NOOP(
                    "core", "it holds no list of passages")))
            content_id = text(data, "content_id") or new_content_id()
            digest = text(data, "digest")
            length = whole(data, "length", 0, MAX_INT)
        except FileNotFoundError:
            return Reading((), new_content_id())
        except UntrustedError as exc:
            aside = set_aside(path)
            return Reading((), new_content_id(), message(QT_TRANSLATE_NOOP(
                "core", "Which parts of this document the model wrote could not be read "
                "({reason}), so no text is marked as AI-written. The damaged file is kept as "
                "{name} in the app's data folder."), reason=message_of(exc), name=aside.name))
        if version > SCHEMA_VERSION:
            log.warning("the provenance %s is of a later version (%s)", key, version)
        kept = [found for found in map(_kept, items[:MAX_SPANS]) if found is not None]
        spans, dropped = reanchored(kept, utf16_units(text_now), digest, length)
        notice = message(QT_TRANSLATE_NOOP(
            "core", "The file was changed outside writer-app: {count} of its AI-written "
            "passages no longer match it in whole or in part, and the parts that do not "
            "match are no longer marked."), count=dropped) if dropped else None
        return Reading(spans, content_id, notice)

    def write(self, key: str, spans: Spans, text_now: str, content_id: str) -> Message | None:
        """Keep ``spans`` of the document's ``text_now``; no spans remove its file. Returns
        what went wrong, for the writer, or None."""
        if not spans:
            self.clear(key)
            return None
        encoded = _encode(spans, utf16_units(text_now), content_id)
        return self._keep(key, encoded, QT_TRANSLATE_NOOP(
            "core", "Which parts of this document the model wrote could not be kept "
            "({reason}). Check that the disk has room."))

    def move(self, old: str, new: str) -> None:
        """Give ``old``'s provenance to ``new`` (an unsaved document saved, or renamed)."""
        if old == new:
            return
        try:
            if self._file(old).exists():
                self._folder.mkdir(parents=True, exist_ok=True)
                self._file(old).replace(self._file(new))
        except OSError as exc:
            log.warning("the provenance %s could not be moved: %s", old, exc)
