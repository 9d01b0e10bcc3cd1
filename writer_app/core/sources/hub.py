"""The Hugging Face Hub through huggingface_hub: search, list GGUF files, describe errors.

The endpoint (a mirror), a proxy and an access token come from the settings; the
huggingface_hub conventions still apply (HF_ENDPOINT, HF_HUB_OFFLINE, its token). The
token is passed per request and never logged.

Listings and searches are one request each, with no retries: huggingface_hub's paginated
calls retry a refused connection five times (about 23 s) before they fail, and a person
waiting in front of a dialog should hear at once that the network is down, and why.
"""

from __future__ import annotations

import logging
import os
import re
import socket
import ssl
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlparse

import httpx2
import huggingface_hub
from huggingface_hub import HfApi, constants, errors, get_session
from huggingface_hub.utils import (  # type: ignore[attr-defined]
    build_hf_headers,
    hf_raise_for_status,
)

from writer_app.core.errors import WriterError
from writer_app.core.i18n import QT_TRANSLATE_NOOP, message

log = logging.getLogger(__name__)

_QUANT = re.compile(
    r"(?<![A-Za-z0-9])(I?Q\d(?:_[A-Z0-9]+)*|BF16|F16|F32|FP16|TQ\d_\d|MXFP4)(?![A-Za-z0-9])",
    re.IGNORECASE,
)
_PART = re.compile(r"-(\d{5})-of-(\d{5})\.gguf$", re.IGNORECASE)
_REPO_ID = re.compile(r"^[A-Za-z0-9][\w.-]*/[A-Za-z0-9][\w.-]*$")
_DRIVE = re.compile(r"^[A-Za-z]:")


def is_safe_file_name(name: str) -> bool:
    """A name from a server's listing stays inside the folder it is joined to: relative,
    ``/``-separated, with no ``.``/``..``/empty part, no backslash, no control character."""
    if not name or name.startswith("/") or _DRIVE.match(name) or "\\" in name:
        return False
    if any(ord(c) < 32 or c == "\x7f" for c in name):
        return False
    return all(part not in ("", ".", "..") for part in name.split("/"))


def is_safe_repo_id(repo: str) -> bool:
    """``owner/name`` as the Hub allows it (which cannot name a parent folder)."""
    return bool(_REPO_ID.match(repo)) and ".." not in repo


class HubError(WriterError):
    """The Hub could not be reached or refused the request."""


class SourceUnreachable(HubError):
    """No connection to the source at all: the moment to offer the other ways to a model."""


@dataclass(frozen=True)
class HubSettings:
    """Where and how to reach the models. Empty values mean huggingface_hub's defaults.

    ``endpoint`` is the Hub or a mirror of it (same API); a non-empty ``modelscope`` is the
    ModelScope site to use instead of either.
    """

    endpoint: str = ""
    token: str = ""
    proxy: str = ""
    offline: bool = False
    modelscope: str = ""

    @property
    def resolved_endpoint(self) -> str:
        return (self.endpoint or constants.ENDPOINT).rstrip("/")

    @property
    def source_title(self) -> str:
        """The source at the start of a sentence, as a message the interface translates."""
        if self.modelscope:
            return message(QT_TRANSLATE_NOOP("core", "ModelScope"))
        if self.resolved_endpoint == constants._HF_DEFAULT_ENDPOINT:
            return message(QT_TRANSLATE_NOOP("core", "The Hugging Face Hub"))
        return message(QT_TRANSLATE_NOOP("core", "The mirror {host}"),
                       host=urlparse(self.resolved_endpoint).netloc or self.resolved_endpoint)

    @property
    def source_name(self) -> str:
        """The source in words: ``the Hugging Face Hub``, ``ModelScope``, ``the mirror X``."""
        if self.modelscope:
            return message(QT_TRANSLATE_NOOP("core", "ModelScope"))
        if self.resolved_endpoint == constants._HF_DEFAULT_ENDPOINT:
            return message(QT_TRANSLATE_NOOP("core", "the Hugging Face Hub"))
        return message(QT_TRANSLATE_NOOP("core", "the mirror {host}"),
                       host=urlparse(self.resolved_endpoint).netloc or self.resolved_endpoint)

    @property
    def is_offline(self) -> bool:
        return self.offline or bool(constants.HF_HUB_OFFLINE)


@dataclass(frozen=True)
class RemoteFile:
    """A file of a repository, with what its source publishes about it. ``url`` is where
    the bytes are when the source is not the Hub's API (ModelScope)."""

    repo: str
    filename: str
    size: int
    sha256: str | None
    url: str = ""


@dataclass(frozen=True)
class ModelFileSet:
    """One loadable model in a repo: a single GGUF, or the parts of a split one."""

    repo: str
    files: tuple[RemoteFile, ...]
    quantization: str

    @property
    def name(self) -> str:
        return _PART.sub(".gguf", self.files[0].filename)

    @property
    def size(self) -> int:
        return sum(f.size for f in self.files)


@dataclass(frozen=True)
class RepoSummary:
    repo: str
    downloads: int
    likes: int
    gated: bool


