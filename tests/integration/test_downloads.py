"""Downloads with the real huggingface_hub client against a local Hub-like server."""

from __future__ import annotations

import re
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from huggingface_hub import constants

import writer_app.core.sources.download as download_module
from tests.conftest import TINY_FILE, TINY_REPO
from writer_app.core.sources.download import (
    Control,
    Downloader,
    DownloadError,
    Outcome,
    Progress,
    model_path,
)
from writer_app.core.sources.hub import HubClient, HubError, HubSettings, RemoteFile
from writer_app.core.sources.local import downloaded_models, local_models, partial_downloads
from writer_app.testing.hub_server import Faults, HubServer
from writer_app.testing.tiny_model import TinyModelSpec, write_tiny_model

REPO, FILE = TINY_REPO, TINY_FILE


@pytest.fixture(scope="module")
def split_parts(tmp_path_factory: pytest.TempPathFactory) -> dict[str, bytes]:
    folder = tmp_path_factory.mktemp("split")
    write_tiny_model(folder / "tiny-split-q8_0.gguf", TinyModelSpec(split_max_tensors=12))
    return {p.name: p.read_bytes() for p in sorted(folder.glob("*.gguf"))}


@pytest.fixture
def hub(payload: bytes, split_parts: dict[str, bytes]) -> Iterator[HubServer]:
    with HubServer() as server:
        server.state.add(REPO, {FILE: payload, "README.md": b"# tiny"}, downloads=50)
        server.state.add("writer-app/Tiny-Split-GGUF", split_parts, downloads=5)
        server.state.add("acme/Gated-GGUF", {FILE: payload})
        server.state.gated.add("acme/Gated-GGUF")
        yield server


@pytest.fixture
def models_dir(tmp_path: Path) -> Path:
    return tmp_path / "models"


def settings(hub: HubServer, **changes: object) -> HubSettings:
    return HubSettings(endpoint=hub.endpoint, **changes)  # type: ignore[arg-type]


def remote(hub: HubServer, repo: str = REPO, name: str = FILE) -> list[RemoteFile]:
    return HubClient(settings(hub)).files(repo, [name])


def fetch(hub: HubServer, models_dir: Path, files: list[RemoteFile] | None = None,
          control: Control | None = None, **options: float) -> tuple[Outcome, list[Progress]]:
    seen: list[Progress] = []
    downloader = Downloader(settings(hub), models_dir, backoff_s=0.01, **options)  # type: ignore[arg-type]
    outcome, _ = downloader.download(files or remote(hub), control or Control(), seen.append)
    return outcome, seen


def gets(hub: HubServer, name: str = FILE) -> list[str | None]:
    return [r.range for r in hub.state.requests
            if r.method == "GET" and r.path.endswith(f"/resolve/main/{name}")]


def test_search_and_list_files_grouped_by_quantization(hub: HubServer) -> None:
    client = HubClient(settings(hub))
    found = client.search("tiny")
    assert [r.repo for r in found] == [REPO, "writer-app/Tiny-Split-GGUF"]
    models = client.model_files("writer-app/Tiny-Split-GGUF")
    assert len(models) == 1 and len(models[0].files) == 2
    assert models[0].quantization == "Q8_0" and models[0].name == "tiny-split-q8_0.gguf"
    single = client.model_files(REPO)
    assert [m.name for m in single] == [FILE] and single[0].files[0].sha256


def test_full_download_with_progress(hub: HubServer, models_dir: Path,
                                     payload: bytes) -> None:
    outcome, progress = fetch(hub, models_dir)
    assert outcome is Outcome.DONE
    target = model_path(models_dir, REPO, FILE)
    assert target.read_bytes() == payload
    assert progress[-1].verifying and progress[-1].done == len(payload)
    done = [p.done for p in progress]
    assert done == sorted(done)
    assert not list(models_dir.rglob("*.part*"))
    assert [m.path for m in downloaded_models(models_dir)] == [target]


