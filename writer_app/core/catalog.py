"""The curated model catalog, shipped as data in resources/catalog.json."""

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
    """One recommended model: where it lives on the Hub and what it needs."""

    id: str
    name: str
    repo: str
    files: tuple[str, ...]
    quantization: str
    parameters_b: float
    size_bytes: int
    ram_gb: float
    licence: str
    languages: tuple[str, ...]
    summary: str

    @property
    def main_file(self) -> str:
        """The file llama.cpp opens (the first part of a split model)."""
        return self.files[0]


@dataclass(frozen=True)
class Catalog:
    models: tuple[CatalogModel, ...]
    default_id: str

    @property
    def default(self) -> CatalogModel:
        return self.find(self.default_id)

    def find(self, name: str) -> CatalogModel:
        """A model by id (``qwen2.5-1.5b-instruct``) or repo, case-insensitive."""
        key = name.strip().lower()
        for model in self.models:
            if key in (model.id.lower(), model.repo.lower()):
                return model
        raise KeyError(name)


@cache
def load_catalog(path: Path | None = None) -> Catalog:
    """Read the catalog shipped with the app."""
    data = json.loads((path or resources_dir() / "catalog.json").read_text(encoding="utf-8"))
    models = tuple(
        CatalogModel(**{**entry, "files": tuple(entry["files"]),
                        "languages": tuple(entry["languages"])})
        for entry in data["models"]
    )
    return Catalog(models, data["default"])
