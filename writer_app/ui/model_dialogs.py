"""Getting a model: the first-start welcome, and the model manager with Hub search."""

from __future__ import annotations

import html
from pathlib import Path

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from writer_app.core.catalog import Catalog, CatalogModel
from writer_app.core.download import Progress, model_path
from writer_app.core.errors import WriterError
from writer_app.core.gguf_header import inspect_gguf
from writer_app.core.hub import HubClient, ModelFileSet, RemoteFile, RepoSummary
from writer_app.core.models import (
    LocalModel,
    delete_model,
    local_models,
    partial_downloads,
)
from writer_app.core.protocol import BackendInfo
from writer_app.core.system import (
    Fit,
    Machine,
    fit,
    human_size,
    memory_needed,
    parameters_from_size,
)
from writer_app.qt.download_service import DownloadService, download_key

MODEL_FILTER = "GGUF models (*.gguf);;All files (*)"
_FIT_WORDS = {Fit.FITS: "fits", Fit.SLOW: "slow here", Fit.WONT_FIT: "won't fit"}


def catalog_files(model: CatalogModel) -> list[RemoteFile]:
    """The catalog's files as remote files (sizes are refreshed from the Hub on download)."""
    share = model.size_bytes // len(model.files)
    return [RemoteFile(model.repo, name, share, None) for name in model.files]


