"""The curated model catalog, shipped as data in resources/catalog.json.

The words a writer reads about an entry (its summary, languages and licence) are English in
the entry and translated beside it, under ``translations`` by locale ("zh_CN"); the
interface picks them with ``CatalogModel.in_language`` (docs/TRANSLATING.md).

An entry names repositories (on the Hub and, where the publisher put the same files there,
on ModelScope) and a quantization, never a file name: at download time the repository is
listed and the file (or split set) of that quantization is picked (``core.sources``), so a
renamed or re-uploaded file does not break a first start. Its size is an estimate, shown
until a source has answered with the real one.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from functools import cache
from pathlib import Path
from typing import Any

import writer_app

# The fields of an entry that a translation gives in its language.
TRANSLATED_FIELDS = ("summary", "languages", "licence")


def resources_dir() -> Path:
    """The resources folder: inside the installed package, a frozen bundle, or a checkout."""
    here = Path(writer_app.__file__).resolve().parent
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
    # Whether the repository, the file of this quantization, its size, the licence and the
    # gating were checked against the Hub's listing, on the day ``checked_on`` names; an
    # entry that could not be checked says so rather than guess.
    verified: bool = False
    checked_on: str = ""
    # The id of a smaller entry of the same vocabulary that can draft tokens for this one
    # (speculative decoding, ``core/sources/drafts.py``); none when empty.
    draft_model: str = ""
    # Locale ("zh_CN") -> the TRANSLATED_FIELDS in that language.
    translations: Mapping[str, Mapping[str, Any]] = field(
        default_factory=dict, hash=False, compare=False)

    def in_language(self, locale: str) -> CatalogModel:
        """This entry with its summary, languages and licence in ``locale`` ("zh_CN"; a
        translation filed under the bare language, "ja" for "ja_JP", serves every country),
        English where it has none."""
        language = locale.partition("_")[0]
        texts = self.translations.get(locale) or self.translations.get(language)
        if not texts:
            return self
        changes: dict[str, Any] = {
            key: tuple(value) if key == "languages" else value
            for key, value in texts.items() if key in TRANSLATED_FIELDS and value}
        return replace(self, **changes)

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
