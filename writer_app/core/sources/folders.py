"""Models the writer already has: in folders they added, in LM Studio's and in Ollama's.

Every model found here is used where it is, never copied. A folder is walked within
bounds (``MAX_DEPTH`` folders deep, ``MAX_ENTRIES`` names in all, each folder once even
through a symbolic-link loop; a folder that cannot be read is passed over). LM Studio keeps
plain ``.gguf`` files (``~/.lmstudio/models/PUBLISHER/REPO/FILE.gguf``, formerly under
``~/.cache/lm-studio/models``). Ollama keeps each model as a blob named by its hash; the
manifest ``manifests/REGISTRY/NAMESPACE/MODEL/TAG``, JSON written by Ollama, names the
blob of its model layer and gives the model its name (``llama3.2:3b``). A manifest is read
as untrusted (``core/untrusted.py``): a damaged one is passed over with the reason, which
the interface shows; the app never renames or changes another program's files.
"""

from __future__ import annotations

import logging
import os
import re
import sys
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from writer_app.core.i18n import QT_TRANSLATE_NOOP, Message, message
from writer_app.core.models.gguf_header import GGUF_MAGIC
from writer_app.core.sources.hub import is_projector, quantization_of
from writer_app.core.sources.local import LocalModel, is_first_part, local_model
from writer_app.core.untrusted import (
    UntrustedError,
    read_json_object,
    read_start,
    text,
)

log = logging.getLogger(__name__)

MAX_DEPTH = 6
"""LM Studio's layout is two folders deep; a writer's own tree rarely goes past four."""
MAX_ENTRIES = 20_000
"""Names looked at in one folder's walk: a home folder added by mistake stays quick."""
MAX_MANIFEST_BYTES = 1 << 20
"""Ollama's manifests and configs are a few hundred bytes."""

SOURCE_ADDED = "added folder"
SOURCE_LM_STUDIO = "LM Studio"
SOURCE_OLLAMA = "Ollama"

MODEL_LAYER = "application/vnd.ollama.image.model"
_DIGEST = re.compile(r"sha256:([0-9a-f]{64})")
_OLLAMA_REGISTRY = "registry.ollama.ai"
_OLLAMA_LIBRARY = "library"


@dataclass(frozen=True)
class ModelFolder:
    """A folder models are found in: one the writer added, or another app's, found."""

    path: Path
    source: str
    added: bool = True
    """The writer added it (and may remove it); False for one found on its own."""


@dataclass(frozen=True)
class FolderScan:
    """What the folders hold: models, and why each thing passed over was passed over."""

    models: tuple[LocalModel, ...] = ()
    skipped: tuple[Message, ...] = ()


@dataclass
class _Walk:
    """The bookkeeping of one bounded walk."""

    seen: set[tuple[int, int]] = field(default_factory=set)
    entries: int = 0
    skipped: list[Message] = field(default_factory=list)


def standard_folders(home: Path, environ: Mapping[str, str], *,
                     system: bool = True) -> list[ModelFolder]:
    """The model folders of LM Studio and Ollama under ``home`` that exist (the same
    places on Linux, macOS and Windows), with ``OLLAMA_MODELS`` when it is set and, with
    ``system``, the folder of Ollama's Linux service."""
    places = [ModelFolder(home / ".lmstudio" / "models", SOURCE_LM_STUDIO, False),
              ModelFolder(home / ".cache" / "lm-studio" / "models", SOURCE_LM_STUDIO, False)]
    if environ.get("OLLAMA_MODELS"):
        places.append(ModelFolder(Path(environ["OLLAMA_MODELS"]), SOURCE_OLLAMA, False))
    places.append(ModelFolder(home / ".ollama" / "models", SOURCE_OLLAMA, False))
    if system and sys.platform.startswith("linux"):
        places.append(ModelFolder(Path("/usr/share/ollama/.ollama/models"), SOURCE_OLLAMA,
                                  False))
    return [place for place in places if _is_dir(place.path)]


