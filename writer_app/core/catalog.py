"""The curated model catalog, shipped as data in resources/catalog.json.

An entry names repositories (on the Hub and, where the publisher put the same files there,
on ModelScope) and a quantization, never a file name: at download time the repository is
listed and the file (or split set) of that quantization is picked (``core.sources``), so a
renamed or re-uploaded file does not break a first start. Its size is an estimate, shown
until a source has answered with the real one.
"""

from __future__ import annotations

import json
import sys
from dataclasses import dataclass
from functools import cache
from pathlib import Path


def resources_dir() -> Path:
    """The resources folder: inside the installed package, a frozen bundle, or a checkout."""
    here = Path(__file__).resolve().parent.parent
    candidates = [here / "resources", here.parent / "resources"]
    bundle = getattr(sys, "_MEIPASS", None)
    if bundle:
        candidates.insert(0, Path(bundle) / "resources")
    for candidate in candidates:
        if (candidate / "catalog.json").is_file():
            return candidate
    raise FileNotFoundError("the resources folder of writer-app is missing")


@dataclass(frozen=True)
class CatalogModel:
    """One recommended model: where it lives, which quantization, and what it needs."""

    id: str
    name: str
    repo: str
    quantization: str
    parameters_b: float
    size_bytes: int
    ram_gb: float
    licence: str
    languages: tuple[str, ...]
    summary: str
    modelscope_repo: str = ""
    architecture: str = "llama"
    gated: bool = False
    # The file's name when the catalog was written: only for fetching it by hand on another
    # computer, where the app cannot list the repository.
    file_hint: str = ""

    @property
    def repos(self) -> tuple[str, ...]:
        """Every repository that holds this model (Hub first)."""
        return tuple(r for r in (self.repo, self.modelscope_repo) if r)


@dataclass(frozen=True)
class Catalog:
    models: tuple[CatalogModel, ...]
    default_id: str

    @property
    def default(self) -> CatalogModel:
        return self.find(self.default_id)

    def find(self, name: str) -> CatalogModel:
        """A model by id (``qwen3-4b``) or repo, case-insensitive."""
        key = name.strip().lower()
        for model in self.models:
            if key in (model.id.lower(), *(r.lower() for r in model.repos)):
                return model
        raise KeyError(name)


@cache
def load_catalog(path: Path | None = None) -> Catalog:
    """Read the catalog shipped with the app."""
    data = json.loads((path or resources_dir() / "catalog.json").read_text(encoding="utf-8"))
    models = tuple(
        CatalogModel(**{**entry, "languages": tuple(entry["languages"])})
        for entry in data["models"]
    )
    return Catalog(models, data["default"])
