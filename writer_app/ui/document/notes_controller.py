"""NotesController: the open document's notes, kept, shown, and put into every prompt.

The notes live in the ``NotesStore`` under the same key as the document's history: a fresh
one for a new document, the file's once it is opened, and an unsaved document's notes move
to its file when it is saved. What the writer types reaches the engine service at once (the
next request reads it) and the store a moment later, when typing pauses, and at once when
the document is replaced or the window closes.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Qt, QTimer, Slot
from PySide6.QtWidgets import QDockWidget, QMainWindow

from writer_app.core.documents.notes import NotesStore
from writer_app.core.protocol import ModelInfo
from writer_app.core.text.units import estimate_text_tokens
from writer_app.qt.engine_service import EngineService
from writer_app.qt.messages import MessageBridge
from writer_app.ui.common.core_text import translated
from writer_app.ui.common.panes import dock_key, enter_or_leave
from writer_app.ui.document.controller import DocumentController
from writer_app.ui.document.notes_panel import NotesPanel

SAVE_DELAY_MS = 800
SHORTCUT = "Ctrl+Shift+E"


class NotesController(QObject):
    """The document's notes: in their own dock, in the store, and in the service's prompts."""

    def __init__(self, window: QMainWindow, *, store: NotesStore,
                 documents: DocumentController, service: EngineService,
                 messages: MessageBridge) -> None:
        super().__init__(window)
        self._store = store
        self._documents = documents
        self._service = service
        self._messages = messages
        self._model: ModelInfo | None = None
        self.panel = NotesPanel(window)
        self.dock = QDockWidget(self.tr("Notes"), window)
        self.dock.setObjectName("notes-dock")
        self.dock.setWidget(self.panel)
        self.dock.setMinimumWidth(280)
        dock_key(self.dock, SHORTCUT, self.tr(
            "Show or hide this document's notes for the assistant ({key})"))
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(SAVE_DELAY_MS)
        self._timer.setTimerType(Qt.TimerType.CoarseTimer)
        self._timer.timeout.connect(self.save)
        self.panel.edited.connect(self._on_panel_edited)
        self.dock.toggleViewAction().triggered.connect(self._on_toggle_triggered)
        documents.replacing.connect(self._on_documents_replacing)
        documents.data_key_changed.connect(self._on_documents_data_key_changed)
        self._load()

    @Slot(bool)
    def _on_toggle_triggered(self, shown: bool) -> None:
        enter_or_leave(self.dock, shown, self._documents.editor)

    def notes(self) -> str:
        """This document's notes as the pane shows them."""
        return self.panel.notes()

    def set_model(self, model: ModelInfo | None) -> None:
        """The model whose context the budget line measures against."""
        self._model = model
        self._show_budget()

    @Slot()
    def save(self) -> None:
        """Keep the notes now (typing pauses, the document is replaced, the window closes)."""
        self._write(self._documents.data_key)

    def _write(self, key: str) -> None:
        self._timer.stop()
        problem = self._store.write(key, self.notes())
        if problem is not None:
            self._messages.error(translated(problem))

    def _load(self) -> None:
        read = self._store.read(self._documents.data_key)
        self.panel.set_notes(read.text)
        self._service.notes = read.text
        self._show_budget()
        if read.problem is not None:
            self._messages.error(translated(read.problem))

    def _show_budget(self) -> None:
        notes = self.notes()
        tokens = estimate_text_tokens(notes) if notes.strip() else 0
        self.panel.show_budget(tokens, self._model.n_ctx if self._model else None)

    @Slot(str)
    def _on_panel_edited(self, text: str) -> None:
        self._service.notes = text
        self._show_budget()
        self._timer.start()

    @Slot()
    def _on_documents_replacing(self) -> None:
        if self._timer.isActive():
            self.save()

    @Slot(str, str, bool)
    def _on_documents_data_key_changed(self, old: str, new: str, moved: bool) -> None:
        """Another document gets its own notes; the same document saved under a name
        takes its notes with it."""
        if not moved:
            self._load()
            return
        if self._timer.isActive():
            self._write(old)
        self._store.move(old, new)
