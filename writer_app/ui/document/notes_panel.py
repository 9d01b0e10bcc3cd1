"""The Notes pane: the writer's notes on this document, and how much of the context they take.

An editor for the notes (style guide, characters, facts, terms to use or avoid) and a
budget line under it: about how many tokens the notes take and what share of the model's
context, in a warning colour past ``notes.WARNING_SHARE``. The pane only shows and edits;
``NotesController`` keeps the notes and puts them into the prompts.
"""

from __future__ import annotations

from PySide6.QtCore import QLocale, Signal, Slot
from PySide6.QtWidgets import QLabel, QPlainTextEdit, QVBoxLayout, QWidget

from writer_app.core.documents.notes import MAX_NOTES, WARNING_SHARE
from writer_app.ui.common.theme import status_colours


class NotesPanel(QWidget):
    """Edits one document's notes; ``edited`` carries the text after each change the
    writer makes (not after ``set_notes``)."""

    edited = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._showing = False
        self.editor = QPlainTextEdit(self)
        self.editor.setAccessibleName(self.tr("Notes"))
        self.setFocusProxy(self.editor)
        self.editor.setPlaceholderText(self.tr(
            "Notes on this document for the assistant: the style to write in, characters, "
            "facts, terms to use or avoid. They go into every request before the "
            "document. They are kept on this computer, never in your file."))
        self.editor.textChanged.connect(self._on_editor_text_changed)
        self.budget_label = QLabel(self)
        self.budget_label.setWordWrap(True)
        self.budget_label.setToolTip(self.tr(
            "The notes are read before the document in every request. Past a quarter of "
            "the context they leave little room for the document itself."))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addWidget(self.editor, 1)
        layout.addWidget(self.budget_label)

    def notes(self) -> str:
        return self.editor.toPlainText()

    def set_notes(self, text: str) -> None:
        """Show ``text`` (another document's notes) without reporting it as an edit."""
        self._showing = True
        try:
            self.editor.setPlainText(text)
        finally:
            self._showing = False

    def show_budget(self, tokens: int, n_ctx: int | None) -> None:
        """Say how much of the context ``tokens`` of notes take (of ``n_ctx``, if known)."""
        if not tokens:
            self.budget_label.setText(self.tr("No notes for this document."))
            self.budget_label.setStyleSheet("")
            return
        if n_ctx:
            share = tokens / n_ctx
            text = self.tr("Notes: about %n token(s), {share:.0%} of the context.", "",
                           tokens).format(share=share)
        else:
            share = 0.0
            text = self.tr("Notes: about %n token(s).", "", tokens)
        if len(self.notes()) > MAX_NOTES:
            text += "\n" + self.tr("Only the first {count} characters are kept.").format(
                count=QLocale().toString(MAX_NOTES))
        self.budget_label.setText(text)
        warn = share > WARNING_SHARE or len(self.notes()) > MAX_NOTES
        self.budget_label.setStyleSheet(f"color: {status_colours(self)[1]};" if warn else "")

    @Slot()
    def _on_editor_text_changed(self) -> None:
        if not self._showing:
            self.edited.emit(self.notes())
