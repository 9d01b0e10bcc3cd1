"""The shipped catalog: complete entries, a sensible default, architectures our llama.cpp
runs."""

from __future__ import annotations

import importlib.util
import re
from pathlib import Path

from writer_app.core.sources.catalog import load_catalog
from writer_app.core.sources.hub import is_safe_repo_id, quantization_of


def llama_cpp_library() -> bytes:
    """The installed llama.cpp library, whose LLM_ARCH_NAMES table holds the names a GGUF's
    ``general.architecture`` is matched against. It is found, not imported: importing
    ``llama_cpp`` loads llama.cpp, which the fast tests never do."""
    spec = importlib.util.find_spec("llama_cpp")
    assert spec is not None and spec.origin is not None, "llama-cpp-python is not installed"
    library = Path(spec.origin).parent / "lib"
    candidates = sorted(library.glob("libllama.*")) + sorted(library.glob("llama.dll"))
    assert candidates, f"no llama.cpp library in {library}"
    return candidates[0].read_bytes()


def knows(library: bytes, architecture: str) -> bool:
    """A C string of that name is in the library (the linker may share a string's tail with
    a longer one, so the byte before it is not checked)."""
    return re.search(re.escape(architecture.encode()) + rb"\0", library) is not None


def test_every_architecture_is_one_the_shipped_llama_cpp_runs() -> None:
    library = llama_cpp_library()
    assert knows(library, "llama") and not knows(library, "no-such-architecture")
    for model in load_catalog().models:
        assert knows(library, model.architecture), f"{model.id}: {model.architecture}"


def test_entries_are_complete_and_resolvable_by_quantization() -> None:
    catalog = load_catalog()
    ids = [m.id for m in catalog.models]
    assert len(ids) == len(set(ids))
    for model in catalog.models:
        assert all(is_safe_repo_id(repo) for repo in model.repos), model.id
        assert quantization_of(f"x-{model.quantization}.gguf") == model.quantization
        assert quantization_of(model.file_hint) == model.quantization, model.id
        assert model.size_bytes > 0 and model.ram_gb * 1e9 > model.size_bytes
        assert model.licence and model.languages and model.summary


def test_the_default_writes_english_and_chinese_on_an_8_gb_laptop() -> None:
    default = load_catalog().default
    assert {"English", "Chinese"} <= set(default.languages)
    assert default.ram_gb <= 4.0
    assert default.modelscope_repo, "the default must be reachable from mainland China"
    assert not default.gated


def test_an_entry_reads_in_the_interface_language_and_in_english_without_one() -> None:
    qwen = load_catalog().find("qwen3-4b")
    chinese = qwen.in_language("zh_CN")
    assert chinese.summary != qwen.summary and "中文" in chinese.languages
    assert chinese.repo == qwen.repo and chinese.size_bytes == qwen.size_bytes
    assert qwen.in_language("zh_TW") == qwen, "Simplified Chinese is not Traditional"
    assert qwen.in_language("fr_FR") == qwen and qwen.in_language("en_US").summary == qwen.summary


def test_every_entry_says_whether_and_when_it_was_checked_against_the_hub() -> None:
    for model in load_catalog().models:
        assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", model.checked_on), model.id
    assert load_catalog().find("gemma-3-4b-it").verified
