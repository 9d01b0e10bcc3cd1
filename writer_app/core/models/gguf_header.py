"""Read what a GGUF file says about itself, and refuse damaged files before llama.cpp does.

Only the header, the key-value section and the tensor table are read (a few MB at most,
whatever the model's size), so a check costs milliseconds. Every failure is a
``ModelFileError`` with a sentence a person can act on.

Values no real model has are refused here, before llama.cpp or llama-cpp-python see them:
they size buffers by the trained context, check keys for duplicates pair by pair and
compile the chat template, so a hostile header costs gigabytes or hours there.
"""

from __future__ import annotations

import struct
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

from writer_app.core.errors import ModelFileError
from writer_app.core.i18n import QT_TRANSLATE_NOOP, message

GGUF_MAGIC = b"GGUF"
_OLD_MAGICS = {b"lmgg", b"fmgg", b"tjgg", b"GGML", b"GGJT", b"ggjt", b"ggml"}
_MAX_COUNT = 1 << 24
# Far above any real model (tens of metadata entries, a few thousand tensors, a trained
# context of at most ten million tokens, chat templates of a few kilobytes).
MAX_METADATA_ENTRIES = 1 << 16
MAX_TENSORS = 1 << 16
MAX_CONTEXT_LENGTH = 1 << 26
MAX_CHAT_TEMPLATE_BYTES = 1 << 18
_CHAT_TEMPLATE_KEY = "tokenizer.chat_template"
_MAX_DIMS = 8
_MAX_NESTING = 4
_BLOCK = 1 << 20
_DEFAULT_ALIGNMENT = 32

# ggml type id -> (elements per block, bytes per block); checked against gguf's own table
# in the test suite.
GGML_TYPE_SIZES: dict[int, tuple[int, int]] = {
    0: (1, 4), 1: (1, 2), 2: (32, 18), 3: (32, 20), 6: (32, 22), 7: (32, 24),
    8: (32, 34), 9: (32, 40), 10: (256, 84), 11: (256, 110), 12: (256, 144),
    13: (256, 176), 14: (256, 210), 15: (256, 292), 16: (256, 66), 17: (256, 74),
    18: (256, 98), 19: (256, 50), 20: (32, 18), 21: (256, 110), 22: (256, 82),
    23: (256, 136), 24: (1, 1), 25: (1, 2), 26: (1, 4), 27: (1, 8), 28: (1, 8),
    29: (256, 56), 30: (1, 2), 34: (256, 54), 35: (256, 66), 39: (32, 17),
}

# general.file_type -> the usual quantization name; checked against gguf.LlamaFileType.
FILE_TYPE_NAMES: dict[int, str] = {
    0: "F32", 1: "F16", 2: "Q4_0", 3: "Q4_1", 7: "Q8_0", 8: "Q5_0", 9: "Q5_1",
    10: "Q2_K", 11: "Q3_K_S", 12: "Q3_K_M", 13: "Q3_K_L", 14: "Q4_K_S", 15: "Q4_K_M",
    16: "Q5_K_S", 17: "Q5_K_M", 18: "Q6_K", 19: "IQ2_XXS", 20: "IQ2_XS", 21: "Q2_K_S",
    22: "IQ3_XS", 23: "IQ3_XXS", 24: "IQ1_S", 25: "IQ4_NL", 26: "IQ3_S", 27: "IQ3_M",
    28: "IQ2_S", 29: "IQ2_M", 30: "IQ4_XS", 31: "IQ1_M", 32: "BF16", 36: "TQ1_0",
    37: "TQ2_0", 38: "MXFP4_MOE",
}

# GGUF value types: id -> struct format of a scalar (strings and arrays are special).
_SCALARS = {0: "<B", 1: "<b", 2: "<H", 3: "<h", 4: "<I", 5: "<i", 6: "<f", 7: "<?",
            10: "<Q", 11: "<q", 12: "<d"}
