"""The figures of docs/RELIABILITY.md's "The data folder is hostile too" section.

    QT_QPA_PLATFORM=offscreen .venv/bin/python -m bench.hostile_files

Each case writes the data folder the app leaves beside one document
(``writer_app/testing/data_folder.py``), puts one hostile file in it, and starts the app in
a child process the way ``writer-app story.txt`` does: the real start path
(``writer_app.app.start``) with a fake engine, offscreen. The child says how many seconds
passed until its window was up and the damage said (a status line or alert through the
window's ``MessageBridge``; a file that is set aside without a word counts when the window
is up), the longest stall of the event loop meanwhile (a timer ticking every 10 ms, whose
longest gap takes in the start call itself, since it runs on the GUI thread), its own peak
RSS (VmHWM, which a child does not inherit), what it said and which files it set aside.
A template and a download record are read when New from Brief or Get Models opens, not at
start: those two cases read them right after the window is up, on the same clock. The
first case is a clean data folder. Prints one JSON object.
"""

from __future__ import annotations

import itertools
import json
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

DEEP = "[" * 100_000
"""JSON or TOML nested 100,000 deep."""
TEXT = "Mara steered the ferry through the fog.\nThe harbour lights were out.\n"
TICK_MS = 10
SETTLE_S = 0.3
"""How long the event loop keeps running after everything was said, to catch late stalls."""


