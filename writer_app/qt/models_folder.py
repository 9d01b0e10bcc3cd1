"""ModelsFolderWatcher: says when a model file appears in the models folder.

A writer who fetched a model on another computer drops the ``.gguf`` into the folder; the
dialogs then list it without a restart. QFileSystemWatcher reports every change of the
folder (also each step of a copy still under way), so ``changed`` is coalesced on a short
timer and comes with the complete models found there now.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QFileSystemWatcher, QObject, QTimer, Signal, Slot

from writer_app.core.sources.local import LocalModel, downloaded_models


class ModelsFolderWatcher(QObject):
    """Watches ``models_dir`` (created if missing) and the folders in it."""

    changed = Signal(list)

    def __init__(self, models_dir: Path, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.models_dir = models_dir
        models_dir.mkdir(parents=True, exist_ok=True)
        self._watcher = QFileSystemWatcher(self)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(300)
        self._timer.timeout.connect(self._on_timer_timeout)
        self._watcher.directoryChanged.connect(self._on_watcher_directory_changed)
        self._watch_folders()

    def _watch_folders(self) -> None:
        folders = [str(self.models_dir)] + [str(p) for p in self.models_dir.iterdir()
                                            if p.is_dir()]
        new = [f for f in folders if f not in self._watcher.directories()]
        if new:
            self._watcher.addPaths(new)

    @Slot(str)
    def _on_watcher_directory_changed(self, _folder: str) -> None:
        self._timer.start()

    @Slot()
    def _on_timer_timeout(self) -> None:
        if not self.models_dir.is_dir():
            return
        self._watch_folders()
        self.changed.emit(self.models())

    def models(self) -> list[LocalModel]:
        """The complete models in the folder now."""
        return downloaded_models(self.models_dir)
