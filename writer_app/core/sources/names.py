"""A model's name as a writer reads it: "SmolLM2 135M Instruct", not raw GGUF metadata.

GGUF's ``general.name`` is whatever the converting script found, often a training run's
folder ("Smollm2 135M 8k Lc100K Mix1 Ep2") or "models". The file name is chosen by the
person who published the model, so it is the better source: the catalog's name when the
file is one of its models, else the file name without its quantization and part number,
else Ollama's name for one of its blobs ("llama3.2:3b"), else (for a file named
"ggml-model" or by a hash) the metadata's name.
"""

from __future__ import annotations

import re
from pathlib import Path, PurePath

from writer_app.core.sources.catalog import Catalog, load_catalog
from writer_app.core.sources.folders import ollama_name_of
from writer_app.core.sources.hub import quantization_of

_PART = re.compile(r"-\d{5}-of-\d{5}$", re.IGNORECASE)
_SEPARATOR = re.compile(r"[-_\s]+|(?<!\d)\.|\.(?!\d)")
_SIZE = re.compile(r"(\d+x)?\d+(\.\d+)?[bmk]", re.IGNORECASE)
_VERSION = re.compile(r"v\d+(\.\d+)*", re.IGNORECASE)
# A bare hash, or a blob named by its digest the way Ollama names them (sha256-HEX).
_HASH = re.compile(r"(sha256-)?[0-9a-f]{16,}", re.IGNORECASE)
_SPELLING = {"it": "IT", "gpt": "GPT", "moe": "MoE"}
_GENERIC = {"ggml", "gguf", "model", "models", "hf", "merged", "converted", "out", "final"}


def display_name(path: str | PurePath, general_name: str = "",
                 catalog: Catalog | None = None) -> str:
    """The name to show for the model in file ``path`` with metadata ``general_name``."""
    filename = PurePath(path).name
    folder = PurePath(path).parent.name.lower()
    for model in (catalog or load_catalog()).models:
        if folder in (r.replace("/", "--").lower() for r in model.repos) \
                and quantization_of(filename) == model.quantization.upper():
            return model.name
    from_file = name_from_file(filename) or ollama_name_of(Path(path))
    if from_file:
        return from_file
    return " ".join(general_name.replace("_", " ").split()) or PurePath(filename).stem


def name_from_file(filename: str) -> str:
    """"SmolLM2 135M Instruct" from "SmolLM2-135M-Instruct.Q4_1.gguf"; "" for generic names."""
    stem = re.sub(r"\.gguf$", "", filename, flags=re.IGNORECASE)
    stem = _PART.sub("", stem)
    quantization = quantization_of(filename)
    if quantization != "other":
        stem = re.sub(rf"[-._\s]*{re.escape(quantization)}(?![A-Za-z0-9])", "", stem,
                      flags=re.IGNORECASE)
    words = [word for word in _SEPARATOR.split(stem) if word]
    if _HASH.fullmatch(stem) or all(word.lower() in _GENERIC for word in words):
        return ""
    return " ".join(_spelled(word) for word in words)


def _spelled(word: str) -> str:
    if _SIZE.fullmatch(word):
        return word[:-1] + word[-1].upper()
    if _VERSION.fullmatch(word):
        return word.lower()
    if word.lower() in _SPELLING:
        return _SPELLING[word.lower()]
    if word == word.lower():
        return word[0].upper() + word[1:]
    return word