_STRING, _ARRAY = 8, 9
# Arrays longer than this are skipped, not kept: the vocabulary is not needed here.
_KEEP_ARRAY_MAX = 64


@dataclass(frozen=True)
class SkippedArray:
    """A long array (such as the vocabulary) that was skipped; only its length is kept."""

    length: int


@dataclass(frozen=True)
class TensorInfo:
    """One entry of the tensor table."""

    name: str
    shape: tuple[int, ...]
    ggml_type: int
    offset: int

    @property
    def n_elements(self) -> int:
        count = 1
        for dim in self.shape:
            count *= dim
        return count

    def n_bytes(self) -> int | None:
        """Size of the tensor's data, or None for a type this table does not know."""
        sizes = GGML_TYPE_SIZES.get(self.ggml_type)
        if sizes is None:
            return None
        block, size = sizes
        return -(-self.n_elements // block) * size


@dataclass(frozen=True)
class GgufInfo:
    """What a GGUF file says about the model in it."""

    path: Path
    file_size: int
    version: int
    metadata: dict[str, object] = field(repr=False)
    tensors: tuple[TensorInfo, ...] = field(repr=False)
    data_offset: int = 0

    @property
    def architecture(self) -> str:
        value = self.metadata.get("general.architecture")
        return value if isinstance(value, str) else ""

    @property
    def name(self) -> str:
        value = self.metadata.get("general.name")
        return value if isinstance(value, str) and value.strip() else self.path.stem

    @property
    def chat_template(self) -> str | None:
        value = self.metadata.get("tokenizer.chat_template")
        return value if isinstance(value, str) and value.strip() else None

    @property
    def context_length(self) -> int:
        value = self.metadata.get(f"{self.architecture}.context_length")
        return value if isinstance(value, int) else 0

    @property
    def block_count(self) -> int:
        value = self.metadata.get(f"{self.architecture}.block_count")
        return value if isinstance(value, int) else 0

    @property
    def vocab_size(self) -> int:
        tokens = self.metadata.get("tokenizer.ggml.tokens")
        if isinstance(tokens, SkippedArray):
            return tokens.length
        return len(tokens) if isinstance(tokens, list) else 0

    @property
    def quantization(self) -> str:
        value = self.metadata.get("general.file_type")
        if isinstance(value, int):
            return FILE_TYPE_NAMES.get(value, f"type {value}")
        return "unknown"

    @property
    def parameter_count(self) -> int:
        return sum(tensor.n_elements for tensor in self.tensors)

    @property
    def expected_size(self) -> int | None:
        """Bytes the file must have to hold every tensor, or None if a type is unknown."""
        end = self.data_offset
        for tensor in self.tensors:
            size = tensor.n_bytes()
            if size is None:
                return None
            end = max(end, self.data_offset + tensor.offset + size)
        return end


class _Reader:
    """Bounded little-endian reads that turn a short file into a clear error."""

    def __init__(self, stream: BinaryIO, file_size: int, path: Path) -> None:
        self._stream = stream
        self._file_size = file_size
        self._path = path

    def read(self, n: int) -> bytes:
        data = self._stream.read(n)
        if len(data) != n:
            raise _truncated(self._path)
        return data

    def scalar(self, fmt: str) -> object:
        value: object = struct.unpack(fmt, self.read(struct.calcsize(fmt)))[0]
        return value

    def count(self, what: str, limit: int = _MAX_COUNT) -> int:
        value = int(struct.unpack("<Q", self.read(8))[0])
        if value > limit:
            raise _corrupted(self._path, f"it claims {value:,} {what}")
        return value

    def string(self, limit: int | None = None) -> str:
        length = int(struct.unpack("<Q", self.read(8))[0])
        if length > self._file_size:
            raise _corrupted(self._path, f"a string of {length:,} bytes is longer than the file")
        if limit is not None and length > limit:
            raise ModelFileError(message(QT_TRANSLATE_NOOP(
                "core", "The model file {name} has a chat template of {length:,} bytes; real "
                "ones have a few thousand. The file is damaged or was made to harm, so "
                "writer-app does not load it: choose another model."),
                name=self._path.name, length=length))
        return self.read(length).decode("utf-8", errors="replace")

    def value(self, value_type: int, depth: int = 0, limit: int | None = None) -> object:
        """A value; a string longer than ``limit`` bytes is refused without being read."""
        if value_type in _SCALARS:
            return self.scalar(_SCALARS[value_type])
        if value_type == _STRING:
            return self.string(limit)
        if value_type == _ARRAY:
            if depth >= _MAX_NESTING:
                raise _corrupted(self._path, "it nests arrays too deeply")
            item_type = int(struct.unpack("<I", self.read(4))[0])
            length = self.count("array items")
            if item_type in _SCALARS and length > _KEEP_ARRAY_MAX:
                self.skip(length * struct.calcsize(_SCALARS[item_type]))
                return SkippedArray(length)
            if item_type == _STRING and length > _KEEP_ARRAY_MAX:
                self.skip_strings(length)
                return SkippedArray(length)
            items = [self.value(item_type, depth + 1) for _ in range(length)]
            return items if length <= _KEEP_ARRAY_MAX else SkippedArray(length)
        raise _corrupted(self._path, f"it uses an unknown value type {value_type}")

    def skip_strings(self, count: int) -> None:
        """Pass over ``count`` strings (the vocabulary) without decoding them.

        The length prefixes are walked inside a block read into memory: a file read and a
        seek per string would make a 150k-token vocabulary cost over 100 ms.
        """
        start = self._stream.tell()
        consumed = 0
        block, block_start = b"", start
        for _ in range(count):
            offset = start + consumed - block_start
            if offset + 8 > len(block):
                block_start = start + consumed
                self._stream.seek(block_start)
                block, offset = self._stream.read(_BLOCK), 0
                if len(block) < 8:
                    raise _truncated(self._path)
            size = int(struct.unpack_from("<Q", block, offset)[0])
            if size > self._file_size:
                raise _corrupted(self._path, f"a string of {size:,} bytes is longer than "
                                 "the file")
            consumed += 8 + size
        if start + consumed > self._file_size:
            raise _truncated(self._path)
        self._stream.seek(start + consumed)

    def skip(self, n: int) -> None:
        position = self._stream.tell()
        if position + n > self._file_size:
            raise _truncated(self._path)
        self._stream.seek(position + n)

    def tell(self) -> int:
        return self._stream.tell()


def _truncated(path: Path) -> ModelFileError:
    return ModelFileError(message(QT_TRANSLATE_NOOP(
        "core", "The model file {name} is incomplete (it ends too early): download it again."),
        name=path.name))


def _corrupted(path: Path, detail: str) -> ModelFileError:
    return ModelFileError(message(QT_TRANSLATE_NOOP(
        "core", "The model file {name} is damaged ({detail}): download it again or choose "
        "another model."), name=path.name, detail=detail))


def inspect_gguf(path: str | Path) -> GgufInfo:
    """Read and check a GGUF file's header; raise ``ModelFileError`` on anything wrong."""
    path = Path(path)
    if not path.exists():
        raise ModelFileError(message(QT_TRANSLATE_NOOP(
            "core", "The model file {path} does not exist."), path=str(path)))
    if path.is_dir():
        raise ModelFileError(message(QT_TRANSLATE_NOOP(
            "core", "{path} is a folder; choose a .gguf model file."), path=str(path)))
    try:
        file_size = path.stat().st_size
        with path.open("rb", buffering=1 << 20) as stream:
            return _parse(stream, file_size, path)
    except PermissionError:
        raise ModelFileError(message(QT_TRANSLATE_NOOP(
            "core", "writer-app may not read {path}: check its permissions."),
            path=str(path))) from None
    except OSError as exc:
        raise ModelFileError(message(QT_TRANSLATE_NOOP(
            "core", "The model file {path} could not be read: {reason}."),
            path=str(path), reason=exc.strerror)) from None


def _parse(stream: BinaryIO, file_size: int, path: Path) -> GgufInfo:
    if file_size == 0:
        raise ModelFileError(message(QT_TRANSLATE_NOOP(
            "core", "The model file {name} is empty (0 bytes); the download probably failed. "
            "Download it again."), name=path.name))
    reader = _Reader(stream, file_size, path)
    magic = stream.read(4)
    if magic != GGUF_MAGIC:
        if magic in _OLD_MAGICS:
            raise ModelFileError(message(QT_TRANSLATE_NOOP(
                "core", "{name} is in the old GGML format, which llama.cpp no longer reads. "
                "Download the GGUF version of this model."), name=path.name))
        raise ModelFileError(message(QT_TRANSLATE_NOOP(
            "core", "{name} is not a GGUF model file. writer-app runs .gguf files, such as "
            "the quantized models published on the Hugging Face Hub."), name=path.name))
    version = int(struct.unpack("<I", reader.read(4))[0])
    if version not in (2, 3):
        raise ModelFileError(message(QT_TRANSLATE_NOOP(
            "core", "{name} uses GGUF version {version}, which this version of writer-app "
            "cannot read. Update writer-app or choose another model."),
            name=path.name, version=version))
    n_tensors = reader.count("tensors", MAX_TENSORS)
    n_kv = reader.count("metadata entries", MAX_METADATA_ENTRIES)
    metadata: dict[str, object] = {}
    for _ in range(n_kv):
        key = reader.string()
        value_type = int(struct.unpack("<I", reader.read(4))[0])
        is_template = key.startswith(_CHAT_TEMPLATE_KEY)
        metadata[key] = reader.value(value_type,
                                     limit=MAX_CHAT_TEMPLATE_BYTES if is_template else None)
    tensors = []
    for _ in range(n_tensors):
        name = reader.string()
        n_dims = int(struct.unpack("<I", reader.read(4))[0])
        if n_dims > _MAX_DIMS:
            raise _corrupted(path, f"tensor {name!r} claims {n_dims} dimensions")
        shape = struct.unpack(f"<{n_dims}Q", reader.read(8 * n_dims))
        ggml_type = int(struct.unpack("<I", reader.read(4))[0])
        offset = int(struct.unpack("<Q", reader.read(8))[0])
        tensors.append(TensorInfo(name, tuple(int(d) for d in shape), ggml_type, offset))
    alignment = metadata.get("general.alignment", _DEFAULT_ALIGNMENT)
    if not isinstance(alignment, int) or alignment <= 0 or alignment & (alignment - 1):
        raise _corrupted(path, f"its alignment {alignment!r} is not a power of two")
    data_offset = -(-reader.tell() // alignment) * alignment
    info = GgufInfo(path, file_size, version, metadata, tuple(tensors), data_offset)
    if not info.architecture:
        raise _corrupted(path, "it does not name its architecture")
    claimed = info.metadata.get(f"{info.architecture}.context_length")
    if isinstance(claimed, int) and not 0 < claimed <= MAX_CONTEXT_LENGTH:
        raise ModelFileError(message(QT_TRANSLATE_NOOP(
            "core", "The model file {name} claims a trained context of {claimed:,} tokens, "
            "which no model has: the file is damaged or was made wrong, so writer-app does "
            "not load it. Choose another model."), name=path.name, claimed=claimed))
    expected = info.expected_size
    if expected is not None and expected > file_size:
        raise ModelFileError(message(QT_TRANSLATE_NOOP(
            "core", "The model file {name} is incomplete ({size:,} of {expected:,} bytes): "
            "download it again."), name=path.name, size=file_size, expected=expected))
    return info
