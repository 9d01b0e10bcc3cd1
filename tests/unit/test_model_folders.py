"""Models found where the writer keeps them: added folders, LM Studio's, Ollama's."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from writer_app.core.models.gguf_header import inspect_gguf
from writer_app.core.settings import Settings
from writer_app.core.sources import folders
from writer_app.core.sources.folders import (
    MAX_MANIFEST_BYTES,
    SOURCE_ADDED,
    SOURCE_LM_STUDIO,
    SOURCE_OLLAMA,
    FolderScan,
    ModelFolder,
    model_folders,
    ollama_name,
    ollama_name_of,
    scan_folders,
    standard_folders,
)
from writer_app.core.sources.local import local_models
from writer_app.core.sources.names import display_name
from writer_app.testing.model_stores import add_lm_studio_model, add_ollama_model


def test_lm_studio_nested_folders_are_found_without_projectors_or_later_parts(
        tmp_path: Path, tiny_model: Path) -> None:
    models = tmp_path / ".lmstudio" / "models"
    first = add_lm_studio_model(models, tiny_model)
    add_lm_studio_model(models, tiny_model, "bartowski", "Vision-GGUF", "mmproj-Vision-F16.gguf")
    split = add_lm_studio_model(models, tiny_model, "bartowski", "Big-GGUF",
                                "Big-Q4_K_M-00001-of-00002.gguf")
    add_lm_studio_model(models, tiny_model, "bartowski", "Big-GGUF",
                        "Big-Q4_K_M-00002-of-00002.gguf")
    [found] = standard_folders(tmp_path, {}, system=False)
    assert found == ModelFolder(models, SOURCE_LM_STUDIO, added=False)
    scan = scan_folders([found])
    assert [m.path for m in scan.models] == [split, first]
    assert scan.models[0].size == 2 * tiny_model.stat().st_size
    assert {m.source for m in scan.models} == {SOURCE_LM_STUDIO}
    assert scan.models[1].quantization == "Q8_0"
    assert scan.skipped == ()


def test_the_older_lm_studio_folder_and_ollama_models_env_are_found(
        tmp_path: Path, tiny_model: Path) -> None:
    old = tmp_path / ".cache" / "lm-studio" / "models"
    add_lm_studio_model(old, tiny_model)
    elsewhere = tmp_path / "big-disk" / "ollama"
    add_ollama_model(elsewhere, tiny_model)
    found = standard_folders(tmp_path, {"OLLAMA_MODELS": str(elsewhere)}, system=False)
    assert [(f.path, f.source) for f in found] == [(old, SOURCE_LM_STUDIO),
                                                   (elsewhere, SOURCE_OLLAMA)]
    assert standard_folders(tmp_path / "nobody", {}, system=False) == []


def test_ollama_models_are_named_by_their_manifest_and_are_the_blob_itself(
        tmp_path: Path, tiny_model: Path) -> None:
    store = tmp_path / ".ollama" / "models"
    add_ollama_model(store, tiny_model, "llama3.2", "3b")
    add_ollama_model(store, tiny_model, "tiny", "latest", namespace="someone",
                     file_type="q4_k_m")
    [found] = standard_folders(tmp_path, {}, system=False)
    scan = scan_folders([found])
    assert [(m.name, m.source, m.quantization) for m in scan.models] == [
        ("llama3.2:3b", SOURCE_OLLAMA, "Q8_0")]
    # the same blob under a second name is one model: listed once, by its first name
    model = scan.models[0]
    assert model.path.parent == store / "blobs" and model.path.name.startswith("sha256-")
    assert model.size == tiny_model.stat().st_size
    assert inspect_gguf(model.path).tensors  # llama.cpp's reader opens the blob itself
    assert display_name(model.path, "Tiny Chat") == "llama3.2:3b"
    assert ollama_name_of(store / "blobs" / "sha256-0") == ""


def test_ollama_names_follow_ollama_list() -> None:
    assert ollama_name("registry.ollama.ai", "library", "qwen3", "4b") == "qwen3:4b"
    assert ollama_name("registry.ollama.ai", "someone", "m", "latest") == "someone/m:latest"
    assert ollama_name("hf.co", "bartowski", "Qwen-GGUF", "Q4_K_M") == \
        "hf.co/bartowski/Qwen-GGUF:Q4_K_M"


@pytest.mark.parametrize(("manifest", "reason"), [
    (b"{not json", "not valid JSON"),
    (b"[]", "does not hold a JSON object"),
    (b'{"layers": 3}', "no list of layers"),
    (b'{"layers": [{"mediaType": "application/vnd.ollama.image.license"}]}',
     "names no model layer"),
    (b'{"layers": [{"mediaType": "application/vnd.ollama.image.model", "digest": 7}]}',
     "is not a piece of text"),
    (b'{"layers": [{"mediaType": "application/vnd.ollama.image.model", '
     b'"digest": "sha256:../../etc"}]}', "not by a sha256 digest"),
    (b'{"layers": [{"mediaType": "application/vnd.ollama.image.model", "digest": "sha256:'
     + b"0" * 64 + b'"}]}', "is missing"),
    (b"[" * 100 + b"]" * 100, "nested more than"),
    (b" " * (MAX_MANIFEST_BYTES + 1), "larger than"),
])
def test_a_damaged_manifest_is_passed_over_with_its_reason(
        tmp_path: Path, tiny_model: Path, manifest: bytes, reason: str) -> None:
    store = tmp_path / "ollama"
    add_ollama_model(store, tiny_model, "good", "1b")
    bad = store / "manifests" / "registry.ollama.ai" / "library" / "bad" / "1b"
    bad.parent.mkdir(parents=True)
    bad.write_bytes(manifest)
    scan = scan_folders(model_folders((str(store),), []))
    assert [m.name for m in scan.models] == ["good:1b"]
    [skipped] = scan.skipped
    assert "bad:1b" in skipped and reason in skipped
    assert bad.read_bytes() == manifest  # another program's file: never moved or changed


def test_a_blob_that_is_not_gguf_is_not_offered(tmp_path: Path, tiny_model: Path) -> None:
    store = tmp_path / "ollama"
    manifest = add_ollama_model(store, tiny_model)
    digest = json.loads(manifest.read_text())["layers"][0]["digest"].split(":")[1]
    (store / "blobs" / f"sha256-{digest}").write_bytes(b"PK\x03\x04 a zip, not a model")
    scan = scan_folders(model_folders((str(store),), []))
    assert scan.models == ()
    assert "is not a GGUF model file" in scan.skipped[0]


def test_an_added_folder_is_walked_within_bounds(tmp_path: Path, tiny_model: Path,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    root = tmp_path / "mine"
    deep = root / "a" / "b" / "c"
    add_lm_studio_model(root, tiny_model, "x", "y", "near.gguf")
    add_lm_studio_model(deep, tiny_model, "x", "y", "deep.gguf")
    (root / "x" / "fake.gguf").write_bytes(b"not a model")
    hidden = root / ".trash" / "old.gguf"
    hidden.parent.mkdir()
    hidden.write_bytes(tiny_model.read_bytes())
    (root / "x" / "loop").symlink_to(root, target_is_directory=True)
    unreadable = root / "locked"
    unreadable.mkdir()
    unreadable.chmod(0)
    try:
        monkeypatch.setattr(folders, "MAX_DEPTH", 3)
        scan = scan_folders(model_folders((str(root),), []))
    finally:
        unreadable.chmod(0o755)
    assert [m.name for m in scan.models] == ["near.gguf"]
    assert scan.models[0].source == SOURCE_ADDED
    assert [str(root / "x" / "fake.gguf") in reason for reason in scan.skipped] == [True]


def test_the_walk_stops_after_so_many_names(tmp_path: Path, tiny_model: Path,
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    for index in range(5):
        (tmp_path / f"{index}.gguf").write_bytes(tiny_model.read_bytes())
    monkeypatch.setattr(folders, "MAX_ENTRIES", 3)
    assert len(scan_folders(model_folders((str(tmp_path),), [])).models) == 3


def test_each_folder_and_each_file_is_listed_once(tmp_path: Path, tiny_model: Path) -> None:
    models = tmp_path / ".lmstudio" / "models"
    path = add_lm_studio_model(models, tiny_model)
    found = standard_folders(tmp_path, {}, system=False)
    folders_ = model_folders((str(models), str(models / ".." / "models")), found)
    assert folders_ == found
    listed = local_models(tmp_path / "own", (str(path),), str(path),
                          found=scan_folders(folders_).models)
    assert [(m.path, m.source) for m in listed] == [(path, SOURCE_LM_STUDIO)]


def test_changing_the_download_folder_keeps_the_models_of_the_one_before(
        tmp_path: Path) -> None:
    default = tmp_path / "data" / "models"
    first = Settings().with_download_folder(str(tmp_path / "big"), default)
    assert first.download_dir(default) == tmp_path / "big" and first.model_folders == ()
    second = first.with_download_folder(str(tmp_path / "bigger"), default)
    assert second.model_folders == (str(tmp_path / "big"),)
    back = second.with_download_folder("", default)
    assert back.download_folder == "" and back.download_dir(default) == default
    assert back.model_folders == (str(tmp_path / "big"), str(tmp_path / "bigger"))
    assert back.with_download_folder(str(tmp_path / "big"), default).model_folders == (
        str(tmp_path / "bigger"),)




def test_a_pipe_in_place_of_a_model_is_passed_over_without_waiting(
        tmp_path: Path, tiny_model: Path) -> None:
    os.mkfifo(tmp_path / "stream.gguf")
    assert scan_folders(model_folders((str(tmp_path),), [])) == FolderScan()
    store = tmp_path / "ollama"
    manifest = add_ollama_model(store, tiny_model)
    digest = json.loads(manifest.read_text())["layers"][0]["digest"].split(":")[1]
    blob = store / "blobs" / f"sha256-{digest}"
    blob.unlink()
    os.mkfifo(blob)
    scan = scan_folders(model_folders((str(store),), []))
    assert scan.models == ()
    assert "it is not a regular file" in scan.skipped[0]


def test_files_beside_the_manifests_are_not_taken_for_models(tmp_path: Path,
                                                             tiny_model: Path) -> None:
    store = tmp_path / "ollama"
    add_ollama_model(store, tiny_model)
    (store / "manifests" / "registry.ollama.ai" / "stray").write_text("{}")
    (store / "manifests" / "registry.ollama.ai" / "library" / "llama3.2" / ".3b.tmp"
     ).write_text("{")
    scan = scan_folders(model_folders((str(store),), []))
    assert [m.name for m in scan.models] == ["llama3.2:3b"] and scan.skipped == ()
