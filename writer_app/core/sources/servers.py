"""Inference servers a writer may send their text to, and what an engine can do.

A server is an address that speaks the OpenAI-compatible HTTP API (llama-server, vLLM,
Ollama, LM Studio). Its settings are plain values; its API key never is: it lives in its
own owner-only file, like the Hub token, named after the server's address.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from writer_app.core.i18n import QT_TRANSLATE_NOOP, message

_DEFAULT_PORTS = {"http": 80, "https": 443}


@dataclass(frozen=True)
class ServerConfig:
    """One server: its address, a name for menus, the model chosen there and a CA file.

    ``ca_file`` names a certificate authority to trust for this server's TLS certificate,
    in addition to the usual ones; verification itself cannot be turned off.
    """

    url: str = ""
    name: str = ""
    model: str = ""
    ca_file: str = ""

    @property
    def base_url(self) -> str:
        """The URL without a trailing ``/v1`` (endpoints add it) or slash."""
        return base_url(self.url)

    @property
    def host(self) -> str:
        """The host name as a writer reads it (``gpu-box.local``)."""
        return urlsplit(self.base_url).hostname or self.url

    @property
    def address(self) -> tuple[str, int]:
        """The host and port this server's requests go to, and no other."""
        parts = urlsplit(self.base_url)
        return parts.hostname or "", parts.port or _DEFAULT_PORTS.get(parts.scheme, 80)

    @property
    def label(self) -> str:
        return self.name or self.host


def base_url(url: str) -> str:
    """``url`` normalised: the OpenAI API's ``/v1`` and trailing slashes removed."""
    url = url.strip().rstrip("/")
    if url.endswith("/v1"):
        url = url[: -len("/v1")]
    return url


def check_url(url: str) -> str:
    """The normalised URL, or ``ValueError`` with a sentence saying what is wrong."""
    parts = urlsplit(url.strip())
    if parts.scheme not in ("http", "https"):
        raise ValueError(message(QT_TRANSLATE_NOOP(
            "core", "The address must start with http:// or https://.")))
    if not parts.hostname:
        raise ValueError(message(QT_TRANSLATE_NOOP(
            "core", "The address needs a host name, such as http://gpu-box.local:8080.")))
    try:
        _ = parts.port
    except ValueError:
        raise ValueError(message(QT_TRANSLATE_NOOP(
            "core", "The port in the address is not a number from 1 to 65535."))) from None
    return base_url(url)


def api_key_file(config_dir: Path, url: str) -> Path:
    """The owner-only file that keeps the API key of the server at ``url``."""
    digest = hashlib.sha256(base_url(url).encode("utf-8")).hexdigest()[:20]
    return config_dir / "server-keys" / digest


@dataclass(frozen=True)
class Capabilities:
    """What an engine can do; the window hides what it cannot.

    ``model_files``: it loads GGUF files from this computer. ``hardware``: it reports this
    computer's devices. ``several_drafts``: one request can ask for several answers (the
    API's ``n``); otherwise drafts are separate requests. ``token_probabilities``: it can
    return each token's alternatives with their probabilities. ``adapters``: it applies
    LoRA adapters to its model.
    """

    model_files: bool
    hardware: bool
    several_drafts: bool
    token_probabilities: bool
    adapters: bool = False


LOCAL_CAPABILITIES = Capabilities(model_files=True, hardware=True, several_drafts=True,
                                  token_probabilities=True, adapters=True)
