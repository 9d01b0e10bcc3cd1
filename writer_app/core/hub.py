"""The Hugging Face Hub through huggingface_hub: search, list GGUF files, describe errors.

The endpoint (a mirror), a proxy and an access token come from the settings; the
huggingface_hub conventions still apply (HF_ENDPOINT, HF_HUB_OFFLINE, its token). The
token is passed per request and never logged.
"""

from __future__ import annotations

import logging
import os
import re
from collections.abc import Iterator
from dataclasses import dataclass
from itertools import islice

import httpx2
import huggingface_hub
from huggingface_hub import HfApi, constants, errors

from writer_app.core.errors import WriterError

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


@dataclass(frozen=True)
class HubSettings:
    """Where and how to reach the Hub. Empty values mean huggingface_hub's defaults."""

    endpoint: str = ""
    token: str = ""
    proxy: str = ""
    offline: bool = False

    @property
    def resolved_endpoint(self) -> str:
        return (self.endpoint or constants.ENDPOINT).rstrip("/")

    @property
    def is_offline(self) -> bool:
        return self.offline or bool(constants.HF_HUB_OFFLINE)


@dataclass(frozen=True)
class RemoteFile:
    """A file of a Hub repository, with what the Hub publishes about it."""

    repo: str
    filename: str
    size: int
    sha256: str | None


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


def quantization_of(filename: str) -> str:
    """The quantization named in a file name (``Q4_K_M``), or ``other``."""
    match = _QUANT.search(filename.rsplit("/", 1)[-1])
    return match.group(1).upper() if match else "other"


def group_model_files(repo: str, files: list[RemoteFile]) -> list[ModelFileSet]:
    """GGUF files of a repo as loadable models: split parts together, by quantization."""
    sets: dict[str, list[RemoteFile]] = {}
    for remote in sorted(files, key=lambda f: f.filename):
        if not remote.filename.lower().endswith(".gguf") or "mmproj" in remote.filename.lower():
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
        return HubError("writer-app is working offline (HF_HUB_OFFLINE or the Work offline "
                        "setting), so nothing is downloaded. Models already on this "
                        "computer keep working.")
    if isinstance(exc, errors.GatedRepoError):
        return HubError(f"This model needs an access token and accepted terms: accept them "
                        f"at {link}, then add your token in Settings.")
    if isinstance(exc, errors.RepositoryNotFoundError | errors.EntryNotFoundError):
        return HubError(f"{what} was not found on the Hub (check the name, or add a token "
                        "in Settings if it is private).")
    if isinstance(exc, errors.HfHubHTTPError) and exc.response is not None:
        status = exc.response.status_code
        if status in (401, 403):
            return HubError(f"This model needs an access token and accepted terms: accept "
                            f"them at {link}, then add your token in Settings.")
        if status == 404:
            return HubError(f"{what} was not found on the Hub.")
        return HubError(f"The Hub answered {status} for {what}; try again later.")
    if isinstance(exc, httpx2.TransportError):
        return HubError(f"The Hugging Face Hub could not be reached ({type(exc).__name__}). "
                        "Check your connection, or the mirror and proxy in Settings; models "
                        "already on this computer keep working.")
    return HubError(f"The Hub request for {what} failed: {exc}")


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

    def search(self, text: str, limit: int = 30) -> list[RepoSummary]:
        """Repos with GGUF files whose name matches ``text``, most downloaded first."""
        self._check_online()
        try:
            found: Iterator[huggingface_hub.ModelInfo] = iter(self._api.list_models(
                search=text or None, filter="gguf", sort="downloads", limit=limit))
            return [RepoSummary(m.id, m.downloads or 0, m.likes or 0, bool(m.gated))
                    for m in islice(found, limit)]
        except (errors.HfHubHTTPError, httpx2.HTTPError, errors.OfflineModeIsEnabled) as exc:
            raise describe_http_error(exc, "the model search", self.settings) from None

    def model_files(self, repo: str) -> list[ModelFileSet]:
        """The repo's GGUF models with their sizes and checksums, by quantization."""
        self._check_online()
        try:
            entries = self._api.list_repo_tree(repo, recursive=True)
            files = [_remote(repo, entry) for entry in entries
                     if isinstance(entry, huggingface_hub.hf_api.RepoFile)]
        except (errors.HfHubHTTPError, httpx2.HTTPError, errors.OfflineModeIsEnabled) as exc:
            raise describe_http_error(exc, repo, self.settings) from None
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
            raise HubError(f"{repo} has no file {missing[0]} on the Hub.")
        return [_remote(repo, found[name]) for name in filenames]
