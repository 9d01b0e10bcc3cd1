"""The editor window: it builds the editor, menus, panels and status bar, and wires them to
the controllers that do the work (documents, the assistant, the model)."""

from __future__ import annotations

from pathlib import Path
from typing import Protocol

from PySide6.QtCore import QEvent, QPoint, QSettings, Qt, Signal, Slot
from PySide6.QtGui import QCloseEvent, QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import (
    QLabel,
    QMainWindow,
    QMenu,
    QSplitter,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from writer_app.core.documents.files import is_document_file
from writer_app.core.documents.goals import GoalStore
from writer_app.core.documents.history import HistoryStore
from writer_app.core.documents.notes import NotesStore
from writer_app.core.documents.provenance import ProvenanceStore
from writer_app.core.paths import APP_NAME, AppPaths
from writer_app.core.settings import Settings, SettingsStore, read_token, write_token
from writer_app.core.spelling import Dictionaries, SpellChecker
from writer_app.qt.download_service import DownloadService
from writer_app.qt.engine_service import EngineService
from writer_app.qt.messages import Alert, Level, MessageBridge, StatusMessage
from writer_app.qt.shared import SharedServices
from writer_app.ui.assistant.controller import AssistantController
from writer_app.ui.assistant.history_controller import HistoryController
from writer_app.ui.assistant.uncertain_words import UncertainWords
from writer_app.ui.common import message_boxes
from writer_app.ui.common.places import open_folder
from writer_app.ui.common.screen_fit import fit_to_screen
from writer_app.ui.common.status_bar import MessageStatusBar, status_progress_bar
from writer_app.ui.common.streaming import ComposingTextEdit
from writer_app.ui.compose.dialog import ComposeDialog
from writer_app.ui.document.controller import DocumentController
from writer_app.ui.document.export import ExportController
from writer_app.ui.document.goals import GoalController
from writer_app.ui.document.markdown_view import MarkdownView
from writer_app.ui.document.notes_controller import NotesController
from writer_app.ui.document.provenance import ProvenanceController
from writer_app.ui.document.status import DocumentStatusController
from writer_app.ui.editor.find_bar import FindBar
from writer_app.ui.editor.ghost_text import GhostTextController
from writer_app.ui.editor.spelling import SpellingController
from writer_app.ui.editor.text_editor import WriterTextEdit, dropped_files
from writer_app.ui.editor.view_controller import EditorViewController
from writer_app.ui.menu_bar import MenuBar
from writer_app.ui.model.controller import ModelController
from writer_app.ui.settings_dialog import SettingsDialog

FIRST_WIDTH, FIRST_HEIGHT = 1600, 1000
"""The window's size at the first start, at most 90 % of the screen's free area."""


class Windows(Protocol):
    """The app's windows, as one window asks for others (see ``ui/workspace.py``)."""

    def open_path(self, path: Path, origin: MainWindow | None = None) -> MainWindow | None: ...
    def new_window(self) -> MainWindow: ...
    def quit(self) -> None: ...


class MainWindow(QMainWindow):
    """One document, the assistant, and the model (shared with the app's other windows).

    ``shared`` are the parts every window shares; without them the window has its own.
    ``windows`` opens documents in windows of their own; without it, this window opens
    them in place of its document. ``dictionaries`` are the spelling dictionaries (by
    default, Enchant's).
    """

    # The window is about to close for good (its document was saved or let go).
    closing = Signal()

    def __init__(self, service: EngineService, store: SettingsStore, settings: Settings,
                 paths: AppPaths, *, downloads: DownloadService | None = None,
                 dictionaries: Dictionaries | None = None,
                 parent: QWidget | None = None, shared: SharedServices | None = None,
                 windows: Windows | None = None) -> None:
        super().__init__(parent)
        self.service = service
        self._paths = paths
        self._closing = False
        self._maximized_before = False
        self._compose: ComposeDialog | None = None
        self._windows = windows
        # Before any part that may say something while it is built (damaged goals).
        self.status_bar = MessageStatusBar(self)
        self.setStatusBar(self.status_bar)
        self.messages = MessageBridge(self)
        self.messages.status_posted.connect(self._on_messages_status_posted)
        self.messages.alert_posted.connect(self._on_messages_alert_posted)
        self.shared = shared or SharedServices(service, store, settings, paths,
                                               downloads=downloads)
        self.shared.attach(self.messages)
        self.preferences = self.shared.preferences
        self.downloads = self.shared.downloads
        self.engines = self.shared.engines
        self.setAcceptDrops(True)
        self._build_editor()
        self.view = EditorViewController(self.editor, self.preferences, self)
        self.ghost_text = GhostTextController(self.editor, service, self.preferences, self)
        self.spelling = SpellingController(
            self.editor, SpellChecker(paths.personal_words_file, dictionaries),
            self.preferences, self.messages, self)
        self.documents = DocumentController(self.editor, paths, self.messages, self)
        self.markdown = MarkdownView(self.editor, self.documents, self.preferences, self)
        self._splitter.addWidget(self.markdown.preview)
        self._splitter.setStretchFactor(0, 1)
        self._splitter.setStretchFactor(1, 1)
        self.provenance = ProvenanceController(
            self, self.editor, store=ProvenanceStore(paths.provenance_dir),
            documents=self.documents, preferences=self.preferences, messages=self.messages)
        self.export = ExportController(self.editor, self.documents, self.provenance,
                                       self.messages, self)
        self.models = ModelController(
            self, service, engines=self.engines, preferences=self.preferences,
            messages=self.messages, downloads=self.downloads, paths=paths)
        self.assistant = AssistantController(
            self, self.editor, service=service, models=self.models, documents=self.documents,
            preferences=self.preferences, messages=self.messages)
        self.uncertain_words = UncertainWords(self.editor, self.assistant.alternatives,
                                              self.preferences, self)
        self.history = HistoryController(
            self, self.editor, store=HistoryStore(paths.history_dir), documents=self.documents,
            assistant=self.assistant, messages=self.messages)
        self.notes = NotesController(
            self, store=NotesStore(paths.notes_dir), documents=self.documents, service=service,
            messages=self.messages)
        for dock in (self.assistant.dock, self.history.dock):
            self.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, dock)
            dock.hide()
        self.addDockWidget(Qt.DockWidgetArea.LeftDockWidgetArea, self.notes.dock)
        self.notes.dock.hide()
        self._build_counts()
        self.menu_bar = MenuBar(
            self, editor=self.editor, find_bar=self.find_bar, view=self.view,
            preferences=self.preferences, documents=self.documents, assistant=self.assistant,
            ghost_text=self.ghost_text, uncertain_words=self.uncertain_words,
            history=self.history, notes=self.notes, models=self.models, export=self.export,
            markdown=self.markdown, goals=self.goals, provenance=self.provenance)
        self.setMenuBar(self.menu_bar)
        self._build_toolbar()
        self._build_status_bar()
        self._connect()
        self._update_title()
        self.document_status.update_counts()
        self.resize(1100, 720)
        self.editor.setFocus()
        service.probe()

    # Construction ---------------------------------------------------------------------

    def _build_editor(self) -> None:
        self.editor = WriterTextEdit(self)
        self.editor.setAccessibleName(self.tr("Document"))
        self.editor.setTabChangesFocus(False)
        self.editor.setLineWrapMode(WriterTextEdit.LineWrapMode.WidgetWidth)
        self.editor.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.editor.customContextMenuRequested.connect(self._on_editor_context_menu_requested)
        self.editor.files_dropped.connect(self.open_dropped)
        self.find_bar = FindBar(self.editor, self)
        self.find_bar.hide()
        central = QWidget(self)
        self._column = QVBoxLayout(central)
        self._column.setContentsMargins(0, 0, 0, 0)
        self._column.setSpacing(0)
        # The editor, and the Markdown preview beside it when it is shown.
        self._splitter = QSplitter(Qt.Orientation.Horizontal, central)
        self._splitter.setChildrenCollapsible(False)
        self._splitter.addWidget(self.editor)
        self._column.addWidget(self._splitter, 1)
        self._column.addWidget(self.find_bar)
        self.setCentralWidget(central)

    def _build_toolbar(self) -> None:
        toolbar = self.addToolBar(self.tr("Assistant"))
        toolbar.setObjectName("assistant-toolbar")
        toolbar.setMovable(False)
        toolbar.addAction(self.assistant.action_continue)
        toolbar.addAction(self.assistant.action_summarize)
        rewrite_button = QToolButton(self)
        rewrite_button.setText(self.tr("Rewrite"))
        rewrite_button.setMenu(self.assistant.rewrite_menu)
        rewrite_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        toolbar.addWidget(rewrite_button)
        toolbar.addAction(self.assistant.action_stop)
        toolbar.addSeparator()
        toolbar.addAction(self.menu_bar.action_models)

    def _build_counts(self) -> None:
        self._document_progress = status_progress_bar(self, self.tr("Opening the document"))
        self.context_label = QLabel(self)
        self.counts_label = QLabel(self)
        self.format_label = QToolButton(self)
        self.document_status: DocumentStatusController = DocumentStatusController(
            self.editor.document(), self.documents, messages=self.messages,
            progress=self._document_progress, counts_label=self.counts_label,
            context_label=self.context_label, format_label=self.format_label)
        self.document_status.set_count_rule(self.preferences.settings.count_rule)
        self.goals = GoalController(
            self, self.editor, store=GoalStore(self._paths.goals_file),
            status=self.document_status, documents=self.documents,
            preferences=self.preferences, messages=self.messages)

    def _build_status_bar(self) -> None:
        self.format_label.setAutoRaise(True)
        self.format_label.setToolTip(self.tr(
            "Encoding and line endings: click to reopen or save in another encoding"))
        self.format_label.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        encoding_menu = QMenu(self.format_label)
        encoding_menu.addActions([self.menu_bar.action_reopen_encoding,
                                  self.menu_bar.action_save_encoding])
        self.format_label.setMenu(encoding_menu)
        status = self.status_bar
        for progress in (self._document_progress, self.models.progress,
                         self.assistant.progress):
            status.addPermanentWidget(progress)
        for label in (self.assistant.speed_label, self.models.model_label,
                      self.models.local_button, self.models.hardware_label,
                      self.provenance.share_button, self.context_label,
                      self.goals.selection_label, self.counts_label, self.goals.goal_button,
                      self.goals.goal_bar, self.format_label):
            status.addPermanentWidget(label)

    def _connect(self) -> None:
        self.editor.document().modificationChanged.connect(self.setWindowModified)
        self.menu_bar.compose_requested.connect(self.compose_from_brief)
        self.menu_bar.recent_file_chosen.connect(self.open_path)
        self.menu_bar.open_requested.connect(self.open_document_dialog)
        self.menu_bar.new_window_requested.connect(self._on_menu_bar_new_window_requested)
        self.menu_bar.quit_requested.connect(self._on_menu_bar_quit_requested)
        self.menu_bar.action_new_window.setVisible(self._windows is not None)
        self.menu_bar.settings_requested.connect(self.open_settings)
        self.menu_bar.about_requested.connect(self.about)
        self.menu_bar.log_folder_requested.connect(self._on_menu_bar_log_folder_requested)
        self.menu_bar.full_screen_requested.connect(self.set_full_screen)
        self.preferences.changed.connect(self._on_preferences_changed)
        self.documents.file_changed.connect(self._update_title)
        self.documents.named.connect(self._on_documents_named)
        self.models.state_changed.connect(self._on_models_state_changed)

    # Messages -------------------------------------------------------------------------

    @Slot(object)
    def _on_messages_status_posted(self, message: StatusMessage) -> None:
        self.status_bar.post(message.text, message.timeout_ms)

    @Slot(object)
    def _on_messages_alert_posted(self, alert: Alert) -> None:
        message_boxes.show_alert(self, alert.level, alert.title, alert.text)

    def show_warning(self, message: str) -> None:
        self.messages.alert(Level.WARNING, APP_NAME, message)

    # Documents ------------------------------------------------------------------------

    @Slot()
    def _update_title(self) -> None:
        path = self.documents.path
        name = path.name if path else self.tr("Untitled")
        self.setWindowTitle(self.tr("{name}[*] — writer-app").format(name=name))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.ActivationChange:
            if self.isActiveWindow():
                self.shared.attach(self.messages)
            else:
                self.documents.autosave()
        if event.type() == QEvent.Type.WindowStateChange:
            self.menu_bar.action_full_screen.setChecked(self.isFullScreen())
        super().changeEvent(event)

    def is_empty(self) -> bool:
        """An untitled document with nothing written: opening a file may use this window."""
        return (self.documents.path is None and not self.documents.is_loading()
                and not self.editor.document().isModified() and not self.documents.text())

    @Slot(Path)
    def open_path(self, path: Path) -> None:
        """Open ``path``: in a window of its own, or in this one if it is empty."""
        if self._windows is not None:
            self._windows.open_path(path, self)
        else:
            self.documents.open_path(path)

    @Slot()
    def open_document_dialog(self) -> None:
        """File ▸ Open…"""
        if self._windows is None:
            self.documents.open_document_dialog()
            return
        path = self.documents.choose_file()
        if path is not None:
            self._windows.open_path(path, self)

    @Slot(list)
    def open_dropped(self, files: list[Path]) -> None:
        """Files dropped on the window: a model is used, documents are opened."""
        for path in files:
            if path.suffix.lower() == ".gguf":
                self.models.load_model(path)
            elif is_document_file(path):
                self.open_path(path)
            else:
                self.messages.alert(Level.WARNING, self.tr("Cannot open"), self.tr(
                    "{name} is not a text document. writer-app opens plain text and "
                    "Markdown files, and uses .gguf files as models.").format(name=path.name))

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if dropped_files(event.mimeData()):
            event.acceptProposedAction()
            return
        super().dragEnterEvent(event)

    def dropEvent(self, event: QDropEvent) -> None:
        files = dropped_files(event.mimeData())
        if files:
            event.acceptProposedAction()
            self.open_dropped(files)
            return
        super().dropEvent(event)

    @Slot()
    def _on_menu_bar_new_window_requested(self) -> None:
        if self._windows is not None:
            self._windows.new_window()

    @Slot()
    def _on_menu_bar_quit_requested(self) -> None:
        if self._windows is not None:
            self._windows.quit()
        else:
            self.close()

    @Slot(bool)
    def set_full_screen(self, on: bool) -> None:
        """The window on the whole screen, or back as it was (maximized, or not)."""
        if on == self.isFullScreen():
            return
        if on:
            self._maximized_before = self.isMaximized()
            self.showFullScreen()
        elif self._maximized_before:
            self.showMaximized()
        else:
            self.showNormal()

    @Slot(object)
    def _on_preferences_changed(self, settings: Settings) -> None:
        self.document_status.set_count_rule(settings.count_rule)

    def compose_from_brief(self) -> ComposeDialog:
        """File ▸ New from Brief…: the draft goes into a new document, its progress into a
        strip at the bottom of the window. One brief at a time: an earlier one is closed,
        its strip with it."""
        if self._compose is not None:
            self._compose.close()
            self._compose.deleteLater()
        dialog = ComposeDialog(self.service, self._paths.data, self.preferences.settings.sampling,
                               self._new_empty_document, self,
                               dock_strip=self._column.addWidget)
        self._compose = dialog
        dialog.show()
        return dialog

    def _new_empty_document(self) -> ComposingTextEdit | None:
        self.documents.new_markdown_document()
        empty = self.documents.path is None and not self.editor.document().isModified()
        if not (empty and not self.documents.text()):
            return None
        return self.editor

    @Slot(Path)
    def _on_documents_named(self, path: Path) -> None:
        self.preferences.change(self.preferences.settings.with_recent_file(str(path)))

    @Slot()
    def _on_models_state_changed(self) -> None:
        self.document_status.set_model(self.service.model)
        self.notes.set_model(self.service.model)
        self.provenance.set_model(self.service.model)

    # The rest -------------------------------------------------------------------------

    @Slot(QPoint)
    def _on_editor_context_menu_requested(self, position: QPoint) -> None:
        # A scroll area gives the position in its viewport's coordinates, which sit inside
        # the editor's margins.
        menu = self.assistant.context_menu(position)
        self.spelling.add_to_menu(menu, position)
        menu.exec(self.editor.viewport().mapToGlobal(position))
        menu.deleteLater()

    @Slot()
    def open_settings(self) -> None:
        old = self.preferences.settings
        dialog = SettingsDialog(old, self, token=read_token(self._paths.token_file),
                                backend=self.models.backend, model=self.service.model,
                                dictionaries=self.spelling.checker.dictionaries,
                                models_dir=self._paths.models_dir)
        if dialog.exec():
            new = dialog.result_settings()
            self.preferences.change(new)
            write_token(self._paths.token_file, dialog.token())
            self.downloads.hub = new.hub_settings(dialog.token())
            if (old.n_ctx, old.threads, old.gpu_layers, old.draft_model) != (
                    new.n_ctx, new.threads, new.gpu_layers, new.draft_model):
                self.models.reload()

    @Slot()
    @Slot()
    def _on_menu_bar_log_folder_requested(self) -> None:
        open_folder(self._paths.logs, self, self.tr("The log folder"))

    def about(self) -> None:
        from writer_app import __version__

        message_boxes.show_about(self, self.tr("About writer-app"), self.tr(
            "<b>writer-app {version}</b><p>A private writing assistant. The language model "
            "runs on this computer through llama.cpp; nothing you write is sent anywhere, "
            "unless you choose a server in Model ▸ Servers….</p>").format(version=__version__))

    def closeEvent(self, event: QCloseEvent) -> None:
        if not self._closing and not self.documents.maybe_save():
            event.ignore()
            return
        self._closing = True
        self.closing.emit()
        self.notes.save()
        self.documents.close()
        self.document_status.stop()
        self.assistant.stop_streams()
        self.shared.detach(self.messages)
        geometry = QSettings(str(self._paths.window_state_file), QSettings.Format.IniFormat)
        geometry.setValue("geometry", self.saveGeometry())
        geometry.setValue("state", self.saveState())
        self.service.shutdown()
        event.accept()

    def restore_geometry(self) -> None:
        """Window size, position and panels as the last session left them."""
        geometry = QSettings(str(self._paths.window_state_file), QSettings.Format.IniFormat)
        value = geometry.value("geometry")
        if value is not None:
            self.restoreGeometry(value)
        else:  # the first start: room for the text and a panel beside it
            fit_to_screen(self, FIRST_WIDTH, FIRST_HEIGHT, share=0.9)
        state = geometry.value("state")
        if state is not None:
            self.restoreState(state)
