"""ProvenanceController: what the model wrote in the window's document, shown and kept.

It owns the document's ``ProvenanceTracker`` (``ui.common.provenance``) and everything a
writer sees of it: the tint of the model's characters (View ▸ Show AI-Written Text,
painted over the visible lines only, so a long document costs nothing more), a tooltip
saying by which model and action, the share in the status bar (of the selection when
there is one), Edit ▸ Mark as My Own Writing and Mark as AI-Written, and File ▸ AI Use
Report…. The spans are kept in the ``ProvenanceStore`` under the history's key when the
document is saved, so the store always describes the file as saved, and read back when it
is opened (re-found in a file changed outside the app). ``label()`` is the label an export
puts in its file; ``implicit_labels`` says whether its metadata carries it (Settings).
"""

from __future__ import annotations

from PySide6.QtCore import QDateTime, QEvent, QLocale, QObject, QTimer, Slot
from PySide6.QtGui import QHelpEvent, QTextCharFormat
from PySide6.QtWidgets import QMainWindow, QToolButton, QToolTip

from writer_app.core.documents.provenance import (
    Label,
    Origin,
    ProvenanceStore,
    Share,
    Source,
    Span,
    ai_count,
    label_for,
    new_content_id,
    share_of,
    span_at,
    within,
)
from writer_app.core.protocol import ModelInfo
from writer_app.core.settings import Settings
from writer_app.core.sources.names import display_name
from writer_app.core.text.positions import units_text
from writer_app.qt.messages import MessageBridge
from writer_app.qt.preferences import Preferences
from writer_app.ui.common.actions import new_action
from writer_app.ui.common.core_text import translated
from writer_app.ui.common.provenance import ProvenanceTracker
from writer_app.ui.common.theme import ai_tint
from writer_app.ui.document.controller import DocumentController
from writer_app.ui.document.provenance_report import AiUseReportDialog
from writer_app.ui.editor.text_editor import Marks, WriterTextEdit

_UPDATE_MS = 100


def origin_text(origin: Origin) -> str:
    """"Continue Writing, Qwen3 1.7B, 14:02" (a date too when it was not today)."""
    moment = QDateTime.fromSecsSinceEpoch(int(origin.at))
    locale = QLocale()
    if moment.date() == QDateTime.currentDateTime().date():
        when = locale.toString(moment.time(), QLocale.FormatType.ShortFormat)
    else:
        when = locale.toString(moment, QLocale.FormatType.ShortFormat)
    parts = [translated(origin.source.label)]
    if origin.model:
        parts.append(origin.model)
    if origin.at:
        parts.append(when)
    return ", ".join(parts)