def _remote(repo: str, entry: huggingface_hub.hf_api.RepoFile) -> RemoteFile:
    lfs = entry.lfs
    return RemoteFile(repo, entry.path, entry.size, lfs.sha256 if lfs is not None else None)


def _listed(repo: str, entry: dict[str, Any]) -> RemoteFile:
    """A file of the Hub's tree listing (``lfs.oid`` is the sha256 of an LFS file)."""
    lfs = entry.get("lfs")
    sha256 = str(lfs["oid"]) if isinstance(lfs, dict) and lfs.get("oid") else None
    return RemoteFile(repo, str(entry["path"]), int(entry.get("size") or 0), sha256)


def quantization_of(filename: str) -> str:
    """The quantization named in a file name (``Q4_K_M``), or ``other``."""
    match = _QUANT.search(filename.rsplit("/", 1)[-1])
    return match.group(1).upper() if match else "other"


def is_projector(filename: str) -> bool:
    """True for a vision projector (``mmproj-…gguf``): a GGUF file that is no model."""
    return "mmproj" in filename.lower()


def group_model_files(repo: str, files: list[RemoteFile]) -> list[ModelFileSet]:
    """GGUF files of a repo as loadable models: split parts together, by quantization."""
    sets: dict[str, list[RemoteFile]] = {}
    for remote in sorted(files, key=lambda f: f.filename):
        if not remote.filename.lower().endswith(".gguf") or is_projector(remote.filename):
            continue
        if not is_safe_file_name(remote.filename):
            log.warning("ignoring %r in the listing of %s: not a safe file name",
                        remote.filename, repo)
            continue
        key = _PART.sub("", remote.filename)
        sets.setdefault(key, []).append(remote)
    grouped = [ModelFileSet(repo, tuple(parts), quantization_of(parts[0].filename))
               for parts in sets.values()]
    return sorted(grouped, key=lambda s: (s.quantization, s.size))


def describe_http_error(exc: Exception, what: str, settings: HubSettings) -> HubError:
    """A sentence for a failed Hub request."""
    link = f"{settings.resolved_endpoint}/{what}"
    if isinstance(exc, errors.OfflineModeIsEnabled) or settings.is_offline:
        return HubError(message(QT_TRANSLATE_NOOP(
            "core", "writer-app is working offline (HF_HUB_OFFLINE or the Work offline "
            "setting), so nothing is downloaded. Models already on this computer keep "
            "working.")))
    gated = HubError(message(QT_TRANSLATE_NOOP(
        "core", "This model needs an access token and accepted terms: accept them at {link}, "
        "then add your token in Settings."), link=link))
    if isinstance(exc, errors.GatedRepoError):
        return gated
    where = settings.source_name
    if isinstance(exc, errors.RepositoryNotFoundError | errors.EntryNotFoundError):
        return HubError(message(QT_TRANSLATE_NOOP(
            "core", "{what} was not found on {source} (check the name, or add a token in "
            "Settings if it is private)."), what=what, source=where))
    if isinstance(exc, errors.HfHubHTTPError) and exc.response is not None:
        status = exc.response.status_code
        if status in (401, 403):
            return gated
        if status == 404:
            return HubError(message(QT_TRANSLATE_NOOP("core", "{what} was not found on {source}."),
                                    what=what, source=where))
        return source_answered(settings.source_title, status, what)
    if isinstance(exc, httpx2.TransportError):
        return SourceUnreachable(message(QT_TRANSLATE_NOOP(
            "core", "{source} could not be reached: {cause}."),
            source=settings.source_title, cause=network_cause(exc, settings)))
    return HubError(message(QT_TRANSLATE_NOOP(
        "core", "The request to {source} for {what} failed: {reason}"),
        source=settings.source_name, what=what, reason=str(exc)))


def source_answered(source: str, status: int, what: str) -> HubError:
    """A source answered a request for ``what`` with an error ``status``."""
    return HubError(message(QT_TRANSLATE_NOOP(
        "core", "{source} answered {status} for {what}; try again later."),
        source=source, status=status, what=what))


def not_a_repo_name(repo: str) -> HubError:
    """``repo`` cannot be a repository name (owner/name) on any source."""
    return HubError(message(QT_TRANSLATE_NOOP(
        "core", "“{repo}” is not a repository name: write it as owner/name."), repo=repo))


def _causes(exc: BaseException) -> list[BaseException]:
    chain: list[BaseException] = []
    current: BaseException | None = exc
    while current is not None and current not in chain:
        chain.append(current)
        current = current.__cause__ or current.__context__
    return chain


