"""Where file dialogs start: beside the document, else in the writer's documents folder,
or for a model file in the downloads folder (never the folder the app happened to be
started from)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QStandardPaths


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
