"""Where models come from (the Hub, a mirror of it, ModelScope) and how a catalog entry
becomes files: the repository is listed and the set of its quantization is picked."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from writer_app.core.errors import WriterError
from writer_app.core.i18n import QT_TRANSLATE_NOOP, message, message_of
from writer_app.core.sources.catalog import CatalogModel
from writer_app.core.sources.hub import (
    HubClient,
    HubError,
    HubSettings,
    ModelFileSet,
    SourceUnreachable,
    quantization_of,
)
from writer_app.core.sources.modelscope import ModelScopeClient

log = logging.getLogger(__name__)


def client_for(settings: HubSettings) -> HubClient | ModelScopeClient:
    """The client of the source the settings name."""
    return ModelScopeClient(settings) if settings.modelscope else HubClient(settings)


def catalog_repo(model: CatalogModel, settings: HubSettings) -> str:
    """The repository of ``model`` on the source of ``settings``."""
    if not settings.modelscope:
        return model.repo
    if not model.modelscope_repo:
        raise HubError(message(QT_TRANSLATE_NOOP(
            "core", "{name} is not on ModelScope. Choose a Qwen model, or use the Hugging Face "
            "Hub or a mirror of it for this one."), name=model.name))
    return model.modelscope_repo


def resolve(model: CatalogModel, settings: HubSettings) -> ModelFileSet:
    """The files of ``model`` as its repository lists them now: the set (one file, or every
    part of a split model) of the catalog's quantization."""
    repo = catalog_repo(model, settings)
    sets = client_for(settings).model_files(repo)
    wanted = model.quantization.upper()
    matching = [s for s in sets if s.quantization == wanted]
    if not matching:
        offered = ", ".join(sorted({s.quantization for s in sets})) or message(
            QT_TRANSLATE_NOOP("core", "no GGUF files"))
        log.warning("%s on %s has no %s file (it offers %s)", repo, settings.source_name,
                    wanted, offered)
        raise HubError(message(QT_TRANSLATE_NOOP(
            "core", "{repo} on {source} has no {wanted} file of {name} (it offers {offered}). "
            "Choose another model, or pick a file of this one in Models ▸ Get models."),
            repo=repo, source=settings.source_name, wanted=wanted, name=model.name,
            offered=offered))
    if len(matching) > 1:
        log.info("%s has %d %s sets; taking %s", repo, len(matching), wanted,
                 matching[0].name)
    return matching[0]


def local_file(models_dir: Path, model: CatalogModel) -> Path | None:
    """A downloaded file of ``model`` (its quantization, from any of its repositories)."""
    for repo in model.repos:
        folder = models_dir / repo.replace("/", "--")
        if not folder.is_dir():
            continue
        for path in sorted(folder.glob("*.gguf")):
            first_part = "-of-" not in path.name or "-00001-of-" in path.name
            if first_part and quantization_of(path.name) == model.quantization.upper():
                return path
    return None


@dataclass(frozen=True)
class SourceProbe:
    """What a source says about the catalog: each model's real size, or why it could not
    be reached at all (``unreachable``, a sentence)."""

    sizes: dict[str, int] = field(default_factory=dict)
    unreachable: str = ""


def probe(models: Sequence[CatalogModel], settings: HubSettings) -> SourceProbe:
    """List the catalog's repositories on the source; stop at the first sign that the source
    cannot be reached (one request, no retries)."""
    sizes: dict[str, int] = {}
    for model in models:
        try:
            sizes[model.id] = resolve(model, settings).size
        except SourceUnreachable as exc:
            return SourceProbe(sizes, message_of(exc))
        except WriterError as exc:
            log.info("%s: %s", model.id, exc)
    return SourceProbe(sizes)
