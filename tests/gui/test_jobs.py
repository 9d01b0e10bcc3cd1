"""FunctionJob: one function on a worker thread, its outcome as signals on the GUI thread."""

from __future__ import annotations

import gc
import threading

from PySide6.QtCore import QThread
from pytestqt.qtbot import QtBot

from writer_app.core.errors import WriterError
from writer_app.qt.jobs import FunctionJob, call_in_thread


class Heard:
    """Everything one job said, in order, and on which thread."""

    def __init__(self, job: FunctionJob) -> None:
        self.events: list[tuple[str, object]] = []
        self.threads: set[QThread] = set()
        job.returned.connect(lambda value: self._add("returned", value))
        job.failed.connect(lambda message: self._add("failed", message))
        job.finished.connect(lambda: self._add("finished", None))

    def _add(self, kind: str, value: object) -> None:
        self.threads.add(QThread.currentThread())
        self.events.append((kind, value))

    def ended(self) -> bool:
        return bool(self.events) and self.events[-1][0] == "finished"


def _gone(name: str) -> bool:
    return not any(thread.name == name for thread in threading.enumerate())


def test_the_value_comes_back_on_the_gui_thread_and_finished_comes_last(
        qtbot: QtBot) -> None:
    worker: list[str] = []

    def work() -> int:
        worker.append(threading.current_thread().name)
        return 42

    job = call_in_thread(work, "answer", failure="The answer failed")
    heard = Heard(job)
    with qtbot.waitSignal(job.finished):
        pass
    assert heard.events == [("returned", 42), ("finished", None)]
    assert heard.threads == {QThread.currentThread()} and worker == ["answer"]
    assert job.done
    qtbot.waitUntil(lambda: _gone("answer"))


def test_a_writer_error_fails_with_its_own_message_then_finishes(qtbot: QtBot) -> None:
    def work() -> None:
        raise WriterError("The server refused the key.")

    job = call_in_thread(work, "refused", failure="The test failed")
    heard = Heard(job)
    qtbot.waitUntil(heard.ended)
    assert heard.events == [("failed", "The server refused the key."), ("finished", None)]


def test_a_bug_fails_with_the_failure_sentence(qtbot: QtBot) -> None:
    def work() -> None:
        raise KeyError("models")

    job = call_in_thread(work, "bug", failure="The test failed")
    heard = Heard(job)
    qtbot.waitUntil(heard.ended)
    assert heard.events == [("failed", "The test failed: KeyError('models')"),
                            ("finished", None)]


def test_cancel_sets_the_flag_the_function_checks_and_it_still_finishes(
        qtbot: QtBot) -> None:
    started, stop = threading.Event(), threading.Event()

    def work() -> str:
        started.set()
        stop.wait()
        return "stopped early"

    job = call_in_thread(work, "long", failure="The work failed", stop=stop.set)
    heard = Heard(job)
    assert started.wait(10)
    job.cancel()
    qtbot.waitUntil(heard.ended)
    assert heard.events == [("returned", "stopped early"), ("finished", None)]


def test_an_abandoned_job_says_nothing_more(qtbot: QtBot) -> None:
    release = threading.Event()
    job = call_in_thread(lambda: release.wait(10), "abandoned", failure="The work failed")
    heard = Heard(job)
    job.abandon()
    release.set()
    qtbot.waitUntil(lambda: _gone("abandoned"))
    qtbot.waitUntil(lambda: job not in FunctionJob._running)  # its last call was relayed
    assert heard.events == [] and job.done


def test_a_job_nobody_keeps_still_reports(qtbot: QtBot) -> None:
    seen: list[object] = []
    job = call_in_thread(lambda: "kept", "dropped", failure="The work failed")
    job.returned.connect(seen.append)
    del job
    gc.collect()
    qtbot.waitUntil(lambda: seen == ["kept"])
    qtbot.waitUntil(lambda: not FunctionJob._running)
