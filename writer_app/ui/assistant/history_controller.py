"""HistoryController: keeps the assistant's results per document and offers them again.

Every result the assistant produces goes into the ``HistoryStore`` under the document's
key; the History panel (a dock) lists them. The key follows the document: a fresh one for
a new document, the file's once it is opened, and an unsaved document's history moves to
its file when it is saved.

An insertion made here is followed through Undo and Redo (``ProvenanceTracker.holds``):
undone, the result no longer says it was inserted; redone, it says so again. Another
text put into the editor (a file opened, a new document) ends that: no Undo reaches them.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Slot
from PySide6.QtGui import QGuiApplication, QTextCursor
from PySide6.QtWidgets import QDockWidget, QMainWindow

from writer_app.core.documents.history import HistoryEntry, HistoryStore, Insertion
from writer_app.core.documents.provenance import Source
from writer_app.core.requests import GenerationRequest
from writer_app.core.writing.answer import joined
from writer_app.qt.messages import MessageBridge
from writer_app.ui.assistant.controller import AssistantController
from writer_app.ui.assistant.history_panel import HistoryPanel
from writer_app.ui.common.core_text import translated
from writer_app.ui.common.panes import dock_key, enter_or_leave
from writer_app.ui.common.provenance import (
    ProvenanceTracker,
    UndoPoint,
    insert_from_model,
    model_origin,
)
from writer_app.ui.common.streaming import ComposingTextEdit
from writer_app.ui.document.controller import DocumentController

SHORTCUT = "Ctrl+Shift+H"
"""View ▸ History: the panel shown with the keys in its list, or hidden."""


class HistoryController(QObject):
    """The document's history: recorded as results arrive, shown in its own dock."""

    def __init__(self, window: QMainWindow, editor: ComposingTextEdit, *,
                 store: HistoryStore, documents: DocumentController,
                 assistant: AssistantController, messages: MessageBridge) -> None:
        super().__init__(window)
        self._editor = editor
        self._store = store
        self._documents = documents
        self._messages = messages
        self._last_id = ""
        self._tracker = ProvenanceTracker.of(editor.document())
        # The insertions made in this document since it was opened: where each stands in
        # the undo history, and whether the document held it at the last change.
        self._insertions: dict[tuple[str, Insertion], tuple[UndoPoint, bool]] = {}
        # A Continue's insertion, recorded with its result: followed once its last text
        # has gone in, when the request has ended.
        self._streamed: list[tuple[str, Insertion]] = []
        self._assistant = assistant
        self.panel = HistoryPanel(window)
        self.dock = QDockWidget(self.tr("History"), window)
        self.dock.setObjectName("history-dock")
        self.dock.setWidget(self.panel)
        self.dock.setMinimumWidth(320)
        dock_key(self.dock, SHORTCUT, self.tr(
            "Show or hide this document's earlier results ({key})"))
        self.dock.toggleViewAction().triggered.connect(self._on_toggle_triggered)
        self.panel.insert_requested.connect(self._on_panel_insert_requested)
        self.panel.copy_requested.connect(self._on_panel_copy_requested)
        self.panel.compare_requested.connect(self._on_panel_compare_requested)
        self.panel.clear_requested.connect(self.clear)
        documents.data_key_changed.connect(self._on_documents_data_key_changed)
        documents.replacing.connect(self._on_documents_replacing)
        assistant.result_ready.connect(self._on_assistant_result_ready)
        assistant.result_used.connect(self._on_assistant_result_used)
        assistant.state_changed.connect(self._on_assistant_state_changed)
        editor.document().contentsChanged.connect(self._on_document_contents_changed)
        self._refresh()

    @property
    def _key(self) -> str:
        return self._documents.data_key

    @Slot(bool)
    def _on_toggle_triggered(self, shown: bool) -> None:
        enter_or_leave(self.dock, shown, self._editor)

    def entries(self) -> list[HistoryEntry]:
        """This document's results, newest first."""
        return self._store.entries(self._key)

    @Slot()
    def clear(self) -> None:
        """Forget this document's results."""
        self._store.clear(self._key)
        self._refresh()
        self._messages.info(self.tr("This document's history is cleared."))

    @Slot()
    def clear_all(self) -> None:
        """Forget the results of every document."""
        self._store.clear_all()
        self._refresh()
        self._messages.info(self.tr("The history of every document is cleared."))

    def _refresh(self, *, keep_choice: bool = False) -> None:
        self.panel.show_entries(self.entries(), keep_choice=keep_choice)
        problems = self._store.take_problems()
        if problems:
            self._messages.warning(" ".join(translated(problem) for problem in problems))

    @Slot(str, str, bool)
    def _on_documents_data_key_changed(self, old: str, new: str, moved: bool) -> None:
        """Another document (new, opened, restored) has its own history; the same document
        saved under a name takes its history with it."""
        if moved:
            self._store.move(old, new)
        self._refresh()

    @Slot()
    def _on_documents_replacing(self) -> None:
        self._insertions.clear()
        self._streamed.clear()

    @Slot(object, object, bool)
    def _on_assistant_result_ready(self, request: GenerationRequest, drafts: tuple[str, ...],
                                   more: bool) -> None:
        if not (more and self._store.extend(self._key, self._last_id, drafts)):
            entry = self._store.add(self._key, HistoryEntry.of(request, drafts))
            self._last_id = entry.id
            self._streamed += [(entry.id, insertion) for insertion in entry.insertions]
        self._refresh(keep_choice=more)

    @Slot(str)
    def _on_assistant_result_used(self, text: str) -> None:
        """A draft of the newest result that holds ``text`` went in."""
        wanted = text.strip()
        for entry in self.entries():
            used = [index for index, draft in enumerate(entry.drafts)
                    if draft.strip() == wanted]
            if used:
                self._follow(entry.id, self._store.record_insertion(self._key, entry.id,
                                                                    used[0]))
                self._refresh(keep_choice=True)
                return

    @Slot(object, int)
    def _on_panel_insert_requested(self, entry: HistoryEntry, draft: int) -> None:
        """The draft goes in at the cursor (over the selection), joined to the text before
        it as a Continue joins its text, as one undo step."""
        cursor = self._editor.textCursor()
        before = QTextCursor(cursor)
        before.setPosition(cursor.selectionStart())
        before.movePosition(QTextCursor.MoveOperation.PreviousCharacter,
                            QTextCursor.MoveMode.KeepAnchor)
        insert_from_model(cursor, joined(before.selectedText(), entry.draft(draft)),
                          model_origin(self._editor.document(), Source.HISTORY, entry.id))
        self._editor.setFocus()
        self._follow(entry.id, self._store.record_insertion(self._key, entry.id, draft))
        self._refresh(keep_choice=True)

    def _follow(self, entry_id: str, insertion: Insertion) -> None:
        """Follow ``insertion`` of a result, just made, through Undo and Redo."""
        if self._tracker is not None:
            self._insertions[entry_id, insertion] = (self._tracker.undo_point(), True)

    @Slot()
    def _on_assistant_state_changed(self) -> None:
        if self._streamed and not self._assistant.is_busy():
            for entry_id, insertion in self._streamed:
                self._follow(entry_id, insertion)
            self._streamed.clear()

    @Slot()
    def _on_document_contents_changed(self) -> None:
        """An insertion undone is no longer one; redone, it is again."""
        if self._tracker is None:
            return
        changed = False
        for (entry_id, insertion), (point, held) in list(self._insertions.items()):
            holds = self._tracker.holds(point)
            if holds == held:
                continue
            changed = True
            self._insertions[entry_id, insertion] = (point, holds)
            if holds:
                self._store.record_insertion(self._key, entry_id, insertion.draft, insertion.at)
            else:
                self._store.forget_insertion(self._key, entry_id, insertion)
        if changed:
            self._refresh(keep_choice=True)

    @Slot(object, int)
    def _on_panel_copy_requested(self, entry: HistoryEntry, draft: int) -> None:
        QGuiApplication.clipboard().setText(entry.draft(draft))
        self._messages.info(self.tr("Copied to the clipboard."))

    @Slot(object, int)
    def _on_panel_compare_requested(self, entry: HistoryEntry, draft: int) -> None:
        selected = self._editor.textCursor().selectedText().replace("\u2029", "\n")
        self.panel.show_comparison(selected or entry.passage, entry.draft(draft),
                                   selection=bool(selected))
