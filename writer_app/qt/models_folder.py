"""ModelsFolderWatcher: says when a model file appears in the models folder.

A writer who fetched a model on another computer drops the ``.gguf`` into the folder; the
dialogs then list it without a restart. QFileSystemWatcher reports every change of the
folder (also each step of a copy still under way), so ``changed`` is coalesced on a short
timer and comes with the complete models found there now. Other folders (the writer's
added ones) can be watched too: a change there fires ``changed`` the same way.
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
        self._others: list[Path] = []
        self._watcher = QFileSystemWatcher(self)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(300)
        self._timer.timeout.connect(self._on_timer_timeout)
        self._watcher.directoryChanged.connect(self._on_watcher_directory_changed)
        self._watch_folders()

    def watch(self, folders: list[Path]) -> None:
        """Watch ``folders`` (those that exist) and the folders in them as well."""
        self._others = [folder for folder in folders if folder.is_dir()]
        self._watch_folders()

    def _watch_folders(self) -> None:
        folders = []
        for root in [self.models_dir, *self._others]:
            try:
                folders += [str(root)] + [str(p) for p in root.iterdir() if p.is_dir()]
            except OSError:
                continue  # a folder gone or unreadable is simply not watched
        new = [f for f in dict.fromkeys(folders) if f not in self._watcher.directories()]
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
