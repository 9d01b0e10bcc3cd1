"""Which draft model the catalog offers for a model file, and where its file is."""

from __future__ import annotations

from pathlib import Path

from writer_app.core.models.fit import Machine
from writer_app.core.sources.catalog import load_catalog
from writer_app.core.sources.drafts import catalog_entry, draft_file, draft_offer
from writer_app.core.sources.local import LocalModel

GIB = 2**30
ROOMY = Machine(ram_total=64 * GIB, ram_available=48 * GIB)


def test_every_draft_model_of_the_catalog_is_a_smaller_entry_of_the_same_family() -> None:
    catalog = load_catalog()
    pairs = [(model, catalog.find(model.draft_model)) for model in catalog.models
             if model.draft_model]
    assert {model.id for model, _draft in pairs} == {"qwen3-4b", "qwen3-8b"}
    for model, draft in pairs:
        assert draft.architecture == model.architecture
        assert draft.parameters_b < model.parameters_b / 4


def test_a_model_is_found_by_its_download_folder_or_its_file_name(tmp_path: Path) -> None:
    catalog = load_catalog()
    downloaded = tmp_path / "ggml-org--Qwen3-8B-GGUF" / "Qwen3-8B-Q4_K_M.gguf"
    by_name = tmp_path / "Qwen3-4B-Q4_K_M.gguf"
    other_quantization = tmp_path / "ggml-org--Qwen3-8B-GGUF" / "Qwen3-8B-Q8_0.gguf"
    assert (entry := catalog_entry(downloaded, catalog)) is not None and entry.id == "qwen3-8b"
    assert (entry := catalog_entry(by_name, catalog)) is not None and entry.id == "qwen3-4b"
    assert catalog_entry(other_quantization, catalog) is None
    assert catalog_entry(tmp_path / "mine.gguf", catalog) is None


def test_the_offer_says_what_the_pair_needs_beyond_the_model(tmp_path: Path) -> None:
    offer = draft_offer(str(tmp_path / "Qwen3-4B-Q4_K_M.gguf"), load_catalog(), 4096, ROOMY)
    assert offer.offered and offer.draft is not None and offer.draft.id == "qwen3-0.6b"
    assert offer.draft.size_bytes < offer.memory < 4 * GIB
    assert not offer.reason


def test_the_draft_file_is_the_downloaded_one_of_its_quantization(tmp_path: Path) -> None:
    draft = load_catalog().find("qwen3-0.6b")
    wanted = tmp_path / "ggml-org--Qwen3-0.6B-GGUF" / "Qwen3-0.6B-Q8_0.gguf"
    models = [LocalModel(tmp_path / "Qwen3-0.6B-F16.gguf", 1, "F16", "downloaded",
                         "ggml-org/Qwen3-0.6B-GGUF"),
              LocalModel(wanted, 1, "Q8_0", "downloaded", "ggml-org/Qwen3-0.6B-GGUF")]
    assert draft_file(draft, models) == wanted
    assert draft_file(draft, models[:1]) is None
