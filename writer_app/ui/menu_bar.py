"""The window's menu bar: File, Edit, View, Assist, Model and Help.

It makes the actions that are no controller's own (New, Save, Undo, Zoom In…), connects
each to the controller that does the work, and keeps their enabled state true to the
document. The assistant, the model and the panels bring their own actions; the menus only
place them. What only the window can do is asked for with a signal.
"""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtGui import QAction, QActionGroup, QKeySequence
from PySide6.QtWidgets import QMainWindow, QMenu, QMenuBar

from writer_app.core.settings import FocusUnit, Settings
from writer_app.qt.preferences import Preferences
from writer_app.ui.assistant.controller import AssistantController
from writer_app.ui.assistant.history_controller import HistoryController
from writer_app.ui.assistant.uncertain_words import UncertainWords
from writer_app.ui.common.actions import new_action
from writer_app.ui.common.shortcuts_dialog import ShortcutsDialog
from writer_app.ui.document.controller import DocumentController
from writer_app.ui.document.export import ExportController
from writer_app.ui.document.goals import GoalController
from writer_app.ui.document.markdown_view import MarkdownView
from writer_app.ui.document.notes_controller import NotesController
from writer_app.ui.document.provenance import ProvenanceController
from writer_app.ui.editor.find_bar import FindBar
from writer_app.ui.editor.ghost_text import GhostTextController
from writer_app.ui.editor.text_editor import WriterTextEdit
from writer_app.ui.editor.view_controller import EditorViewController
from writer_app.ui.model.controller import ModelController


