"""The window's menu bar: File, Edit, View, Assist, Model and Help.

It makes the actions that are no controller's own (New, Save, Undo, Zoom In…), connects
each to the controller that does the work, and keeps their enabled state true to the
document. The assistant, the model and the panels bring their own actions; the menus only
place them. What only the window can do is asked for with a signal.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Signal, Slot
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMainWindow, QMenuBar

from writer_app.core.settings import Settings
from writer_app.qt.preferences import Preferences
from writer_app.ui.assistant.controller import AssistantController
from writer_app.ui.assistant.history_controller import HistoryController
from writer_app.ui.assistant.uncertain_words import UncertainWords
from writer_app.ui.common.actions import new_action
from writer_app.ui.document.controller import DocumentController
from writer_app.ui.document.notes_controller import NotesController
from writer_app.ui.document.provenance import ProvenanceController
from writer_app.ui.editor.ghost_text import GhostTextController
from writer_app.ui.editor.text_editor import FindBar, WriterTextEdit
from writer_app.ui.editor.view_controller import EditorViewController
from writer_app.ui.model.controller import ModelController


class MenuBar(QMenuBar):
    """The menus of ``window``, built once; the recent files follow the settings."""

    compose_requested = Signal()
    """File ▸ New from Brief…"""
    recent_file_chosen = Signal(Path)
    """A file of File ▸ Open Recent."""
    settings_requested = Signal()
    about_requested = Signal()

    def __init__(self, window: QMainWindow, *, editor: WriterTextEdit, find_bar: FindBar,
                 view: EditorViewController, preferences: Preferences,
                 documents: DocumentController, assistant: AssistantController,
                 ghost_text: GhostTextController, uncertain_words: UncertainWords,
                 history: HistoryController, notes: NotesController,
                 models: ModelController, provenance: ProvenanceController) -> None:
        super().__init__(window)
        self._window = window
        self._editor = editor
        self._recent_files: tuple[str, ...] | None = None
        self._build_file_menu(documents, provenance)
        self._build_edit_menu(find_bar, provenance)
        self._build_view_menu(view, assistant, history, notes, provenance)
        self._build_assist_menu(assistant, ghost_text, uncertain_words, history)
        self._build_model_menu(models)
        self._build_help_menu()
        self._connect_document()
        preferences.changed.connect(self._on_preferences_changed)
        self._on_preferences_changed(preferences.settings)

    def _build_file_menu(self, documents: DocumentController,
                         provenance: ProvenanceController) -> None:
        keys = QKeySequence.StandardKey
        self._action_new = new_action(self, self.tr("&New"), documents.new_document, keys.New)
        self._action_compose = new_action(self, self.tr("New from &Brief…"),
                                          self.compose_requested.emit, "Ctrl+Shift+N")
        self._action_open = new_action(self, self.tr("&Open…"), documents.open_document_dialog,
                                       keys.Open)
        self._action_save = new_action(self, self.tr("&Save"), documents.save, keys.Save)
        self._action_save_as = new_action(self, self.tr("Save &As…"), documents.save_as,
                                          keys.SaveAs)
        self.action_save_encoding = new_action(
            self, self.tr("Save with &Encoding…"), documents.save_with_encoding_dialog,
            tip=self.tr("Save As in another encoding (UTF-8 stores every character)"))
        self.action_reopen_encoding = new_action(
            self, self.tr("Reopen with E&ncoding…"), documents.reopen_with_encoding_dialog,
            tip=self.tr("Read the file again in an encoding you choose"))
        self._action_quit = new_action(self, self.tr("&Quit"), self._window.close, keys.Quit)
        menu = self.addMenu(self.tr("&File"))
        menu.addActions([self._action_new, self._action_compose, self._action_open])
        self.recent_menu = menu.addMenu(self.tr("Open &Recent"))
        menu.addSeparator()
        menu.addActions([self._action_save, self._action_save_as,
                         self.action_save_encoding, self.action_reopen_encoding])
        menu.addSeparator()
        menu.addAction(provenance.action_report)
        menu.addSeparator()
        menu.addAction(self._action_quit)

    def _build_edit_menu(self, find_bar: FindBar, provenance: ProvenanceController) -> None:
        keys = QKeySequence.StandardKey
        editor = self._editor
        self._action_undo = new_action(self, self.tr("&Undo"), editor.undo, keys.Undo)
        self._action_redo = new_action(self, self.tr("&Redo"), editor.redo, keys.Redo)
        self._action_cut = new_action(self, self.tr("Cu&t"), editor.cut, keys.Cut)
        self._action_copy = new_action(self, self.tr("&Copy"), editor.copy, keys.Copy)
        self._action_paste = new_action(self, self.tr("&Paste"), editor.paste, keys.Paste)
        self._action_select_all = new_action(self, self.tr("Select &All"), editor.selectAll,
                                             keys.SelectAll)
        self._action_find = new_action(self, self.tr("&Find and Replace…"), find_bar.open,
                                       keys.Find)
        menu = self.addMenu(self.tr("&Edit"))
        menu.addActions([self._action_undo, self._action_redo])
        menu.addSeparator()
        menu.addActions([self._action_cut, self._action_copy, self._action_paste,
                         self._action_select_all])
        menu.addSeparator()
        menu.addAction(self._action_find)
        menu.addSeparator()
        menu.addActions([provenance.action_mark_own, provenance.action_mark_ai])

    def _build_view_menu(self, view: EditorViewController, assistant: AssistantController,
                         history: HistoryController, notes: NotesController,
                         provenance: ProvenanceController) -> None:
        keys = QKeySequence.StandardKey
        self._action_zoom_in = new_action(self, self.tr("Zoom &In"), view.zoom_in, keys.ZoomIn)
        self._action_zoom_out = new_action(self, self.tr("Zoom &Out"), view.zoom_out,
                                           keys.ZoomOut)
        self._action_zoom_reset = new_action(self, self.tr("&Reset Zoom"), view.zoom_reset,
                                             "Ctrl+0")
        self._action_font = new_action(self, self.tr("&Font…"), view.choose_font)
        self.action_readable_width = new_action(
            self, self.tr("Readable &Line Length"), view.set_readable_width,
            tip=self.tr("Keep lines to about 75 characters, centred in the window"))
        self.action_readable_width.setCheckable(True)
        menu = self.addMenu(self.tr("&View"))
        menu.addActions([self._action_zoom_in, self._action_zoom_out, self._action_zoom_reset,
                         self._action_font, self.action_readable_width,
                         provenance.action_show])
        menu.addSeparator()
        for dock in (assistant.dock, history.dock, notes.dock):
            menu.addAction(dock.toggleViewAction())

    def _build_assist_menu(self, assistant: AssistantController,
                           ghost_text: GhostTextController, uncertain_words: UncertainWords,
                           history: HistoryController) -> None:
        self._action_clear_history = new_action(
            self, self.tr("Clear the History of &Every Document"), history.clear_all,
            tip=self.tr("Forget the assistant's earlier results for all documents"))
        self.assist_menu = self.addMenu(self.tr("&Assist"))
        self.assist_menu.addAction(assistant.action_continue)
        self.assist_menu.addMenu(assistant.continue_length_menu)
        self.assist_menu.addAction(ghost_text.action)
        self.assist_menu.addAction(uncertain_words.action)
        self.assist_menu.addSeparator()
        self.assist_menu.addAction(assistant.action_summarize)
        self.assist_menu.addMenu(assistant.rewrite_menu)
        self.assist_menu.addSeparator()
        self.assist_menu.addAction(assistant.action_stop)
        self.assist_menu.addSeparator()
        self.assist_menu.addAction(self._action_clear_history)

    def _build_model_menu(self, models: ModelController) -> None:
        keys = QKeySequence.StandardKey
        self.action_models = new_action(
            self, self.tr("&Models…"), models.open_model_manager, "Ctrl+Shift+L",
            self.tr("Download, choose and manage models"))
        self._action_open_model = new_action(
            self, self.tr("&Open Model File…"), models.open_model_dialog, "Ctrl+Shift+O",
            self.tr("Open a GGUF model file"))
        self._action_servers = new_action(
            self, self.tr("Se&rvers…"), models.open_servers,
            tip=self.tr("Draft with a model on an inference server"))
        self._action_settings = new_action(self, self.tr("&Settings…"),
                                           self.settings_requested.emit, keys.Preferences)
        if self._action_settings.shortcut().isEmpty():  # Windows and plain X11 have none
            self._action_settings.setShortcut(QKeySequence("Ctrl+,"))
        menu = self.addMenu(self.tr("&Model"))
        menu.addActions([self.action_models, self._action_open_model, models.adapters.action])
        menu.addSeparator()
        menu.addActions([self._action_servers, models.action_local])
        menu.addSeparator()
        menu.addAction(self._action_settings)

    def _build_help_menu(self) -> None:
        self._action_about = new_action(self, self.tr("&About writer-app"),
                                        self.about_requested.emit)
        menu = self.addMenu(self.tr("&Help"))
        menu.addAction(self._action_about)

    def _connect_document(self) -> None:
        """Save, Undo, Redo, Cut and Copy are offered when there is something to do."""
        document = self._editor.document()
        document.modificationChanged.connect(self._action_save.setEnabled)
        document.undoAvailable.connect(self._action_undo.setEnabled)
        document.redoAvailable.connect(self._action_redo.setEnabled)
        self._editor.copyAvailable.connect(self._action_cut.setEnabled)
        self._editor.copyAvailable.connect(self._action_copy.setEnabled)
        for action in (self._action_save, self._action_undo, self._action_redo,
                       self._action_cut, self._action_copy):
            action.setEnabled(False)

    @Slot(object)
    def _on_preferences_changed(self, settings: Settings) -> None:
        self.action_readable_width.setChecked(settings.readable_line_length)
        if settings.recent_files == self._recent_files:
            return
        self._recent_files = settings.recent_files
        self.recent_menu.clear()
        for name in settings.recent_files:
            action = self.recent_menu.addAction(name)
            action.setData(name)
            action.triggered.connect(self._on_recent_action_triggered)
        self.recent_menu.setEnabled(bool(settings.recent_files))

    @Slot()
    def _on_recent_action_triggered(self) -> None:
        action = self.sender()
        if isinstance(action, QAction):
            self.recent_file_chosen.emit(Path(str(action.data())))
