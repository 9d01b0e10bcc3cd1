"""An engine that stops answering (SIGSTOP): Stop, a model switch and close still work.

The engine is frozen while idle, so the request sent to it is never read: the same state as
an engine frozen mid-stream, reached without racing the tiny model's generation. The
watchdog's bound is set small here; what is checked is the behaviour, not the time.
"""

from __future__ import annotations

import multiprocessing
import os
import signal
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from writer_app.core.errors import GenerationError, ModelLoadError
from writer_app.core.models.load_settings import LoadSettings
from writer_app.core.protocol import Finished, ModelLoaded
from writer_app.core.requests import Action, GenerationRequest, SamplingSettings
from writer_app.engine.client import EngineClient, EngineUnresponsiveError

STORY = "The river was quiet that night, and the city lights shook on the water. "
SHORT = GenerationRequest(Action.CONTINUE, STORY,
                          sampling=SamplingSettings(temperature=0.0, max_tokens=8))


@pytest.fixture
def client(tiny_model: Path, real_llama_cpp: None) -> Iterator[EngineClient]:
    engine = EngineClient(stop_timeout_s=0.5)
    try:
        for _ in engine.load(LoadSettings(model_path=str(tiny_model), n_ctx=1024, threads=2)):
            pass
        yield engine
    finally:
        engine.close()


class Consumer(threading.Thread):
    """Runs a request on its own thread, as the window's engine jobs do."""

    def __init__(self, stream: Iterator[object]) -> None:
        super().__init__(name="test-consumer")
        self.stream = stream
        self.events: list[object] = []
        self.error: BaseException | None = None
        self.start()

    def run(self) -> None:
        try:
            self.events.extend(self.stream)
        except BaseException as exc:
            self.error = exc


def freeze(client: EngineClient) -> int:
    pid = client.pid
    assert pid is not None
    os.kill(pid, signal.SIGSTOP)
    return pid


def wait_for_request(client: EngineClient) -> None:
    """Until the request is with the (frozen) engine."""
    while not client.in_flight:
        threading.Event().wait(0.01)


def test_stop_ends_a_frozen_engine_says_so_and_the_next_request_restarts(
        client: EngineClient) -> None:
    pid = freeze(client)
    consumer = Consumer(client.generate(SHORT))
    wait_for_request(client)
    client.cancel()
    consumer.join(60)
    assert not consumer.is_alive(), "Stop did not end the request"
    assert isinstance(consumer.error, EngineUnresponsiveError)
    assert "did not stop" in str(consumer.error) and "text is safe" in str(consumer.error)
    assert not client.is_running()
    events = list(client.generate(SHORT))
    assert any(isinstance(e, ModelLoaded) for e in events)
    assert isinstance(events[-1], Finished)
    assert client.pid != pid


def test_a_new_request_replaces_one_stuck_in_a_frozen_engine(client: EngineClient) -> None:
    freeze(client)
    consumer = Consumer(client.generate(SHORT))
    wait_for_request(client)
    events = list(client.generate(SHORT))  # cancels the stuck one, as the window does
    consumer.join(60)
    assert isinstance(consumer.error, EngineUnresponsiveError)
    assert isinstance(events[-1], Finished)


def test_a_model_switch_with_a_frozen_engine_loads_the_new_model(
        client: EngineClient, base_model: Path) -> None:
    freeze(client)
    consumer = Consumer(client.generate(SHORT))
    wait_for_request(client)
    client.cancel()  # what EngineService.load_model does first
    events = list(client.load(LoadSettings(model_path=str(base_model), n_ctx=1024)))
    consumer.join(60)
    assert isinstance(consumer.error, EngineUnresponsiveError)
    assert isinstance(events[-1], ModelLoaded)
    assert client.model is not None and client.model.path == str(base_model)


def test_closing_with_a_frozen_engine_ends_it_and_starts_no_other(
        client: EngineClient) -> None:
    pid = freeze(client)
    stuck = Consumer(client.generate(SHORT))
    wait_for_request(client)
    queued = Consumer(client.generate(SHORT))
    client.close()
    stuck.join(60)
    queued.join(60)
    assert not stuck.is_alive() and not queued.is_alive()
    assert isinstance(stuck.error, GenerationError), stuck.error
    assert isinstance(queued.error, GenerationError), queued.error
    assert "was not started" in str(queued.error)
    assert not client.is_running()
    assert not multiprocessing.active_children(), "a queued request started an engine"
    with pytest.raises(ProcessLookupError):
        os.kill(pid, 0)


def test_a_new_load_replaces_a_load_stuck_in_a_frozen_engine(
        client: EngineClient, tiny_model: Path, base_model: Path) -> None:
    freeze(client)
    stuck = Consumer(client.load(LoadSettings(model_path=str(tiny_model), n_ctx=1024)))
    wait_for_request(client)
    client.cancel()  # what EngineService.load_model does first
    events = list(client.load(LoadSettings(model_path=str(base_model), n_ctx=1024)))
    stuck.join(60)
    assert isinstance(stuck.error, ModelLoadError) and "did not finish" in str(stuck.error)
    assert isinstance(events[-1], ModelLoaded)
    assert client.model is not None and client.model.path == str(base_model)


def test_closing_during_a_load_in_a_frozen_engine(client: EngineClient,
                                                  base_model: Path) -> None:
    freeze(client)
    stuck = Consumer(client.load(LoadSettings(model_path=str(base_model), n_ctx=1024)))
    wait_for_request(client)
    client.close()
    stuck.join(60)
    assert isinstance(stuck.error, ModelLoadError)
    assert not client.is_running()


_CANCELLED_LOAD = """
import sys
from writer_app.core.models.load_settings import LoadSettings
from writer_app.core.errors import ModelLoadError
from writer_app.engine import runtime

engine = runtime.Runtime(runtime.LlamaLog(lambda level, text: None))
reports = []
try:
    engine.load(LoadSettings(model_path=sys.argv[1], n_ctx=512), reports.append,
                lambda: bool(reports))
except ModelLoadError as exc:
    print(len(reports), exc)
"""


@pytest.mark.real_engine
def test_a_cancelled_load_stops_at_llama_cpps_next_progress_report(tiny_model: Path) -> None:
    """A healthy engine ends a cancelled load itself, before the watchdog would."""
    result = subprocess.run([sys.executable, "-c", _CANCELLED_LOAD, str(tiny_model)],
                            capture_output=True, text=True, timeout=120, check=False)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == f"1 Loading {tiny_model.name} was cancelled."


def test_a_closed_client_serves_later_requests(client: EngineClient, base_model: Path) -> None:
    """The window closes the local engine while a server is in use and takes it back
    later: only requests made before the close are refused."""
    client.close()
    events = list(client.load(LoadSettings(model_path=str(base_model), n_ctx=1024)))
    assert isinstance(events[-1], ModelLoaded)
    assert isinstance(list(client.generate(SHORT))[-1], Finished)