class MenuBar(QMenuBar):
    """The menus of ``window``, built once; the recent files follow the settings."""

    compose_requested = Signal()
    """File ▸ New from Brief…"""
    recent_file_chosen = Signal(Path)
    """A file of File ▸ Open Recent."""
    open_requested = Signal()
    """File ▸ Open…"""
    new_window_requested = Signal()
    """File ▸ New Window"""
    quit_requested = Signal()
    """File ▸ Quit: every window closes."""
    settings_requested = Signal()
    about_requested = Signal()
    log_folder_requested = Signal()
    """Help ▸ Open Log Folder."""
    full_screen_requested = Signal(bool)
    """View ▸ Full Screen, on or off."""

    def __init__(self, window: QMainWindow, *, editor: WriterTextEdit, find_bar: FindBar,
                 view: EditorViewController, preferences: Preferences,
                 documents: DocumentController, assistant: AssistantController,
                 ghost_text: GhostTextController, uncertain_words: UncertainWords,
                 history: HistoryController, notes: NotesController,
                 models: ModelController, export: ExportController,
                 markdown: MarkdownView, goals: GoalController,
                 provenance: ProvenanceController) -> None:
        super().__init__(window)
        self._window = window
        self._editor = editor
        self._recent_files: tuple[str, ...] | None = None
        self._build_file_menu(documents, export, provenance)
        self._build_edit_menu(find_bar, export, goals, provenance)
        self._build_view_menu(view, assistant, history, notes, markdown=markdown,
                              provenance=provenance)
        self._build_assist_menu(assistant, ghost_text, uncertain_words, history)
        self._build_model_menu(models)
        self._build_help_menu()
        self._connect_document()
        preferences.changed.connect(self._on_preferences_changed)
        self._on_preferences_changed(preferences.settings)

    def _build_file_menu(self, documents: DocumentController,
                         export: ExportController,
                         provenance: ProvenanceController) -> None:
        keys = QKeySequence.StandardKey
        self._action_new = new_action(self, self.tr("&New"), documents.new_document, keys.New)
        self._action_compose = new_action(self, self.tr("New from &Brief…"),
                                          self.compose_requested.emit, "Ctrl+Shift+N")
        self.action_new_window = new_action(self, self.tr("New &Window"),
                                            self.new_window_requested.emit, "Ctrl+Alt+N")
        self._action_open = new_action(self, self.tr("&Open…"), self.open_requested.emit,
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
        self._action_close = new_action(self, self.tr("&Close Window"), self._window.close,
                                        keys.Close)
        self._action_quit = new_action(self, self.tr("&Quit"), self.quit_requested.emit,
                                       keys.Quit)
        menu = self.addMenu(self.tr("&File"))
        menu.addActions([self._action_new, self.action_new_window, self._action_compose,
                         self._action_open])
        self.recent_menu = menu.addMenu(self.tr("Open &Recent"))
        menu.addSeparator()
        menu.addActions([self._action_save, self._action_save_as,
                         self.action_save_encoding, self.action_reopen_encoding])
        menu.addSeparator()
        menu.addActions([export.action_export, export.action_print])
        menu.addAction(provenance.action_report)
        menu.addSeparator()
        menu.addActions([self._action_close, self._action_quit])

    def _build_edit_menu(self, find_bar: FindBar, export: ExportController,
                         goals: GoalController, provenance: ProvenanceController) -> None:
        keys = QKeySequence.StandardKey
        editor = self._editor
        self._action_undo = new_action(self, self.tr("&Undo"), editor.undo, keys.Undo)
        self._action_redo = new_action(self, self.tr("&Redo"), editor.redo, keys.Redo)
        self._action_cut = new_action(self, self.tr("Cu&t"), editor.cut, keys.Cut)
        self._action_copy = new_action(self, self.tr("&Copy"), editor.copy, keys.Copy)
        self._action_paste = new_action(self, self.tr("&Paste"), editor.paste, keys.Paste)
        self._action_select_all = new_action(self, self.tr("Select &All"), editor.selectAll,
                                             keys.SelectAll)
        self._action_find = new_action(self, self.tr("&Find…"), find_bar.open, keys.Find)
        self._action_replace = new_action(self, self.tr("R&eplace…"), find_bar.open_replace,
                                          keys.Replace)
        if self._action_replace.shortcut().isEmpty():  # macOS has none; Cmd+H hides the app
            self._action_replace.setShortcut(QKeySequence(
                "Ctrl+Alt+F" if sys.platform == "darwin" else "Ctrl+H"))
        self._action_find_next = new_action(self, self.tr("Find &Next"), find_bar.find_next,
                                            keys.FindNext)
        self._action_find_previous = new_action(self, self.tr("Find Pre&vious"),
                                                find_bar.find_previous, keys.FindPrevious)
        menu = self.addMenu(self.tr("&Edit"))
        menu.addActions([self._action_undo, self._action_redo])
        menu.addSeparator()
        menu.addActions([self._action_cut, self._action_copy, export.action_copy_formatted,
                         self._action_paste, self._action_select_all])
        menu.addSeparator()
        menu.addActions([self._action_find, self._action_replace, self._action_find_next,
                         self._action_find_previous])
        menu.addSeparator()
        menu.addAction(goals.action_set_goal)
        menu.addSeparator()
        menu.addActions([provenance.action_mark_own, provenance.action_mark_ai])

    def _build_view_menu(self, view: EditorViewController, assistant: AssistantController,
                         history: HistoryController, notes: NotesController, *,
                         markdown: MarkdownView, provenance: ProvenanceController) -> None:
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
        menu.addAction(markdown.action_preview)
        menu.addSeparator()
        self._build_writing_view(view)
        menu.addAction(self.action_focus_mode)
        menu.addMenu(self.focus_unit_menu)
        menu.addActions([self.action_typewriter, self.action_full_screen])
        menu.addSeparator()
        for dock in (assistant.dock, history.dock, notes.dock):
            menu.addAction(dock.toggleViewAction())

    def _build_writing_view(self, view: EditorViewController) -> None:
        """Focus Mode, what it focuses on, Typewriter Scrolling and Full Screen."""
        self.action_focus_mode = new_action(
            self, self.tr("F&ocus Mode"), view.set_focus_mode, "F8",
            self.tr("Dim everything but the paragraph or sentence you are writing"))
        self.action_focus_mode.setCheckable(True)
        self.focus_unit_menu = QMenu(self.tr("Focus &On"), self)
        group = QActionGroup(self)
        self.focus_unit_actions: dict[FocusUnit, QAction] = {}
        for unit, label in ((FocusUnit.PARAGRAPH, self.tr("&Paragraph")),
                            (FocusUnit.SENTENCE, self.tr("&Sentence"))):
            action = new_action(self, label, self._on_focus_unit_action_triggered)
            action.setCheckable(True)
            action.setData(unit.value)
            group.addAction(action)
            self.focus_unit_menu.addAction(action)
            self.focus_unit_actions[unit] = action
        self._view = view
        self.action_typewriter = new_action(
            self, self.tr("&Typewriter Scrolling"), view.set_typewriter_scrolling,
            tip=self.tr("Keep the line you are writing at the middle of the window"))
        self.action_typewriter.setCheckable(True)
        self.action_full_screen = new_action(
            self, self.tr("F&ull Screen"), self._on_full_screen_action_triggered,
            QKeySequence.StandardKey.FullScreen, self.tr("Show the window on the whole screen"))
        self.action_full_screen.setCheckable(True)
        keys = self.action_full_screen.shortcuts()
        if sys.platform != "darwin" and QKeySequence("F11") not in keys:
            self.action_full_screen.setShortcuts([QKeySequence("F11"), *keys])

    @Slot(bool)
    def _on_full_screen_action_triggered(self, on: bool) -> None:
        self.full_screen_requested.emit(on)

    @Slot()
    def _on_focus_unit_action_triggered(self) -> None:
        action = self.sender()
        if isinstance(action, QAction):
            self._view.set_focus_unit(FocusUnit(action.data()))

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
        self._action_shortcuts = new_action(self, self.tr("&Keyboard Shortcuts"),
                                            self.show_shortcuts, "Ctrl+/")
        self._action_log_folder = new_action(
            self, self.tr("Open &Log Folder"), self.log_folder_requested.emit,
            tip=self.tr("The app's log: why a model failed to load, or what went wrong"))
        self._action_about = new_action(self, self.tr("&About writer-app"),
                                        self.about_requested.emit)
        menu = self.addMenu(self.tr("&Help"))
        menu.addAction(self._action_shortcuts)
        menu.addAction(self._action_log_folder)
        menu.addSeparator()
        menu.addAction(self._action_about)

    @Slot()
    def show_shortcuts(self) -> ShortcutsDialog:
        dialog = ShortcutsDialog(self, self._window)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        return dialog

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
        self.action_focus_mode.setChecked(settings.focus_mode)
        self.focus_unit_actions[settings.focus_unit].setChecked(True)
        self.action_typewriter.setChecked(settings.typewriter_scrolling)
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
