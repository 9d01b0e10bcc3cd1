"""Servers in the settings, their addresses, and their API keys kept apart from both."""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path

import pytest

from writer_app.core.settings import Settings, SettingsStore, read_token, write_token
from writer_app.core.sources.servers import ServerConfig, api_key_file, check_url

GPU_BOX = ServerConfig(url="https://gpu-box.local:8443/v1", name="GPU box", model="Qwen3-32B")


def test_servers_round_trip_as_a_list_of_objects(tmp_path: Path) -> None:
    store = SettingsStore(tmp_path / "settings.json")
    laptop = ServerConfig(url="http://127.0.0.1:11434", model="qwen3:8b")
    settings = Settings(servers=(GPU_BOX, laptop), active_server=GPU_BOX.url)
    store.save(settings)
    data = json.loads(store.path.read_text(encoding="utf-8"))
    assert data["servers"] == [
        {"url": "https://gpu-box.local:8443/v1", "name": "GPU box", "model": "Qwen3-32B"},
        {"url": "http://127.0.0.1:11434", "model": "qwen3:8b"},
    ]
    loaded, warning = store.load()
    assert warning is None and loaded == settings


@pytest.mark.parametrize("content", ['{"servers": {"url": "x"}}', '{"servers": ["x"]}',
                                     '{"servers": [{"url": 8080}]}'])
def test_a_damaged_server_list_falls_back_to_defaults(tmp_path: Path, content: str) -> None:
    store = SettingsStore(tmp_path / "settings.json")
    store.path.write_text(content, encoding="utf-8")
    settings, warning = store.load()
    assert settings == Settings() and warning is not None


def test_an_address_gives_its_host_port_and_api_base() -> None:
    assert GPU_BOX.base_url == "https://gpu-box.local:8443"
    assert GPU_BOX.address == ("gpu-box.local", 8443)
    assert GPU_BOX.label == "GPU box"
    plain = ServerConfig(url="http://gpu-box.local/")
    assert plain.address == ("gpu-box.local", 80) and plain.label == "gpu-box.local"
    assert ServerConfig(url="https://h.example").address == ("h.example", 443)


@pytest.mark.parametrize(("url", "words"), [
    ("gpu-box:8080", "must start with http:// or https://"),
    ("ftp://gpu-box", "must start with http:// or https://"),
    ("http://", "needs a host name"),
    ("http://gpu-box:99999", "port"),
])
def test_a_wrong_address_is_refused_with_a_reason(url: str, words: str) -> None:
    with pytest.raises(ValueError, match=words):
        check_url(url)


@pytest.mark.skipif(os.name != "posix", reason="POSIX permissions")
def test_the_api_key_lives_in_an_owner_only_file_not_in_the_settings(tmp_path: Path) -> None:
    store = SettingsStore(tmp_path / "settings.json")
    store.save(Settings(servers=(GPU_BOX,)))
    key_file = api_key_file(tmp_path, GPU_BOX.url)
    assert key_file == api_key_file(tmp_path, "https://gpu-box.local:8443/")
    write_token(key_file, "sk-secret")
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    assert read_token(key_file) == "sk-secret"
    assert "sk-secret" not in store.path.read_text(encoding="utf-8")
