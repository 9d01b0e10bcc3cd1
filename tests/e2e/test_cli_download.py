"""writer-app-cli download and models as a user runs them, against a local Hub."""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.conftest import TINY_FILE as FILE
from tests.conftest import TINY_REPO as REPO
from tests.e2e.test_cli import SIGINT_START, started
from writer_app.testing.hub_server import Faults, HubServer


@pytest.fixture
def hub(tiny_hub: HubServer) -> HubServer:
    return tiny_hub


def env(hub: HubServer, home: Path) -> dict[str, str]:
    return {**os.environ, "HF_ENDPOINT": hub.endpoint, "WRITER_APP_HOME": str(home)}


def cli(*args: str) -> list[str]:
    return [sys.executable, "-m", "writer_app.cli", *args]


def wait_for_part(home: Path, at_least: int) -> int:
    part = home / "data" / "models" / REPO.replace("/", "--") / f"{FILE}.part"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if part.exists() and part.stat().st_size >= at_least:
            return part.stat().st_size
        time.sleep(0.02)
    raise AssertionError("the download did not start")


def test_killed_mid_download_resumes_on_the_next_run(hub: HubServer, tmp_path: Path) -> None:
    home = tmp_path / "home"
    hub.state.faults[f"{REPO}/{FILE}"] = Faults(throttle_s=0.05)
    with subprocess.Popen(cli("download", REPO, FILE), env=env(hub, home),
                          stdout=subprocess.PIPE, stderr=subprocess.PIPE) as first:
        wait_for_part(home, 100_000)
        first.kill()
        first.communicate()
    hub.state.faults[f"{REPO}/{FILE}"] = Faults()
    second = subprocess.run(cli("download", REPO, FILE), env=env(hub, home),
                            capture_output=True, text=True, timeout=120, check=False)
    assert second.returncode == 0, second.stderr
    saved = Path(second.stdout.strip())
    assert saved.read_bytes() == hub.state.repos[REPO][FILE]
    ranges = [r.range for r in hub.state.requests if r.method == "GET" and FILE in r.path]
    resumed = int(re.match(r"bytes=(\d+)-", ranges[-1] or "").group(1))  # type: ignore[union-attr]
    assert resumed >= 100_000
    assert "100%" in second.stderr
    listing = subprocess.run(cli("models"), env=env(hub, home), capture_output=True,
                             text=True, timeout=60, check=True)
    assert FILE in listing.stdout and "downloaded" in listing.stdout


@SIGINT_START
def test_ctrl_c_pauses(hub: HubServer, tmp_path: Path, inherited_sigint: str) -> None:
    home = tmp_path / "home"
    hub.state.faults[f"{REPO}/{FILE}"] = Faults(throttle_s=0.05)
    with subprocess.Popen(started(cli("download", REPO, FILE), inherited_sigint),
                          env=env(hub, home), stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                          text=True) as run:
        wait_for_part(home, 50_000)
        run.send_signal(signal.SIGINT)
        _, err = run.communicate(timeout=60)
    assert run.returncode == 130
    assert "Paused" in err
    listing = subprocess.run(cli("models"), env=env(hub, home), capture_output=True,
                             text=True, timeout=60, check=True)
    assert "incomplete" in listing.stdout


def test_offline_download_is_refused_clearly(hub: HubServer, tmp_path: Path) -> None:
    result = subprocess.run(cli("download", REPO, FILE),
                            env={**env(hub, tmp_path), "HF_HUB_OFFLINE": "1"},
                            capture_output=True, text=True, timeout=60, check=False)
    assert result.returncode == 5
    assert "offline" in result.stderr and "Traceback" not in result.stderr
    assert result.stderr.startswith("writer-app-cli: ")  # no empty line above it


def test_an_unreachable_source_is_one_sentence_and_the_other_ways(tmp_path: Path) -> None:
    with socket.socket() as free:  # an address where nothing listens
        free.bind(("127.0.0.1", 0))
        endpoint = f"http://127.0.0.1:{free.getsockname()[1]}"
    result = subprocess.run(cli("download", REPO, FILE),
                            env={**os.environ, "HF_ENDPOINT": endpoint,
                                 "WRITER_APP_HOME": str(tmp_path)},
                            capture_output=True, text=True, timeout=60, check=False)
    assert result.returncode == 5
    lines = result.stderr.splitlines()
    assert lines[0].startswith("writer-app-cli: ") and "could not be reached" in lines[0]
    assert "--endpoint https://hf-mirror.com" in lines[1] and "--modelscope" in lines[1]
    assert "ConnectError" not in result.stderr and "writer_app." not in result.stderr