def test_dropped_connection_resumes_where_it_stopped(hub: HubServer, models_dir: Path,
                                                     payload: bytes) -> None:
    hub.state.faults[f"{REPO}/{FILE}"] = Faults(drop_after=200_000, drop_times=1)
    outcome, _ = fetch(hub, models_dir)
    assert outcome is Outcome.DONE
    assert model_path(models_dir, REPO, FILE).read_bytes() == payload
    ranges = gets(hub)
    assert ranges[0] is None and len(ranges) == 2
    resumed_at = int(re.match(r"bytes=(\d+)-", ranges[1] or "").group(1))  # type: ignore[union-attr]
    assert resumed_at >= 190_000  # the bytes before the drop were not fetched again


def test_pause_then_resume(hub: HubServer, models_dir: Path, payload: bytes) -> None:
    hub.state.faults[f"{REPO}/{FILE}"] = Faults(throttle_s=0.02)
    control = Control()
    files = remote(hub)

    def pause_when_started(progress: Progress) -> None:
        if progress.done > 100_000:
            control.pause()

    downloader = Downloader(settings(hub), models_dir)
    outcome, _ = downloader.download(files, control, pause_when_started)
    assert outcome is Outcome.PAUSED
    [partial] = partial_downloads(models_dir)
    assert 100_000 < partial.done < len(payload) and partial.size == len(payload)
    assert downloaded_models(models_dir) == []
    hub.state.faults[f"{REPO}/{FILE}"] = Faults()
    outcome, _ = downloader.download(files, Control(), lambda p: None)
    assert outcome is Outcome.DONE
    assert gets(hub)[-1] == f"bytes={partial.done}-"
    assert model_path(models_dir, REPO, FILE).read_bytes() == payload


def test_cancel_removes_the_partial_file(hub: HubServer, models_dir: Path) -> None:
    hub.state.faults[f"{REPO}/{FILE}"] = Faults(throttle_s=0.02)
    control = Control()
    threading.Timer(0.2, control.cancel).start()
    outcome, _ = fetch(hub, models_dir, control=control)
    assert outcome is Outcome.CANCELLED
    assert not [p for p in models_dir.rglob("*") if p.is_file()]


def test_restart_resumes_from_the_partial_file(hub: HubServer, models_dir: Path,
                                               payload: bytes) -> None:
    target = model_path(models_dir, REPO, FILE)
    hub.state.faults[f"{REPO}/{FILE}"] = Faults(throttle_s=0.02)
    control = Control()
    first = Downloader(settings(hub), models_dir)
    first.download(remote(hub), control,
                   lambda p: control.pause() if p.done > 150_000 else None)
    done = partial_downloads(models_dir)[0].done
    hub.state.faults[f"{REPO}/{FILE}"] = Faults()
    # A new downloader, as after a restart of the app: only the files on disk carry over.
    outcome, _ = fetch(hub, models_dir)
    assert outcome is Outcome.DONE and target.read_bytes() == payload
    assert gets(hub)[-1] == f"bytes={done}-"


def test_wrong_bytes_are_deleted_and_never_used(hub: HubServer, models_dir: Path) -> None:
    hub.state.faults[f"{REPO}/{FILE}"] = Faults(wrong_bytes=True)
    with pytest.raises(DownloadError, match=r"sha256 does not match.*deleted"):
        fetch(hub, models_dir)
    assert not [p for p in models_dir.rglob("*") if p.is_file()]
    assert local_models(models_dir) == []


def test_missing_file_404(hub: HubServer, models_dir: Path) -> None:
    with pytest.raises(HubError, match="no file"):
        remote(hub, name="nope.gguf")
    ghost = [RemoteFile(REPO, "nope.gguf", 10, None)]
    with pytest.raises(DownloadError, match="not found"):
        fetch(hub, models_dir, files=ghost)


def test_gated_repo_says_what_to_do(hub: HubServer, models_dir: Path, payload: bytes) -> None:
    files = [RemoteFile("acme/Gated-GGUF", FILE, len(payload), None)]
    with pytest.raises(DownloadError, match=r"access token and accepted terms.*Gated-GGUF"):
        fetch(hub, models_dir, files=files)
    downloader = Downloader(settings(hub, token=hub.state.token), models_dir)
    outcome, _ = downloader.download(files, Control(), lambda p: None)
    assert outcome is Outcome.DONE


