"""Getting a model: the first-start welcome, and the model manager with Hub search.

When no source can be reached, both say why and offer every other way to a model on the
spot (``OfflinePanel``): a mirror of the Hub or ModelScope (remembered once a model came
from it), a GGUF file on disk, or the exact file to fetch on another computer and drop
into the models folder, where it is found without a restart.
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLocale, Qt, Signal, Slot
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QProgressBar,
    QPushButton,
    QScrollArea,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from writer_app.core.errors import WriterError
from writer_app.core.i18n import message_of
from writer_app.core.models.fit import (
    Fit,
    Machine,
    fit,
    memory_needed,
    parameters_from_size,
)
from writer_app.core.models.gguf_header import inspect_gguf
from writer_app.core.protocol import BackendInfo
from writer_app.core.settings import SOURCE_MIRROR, SOURCE_MODELSCOPE
from writer_app.core.sources.catalog import Catalog, CatalogModel
from writer_app.core.sources.download import Progress
from writer_app.core.sources.folders import (
    SOURCE_ADDED,
    SOURCE_LM_STUDIO,
    SOURCE_OLLAMA,
    ModelFolder,
    model_folders,
    scan_folders,
)
from writer_app.core.sources.hub import ModelFileSet, RemoteFile, RepoSummary
from writer_app.core.sources.local import (
    LocalModel,
    PartialDownload,
    can_delete,
    delete_model,
    local_models,
    partial_downloads,
)
from writer_app.core.sources.resolution import (
    SourceProbe,
    catalog_repo,
    client_for,
    local_file,
    probe,
)
from writer_app.qt.download_service import DownloadJob, DownloadService, QueryJob
from writer_app.qt.messages import Level
from writer_app.qt.models_folder import ModelsFolderWatcher
from writer_app.ui.common import message_boxes
from writer_app.ui.common.accessibility import announce
from writer_app.ui.common.core_text import translated
from writer_app.ui.common.places import downloads_folder, open_folder
from writer_app.ui.common.quantities import data_size, memory_text, progress_text

HUB_SITE = "https://huggingface.co"
MODELSCOPE_SITE = "https://modelscope.cn"


def model_filter() -> str:
    return QCoreApplication.translate("ModelDialogs", "GGUF models (*.gguf);;All files (*)")


def fit_words(mark: Fit) -> str:
    # Literal calls, so that lupdate finds each of them.
    return {Fit.FITS: QCoreApplication.translate("ModelDialogs", "fits"),
            Fit.SLOW: QCoreApplication.translate("ModelDialogs", "slow here"),
            Fit.WONT_FIT: QCoreApplication.translate("ModelDialogs", "won't fit")}[mark]


class DownloadRow(QWidget):
    """Progress of one download with Pause/Resume and Cancel: named files, or a catalog
    model whose files are picked from its repository's listing when it starts.

    Each start (or resume) is a new ``DownloadJob`` (``job``); the row passes on how the
    download ended: ``downloaded`` with the first file's path, ``stopped`` when it failed
    or was cancelled, ``unreachable`` (before ``stopped``) when no source answered.
    """

    downloaded = Signal(Path)
    stopped = Signal()
    unreachable = Signal(object)

    def __init__(self, service: DownloadService, files: list[RemoteFile] | None = None,
                 parent: QWidget | None = None, *, model: CatalogModel | None = None,
                 folder: Path | None = None) -> None:
        super().__init__(parent)
        self._service = service
        self._files = files or []
        self._model = model
        self._folder = folder
        self.job: DownloadJob | None = None
        if model is not None:
            what = model.name
            title = f"<b>{html.escape(model.name)}</b> · {html.escape(model.quantization)}"
        else:
            what = self._files[0].filename
            title = (f"<b>{html.escape(self._files[0].repo)}</b> · "
                     f"{html.escape(self._files[0].filename)}")
        self.title = QLabel(title, self)
        self.bar = QProgressBar(self)
        self.bar.setAccessibleName(self.tr("Download of {name}").format(name=what))
        self.bar.setRange(0, 1000)
        self.status = QLabel(self.tr("Starting…"), self)
        self.status.setWordWrap(True)
        self.pause_button = QPushButton(self.tr("Pause"), self)
        self.cancel_button = QPushButton(self.tr("Cancel"), self)
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

    def start(self) -> None:
        job = self.job = self._service.download_model(self._model) \
            if self._model is not None else self._service.download(self._files, self._folder)
        job.progressed.connect(self._on_job_progressed)
        job.paused.connect(self._on_job_paused)
        job.failed.connect(self._on_job_failed)
        job.cancelled.connect(self.stopped)
        job.unreachable.connect(self.unreachable)
        job.finished.connect(self._on_job_finished)
        self.pause_button.setText(self.tr("Pause"))
        self.pause_button.show()
        self.status.setText(self.tr("Connecting to {source}…").format(
            source=translated(self._service.hub.source_name)))

    def is_downloading(self) -> bool:
        return self.job is not None and not self.job.done

    def pause(self) -> None:
        """Stop the download, keeping what was fetched for later."""
        if self.job is not None:
            self.job.pause()

    @Slot()
    def _on_pause_clicked(self) -> None:
        if self.is_downloading():
            self.pause()
        else:
            self.start()

    @Slot()
    def _on_cancel_clicked(self) -> None:
        if self.job is not None:
            self.job.cancel()
        self.hide()

    @Slot(object)
    def _on_job_progressed(self, progress: Progress) -> None:
        if progress.verifying:
            self.bar.setRange(0, 0)
        else:
            self.bar.setRange(0, 1000)
            self.bar.setValue(int(1000 * progress.done / max(1, progress.total)))
        self.status.setText(progress_text(progress))

    @Slot()
    def _on_job_paused(self) -> None:
        self.pause_button.setText(self.tr("Resume"))
        self.status.setText(self.tr("Paused at {percent}%: resume any time, also after a "
                                    "restart.").format(percent=self.bar.value() // 10))

    @Slot(object)
    def _on_job_failed(self, message: str) -> None:
        self.bar.setRange(0, 1000)
        self.pause_button.setText(self.tr("Retry"))
        self.status.setText(translated(message))
        self.stopped.emit()

    @Slot(object)
    def _on_job_finished(self, path: Path) -> None:
        self.bar.setRange(0, 1000)
        self.bar.setValue(1000)
        self.status.setText(self.tr("Downloaded and verified."))
        announce(self, self.tr("{name} is downloaded and verified.").format(name=path.name))
        self.pause_button.hide()
        self.cancel_button.hide()
        self.downloaded.emit(path)


class OfflinePanel(QFrame):
    """What to do when no source can be reached: the cause, then every other way forward.

    ``source_chosen`` (``SOURCE_MIRROR`` or ``SOURCE_MODELSCOPE``) asks for that source now;
    the dialog then tries again there, and says ``downloaded()`` when a model came, which
    emits ``source_worked`` with the source chosen, to be remembered: never a source that
    was only tried.
    """

    source_chosen = Signal(str)
    source_worked = Signal(str)

    def __init__(self, models_dir: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._models_dir = models_dir
        self._fetch_text = ""
        self._tried = ""
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.problem = QLabel(self)
        self.problem.setWordWrap(True)
        self.problem.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        ways = QLabel(self.tr("You can still get a model:"), self)
        self.mirror_button = QPushButton(self.tr("Use a mirror of the Hugging Face Hub"), self)
        self.modelscope_button = QPushButton(self.tr("Use ModelScope (魔搭)"), self)
        self.fetch = QLabel(self)
        self.fetch.setWordWrap(True)
        self.fetch.setTextFormat(Qt.TextFormat.RichText)
        self.fetch.setTextInteractionFlags(Qt.TextInteractionFlag.TextBrowserInteraction)
        self.fetch.setOpenExternalLinks(True)
        self.copy_button = QPushButton(self.tr("Copy address and file name"), self)
        self.folder_button = QPushButton(self.tr("Open models folder"), self)
        self.mirror_button.clicked.connect(self._on_mirror_clicked)
        self.modelscope_button.clicked.connect(self._on_modelscope_clicked)
        self.copy_button.clicked.connect(self._on_copy_clicked)
        self.folder_button.clicked.connect(self._on_folder_clicked)
        sources = QHBoxLayout()
        sources.addWidget(self.mirror_button)
        sources.addWidget(self.modelscope_button)
        sources.addStretch(1)
        elsewhere = QHBoxLayout()
        elsewhere.addWidget(self.copy_button)
        elsewhere.addWidget(self.folder_button)
        elsewhere.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.problem)
        layout.addWidget(ways)
        layout.addLayout(sources)
        layout.addWidget(self.fetch)
        layout.addLayout(elsewhere)

    def show_problem(self, message: str, model: CatalogModel) -> None:
        """Say why nothing could be reached, and what to fetch elsewhere for ``model``."""
        self.problem.setText(f"<b>{html.escape(translated(message))}</b>")
        page = f"{HUB_SITE}/{model.repo}/tree/main"
        fetch = self.tr(
            "Or fetch the model on a computer that can reach it: open {page} and download "
            "<b>{file}</b> (about {size}), then put that file into the models folder "
            "({folder}). writer-app finds it there at once.").format(
            page=f'<a href="{html.escape(page)}">{html.escape(page)}</a>',
            file=html.escape(model.file_hint), size=data_size(model.size_bytes),
            folder=html.escape(str(self._models_dir)))
        self._fetch_text = f"{page}\n{model.file_hint}"
        if model.modelscope_repo:
            modelscope = f"{MODELSCOPE_SITE}/models/{model.modelscope_repo}/files"
            fetch += " " + self.tr("The same file is on ModelScope: {page}").format(
                page=f'<a href="{html.escape(modelscope)}">{html.escape(modelscope)}</a>')
            self._fetch_text += f"\n{modelscope}"
        self.fetch.setText(fetch)
        self.show()

    @property
    def fetch_text(self) -> str:
        """What the Copy button puts on the clipboard: the pages and the file name."""
        return self._fetch_text

    def downloaded(self) -> None:
        """A model came: the source chosen here, if any, worked."""
        if self._tried:
            self.source_worked.emit(self._tried)

    @Slot()
    def _on_mirror_clicked(self) -> None:
        self._tried = SOURCE_MIRROR
        self.source_chosen.emit(SOURCE_MIRROR)

    @Slot()
    def _on_modelscope_clicked(self) -> None:
        self._tried = SOURCE_MODELSCOPE
        self.source_chosen.emit(SOURCE_MODELSCOPE)

    @Slot()
    def _on_copy_clicked(self) -> None:
        QGuiApplication.clipboard().setText(self._fetch_text)

    @Slot()
    def _on_folder_clicked(self) -> None:
        open_folder(self._models_dir, self, self.tr("The models folder"))


class WelcomeDialog(QDialog):
    """First start: offer the default model, the rest of the catalog, a file, or later;
    and ``found``, the models other apps (LM Studio, Ollama) already keep here, the first
    of them on a button of its own.

    On opening it asks the source for the catalog's real sizes; that one request also tells
    at once whether the source can be reached. ``source_chosen`` (``SOURCE_MIRROR`` or
    ``SOURCE_MODELSCOPE``) asks the window to download from that source; the download then
    starts again, and ``source_worked`` says when a model came from it, to be remembered.
    """

    model_chosen = Signal(Path)
    source_chosen = Signal(str)
    source_worked = Signal(str)

    def __init__(self, catalog: Catalog, service: DownloadService, n_ctx: int,
                 parent: QWidget | None = None, *, vram_free: int = 0,
                 found: Sequence[LocalModel] = ()) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Welcome to writer-app"))
        self.setMinimumWidth(620)
        self._catalog = catalog
        self._service = service
        self._n_ctx = n_ctx
        self._vram_free = vram_free
        self._row: DownloadRow | None = None
        self._sizes: dict[str, int] = {}
        intro = QLabel(self.tr(
            "<h2>Welcome to writer-app</h2><p>writer-app writes with a language model that "
            "runs on this computer, so nothing you write leaves it. Choose a model to "
            "download once; after that everything works offline.</p>"), self)
        intro.setWordWrap(True)
        self.list = QListWidget(self)
        self.list.setAccessibleName(self.tr("Models to download"))
        self.list.setWordWrap(True)
        self.list.setSpacing(3)
        for model in catalog.models:
            item = QListWidgetItem()
            item.setData(Qt.ItemDataRole.UserRole, model.id)
            self.list.addItem(item)
            if model.id == catalog.default_id:
                item.setSelected(True)
                self.list.setCurrentItem(item)
        self.offline = OfflinePanel(service.models_dir, self)
        self.offline.hide()
        self.found_button = QPushButton(self.tr("Use the model found in the models folder"),
                                        self)
        self.found_button.hide()
        self.download_button = QPushButton(self.tr("Download and start writing"), self)
        self.download_button.setDefault(True)
        self.file_button = QPushButton(self.tr("Use a GGUF file on disk…"), self)
        self.later_button = QPushButton(self.tr("Later"), self)
        self._layout = QVBoxLayout(self)
        self._layout.addWidget(intro)
        self._layout.addWidget(self.list, 1)
        self._layout.addWidget(self.offline)
        self._layout.addWidget(self.found_button)
        self._layout.addLayout(self._buttons())
        self._found: Path | None = None
        if found:  # a model LM Studio or Ollama already keeps here: no download needed
            self._found = found[0].path
            self.found_button.setText(self.tr(
                "Use {name} from {source}, already on this computer").format(
                name=found[0].name, source=found[0].source))
            self.found_button.show()
        self.folder = ModelsFolderWatcher(service.models_dir, self)
        self.folder.changed.connect(self._on_folder_changed)
        self.show_fit(vram_free)
        hub, models = service.hub, catalog.models
        self._probe = service.query(lambda: probe(models, hub))
        self._probe.returned.connect(self._on_probe_returned)
        self.resize(720, 600)

    @property
    def download_row(self) -> DownloadRow | None:
        """The row of the download started here last, if any."""
        return self._row

    def _buttons(self) -> QHBoxLayout:
        self.download_button.clicked.connect(self._on_download_clicked)
        self.file_button.clicked.connect(self._on_file_clicked)
        self.later_button.clicked.connect(self.reject)
        self.found_button.clicked.connect(self._on_found_clicked)
        self.offline.source_chosen.connect(self._on_offline_source_chosen)
        self.offline.source_worked.connect(self.source_worked)
        buttons = QHBoxLayout()
        buttons.addWidget(self.later_button)
        buttons.addStretch(1)
        buttons.addWidget(self.file_button)
        buttons.addWidget(self.download_button)
        return buttons

    def _describe(self, model: CatalogModel, machine: Machine, local: bool) -> str:
        model = model.in_language(QLocale().name())
        size = self._sizes.get(model.id)
        mark = fit_words(fit(memory_needed(size or model.size_bytes, model.parameters_b,
                                           self._n_ctx), machine))
        if local:
            where = self.tr("on this computer")
        elif size is not None:
            where = self.tr("{size} download").format(size=data_size(size))
        else:
            where = self.tr("about {size} download").format(size=data_size(model.size_bytes))
        return self.tr("{name}\n{where} · needs {ram} of memory · {fit} · {licence} · "
                       "{languages}\n{summary}").format(
            name=model.name, where=where, ram=memory_text(model.ram_gb * 1e9), fit=mark,
            licence=model.licence,
            languages=QLocale().createSeparatedList(list(model.languages)),
            summary=model.summary)

    def show_fit(self, vram_free: int) -> None:
        """Describe each model with its fit mark for this computer's free RAM and
        ``vram_free`` (known once the engine has reported its devices)."""
        self._vram_free = vram_free
        machine = Machine.current(vram_free)
        for row in range(self.list.count()):
            item = self.list.item(row)
            model = self._catalog.find(str(item.data(Qt.ItemDataRole.UserRole)))
            local = local_file(self._service.models_dir, model) is not None
            item.setText(self._describe(model, machine, local))

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
        existing = local_file(self._service.models_dir, model)
        if existing is not None:
            self._choose(existing)
            return
        if self._row is not None:
            self._row.hide()
            self._row.deleteLater()  # a row's signals concern this dialog while it shows
        self.offline.hide()
        self._row = DownloadRow(self._service, parent=self, model=model)
        self._row.downloaded.connect(self._on_row_downloaded)
        self._row.unreachable.connect(self._on_row_unreachable)
        self._row.stopped.connect(self._on_row_stopped)
        self._layout.insertWidget(2, self._row)
        self._row.start()
        self.download_button.setEnabled(False)
        self.list.setEnabled(False)

    @Slot(str)
    def _on_offline_source_chosen(self, source: str) -> None:
        self.source_chosen.emit(source)
        self._on_download_clicked()

    @Slot(Path)
    def _on_row_downloaded(self, path: Path) -> None:
        self.offline.downloaded()
        self._choose(path)

    @Slot()
    def _on_file_clicked(self) -> None:
        name, _ = QFileDialog.getOpenFileName(
            self, self.tr("Use a GGUF Model"), str(downloads_folder()), model_filter())
        if name:
            self._choose(Path(name))

    @Slot(list)
    def _on_folder_changed(self, models: list[LocalModel]) -> None:
        """A model put into the models folder by hand is offered at once."""
        dropped = [m for m in models if m.source == "models folder"]
        if not dropped:
            return
        self._found = dropped[-1].path
        self.found_button.setText(self.tr("Use {name}, found in the models folder").format(
            name=dropped[-1].name))
        self.found_button.show()
        if self.offline.isVisible():
            self._default_offline()

    def _default_offline(self) -> None:
        """Without the Hub, Enter uses a model on this computer: the one found in the
        models folder, else a file the writer picks."""
        button = self.found_button if self._found is not None else self.file_button
        self.download_button.setDefault(False)
        button.setDefault(True)
        button.setFocus()

    @Slot()
    def _on_found_clicked(self) -> None:
        if self._found is not None:
            self._choose(self._found)

    @Slot(object)
    def _on_probe_returned(self, result: SourceProbe) -> None:
        self._sizes = result.sizes
        self.show_fit(self._vram_free)
        if result.unreachable and self._row is None:
            self.offline.show_problem(result.unreachable, self.selected())
            self._default_offline()

    @Slot(object)
    def _on_row_unreachable(self, message: str) -> None:
        if self._row is not None:
            self._row.hide()
        self.offline.show_problem(message, self.selected())
        self._default_offline()

    @Slot()
    def _on_row_stopped(self) -> None:
        """A failed or cancelled download leaves the choice open again, with one button
        to try again (the row's own Retry is hidden)."""
        if self._row is not None:
            self._row.pause_button.hide()
        self.download_button.setText(self.tr("Try again"))
        self.download_button.setEnabled(True)
        self.list.setEnabled(True)
        if self.offline.isVisible():
            self._default_offline()
        else:
            self.download_button.setFocus()  # Enter tries again, as before

    @Slot(Path)
    def _choose(self, path: Path) -> None:
        self.model_chosen.emit(path)
        self.accept()

    def reject(self) -> None:
        if self._row is not None:
            self._row.pause()
        super().reject()


class ModelManagerDialog(QDialog):
    """Models on this computer, downloads, the catalog and Hub search.

    ``added`` are the folders the writer added and ``found`` the other apps' model folders
    (LM Studio's, Ollama's) found on their own; their models are listed and used where
    they are. ``folders_changed`` carries the added folders after an Add or a Remove.
    When the source cannot be reached, Get models offers the other ways to a model as the
    welcome does: ``source_chosen`` and ``source_worked`` are the welcome's.
    """

    model_chosen = Signal(Path)
    imported = Signal(Path)
    folders_changed = Signal(tuple)
    source_chosen = Signal(str)
    source_worked = Signal(str)

    def __init__(self, catalog: Catalog, service: DownloadService, n_ctx: int, *,
                 imported: tuple[str, ...], active: str, vram_free: int = 0,
                 added: tuple[str, ...] = (), found: Sequence[ModelFolder] = (),
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Models"))
        self._catalog = catalog
        self._service = service
        self._n_ctx = n_ctx
        self._imported = imported
        self._active = active
        self._added = added
        self._found = list(found)
        self._folders: list[ModelFolder] = []
        self._machine = Machine.current(vram_free)
        self._local: list[LocalModel] = []
        self._results: list[RepoSummary] = []
        self._offered: list[CatalogModel] = []
        self._sets: list[ModelFileSet] = []
        self._search: QueryJob | None = None
        self._listing: QueryJob | None = None
        self.tabs = QTabWidget(self)
        self.tabs.addTab(self._build_local_tab(), self.tr("On this computer"))
        self.tabs.addTab(self._build_get_tab(), self.tr("Get models"))
        # Downloads scroll: a shrunk dialog must not cut a row (and its buttons) off.
        self.downloads = QVBoxLayout()
        self.downloads.addStretch(1)
        downloads = QWidget(self)
        downloads.setLayout(self.downloads)
        self.downloads_area = QScrollArea(self)
        self.downloads_area.setWidgetResizable(True)
        self.downloads_area.setWidget(downloads)
        self.downloads_area.setFrameShape(QFrame.Shape.NoFrame)
        self.downloads_area.hide()
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        close.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs, 3)
        layout.addWidget(self.downloads_area, 1)
        layout.addWidget(close)
        self.folder = ModelsFolderWatcher(service.models_dir, self)
        self.folder.changed.connect(self._on_folder_changed)
        self.refresh()
        self.folder.watch([f.path for f in self._folders])
        self.resize(860, 640)

    # On this computer -----------------------------------------------------------------

    def _build_local_tab(self) -> QWidget:
        tab = QWidget(self)
        self.table = QTableWidget(0, 5, tab)
        self.table.setAccessibleName(self.tr("Models on this computer"))
        self.table.setHorizontalHeaderLabels([
            self.tr("Model"), self.tr("Quantization"), self.tr("Size"), self.tr("Source"),
            self.tr("Location")])
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(4, QHeaderView.ResizeMode.Stretch)
        self.empty_label = QLabel(self.tr(
            "No models on this computer yet. Download one in Get models, import a GGUF file "
            "you already have, or put a .gguf file into the models folder ({folder}): it "
            "appears here at once.").format(folder=self._service.models_dir), tab)
        self.empty_label.setWordWrap(True)
        self.partial_label = QLabel(tab)
        self.partial_label.setWordWrap(True)
        self.skipped_label = QLabel(tab)
        self.skipped_label.setWordWrap(True)
        self.skipped_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.use_button = QPushButton(self.tr("Use"), tab)
        self.delete_button = QPushButton(self.tr("Delete…"), tab)
        self.import_button = QPushButton(self.tr("Import GGUF…"), tab)
        self.folder_button = QPushButton(self.tr("Open models folder"), tab)
        self.resume_button = QPushButton(self.tr("Resume downloads"), tab)
        self.use_button.clicked.connect(self._on_use_clicked)
        self.delete_button.clicked.connect(self._on_delete_clicked)
        self.import_button.clicked.connect(self._on_import_clicked)
        self.resume_button.clicked.connect(self._on_resume_clicked)
        self.folder_button.clicked.connect(self._on_folder_clicked)
        self.table.itemDoubleClicked.connect(self._on_use_clicked)
        self.table.itemSelectionChanged.connect(self._on_table_item_selection_changed)
        buttons = QHBoxLayout()
        for button in (self.use_button, self.delete_button, self.import_button,
                       self.folder_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        buttons.addWidget(self.resume_button)
        layout = QVBoxLayout(tab)
        layout.addWidget(self.empty_label)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.partial_label)
        layout.addWidget(self.skipped_label)
        layout.addLayout(buttons)
        layout.addLayout(self._build_folders())
        return tab

    def _build_folders(self) -> QVBoxLayout:
        """The folders models are found in besides writer-app's own, with Add and Remove."""
        self.folder_list = QListWidget(self)
        self.folder_list.setAccessibleName(self.tr("Folders with models"))
        self.folder_list.setMaximumHeight(self.folder_list.fontMetrics().height() * 5)
        self.add_folder_button = QPushButton(self.tr("Add a Models Folder…"), self)
        self.remove_folder_button = QPushButton(self.tr("Remove Folder"), self)
        self.add_folder_button.clicked.connect(self._on_add_folder_clicked)
        self.remove_folder_button.clicked.connect(self._on_remove_folder_clicked)
        self.folder_list.currentRowChanged.connect(self._on_folder_list_current_row_changed)
        title = QLabel(self.tr(
            "Models are also found in these folders, and used where they are (never "
            "copied). Downloads go to {folder}.").format(folder=self._service.models_dir),
            self)
        title.setWordWrap(True)
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_folder_button)
        buttons.addWidget(self.remove_folder_button)
        buttons.addStretch(1)
        layout = QVBoxLayout()
        layout.addWidget(title)
        layout.addWidget(self.folder_list)
        layout.addLayout(buttons)
        return layout

    def refresh(self) -> None:
        """Reread the models folders, the Hugging Face cache, the added folders, other
        apps' folders and the imported files."""
        self._folders = model_folders(self._added, self._found)
        self._show_folders()
        scan = scan_folders(self._folders)
        self.skipped_label.setText("\n".join(translated(reason) for reason in scan.skipped))
        self.skipped_label.setVisible(bool(scan.skipped))
        self._local = local_models(self._service.models_dir, self._imported, self._active,
                                   also=self._service.own_dirs, found=scan.models)
        self.empty_label.setVisible(not self._local)
        self.table.setVisible(bool(self._local))
        self.table.setRowCount(len(self._local))
        for row, model in enumerate(self._local):
            name = self.tr("{name} (in use)").format(name=model.name) \
                if str(model.path) == self._active else model.name
            cells = [name, model.quantization, data_size(model.size),
                     self._source_text(model.source), str(model.path.parent)]
            for column, text in enumerate(cells):
                self.table.setItem(row, column, QTableWidgetItem(text))
        partial = self._partial_downloads()
        self.partial_label.setText("\n".join(self._partial_text(p) for p in partial))
        self.resume_button.setVisible(bool(partial))
        if self._local:
            self.table.selectRow(0)
        self._on_table_item_selection_changed()

    def _partial_downloads(self) -> list[PartialDownload]:
        """Incomplete downloads in the app's folders and the added ones, each resumed
        where its bytes are."""
        folders = [*self._service.own_dirs, *(f.path for f in self._folders if f.added)]
        return [partial for folder in dict.fromkeys(folders)
                for partial in partial_downloads(folder)]

    def _partial_text(self, partial: PartialDownload) -> str:
        """An incomplete download, and its folder when that is not the download folder
        (it resumes there, where its bytes are)."""
        done, size = data_size(partial.done), data_size(partial.size)
        if partial.folder == self._service.models_dir:
            return self.tr("Incomplete: {file} ({done} of {size})").format(
                file=partial.filename, done=done, size=size)
        return self.tr("Incomplete: {file} ({done} of {size}) in {folder}, where it "
                       "resumes").format(file=partial.filename, done=done, size=size,
                                         folder=partial.folder)

    def _show_folders(self) -> None:
        row = self.folder_list.currentRow()
        self.folder_list.clear()
        for folder in self._folders:
            text = str(folder.path) if folder.source == SOURCE_ADDED \
                else self.tr("{source}: {folder}").format(
                    source=self._source_text(folder.source), folder=folder.path)
            item = QListWidgetItem(text if folder.added else self.tr(
                "{folder} (found on this computer)").format(folder=text))
            self.folder_list.addItem(item)
        self.folder_list.setVisible(bool(self._folders))
        self.folder_list.setCurrentRow(min(row, self.folder_list.count() - 1))
        self._on_folder_list_current_row_changed(self.folder_list.currentRow())

    def _source_text(self, source: str) -> str:
        names = {"downloaded": self.tr("downloaded"), "models folder": self.tr("models folder"),
                 "Hugging Face cache": self.tr("Hugging Face cache"),
                 "imported": self.tr("imported"), "opened": self.tr("opened from a file"),
                 SOURCE_ADDED: self.tr("added folder"), SOURCE_LM_STUDIO: "LM Studio",
                 SOURCE_OLLAMA: "Ollama"}
        return names.get(source, source)

    def add_folder(self, folder: Path) -> None:
        """Find the models in ``folder`` from now on (nothing is copied)."""
        known = {Path(name) for name in self._added} | {f.path for f in self._folders}
        if folder not in known:
            self._added = (*self._added, str(folder))
            self.folders_changed.emit(self._added)
        self.refresh()
        self.folder.watch([f.path for f in self._folders])

    def remove_folder(self, folder: Path) -> None:
        """Stop finding the models in ``folder``, an added one (its files stay)."""
        self._added = tuple(name for name in self._added if Path(name) != folder)
        self.folders_changed.emit(self._added)
        self.refresh()

    @Slot()
    def _on_add_folder_clicked(self) -> None:
        name = QFileDialog.getExistingDirectory(self, self.tr("Add a Models Folder"),
                                                str(Path.home()))
        if name:
            self.add_folder(Path(name))

    @Slot()
    def _on_remove_folder_clicked(self) -> None:
        row = self.folder_list.currentRow()
        if 0 <= row < len(self._folders) and self._folders[row].added:
            self.remove_folder(self._folders[row].path)

    @Slot(int)
    def _on_folder_list_current_row_changed(self, row: int) -> None:
        self.remove_folder_button.setEnabled(
            0 <= row < len(self._folders) and self._folders[row].added)

    def _current_local(self) -> LocalModel | None:
        rows = self.table.selectionModel().selectedRows()
        row = rows[0].row() if rows else -1
        return self._local[row] if 0 <= row < len(self._local) else None

    @Slot()
    def _on_table_item_selection_changed(self) -> None:
        model = self._current_local()
        deletable = model is not None and can_delete(model, self._service.own_dirs)
        self.use_button.setEnabled(model is not None)
        self.delete_button.setEnabled(deletable)
        self.delete_button.setToolTip(
            self.tr("{name} is kept in {folder}, outside writer-app's models folder: delete "
                    "it there if you no longer need it.").format(
                name=model.name, folder=model.path.parent)
            if model is not None and not deletable else "")

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
            message_boxes.show_alert(self, Level.INFO, self.tr("In use"), self.tr(
                "This model is in use: choose another one before deleting it."))
            return
        if not message_boxes.confirm(
                self, self.tr("Delete model"), self.tr("Delete {name} ({size})?").format(
                    name=model.name, size=data_size(model.size))):
            return
        try:
            freed = delete_model(model, self._service.own_dirs)
        except WriterError as exc:
            message_boxes.show_alert(self, Level.WARNING, self.tr("Not deleted"),
                                     translated(message_of(exc)))
            return
        message_boxes.show_alert(self, Level.INFO, self.tr("Deleted"), self.tr(
            "{name} was deleted; {size} freed.").format(name=model.name, size=data_size(freed)))
        self.refresh()

    @Slot()
    def _on_import_clicked(self) -> None:
        name, _ = QFileDialog.getOpenFileName(
            self, self.tr("Import a GGUF Model"), str(downloads_folder()), model_filter())
        if name:
            self.import_path(Path(name))

    def import_path(self, path: Path) -> bool:
        """Check a GGUF from disk and add it to the list (the file is not copied)."""
        try:
            inspect_gguf(path)
        except WriterError as exc:
            message_boxes.show_alert(self, Level.WARNING, self.tr("Not a usable model"),
                                     translated(message_of(exc)))
            return False
        self._imported = (*self._imported, str(path))
        self.imported.emit(path)
        self.refresh()
        return True

    @Slot()
    def _on_resume_clicked(self) -> None:
        for partial in self._partial_downloads():
            self._start_download([RemoteFile(partial.repo, partial.filename, partial.size,
                                             None)], partial.folder)

    @Slot()
    def _on_folder_clicked(self) -> None:
        open_folder(self._service.models_dir, self, self.tr("The models folder"))

    @Slot(list)
    def _on_folder_changed(self, _models: list[LocalModel]) -> None:
        self.refresh()

    # Get models -----------------------------------------------------------------------

    def _build_get_tab(self) -> QWidget:
        tab = QWidget(self)
        self.search_field = QLineEdit(tab)
        self.search_field.returnPressed.connect(self.search)
        search_button = QPushButton(self.tr("Search"), tab)
        search_button.clicked.connect(self.search)
        self.repos = QListWidget(tab)
        self.repos.setAccessibleName(self.tr("Repositories found"))
        self.files = QListWidget(tab)
        self.files.setAccessibleName(self.tr("GGUF files of the repository"))
        self.hub_status = QLabel(tab)
        self.hub_status.setWordWrap(True)
        self.offline = OfflinePanel(self._service.models_dir, tab)
        self.offline.hide()
        self.offline.source_chosen.connect(self._on_offline_source_chosen)
        self.offline.source_worked.connect(self.source_worked)
        self.download_button = QPushButton(self.tr("Download"), tab)
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
        layout.addWidget(self.offline)
        layout.addLayout(bottom)
        self._show_catalog()
        return tab

    def _show_search_hint(self) -> None:
        """Say what the search field looks in: the source downloads come from now."""
        hub = self._service.hub
        if hub.modelscope:  # ModelScope is not searched: a repository is named
            hint = self.tr("Type a repository name on ModelScope (for example: "
                           "Qwen/Qwen3-4B-GGUF)")
            name = self.tr("Repository name on ModelScope")
        else:
            source = translated(hub.source_name)
            hint = self.tr("Search GGUF models on {source} (for example: qwen instruct)"
                           ).format(source=source)
            name = self.tr("Search {source}").format(source=source)
        self.search_field.setPlaceholderText(hint)
        self.search_field.setAccessibleName(name)

    def _show_catalog(self) -> None:
        self._show_search_hint()
        hub = self._service.hub
        offered = [m for m in self._catalog.models if m.modelscope_repo or not hub.modelscope]
        self._offered = offered
        self._results = [RepoSummary(catalog_repo(m, hub), 0, 0, m.gated) for m in offered]
        self.repos.clear()
        for model, result in zip(offered, self._results, strict=True):
            self.repos.addItem(f"{model.name}  ·  {result.repo}")
        self.hub_status.setText(self.tr(
            "Recommended models, from {source}. Search to find any GGUF model.").format(
            source=translated(hub.source_name)))

    @Slot()
    def search(self) -> None:
        text = self.search_field.text().strip()
        if not text:
            self._show_catalog()
            return
        client = client_for(self._service.hub)
        self.hub_status.setText(self.tr("Searching {source} for “{text}”…").format(
            source=translated(self._service.hub.source_name), text=text))
        if self._search is not None:
            self._search.abandon()  # only the latest search is shown
        self._search = self._service.query(lambda: client.search(text))
        self._search.returned.connect(self._on_search_returned)
        self._search.unreachable.connect(self._on_query_unreachable)
        self._search.failed.connect(self._on_query_failed)

    @Slot(int)
    def _on_repos_current_row_changed(self, row: int) -> None:
        self.files.clear()
        self.download_button.setEnabled(False)
        if not 0 <= row < len(self._results):
            return
        repo = self._results[row].repo
        client = client_for(self._service.hub)
        self.hub_status.setText(self.tr("Listing the GGUF files of {repo}…").format(repo=repo))
        if self._listing is not None:
            self._listing.abandon()  # only the latest repository's files are shown
        self._listing = self._service.query(lambda: client.model_files(repo))
        self._listing.returned.connect(self._on_listing_returned)
        self._listing.unreachable.connect(self._on_query_unreachable)
        self._listing.failed.connect(self._on_query_failed)

    @Slot(int)
    def _on_files_current_row_changed(self, row: int) -> None:
        self.download_button.setEnabled(0 <= row < len(self._sets))

    @Slot(object)
    def _on_search_returned(self, results: list[RepoSummary]) -> None:
        self.offline.hide()
        self._results = results
        self._offered = []
        self.repos.clear()
        for repo in self._results:
            gated = self.tr(" · needs a token") if repo.gated else ""
            self.repos.addItem(self.tr("{repo}  ·  {downloads} downloads{gated}").format(
                repo=repo.repo, downloads=QLocale().toString(repo.downloads),
                gated=gated))
        self.hub_status.setText(self.tr("%n repositories with GGUF files.", "",
                                        len(self._results))
                                if self._results else self.tr("Nothing found."))

    @Slot(object)
    def _on_listing_returned(self, sets: list[ModelFileSet]) -> None:
        self.offline.hide()
        self._sets = sets
        self.files.clear()
        for model_set in self._sets:
            parameters = parameters_from_size(model_set.size, model_set.quantization)
            needed = memory_needed(model_set.size, parameters, self._n_ctx)
            mark = fit_words(fit(needed, self._machine))
            parts = self.tr(" · %n parts", "", len(model_set.files)) \
                if len(model_set.files) > 1 else ""
            self.files.addItem(f"{model_set.quantization:<8} {data_size(model_set.size)}"
                               f" · {mark}{parts}  ·  {model_set.name}")
        self.hub_status.setText(self.tr(
            "Pick a quantization: Q4_K_M is a good balance of size and quality.")
            if self._sets else self.tr("No GGUF files here."))

    @Slot(object)
    def _on_query_failed(self, message: str) -> None:
        # Once the source is found unreachable, the offline panel says why.
        self.hub_status.setText("" if not self.offline.isHidden() else translated(message))

    @Slot(object)
    def _on_query_unreachable(self, message: str) -> None:
        """No source answered: say why, with the other ways to the model chosen (or the
        recommended one)."""
        row = self.repos.currentRow()
        model = self._offered[row] if 0 <= row < len(self._offered) else self._catalog.default
        self.offline.show_problem(message, model)

    @Slot(str)
    def _on_offline_source_chosen(self, source: str) -> None:
        """Ask the source chosen for what the Hub could not answer: the search, or the
        files of the repository chosen (the catalog's repositories as named there)."""
        self.source_chosen.emit(source)
        self.offline.hide()
        self._show_search_hint()
        if self.search_field.text().strip():
            self.search()
            return
        row = self.repos.currentRow()
        chosen = self._offered[row] if 0 <= row < len(self._offered) else None
        self._show_catalog()
        if chosen in self._offered:  # ModelScope offers fewer of them, under other names
            self.repos.setCurrentRow(self._offered.index(chosen))

    @Slot()
    def _on_download_clicked(self) -> None:
        row = self.files.currentRow()
        if 0 <= row < len(self._sets):
            self._start_download(list(self._sets[row].files))

    def _start_download(self, files: list[RemoteFile], folder: Path | None = None) -> None:
        row = DownloadRow(self._service, files, self, folder=folder)
        row.downloaded.connect(self._on_row_downloaded)
        row.unreachable.connect(self._on_query_unreachable)
        self.downloads.insertWidget(self.downloads.count() - 1, row)
        self.downloads_area.show()
        row.start()

    @Slot(Path)
    def _on_row_downloaded(self, _path: Path) -> None:
        self.offline.downloaded()
        self.refresh()
