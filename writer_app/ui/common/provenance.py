"""Which characters of a QTextDocument the model wrote, kept true as the text changes.

A ``ProvenanceTracker`` lives as a child of the document it follows, so whatever puts the
model's text in (a stream, an accepted rewrite, a suggestion taken, a word alternative, a
draft) finds it through the document alone: every such insertion goes through
``insert_from_model``, which marks exactly the characters inserted. Everything else that
changes the text is the writer's (``core.documents.provenance.edited``).

Undo and Redo: QTextDocument replays an undo as an edit, so spans that only followed the
edits would give the model's text back to the writer. The tracker keeps the spans of each
state of the undo stack, by the count of undo steps available: an edit that adds a step
(``undoCommandAdded``) or joins the last one records the spans of that count, and a
change that moves the count without adding a step is an Undo or a Redo, which puts back
the spans recorded for the count it reaches (checked against the text, so a stale record
is never used).

The same count tells others where an edit stands: ``undo_point()`` marks the state after
it, and ``holds(point)`` says whether the document is at or past that state still, neither
undone nor cut off by an edit made after an Undo (which drops what Redo could bring back:
Qt says so with ``redoAvailable(False)``, its redo count lags behind the change); the
History panel says a result is inserted only while its insertion holds.

Qt also reports changes that are none: laying a block out again (ghost text, a
highlighter) comes as all of it removed and added. The tracker keeps the text as UTF-16
units and compares the range reported with what it held, so only what really changed
counts.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QMimeData, QObject, Signal, Slot
from PySide6.QtGui import QTextCursor, QTextDocument

from writer_app.core.documents.provenance import (
    Origin,
    Source,
    Spans,
    clip_spans,
    edited,
    marked,
    pasted_spans,
    placed,
    within,
)
from writer_app.core.text.positions import units_text, utf16_units
from writer_app.core.text.units import count_no_spaces

CLIP_FORMAT = "application/x-writer-app-provenance"
"""The clipboard's private format for the spans of a copied passage; never plain text."""
_BYTES = 2


def _common(a: bytes, b: bytes, limit: int, *, backward: bool = False) -> int:
    """How many units ``a`` and ``b`` share at the start (or the end), at most ``limit``."""
    if a == b:
        return limit
    count = 0
    while count < limit:
        if backward:
            same = a[len(a) - _BYTES * (count + 1):len(a) - _BYTES * count] == \
                b[len(b) - _BYTES * (count + 1):len(b) - _BYTES * count]
        else:
            same = a[_BYTES * count:_BYTES * (count + 1)] == b[_BYTES * count:_BYTES * (count + 1)]
        if not same:
            break
        count += 1
    return count


@dataclass(frozen=True)
class UndoPoint:
    """A state of a document's undo history: the count of undo steps there, and how many
    times the history had been cut off until then."""

    steps: int
    cuts: int