def network_cause(exc: BaseException, settings: HubSettings) -> str:
    """Why a connection failed, in words a writer can act on (name resolution, refused,
    TLS, proxy, time-out), read from the exception and what it wraps."""
    host = urlparse(settings.modelscope or settings.resolved_endpoint).netloc
    chain = _causes(exc)
    text = " ".join(str(e) for e in chain).lower()
    if settings.proxy and (isinstance(exc, httpx2.ProxyError) or "proxy" in text):
        return message(QT_TRANSLATE_NOOP(
            "core", "the proxy {proxy} did not pass the request on (check the proxy in "
            "Settings)"), proxy=settings.proxy)
    if any(isinstance(e, socket.gaierror) for e in chain) or "name or service not known" in \
            text or "name resolution" in text or "nodename nor servname" in text:
        return message(QT_TRANSLATE_NOOP(
            "core", "the name {host} could not be looked up, so this computer is offline or "
            "that site is blocked on this network"), host=host)
    if any(isinstance(e, ssl.SSLError) for e in chain) or "certificate" in text or \
            "ssl" in text:
        return message(QT_TRANSLATE_NOOP(
            "core", "the secure connection to {host} failed (TLS), often because a network "
            "filter or a wrong clock breaks it"), host=host)
    if any(isinstance(e, ConnectionRefusedError) for e in chain) or "refused" in text:
        return message(QT_TRANSLATE_NOOP("core", "{host} refused the connection"), host=host)
    if isinstance(exc, httpx2.TimeoutException):
        return message(QT_TRANSLATE_NOOP("core", "{host} did not answer in time"), host=host)
    return message(QT_TRANSLATE_NOOP("core", "the connection to {host} failed ({error})"),
                   host=host, error=type(exc).__name__)


_PROXY_VARIABLES = ("HTTPS_PROXY", "HTTP_PROXY")
_applied_proxy = {"value": ""}


def configure_proxy(proxy: str) -> None:
    """Route the Hub's traffic through ``proxy`` (empty: the system's own setting).

    huggingface_hub's HTTP client honours the standard proxy variables; its shared session
    is closed so that the next request uses them. That happens only when the proxy
    changes: a search must not cut the connection of a download in progress. Variables
    set by the system, not by writer-app, are left alone.
    """
    if proxy == _applied_proxy["value"]:
        return
    for variable in _PROXY_VARIABLES:
        if proxy:
            os.environ[variable] = proxy
        else:
            os.environ.pop(variable, None)
    _applied_proxy["value"] = proxy
    huggingface_hub.close_session()


class HubClient:
    """Searches the Hub and lists the GGUF files of a repo."""

    def __init__(self, settings: HubSettings) -> None:
        self.settings = settings
        configure_proxy(settings.proxy)
        self._api = HfApi(endpoint=settings.resolved_endpoint, token=settings.token or None)

    def _check_online(self) -> None:
        if self.settings.is_offline:
            raise describe_http_error(errors.OfflineModeIsEnabled(), "", self.settings)

    def _get_json(self, path: str, params: dict[str, str], what: str) -> Any:
        """One GET on the Hub's API, without retries; failures are logged with their cause."""
        url = f"{self.settings.resolved_endpoint}{path}"
        try:
            response = get_session().get(url, params=params, headers=build_hf_headers(
                token=self.settings.token or None))
            hf_raise_for_status(response)
            return response.json()
        except (errors.HfHubHTTPError, httpx2.HTTPError, ValueError) as exc:
            # The sentence raised says why; the chain of causes is for the log.
            log.info("GET %s failed: %r (%s)", url, exc, " <- ".join(
                repr(e) for e in _causes(exc)[1:]) or "no further cause")
            raise describe_http_error(exc, what, self.settings) from None

    def search(self, text: str, limit: int = 30) -> list[RepoSummary]:
        """Repos with GGUF files whose name matches ``text``, most downloaded first."""
        self._check_online()
        params = {"filter": "gguf", "sort": "downloads", "direction": "-1",
                  "limit": str(limit)}
        if text:
            params["search"] = text
        found = self._get_json("/api/models", params, "the model search")
        return [RepoSummary(str(m.get("id") or m.get("modelId")), int(m.get("downloads") or 0),
                            int(m.get("likes") or 0), bool(m.get("gated")))
                for m in found[:limit] if isinstance(m, dict)]

    def model_files(self, repo: str) -> list[ModelFileSet]:
        """The repo's GGUF models with their sizes and checksums, by quantization."""
        self._check_online()
        if not is_safe_repo_id(repo):
            raise not_a_repo_name(repo)
        entries = self._get_json(f"/api/models/{repo}/tree/main", {"recursive": "true"}, repo)
        files = [_listed(repo, entry) for entry in entries
                 if isinstance(entry, dict) and entry.get("type") == "file" and "path" in entry]
        return group_model_files(repo, files)

    def files(self, repo: str, filenames: list[str]) -> list[RemoteFile]:
        """Size and sha256 of named files, as the Hub publishes them."""
        self._check_online()
        try:
            infos = self._api.get_paths_info(repo, filenames)
        except (errors.HfHubHTTPError, httpx2.HTTPError, errors.OfflineModeIsEnabled) as exc:
            raise describe_http_error(exc, repo, self.settings) from None
        found = {info.path: info for info in infos
                 if isinstance(info, huggingface_hub.hf_api.RepoFile)}
        missing = [name for name in filenames if name not in found]
        if missing:
            raise HubError(message(QT_TRANSLATE_NOOP(
                "core", "{repo} has no file {file} on {source}."),
                repo=repo, file=missing[0], source=self.settings.source_name))
        return [_remote(repo, found[name]) for name in filenames]