def test_server_errors_are_retried(hub: HubServer, models_dir: Path, payload: bytes) -> None:
    hub.state.faults[f"{REPO}/{FILE}"] = Faults(errors_5xx=2)
    outcome, _ = fetch(hub, models_dir)
    assert outcome is Outcome.DONE
    assert len(gets(hub)) == 3


def test_persistent_server_errors_give_up_with_a_message(hub: HubServer,
                                                         models_dir: Path) -> None:
    hub.state.faults[f"{REPO}/{FILE}"] = Faults(errors_5xx=100)
    with pytest.raises(DownloadError, match=r"kept failing.*503"):
        fetch(hub, models_dir, retries=3)


def test_a_stall_is_detected_and_retried(hub: HubServer, models_dir: Path,
                                         payload: bytes) -> None:
    hub.state.faults[f"{REPO}/{FILE}"] = Faults(stall_after=100_000, stall_s=3, stall_times=1)
    outcome, _ = fetch(hub, models_dir, stall_timeout_s=0.5)
    assert outcome is Outcome.DONE
    assert model_path(models_dir, REPO, FILE).read_bytes() == payload
    assert len(gets(hub)) == 2


def test_not_enough_disk_space(hub: HubServer, models_dir: Path,
                               monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(download_module, "disk_free", lambda folder: 1000)
    with pytest.raises(DownloadError, match="Not enough disk space"):
        fetch(hub, models_dir)
    assert gets(hub) == []


def test_offline_mode(hub: HubServer, models_dir: Path, monkeypatch: pytest.MonkeyPatch,
                      payload: bytes) -> None:
    fetch(hub, models_dir)
    files = remote(hub)
    with pytest.raises(DownloadError, match="offline"):
        Downloader(settings(hub, offline=True), models_dir).download(files, Control(), print)
    monkeypatch.setattr(constants, "HF_HUB_OFFLINE", True)
    with pytest.raises(HubError, match="offline"):
        HubClient(settings(hub)).search("tiny")
    # Everything already downloaded keeps working.
    assert [m.name for m in local_models(models_dir)] == [FILE]


def test_split_model_downloads_as_a_set(hub: HubServer, models_dir: Path,
                                        split_parts: dict[str, bytes]) -> None:
    client = HubClient(settings(hub))
    [model] = client.model_files("writer-app/Tiny-Split-GGUF")
    outcome, progress = fetch(hub, models_dir, files=list(model.files))
    assert outcome is Outcome.DONE
    assert progress[-1].total == sum(len(b) for b in split_parts.values())
    [local] = downloaded_models(models_dir)
    assert local.name.endswith("-00001-of-00002.gguf")
    assert local.size == sum(len(b) for b in split_parts.values())


def test_models_in_the_huggingface_cache_are_found(hub: HubServer, tmp_path: Path,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    import tqdm
    from huggingface_hub import hf_hub_download

    from writer_app.core.sources.local import cached_models

    monkeypatch.setattr(tqdm.tqdm, "monitor_interval", 0)  # no monitor thread to outlive us
    cache = tmp_path / "hf-cache"
    hf_hub_download(REPO, FILE, cache_dir=cache, endpoint=hub.endpoint)
    [found] = cached_models(cache)
    assert found.name == FILE and found.repo == REPO
    assert found.source == "Hugging Face cache" and found.quantization == "Q8_0"
    assert cached_models(tmp_path / "no-cache-here") == []


def test_metadata_is_asked_once_so_an_offline_user_hears_at_once(
        hub: HubServer, models_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[bool] = []
    real = download_module.get_hf_file_metadata

    def recording(*args: object, **kwargs: object) -> object:
        calls.append(bool(kwargs.get("retry_on_errors")))
        return real(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(download_module, "get_hf_file_metadata", recording)
    fetch(hub, models_dir)
    assert calls == [False]
