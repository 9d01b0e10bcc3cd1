"""Model names shown to the writer: from the catalog, the file name, or the metadata."""

from __future__ import annotations

import pytest

from writer_app.core.sources.catalog import load_catalog
from writer_app.core.sources.names import display_name, name_from_file


def test_a_catalog_file_gets_the_catalog_name() -> None:
    catalog = load_catalog()
    model = catalog.default
    folder = model.repo.replace("/", "--")
    assert display_name(f"/models/{folder}/renamed-{model.quantization}.gguf", "qwen3",
                        catalog) == model.name


def test_the_file_name_wins_over_a_training_runs_metadata_name() -> None:
    name = display_name("/models/SmolLM2-135M-Instruct.Q4_1.gguf",
                        "Smollm2 135M 8k Lc100K Mix1 Ep2")
    assert name == "SmolLM2 135M Instruct"


@pytest.mark.parametrize(("filename", "expected"), [
    ("qwen2.5-1.5b-instruct-q4_k_m.gguf", "Qwen2.5 1.5B Instruct"),
    ("Meta-Llama-3.1-8B-Instruct-Q4_K_M.gguf", "Meta Llama 3.1 8B Instruct"),
    ("gemma-2-2b-it-Q4_K_M.gguf", "Gemma 2 2B IT"),
    ("Mixtral-8x7B-Instruct-v0.1.Q4_K_M-00001-of-00002.gguf", "Mixtral 8x7B Instruct v0.1"),
    ("Phi-3-mini-4k-instruct-fp16.gguf", "Phi 3 Mini 4K Instruct"),
    ("tiny-chat.gguf", "Tiny Chat"),
    ("ggml-model-q4_0.gguf", ""),
    ("model.gguf", ""),
])
def test_names_from_file_names(filename: str, expected: str) -> None:
    assert name_from_file(filename) == expected


def test_a_generic_file_name_falls_back_to_the_metadata() -> None:
    assert display_name("/m/ggml-model-q4_0.gguf", "LLaMA  v2") == "LLaMA v2"
    blob = "/cache/blobs/" + "0123456789abcdef" * 4
    assert display_name(blob, "Mistral_7B_Instruct") == "Mistral 7B Instruct"
    assert display_name("/m/model.gguf", "") == "model"
