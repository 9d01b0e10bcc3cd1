"""ModelController: which model the assistant uses, loading it, and what the status bar says.

It owns the model's part of the window: opening a model file, the Models and Servers
dialogs, switching between the local engine and a server, and the labels that say which
model is in use and on what hardware. Before it switches, it emits ``switching`` so that
whatever streams stops first.
"""

from __future__ import annotations

import dataclasses
import os
from pathlib import Path

from PySide6.QtCore import QObject, Signal, Slot
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QFileDialog, QLabel, QToolButton, QWidget

from writer_app.core.models.fit import Machine
from writer_app.core.paths import APP_NAME, AppPaths
from writer_app.core.protocol import BackendInfo, ModelInfo
from writer_app.core.settings import read_token
from writer_app.core.sources.catalog import Catalog, CatalogModel, load_catalog
from writer_app.core.sources.drafts import draft_file, draft_offer
from writer_app.core.sources.folders import ModelFolder, scan_folders, standard_folders
from writer_app.core.sources.local import downloaded_models
from writer_app.core.sources.names import display_name
from writer_app.core.sources.servers import ServerConfig
from writer_app.qt.download_service import DownloadJob, DownloadService
from writer_app.qt.engine_service import EngineService, LoadJob
from writer_app.qt.engine_switch import EngineSwitch, active_server, with_server
from writer_app.qt.messages import Level, MessageBridge
from writer_app.qt.preferences import Preferences
from writer_app.ui.common.accessibility import announce
from writer_app.ui.common.core_text import translated
from writer_app.ui.common.places import downloads_folder
from writer_app.ui.common.quantities import data_size, placement_text
from writer_app.ui.common.status_bar import status_progress_bar
from writer_app.ui.model.adapters_controller import AdaptersController
from writer_app.ui.model.dialogs import ModelManagerDialog, WelcomeDialog
from writer_app.ui.model.servers_dialog import ServersDialog

# Where the text goes must be visible at a glance: a server's model has its own colours.
SERVER_STYLE = ("QLabel { background: #1d4e89; color: white; border-radius: 3px; "
                "padding: 1px 6px; }")