class DownloadRow(QWidget):
    """Progress of one download with Pause/Resume and Cancel."""

    def __init__(self, service: DownloadService, files: list[RemoteFile],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._service = service
        self._files = files
        self.key = download_key(files)
        self.title = QLabel(f"<b>{html.escape(files[0].repo)}</b> · "
                            f"{html.escape(files[0].filename)}", self)
        self.bar = QProgressBar(self)
        self.bar.setRange(0, 1000)
        self.status = QLabel("Starting…", self)
        self.pause_button = QPushButton("Pause", self)
        self.cancel_button = QPushButton("Cancel", self)
        self.pause_button.clicked.connect(self._on_pause_clicked)
        self.cancel_button.clicked.connect(self._on_cancel_clicked)
        buttons = QHBoxLayout()
        buttons.addWidget(self.status, 1)
        buttons.addWidget(self.pause_button)
        buttons.addWidget(self.cancel_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 4, 0, 4)
        layout.addWidget(self.title)
        layout.addWidget(self.bar)
        layout.addLayout(buttons)
        service.progressed.connect(self._on_service_progressed)
        service.paused.connect(self._on_service_paused)
        service.failed.connect(self._on_service_failed)
        service.finished.connect(self._on_service_finished)

    def start(self) -> None:
        self._service.download(self._files)
        self.pause_button.setText("Pause")
        self.status.setText("Connecting to the Hub…")

    @Slot()
    def _on_pause_clicked(self) -> None:
        if self._service.is_downloading(self.key):
            self._service.pause(self.key)
        else:
            self.start()

    @Slot()
    def _on_cancel_clicked(self) -> None:
        if self._service.is_downloading(self.key):
            self._service.cancel(self.key)
        self.hide()

    @Slot(str, object)
    def _on_service_progressed(self, key: str, progress: Progress) -> None:
        if key != self.key:
            return
        if progress.verifying:
            self.bar.setRange(0, 0)
        else:
            self.bar.setRange(0, 1000)
            self.bar.setValue(int(1000 * progress.done / max(1, progress.total)))
        self.status.setText(progress.describe())

    @Slot(str)
    def _on_service_paused(self, key: str) -> None:
        if key == self.key:
            self.pause_button.setText("Resume")
            self.status.setText(f"Paused at {self.bar.value() / 10:.0f}%: resume any time, "
                                "also after a restart.")

    @Slot(str, str)
    def _on_service_failed(self, key: str, message: str) -> None:
        if key == self.key:
            self.bar.setRange(0, 1000)
            self.pause_button.setText("Retry")
            self.status.setText(message)
            self.status.setWordWrap(True)

    @Slot(str, object)
    def _on_service_finished(self, key: str, _path: Path) -> None:
        if key == self.key:
            self.bar.setRange(0, 1000)
            self.bar.setValue(1000)
            self.status.setText("Downloaded and verified.")
            self.pause_button.hide()
            self.cancel_button.hide()


def _describe(model: CatalogModel, machine: Machine, n_ctx: int, local: bool) -> str:
    mark = _FIT_WORDS[fit(memory_needed(model.size_bytes, model.parameters_b, n_ctx), machine)]
    where = "on this computer" if local else f"{human_size(model.size_bytes)} download"
    return (f"{model.name}\n{where} · needs {model.ram_gb:.1f} GB RAM · {mark} · "
            f"{model.licence} · {', '.join(model.languages)}\n{model.summary}")


class WelcomeDialog(QDialog):
    """First start: offer the default model, the rest of the catalog, a file, or later."""

    model_chosen = Signal(Path)

    def __init__(self, catalog: Catalog, service: DownloadService, n_ctx: int,
                 parent: QWidget | None = None, *, vram_free: int = 0) -> None:
        super().__init__(parent)
        self.setWindowTitle("Welcome to writer-app")
        self.setMinimumWidth(620)
        self._catalog = catalog
        self._service = service
        self._n_ctx = n_ctx
        self._row: DownloadRow | None = None
        intro = QLabel(
            "<h2>Welcome to writer-app</h2><p>writer-app writes with a language model that "
            "runs on this computer, so nothing you write leaves it. Choose a model to "
            "download once; after that everything works offline.</p>", self)
        intro.setWordWrap(True)
        self.list = QListWidget(self)
        self.list.setWordWrap(True)
        self.list.setSpacing(3)
        for model in catalog.models:
            item = QListWidgetItem()
            item.setData(Qt.ItemDataRole.UserRole, model.id)
            self.list.addItem(item)
            if model.id == catalog.default_id:
                item.setSelected(True)
                self.list.setCurrentItem(item)
        self.show_fit(vram_free)
        self.download_button = QPushButton("Download and start writing", self)
        self.download_button.setDefault(True)
        self.file_button = QPushButton("Use a GGUF file on disk…", self)
        self.later_button = QPushButton("Later", self)
        self.download_button.clicked.connect(self._on_download_clicked)
        self.file_button.clicked.connect(self._on_file_clicked)
        self.later_button.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        buttons.addWidget(self.later_button)
        buttons.addStretch(1)
        buttons.addWidget(self.file_button)
        buttons.addWidget(self.download_button)
        self._layout = QVBoxLayout(self)
        self._layout.addWidget(intro)
        self._layout.addWidget(self.list, 1)
        self._layout.addLayout(buttons)
        service.finished.connect(self._on_service_finished)
        service.failed.connect(self._on_service_stopped)
        service.cancelled.connect(self._on_service_stopped)
        self.resize(680, 560)

    def show_fit(self, vram_free: int) -> None:
        """Describe each model with its fit mark for this computer's free RAM and
        ``vram_free`` (known once the engine has reported its devices)."""
        machine = Machine.current(vram_free)
        for row in range(self.list.count()):
            item = self.list.item(row)
            model = self._catalog.find(str(item.data(Qt.ItemDataRole.UserRole)))
            local = model_path(self._service.models_dir, model.repo, model.main_file).exists()
            item.setText(_describe(model, machine, self._n_ctx, local))

    @Slot(object)
    def on_hardware_found(self, backend: BackendInfo) -> None:
        self.show_fit(backend.hardware.vram_free)

    def selected(self) -> CatalogModel:
        item = self.list.currentItem()
        return self._catalog.find(str(item.data(Qt.ItemDataRole.UserRole))) if item \
            else self._catalog.default

    @Slot()
    def _on_download_clicked(self) -> None:
        model = self.selected()
        existing = model_path(self._service.models_dir, model.repo, model.main_file)
        if existing.exists():
            self._choose(existing)
            return
        if self._row is not None:
            self._row.hide()
        self._row = DownloadRow(self._service, catalog_files(model), self)
        self._layout.insertWidget(2, self._row)
        self._row.start()
        self.download_button.setEnabled(False)
        self.list.setEnabled(False)

    @Slot()
    def _on_file_clicked(self) -> None:
        name, _ = QFileDialog.getOpenFileName(self, "Use a GGUF Model", "", MODEL_FILTER)
        if name:
            self._choose(Path(name))

    @Slot(str, object)
    def _on_service_finished(self, key: str, path: Path) -> None:
        if self._row is not None and key == self._row.key:
            self._choose(path)

    @Slot(str)
    @Slot(str, str)
    def _on_service_stopped(self, key: str, _message: str = "") -> None:
        """A failed or cancelled download leaves the choice open again."""
        if self._row is not None and key == self._row.key:
            self.download_button.setEnabled(True)
            self.list.setEnabled(True)
            self.download_button.setFocus()  # Enter tries again, as before

    def _choose(self, path: Path) -> None:
        self.model_chosen.emit(path)
        self.accept()

    def reject(self) -> None:
        if self._row is not None:
            self._service.pause(self._row.key)
        super().reject()


class ModelManagerDialog(QDialog):
    """Models on this computer, downloads, the catalog and Hub search."""

    model_chosen = Signal(Path)
    imported = Signal(Path)

    def __init__(self, catalog: Catalog, service: DownloadService, n_ctx: int, *,
                 imported: tuple[str, ...], active: str, vram_free: int = 0,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Models")
        self._catalog = catalog
        self._service = service
        self._n_ctx = n_ctx
        self._imported = imported
        self._active = active
        self._machine = Machine.current(vram_free)
        self._local: list[LocalModel] = []
        self._results: list[RepoSummary] = []
        self._sets: list[ModelFileSet] = []
        self._search_query = 0
        self._files_query = 0
        self.tabs = QTabWidget(self)
        self.tabs.addTab(self._build_local_tab(), "On this computer")
        self.tabs.addTab(self._build_get_tab(), "Get models")
        self.downloads = QVBoxLayout()
        downloads = QWidget(self)
        downloads.setLayout(self.downloads)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        close.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(downloads)
        layout.addWidget(close)
        service.finished.connect(self._on_service_finished)
        service.query_finished.connect(self._on_service_query_finished)
        service.query_failed.connect(self._on_service_query_failed)
        self.refresh()
        self.resize(860, 600)

    # On this computer -----------------------------------------------------------------

    def _build_local_tab(self) -> QWidget:
        tab = QWidget(self)
        self.table = QTableWidget(0, 5, tab)
        self.table.setHorizontalHeaderLabels(["Model", "Quantization", "Size", "Source",
                                              "Location"])
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(4, QHeaderView.ResizeMode.Stretch)
        self.partial_label = QLabel(tab)
        self.partial_label.setWordWrap(True)
        self.use_button = QPushButton("Use", tab)
        self.delete_button = QPushButton("Delete…", tab)
        self.import_button = QPushButton("Import GGUF…", tab)
        self.resume_button = QPushButton("Resume downloads", tab)
        self.use_button.clicked.connect(self._on_use_clicked)
        self.delete_button.clicked.connect(self._on_delete_clicked)
        self.import_button.clicked.connect(self._on_import_clicked)
        self.resume_button.clicked.connect(self._on_resume_clicked)
        self.table.itemDoubleClicked.connect(self._on_use_clicked)
        buttons = QHBoxLayout()
        for button in (self.use_button, self.delete_button, self.import_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        buttons.addWidget(self.resume_button)
        layout = QVBoxLayout(tab)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.partial_label)
        layout.addLayout(buttons)
        return tab

    def refresh(self) -> None:
        """Reread the models folder, the Hugging Face cache and the imported files."""
        self._local = local_models(self._service.models_dir, self._imported)
        self.table.setRowCount(len(self._local))
        for row, model in enumerate(self._local):
            active = " (in use)" if str(model.path) == self._active else ""
            cells = [model.name + active, model.quantization, human_size(model.size),
                     model.source, str(model.path.parent)]
            for column, text in enumerate(cells):
                self.table.setItem(row, column, QTableWidgetItem(text))
        partial = partial_downloads(self._service.models_dir)
        self.partial_label.setText("\n".join(
            f"Incomplete: {p.filename} ({human_size(p.done)} of {human_size(p.size)})"
            for p in partial))
        self.resume_button.setVisible(bool(partial))
        if self._local:
            self.table.selectRow(0)

    def _current_local(self) -> LocalModel | None:
        row = self.table.currentRow()
        return self._local[row] if 0 <= row < len(self._local) else None

    @Slot()
    def _on_use_clicked(self) -> None:
        model = self._current_local()
        if model is not None:
            self.model_chosen.emit(model.path)
            self.accept()

    @Slot()
    def _on_delete_clicked(self) -> None:
        model = self._current_local()
        if model is None:
            return
        if str(model.path) == self._active:
            QMessageBox.information(self, "In use", "This model is in use: choose another "
                                    "one before deleting it.")
            return
        answer = QMessageBox.question(
            self, "Delete model", f"Delete {model.name} ({human_size(model.size)})?")
        if answer != QMessageBox.StandardButton.Yes:
            return
        try:
            freed = delete_model(model, self._service.models_dir)
        except WriterError as exc:
            QMessageBox.warning(self, "Not deleted", str(exc))
            return
        QMessageBox.information(self, "Deleted", f"{model.name} was deleted; "
                                f"{human_size(freed)} freed.")
        self.refresh()

    @Slot()
    def _on_import_clicked(self) -> None:
        name, _ = QFileDialog.getOpenFileName(self, "Import a GGUF Model", "", MODEL_FILTER)
        if name:
            self.import_path(Path(name))

    def import_path(self, path: Path) -> bool:
        """Check a GGUF from disk and add it to the list (the file is not copied)."""
        try:
            inspect_gguf(path)
        except WriterError as exc:
            QMessageBox.warning(self, "Not a usable model", str(exc))
            return False
        self._imported = (*self._imported, str(path))
        self.imported.emit(path)
        self.refresh()
        return True

    @Slot()
    def _on_resume_clicked(self) -> None:
        for partial in partial_downloads(self._service.models_dir):
            self._start_download([RemoteFile(partial.repo, partial.filename, partial.size,
                                             None)])

    # Get models -----------------------------------------------------------------------

    def _build_get_tab(self) -> QWidget:
        tab = QWidget(self)
        self.search_field = QLineEdit(tab)
        self.search_field.setPlaceholderText("Search GGUF models on the Hugging Face Hub "
                                             "(for example: qwen instruct)")
        self.search_field.returnPressed.connect(self.search)
        search_button = QPushButton("Search", tab)
        search_button.clicked.connect(self.search)
        self.repos = QListWidget(tab)
        self.files = QListWidget(tab)
        self.hub_status = QLabel(tab)
        self.hub_status.setWordWrap(True)
        self.download_button = QPushButton("Download", tab)
        self.download_button.setEnabled(False)
        self.repos.currentRowChanged.connect(self._on_repos_current_row_changed)
        self.files.currentRowChanged.connect(self._on_files_current_row_changed)
        self.download_button.clicked.connect(self._on_download_clicked)
        top = QHBoxLayout()
        top.addWidget(self.search_field, 1)
        top.addWidget(search_button)
        lists = QHBoxLayout()
        lists.addWidget(self.repos, 1)
        lists.addWidget(self.files, 1)
        bottom = QHBoxLayout()
        bottom.addWidget(self.hub_status, 1)
        bottom.addWidget(self.download_button)
        layout = QVBoxLayout(tab)
        layout.addLayout(top)
        layout.addLayout(lists, 1)
        layout.addLayout(bottom)
        self._show_catalog()
        return tab

    def _show_catalog(self) -> None:
        self._results = [RepoSummary(m.repo, 0, 0, False) for m in self._catalog.models]
        self.repos.clear()
        for model in self._catalog.models:
            self.repos.addItem(f"{model.name}  ·  {model.repo}")
        self.hub_status.setText("Recommended models. Search to find any GGUF on the Hub.")

    @Slot()
    def search(self) -> None:
        text = self.search_field.text().strip()
        if not text:
            self._show_catalog()
            return
        client = HubClient(self._service.hub)
        self.hub_status.setText(f"Searching the Hub for “{text}”…")
        self._search_query = self._service.query(lambda: client.search(text))

    @Slot(int)
    def _on_repos_current_row_changed(self, row: int) -> None:
        self.files.clear()
        self.download_button.setEnabled(False)
        if not 0 <= row < len(self._results):
            return
        repo = self._results[row].repo
        client = HubClient(self._service.hub)
        self.hub_status.setText(f"Listing the GGUF files of {repo}…")
        self._files_query = self._service.query(lambda: client.model_files(repo))

    @Slot(int)
    def _on_files_current_row_changed(self, row: int) -> None:
        self.download_button.setEnabled(0 <= row < len(self._sets))

    @Slot(int, object)
    def _on_service_query_finished(self, query: int, result: object) -> None:
        if query == self._search_query and isinstance(result, list):
            self._results = result
            self.repos.clear()
            for repo in self._results:
                gated = " · needs a token" if repo.gated else ""
                self.repos.addItem(f"{repo.repo}  ·  {repo.downloads:,} downloads{gated}")
            self.hub_status.setText(f"{len(self._results)} repositories with GGUF files."
                                    if self._results else "Nothing found.")
        elif query == self._files_query and isinstance(result, list):
            self._sets = result
            self.files.clear()
            for model_set in self._sets:
                parameters = parameters_from_size(model_set.size, model_set.quantization)
                needed = memory_needed(model_set.size, parameters, self._n_ctx)
                mark = _FIT_WORDS[fit(needed, self._machine)]
                parts = f" · {len(model_set.files)} parts" if len(model_set.files) > 1 else ""
                self.files.addItem(f"{model_set.quantization:<8} {human_size(model_set.size)}"
                                   f" · {mark}{parts}  ·  {model_set.name}")
            self.hub_status.setText("Pick a quantization: Q4_K_M is a good balance of size "
                                    "and quality." if self._sets else "No GGUF files here.")

    @Slot(int, str)
    def _on_service_query_failed(self, query: int, message: str) -> None:
        if query in (self._search_query, self._files_query):
            self.hub_status.setText(message)

    @Slot()
    def _on_download_clicked(self) -> None:
        row = self.files.currentRow()
        if 0 <= row < len(self._sets):
            self._start_download(list(self._sets[row].files))

    def _start_download(self, files: list[RemoteFile]) -> None:
        row = DownloadRow(self._service, files, self)
        self.downloads.addWidget(row)
        row.start()

    @Slot(str, object)
    def _on_service_finished(self, _key: str, _path: Path) -> None:
        self.refresh()
