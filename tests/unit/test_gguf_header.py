"""GGUF inspection: what a good file says, and a clear reason for each kind of bad file."""

from __future__ import annotations

import struct
from pathlib import Path

import gguf
import pytest

from writer_app.core.errors import ModelFileError
from writer_app.core.models.gguf_header import FILE_TYPE_NAMES, GGML_TYPE_SIZES, inspect_gguf
from writer_app.testing.tiny_model import TinyModelSpec, write_tiny_model


def test_type_sizes_match_gguf() -> None:
    for ggml_type, sizes in gguf.GGML_QUANT_SIZES.items():
        if int(ggml_type) in GGML_TYPE_SIZES:
            assert GGML_TYPE_SIZES[int(ggml_type)] == sizes, ggml_type.name
    ours = set(GGML_TYPE_SIZES)
    theirs = {int(t) for t in gguf.GGML_QUANT_SIZES}
    assert ours <= theirs


def test_file_type_names_match_gguf() -> None:
    for file_type in gguf.LlamaFileType:
        if int(file_type) in FILE_TYPE_NAMES:
            expected = file_type.name.removeprefix("MOSTLY_").removeprefix("ALL_")
            assert FILE_TYPE_NAMES[int(file_type)] == expected


def test_reads_the_tiny_model(tiny_model: Path) -> None:
    info = inspect_gguf(tiny_model)
    assert info.architecture == "llama"
    assert info.name == "writer-app tiny test model"
    assert info.quantization == "F32"
    assert info.context_length == 4096
    assert info.block_count == 2
    assert info.chat_template is not None and "im_start" in info.chat_template
    assert info.parameter_count > 100_000
    assert info.vocab_size == 445
    assert info.expected_size == info.file_size == tiny_model.stat().st_size


def test_base_model_has_no_template(base_model: Path) -> None:
    assert inspect_gguf(base_model).chat_template is None


def test_quantized_model(tmp_path: Path) -> None:
    path = write_tiny_model(tmp_path / "q8.gguf",
                            TinyModelSpec(quantization=gguf.GGMLQuantizationType.Q8_0))
    info = inspect_gguf(path)
    assert info.quantization == "Q8_0"
    assert info.expected_size is not None
    assert 0 <= info.file_size - info.expected_size < 32  # the end is padded to alignment


@pytest.fixture
def good_bytes(tiny_model: Path) -> bytes:
    return tiny_model.read_bytes()


def _refused(path: Path) -> str:
    with pytest.raises(ModelFileError) as caught:
        inspect_gguf(path)
    return str(caught.value)


def test_missing_file(tmp_path: Path) -> None:
    assert "does not exist" in _refused(tmp_path / "nothing.gguf")


def test_folder(tmp_path: Path) -> None:
    assert "is a folder" in _refused(tmp_path)


def test_empty_file(tmp_path: Path) -> None:
    (tmp_path / "empty.gguf").write_bytes(b"")
    assert "empty" in _refused(tmp_path / "empty.gguf")


def test_not_gguf(tmp_path: Path) -> None:
    (tmp_path / "notes.gguf").write_text("Dear diary, 今天下雨了。", encoding="utf-8")
    assert "not a GGUF model file" in _refused(tmp_path / "notes.gguf")


def test_old_ggml_format(tmp_path: Path) -> None:
    (tmp_path / "old.bin").write_bytes(b"tjgg" + b"\0" * 64)
    assert "old GGML format" in _refused(tmp_path / "old.bin")


def test_unknown_version(tmp_path: Path, good_bytes: bytes) -> None:
    (tmp_path / "v9.gguf").write_bytes(good_bytes[:4] + struct.pack("<I", 9) + good_bytes[8:])
    assert "GGUF version 9" in _refused(tmp_path / "v9.gguf")


def test_truncated_in_the_header(tmp_path: Path, good_bytes: bytes) -> None:
    (tmp_path / "cut.gguf").write_bytes(good_bytes[:200])
    assert "incomplete" in _refused(tmp_path / "cut.gguf")


def test_truncated_in_the_tensor_data(tmp_path: Path, good_bytes: bytes) -> None:
    (tmp_path / "cut.gguf").write_bytes(good_bytes[: len(good_bytes) - 1000])
    message = _refused(tmp_path / "cut.gguf")
    assert "incomplete" in message and f"{len(good_bytes):,} bytes" in message


def test_absurd_counts(tmp_path: Path, good_bytes: bytes) -> None:
    absurd = good_bytes[:8] + struct.pack("<Q", 1 << 60) + good_bytes[16:]
    (tmp_path / "absurd.gguf").write_bytes(absurd)
    assert "damaged" in _refused(tmp_path / "absurd.gguf")
