"""The editor window: it builds the editor, menus, panels and status bar, and wires them to
the controllers that do the work (documents, the assistant, the model)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QEvent, QPoint, QSettings, Qt, Slot
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import (
    QLabel,
    QMainWindow,
    QMenu,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from writer_app.core.documents.history import HistoryStore
from writer_app.core.documents.notes import NotesStore
from writer_app.core.documents.provenance import ProvenanceStore
from writer_app.core.paths import APP_NAME, AppPaths
from writer_app.core.settings import Settings, SettingsStore, read_token, write_token
from writer_app.qt.download_service import DownloadService
from writer_app.qt.engine_service import EngineService
from writer_app.qt.engine_switch import EngineSwitch, active_server
from writer_app.qt.messages import Alert, Level, MessageBridge, StatusMessage
from writer_app.qt.preferences import Preferences
from writer_app.ui.assistant.controller import AssistantController
from writer_app.ui.assistant.history_controller import HistoryController
from writer_app.ui.assistant.uncertain_words import UncertainWords
from writer_app.ui.common import message_boxes
from writer_app.ui.common.status_bar import MessageStatusBar, status_progress_bar
from writer_app.ui.common.streaming import ComposingTextEdit
from writer_app.ui.compose.dialog import ComposeDialog
from writer_app.ui.document.controller import DocumentController
from writer_app.ui.document.notes_controller import NotesController
from writer_app.ui.document.provenance import ProvenanceController
from writer_app.ui.document.status import DocumentStatusController
from writer_app.ui.editor.ghost_text import GhostTextController
from writer_app.ui.editor.text_editor import FindBar, WriterTextEdit
from writer_app.ui.editor.view_controller import EditorViewController
from writer_app.ui.menu_bar import MenuBar
from writer_app.ui.model.controller import ModelController
from writer_app.ui.settings_dialog import SettingsDialog


class MainWindow(QMainWindow):
    """One document, the assistant, and the model."""

    def __init__(self, service: EngineService, store: SettingsStore, settings: Settings,
                 paths: AppPaths, *, downloads: DownloadService | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.service = service
        self._paths = paths
        self._closing = False
        self._compose: ComposeDialog | None = None
        self.messages = MessageBridge(self)
        self.messages.status_posted.connect(self._on_messages_status_posted)
        self.messages.alert_posted.connect(self._on_messages_alert_posted)
        self.preferences = Preferences(store, settings, self.messages, self)
        self.downloads = downloads or DownloadService(
            settings.hub_settings(read_token(paths.token_file)), paths.models_dir, self)
        self.engines = EngineSwitch(service, paths.config)
        server = active_server(settings)
        if server is not None:  # before anything asks the local engine to start
            self.engines.use_server(server)
        self._build_editor()
        self.view = EditorViewController(self.editor, self.preferences, self)
        self.ghost_text = GhostTextController(self.editor, service, self.preferences, self)
        self.documents = DocumentController(self.editor, paths, self.messages, self)
        self.provenance = ProvenanceController(
            self, self.editor, store=ProvenanceStore(paths.provenance_dir),
            documents=self.documents, preferences=self.preferences, messages=self.messages)
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
        self.menu_bar = MenuBar(
            self, editor=self.editor, find_bar=self.find_bar, view=self.view,
            preferences=self.preferences, documents=self.documents, assistant=self.assistant,
            ghost_text=self.ghost_text, uncertain_words=self.uncertain_words,
            history=self.history, notes=self.notes, models=self.models,
            provenance=self.provenance)
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
        self.editor.setTabChangesFocus(False)
        self.editor.setLineWrapMode(WriterTextEdit.LineWrapMode.WidgetWidth)
        self.editor.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.editor.customContextMenuRequested.connect(self._on_editor_context_menu_requested)
        self.find_bar = FindBar(self.editor, self)
        self.find_bar.hide()
        central = QWidget(self)
        self._column = QVBoxLayout(central)
        self._column.setContentsMargins(0, 0, 0, 0)
        self._column.setSpacing(0)
        self._column.addWidget(self.editor, 1)
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

    def _build_status_bar(self) -> None:
        document_progress = status_progress_bar(self)
        self.context_label = QLabel(self)
        self.counts_label = QLabel(self)
        self.format_label = QToolButton(self)
        self.format_label.setAutoRaise(True)
        self.format_label.setToolTip(self.tr(
            "Encoding and line endings: click to reopen or save in another encoding"))
        self.format_label.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        encoding_menu = QMenu(self.format_label)
        encoding_menu.addActions([self.menu_bar.action_reopen_encoding,
                                  self.menu_bar.action_save_encoding])
        self.format_label.setMenu(encoding_menu)
        self.document_status: DocumentStatusController = DocumentStatusController(
            self.editor.document(), self.documents, messages=self.messages,
            progress=document_progress, counts_label=self.counts_label,
            context_label=self.context_label, format_label=self.format_label)
        status = self.status_bar = MessageStatusBar(self)
        self.setStatusBar(status)
        for progress in (document_progress, self.models.progress, self.assistant.progress):
            status.addPermanentWidget(progress)
        for label in (self.assistant.speed_label, self.models.model_label,
                      self.models.local_button, self.models.hardware_label,
                      self.provenance.share_button, self.context_label, self.counts_label,
                      self.format_label):
            status.addPermanentWidget(label)

    def _connect(self) -> None:
        self.editor.document().modificationChanged.connect(self.setWindowModified)
        self.menu_bar.compose_requested.connect(self.compose_from_brief)
        self.menu_bar.recent_file_chosen.connect(self.documents.open_path)
        self.menu_bar.settings_requested.connect(self.open_settings)
        self.menu_bar.about_requested.connect(self.about)
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
        if event.type() == QEvent.Type.ActivationChange and not self.isActiveWindow():
            self.documents.autosave()
        super().changeEvent(event)

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
        self.documents.new_document()
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
        menu = self.assistant.context_menu(position)
        menu.exec(self.editor.mapToGlobal(position))
        menu.deleteLater()

    @Slot()
    def open_settings(self) -> None:
        old = self.preferences.settings
        dialog = SettingsDialog(old, self, token=read_token(self._paths.token_file),
                                backend=self.models.backend, model=self.service.model)
        if dialog.exec():
            new = dialog.result_settings()
            self.preferences.change(new)
            write_token(self._paths.token_file, dialog.token())
            self.downloads.hub = new.hub_settings(dialog.token())
            if (old.n_ctx, old.threads, old.gpu_layers) != (
                    new.n_ctx, new.threads, new.gpu_layers):
                self.models.reload()

    @Slot()
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
        self.notes.save()
        self.documents.close()
        self.document_status.stop()
        self.assistant.stop_streams()
        self.downloads.shutdown()
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
        state = geometry.value("state")
        if state is not None:
            self.restoreState(state)