def model_folders(added: Sequence[str], found: Sequence[ModelFolder]) -> list[ModelFolder]:
    """The folders to look in: those ``found`` on their own, then the writer's own
    (``added``), each once; an added Ollama store is read as one."""
    folders: list[ModelFolder] = []
    known: set[Path] = set()
    for folder in [*found, *(ModelFolder(Path(name), SOURCE_ADDED) for name in added)]:
        key = _resolved(folder.path)
        if key in known:
            continue
        known.add(key)
        ollama = folder.added and ollama_store(folder.path) is not None
        folders.append(ModelFolder(folder.path, SOURCE_OLLAMA) if ollama else folder)
    return folders


def scan_folders(folders: Sequence[ModelFolder]) -> FolderScan:
    """Every model in ``folders``, each file once."""
    models: list[LocalModel] = []
    skipped: list[Message] = []
    seen: set[Path] = set()
    for folder in folders:
        store = ollama_store(folder.path)
        found, passed = ollama_models(store) if store is not None \
            else gguf_files(folder.path, folder.source)
        skipped.extend(passed)
        for model in found:
            if model.path not in seen:
                seen.add(model.path)
                models.append(model)
    return FolderScan(tuple(models), tuple(skipped))


def ollama_store(folder: Path) -> Path | None:
    """The Ollama model store in ``folder`` (``manifests/`` beside ``blobs/``), also when
    ``folder`` is the ``.ollama`` folder above it; None when there is none."""
    for root in (folder, folder / "models"):
        if _is_dir(root / "manifests") and _is_dir(root / "blobs"):
            return root
    return None


def gguf_files(folder: Path, source: str) -> tuple[list[LocalModel], list[Message]]:
    """The models under ``folder``: GGUF files (the first part of a split model), not
    projectors (``mmproj``), not hidden, each a real GGUF file."""
    walk = _Walk()
    models = []
    for path in _walk(folder, walk):
        name = path.name
        if not name.lower().endswith(".gguf") or is_projector(name) or not is_first_part(path):
            continue
        reason = _not_gguf(path)
        if reason is not None:
            walk.skipped.append(message(QT_TRANSLATE_NOOP(
                "core", "{file} was passed over: {reason}"), file=str(path), reason=reason))
            continue
        try:
            models.append(local_model(path, source))
        except OSError as exc:
            log.warning("passing over %s: %s", path, exc)
    return models, walk.skipped


def ollama_models(store: Path) -> tuple[list[LocalModel], list[Message]]:
    """The models of the Ollama store ``store``, named as ``ollama list`` names them."""
    walk = _Walk()
    manifests = store / "manifests"
    models = []
    for path in _walk(manifests, walk):
        parts = path.relative_to(manifests).parts
        if len(parts) != 4 or path.name.startswith("."):
            continue
        try:
            models.append(_ollama_model(store, path, ollama_name(*parts)))
        except UntrustedError as exc:
            walk.skipped.append(message(QT_TRANSLATE_NOOP(
                "core", "The Ollama model {name} was passed over: {reason}"),
                name=ollama_name(*parts), reason=exc.args[0]))
    return models, walk.skipped


def ollama_name_of(blob: Path) -> str:
    """The name Ollama gives the model whose blob is ``blob`` (the first, when several
    tags share it), or "" for a file that is no Ollama blob."""
    store = blob.parent.parent
    if blob.parent.name != "blobs" or ollama_store(store) != store:
        return ""
    models, _ = ollama_models(store)
    return next((model.name for model in models if model.path == blob), "")


def ollama_name(registry: str, namespace: str, model: str, tag: str) -> str:
    """A model's name as Ollama shows it: ``llama3.2:3b``, ``someone/model:tag``, or the
    whole path for another registry."""
    if registry == _OLLAMA_REGISTRY:
        return f"{model}:{tag}" if namespace == _OLLAMA_LIBRARY \
            else f"{namespace}/{model}:{tag}"
    return f"{registry}/{namespace}/{model}:{tag}"


