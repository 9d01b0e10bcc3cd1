"""Servers that lie: more bytes than the Hub lists, and file names that leave the models
folder. Nothing is written past the declared size or outside the folder."""

from __future__ import annotations

from pathlib import Path

import pytest

from writer_app.core.sources.download import Control, Downloader, DownloadError, model_path
from writer_app.core.sources.hub import HubClient, HubSettings
from writer_app.testing.hub_server import Faults, HubServer

REPO = "writer-app/Tiny-Chat-GGUF"
FILE = "tiny-chat-q8_0.gguf"


def test_a_server_streaming_past_the_declared_size_is_stopped(
        tiny_model: Path, tmp_path: Path) -> None:
    payload = tiny_model.read_bytes()
    models = tmp_path / "models"
    with HubServer() as hub:
        hub.state.add(REPO, {FILE: payload})
        hub.state.faults[f"{REPO}/{FILE}"] = Faults(extra_bytes=50 * len(payload))
        hub_settings = HubSettings(endpoint=hub.endpoint)
        files = HubClient(hub_settings).files(REPO, [FILE])
        written: list[int] = []
        with pytest.raises(DownloadError, match="more than the") as raised:
            Downloader(hub_settings, models, retries=1, backoff_s=0.01).download(
                files, Control(), lambda p: written.append(p.done))
    assert f"{len(payload):,} bytes" in str(raised.value)
    assert max(written) <= len(payload)
    assert not [p for p in models.rglob("*") if p.is_file()], "a partial file was kept"


UNSAFE = ["../escaped.gguf", "../../escaped.gguf", "/tmp/escaped.gguf", "sub/../../x.gguf",
          "..\\escaped.gguf", "C:/escaped.gguf", "nul\0.gguf", "./.gguf/../..", ""]


@pytest.mark.parametrize("name", UNSAFE)
def test_unsafe_file_names_are_refused(tmp_path: Path, name: str) -> None:
    with pytest.raises(DownloadError, match="not a safe file name"):
        model_path(tmp_path / "models", REPO, name)


@pytest.mark.parametrize("repo", ["..", "../x", "a/..", "a/b/c", "/a"])
def test_unsafe_repo_names_are_refused(tmp_path: Path, repo: str) -> None:
    with pytest.raises(DownloadError, match="not a safe"):
        model_path(tmp_path / "models", repo, FILE)


def test_a_listing_that_points_outside_the_folder_writes_nothing_there(
        tiny_model: Path, tmp_path: Path) -> None:
    models = tmp_path / "nest" / "models"
    payload = tiny_model.read_bytes()
    with HubServer() as hub:
        hub.state.add(REPO, {"../../escaped.gguf": payload, "sub/ok-q8_0.gguf": payload})
        hub_settings = HubSettings(endpoint=hub.endpoint)
        listed = HubClient(hub_settings).model_files(REPO)
        assert [m.name for m in listed] == ["sub/ok-q8_0.gguf"]
        files = [f for m in HubClient(hub_settings).model_files(REPO) for f in m.files]
        Downloader(hub_settings, models).download(files, Control(), lambda p: None)
    written = sorted(p.relative_to(tmp_path) for p in tmp_path.rglob("*") if p.is_file())
    assert written == [Path("nest/models/writer-app--Tiny-Chat-GGUF/sub/ok-q8_0.gguf")]
