"""EngineService's job objects: each request's events reach that request's listeners only."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from writer_app.core.models.load_settings import LoadSettings
from writer_app.core.protocol import FinishReason
from writer_app.core.requests import Action, GenerationRequest
from writer_app.qt.engine_service import EngineService, GenerationJob
from writer_app.testing.fake_engine import FakeEngine


class Heard:
    """Everything one job said, in order."""

    def __init__(self, job: GenerationJob) -> None:
        self.events: list[tuple[str, object]] = []
        job.chunk_received.connect(lambda text, _tokens: self.events.append(("chunk", text)))
        job.finished.connect(lambda reason, _stats: self.events.append(("finished", reason)))
        job.failed.connect(lambda message: self.events.append(("failed", message)))

    def ended(self) -> bool:
        return bool(self.events) and self.events[-1][0] in ("finished", "failed")

    def text(self) -> str:
        return "".join(str(value) for kind, value in self.events if kind == "chunk")


REQUEST = GenerationRequest(Action.CONTINUE, "Once upon a time")


@pytest.fixture
def service(qtbot: QtBot, tiny_model: Path) -> Iterator[tuple[EngineService, FakeEngine]]:
    engine = FakeEngine()
    service = EngineService(engine)
    loaded: list[object] = []
    job = service.load_model(LoadSettings(model_path=str(tiny_model)))
    job.loaded.connect(loaded.append)
    qtbot.waitUntil(lambda: bool(loaded))
    assert job.done
    yield service, engine
    service.shutdown()


def test_a_job_hears_its_own_stream_to_the_end(qtbot: QtBot,
                                               service: tuple[EngineService, FakeEngine]
                                               ) -> None:
    job = service[0].generate(REQUEST)
    heard = Heard(job)
    qtbot.waitUntil(heard.ended)
    assert heard.text() == "".join(service[1].chunks)
    assert heard.events[-1] == ("finished", FinishReason.STOP)
    assert job.done


def test_a_new_request_cancels_the_one_in_flight_which_still_ends(
        qtbot: QtBot, service: tuple[EngineService, FakeEngine]) -> None:
    engine = service[1]
    engine.hold()
    first = Heard(service[0].generate(REQUEST))
    qtbot.waitUntil(lambda: bool(first.events))
    second = Heard(service[0].generate(REQUEST))
    engine.release()
    qtbot.waitUntil(lambda: first.ended() and second.ended())
    assert first.events[-1] == ("finished", FinishReason.CANCELLED)
    assert second.events[-1] == ("finished", FinishReason.STOP)
    assert second.text() == "".join(engine.chunks)


def test_an_abandoned_job_says_nothing_more(qtbot: QtBot,
                                            service: tuple[EngineService, FakeEngine]) -> None:
    engine = service[1]
    engine.hold()
    job = service[0].generate(REQUEST)
    heard = Heard(job)
    qtbot.waitUntil(lambda: bool(heard.events))
    job.abandon()
    engine.release()
    qtbot.waitUntil(service[0].is_idle)
    assert heard.events == [("chunk", engine.chunks[0])]
    assert job.done


def test_cancelling_a_finished_job_leaves_the_next_one_alone(
        qtbot: QtBot, service: tuple[EngineService, FakeEngine]) -> None:
    old = service[0].generate(REQUEST)
    qtbot.waitUntil(lambda: old.done)
    engine = service[1]
    engine.hold()
    current = Heard(service[0].generate(REQUEST))
    qtbot.waitUntil(lambda: bool(current.events))
    old.cancel()
    engine.release()
    qtbot.waitUntil(current.ended)
    assert current.events[-1] == ("finished", FinishReason.STOP)


def test_another_windows_request_is_refused_while_one_streams_and_never_stops_it(
        qtbot: QtBot, service: tuple[EngineService, FakeEngine]) -> None:
    first, engine = service
    second = EngineService(first)
    engine.hold()
    streaming = Heard(first.generate(REQUEST))
    qtbot.waitUntil(lambda: bool(streaming.events))
    assert second.busy_elsewhere() and not first.busy_elsewhere()
    refused = Heard(second.generate(REQUEST))
    qtbot.waitUntil(refused.ended)
    assert refused.events[0][0] == "failed"
    assert "another window" in str(refused.events[0][1])
    engine.release()
    qtbot.waitUntil(streaming.ended)
    assert streaming.events[-1] == ("finished", FinishReason.STOP)
    assert len(engine.requests) == 1
    turn = Heard(second.generate(REQUEST))
    qtbot.waitUntil(turn.ended)
    assert turn.events[-1] == ("finished", FinishReason.STOP)
    second.shutdown()


def test_a_window_shut_down_stops_its_own_request_only_and_the_last_stops_the_engine(
        qtbot: QtBot, service: tuple[EngineService, FakeEngine]) -> None:
    first, engine = service
    second = EngineService(first)
    engine.hold()
    job = first.generate(REQUEST)
    heard = Heard(job)
    qtbot.waitUntil(lambda: bool(heard.events))
    first.shutdown()
    assert job.done and not engine.closed
    engine.release()
    qtbot.waitUntil(second.is_idle)
    assert heard.events == [("chunk", engine.chunks[0])]
    kept = Heard(second.generate(REQUEST))
    qtbot.waitUntil(kept.ended)
    assert kept.events[-1] == ("finished", FinishReason.STOP)
    second.shutdown()
    assert engine.closed


def test_a_model_load_is_announced_to_every_window(
        qtbot: QtBot, service: tuple[EngineService, FakeEngine], tiny_model: Path) -> None:
    first, _engine = service
    second = EngineService(first)
    started: list[object] = []
    second.load_started.connect(started.append)
    with qtbot.waitSignal(second.model_loaded):
        job = first.load_model(LoadSettings(model_path=str(tiny_model)))
    assert started == [job]
    assert second.current_load() is None
    second.shutdown()


def test_an_inline_suggestion_of_another_window_gives_way(
        qtbot: QtBot, service: tuple[EngineService, FakeEngine]) -> None:
    first, engine = service
    second = EngineService(first)
    engine.hold()
    suggestion = Heard(second.generate(REQUEST, yields=True))
    qtbot.waitUntil(lambda: bool(suggestion.events))
    assert not first.busy_elsewhere()
    asked = Heard(first.generate(REQUEST))
    engine.release()
    qtbot.waitUntil(lambda: suggestion.ended() and asked.ended())
    assert suggestion.events[-1] == ("finished", FinishReason.CANCELLED)
    assert asked.events[-1] == ("finished", FinishReason.STOP)
    second.shutdown()
