"""Shared fixtures: generated GGUF models, a real engine, and a leak check on every test.

A test that runs llama.cpp is marked ``real_engine`` by the fixture that starts it: every
such fixture uses ``real_llama_cpp``. A test without the mark that starts llama.cpp anyway
(the engine process, a llama.cpp server, ``llama_cpp`` imported here) fails, so the fast
loop (``-m "not real_engine and not trained_model"``) never runs it.
"""

from __future__ import annotations

import multiprocessing
import os
import sys
import threading
import time
from collections.abc import Iterator
from multiprocessing.process import BaseProcess
from pathlib import Path
from typing import NoReturn

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from tests.external import external_file
from writer_app.core.models.load_settings import LoadSettings
from writer_app.core.paths import HOME_ENV
from writer_app.engine.client import EngineClient
from writer_app.testing.hub_server import HubServer
from writer_app.testing.openai_server import LlamaCppPythonServer, LlamaServer
from writer_app.testing.tiny_model import TinyModelSpec, write_tiny_model

_LEAK_GRACE_S = 5.0
# Marks of the tests that may run llama.cpp.
_RUNS_LLAMA_CPP = ("real_engine", "trained_model")
# Words of a command line that runs llama.cpp: a server or our command line on a model, or
# a script with the engine's runtime.
_LLAMA_CPP_COMMANDS = ("--model", "llama_cpp.server", "llama-server", "engine import runtime",
                       "engine.runtime")


@pytest.fixture(scope="session")
def qapp_cls() -> type:
    """The app's own application class, which hears the desktop's file-open events: the
    one application of the session, whichever test makes it first."""
    from writer_app.ui.workspace import DesktopApplication

    return DesktopApplication


@pytest.fixture(autouse=True)
def data_folder(tmp_path_factory: pytest.TempPathFactory,
                monkeypatch: pytest.MonkeyPatch) -> Path:
    """A data folder of each test's own, never the writer's and never another test's: the
    app and its engine process keep files there (settings, the documents to reopen,
    recovery records, the flash attention measurements). A test that wants its own sets
    ``WRITER_APP_HOME`` again."""
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv(HOME_ENV, str(home))
    return home


@pytest.fixture(scope="session")
def real_llama_cpp() -> None:
    """Used by every fixture that starts llama.cpp: the tests that use one are marked
    ``real_engine``."""


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark ``real_engine`` the tests that use ``real_llama_cpp``, before ``-m`` selects."""
    for item in items:
        if "real_llama_cpp" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.real_engine)


class _LlamaCppGuard:
    """What a test not marked to run llama.cpp did that starts it."""

    def __init__(self) -> None:
        self.watching = False
        self.starts: list[str] = []

    def refuse(self, what: str) -> NoReturn:
        self.starts.append(what)
        pytest.fail(f"this test {what}, which runs llama.cpp: use a fixture that uses "
                    "real_llama_cpp (tests/conftest.py), or mark it real_engine")

    def audit(self, event: str, args: tuple[object, ...]) -> None:
        if not self.watching:
            return
        if event == "import" and str(args[0]).partition(".")[0] == "llama_cpp":
            self.refuse(f"imports {args[0]}")
        elif event == "subprocess.Popen":
            command = args[1] if isinstance(args[1], str) else " ".join(map(str, args[1]))
            if any(word in command for word in _LLAMA_CPP_COMMANDS):
                self.refuse(f"runs {command[:200]!r}")


_GUARD = _LlamaCppGuard()
sys.addaudithook(_GUARD.audit)


@pytest.fixture(autouse=True)
def _starts_no_llama_cpp(request: pytest.FixtureRequest,
                         monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Fail a test that starts llama.cpp without a mark that allows it: it imports
    ``llama_cpp``, runs a llama.cpp server or script, or starts a process through
    multiprocessing (in this app, only the engine, which runs llama.cpp)."""
    if any(request.node.get_closest_marker(mark) for mark in _RUNS_LLAMA_CPP):
        yield
        return
    def refused_start(process: BaseProcess) -> NoReturn:
        _GUARD.refuse(f"starts the process {process.name!r}")

    monkeypatch.setattr(BaseProcess, "start", refused_start)
    _GUARD.watching, _GUARD.starts = True, []
    try:
        yield
    finally:
        _GUARD.watching = False
    if _GUARD.starts:
        pytest.fail(f"this test started llama.cpp without the real_engine mark: {_GUARD.starts}")


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
def _llama_cpp_python_server(tiny_model: Path, real_llama_cpp: None
                             ) -> Iterator[LlamaCppPythonServer]:
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
def llama_server(tiny_model: Path, real_llama_cpp: None) -> Iterator[LlamaServer]:
    """llama.cpp's own llama-server on 127.0.0.1, on the tiny chat model (it answers
    ``/v1/models`` while it generates, so no test waits for another's answer)."""
    binary = external_file("WRITER_APP_LLAMA_SERVER", "the llama-server binary: "
                           "`python -m bench.llama_bench llama-server` builds it into "
                           "bench/.cache and prints its path.")
    with LlamaServer(binary, tiny_model) as server:
        yield server


@pytest.fixture
def engine(tiny_model: Path, real_llama_cpp: None) -> Iterator[EngineClient]:
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