class ModelController(QObject):
    """Loads models, connects to servers, and keeps the model and hardware labels true."""

    switching = Signal()
    state_changed = Signal()

    def __init__(self, window: QWidget, service: EngineService, *, engines: EngineSwitch,
                 preferences: Preferences, messages: MessageBridge,
                 downloads: DownloadService, paths: AppPaths) -> None:
        super().__init__(window)
        self._window = window
        self._service = service
        self._engines = engines
        self._preferences = preferences
        self._messages = messages
        self._downloads = downloads
        self._paths = paths
        self.progress = status_progress_bar(window, self.tr("Loading the model"))
        self._load_job: LoadJob | None = None
        self._draft_job: DownloadJob | None = None
        self._backend: BackendInfo | None = None
        self.model_label = QLabel(self.tr("No model"), window)
        self.hardware_label = QLabel(window)
        self.action_local = QAction(self.tr("Use the &Local Model"), self)
        self.action_local.setStatusTip(self.tr("Draft with the model on this computer again"))
        self.action_local.setToolTip(self.action_local.statusTip())
        self.action_local.triggered.connect(self.use_local_model)
        self.local_button = QToolButton(window)
        self.local_button.setDefaultAction(self.action_local)
        self.local_button.setAutoRaise(True)
        self.adapters = AdaptersController(window, service, preferences=preferences,
                                           messages=messages)
        self.state_changed.connect(self._on_state_changed)
        service.model_loaded.connect(self._on_service_model_loaded)
        service.load_started.connect(self._on_service_load_started)
        service.hardware_found.connect(self._on_service_hardware_found)
        preferences.changed.connect(self._on_preferences_changed)
        self._show_engine_kind()
        loading = service.current_load()
        if loading is not None:  # another window asked for it
            self._on_service_load_started(loading)
        elif service.model is not None:
            self._show_model(service.model)

    @property
    def model(self) -> ModelInfo | None:
        """The model in use (None until one is loaded)."""
        return self._service.model

    @property
    def backend(self) -> BackendInfo | None:
        """What the engine last reported about its hardware (None until it has)."""
        return self._backend

    def forget_backend(self) -> None:
        """Wait for the engine's next report before saying where the model runs."""
        self._backend = None

    def is_loading(self) -> bool:
        """True while a model loads or a server is being reached."""
        return self._load_job is not None

    @Slot()
    def open_model_dialog(self) -> None:
        model_path = self._preferences.settings.model_path
        start = str(Path(model_path).parent) if model_path else str(downloads_folder())
        name, _ = QFileDialog.getOpenFileName(
            self._window, self.tr("Open Model"), start,
            self.tr("GGUF models (*.gguf);;All files (*)"))
        if name:
            self.load_model(Path(name))

    def load_model(self, path: Path) -> None:
        """Load a model in the background, for every window; the editor stays usable
        meanwhile."""
        self.switching.emit()
        if self._engines.server is not None:
            self._engines.use_local()
            self._preferences.change(self._preferences.settings.replace(active_server=""))
        settings = self._preferences.settings.load_settings(str(path))
        settings = dataclasses.replace(settings, adapters=self.adapters.for_load(path),
                                       draft_model_path=self._draft_path(path))
        self._own(self._service.load_model(settings))

    def _draft_path(self, path: Path) -> str:
        """The draft model's file for the model at ``path``, where the settings ask for
        one, the catalog has one and the two fit in memory; "" otherwise. A draft model not
        downloaded yet starts downloading, and the model is loaded again with it once it is
        there."""
        settings = self._preferences.settings
        if not settings.draft_model:
            return ""
        offer = draft_offer(str(path), load_catalog(), settings.n_ctx,
                            Machine.current(self._vram_free()))
        if not offer.offered or offer.draft is None:
            return ""
        found = draft_file(offer.draft, [model for folder in self._downloads.own_dirs
                                         for model in downloaded_models(folder)])
        if found is None:
            self._download_draft(offer.draft)
            return ""
        return str(found)

    def _download_draft(self, draft: CatalogModel) -> None:
        job = self._downloads.download_model(draft)
        if job is self._draft_job:
            return
        self._draft_job = job
        job.finished.connect(self._on_draft_job_finished)
        job.failed.connect(self._on_draft_job_failed)
        self._messages.info(self.tr("Downloading the draft model {name} ({size})…").format(
            name=draft.name, size=data_size(draft.size_bytes)))

    @Slot(object)
    def _on_draft_job_finished(self, _path: object) -> None:
        self._draft_job = None
        self.reload()

    @Slot(object)
    def _on_draft_job_failed(self, message: object) -> None:
        self._draft_job = None
        self._messages.warning(self.tr(
            "The draft model could not be downloaded, so the model writes without it: "
            "{reason}").format(reason=translated(str(message))))

    def connect_server(self) -> None:
        """Check, in the background, that the server in use has its model."""
        if self._engines.server is None:
            return
        self._own(self._service.load_model(self._preferences.settings.load_settings()))

    def _own(self, job: LoadJob) -> None:
        """The window that asked for a load hears how it ended; every window shows it."""
        job.loaded.connect(self._on_own_job_loaded)
        job.failed.connect(self._on_own_job_failed)

    @Slot(object)
    def _on_service_load_started(self, job: LoadJob) -> None:
        """A model loads, asked for in this window or another: the status bar shows it."""
        if self._load_job is not None:
            self._load_job.abandon()
        self._load_job = job
        job.progressed.connect(self._on_load_job_progressed)
        job.loaded.connect(self._on_load_job_loaded)
        job.failed.connect(self._on_load_job_failed)
        self._show_engine_kind()
        server = self._engines.server
        if server is not None:
            self.model_label.setText(self.tr("Connecting to {host}…").format(host=server.host))
        elif job.settings is not None:
            self.model_label.setText(self.tr("Loading {name}…").format(
                name=Path(job.settings.model_path).name))
        self.progress.setRange(0, 0 if server is not None else 100)
        self.progress.setValue(0)
        self.progress.show()
        self.state_changed.emit()

    def use_server(self, server: ServerConfig) -> None:
        """Draft with ``server``'s model from now on; the local engine stops."""
        self.switching.emit()
        self._engines.use_server(server)
        self._preferences.change(with_server(self._preferences.settings, server))
        self.connect_server()

    @Slot()
    def use_local_model(self) -> None:
        """Back to the model on this computer, in one step."""
        if self._engines.server is None:
            return
        settings = self._preferences.settings
        if settings.model_path:
            self.load_model(Path(settings.model_path))
            return
        self.switching.emit()
        self._engines.use_local()
        self._preferences.change(settings.replace(active_server=""))
        self._show_engine_kind()
        self.model_label.setText(self.tr("No model"))
        self.state_changed.emit()

    def reload(self) -> None:
        """Load the model in use again, with the settings as they are now."""
        model = self._service.model
        if model is None:
            return
        if self._engines.server is not None:
            self.connect_server()
        else:
            self.load_model(Path(model.path))

    @Slot(float)
    def _on_load_job_progressed(self, fraction: float) -> None:
        self.progress.show()
        self.progress.setRange(0, 100)
        self.progress.setValue(int(fraction * 100))

    @Slot(object)
    def _on_load_job_loaded(self, _info: ModelInfo) -> None:
        self._load_job = None
        self.progress.hide()
        self.state_changed.emit()

    @Slot(object)
    def _on_own_job_loaded(self, info: ModelInfo) -> None:
        if self._engines.server is None:
            self._preferences.change(self._preferences.settings.replace(model_path=info.path))
            self.adapters.loaded(info)
        name = display_name(info.path, info.name)
        self._messages.info(self.tr("{name} is ready ({seconds:.1f} s)").format(
            name=name, seconds=info.load_seconds))
        announce(self._window, self.tr("The model {name} is ready.").format(name=name))
        for notice in info.notices:
            self._messages.alert(Level.WARNING, APP_NAME, translated(notice))

    @Slot(object)
    def _on_service_model_loaded(self, info: ModelInfo) -> None:
        """Every model the engine loads, asked for or reloaded after a restart."""
        self._show_model(info)
        self.state_changed.emit()
        self._service.probe()  # free GPU memory has changed

    @Slot(object)
    def _on_load_job_failed(self, _message: object) -> None:
        self._load_job = None
        self.progress.hide()
        self.model_label.setText(self.tr("No model"))
        self.state_changed.emit()

    @Slot(object)
    def _on_own_job_failed(self, message: str) -> None:
        self._messages.alert(Level.ERROR, self.tr("The model could not be loaded"),
                             translated(message))

    @Slot(object)
    def _on_preferences_changed(self, _settings: object) -> None:
        """Another window may have switched between the local model and a server."""
        self._show_engine_kind()
        if self._service.model is None and not self.is_loading():
            self.model_label.setText(self.tr("No model"))

    @Slot()
    def _on_state_changed(self) -> None:
        self.adapters.update_action(self.is_loading())

    @Slot(object)
    def _on_service_hardware_found(self, backend: BackendInfo) -> None:
        self._backend = backend
        self._show_hardware()

    def _show_model(self, info: ModelInfo) -> None:
        server = self._engines.server
        if server is not None:
            self.model_label.setText(self.tr("Server: {host} · {model}").format(
                host=server.host, model=info.name))
            self.model_label.setToolTip(self.tr("Your text is sent to {url} for {model}.")
                                        .format(url=server.base_url, model=info.name))
            self._show_hardware()
            return
        self.model_label.setText(self.adapters.label(
            f"{display_name(info.path, info.name)} · {info.quantization}", info))
        tip = self.tr(
            "{path}\n{architecture}, {parameters:.2f} B parameters, context {n_ctx:,} tokens "
            "(trained for {n_ctx_train:,})").format(
                path=info.path, architecture=info.architecture,
                parameters=info.parameter_count / 1e9, n_ctx=info.n_ctx,
                n_ctx_train=info.n_ctx_train)
        if info.draft_model:
            tip += "\n" + self.tr("Draft model: {name}").format(
                name=Path(info.draft_model).name)
        self.model_label.setToolTip(tip)
        self._show_hardware()

    def _show_hardware(self) -> None:
        """The status bar's word on where the model runs, and why not on a GPU."""
        backend, model = self._backend, self._service.model
        if self._engines.server is not None:
            self.hardware_label.clear()
            self.hardware_label.setToolTip("")
            return
        if backend is None and model is None:
            return
        text, lines = "CPU", []
        if backend is not None:
            hardware = backend.hardware
            text = translated(hardware.summary())
            lines = [device.describe() for device in hardware.devices]
            lines.append(hardware.gpu_unavailable_reason())
        if model is not None:
            text = placement_text(model)
            lines[-1:] = [model.layer_plan.reason]
        if backend is not None and backend.hardware.gpu_backends and not backend.hardware.gpus:
            text += self.tr(" (GPU unavailable)")
        self.hardware_label.setText(text)
        self.hardware_label.setToolTip("\n".join(translated(line) for line in lines if line))

    def _show_engine_kind(self) -> None:
        """A server's model shows in its own colour, with the way back beside it."""
        remote = self._engines.server is not None
        self.model_label.setStyleSheet(SERVER_STYLE if remote else "")
        self.local_button.setVisible(remote)
        self.action_local.setEnabled(remote)
        self.hardware_label.setVisible(not remote)

    # Dialogs --------------------------------------------------------------------------

    def show_welcome(self, catalog: Catalog | None = None) -> WelcomeDialog:
        """The first-start dialog; the editor stays usable while it is open."""
        found = scan_folders(self._other_apps_folders()).models
        dialog = WelcomeDialog(catalog or load_catalog(), self._downloads,
                               self._preferences.settings.n_ctx, self._window,
                               vram_free=self._vram_free(), found=found)
        dialog.model_chosen.connect(self._on_dialog_model_chosen)
        dialog.source_chosen.connect(self._on_dialog_source_chosen)
        dialog.source_worked.connect(self._on_dialog_source_worked)
        self._service.hardware_found.connect(dialog.on_hardware_found)
        dialog.open()
        return dialog

    @Slot(str)
    def _on_dialog_source_chosen(self, source: str) -> None:
        """Download from a mirror or ModelScope now; it is remembered once a model came
        from it (``_on_dialog_source_worked``), never when it could not be reached."""
        self._downloads.hub = self._preferences.settings.replace(
            model_source=source).hub_settings(read_token(self._paths.token_file))

    @Slot(str)
    def _on_dialog_source_worked(self, source: str) -> None:
        """Download from this source from now on."""
        self._preferences.change(self._preferences.settings.replace(model_source=source))

    @Slot()
    def open_model_manager(self, catalog: Catalog | None = None) -> ModelManagerDialog:
        """Models on this computer, downloads and Hub search, in a dialog."""
        settings = self._preferences.settings
        dialog = ModelManagerDialog(catalog or load_catalog(), self._downloads, settings.n_ctx,
                                    imported=settings.imported_models,
                                    active=settings.model_path, added=settings.model_folders,
                                    found=self._other_apps_folders(),
                                    vram_free=self._vram_free(),
                                    parent=self._window)
        dialog.model_chosen.connect(self._on_dialog_model_chosen)
        dialog.imported.connect(self._on_dialog_imported)
        dialog.folders_changed.connect(self._on_dialog_folders_changed)
        dialog.source_chosen.connect(self._on_dialog_source_chosen)
        dialog.source_worked.connect(self._on_dialog_source_worked)
        dialog.open()
        return dialog

    def _other_apps_folders(self) -> list[ModelFolder]:
        """LM Studio's and Ollama's model folders here, unless the settings leave them out."""
        if not self._preferences.settings.find_other_apps_models:
            return []
        return standard_folders(self._paths.home, os.environ, system=self._paths.real_home)

    def _vram_free(self) -> int:
        return self._backend.hardware.vram_free if self._backend is not None else 0

    @Slot(Path)
    def _on_dialog_model_chosen(self, path: Path) -> None:
        self.load_model(path)

    @Slot(Path)
    def _on_dialog_imported(self, path: Path) -> None:
        settings = self._preferences.settings
        self._preferences.change(settings.replace(
            imported_models=(*settings.imported_models, str(path))))

    @Slot(tuple)
    def _on_dialog_folders_changed(self, folders: tuple[str, ...]) -> None:
        self._preferences.change(self._preferences.settings.replace(model_folders=folders))

    @Slot()
    def open_servers(self) -> ServersDialog:
        """Add, test and choose inference servers, in a dialog."""
        settings = self._preferences.settings
        dialog = ServersDialog(settings.servers, self._paths.config,
                               active=settings.active_server, parent=self._window)
        dialog.server_chosen.connect(self._on_servers_dialog_server_chosen)
        dialog.local_chosen.connect(self.use_local_model)
        dialog.finished.connect(self._on_servers_dialog_finished)
        dialog.open()
        return dialog

    @Slot(int)
    def _on_servers_dialog_finished(self, _result: int) -> None:
        dialog = self.sender()
        if isinstance(dialog, ServersDialog):
            self._preferences.change(self._preferences.settings.replace(
                servers=dialog.servers()))
            if (self._engines.server is not None
                    and active_server(self._preferences.settings) is None):
                self.use_local_model()  # the server in use was removed or readdressed

    @Slot(object)
    def _on_servers_dialog_server_chosen(self, server: ServerConfig) -> None:
        self.use_server(server)