class ProvenanceController(QObject):
    """The model's characters in the window's document: tint, share, marks, report."""

    def __init__(self, window: QMainWindow, editor: WriterTextEdit, *,
                 store: ProvenanceStore, documents: DocumentController,
                 preferences: Preferences, messages: MessageBridge) -> None:
        super().__init__(window)
        self._window = window
        self._editor = editor
        self._store = store
        self._documents = documents
        self._preferences = preferences
        self._messages = messages
        self.tracker = ProvenanceTracker(editor.document())
        self._content_id = new_content_id()
        self._shown = preferences.settings.show_ai_text
        self.share_button = QToolButton(window)
        self.share_button.setAutoRaise(True)
        self.share_button.clicked.connect(self.show_report)
        self._build_actions()
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(_UPDATE_MS)
        self._timer.timeout.connect(self._update)
        self.tracker.changed.connect(self._schedule)
        editor.selectionChanged.connect(self._on_editor_selection_changed)
        editor.verticalScrollBar().valueChanged.connect(self._paint)
        editor.viewport().installEventFilter(self)
        documents.data_key_changed.connect(self._on_documents_data_key_changed)
        documents.loaded.connect(self._on_documents_loaded)
        documents.saved.connect(self.save)
        preferences.changed.connect(self._on_preferences_changed)
        self._update()

    def _build_actions(self) -> None:
        window = self._window
        self.action_show = new_action(
            window, self.tr("Show &AI-Written Text"), self._on_action_show_toggled,
            tip=self.tr("Tint the text the language model wrote"))
        self.action_show.setCheckable(True)
        self.action_show.setChecked(self._shown)
        self.action_mark_own = new_action(
            window, self.tr("Mark as &My Own Writing"), self.mark_own,
            tip=self.tr("The selected text is yours: it no longer counts as AI-written"))
        self.action_mark_ai = new_action(
            window, self.tr("Mark as A&I-Written"), self.mark_ai,
            tip=self.tr("The selected text counts as written by a language model"))
        self.action_report = new_action(
            window, self.tr("AI &Use Report…"), self.show_report,
            tip=self.tr("What the language model wrote in this document, to disclose it"))
        self._update_actions()

    # What others ask --------------------------------------------------------------------

    @property
    def content_id(self) -> str:
        """The document's content number, the same in every export of it."""
        return self._content_id

    def share(self, start: int = 0, end: int | None = None) -> Share:
        """The model's share of the document, or of the positions ``start`` to ``end``."""
        tracker = self.tracker
        if end is None and start == 0:
            return Share(ai_count(tracker.spans, tracker.units), tracker.counted)
        return share_of(tracker.spans, tracker.units, start, end)

    def label(self, selection: tuple[int, int] | None = None) -> Label | None:
        """The label for exporting the document now, or the positions ``selection`` (from,
        to) when a passage is copied: None when the model wrote none of it."""
        tracker = self.tracker
        if selection is None:
            return label_for(tracker.spans, self._editor.document().toRawText(),
                             self._content_id)
        start, end = selection
        return label_for(within(tracker.spans, start, end),
                         units_text(tracker.units, start, end), self._content_id)

    @property
    def implicit_labels(self) -> bool:
        """Whether exports put the implicit label in their files' metadata (Settings)."""
        return self._preferences.settings.label_ai_content

    def set_model(self, model: ModelInfo | None) -> None:
        """The model whose insertions come next."""
        self.tracker.model = display_name(model.path, model.name) if model is not None else ""

    # Marks by hand ----------------------------------------------------------------------

    def _selection(self) -> tuple[int, int] | None:
        cursor = self._editor.textCursor()
        if not cursor.hasSelection():
            return None
        return cursor.selectionStart(), cursor.selectionEnd()

    @Slot()
    def mark_own(self) -> None:
        selection = self._selection()
        if selection is not None:
            self.tracker.mark(*selection, None)
            self._messages.info(self.tr("The selected text is marked as your own writing."))

    @Slot()
    def mark_ai(self) -> None:
        selection = self._selection()
        if selection is not None:
            self.tracker.mark(*selection, Origin.now(Source.MARKED))
            self._messages.info(self.tr("The selected text is marked as AI-written."))

    # Keeping ----------------------------------------------------------------------------

    @Slot()
    def save(self) -> None:
        """Keep the spans of the text as just saved."""
        problem = self._store.write(self._documents.data_key, self.tracker.spans,
                                    self._editor.document().toRawText(), self._content_id)
        if problem is not None:
            self._messages.warning(translated(problem))

    @Slot(str, str, bool)
    def _on_documents_data_key_changed(self, old: str, new: str, moved: bool) -> None:
        """The same document saved under a name takes its marks with it (another one's are
        read when its text is loaded)."""
        if moved:
            self._store.move(old, new)

    @Slot()
    def _on_documents_loaded(self) -> None:
        """Another document's marks. Text restored after a crash differs from its file by
        the writer's own unsaved edits: its marks are found again the same way, without
        blaming another program; a file another program changed has its marks kept again
        as found, so the writer hears of it once."""
        document = self._editor.document()
        reading = self._store.read(self._documents.data_key, document.toRawText())
        self._content_id = reading.content_id
        self.tracker.set_spans(reading.spans)
        if reading.notice is None or document.isModified():
            return
        self._messages.warning(translated(reading.notice))
        if self._documents.path is not None:
            self.save()

    # Showing ----------------------------------------------------------------------------

    @Slot(bool)
    def _on_action_show_toggled(self, checked: bool) -> None:
        self._shown = checked
        settings = self._preferences.settings
        if checked != settings.show_ai_text:
            self._preferences.change(settings.replace(show_ai_text=checked))
        self._paint()

    @Slot(object)
    def _on_preferences_changed(self, settings: Settings) -> None:
        self.action_show.setChecked(settings.show_ai_text)

    @Slot()
    def _on_editor_selection_changed(self) -> None:
        self._update_actions()
        self._schedule()

    @Slot()
    def _schedule(self) -> None:
        """Show the share and the tint again soon: at most every ``_UPDATE_MS``, also
        while text streams in without a pause."""
        if not self._timer.isActive():
            self._timer.start()

    def _update_actions(self) -> None:
        selected = self._selection() is not None
        self.action_mark_own.setEnabled(selected)
        self.action_mark_ai.setEnabled(selected)

    @Slot()
    def _update(self) -> None:
        self._show_share()
        self._paint()

    def _show_share(self) -> None:
        selection = self._selection()
        share = self.share(*selection) if selection else self.share()
        if selection:
            text = self.tr("Selection AI-written: {share} %")
        else:
            text = self.tr("AI-written: {share} %")
        self.share_button.setText(text.format(share=share.percent))
        self.share_button.setToolTip(self.tr(
            "{ai} of {total} characters (not counting spaces) were written by a language "
            "model. Click for the AI use report.").format(
                ai=QLocale().toString(share.ai), total=QLocale().toString(share.total)))

    @Slot()
    def _paint(self) -> None:
        """Tint the model's characters in the lines shown (none when the tint is off)."""
        if not self._shown or not self.tracker.spans:
            self._editor.clear_marks(Marks.PROVENANCE)
            return
        first, last = self._visible_range()
        tint = QTextCharFormat()
        tint.setBackground(ai_tint(self._editor))
        self._editor.set_marks(Marks.PROVENANCE, [
            (max(span.start, first), min(span.end, last)) for span in self.tracker.spans
            if span.end > first and span.start < last], tint)

    def _visible_range(self) -> tuple[int, int]:
        editor = self._editor
        block = editor.firstVisibleBlock()
        first = block.position()
        offset = editor.contentOffset()
        bottom = editor.viewport().height()
        last = first
        while block.isValid():
            last = block.position() + block.length()
            if editor.blockBoundingGeometry(block).translated(offset).bottom() >= bottom:
                break
            block = block.next()
        return first, min(last, editor.document().characterCount() - 1)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Resize:
            self._schedule()
        elif event.type() == QEvent.Type.ToolTip and self._shown:
            assert isinstance(event, QHelpEvent)
            span = self._span_at(event)
            if span is not None:
                QToolTip.showText(event.globalPos(), self.tr("AI-written: {origin}")
                                  .format(origin=origin_text(span.origin)), self._editor)
                return True
        return super().eventFilter(watched, event)

    def _span_at(self, event: QHelpEvent) -> Span | None:
        cursor = self._editor.cursorForPosition(event.pos())
        position = cursor.position()
        return span_at(self.tracker.spans, position) or span_at(self.tracker.spans,
                                                                max(0, position - 1))

    @Slot()
    def show_report(self) -> AiUseReportDialog:
        """File ▸ AI Use Report…: what the model contributed, to copy into a form."""
        path = self._documents.path
        dialog = AiUseReportDialog(
            self.tracker.spans, self.tracker.units,
            path.name if path else self.tr("Untitled"), self._window)
        dialog.copied.connect(self._on_report_copied)
        dialog.open()
        return dialog

    @Slot()
    def _on_report_copied(self) -> None:
        self._messages.info(self.tr("The AI use report is copied to the clipboard."))
