"""Model files made to exhaust the machine: absurd header values are refused before
anything is loaded, and what the engine allocates follows the context the writer chose,
not the one the file claims."""

from __future__ import annotations

import struct
import sys
from pathlib import Path

import psutil
import pytest

from writer_app.core.errors import ModelFileError
from writer_app.core.models.gguf_header import inspect_gguf
from writer_app.core.models.load_settings import LoadSettings
from writer_app.core.protocol import Finished
from writer_app.core.requests import Action, GenerationRequest, SamplingSettings
from writer_app.core.sources.names import display_name
from writer_app.engine.client import EngineClient
from writer_app.testing.tiny_model import TinyModelSpec, write_tiny_model

_HEADER = struct.Struct("<4sIQQ")  # magic, version, tensor count, metadata count
_UINT8 = 0


def with_extra_metadata(source: Path, target: Path, count: int) -> Path:
    """``source`` with ``count`` more uint8 metadata entries right after its header.

    The entries are padded to a multiple of the file's alignment (32), so the tensor data
    moves by whole blocks and stays valid.
    """
    data = source.read_bytes()
    magic, version, n_tensors, n_kv = _HEADER.unpack_from(data)
    entries = [struct.pack("<Q", 13) + b"x.k%010d" % i + struct.pack("<IB", _UINT8, 1)
               for i in range(count)]
    block = b"".join(entries)
    padding = -len(block) % 32
    if padding:  # lengthen the last key; its entry keeps its layout
        name = b"x.k%010d" % (count - 1) + b"p" * padding
        entries[-1] = struct.pack("<Q", len(name)) + name + struct.pack("<IB", _UINT8, 1)
        block = b"".join(entries)
    assert len(block) % 32 == 0
    header = _HEADER.pack(magic, version, n_tensors, n_kv + count)
    target.write_bytes(header + block + data[_HEADER.size:])
    return target


def refusal(path: Path) -> str:
    with pytest.raises(ModelFileError) as raised:
        inspect_gguf(path)
    return str(raised.value)


@pytest.mark.parametrize("claimed", [0x7FFFFFFF, 0xFFFFFFFF])
def test_an_absurd_trained_context_is_refused(tmp_path: Path, claimed: int) -> None:
    path = write_tiny_model(tmp_path / "huge-context.gguf",
                            TinyModelSpec(context_length=claimed))
    message = refusal(path)
    assert "huge-context.gguf" in message and f"{claimed:,}" in message
    assert "context" in message


def test_a_million_metadata_entries_are_refused(tmp_path: Path, tiny_model: Path) -> None:
    path = with_extra_metadata(tiny_model, tmp_path / "many-keys.gguf", 1_000_000)
    message = refusal(path)
    assert "many-keys.gguf" in message and "metadata entries" in message


def test_a_few_extra_metadata_entries_are_fine(tmp_path: Path, tiny_model: Path) -> None:
    path = with_extra_metadata(tiny_model, tmp_path / "some-keys.gguf", 100)
    assert inspect_gguf(path).metadata["x.k0000000000"] == 1


def test_a_huge_chat_template_is_refused_without_reading_it(tmp_path: Path) -> None:
    path = write_tiny_model(tmp_path / "huge-template.gguf",
                            TinyModelSpec(chat_template="{{ 'x' }}" * 10_000_000))
    before = psutil.Process().memory_info().rss
    message = refusal(path)
    assert psutil.Process().memory_info().rss - before < 50 * 2**20
    assert "huge-template.gguf" in message and "chat template" in message


@pytest.mark.real_engine
def test_the_engine_refuses_an_absurd_header_before_starting(tmp_path: Path) -> None:
    path = write_tiny_model(tmp_path / "huge-context.gguf",
                            TinyModelSpec(context_length=0xFFFFFFFF))
    client = EngineClient()
    try:
        with pytest.raises(ModelFileError, match="context"):
            list(client.load(LoadSettings(model_path=str(path), n_ctx=1024)))
        assert client.pid is None
    finally:
        client.close()


def extra_peak_rss(path: Path, normal: Path) -> int:
    """How much more the engine's peak RSS is with ``path`` than with ``normal``."""
    return _peak_rss_of_a_short_continue(path) - _peak_rss_of_a_short_continue(normal)


def _peak_rss_of_a_short_continue(path: Path) -> int:
    client = EngineClient()
    try:
        list(client.load(LoadSettings(model_path=str(path), n_ctx=1024, threads=2)))
        assert client.model is not None and client.model.n_ctx == 1024
        events = list(client.generate(GenerationRequest(
            Action.CONTINUE, "The river was quiet that night.",
            sampling=SamplingSettings(temperature=0.0, max_tokens=4))))
        assert isinstance(events[-1], Finished)
        assert client.pid is not None
        status = Path(f"/proc/{client.pid}/status").read_text()
        return int(status.split("VmHWM:")[1].split()[0]) * 1024
    finally:
        client.close()


@pytest.mark.real_engine
@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="peak RSS from /proc")
def test_a_large_trained_context_costs_what_the_chosen_context_costs(
        tmp_path: Path, tiny_model: Path) -> None:
    """llama-cpp-python's tokenizer sized its buffer by the trained context (4 bytes a
    token): 60 million tokens cost 240 MB per request, 2^31 cost 8.5 GB."""
    large = write_tiny_model(tmp_path / "large-context.gguf",
                             TinyModelSpec(context_length=60_000_000))
    extra = extra_peak_rss(large, tiny_model)
    assert extra < 64 * 2**20, f"{extra / 2**20:.0f} MB more for a larger trained context"


NESTED_LOOPS = ("{% for i in range(100000) %}{% for j in range(100000) %}{% endfor %}"
                "{% endfor %}{% for m in messages %}{{ m['content'] }}{% endfor %}")


@pytest.mark.real_engine
def test_a_template_that_never_ends_is_reported_once_and_the_plain_prompt_used(
        tmp_path: Path) -> None:
    path = write_tiny_model(tmp_path / "looping.gguf",
                            TinyModelSpec(chat_template=NESTED_LOOPS, name="Looping-1B"))
    client = EngineClient()
    try:
        list(client.load(LoadSettings(model_path=str(path), n_ctx=1024, threads=2)))
        assert client.model is not None
        assert not client.model.has_chat_template
        (notice,) = client.model.notices
        assert f"chat template in {display_name(path, 'Looping-1B')}" in notice
        assert "fault in the model file" in notice
        for action in (Action.CONTINUE, Action.SUMMARIZE):
            events = list(client.generate(GenerationRequest(
                action, "The river was quiet that night.",
                sampling=SamplingSettings(temperature=0.0, max_tokens=4))))
            assert isinstance(events[-1], Finished)
    finally:
        client.close()


@pytest.mark.real_engine
@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="peak RSS from /proc")
def test_a_template_that_builds_a_huge_string_costs_nothing_at_load(
        tmp_path: Path, tiny_model: Path) -> None:
    """llama-cpp-python compiles every chat template of a file when it loads it, and Jinja
    folds ``'x' * 200000000`` into a constant while compiling: 800 MB before a request."""
    path = write_tiny_model(tmp_path / "huge-string.gguf", TinyModelSpec(
        chat_template="{{ 'x' * 200000000 }}{% for m in messages %}{{ m.content }}{% endfor %}"))
    extra = extra_peak_rss(path, tiny_model)
    assert extra < 64 * 2**20, f"{extra / 2**20:.0f} MB more for a hostile template"