def _write(path: Path, data: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(data, encoding="utf-8")


def _fifo(path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.unlink(missing_ok=True)
    os.mkfifo(path)


def _json(path: Path, **changes: object) -> None:
    """The app's own file at ``path`` with some of its fields changed."""
    data = json.loads(path.read_text(encoding="utf-8"))
    data.update(changes)
    path.write_text(json.dumps(data), encoding="utf-8")


def _cases() -> dict[str, Callable[[Any, Path], None]]:
    """name: what makes its file hostile, given the app's paths and the document."""
    from writer_app.core.documents.history import key_for_path
    from writer_app.core.plans.templates import user_dir
    from writer_app.core.sources.download import SIDECAR_SUFFIX
    from writer_app.testing.data_folder import RECOVERY_KEY, lock_file

    def key(document: Path) -> str:
        return key_for_path(document)

    return {
        "clean data folder": lambda paths, document: None,
        "recovery record nested 100,000 deep": lambda paths, document: _write(
            paths.recovery_dir / "broken.json", '{"pid": "1234"' + DEEP),
        "recovery record with pid 2^63 and saved_at 1e20": lambda paths, document: _json(
            paths.recovery_dir / f"{RECOVERY_KEY}.json", pid=2**63, saved_at=1e20),
        "recovery record that is a FIFO": lambda paths, document: _fifo(
            paths.recovery_dir / "fifo.json"),
        "lock nested 100,000 deep": lambda paths, document: _write(
            lock_file(paths, document), DEEP),
        "lock with pid 2^64": lambda paths, document: _json(
            lock_file(paths, document), pid=2**64),
        "lock written on another computer": lambda paths, document: _json(
            lock_file(paths, document), host="another-computer", session="theirs",
            owner="theirs"),
        "template with {length:>300000000}": lambda paths, document: _write(
            user_dir(paths.data) / "mine.toml",
            (user_dir(paths.data) / "mine.toml").read_text(encoding="utf-8").replace(
                "{topic}", "{length:>300000000}")),
        "template nested 100,000 deep": lambda paths, document: _write(
            user_dir(paths.data) / "deep.toml", f"name = {DEEP}"),
        "notes nested 100,000 deep": lambda paths, document: _write(
            paths.notes_dir / f"{key(document)}.json", DEEP),
        "history from a later version": lambda paths, document: _json(
            paths.history_dir / f"{key(document)}.json", version=99),
        "history nested 100,000 deep": lambda paths, document: _write(
            paths.history_dir / f"{key(document)}.json", DEEP),
        "download record with a size of 1e400": lambda paths, document: _write(
            paths.models_dir / "owner--repo" / f"m.gguf{SIDECAR_SUFFIX}",
            '{"repo": "o/r", "filename": "m.gguf", "size": 1e400}'),
        "settings nested 100,000 deep": lambda paths, document: _write(
            paths.settings_file, '{"n_ctx": ' + DEEP),
        "settings with n_ctx 2^64": lambda paths, document: _json(
            paths.settings_file, n_ctx=2**64),
        "settings that is a FIFO": lambda paths, document: _fifo(paths.settings_file),
        "goals nested 100,000 deep": lambda paths, document: _write(paths.goals_file, DEEP),
        "provenance nested 100,000 deep": lambda paths, document: _write(
            paths.provenance_dir / f"{key(document)}.json", DEEP),
        "personal word list that is a FIFO": lambda paths, document: _fifo(
            paths.personal_words_file),
    }


def _read_later(name: str, paths: Any) -> str:
    """What New from Brief or Get Models says of the case's file when it opens ("" for a
    case read at start)."""
    from writer_app.core.plans.templates import load_library, user_dir
    from writer_app.core.sources.local import partial_downloads

    if name.startswith("template"):
        return " ".join(load_library(user_dir(paths.data)).problems)
    if name.startswith("download"):
        return f"partial downloads listed: {len(partial_downloads(paths.models_dir))}"
    return ""


def _peak_mb() -> int:
    """This process's peak resident memory (Linux)."""
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith("VmHWM:"):
                return round(int(line.split()[1]) / 1024)
    return 0


def _listen() -> list[tuple[float, str]]:
    """What the app says from now on, each with when: the bridge's warnings and errors
    (not "the model is ready"), its alerts and its questions (answered Open Anyway)."""
    from writer_app.qt.messages import Level, MessageBridge, StatusMessage
    from writer_app.ui.common import message_boxes

    said: list[tuple[float, str]] = []
    post, alert = MessageBridge._post, MessageBridge.alert

    def posted(bridge: MessageBridge, message: StatusMessage) -> None:
        if message.level is not Level.INFO:
            said.append((time.perf_counter(), message.text))
        post(bridge, message)

    def alerted(bridge: MessageBridge, level: Level, title: str, text: str) -> None:
        said.append((time.perf_counter(), text))
        alert(bridge, level, title, text)

    def asked(_parent: object, _title: str, text: str, choices: Sequence[str]) -> str:
        said.append((time.perf_counter(), text))
        return choices[0]

    MessageBridge._post = posted  # type: ignore[method-assign,assignment]
    MessageBridge.alert = alerted  # type: ignore[method-assign,assignment]
    message_boxes.show_alert = lambda *_args: None  # said already, through the bridge
    message_boxes.ask = asked  # type: ignore[assignment]
    return said


def _run(begin: Callable[[], None], done: Callable[[], bool]) -> list[float]:
    """Run the event loop: ``begin`` at once, until ``done`` has held ``SETTLE_S`` (or
    30 s have passed); the gaps between the ticks of a ``TICK_MS`` timer meanwhile."""
    from PySide6.QtCore import QEventLoop, QTimer

    ticks = [time.perf_counter()]
    ticker, watch, loop = QTimer(), QTimer(), QEventLoop()
    ticker.setInterval(TICK_MS)
    ticker.timeout.connect(lambda: ticks.append(time.perf_counter()))
    settled: list[float] = []

    def check() -> None:
        if done() and not settled:
            settled.append(time.perf_counter())
        if (settled and time.perf_counter() - settled[0] > SETTLE_S) or \
                time.perf_counter() - ticks[0] > 30:
            loop.quit()

    watch.setInterval(5)
    watch.timeout.connect(check)
    ticker.start()
    QTimer.singleShot(0, begin)
    watch.start()
    loop.exec()
    ticker.stop()
    return [later - earlier for earlier, later in itertools.pairwise(ticks)]


def child(name: str) -> dict[str, Any]:
    """Start the app on the case's data folder; what came of it."""
    folder = Path(tempfile.mkdtemp())
    os.environ["WRITER_APP_HOME"] = str(folder / "home")
    from writer_app import app as app_module
    from writer_app.core.paths import AppPaths
    from writer_app.core.settings import SettingsStore
    from writer_app.testing.data_folder import write_data_folder
    from writer_app.testing.fake_engine import FakeEngine
    from writer_app.testing.tiny_model import write_tiny_model
    from writer_app.ui.workspace import DesktopApplication, Workspace

    application = DesktopApplication([])
    document = folder / "story.txt"
    document.write_text(TEXT, encoding="utf-8")
    document = document.resolve()
    model = write_tiny_model(folder / "tiny.gguf")
    paths = AppPaths.default()
    write_data_folder(paths, document, model)
    _cases()[name](paths, document)
    said = _listen()
    started: list[float] = []
    workspaces: list[Workspace] = []

    def begin() -> None:
        store = SettingsStore(paths.settings_file)
        started.append(time.perf_counter())
        settings, warning = store.load()
        workspaces.append(app_module.start(app_module._parse([str(document)]), FakeEngine(),
                                           store, settings, paths, warning=warning))
        later = _read_later(name, paths)
        started.append(time.perf_counter())
        if later:
            said.append((started[-1], later))

    def mine() -> list[Any]:
        return [window for workspace in workspaces for window in workspace.windows
                if window.documents.path == document]

    gaps = _run(begin, lambda: any(window.models.model is not None for window in mine()))
    up = started[1] - started[0]
    message_at = said[0][0] - started[0] if said else up
    set_aside = sorted(str(path.relative_to(paths.data.parent))
                       for path in paths.data.parent.rglob("*")
                       if ".damaged" in path.name or ".corrupt-" in path.name)
    result = {"seconds": round(max(up, message_at), 3), "window_up_s": round(up, 3),
              "longest_stall_s": round(max(gaps, default=0.0), 3), "peak_mb": _peak_mb(),
              "document_open": [window.editor.toPlainText() for window in mine()] == [TEXT],
              "said": [text[:200] for _at, text in said], "set_aside": set_aside}
    for window in list(workspaces[0].windows):
        window.editor.document().setModified(False)
        window.close()
    application.processEvents()
    return result


def main(argv: Sequence[str]) -> None:
    if argv[:1] == ["--child"]:
        print(json.dumps(child(argv[1]), ensure_ascii=False))
        return
    env = {**os.environ, "QT_QPA_PLATFORM": os.environ.get("QT_QPA_PLATFORM", "offscreen")}
    report: dict[str, Any] = {}
    for name in _cases():
        result = subprocess.run([sys.executable, "-m", "bench.hostile_files", "--child", name],
                                capture_output=True, text=True, env=env, check=True)
        report[name] = json.loads(result.stdout.strip().splitlines()[-1])
        print(name, report[name], file=sys.stderr)
    print(json.dumps(report, indent=1, ensure_ascii=False))


if __name__ == "__main__":
    main(sys.argv[1:])
