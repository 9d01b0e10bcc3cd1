"""Models on this computer: downloaded, found in the huggingface_hub cache, or imported.

Models in folders the writer added, LM Studio's and Ollama's, are found by
``core/sources/folders.py`` and listed here beside the rest.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from huggingface_hub import scan_cache_dir
from huggingface_hub.errors import CacheNotFound

from writer_app.core.errors import WriterError
from writer_app.core.i18n import QT_TRANSLATE_NOOP, message
from writer_app.core.sources.download import PART_SUFFIX, SIDECAR_SUFFIX, read_sidecar
from writer_app.core.sources.hub import quantization_of

log = logging.getLogger(__name__)

_LATER_PART = re.compile(r"-(\d{5})-of-\d{5}\.gguf$", re.IGNORECASE)


@dataclass(frozen=True)
class LocalModel:
    """A model file llama.cpp can open (the first part of a split model)."""

    path: Path
    size: int
    quantization: str
    # "downloaded", "models folder", "Hugging Face cache", "imported", "opened" (the
    # model in use, loaded from a file the app does not keep a list of), or where
    # ``core/sources/folders.py`` found it: "added folder", "LM Studio", "Ollama"
    source: str
    repo: str = ""
    label: str = ""
    """The name to show when the file's own name is none (an Ollama blob's hash)."""

    @property
    def name(self) -> str:
        return self.label or self.path.name


@dataclass(frozen=True)
class PartialDownload:
    """A download that stopped before the end and can be resumed."""

    repo: str
    filename: str
    done: int
    size: int
    folder: Path
    """The models folder it is downloading into, where it resumes."""


def _parts_of(path: Path) -> list[Path]:
    match = _LATER_PART.search(path.name)
    if not match:
        return [path]
    stem = path.name[: match.start()]
    return sorted(path.parent.glob(f"{stem}-*-of-*.gguf"))


def is_first_part(path: Path) -> bool:
    """False for the later parts of a split model (``…-00002-of-00003.gguf``)."""
    match = _LATER_PART.search(path.name)
    return match is None or match.group(1) == "00001"


def local_model(path: Path, source: str, repo: str = "") -> LocalModel:
    """The model whose (first) file is ``path``, its size that of all its parts."""
    size = sum(part.stat().st_size for part in _parts_of(path))
    return LocalModel(path, size, quantization_of(path.name), source, repo)


def downloaded_models(models_dir: Path) -> list[LocalModel]:
    """Complete models in writer-app's own folder: downloaded (``OWNER--NAME/FILE``), or
    put there by hand (a file fetched on another computer, dropped into the folder)."""
    if not models_dir.is_dir():
        return []
    found = []
    for path in sorted(models_dir.glob("*/*.gguf")):
        if is_first_part(path):
            found.append(local_model(path, "downloaded", path.parent.name.replace("--", "/", 1)))
    for path in sorted(models_dir.glob("*.gguf")):
        if is_first_part(path):
            found.append(local_model(path, "models folder"))
    return found


def partial_downloads(models_dir: Path) -> list[PartialDownload]:
    """Downloads that were paused, interrupted or cut short by a restart."""
    found = []
    for sidecar in sorted(models_dir.glob(f"*/*{SIDECAR_SUFFIX}")):
        record = read_sidecar(sidecar)
        if record is None:
            continue
        part = sidecar.with_name(sidecar.name[: -len(SIDECAR_SUFFIX)] + PART_SUFFIX)
        try:
            done = part.stat().st_size if part.exists() else 0
        except OSError as exc:
            log.warning("ignoring the partial download %s: %s", part, exc)
            continue
        found.append(PartialDownload(record.repo, record.filename, done, record.size,
                                     models_dir))
    return found


def cached_models(cache_dir: Path | None = None) -> list[LocalModel]:
    """GGUF files already in the huggingface_hub cache (offered, never downloaded again)."""
    try:
        cache = scan_cache_dir(cache_dir)
    except (CacheNotFound, OSError):
        return []
    found = []
    for repo in cache.repos:
        for revision in repo.revisions:
            for cached in revision.files:
                path = Path(cached.file_path)
                if path.suffix.lower() == ".gguf" and is_first_part(path):
                    found.append(local_model(path, "Hugging Face cache", repo.repo_id))
    return found


def local_models(models_dir: Path, imported: tuple[str, ...] = (),
                 active: str = "", *, also: Sequence[Path] = (),
                 found: Sequence[LocalModel] = ()) -> list[LocalModel]:
    """Every usable model, each file once: downloaded (into ``models_dir`` and the folders
    it was in before, ``also``), in the Hugging Face cache, ``found`` in the writer's other
    folders, imported from disk, and the one in use (``active``) wherever its file lives."""
    models = [model for folder in dict.fromkeys([models_dir, *also])
              for model in downloaded_models(folder)]
    models += cached_models() + list(found)
    for name in imported:
        path = Path(name)
        if path.is_file():
            models.append(local_model(path, "imported"))
    if active and Path(active).is_file():
        models.append(local_model(Path(active), "opened"))
    unique: dict[Path, LocalModel] = {}
    for model in models:
        unique.setdefault(model.path, model)
    return list(unique.values())


def can_delete(model: LocalModel, models_dirs: Sequence[Path]) -> bool:
    """True for a model in one of writer-app's own models folders (the download folder,
    and the ones it was before); a file the writer keeps elsewhere, another app's, or the
    Hugging Face cache's copy, is not the app's to delete."""
    return model.source in ("downloaded", "models folder") \
        and any(folder in model.path.parents for folder in models_dirs)


def delete_model(model: LocalModel, models_dirs: Sequence[Path]) -> int:
    """Delete a downloaded model (all its parts); returns the bytes freed."""
    if not can_delete(model, models_dirs):
        raise WriterError(message(QT_TRANSLATE_NOOP(
            "core", "{name} is not in writer-app's models folder, so it is not deleted here "
            "(remove it from where it lives, or forget it in the model manager)."),
            name=model.name))
    freed = 0
    for part in _parts_of(model.path):
        freed += part.stat().st_size
        part.unlink()
    folder = model.path.parent
    if folder not in models_dirs and folder.is_dir() and not any(folder.iterdir()):
        folder.rmdir()
    return freed
