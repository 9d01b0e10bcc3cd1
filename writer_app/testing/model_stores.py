"""Other apps' model folders, made for tests: an Ollama store and LM Studio's layout.

Both hold real GGUF bytes (a tiny model from ``tiny_model.py``), laid out as Ollama and
LM Studio lay out theirs, so the code that finds them is tested on the real shapes.
"""

from __future__ import annotations

import hashlib
import json
import shutil
from pathlib import Path

from writer_app.core.sources.folders import MODEL_LAYER

MANIFEST_TYPE = "application/vnd.docker.distribution.manifest.v2+json"
CONFIG_TYPE = "application/vnd.docker.container.image.v1+json"


def add_blob(store: Path, data: bytes) -> str:
    """Keep ``data`` in the store's ``blobs/`` as Ollama does; returns its digest."""
    digest = hashlib.sha256(data).hexdigest()
    blobs = store / "blobs"
    blobs.mkdir(parents=True, exist_ok=True)
    (blobs / f"sha256-{digest}").write_bytes(data)
    return f"sha256:{digest}"


def add_ollama_model(store: Path, model: Path, name: str = "llama3.2", tag: str = "3b", *,
                     namespace: str = "library", registry: str = "registry.ollama.ai",
                     file_type: str = "Q8_0") -> Path:
    """Put the GGUF file ``model`` into the Ollama store ``store`` (its ``models/``
    folder) as ``NAME:TAG``, with a config and a manifest; returns the manifest."""
    data = model.read_bytes()
    config = json.dumps({"model_format": "gguf", "model_family": "llama",
                         "file_type": file_type}).encode()
    config_digest = add_blob(store, config)
    template_digest = add_blob(store, b"{{ .Prompt }}")
    manifest = {
        "schemaVersion": 2, "mediaType": MANIFEST_TYPE,
        "config": {"mediaType": CONFIG_TYPE, "digest": config_digest, "size": len(config)},
        "layers": [
            {"mediaType": MODEL_LAYER, "digest": add_blob(store, data), "size": len(data)},
            {"mediaType": "application/vnd.ollama.image.template",
             "digest": template_digest, "size": 13},
        ],
    }
    path = store / "manifests" / registry / namespace / name / tag
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(manifest), encoding="utf-8")
    return path


def add_lm_studio_model(models: Path, model: Path, publisher: str = "lmstudio-community",
                        repo: str = "Tiny-Chat-GGUF", name: str = "Tiny-Chat-Q8_0.gguf") -> Path:
    """Copy the GGUF file ``model`` into LM Studio's layout under ``models``
    (``PUBLISHER/REPO/FILE``); returns the copy."""
    target = models / publisher / repo / name
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(model, target)
    return target
