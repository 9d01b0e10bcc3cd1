"""Which draft model the catalog offers for a model, and whether the pair fits here.

A draft model (``engine/speculative.py``) must share its model's vocabulary, so it is
offered only where the catalog pairs the two (an entry's ``draft_model``: Qwen3 0.6B for
Qwen3 4B and 8B), and only where both fit in this computer's memory together.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from writer_app.core.i18n import QT_TRANSLATE_NOOP, message
from writer_app.core.models.fit import Fit, Machine, fit, memory_needed, memory_size
from writer_app.core.sources.catalog import Catalog, CatalogModel
from writer_app.core.sources.local import LocalModel


@dataclass(frozen=True)
class DraftOffer:
    """The catalog's draft model for a model, if any; ``offered`` when the pair fits in
    memory; ``reason`` says, as a sentence, why there is none or why it is not offered;
    ``memory`` is what the draft model takes beside the model, in bytes."""

    draft: CatalogModel | None
    offered: bool
    reason: str = ""
    memory: int = 0


def catalog_entry(path: Path, catalog: Catalog) -> CatalogModel | None:
    """The catalog's entry for a model file: downloaded into a folder named after one of
    its repositories (``OWNER--NAME``), or named as the catalog names its file."""
    folder = path.parent.name.replace("--", "/", 1).lower()
    for model in catalog.models:
        if folder in (repo.lower() for repo in model.repos) and (
                model.quantization.lower() in path.name.lower()):
            return model
    for model in catalog.models:
        if model.file_hint and model.file_hint.lower() == path.name.lower():
            return model
    return None


def draft_offer(model_path: str, catalog: Catalog, n_ctx: int, machine: Machine) -> DraftOffer:
    """What the catalog offers to draft for the model at ``model_path``."""
    path = Path(model_path) if model_path else None
    entry = catalog_entry(path, catalog) if path is not None else None
    if entry is None or not entry.draft_model:
        return DraftOffer(None, False, message(QT_TRANSLATE_NOOP(
            "core", "The catalog has no draft model for this model: a draft model must "
                    "share its vocabulary, as Qwen3 0.6B does Qwen3 4B's and 8B's.")))
    draft = catalog.find(entry.draft_model)
    memory = memory_needed(draft.size_bytes, draft.parameters_b, n_ctx)
    needed = memory_needed(entry.size_bytes, entry.parameters_b, n_ctx) + memory
    if fit(needed, machine) is not Fit.FITS:
        return DraftOffer(draft, False, message(QT_TRANSLATE_NOOP(
            "core", "{draft} and {model} together need about {needed} of memory, more than "
                    "this computer has free."),
            draft=draft.name, model=entry.name, needed=memory_size(needed)), memory)
    return DraftOffer(draft, True, memory=memory)


def draft_file(draft: CatalogModel, models: Sequence[LocalModel]) -> Path | None:
    """The draft model's file among the models on this computer, if it is there."""
    repos = {repo.lower() for repo in draft.repos}
    for model in models:
        if model.repo.lower() in repos and (
                model.quantization.lower() == draft.quantization.lower()):
            return model.path
    return None
