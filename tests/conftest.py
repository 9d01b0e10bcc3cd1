"""Shared fixtures: generated GGUF models, a real engine, and a leak check on every test."""

from __future__ import annotations

import multiprocessing
import os
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from tests.external import external_file
from writer_app.core.models.load_settings import LoadSettings
from writer_app.engine.client import EngineClient
from writer_app.testing.hub_server import HubServer
from writer_app.testing.openai_server import LlamaCppPythonServer, LlamaServer
from writer_app.testing.tiny_model import TinyModelSpec, write_tiny_model

_LEAK_GRACE_S = 5.0


@pytest.fixture(scope="session")
def models_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("models")


@pytest.fixture(scope="session")
def tiny_model(models_dir: Path) -> Path:
    """A chat model (ChatML template) with random weights."""
    return write_tiny_model(models_dir / "tiny-chat.gguf")


@pytest.fixture(scope="session")
def base_model(models_dir: Path) -> Path:
    """A base model: no chat template."""
    return write_tiny_model(models_dir / "tiny-base.gguf", TinyModelSpec(chat_template=None))


TINY_REPO = "writer-app/Tiny-Chat-GGUF"
TINY_FILE = "tiny-chat-q8_0.gguf"


@pytest.fixture(scope="session")
def payload(tmp_path_factory: pytest.TempPathFactory) -> bytes:
    """The tiny chat model's bytes, as a Hub-like server serves them."""
    return write_tiny_model(tmp_path_factory.mktemp("payload") / TINY_FILE).read_bytes()


@pytest.fixture
def tiny_hub(tiny_model: Path) -> Iterator[HubServer]:
    """A local Hub-like server with the tiny chat model in ``TINY_REPO``."""
    with HubServer() as server:
        server.state.add(TINY_REPO, {TINY_FILE: tiny_model.read_bytes()}, downloads=10)
        yield server


@pytest.fixture(scope="session")
def _llama_cpp_python_server(tiny_model: Path) -> Iterator[LlamaCppPythonServer]:
    with LlamaCppPythonServer(tiny_model) as server:
        yield server


@pytest.fixture
def llama_cpp_python_server(_llama_cpp_python_server: LlamaCppPythonServer
                            ) -> LlamaCppPythonServer:
    """llama-cpp-python's own OpenAI-compatible server on 127.0.0.1, on the tiny chat model,
    done with what earlier tests asked of it."""
    _llama_cpp_python_server.settle()
    return _llama_cpp_python_server


@pytest.fixture(scope="session")
def llama_server(tiny_model: Path) -> Iterator[LlamaServer]:
    """llama.cpp's own llama-server on 127.0.0.1, on the tiny chat model (it answers
    ``/v1/models`` while it generates, so no test waits for another's answer)."""
    binary = external_file("WRITER_APP_LLAMA_SERVER", "the llama-server binary: "
                           "`python -m bench.llama_bench llama-server` builds it into "
                           "bench/.cache and prints its path.")
    with LlamaServer(binary, tiny_model) as server:
        yield server


@pytest.fixture
def engine(tiny_model: Path) -> Iterator[EngineClient]:
    """A real engine process with the tiny chat model loaded (context of 2,048 tokens)."""
    client = EngineClient()
    try:
        for _ in client.load(LoadSettings(model_path=str(tiny_model), n_ctx=2048, threads=2)):
            pass
        yield client
    finally:
        client.close()


@pytest.fixture(autouse=True)
def _no_leaks() -> Iterator[None]:
    """Fail a test that leaves a thread or a child process running."""
    threads_before = set(threading.enumerate())
    yield
    deadline = time.monotonic() + _LEAK_GRACE_S
    while time.monotonic() < deadline:
        children = multiprocessing.active_children()
        threads = [t for t in threading.enumerate() if t not in threads_before and t.is_alive()]
        if not children and not threads:
            return
        time.sleep(0.05)
    for child in children:
        child.kill()
    pytest.fail(f"left running: processes {children}, threads {threads}")
