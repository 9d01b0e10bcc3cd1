"""The editor window: the document, the assistant's actions, and what the engine is doing."""

from __future__ import annotations

import enum
import logging
import re
import time
from pathlib import Path

from PySide6.QtCore import QEvent, QPoint, QSettings, Qt, QTimer, Slot
from PySide6.QtGui import QAction, QCloseEvent, QFont, QKeySequence, QTextCursor, QTextDocument
from PySide6.QtWidgets import (
    QDockWidget,
    QFileDialog,
    QFontDialog,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMainWindow,
    QMenu,
    QMenuBar,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QStackedWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from writer_app.core.actions import Action, ContinueLength, GenerationRequest, RewriteStyle
from writer_app.core.catalog import Catalog, load_catalog
from writer_app.core.files import DocumentError, TextFormat
from writer_app.core.model_names import display_name
from writer_app.core.passage import continue_point, keep_surrounding_whitespace
from writer_app.core.paths import AppPaths
from writer_app.core.protocol import BackendInfo, FinishReason, GenerationStats, ModelInfo
from writer_app.core.recovery import RecoveryStore
from writer_app.core.servers import ServerConfig
from writer_app.core.settings import Settings, SettingsStore, read_token, write_token
from writer_app.core.textdiff import TextCounts
from writer_app.qt.download_service import DownloadService
from writer_app.qt.engine_service import EngineService, GenerationJob, LoadJob
from writer_app.qt.engine_switch import EngineSwitch, active_server, with_server
from writer_app.ui.assist_menu import ContinueLengthMenu
from writer_app.ui.document_controller import DocumentController
from writer_app.ui.editor import WriterTextEdit
from writer_app.ui.large_text import SlicedCounter
from writer_app.ui.model_dialogs import ModelManagerDialog, WelcomeDialog
from writer_app.ui.panels import RewritePanel, StreamPanel, SummaryPanel, asked_text
from writer_app.ui.recovery_dialog import RecoveryDialog
from writer_app.ui.servers_dialog import ServersDialog
from writer_app.ui.settings_dialog import SettingsDialog, placement_text
from writer_app.ui.streaming import ComposingTextEdit, StreamInserter

log = logging.getLogger(__name__)

MODEL_FILTER = "GGUF models (*.gguf);;All files (*)"
DEFAULT_FONT_SIZE = 13
# Where the text goes must be visible at a glance: a server's model has its own colours.
SERVER_STYLE = ("QLabel { background: #1d4e89; color: white; border-radius: 3px; "
                "padding: 1px 6px; }")
_ASTRAL = re.compile("[\U00010000-\U0010ffff]")
_FINISH_WORDS = {
    FinishReason.STOP: "Done",
    FinishReason.LENGTH: "Stopped at the maximum length",
    FinishReason.STOP_SEQUENCE: "Done",
    FinishReason.CANCELLED: "Stopped",
    FinishReason.CONTEXT_FULL: "The context window is full",
}


class _Mode(enum.Enum):
    IDLE = "idle"
    CONTINUE = "continue"
    SUMMARIZE = "summarize"
    REWRITE = "rewrite"


def estimate_tokens(counts: TextCounts) -> int:
    """A rough token count for the context gauge: about 1.3 per word or CJK character."""
    return int(counts.words * 1.3)


class FindBar(QWidget):
    """Find and replace under the editor."""

    def __init__(self, editor: ComposingTextEdit, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._editor = editor
        self.find_field = QLineEdit(self)
        self.find_field.setPlaceholderText("Find")
        self.replace_field = QLineEdit(self)
        self.replace_field.setPlaceholderText("Replace with")
        self.find_field.returnPressed.connect(self.find_next)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(4, 2, 4, 2)
        layout.addWidget(self.find_field, 2)
        layout.addWidget(self._button("Next", self.find_next))
        layout.addWidget(self._button("Previous", self.find_previous))
        layout.addWidget(self.replace_field, 2)
        layout.addWidget(self._button("Replace", self.replace_one))
        layout.addWidget(self._button("Replace all", self.replace_all))
        layout.addWidget(self._button("Close", self.hide))

    def _button(self, label: str, slot: object) -> QPushButton:
        button = QPushButton(label, self)
        button.clicked.connect(slot)
        return button

    def open(self) -> None:
        selected = self._editor.textCursor().selectedText()
        if selected and "\u2029" not in selected:
            self.find_field.setText(selected)
        self.show()
        self.find_field.setFocus()
        self.find_field.selectAll()

    @Slot()
    def find_next(self) -> bool:
        return self._find(QTextDocument.FindFlag(0))

    @Slot()
    def find_previous(self) -> bool:
        return self._find(QTextDocument.FindFlag.FindBackward)

    def _find(self, flags: QTextDocument.FindFlag) -> bool:
        needle = self.find_field.text()
        if not needle:
            return False
        if self._editor.find(needle, flags):
            return True
        cursor = self._editor.textCursor()
        backward = bool(flags & QTextDocument.FindFlag.FindBackward)
        cursor.movePosition(QTextCursor.MoveOperation.End if backward
                            else QTextCursor.MoveOperation.Start)
        self._editor.setTextCursor(cursor)
        return self._editor.find(needle, flags)

    @Slot()
    def replace_one(self) -> None:
        cursor = self._editor.textCursor()
        if cursor.hasSelection() and cursor.selectedText() == self.find_field.text():
            cursor.insertText(self.replace_field.text())
        self.find_next()

    @Slot()
    def replace_all(self) -> int:
        needle, replacement = self.find_field.text(), self.replace_field.text()
        if not needle:
            return 0
        document = self._editor.document()
        cursor = QTextCursor(document)
        count = 0
        cursor.beginEditBlock()
        found = document.find(needle, 0)
        while not found.isNull():
            found.insertText(replacement)
            count += 1
            found = document.find(needle, found.position())
        cursor.endEditBlock()
        return count


class MainWindow(QMainWindow):
    """One document, the assistant, and the model."""

    def __init__(self, service: EngineService, store: SettingsStore, settings: Settings,
                 paths: AppPaths, *, downloads: DownloadService | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._service = service
        self._store = store
        self._paths = paths
        self._geometry_file = str(paths.window_state_file)
        self.downloads = downloads or DownloadService(
            settings.hub_settings(read_token(paths.token_file)), paths.models_dir, self)
        self.settings = settings
        self._mode = _Mode.IDLE
        self._job: GenerationJob | None = None
        self._load_job: LoadJob | None = None
        self._inserter: StreamInserter | None = None
        self._rewrite_range: QTextCursor | None = None
        self._stream_started = 0.0
        self._stream_tokens = 0
        self._closing = False
        self._counts = TextCounts(0, 0, 0)
        self._recount = False
        self._backend: BackendInfo | None = None
        self.engines = EngineSwitch(service, paths.config)
        server = active_server(settings)
        if server is not None:  # before anything asks the local engine to start
            self.engines.use_server(server)

        self._build_editor(settings)
        self.documents = DocumentController(self.editor, paths, self)
        self._build_dock()
        self._build_actions()
        self._build_menus_and_toolbar()
        self._build_status_bar()
        self._connect()
        self._update_title()
        self._update_counts()
        self._update_actions()
        self.resize(1100, 720)
        self.editor.setFocus()
        self._service.probe()

    # Construction ---------------------------------------------------------------------

    def _build_editor(self, settings: Settings) -> None:
        self.editor = WriterTextEdit(self)
        self.editor.set_readable_width(settings.readable_line_length)
        self.editor.setTabChangesFocus(False)
        self.editor.setLineWrapMode(ComposingTextEdit.LineWrapMode.WidgetWidth)
        self.editor.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.editor.customContextMenuRequested.connect(self._on_editor_context_menu_requested)
        self._apply_font_size(settings.font_size or DEFAULT_FONT_SIZE)
        self.find_bar = FindBar(self.editor, self)
        self.find_bar.hide()
        central = QWidget(self)
        column = QVBoxLayout(central)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(0)
        column.addWidget(self.editor, 1)
        column.addWidget(self.find_bar)
        self.setCentralWidget(central)


    def _build_dock(self) -> None:
        self.summary_panel = SummaryPanel(self)
        self.rewrite_panel = RewritePanel(self)
        self._panels = QStackedWidget(self)
        self._panels.addWidget(self.summary_panel)
        self._panels.addWidget(self.rewrite_panel)
        for panel in (self.summary_panel, self.rewrite_panel):
            panel.follow_font(self.editor)
        self.dock = QDockWidget("Assistant", self)
        self.dock.setObjectName("assistant-dock")
        self.dock.setWidget(self._panels)
        self.dock.setMinimumWidth(320)
        self.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self.dock)
        self.dock.hide()


    def _action(self, text: str, slot: object,
                shortcut: QKeySequence | QKeySequence.StandardKey | str | None = None,
                tip: str = "") -> QAction:
        action = QAction(text, self)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        if tip:
            action.setStatusTip(tip)
            action.setToolTip(tip)
        action.triggered.connect(slot)
        return action

    def _build_actions(self) -> None:
        keys = QKeySequence.StandardKey
        documents = self.documents
        self._action_new = self._action("&New", documents.new_document, keys.New)
        self._action_open = self._action("&Open…", documents.open_document_dialog, keys.Open)
        self._action_save = self._action("&Save", documents.save, keys.Save)
        self._action_save_as = self._action("Save &As…", documents.save_as, keys.SaveAs)
        self._action_save_encoding = self._action(
            "Save with &Encoding…", documents.save_with_encoding_dialog,
            tip="Save As in another encoding (UTF-8 stores every character)")
        self._action_reopen_encoding = self._action(
            "Reopen with E&ncoding…", documents.reopen_with_encoding_dialog,
            tip="Read the file again in an encoding you choose")
        self._action_quit = self._action("&Quit", self.close, keys.Quit)
        self._action_undo = self._action("&Undo", self.editor.undo, keys.Undo)
        self._action_redo = self._action("&Redo", self.editor.redo, keys.Redo)
        self._action_cut = self._action("Cu&t", self.editor.cut, keys.Cut)
        self._action_copy = self._action("&Copy", self.editor.copy, keys.Copy)
        self._action_paste = self._action("&Paste", self.editor.paste, keys.Paste)
        self._action_select_all = self._action("Select &All", self.editor.selectAll,
                                               keys.SelectAll)
        self._action_find = self._action("&Find and Replace…", self.find_bar.open, keys.Find)
        self._action_zoom_in = self._action("Zoom &In", self.zoom_in, keys.ZoomIn)
        self._action_zoom_out = self._action("Zoom &Out", self.zoom_out, keys.ZoomOut)
        self._action_zoom_reset = self._action("&Reset Zoom", self.zoom_reset, "Ctrl+0")
        self._action_font = self._action("&Font…", self.choose_font)
        self.action_readable_width = self._action(
            "Readable &Line Length", self._on_action_readable_width_triggered,
            tip="Keep lines to about 75 characters, centred in the window")
        self.action_readable_width.setCheckable(True)
        self.action_readable_width.setChecked(self.settings.readable_line_length)
        self._action_continue = self._action(
            "&Continue Writing", self.continue_writing, "Ctrl+Return",
            "Let the model continue at the cursor (Ctrl+Enter)")
        self._action_summarize = self._action(
            "&Summarize", self.summarize, "Ctrl+Shift+M",
            "Summarize the selection, or the whole document")
        self._action_custom = self._action(
            "Rewrite with &Instruction…", self.rewrite_with_instruction, "Ctrl+Shift+I",
            "Rewrite the selection following your own instruction")
        self._action_stop = self._action("S&top", self.stop, "Esc", "Stop the assistant (Esc)")
        self._rewrite_actions = []
        for index, style in enumerate(RewriteStyle):
            shortcut = "Ctrl+Shift+R" if index == 0 else None
            action = self._action(style.label, self._on_rewrite_action_triggered, shortcut,
                                  f"Rewrite the selection: {style.label.lower()}")
            action.setData(style.name)
            self._rewrite_actions.append(action)
        self._action_open_model = self._action(
            "&Open Model File…", self.open_model_dialog, "Ctrl+Shift+O",
            "Open a GGUF model file")
        self._action_models = self._action(
            "&Models…", self.open_model_manager, "Ctrl+Shift+L",
            "Download, choose and manage models")
        self._action_settings = self._action("&Settings…", self.open_settings,
                                             keys.Preferences)
        if self._action_settings.shortcut().isEmpty():  # Windows and plain X11 have none
            self._action_settings.setShortcut(QKeySequence("Ctrl+,"))
        self._action_about = self._action("&About writer-app", self.about)
        self._action_servers = self._action(
            "Se&rvers…", self.open_servers, tip="Draft with a model on an inference server")
        self._action_local = self._action(
            "Use the &Local Model", self.use_local_model,
            tip="Draft with the model on this computer again")

    def _build_menus_and_toolbar(self) -> None:
        bar = self.menuBar()
        file_menu = bar.addMenu("&File")
        file_menu.addActions([self._action_new, self._action_open])
        self.recent_menu = file_menu.addMenu("Open &Recent")
        file_menu.addSeparator()
        file_menu.addActions([self._action_save, self._action_save_as,
                              self._action_save_encoding, self._action_reopen_encoding])
        file_menu.addSeparator()
        file_menu.addAction(self._action_quit)
        edit_menu = bar.addMenu("&Edit")
        edit_menu.addActions([self._action_undo, self._action_redo])
        edit_menu.addSeparator()
        edit_menu.addActions([self._action_cut, self._action_copy, self._action_paste,
                              self._action_select_all])
        edit_menu.addSeparator()
        edit_menu.addAction(self._action_find)
        view_menu = bar.addMenu("&View")
        view_menu.addActions([self._action_zoom_in, self._action_zoom_out,
                              self._action_zoom_reset, self._action_font,
                              self.action_readable_width])
        view_menu.addSeparator()
        view_menu.addAction(self.dock.toggleViewAction())
        self._build_assist_menu(bar)
        model_menu = bar.addMenu("&Model")
        model_menu.addAction(self._action_models)
        model_menu.addAction(self._action_open_model)
        model_menu.addSeparator()
        model_menu.addActions([self._action_servers, self._action_local])
        model_menu.addSeparator()
        model_menu.addAction(self._action_settings)
        help_menu = bar.addMenu("&Help")
        help_menu.addAction(self._action_about)
        self._build_toolbar()
        self._rebuild_recent_menu()

    def _build_assist_menu(self, bar: QMenuBar) -> None:
        self.assist_menu = bar.addMenu("&Assist")
        self.assist_menu.addAction(self._action_continue)
        self.continue_length_menu = ContinueLengthMenu(self.settings.continue_length, self)
        self.continue_length_menu.length_chosen.connect(
            self._on_continue_length_menu_length_chosen)
        self.assist_menu.addMenu(self.continue_length_menu)
        self.assist_menu.addSeparator()
        self.assist_menu.addAction(self._action_summarize)
        self.rewrite_menu = self.assist_menu.addMenu("&Rewrite Selection")
        self.rewrite_menu.addActions(self._rewrite_actions)
        self.rewrite_menu.addSeparator()
        self.rewrite_menu.addAction(self._action_custom)
        self.assist_menu.addSeparator()
        self.assist_menu.addAction(self._action_stop)

    def _build_toolbar(self) -> None:
        toolbar = self.addToolBar("Assistant")
        toolbar.setObjectName("assistant-toolbar")
        toolbar.setMovable(False)
        toolbar.addAction(self._action_continue)
        toolbar.addAction(self._action_summarize)
        rewrite_button = QToolButton(self)
        rewrite_button.setText("Rewrite")
        rewrite_button.setMenu(self.rewrite_menu)
        rewrite_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        toolbar.addWidget(rewrite_button)
        toolbar.addAction(self._action_stop)
        toolbar.addSeparator()
        toolbar.addAction(self._action_models)

    def _build_status_bar(self) -> None:
        status = self.statusBar()
        self.progress = QProgressBar(self)
        self.progress.setMaximumWidth(160)
        self.progress.setTextVisible(False)
        self.progress.hide()
        self.model_label = QLabel("No model", self)
        self.hardware_label = QLabel(self)
        self.context_label = QLabel(self)
        self.speed_label = QLabel(self)
        self.counts_label = QLabel(self)
        self.format_label = QToolButton(self)
        self.format_label.setText(self.text_format.label)
        self.format_label.setAutoRaise(True)
        self.format_label.setToolTip("Encoding and line endings: click to reopen or save in "
                                     "another encoding")
        self.format_label.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        encoding_menu = QMenu(self.format_label)
        encoding_menu.addActions([self._action_reopen_encoding, self._action_save_encoding])
        self.format_label.setMenu(encoding_menu)
        self.local_button = QToolButton(self)
        self.local_button.setDefaultAction(self._action_local)
        self.local_button.setAutoRaise(True)
        status.addPermanentWidget(self.progress)
        for label in (self.speed_label, self.model_label, self.local_button,
                      self.hardware_label, self.context_label, self.counts_label,
                      self.format_label):
            status.addPermanentWidget(label)
        self._show_engine_kind()

    def _connect(self) -> None:
        document = self.editor.document()
        document.modificationChanged.connect(self.setWindowModified)
        document.modificationChanged.connect(self._action_save.setEnabled)
        document.undoAvailable.connect(self._action_undo.setEnabled)
        document.redoAvailable.connect(self._action_redo.setEnabled)
        self.editor.copyAvailable.connect(self._action_cut.setEnabled)
        self.editor.copyAvailable.connect(self._action_copy.setEnabled)
        self._counter = SlicedCounter(document, self)
        self._counter.counted.connect(self._on_counter_counted)
        self._counts_timer = QTimer(self)
        self._counts_timer.setSingleShot(True)
        self._counts_timer.setInterval(150)
        self._counts_timer.timeout.connect(self._update_counts)
        document.contentsChanged.connect(self._on_document_contents_changed)
        documents = self.documents
        documents.file_changed.connect(self._on_documents_file_changed)
        documents.named.connect(self._on_documents_named)
        documents.replacing.connect(self._on_documents_replacing)
        documents.message.connect(self.statusBar().showMessage)
        documents.load_progressed.connect(self._on_documents_load_progressed)
        documents.load_finished.connect(self._on_documents_load_finished)
        self.editor.selectionChanged.connect(self._update_actions)
        service = self._service
        service.model_loaded.connect(self._on_service_model_loaded)
        service.hardware_found.connect(self._on_service_hardware_found)
        self.summary_panel.stop_requested.connect(self.stop)
        self.summary_panel.retry_requested.connect(self._on_panel_retry_requested)
        self.summary_panel.insert_requested.connect(self._on_summary_insert_requested)
        self.rewrite_panel.stop_requested.connect(self.stop)
        self.rewrite_panel.retry_requested.connect(self._on_panel_retry_requested)
        self.rewrite_panel.accepted.connect(self._on_rewrite_accepted)
        self.rewrite_panel.rejected.connect(self._on_rewrite_rejected)
        self.rewrite_panel.side_by_side_toggled.connect(self._on_rewrite_side_by_side_toggled)
        self._action_save.setEnabled(False)
        self._action_undo.setEnabled(False)
        self._action_redo.setEnabled(False)
        self._action_cut.setEnabled(False)
        self._action_copy.setEnabled(False)

    # Documents ------------------------------------------------------------------------

    def _update_title(self) -> None:
        name = self.path.name if self.path else "Untitled"
        self.setWindowTitle(f"{name}[*] — writer-app")

    @Slot()
    def _on_document_contents_changed(self) -> None:
        """Recount at most every so often, also while text streams in without a pause."""
        if not self._counts_timer.isActive():
            self._counts_timer.start()

    @Slot()
    def _update_counts(self) -> None:
        if self.documents.is_loading():
            return
        if self._counter.counting():
            self._recount = True  # a large document: let this count end, then count again
            return
        self._counter.restart()
        if self._counter.counting():
            self.counts_label.setText("Counting…")

    @Slot(object)
    def _on_counter_counted(self, counts: TextCounts) -> None:
        if self._recount:
            self._recount = False
            self._counts_timer.start()
        self._counts = counts
        self.counts_label.setText(f"{counts.words:,} words · {counts.characters:,} characters")
        self._update_context_gauge()

    def _update_context_gauge(self) -> None:
        model = self._service.model
        if model is not None:
            share = estimate_tokens(self._counts) / max(1, model.n_ctx)
            self.context_label.setText(f"Context ≈ {min(share, 9.99):.0%}")
            self.context_label.setToolTip(
                f"The document fills about {share:.0%} of the model's {model.n_ctx:,}-token "
                "context window. Longer documents are read around the cursor.")
        else:
            self.context_label.clear()

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

    @Slot()
    def _on_documents_file_changed(self) -> None:
        self.format_label.setText(self.text_format.label)
        self._update_title()

    @Slot(Path)
    def _on_documents_named(self, path: Path) -> None:
        self._remember_recent(path)

    @Slot()
    def _on_documents_replacing(self) -> None:
        self._stop_streams()

    @Slot(int, int)
    def _on_documents_load_progressed(self, done: int, total: int) -> None:
        if done == 0:
            self.counts_label.setText("Opening…")
        self.progress.setRange(0, total)
        self.progress.setValue(done)
        self.progress.show()
        self.statusBar().showMessage(f"Opening… {done / max(1, total):.0%}")

    @Slot()
    def _on_documents_load_finished(self) -> None:
        self.progress.hide()
        self._update_counts()

    def _remember_recent(self, path: Path) -> None:
        self._change_settings(self.settings.with_recent_file(str(path)))
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

    def _change_settings(self, settings: Settings) -> None:
        self.settings = settings
        try:
            self._store.save(settings)
        except DocumentError as exc:
            self.statusBar().showMessage(f"Settings not saved: {exc}", 8000)

    # View -----------------------------------------------------------------------------

    def _apply_font_size(self, size: int) -> None:
        font = QFont(self.editor.font())
        font.setPointSize(max(6, min(size, 72)))
        self.editor.setFont(font)

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
        self._change_settings(self.settings.replace(font_size=self.editor.font().pointSize()))

    @Slot(bool)
    def _on_action_readable_width_triggered(self, checked: bool) -> None:
        self.editor.set_readable_width(checked)
        self._change_settings(self.settings.replace(readable_line_length=checked))

    @Slot()
    def choose_font(self) -> None:
        accepted, font = QFontDialog.getFont(self.editor.font(), self, "Editor Font")
        if accepted:
            self.editor.setFont(font)
            self._change_settings(self.settings.replace(font_size=font.pointSize()))

    @Slot(QPoint)
    def _on_editor_context_menu_requested(self, position: QPoint) -> None:
        menu: QMenu = self.editor.createStandardContextMenu(position)
        menu.addSeparator()
        menu.addAction(self._action_continue)
        menu.addAction(self._action_summarize)
        menu.addMenu(self.rewrite_menu)
        menu.addAction(self._action_stop)
        menu.exec(self.editor.mapToGlobal(position))
        menu.deleteLater()

    # The model ------------------------------------------------------------------------

    @Slot()
    def open_model_dialog(self) -> None:
        start = str(Path(self.settings.model_path).parent) if self.settings.model_path else ""
        name, _ = QFileDialog.getOpenFileName(self, "Open Model", start, MODEL_FILTER)
        if name:
            self.load_model(Path(name))

    def load_model(self, path: Path) -> None:
        """Load a model in the background; the editor stays usable meanwhile."""
        self._stop_streams()
        if self.engines.server is not None:
            self.engines.use_local()
            self._change_settings(self.settings.replace(active_server=""))
            self._show_engine_kind()
        self._watch_load(self._service.load_model(self.settings.load_settings(str(path))))
        self.model_label.setText(f"Loading {path.name}…")
        self.progress.setRange(0, 100)
        self.progress.setValue(0)
        self.progress.show()
        self._update_actions()

    def _watch_load(self, job: LoadJob) -> None:
        if self._load_job is not None:
            self._load_job.abandon()
        self._load_job = job
        job.progressed.connect(self._on_load_progressed)
        job.loaded.connect(self._on_load_job_loaded)
        job.failed.connect(self._on_load_job_failed)

    @Slot(float)
    def _on_load_progressed(self, fraction: float) -> None:
        self.progress.show()
        self.progress.setRange(0, 100)
        self.progress.setValue(int(fraction * 100))

    @Slot(object)
    def _on_load_job_loaded(self, info: ModelInfo) -> None:
        self._load_job = None
        self.progress.hide()
        if self.engines.server is None:
            self._change_settings(self.settings.replace(model_path=info.path))
        self.statusBar().showMessage(
            f"{display_name(info.path, info.name)} is ready ({info.load_seconds:.1f} s)", 5000)
        if info.notice:
            self.show_warning(info.notice)

    @Slot(object)
    def _on_service_model_loaded(self, info: ModelInfo) -> None:
        if self._job is not None:  # reloaded after a restart: the prompt is read next
            self.progress.setRange(0, 0)
        self._show_model(info)
        self._update_context_gauge()
        self._update_actions()
        self._service.probe()  # free GPU memory has changed

    def _show_model(self, info: ModelInfo) -> None:
        server = self.engines.server
        if server is not None:
            self.model_label.setText(f"Server: {server.host} · {info.name}")
            self.model_label.setToolTip(
                f"Your text is sent to {server.base_url} for {info.name}.")
            self._show_hardware()
            return
        self.model_label.setText(f"{display_name(info.path, info.name)} · {info.quantization}")
        self.model_label.setToolTip(
            f"{info.path}\n{info.architecture}, {info.parameter_count / 1e9:.2f} B parameters, "
            f"context {info.n_ctx:,} tokens (trained for {info.n_ctx_train:,})")
        self._show_hardware()

    @property
    def backend(self) -> BackendInfo | None:
        """What the engine last reported about its hardware (None until it has)."""
        return self._backend

    @Slot(object)
    def _on_service_hardware_found(self, backend: BackendInfo) -> None:
        self._backend = backend
        self._show_hardware()

    def _show_hardware(self) -> None:
        """The status bar's word on where the model runs, and why not on a GPU."""
        backend, model = self._backend, self._service.model
        if self.engines.server is not None:
            self.hardware_label.clear()
            self.hardware_label.setToolTip("")
            return
        if backend is None and model is None:
            return
        text, lines = "CPU", []
        if backend is not None:
            hardware = backend.hardware
            text = hardware.summary()
            lines = [device.describe() for device in hardware.devices]
            lines.append(hardware.gpu_unavailable_reason())
        if model is not None:
            text = placement_text(model)
            lines[-1:] = [model.layer_plan.reason]
        if backend is not None and backend.hardware.gpu_backends and not backend.hardware.gpus:
            text += " (GPU unavailable)"
        self.hardware_label.setText(text)
        self.hardware_label.setToolTip("\n".join(line for line in lines if line))

    @Slot(str)
    def _on_load_job_failed(self, message: str) -> None:
        self._load_job = None
        self.progress.hide()
        self.model_label.setText("No model")
        self._update_actions()
        QMessageBox.critical(self, "The model could not be loaded", message)

    def show_welcome(self, catalog: Catalog | None = None) -> WelcomeDialog:
        """The first-start dialog; the editor stays usable while it is open."""
        dialog = WelcomeDialog(catalog or load_catalog(), self.downloads, self.settings.n_ctx,
                               self, vram_free=self._vram_free())
        dialog.model_chosen.connect(self._on_dialog_model_chosen)
        self._service.hardware_found.connect(dialog.on_hardware_found)
        dialog.open()
        return dialog

    def _vram_free(self) -> int:
        return self._backend.hardware.vram_free if self._backend is not None else 0

    @Slot()
    def open_model_manager(self, catalog: Catalog | None = None) -> ModelManagerDialog:
        """Models on this computer, downloads and Hub search, in a dialog."""
        dialog = ModelManagerDialog(catalog or load_catalog(), self.downloads,
                                    self.settings.n_ctx,
                                    imported=self.settings.imported_models,
                                    active=self.settings.model_path,
                                    vram_free=self._vram_free(), parent=self)
        dialog.model_chosen.connect(self._on_dialog_model_chosen)
        dialog.imported.connect(self._on_dialog_imported)
        dialog.open()
        return dialog

    @Slot(Path)
    def _on_dialog_model_chosen(self, path: Path) -> None:
        self.load_model(path)

    @Slot(Path)
    def _on_dialog_imported(self, path: Path) -> None:
        self._change_settings(self.settings.replace(
            imported_models=(*self.settings.imported_models, str(path))))

    # Servers --------------------------------------------------------------------------

    @Slot()
    def open_servers(self) -> ServersDialog:
        """Add, test and choose inference servers, in a dialog."""
        dialog = ServersDialog(self.settings.servers, self._paths.config,
                               active=self.settings.active_server, parent=self)
        dialog.server_chosen.connect(self._on_servers_dialog_server_chosen)
        dialog.local_chosen.connect(self.use_local_model)
        dialog.finished.connect(self._on_servers_dialog_finished)
        dialog.open()
        return dialog

    @Slot(int)
    def _on_servers_dialog_finished(self, _result: int) -> None:
        dialog = self.sender()
        if isinstance(dialog, ServersDialog):
            self._change_settings(self.settings.replace(servers=dialog.servers()))
            if self.engines.server is not None and active_server(self.settings) is None:
                self.use_local_model()  # the server in use was removed or readdressed

    @Slot(object)
    def _on_servers_dialog_server_chosen(self, server: ServerConfig) -> None:
        self.use_server(server)

    def use_server(self, server: ServerConfig) -> None:
        """Draft with ``server``'s model from now on; the local engine stops."""
        self._stop_streams()
        self.engines.use_server(server)
        self._change_settings(with_server(self.settings, server))
        self.connect_server()

    def connect_server(self) -> None:
        """Check, in the background, that the server in use has its model."""
        server = self.engines.server
        if server is None:
            return
        self._show_engine_kind()
        self._watch_load(self._service.load_model(self.settings.load_settings()))
        self.model_label.setText(f"Connecting to {server.host}…")
        self.progress.setRange(0, 0)
        self.progress.show()
        self._update_actions()

    @Slot()
    def use_local_model(self) -> None:
        """Back to the model on this computer, in one step."""
        if self.engines.server is None:
            return
        if self.settings.model_path:
            self.load_model(Path(self.settings.model_path))
            return
        self._stop_streams()
        self.engines.use_local()
        self._change_settings(self.settings.replace(active_server=""))
        self._show_engine_kind()
        self.model_label.setText("No model")
        self._update_actions()

    def _show_engine_kind(self) -> None:
        """A server's model shows in its own colour, with the way back beside it."""
        remote = self.engines.server is not None
        self.model_label.setStyleSheet(SERVER_STYLE if remote else "")
        self.local_button.setVisible(remote)
        self._action_local.setEnabled(remote)
        self.hardware_label.setVisible(not remote)

    # The assistant --------------------------------------------------------------------

    def _selection(self) -> tuple[int, int] | None:
        cursor = self.editor.textCursor()
        if not cursor.hasSelection():
            return None
        return cursor.selectionStart(), cursor.selectionEnd()

    def _snapshot(self) -> tuple[str, int, tuple[int, int] | None]:
        """The document text with Qt positions mapped to Python string indices."""
        text = self.editor.toPlainText()
        units = _Utf16Map(text, self.editor.document())
        selection = self._selection()
        cursor = units.index(self.editor.textCursor().position())
        if selection is not None:
            selection = (units.index(selection[0]), units.index(selection[1]))
        return text, cursor, selection

    def _require_model(self) -> bool:
        if self.documents.is_loading():
            self.statusBar().showMessage("The document is still opening…", 4000)
            return False
        if self._service.model is not None:
            return True
        if self.progress.isVisible():
            self.statusBar().showMessage("The model is still loading…", 4000)
            return False
        QMessageBox.information(
            self, "No model yet",
            "The assistant needs a language model. Choose Model ▸ Models… to download one "
            "(about 1 GB, once), or Model ▸ Open Model File… for a .gguf file you have. "
            "The model runs on this computer; nothing you write leaves it.")
        self.open_model_manager()
        return False

    @Slot()
    def continue_writing(self) -> None:
        if not self._require_model():
            return
        text, cursor, _ = self._snapshot()
        point = continue_point(text, cursor)
        request = GenerationRequest(Action.CONTINUE, text, cursor=point,
                                    sampling=self.settings.sampling,
                                    length=self.settings.continue_length,
                                    continue_mode=self.settings.continue_mode)
        self._stop_streams()
        # Only whitespace lies between the point and the cursor: one UTF-16 unit a character.
        position = self.editor.textCursor().position() - (cursor - point)
        self._inserter = StreamInserter(self.editor, position, self)
        self._start(request, _Mode.CONTINUE)

    @Slot(object)
    def _on_continue_length_menu_length_chosen(self, length: ContinueLength) -> None:
        self._change_settings(self.settings.replace(continue_length=length))

    @Slot()
    def summarize(self) -> None:
        if not self._require_model():
            return
        text, cursor, selection = self._snapshot()
        if not text.strip():
            self.statusBar().showMessage("There is nothing to summarize yet.", 4000)
            return
        request = GenerationRequest(Action.SUMMARIZE, text, cursor=cursor, selection=selection,
                                    sampling=self.settings.sampling)
        self._stop_streams()
        self.summary_panel.start(
            request, "Of the selection" if selection else "Of the whole document",
            "Summarizing…")
        self._show_panel(self.summary_panel)
        self._start(request, _Mode.SUMMARIZE)

    @Slot()
    def _on_rewrite_action_triggered(self) -> None:
        action = self.sender()
        if isinstance(action, QAction):
            self.rewrite(style=RewriteStyle[str(action.data())])

    @Slot()
    def rewrite_with_instruction(self) -> None:
        if self._selection() is None:
            self.statusBar().showMessage("Select the text to rewrite first.", 4000)
            return
        instruction, accepted = QInputDialog.getText(
            self, "Rewrite", "How should the selection be rewritten?")
        if accepted and instruction.strip():
            self.rewrite(instruction=instruction.strip())

    def rewrite(self, style: RewriteStyle | None = None, instruction: str = "") -> None:
        """Rewrite the selection into the review panel."""
        if self._selection() is None or not self.editor.textCursor().selectedText().strip():
            self.statusBar().showMessage("Select the text to rewrite first.", 4000)
            return
        if not self._require_model():
            return
        text, cursor, selection = self._snapshot()
        request = GenerationRequest(Action.REWRITE, text, cursor=cursor, selection=selection,
                                    style=style, instruction=instruction,
                                    sampling=self.settings.sampling)
        self._stop_streams()
        self._rewrite_range = QTextCursor(self.editor.textCursor())
        self.rewrite_panel.start(request, asked_text(request), "Rewriting…")
        self._show_panel(self.rewrite_panel)
        self._start(request, _Mode.REWRITE)

    def _show_panel(self, panel: QWidget) -> None:
        self._panels.setCurrentWidget(panel)
        self.dock.show()

    def _start(self, request: GenerationRequest, mode: _Mode) -> None:
        self._mode = mode
        self._stream_started = 0.0
        self._stream_tokens = 0
        self._job = job = self._service.generate(request)
        job.prompt_progressed.connect(self._on_job_prompt_progressed)
        job.reload_progressed.connect(self._on_load_progressed)
        job.chunk_received.connect(self._on_job_chunk_received)
        job.finished.connect(self._on_job_finished)
        job.failed.connect(self._on_job_failed)
        self.speed_label.setText("Reading…")
        self._update_actions()

    @Slot()
    def stop(self) -> None:
        if self._job is not None:
            self._job.cancel()

    def _stop_streams(self) -> None:
        """End whatever is streaming without waiting for it (a new action replaces it)."""
        if self._job is not None:
            self._job.abandon()
            self._job = None
        if self._inserter is not None:
            self._inserter.finish()
            self._inserter = None
        self._mode = _Mode.IDLE

    @Slot(int, int)
    def _on_job_prompt_progressed(self, done: int, total: int) -> None:
        if total < 1024:
            return
        self.progress.show()
        self.progress.setRange(0, total)
        self.progress.setValue(done)
        self.speed_label.setText(f"Reading {done:,} / {total:,} tokens…")

    @Slot(str, int)
    def _on_job_chunk_received(self, text: str, tokens: int) -> None:
        now = time.perf_counter()
        if not self._stream_started:
            self._stream_started = now
            self.progress.hide()
        else:
            self._stream_tokens += tokens
            elapsed = now - self._stream_started
            if elapsed > 0.25:
                self.speed_label.setText(f"≈ {self._stream_tokens / elapsed:.1f} tokens/s")
        if self._mode is _Mode.CONTINUE and self._inserter is not None:
            self._inserter.add(text)
        elif self._mode is _Mode.SUMMARIZE:
            self.summary_panel.add(text)
        elif self._mode is _Mode.REWRITE:
            self.rewrite_panel.add(text)

    @Slot(object, object)
    def _on_job_finished(self, reason: FinishReason, stats: GenerationStats) -> None:
        self._job = None
        self.progress.hide()
        words = _FINISH_WORDS[reason]
        rate = f"{stats.tokens_per_s:.1f} tokens/s" if stats.tokens_per_s else ""
        self.speed_label.setText(rate)
        self.speed_label.setToolTip(
            f"{stats.generated_tokens} tokens in answer, {stats.prompt_tokens:,} prompt tokens "
            f"({stats.prompt_tokens_processed:,} read, the rest from cache); first token "
            f"after {stats.ttft_s:.2f} s; backend {stats.backend}")
        note = (" The document is longer than the context window, so only part of it was "
                "read.") if stats.truncated_input else ""
        self._end_stream(f"{words}.{note}")

    @Slot(str)
    def _on_job_failed(self, message: str) -> None:
        self._job = None
        self.progress.hide()
        self.speed_label.clear()
        self._end_stream("Failed.")
        QMessageBox.warning(self, "The assistant stopped", message)

    def _end_stream(self, status: str) -> None:
        mode = self._mode
        self._mode = _Mode.IDLE
        if mode is _Mode.CONTINUE and self._inserter is not None:
            if not self._inserter.finish():
                QTimer.singleShot(50, self._finish_pending_insert)
                return
            self._inserter = None
        elif mode is _Mode.SUMMARIZE:
            self.summary_panel.finish(status)
        elif mode is _Mode.REWRITE:
            self.rewrite_panel.finish(status)
        self.statusBar().showMessage(status, 6000)
        self._update_actions()

    @Slot()
    def _finish_pending_insert(self) -> None:
        """Text that waited for an input method's composition goes in once it ends."""
        if self._inserter is None:
            return
        if self._inserter.finish():
            self._inserter = None
            self._update_actions()
        else:
            QTimer.singleShot(50, self._finish_pending_insert)

    @Slot()
    def _on_panel_retry_requested(self) -> None:
        """Ask again what the panel shows (a Continue since then may have been the last)."""
        panel = self.sender()
        if not isinstance(panel, StreamPanel) or panel.request is None:
            return
        if self._service.model is None:
            return
        request = panel.request
        self._stop_streams()
        panel.retry("Summarizing again…" if request.action is Action.SUMMARIZE
                    else "Rewriting again…")
        self._start(request, _Mode(request.action.value))

    @Slot(str)
    def _on_summary_insert_requested(self, text: str) -> None:
        cursor = self.editor.textCursor()
        cursor.insertText(text)
        self.editor.setFocus()

    @Slot(str)
    def _on_rewrite_accepted(self, text: str) -> None:
        target = self._rewrite_range
        if target is None or not target.hasSelection():
            return
        if target.selectedText().replace("\u2029", "\n") != self.rewrite_panel.original:
            QMessageBox.warning(
                self, "The passage changed",
                "The selected passage was edited while the rewrite was under review, so it "
                "was not replaced. Select it again and retry.")
            return
        target.beginEditBlock()
        target.insertText(keep_surrounding_whitespace(self.rewrite_panel.original, text))
        target.endEditBlock()
        self._rewrite_range = None
        self.dock.hide()
        self.editor.setFocus()

    @Slot(bool)
    def _on_rewrite_side_by_side_toggled(self, checked: bool) -> None:
        """Two columns need room: widen the panel to about half the window."""
        wide = self.width() // 2
        if checked and self.dock.width() < wide:
            self.resizeDocks([self.dock], [wide], Qt.Orientation.Horizontal)

    @Slot()
    def _on_rewrite_rejected(self) -> None:
        self.stop()
        self._rewrite_range = None
        self.dock.hide()
        self.editor.setFocus()

    def _update_actions(self) -> None:
        busy = self._mode is not _Mode.IDLE
        has_selection = self._selection() is not None
        self._action_stop.setEnabled(busy)
        self.rewrite_menu.setEnabled(has_selection)
        for action in (*self._rewrite_actions, self._action_custom):
            action.setEnabled(has_selection)

    # Settings and the rest ------------------------------------------------------------

    @Slot()
    def open_settings(self) -> None:
        dialog = SettingsDialog(self.settings, self, token=read_token(self._paths.token_file),
                                backend=self._backend, model=self._service.model)
        if dialog.exec():
            old = self.settings
            self._change_settings(dialog.result_settings())
            self.continue_length_menu.set_length(self.settings.continue_length)
            write_token(self._paths.token_file, dialog.token())
            self.downloads.hub = self.settings.hub_settings(dialog.token())
            engine_changed = (old.n_ctx, old.threads, old.gpu_layers) != (
                self.settings.n_ctx, self.settings.threads, self.settings.gpu_layers)
            if engine_changed and self._service.model is not None:
                if self.engines.server is not None:
                    self.connect_server()
                else:
                    self.load_model(Path(self._service.model.path))

    @Slot()
    def about(self) -> None:
        from writer_app import __version__

        QMessageBox.about(
            self, "About writer-app",
            f"<b>writer-app {__version__}</b><p>A private writing assistant. The language "
            "model runs on this computer through llama.cpp; nothing you write is sent "
            "anywhere, unless you choose a server in Model ▸ Servers….</p>")

    def show_warning(self, message: str) -> None:
        QMessageBox.warning(self, "writer-app", message)

    def closeEvent(self, event: QCloseEvent) -> None:
        if not self._closing and not self.documents.maybe_save():
            event.ignore()
            return
        self._closing = True
        self.documents.close()
        self._counter.stop()
        self._stop_streams()
        self.downloads.shutdown()
        geometry = QSettings(self._geometry_file, QSettings.Format.IniFormat)
        geometry.setValue("geometry", self.saveGeometry())
        geometry.setValue("state", self.saveState())
        self._service.shutdown()
        event.accept()

    def restore_geometry(self) -> None:
        """Window size, position and panels as the last session left them."""
        geometry = QSettings(self._geometry_file, QSettings.Format.IniFormat)
        value = geometry.value("geometry")
        if value is not None:
            self.restoreGeometry(value)
        state = geometry.value("state")
        if state is not None:
            self.restoreState(state)


class _Utf16Map:
    """Map Qt document positions (UTF-16 code units) to Python string indices.

    Characters outside the Basic Multilingual Plane (emoji, rare CJK) take two units. Half
    of a surrogate pair (pasted, or left by typing inside an emoji) has no Python
    character, so in a document with one, positions are counted through a selection.
    """

    def __init__(self, text: str, document: QTextDocument) -> None:
        self._wide = [match.start() for match in _ASTRAL.finditer(text)]
        units = document.characterCount() - 1
        self._document = document if len(text) + len(self._wide) != units else None

    def index(self, position: int) -> int:
        if self._document is not None:
            cursor = QTextCursor(self._document)
            cursor.setPosition(position, QTextCursor.MoveMode.KeepAnchor)
            return len(cursor.selectedText())
        before = 0
        for seen, index in enumerate(self._wide):
            if index + seen + 2 > position:
                break
            before += 1
        return position - before
