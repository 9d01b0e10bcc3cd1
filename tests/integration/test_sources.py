"""Model sources beyond huggingface.co, and the catalog resolved from a repository's listing:
a local ModelScope-like server, the local Hub-like server as a mirror, and failures that
must be fast and say why."""

from __future__ import annotations

import logging
import socket
import ssl
import threading
from collections.abc import Iterator
from pathlib import Path

import httpx2
import pytest

from tests.conftest import TINY_FILE, TINY_REPO
from writer_app.core.sources.catalog import CatalogModel
from writer_app.core.sources.download import Control, Downloader, DownloadError, Outcome
from writer_app.core.sources.hub import (
    HubClient,
    HubError,
    HubSettings,
    SourceUnreachable,
    network_cause,
)
from writer_app.core.sources.modelscope import ModelScopeClient
from writer_app.core.sources.resolution import local_file, probe, resolve
from writer_app.testing.hub_server import Faults, HubServer
from writer_app.testing.modelscope_server import ModelScopeServer
from writer_app.testing.tiny_model import TinyModelSpec, write_tiny_model

REPO, FILE = TINY_REPO, TINY_FILE


@pytest.fixture(scope="module")
def split_parts(tmp_path_factory: pytest.TempPathFactory) -> dict[str, bytes]:
    folder = tmp_path_factory.mktemp("split")
    write_tiny_model(folder / "tiny-split-Q4_K_M.gguf", TinyModelSpec(split_max_tensors=12))
    return {p.name: p.read_bytes() for p in sorted(folder.glob("*.gguf"))}


@pytest.fixture
def modelscope(payload: bytes) -> Iterator[ModelScopeServer]:
    with ModelScopeServer() as server:
        server.state.add(REPO, {FILE: payload, "README.md": b"# tiny"})
        yield server


def on_modelscope(server: ModelScopeServer) -> HubSettings:
    return HubSettings(modelscope=server.endpoint)


def entry(repo: str = REPO, quantization: str = "Q8_0") -> CatalogModel:
    return CatalogModel("tiny", "Tiny (test)", repo, quantization, 0.0001, 1, 0.1,
                        "Apache-2.0", ("English",), "A test model.", modelscope_repo=repo)


def fetch_from(settings: HubSettings, models_dir: Path) -> tuple[Outcome, list[Path]]:
    files = list(resolve(entry(), settings).files)
    downloader = Downloader(settings, models_dir, backoff_s=0.01)
    return downloader.download(files, Control(), lambda _progress: None)


# ModelScope ---------------------------------------------------------------------------


def test_modelscope_download_completes_and_is_verified(modelscope: ModelScopeServer,
                                                       payload: bytes, tmp_path: Path) -> None:
    sets = ModelScopeClient(on_modelscope(modelscope)).model_files(REPO)
    assert [(s.quantization, s.size) for s in sets] == [("Q8_0", len(payload))]
    assert sets[0].files[0].sha256 is not None
    outcome, paths = fetch_from(on_modelscope(modelscope), tmp_path)
    assert outcome is Outcome.DONE
    assert paths[0].read_bytes() == payload
    assert paths[0].parent.name == "writer-app--Tiny-Chat-GGUF"
    assert any("/repo/files" in r.path for r in modelscope.state.requests)


def test_modelscope_download_resumes_after_a_drop(modelscope: ModelScopeServer,
                                                  payload: bytes, tmp_path: Path) -> None:
    modelscope.state.faults[f"{REPO}/{FILE}"] = Faults(drop_after=100_000, drop_times=1)
    outcome, paths = fetch_from(on_modelscope(modelscope), tmp_path)
    assert outcome is Outcome.DONE
    assert paths[0].read_bytes() == payload
    ranges = [r.range for r in modelscope.state.requests if "FilePath" in r.path]
    assert ranges[0] is None and ranges[-1] is not None
    assert int(ranges[-1].removeprefix("bytes=").rstrip("-")) >= 100_000


def test_modelscope_wrong_bytes_are_refused(modelscope: ModelScopeServer,
                                            tmp_path: Path) -> None:
    modelscope.state.faults[f"{REPO}/{FILE}"] = Faults(wrong_bytes=True)
    with pytest.raises(DownloadError, match=r"not the file on ModelScope.*sha256"):
        fetch_from(on_modelscope(modelscope), tmp_path)
    assert not list(tmp_path.rglob("*.gguf*"))


def test_modelscope_404_says_what_was_not_found(modelscope: ModelScopeServer,
                                                tmp_path: Path) -> None:
    with pytest.raises(HubError, match="acme/Missing-GGUF was not found on ModelScope"):
        ModelScopeClient(on_modelscope(modelscope)).model_files("acme/Missing-GGUF")
    files = list(resolve(entry(), on_modelscope(modelscope)).files)
    del modelscope.state.repos[REPO][FILE]
    with pytest.raises(DownloadError, match="not found on ModelScope"):
        Downloader(on_modelscope(modelscope), tmp_path).download(files, Control(),
                                                                  lambda _progress: None)


# The catalog resolved from the listing, on the Hub or a mirror -------------------------