class ProvenanceTracker(QObject):
    """The model's spans in ``document``, following its edits, Undo and Redo."""

    changed = Signal()
    """The spans changed (the text, a mark, or another document's spans)."""

    def __init__(self, document: QTextDocument) -> None:
        super().__init__(document)
        self._document = document
        self.model = ""
        """The name of the model that writes now, for the origins of its insertions."""
        self._spans: Spans = ()
        self._units = utf16_units(document.toRawText())
        self._counted = count_no_spaces(units_text(self._units))
        self._steps = document.availableUndoSteps()
        self._command_added = False
        self._states: dict[int, tuple[Spans, int]] = {}
        # The counts of undo steps from which the states above were dropped (or, harmless,
        # the top of the history, which Redo has reached).
        self._cuts: list[int] = []
        self._claims: list[tuple[QTextCursor, QTextCursor, Origin | Spans]] = []
        self._record()
        document.contentsChange.connect(self._on_document_contents_change)
        document.undoCommandAdded.connect(self._on_document_undo_command_added)
        document.redoAvailable.connect(self._on_document_redo_available)

    @staticmethod
    def of(document: QTextDocument) -> ProvenanceTracker | None:
        """The tracker following ``document``, if one does."""
        found = document.findChild(ProvenanceTracker)
        return found if isinstance(found, ProvenanceTracker) else None

    @property
    def spans(self) -> Spans:
        return self._spans

    @property
    def units(self) -> bytes:
        """The document's text as the spans count it (``core.text.positions.utf16_units``)."""
        return self._units

    @property
    def counted(self) -> int:
        """The characters of the whole text that count for the share (kept as the text
        changes: counting a long text again after each key would take too long)."""
        return self._counted

    def set_spans(self, spans: Spans) -> None:
        """Another document's spans (or none): the undo states before are forgotten."""
        self._units = utf16_units(self._document.toRawText())
        self._counted = count_no_spaces(units_text(self._units))
        size = len(self._units) // _BYTES
        self._spans = tuple(span for span in spans if span.end <= size)
        self._states.clear()
        self._steps = self._document.availableUndoSteps()
        self._record()
        self.changed.emit()

    def mark(self, start: int, end: int, origin: Origin | None) -> None:
        """The writer says the units ``start`` to ``end`` are the model's (``origin``) or
        their own (``None``)."""
        self._spans = marked(self._spans, start, end, origin)
        self._record()
        self.changed.emit()

    def claim(self, start: int, end: int, what: Origin | Spans) -> None:
        """The units ``start`` to ``end`` just inserted are the model's (``what`` is an
        origin), or hold these spans (counted from ``start``: a paste). Applied when the
        document reports the change, which an open edit block holds back."""
        first = QTextCursor(self._document)
        first.setPosition(start)
        last = QTextCursor(self._document)
        last.setPosition(end)
        last.setKeepPositionOnInsert(True)
        self._claims.append((first, last, what))

    def copy_to(self, data: QMimeData, start: int, end: int) -> None:
        """Put the spans of the units ``start`` to ``end``, copied to ``data``, beside
        their text in the clipboard's private format."""
        pieces = within(self._spans, start, end)
        if pieces:
            data.setData(CLIP_FORMAT, clip_spans(pieces, data.text()))

    def pasted(self, data: QMimeData) -> Spans | None:
        """The spans a copy in writer-app put beside the text of ``data``, if any."""
        if not data.hasFormat(CLIP_FORMAT):
            return None
        return pasted_spans(bytes(data.data(CLIP_FORMAT).data()), data.text())

    def undo_point(self) -> UndoPoint:
        """The document's present state in its undo history."""
        return UndoPoint(self._document.availableUndoSteps(), len(self._cuts))

    def holds(self, point: UndoPoint) -> bool:
        """Whether the document is at ``point`` or past it: not undone to before it, and
        the history not cut off below it since."""
        return (self._document.availableUndoSteps() >= point.steps
                and all(cut >= point.steps for cut in self._cuts[point.cuts:]))

    def _record(self) -> None:
        self._states[self._steps] = (self._spans, hash(self._units))

    @Slot()
    def _on_document_undo_command_added(self) -> None:
        self._command_added = True

    @Slot(bool)
    def _on_document_redo_available(self, available: bool) -> None:
        # Before the edit that drops them, so ``_steps`` is still the count it starts from.
        if not available:
            self._cuts.append(self._steps)

    @Slot(int, int, int)
    def _on_document_contents_change(self, position: int, removed: int, added: int) -> None:
        old_size, size = len(self._units) // _BYTES, self._document.characterCount() - 1
        # Qt may count the document's last paragraph end in a change: keep to the text.
        added = max(0, min(added, size - position))
        removed = old_size - size + added
        if position < 0 or removed < 0 or position + removed > old_size:
            position, removed, added = 0, old_size, size
        cursor = QTextCursor(self._document)
        cursor.setPosition(position)
        cursor.setPosition(position + added, QTextCursor.MoveMode.KeepAnchor)
        inserted = cursor.selectedText()
        new = utf16_units(inserted)
        if len(new) != _BYTES * added:  # half a surrogate pair: read the whole text again
            self._units = utf16_units(self._document.toRawText())
            self._counted = count_no_spaces(units_text(self._units))
            position, removed, added = 0, old_size, len(self._units) // _BYTES
        else:
            old = self._units[_BYTES * position:_BYTES * (position + removed)]
            self._counted += count_no_spaces(inserted) - count_no_spaces(units_text(old))
            self._units = (self._units[:_BYTES * position] + new
                           + self._units[_BYTES * (position + removed):])
            head = _common(old, new, min(removed, added))
            tail = _common(old, new, min(removed, added) - head, backward=True)
            position, removed, added = position + head, removed - head - tail, added - head - tail
        steps = self._document.availableUndoSteps()
        replayed = not self._command_added and steps != self._steps
        state = self._states.get(steps) if replayed else None
        if state is not None and state[1] == hash(self._units):
            spans = state[0]
            self._claims.clear()
        else:
            spans = self._claimed(edited(self._spans, position, removed, added))
        if not replayed and self._command_added:
            for later in [count for count in self._states if count > steps]:
                del self._states[later]
        self._steps, self._command_added = steps, False
        changed = spans != self._spans
        self._spans = spans
        if not replayed or state is None:
            self._record()
        if changed:
            self.changed.emit()

    def _claimed(self, spans: Spans) -> Spans:
        for first, last, what in self._claims:
            start, end = first.position(), last.position()
            if isinstance(what, Origin):
                spans = marked(spans, start, end, what)
            else:
                spans = placed(spans, start, end, what)
        self._claims.clear()
        return spans


def model_origin(document: QTextDocument, source: Source, entry: str = "") -> Origin:
    """The origin of text the model in use writes into ``document`` now."""
    tracker = ProvenanceTracker.of(document)
    return Origin.now(source, tracker.model if tracker is not None else "", entry)


def insert_from_model(cursor: QTextCursor, text: str, origin: Origin | Source) -> None:
    """Insert ``text`` at ``cursor`` (over its selection) as the model's, from ``origin``
    (or an action of the model in use, now): the one way the assistant's text goes into a
    document, so that each of its characters is marked. A stream passes one origin for all
    its pieces, so they make one passage."""
    document = cursor.document()
    tracker = ProvenanceTracker.of(document)
    if isinstance(origin, Source):
        origin = model_origin(document, origin)
    cursor.beginEditBlock()
    start = cursor.selectionStart()
    cursor.insertText(text)
    if tracker is not None and text:
        tracker.claim(start, cursor.position(), origin)
    cursor.endEditBlock()
