"""The whole app started on a hostile data folder: every file kept beside one document
(its recovery record, lock, notes, history, goal and provenance, the writer's template,
the settings that reopen it, the personal word list) written good, then damaged by the
seeded mutations of ``tests/unit/test_untrusted_fuzz.py``. Whatever the damage, the app
starts, the document's text is in the editor exactly as on disk, Continue Writing sends a
request, and nothing raises."""

from __future__ import annotations

import contextlib
import gc
import json
import random
import shutil
import sys
import traceback
from collections.abc import Iterator, Sequence
from pathlib import Path
from types import TracebackType

import pytest
from PySide6.QtCore import QCoreApplication, QEvent
from pytestqt.qtbot import QtBot

from tests.gui.conftest import idle
from tests.gui.test_windows import close_all
from tests.unit.test_untrusted_fuzz import VALUES, _mutate, _variants
from writer_app import app as app_module
from writer_app.core.paths import AppPaths
from writer_app.core.settings import SettingsStore
from writer_app.testing.data_folder import write_data_folder
from writer_app.testing.fake_engine import FakeEngine
from writer_app.ui.common import message_boxes
from writer_app.ui.workspace import Workspace

SEEDS = range(120)
"""Each seed damages every kind of file at once; even seeds name the document on the
command line, odd ones reopen it from the settings."""
TEXT = "Mara steered the ferry through the fog.\nThe harbour lights were out.\n"
CURSORS = (-1, 0, len(TEXT), len(TEXT) + 1, 2**31, 2**63 - 1, -(2**63) + 1)
"""Where a reopened document's cursor may be said to be: whole numbers the settings reader
takes (one beyond 64 bits sets the whole file aside), most of them outside the text."""


def _damaged_settings(rng: random.Random, good: bytes) -> bytes:
    """The settings with the reopened document's cursor out of any text's range, and at
    times a key no version knows beside it: a file the settings reader takes, so that the
    document is still meant to reopen (a value of the wrong type sets the whole file aside,
    which the command-line seeds reach)."""
    data = json.loads(good)
    [document] = data["open_documents"]
    document["cursor"] = rng.choice(CURSORS)
    if rng.random() < 0.5:
        document["later"] = rng.choice(VALUES)
    return json.dumps(data).encode("utf-8")


def _damage(rng: random.Random, good: Path, home: Path, reopen: bool) -> None:
    """``good`` copied to ``home``, each of its files damaged."""
    shutil.copytree(good, home)
    for file in sorted(path for path in home.rglob("*") if path.is_file()):
        data = file.read_bytes()
        if file.name == "personal-words.txt":
            data = _mutate(rng, data)
        elif file.name == "settings.json" and reopen:
            data = _damaged_settings(rng, data)
        else:
            data = _variants(rng, data)
        file.write_bytes(data)


def _open_anyway(_parent: object, _title: str, _text: str, choices: Sequence[str]) -> str:
    """The writer's answer to every question: the first choice (Open Anyway)."""
    return choices[0]


@contextlib.contextmanager
def _uncaught() -> Iterator[list[str]]:
    """The exceptions that reach ``sys.excepthook`` meanwhile (a slot's, a virtual
    method's), each as its traceback."""
    caught: list[str] = []
    previous = sys.excepthook

    def hook(kind: type[BaseException], value: BaseException,
             trace: TracebackType | None) -> None:
        caught.append("".join(traceback.format_exception(kind, value, trace)))

    sys.excepthook = hook
    try:
        yield caught
    finally:
        sys.excepthook = previous


def _start(home: Path, document: Path, model: Path, reopen: bool) -> tuple[Workspace,
                                                                            FakeEngine]:
    paths = AppPaths.default()
    assert paths.data.parent == home
    store = SettingsStore(paths.settings_file)
    settings, warning = store.load()
    engine = FakeEngine()
    argv = ["--model", str(model)] if reopen else [str(document), "--model", str(model)]
    workspace = app_module.start(app_module._parse(argv), engine, store, settings, paths,
                                 warning=warning)
    return workspace, engine


def _check(qtbot: QtBot, workspace: Workspace, engine: FakeEngine, document: Path) -> None:
    assert workspace.windows, "no window"
    [window] = [window for window in workspace.windows
                if window.documents.path == document.resolve()]
    assert window.editor.toPlainText() == TEXT
    assert 0 <= window.editor.textCursor().position() <= len(TEXT)
    # The model loads from whichever window is in front: Continue waits until it is in.
    qtbot.waitUntil(lambda: window.models.model is not None
                    and window.service.current_load() is None)
    window.assistant.continue_writing()
    qtbot.waitUntil(lambda: len(engine.requests) == 1)
    idle(qtbot, window)


def _close(workspace: Workspace) -> None:
    """Close every window and delete it now, as the app's event loop does, then collect
    Python's side of them here, between seeds: collected at a random moment of a later
    seed's events, a half-collected window's event filters ran on torn-down objects."""
    close_all(workspace)
    workspace.setParent(None)
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    gc.collect()


@pytest.mark.usefixtures("messages")
def test_a_damaged_data_folder_never_stops_the_app_from_starting_and_opening_the_document(
        qtbot: QtBot, app_home: Path, tmp_path: Path, tiny_model: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(message_boxes, "ask", _open_anyway)
    document = tmp_path / "story.txt"
    document.write_text(TEXT, encoding="utf-8")
    good = tmp_path / "good"
    monkeypatch.setenv("WRITER_APP_HOME", str(good))
    write_data_folder(AppPaths.default(), document.resolve(), tiny_model)
    for seed in SEEDS:
        reopen = seed % 2 == 1
        home = tmp_path / f"home-{seed}"
        _damage(random.Random(f"data-folder-{seed}"), good, home, reopen)
        damaged = {str(path.relative_to(home)): path.read_bytes()[:200]
                   for path in sorted(home.rglob("*")) if path.is_file()}
        monkeypatch.setenv("WRITER_APP_HOME", str(home))
        workspace: Workspace | None = None
        with _uncaught() as caught:
            try:
                workspace, engine = _start(home, document, tiny_model, reopen)
                _check(qtbot, workspace, engine, document)
            except Exception as exc:  # the folder that broke it is the report
                raise AssertionError(f"seed {seed} raised {exc!r} on {damaged!r}") from exc
            finally:
                if workspace is not None:
                    _close(workspace)
        assert not caught, f"seed {seed} raised in a slot on {damaged!r}:\n{caught[0]}"
