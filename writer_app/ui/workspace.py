"""The app's windows: one window per document, all sharing one engine and one model.

Each document has a window of its own (not a tab): a window is what the desktop knows how
to place, list, and close, and its document keeps what it had alone before: its autosave
and recovery record, its lock, its notes and history, its assistant and requests. What the
windows share is built once (``SharedServices``): the settings in use, downloads, the
engine switch, and the engine itself, so a model loads once for all of them and each
document's prompts stay in the engine's state cache between requests.

Opening a file reuses the window it is asked from when that window holds an empty,
untitled document, and raises the window that already has the file open; otherwise the
file gets a new window. Closing the last window quits. The documents open when the app
closes are kept with their cursors and opened again on the next start (a setting, on by
default).
"""

from __future__ import annotations

from pathlib import Path

import shiboken6
from PySide6.QtCore import QEvent, QObject, QPoint, QRect, Qt, QTimer, Signal, Slot
from PySide6.QtGui import QFileOpenEvent
from PySide6.QtWidgets import QApplication

from writer_app.core.paths import AppPaths
from writer_app.core.settings import OpenDocument, Settings, SettingsStore
from writer_app.core.untrusted import names_a_file
from writer_app.qt.download_service import DownloadService
from writer_app.qt.engine_service import EngineService
from writer_app.qt.shared import SharedServices
from writer_app.ui.document.recovery_dialog import RecoveryDialog
from writer_app.ui.main_window import MainWindow

# How far a new window sits from the one it was opened from.
CASCADE = QPoint(32, 32)


class DesktopApplication(QApplication):
    """The application, which hears from the desktop which files to open: macOS hands them
    over as file-open events ("Open With", a drop on the Dock icon), not as arguments."""

    # The desktop asked to open a file (a Path).
    file_open_requested = Signal(Path)

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.FileOpen and isinstance(event, QFileOpenEvent):
            if event.file():
                self.file_open_requested.emit(Path(event.file()))
            return True
        return super().event(event)


