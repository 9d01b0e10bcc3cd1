"""Folders the writer is shown: where file dialogs start (beside the document, else in the
writer's documents folder, or for a model file in the downloads folder; never the folder
the app happened to be started from), and the app's own folders in the file manager."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication, QStandardPaths, QUrl
from PySide6.QtGui import QDesktopServices, QGuiApplication
from PySide6.QtWidgets import QWidget

from writer_app.qt.messages import Level
from writer_app.ui.common import message_boxes


def _standard(location: QStandardPaths.StandardLocation) -> Path:
    found = QStandardPaths.writableLocation(location)
    folder = Path(found) if found else Path.home()
    return folder if folder.is_dir() else Path.home()


def documents_folder() -> Path:
    """The writer's documents folder (their home where the system names none)."""
    return _standard(QStandardPaths.StandardLocation.DocumentsLocation)


def downloads_folder() -> Path:
    """Where a browser puts what it downloads: where a .gguf fetched elsewhere is."""
    return _standard(QStandardPaths.StandardLocation.DownloadLocation)


def start_folder(document: Path | None) -> Path:
    """Where a file dialog about ``document`` opens: its folder, or the documents folder."""
    if document is not None and document.parent.is_dir():
        return document.parent
    return documents_folder()


def open_folder(folder: Path, parent: QWidget, name: str) -> None:
    """Show ``folder`` (``name``: "The models folder") in the system's file manager; where
    none opens, say where the folder is and put its path on the clipboard."""
    folder.mkdir(parents=True, exist_ok=True)
    if QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder))):
        return
    QGuiApplication.clipboard().setText(str(folder))
    message_boxes.show_alert(parent, Level.INFO, name, QCoreApplication.translate(
        "Places", "No file manager could be opened here. {name} is:\n{path}\n\nIts path is "
        "on the clipboard.").format(name=name, path=folder))