def _ollama_model(store: Path, manifest: Path, name: str) -> LocalModel:
    try:
        data = read_json_object(manifest, MAX_MANIFEST_BYTES)
    except FileNotFoundError:
        raise UntrustedError(message(QT_TRANSLATE_NOOP(
            "core", "its manifest disappeared while it was read"))) from None
    layers = data.get("layers")
    if not isinstance(layers, list):
        raise UntrustedError(message(QT_TRANSLATE_NOOP(
            "core", "its manifest has no list of layers")))
    model_layers = [layer for layer in layers
                    if isinstance(layer, dict) and layer.get("mediaType") == MODEL_LAYER]
    if not model_layers:
        raise UntrustedError(message(QT_TRANSLATE_NOOP(
            "core", "its manifest names no model layer")))
    blob = _blob(store, text(model_layers[0], "digest"))
    reason = _not_gguf(blob)
    if reason is not None:
        raise UntrustedError(reason)
    try:
        size = blob.stat().st_size
    except OSError as exc:
        raise UntrustedError(message(QT_TRANSLATE_NOOP(
            "core", "its model file cannot be read: {reason}"),
            reason=exc.strerror or str(exc))) from None
    quantization = _ollama_quantization(store, data) or quantization_of(name.replace(":", "-"))
    return LocalModel(blob, size, quantization, SOURCE_OLLAMA, label=name)


def _blob(store: Path, digest: str) -> Path:
    match = _DIGEST.fullmatch(digest)
    if match is None:
        raise UntrustedError(message(QT_TRANSLATE_NOOP(
            "core", "its manifest names a blob by “{digest}”, not by a sha256 digest"),
            digest=digest[:80]))
    return store / "blobs" / f"sha256-{match.group(1)}"


def _ollama_quantization(store: Path, manifest: Mapping[str, object]) -> str:
    """The quantization Ollama wrote in the model's config (``file_type``), or ""."""
    config = manifest.get("config")
    try:
        if not isinstance(config, dict):
            return ""
        data = read_json_object(_blob(store, text(config, "digest")), MAX_MANIFEST_BYTES)
        file_type = data.get("file_type")
    except (UntrustedError, FileNotFoundError):
        return ""
    return file_type.upper() if isinstance(file_type, str) and len(file_type) <= 16 else ""


def _not_gguf(path: Path) -> Message | None:
    """Why ``path`` is not a GGUF file llama.cpp could open, or None when it is one."""
    try:
        head = read_start(path, len(GGUF_MAGIC))
    except FileNotFoundError:
        return message(QT_TRANSLATE_NOOP("core", "its model file {file} is missing"),
                       file=path.name)
    except UntrustedError as exc:
        return message(QT_TRANSLATE_NOOP("core", "its model file cannot be used: {reason}"),
                       reason=exc.args[0])
    if head != GGUF_MAGIC:
        return message(QT_TRANSLATE_NOOP("core", "{file} is not a GGUF model file"),
                       file=path.name)
    return None


def _walk(root: Path, walk: _Walk, depth: int = 0) -> Iterator[Path]:
    """The files under ``root``, in name order, within the walk's bounds."""
    try:
        status = root.stat()
    except OSError:
        return
    key = (status.st_dev, status.st_ino)
    if key in walk.seen:  # a symbolic link back up the tree, or one folder linked twice
        return
    walk.seen.add(key)
    try:
        with os.scandir(root) as listing:
            entries = sorted(listing, key=lambda entry: entry.name)
    except OSError as exc:
        log.info("not looking in %s: %s", root, exc)
        return
    for entry in entries:
        walk.entries += 1
        if walk.entries > MAX_ENTRIES:
            return
        if entry.name.startswith("."):
            continue
        try:
            is_dir = entry.is_dir()
            is_file = not is_dir and entry.is_file()
        except OSError:
            continue
        if is_dir and depth < MAX_DEPTH:
            yield from _walk(Path(entry.path), walk, depth + 1)
        elif is_file:
            yield Path(entry.path)


def _is_dir(path: Path) -> bool:
    try:
        return path.is_dir()
    except OSError:
        return False


def _resolved(path: Path) -> Path:
    try:
        return path.resolve()
    except OSError:
        return path