class Workspace(QObject):
    """Opens, finds and closes the app's windows."""

    def __init__(self, service: EngineService, store: SettingsStore, settings: Settings,
                 paths: AppPaths, *, downloads: DownloadService | None = None) -> None:
        super().__init__()
        self.shared = SharedServices(service, store, settings, paths, downloads=downloads)
        self.windows: list[MainWindow] = []
        # Closed windows, held until Qt has deleted them: a window's Python object let go
        # while Qt still holds the window is collected at a random later moment, in the
        # middle of anything (PySide then runs its children's handlers half torn down).
        self._closed: list[MainWindow] = []
        self._first_service: EngineService | None = service
        self._quitting = False
        self._closing_together: tuple[OpenDocument, ...] | None = None

    # Windows --------------------------------------------------------------------------

    def new_window(self) -> MainWindow:
        """A window with a new, empty document, shown beside the active one."""
        service, self._first_service = self._first_service, None
        shared = self.shared
        window = MainWindow(service or EngineService(shared.service), shared.store,
                            shared.preferences.settings, shared.paths, shared=shared,
                            windows=self)
        window.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        window.closing.connect(self._on_window_closing)
        beside = self.active_window()
        if beside is None:
            window.restore_geometry()
        else:
            window.resize(beside.size())
            place = QRect(beside.pos() + CASCADE, beside.frameGeometry().size())
            screen = beside.screen().availableGeometry()
            window.move(place.topLeft() if screen.contains(place) else screen.topLeft())
        self.windows.append(window)
        window.show()
        return window

    def active_window(self) -> MainWindow | None:
        """The window the writer works in (the last one opened if none is active)."""
        active = QApplication.activeWindow()
        for window in self.windows:
            if window is active:
                return window
        return self.windows[-1] if self.windows else None

    def open_path(self, path: Path, origin: MainWindow | None = None) -> MainWindow | None:
        """Open ``path`` (a new document to be saved there if it does not exist) and return
        its window: the one that has it open already, ``origin`` (or the active window) if
        its document is empty, else a new one. None if the file could not be opened."""
        resolved = path.resolve()
        for window in self.windows:
            if window.documents.path == resolved:
                self._raise(window)
                return window
        target = origin or self.active_window()
        created = target is None or not target.is_empty()
        if target is None or created:
            target = self.new_window()
        if not path.exists():
            target.documents.name_new(path)
        elif not target.documents.open_path(path, ask=False):
            if created and len(self.windows) > 1:
                target.close()
            return None
        self._raise(target)
        return target

    def open_paths(self, paths: list[Path]) -> None:
        """Open each of ``paths`` in its own window (the command line, a file manager)."""
        for path in paths:
            self.open_path(path)

    def reopen_documents(self) -> None:
        """Open the documents of the last session again, each at its cursor (files that
        are gone are skipped)."""
        for document in self.shared.preferences.settings.open_documents:
            path = Path(document.path)
            window = self.open_path(path) if names_a_file(path) else None
            if window is not None:
                window.documents.place_cursor(document.cursor)

    def offer_recovery(self) -> RecoveryDialog | None:
        """After a crash: offer the unsaved texts of earlier sessions back (non-blocking),
        in a window with an empty document (a new one if every window has a document)."""
        window = next((window for window in self.windows if window.is_empty()), None)
        if window is not None or not self.windows:
            return window.documents.offer_recovery() if window is not None else None
        # One survey: it sets aside the records it cannot use, and a second one would
        # find them gone and say nothing of them.
        found = self.windows[0].documents.recovery.survey()
        window = self.new_window() if found.records else self.windows[-1]
        return window.documents.offer_recovery(found)

    def quit(self) -> None:
        """File ▸ Quit: every window closes, each asking about its unsaved changes; the
        first one the writer keeps open stops the quitting."""
        self._remember(self.windows)
        self._quitting = True
        try:
            for window in list(reversed(self.windows)):
                if not window.close():
                    return
        finally:
            self._quitting = False

    @Slot(Path)
    def open_handed_over(self, path: Path) -> None:
        """Open a file the desktop hands over: a document, or a model to use."""
        window = self.active_window() or self.new_window()
        window.open_dropped([path])

    @Slot(list)
    def open_handed_over_files(self, files: list[Path]) -> None:
        """Open what a later start of the app was given; with nothing, a new window."""
        if not files:
            self._raise(self.new_window())
        for path in files:
            self.open_handed_over(path)

    # Internals ------------------------------------------------------------------------

    @staticmethod
    def _raise(window: MainWindow) -> None:
        window.show()
        window.raise_()
        window.activateWindow()

    @staticmethod
    def _documents(windows: list[MainWindow]) -> tuple[OpenDocument, ...]:
        return tuple(
            OpenDocument(str(window.documents.path), window.editor.textCursor().position())
            for window in windows if window.documents.path is not None)

    def _remember(self, windows: list[MainWindow]) -> None:
        """Keep the documents of ``windows`` and their cursors for the next start."""
        self._keep(self._documents(windows))

    def _keep(self, documents: tuple[OpenDocument, ...]) -> None:
        preferences = self.shared.preferences
        if documents != preferences.settings.open_documents:
            preferences.change(preferences.settings.replace(open_documents=documents))

    @Slot()
    def _on_window_closing(self) -> None:
        window = self.sender()
        if not isinstance(window, MainWindow) or window not in self.windows:
            return
        if self._closing_together is None:
            # Qt closes every window in one go when the app quits from the Dock or the
            # session ends: the documents open when such a round began all come back.
            self._closing_together = self._documents(self.windows)
            QTimer.singleShot(0, self._on_closing_round_ended)
        if len(self.windows) == 1 and not self._quitting:
            self._keep(self._closing_together)
        self.windows.remove(window)
        self._closed = [closed for closed in self._closed if shiboken6.isValid(closed)]
        self._closed.append(window)

    @Slot()
    def _on_closing_round_ended(self) -> None:
        self._closing_together = None
