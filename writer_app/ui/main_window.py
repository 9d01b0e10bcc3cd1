"""The editor window: it builds the editor, menus, panels and status bar, and wires them to
the controllers that do the work (documents, the assistant, the model)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QEvent, QPoint, QSettings, Qt, Slot
from PySide6.QtGui import QAction, QCloseEvent, QFont, QKeySequence
from PySide6.QtWidgets import (
    QFontDialog,
    QLabel,
    QMainWindow,
    QMenu,
    QProgressBar,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from writer_app.core.documents.files import TextFormat
from writer_app.core.documents.history import HistoryStore
from writer_app.core.documents.notes import NotesStore
from writer_app.core.documents.recovery import RecoveryStore
from writer_app.core.paths import APP_NAME, AppPaths
from writer_app.core.settings import (
    RewritePreset,
    Settings,
    SettingsStore,
    read_token,
    write_token,
)
from writer_app.qt.download_service import DownloadService
from writer_app.qt.engine_service import EngineService
from writer_app.qt.engine_switch import EngineSwitch, active_server
from writer_app.qt.messages import Alert, Level, MessageBridge, StatusMessage
from writer_app.qt.preferences import Preferences
from writer_app.ui.assistant.controller import AssistantController
from writer_app.ui.assistant.history_controller import HistoryController
from writer_app.ui.assistant.rewrite_presets import RewritePresetMenu
from writer_app.ui.assistant.uncertain_words import UncertainWords
from writer_app.ui.common import message_boxes
from writer_app.ui.common.actions import new_action
from writer_app.ui.common.fonts import with_cjk_fallback
from writer_app.ui.common.status_bar import MessageStatusBar
from writer_app.ui.common.streaming import ComposingTextEdit
from writer_app.ui.compose.dialog import ComposeDialog
from writer_app.ui.document.controller import DocumentController
from writer_app.ui.document.notes_controller import NotesController
from writer_app.ui.document.recovery_dialog import RecoveryDialog
from writer_app.ui.document.status import DocumentStatusController
from writer_app.ui.editor.ghost_text import GhostTextController
from writer_app.ui.editor.text_editor import FindBar, WriterTextEdit
from writer_app.ui.model.controller import ModelController
from writer_app.ui.settings_dialog import SettingsDialog

DEFAULT_FONT_SIZE = 13


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
        self.progress = QProgressBar(self)
        self._build_editor(settings)
        self.ghost_text = GhostTextController(self.editor, service, self.preferences, self)
        self.documents = DocumentController(self.editor, paths, self.messages, self)
        self.models = ModelController(
            self, service, engines=self.engines, preferences=self.preferences,
            messages=self.messages, downloads=self.downloads, paths=paths,
            progress=self.progress)
        self.assistant = AssistantController(
            self, self.editor, service=service, models=self.models, documents=self.documents,
            preferences=self.preferences, messages=self.messages, progress=self.progress)
        self.uncertain_words = UncertainWords(self.editor, self.assistant, self.preferences,
                                              self)
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
        self._build_actions()
        self._build_menus_and_toolbar()
        self._build_status_bar()
        self._connect()
        self._update_title()
        self.document_status.update_counts()
        self.resize(1100, 720)
        self.editor.setFocus()
        service.probe()

    # Construction ---------------------------------------------------------------------

    def _build_editor(self, settings: Settings) -> None:
        self.editor = WriterTextEdit(self)
        self.editor.set_readable_width(settings.readable_line_length)
        self.editor.setTabChangesFocus(False)
        self.editor.setLineWrapMode(WriterTextEdit.LineWrapMode.WidgetWidth)
        self.editor.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.editor.customContextMenuRequested.connect(self._on_editor_context_menu_requested)
        self._apply_font_size(settings.font_size or DEFAULT_FONT_SIZE)
        self.find_bar = FindBar(self.editor, self)
        self.find_bar.hide()
        central = QWidget(self)
        self._column = QVBoxLayout(central)
        self._column.setContentsMargins(0, 0, 0, 0)
        self._column.setSpacing(0)
        self._column.addWidget(self.editor, 1)
        self._column.addWidget(self.find_bar)
        self.setCentralWidget(central)

    def _build_actions(self) -> None:
        keys = QKeySequence.StandardKey
        documents, models, editor = self.documents, self.models, self.editor
        self._action_new = new_action(self, self.tr("&New"), documents.new_document, keys.New)
        self._action_compose = new_action(self, self.tr("New from &Brief…"),
                                          self.compose_from_brief, "Ctrl+Shift+N")
        self._action_open = new_action(self, self.tr("&Open…"), documents.open_document_dialog,
                                       keys.Open)
        self._action_save = new_action(self, self.tr("&Save"), documents.save, keys.Save)
        self._action_save_as = new_action(self, self.tr("Save &As…"), documents.save_as,
                                          keys.SaveAs)
        self._action_save_encoding = new_action(
            self, self.tr("Save with &Encoding…"), documents.save_with_encoding_dialog,
            tip=self.tr("Save As in another encoding (UTF-8 stores every character)"))
        self._action_reopen_encoding = new_action(
            self, self.tr("Reopen with E&ncoding…"), documents.reopen_with_encoding_dialog,
            tip=self.tr("Read the file again in an encoding you choose"))
        self._action_quit = new_action(self, self.tr("&Quit"), self.close, keys.Quit)
        self._action_undo = new_action(self, self.tr("&Undo"), editor.undo, keys.Undo)
        self._action_redo = new_action(self, self.tr("&Redo"), editor.redo, keys.Redo)
        self._action_cut = new_action(self, self.tr("Cu&t"), editor.cut, keys.Cut)
        self._action_copy = new_action(self, self.tr("&Copy"), editor.copy, keys.Copy)
        self._action_paste = new_action(self, self.tr("&Paste"), editor.paste, keys.Paste)
        self._action_select_all = new_action(self, self.tr("Select &All"), editor.selectAll,
                                             keys.SelectAll)
        self._action_find = new_action(self, self.tr("&Find and Replace…"), self.find_bar.open,
                                       keys.Find)
        self._action_zoom_in = new_action(self, self.tr("Zoom &In"), self.zoom_in, keys.ZoomIn)
        self._action_zoom_out = new_action(self, self.tr("Zoom &Out"), self.zoom_out, keys.ZoomOut)
        self._action_zoom_reset = new_action(self, self.tr("&Reset Zoom"), self.zoom_reset,
                                             "Ctrl+0")
        self._action_font = new_action(self, self.tr("&Font…"), self.choose_font)
        self.action_readable_width = new_action(
            self, self.tr("Readable &Line Length"), self._on_action_readable_width_triggered,
            tip=self.tr("Keep lines to about 75 characters, centred in the window"))
        self.action_readable_width.setCheckable(True)
        self.action_readable_width.setChecked(self.settings.readable_line_length)
        self._action_open_model = new_action(
            self, self.tr("&Open Model File…"), models.open_model_dialog, "Ctrl+Shift+O",
            self.tr("Open a GGUF model file"))
        self._action_models = new_action(
            self, self.tr("&Models…"), models.open_model_manager, "Ctrl+Shift+L",
            self.tr("Download, choose and manage models"))
        self._action_settings = new_action(self, self.tr("&Settings…"), self.open_settings,
                                           keys.Preferences)
        if self._action_settings.shortcut().isEmpty():  # Windows and plain X11 have none
            self._action_settings.setShortcut(QKeySequence("Ctrl+,"))
        self._action_about = new_action(self, self.tr("&About writer-app"), self.about)
        self._action_clear_history = new_action(
            self, self.tr("Clear the History of &Every Document"), self.history.clear_all,
            tip=self.tr("Forget the assistant's earlier results for all documents"))
        self._action_servers = new_action(
            self, self.tr("Se&rvers…"), models.open_servers,
            tip=self.tr("Draft with a model on an inference server"))

    def _build_menus_and_toolbar(self) -> None:
        assistant = self.assistant
        bar = self.menuBar()
        file_menu = bar.addMenu(self.tr("&File"))
        file_menu.addActions([self._action_new, self._action_compose, self._action_open])
        self.recent_menu = file_menu.addMenu(self.tr("Open &Recent"))
        file_menu.addSeparator()
        file_menu.addActions([self._action_save, self._action_save_as,
                              self._action_save_encoding, self._action_reopen_encoding])
        file_menu.addSeparator()
        file_menu.addAction(self._action_quit)
        edit_menu = bar.addMenu(self.tr("&Edit"))
        edit_menu.addActions([self._action_undo, self._action_redo])
        edit_menu.addSeparator()
        edit_menu.addActions([self._action_cut, self._action_copy, self._action_paste,
                              self._action_select_all])
        edit_menu.addSeparator()
        edit_menu.addAction(self._action_find)
        view_menu = bar.addMenu(self.tr("&View"))
        view_menu.addActions([self._action_zoom_in, self._action_zoom_out,
                              self._action_zoom_reset, self._action_font,
                              self.action_readable_width])
        view_menu.addSeparator()
        view_menu.addAction(assistant.dock.toggleViewAction())
        view_menu.addAction(self.history.dock.toggleViewAction())
        view_menu.addAction(self.notes.dock.toggleViewAction())
        self.assist_menu = bar.addMenu(self.tr("&Assist"))
        self.assist_menu.addAction(assistant.action_continue)
        self.assist_menu.addMenu(assistant.continue_length_menu)
        self.assist_menu.addAction(self.ghost_text.action)
        self.assist_menu.addAction(self.uncertain_words.action)
        self.assist_menu.addSeparator()
        self.assist_menu.addAction(assistant.action_summarize)
        self.assist_menu.addMenu(assistant.rewrite_menu)
        self.rewrite_presets = RewritePresetMenu(assistant.rewrite_menu,
                                                 self.settings.rewrite_presets, self)
        self.rewrite_presets.preset_chosen.connect(self._on_rewrite_presets_preset_chosen)
        self.rewrite_presets.presets_changed.connect(self._on_rewrite_presets_presets_changed)
        self.assist_menu.addSeparator()
        self.assist_menu.addAction(assistant.action_stop)
        self.assist_menu.addSeparator()
        self.assist_menu.addAction(self._action_clear_history)
        model_menu = bar.addMenu(self.tr("&Model"))
        model_menu.addAction(self._action_models)
        model_menu.addAction(self._action_open_model)
        model_menu.addAction(self.models.adapters.action)
        model_menu.addSeparator()
        model_menu.addActions([self._action_servers, self.models.action_local])
        model_menu.addSeparator()
        model_menu.addAction(self._action_settings)
        help_menu = bar.addMenu(self.tr("&Help"))
        help_menu.addAction(self._action_about)
        self._build_toolbar()
        self._rebuild_recent_menu()

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
        toolbar.addAction(self._action_models)

    def _build_status_bar(self) -> None:
        self.progress.setMaximumWidth(160)
        self.progress.setTextVisible(False)
        self.progress.hide()
        self.context_label = QLabel(self)
        self.counts_label = QLabel(self)
        self.format_label = QToolButton(self)
        self.format_label.setAutoRaise(True)
        self.format_label.setToolTip(self.tr(
            "Encoding and line endings: click to reopen or save in another encoding"))
        self.format_label.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        encoding_menu = QMenu(self.format_label)
        encoding_menu.addActions([self._action_reopen_encoding, self._action_save_encoding])
        self.format_label.setMenu(encoding_menu)
        self.document_status = DocumentStatusController(
            self.editor.document(), self.documents, messages=self.messages,
            progress=self.progress, counts_label=self.counts_label,
            context_label=self.context_label, format_label=self.format_label)
        status = self.status_bar = MessageStatusBar(self)
        self.setStatusBar(status)
        status.addPermanentWidget(self.progress)
        for label in (self.assistant.speed_label, self.models.model_label,
                      self.models.local_button, self.models.hardware_label,
                      self.context_label, self.counts_label, self.format_label):
            status.addPermanentWidget(label)

    def _connect(self) -> None:
        document = self.editor.document()
        document.modificationChanged.connect(self.setWindowModified)
        document.modificationChanged.connect(self._action_save.setEnabled)
        document.undoAvailable.connect(self._action_undo.setEnabled)
        document.redoAvailable.connect(self._action_redo.setEnabled)
        self.editor.copyAvailable.connect(self._action_cut.setEnabled)
        self.editor.copyAvailable.connect(self._action_copy.setEnabled)
        self.documents.file_changed.connect(self._update_title)
        self.documents.named.connect(self._on_documents_named)
        self.models.state_changed.connect(self._on_models_state_changed)
        for action in (self._action_save, self._action_undo, self._action_redo,
                       self._action_cut, self._action_copy):
            action.setEnabled(False)

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
        name = self.path.name if self.path else self.tr("Untitled")
        self.setWindowTitle(self.tr("{name}[*] — writer-app").format(name=name))

    @property
    def settings(self) -> Settings:
        """The settings in use (``preferences.change()`` changes and saves them)."""
        return self.preferences.settings

    @property
    def path(self) -> Path | None:
        """The document's file (None until it is saved)."""
        return self.documents.path

    @path.setter
    def path(self, path: Path | None) -> None:
        self.documents.path = path
        self._update_title()

    @property
    def text_format(self) -> TextFormat:
        return self.documents.text_format

    @property
    def recovery(self) -> RecoveryStore:
        return self.documents.recovery

    def maybe_save(self) -> bool:
        """Ask about unsaved changes; False when the user cancels."""
        return self.documents.maybe_save()

    def autosave(self) -> None:
        self.documents.autosave()

    def document_text(self) -> str:
        """The text as it is saved: no-break spaces and Unicode separators kept."""
        return self.documents.text()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.ActivationChange and not self.isActiveWindow():
            self.documents.autosave()
        super().changeEvent(event)

    def offer_recovery(self) -> RecoveryDialog | None:
        """After a crash: offer the text of earlier sessions back (non-blocking)."""
        return self.documents.offer_recovery()

    def new_document(self) -> None:
        self.documents.new_document()

    def compose_from_brief(self) -> ComposeDialog:
        """File ▸ New from Brief…: the draft goes into a new document, its progress into a
        strip at the bottom of the window. One brief at a time: an earlier one is closed,
        its strip with it."""
        if self._compose is not None:
            self._compose.close()
            self._compose.deleteLater()
        dialog = ComposeDialog(self.service, self._paths.data, self.settings.sampling,
                               self._new_empty_document, self,
                               dock_strip=self._column.addWidget)
        self._compose = dialog
        dialog.show()
        return dialog

    def _new_empty_document(self) -> ComposingTextEdit | None:
        self.documents.new_document()
        empty = self.path is None and not self.editor.document().isModified()
        if not (empty and not self.document_text()):
            return None
        return self.editor

    @Slot(str)
    def _on_rewrite_presets_preset_chosen(self, instruction: str) -> None:
        self.assistant.rewrite(instruction=instruction)

    @Slot(object)
    def _on_rewrite_presets_presets_changed(self, presets: tuple[RewritePreset, ...]) -> None:
        self.preferences.change(self.settings.replace(rewrite_presets=presets))

    def open_path(self, path: Path, ask: bool = True, encoding: str = "") -> bool:
        """Open ``path``; a file that cannot be opened is explained and nothing changes."""
        return self.documents.open_path(path, ask, encoding)

    def is_loading(self) -> bool:
        """True while a large document is still being opened."""
        return self.documents.is_loading()

    def save(self) -> bool:
        return self.documents.save()

    def save_as(self) -> bool:
        return self.documents.save_as()

    def reopen_with_encoding(self, encoding: str) -> bool:
        return self.documents.reopen_with_encoding(encoding)

    def save_with_encoding(self, encoding: str, path: Path | None = None) -> bool:
        return self.documents.save_with_encoding(encoding, path)

    @Slot(Path)
    def _on_documents_named(self, path: Path) -> None:
        self.preferences.change(self.settings.with_recent_file(str(path)))
        self._rebuild_recent_menu()

    def _rebuild_recent_menu(self) -> None:
        self.recent_menu.clear()
        for name in self.settings.recent_files:
            action = self.recent_menu.addAction(name)
            action.setData(name)
            action.triggered.connect(self._on_recent_action_triggered)
        self.recent_menu.setEnabled(bool(self.settings.recent_files))

    @Slot()
    def _on_recent_action_triggered(self) -> None:
        action = self.sender()
        if isinstance(action, QAction):
            self.open_path(Path(str(action.data())))

    @Slot()
    def _on_models_state_changed(self) -> None:
        self.document_status.set_model(self.service.model)
        self.notes.set_model(self.service.model)

    # View -----------------------------------------------------------------------------

    def _apply_font_size(self, size: int) -> None:
        font = QFont(self.editor.font())
        font.setPointSize(max(6, min(size, 72)))
        self.editor.setFont(with_cjk_fallback(font))

    @Slot()
    def zoom_in(self) -> None:
        self._zoom(self.editor.font().pointSize() + 1)

    @Slot()
    def zoom_out(self) -> None:
        self._zoom(self.editor.font().pointSize() - 1)

    @Slot()
    def zoom_reset(self) -> None:
        self._zoom(DEFAULT_FONT_SIZE)

    def _zoom(self, size: int) -> None:
        self._apply_font_size(size)
        self.preferences.change(self.settings.replace(font_size=self.editor.font().pointSize()))

    @Slot(bool)
    def _on_action_readable_width_triggered(self, checked: bool) -> None:
        self.editor.set_readable_width(checked)
        self.preferences.change(self.settings.replace(readable_line_length=checked))

    @Slot()
    def choose_font(self) -> None:
        accepted, font = QFontDialog.getFont(self.editor.font(), self, self.tr("Editor Font"))
        if accepted:
            self.set_editor_font(font)

    def set_editor_font(self, font: QFont) -> None:
        """The editor's font from now on (its size is kept in the settings)."""
        self.editor.setFont(with_cjk_fallback(font))
        self.preferences.change(self.settings.replace(font_size=font.pointSize()))

    @Slot(QPoint)
    def _on_editor_context_menu_requested(self, position: QPoint) -> None:
        menu = self.assistant.context_menu(position)
        menu.exec(self.editor.mapToGlobal(position))
        menu.deleteLater()

    # Settings and the rest ------------------------------------------------------------

    @Slot()
    def open_settings(self) -> None:
        dialog = SettingsDialog(self.settings, self, token=read_token(self._paths.token_file),
                                backend=self.models.backend, model=self.service.model)
        if dialog.exec():
            old = self.settings
            self.preferences.change(dialog.result_settings())
            self.assistant.continue_length_menu.set_length(self.settings.continue_length)
            write_token(self._paths.token_file, dialog.token())
            self.downloads.hub = self.settings.hub_settings(dialog.token())
            if (old.n_ctx, old.threads, old.gpu_layers) != (
                    self.settings.n_ctx, self.settings.threads, self.settings.gpu_layers):
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