@pytest.fixture
def hub(payload: bytes, split_parts: dict[str, bytes]) -> Iterator[HubServer]:
    with HubServer() as server:
        server.state.add(REPO, {"Tiny-Chat-Renamed.Q8_0.gguf": payload,
                                "tiny-chat-f16.gguf": payload[:1000], "README.md": b"#"})
        server.state.add("writer-app/Tiny-Split-GGUF", split_parts)
        yield server


def test_a_renamed_file_is_found_by_its_quantization(hub: HubServer, payload: bytes,
                                                     tmp_path: Path) -> None:
    mirror = HubSettings(endpoint=hub.endpoint)
    found = resolve(entry(), mirror)
    assert [f.filename for f in found.files] == ["Tiny-Chat-Renamed.Q8_0.gguf"]
    assert found.size == len(payload)
    outcome, paths = Downloader(mirror, tmp_path).download(list(found.files), Control(),
                                                           lambda _progress: None)
    assert outcome is Outcome.DONE
    assert local_file(tmp_path, entry()) == paths[0]


def test_a_split_set_is_found_whole(hub: HubServer, split_parts: dict[str, bytes]) -> None:
    found = resolve(entry("writer-app/Tiny-Split-GGUF", "Q4_K_M"),
                    HubSettings(endpoint=hub.endpoint))
    assert [f.filename for f in found.files] == sorted(split_parts)
    assert len(found.files) > 1
    assert found.size == sum(len(data) for data in split_parts.values())


def test_a_repository_without_the_quantization_gets_a_clear_message(hub: HubServer) -> None:
    with pytest.raises(HubError) as raised:
        resolve(entry(quantization="Q4_K_M"), HubSettings(endpoint=hub.endpoint))
    message = str(raised.value)
    assert f"{REPO} on the mirror 127.0.0.1" in message
    assert "has no Q4_K_M file" in message and "it offers F16, Q8_0" in message


def test_the_probe_reads_real_sizes(hub: HubServer, payload: bytes) -> None:
    result = probe([entry()], HubSettings(endpoint=hub.endpoint))
    assert result.sizes == {"tiny": len(payload)}
    assert not result.unreachable


# Failing fast, with the cause ---------------------------------------------------------


@pytest.fixture
def slammer() -> Iterator[tuple[str, list[int]]]:
    """A server that accepts connections and closes them at once, counting them."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen()
    listener.settimeout(0.05)  # so the loop sees ``stop``
    accepted = [0]
    stop = threading.Event()

    def serve() -> None:
        while not stop.is_set():
            try:
                connection, _ = listener.accept()
            except TimeoutError:
                continue
            accepted[0] += 1
            connection.close()

    thread = threading.Thread(target=serve, name="slammer")
    thread.start()
    yield f"http://127.0.0.1:{listener.getsockname()[1]}", accepted
    stop.set()
    thread.join()
    listener.close()


def test_a_listing_fails_at_once_without_hidden_retries(
        slammer: tuple[str, list[int]], caplog: pytest.LogCaptureFixture) -> None:
    endpoint, accepted = slammer
    caplog.set_level(logging.INFO, logger="writer_app.core.sources.hub")  # the log file's level
    with pytest.raises(SourceUnreachable, match="could not be reached"):
        HubClient(HubSettings(endpoint=endpoint)).model_files(REPO)
    assert accepted[0] == 1
    assert any("GET" in r.message and "tree/main" in r.message for r in caplog.records)


def test_a_refused_connection_is_named(unused_port: int) -> None:
    settings = HubSettings(endpoint=f"http://127.0.0.1:{unused_port}")
    with pytest.raises(SourceUnreachable, match=r"127\.0\.0\.1:[0-9]+ refused the connection"):
        HubClient(settings).model_files(REPO)
    with pytest.raises(SourceUnreachable, match=r"ModelScope could not be reached.*refused"):
        ModelScopeClient(HubSettings(modelscope=f"http://127.0.0.1:{unused_port}")) \
            .model_files(REPO)
    assert probe([entry()], settings).unreachable.startswith(
        "The mirror 127.0.0.1")


@pytest.fixture
def unused_port() -> int:
    with socket.socket() as probe_socket:
        probe_socket.bind(("127.0.0.1", 0))
        return int(probe_socket.getsockname()[1])


@pytest.mark.parametrize(("cause", "words"), [
    (socket.gaierror(-2, "Name or service not known"), "could not be looked up"),
    (ssl.SSLCertVerificationError("certificate verify failed"), "(TLS)"),
    (ConnectionRefusedError(111, "Connection refused"), "refused the connection"),
])
def test_the_cause_is_said_in_plain_words(cause: Exception, words: str) -> None:
    try:
        raise httpx2.ConnectError(str(cause)) from cause
    except httpx2.ConnectError as exc:
        said = network_cause(exc, HubSettings())
    assert words in said
    assert "huggingface.co" in said


def test_a_proxy_failure_names_the_proxy() -> None:
    error = httpx2.ProxyError("502 Bad Gateway")
    said = network_cause(error, HubSettings(proxy="http://proxy.example:3128"))
    assert "the proxy http://proxy.example:3128" in said
