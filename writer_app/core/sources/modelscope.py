"""ModelScope (魔搭) as a model source: its documented HTTP API, read with httpx.

The publishers of the main Chinese-capable models put the same GGUF files there as on the
Hugging Face Hub, and it answers from mainland China where the Hub often does not. Two
calls are used:

- ``GET {site}/api/v1/models/{owner}/{name}/repo/files?Revision=master&Recursive=true``:
  the repository's files with their size and sha256;
- ``GET {site}/api/v1/models/{owner}/{name}/repo?Revision=master&FilePath={file}``: the
  bytes of a file, with Range requests.

The bytes go through the same resumable, verified download as the Hub's (``Downloader``
with the file's URL), so a drop resumes and wrong bytes are refused the same way. The
``modelscope`` package would bring a second HTTP stack and its own downloader, so it is
not used.
"""

from __future__ import annotations

import logging
from typing import Any
from urllib.parse import quote, urlencode

import httpx2

from writer_app.core.i18n import QT_TRANSLATE_NOOP, message
from writer_app.core.sources.hub import (
    HubError,
    HubSettings,
    ModelFileSet,
    RemoteFile,
    RepoSummary,
    SourceUnreachable,
    describe_http_error,
    group_model_files,
    is_safe_repo_id,
    network_cause,
    not_a_repo_name,
    source_answered,
)

log = logging.getLogger(__name__)

_REVISION = "master"


def _not_found(what: str) -> HubError:
    return HubError(message(QT_TRANSLATE_NOOP(
        "core", "{what} was not found on ModelScope (check the name)."), what=what))


def file_url(site: str, repo: str, filename: str) -> str:
    """Where ModelScope serves the bytes of ``filename`` in ``repo``."""
    query = urlencode({"Revision": _REVISION, "FilePath": filename})
    return f"{site.rstrip('/')}/api/v1/models/{quote(repo)}/repo?{query}"


class ModelScopeClient:
    """Lists the GGUF files of a ModelScope repository; the same answers as ``HubClient``."""

    def __init__(self, settings: HubSettings, *, timeout_s: float = 15.0) -> None:
        self.settings = settings
        self.site = settings.modelscope.rstrip("/")
        self._timeout = httpx2.Timeout(timeout_s)

    def _get(self, path: str, params: dict[str, str], what: str) -> Any:
        url = f"{self.site}{path}"
        try:
            with httpx2.Client(timeout=self._timeout, proxy=self.settings.proxy or None,
                               follow_redirects=True) as client:
                response = client.get(url, params=params)
        except httpx2.HTTPError as exc:
            log.warning("GET %s failed: %r (%s)", url, exc, network_cause(exc, self.settings))
            raise SourceUnreachable(message(QT_TRANSLATE_NOOP(
                "core", "{source} could not be reached: {cause}."),
                source=self.settings.source_title,
                cause=network_cause(exc, self.settings))) from None
        if response.status_code == 404:
            log.warning("GET %s: 404", url)
            raise _not_found(what)
        if response.status_code >= 400:
            log.warning("GET %s: %s", url, response.status_code)
            raise source_answered(self.settings.source_title, response.status_code, what)
        try:
            data = response.json()
        except ValueError:
            raise HubError(message(QT_TRANSLATE_NOOP(
                "core", "ModelScope sent an answer for {what} that is not a file list; check "
                "the ModelScope address in Settings."), what=what)) from None
        if not isinstance(data, dict) or data.get("Code", 200) != 200 \
                or data.get("Success") is False:
            raise _not_found(what)
        return data.get("Data")

    def model_files(self, repo: str) -> list[ModelFileSet]:
        """The repo's GGUF models with their sizes and checksums, by quantization."""
        if self.settings.is_offline:
            raise describe_http_error(RuntimeError("offline"), "", self.settings)
        if not is_safe_repo_id(repo):
            raise not_a_repo_name(repo)
        data = self._get(f"/api/v1/models/{repo}/repo/files",
                         {"Revision": _REVISION, "Recursive": "true"}, repo)
        entries = data.get("Files", []) if isinstance(data, dict) else []
        files = [RemoteFile(repo, str(entry["Path"]), int(entry["Size"]),
                            str(entry.get("Sha256") or "") or None,
                            url=file_url(self.site, repo, str(entry["Path"])))
                 for entry in entries
                 if isinstance(entry, dict) and entry.get("Type", "blob") == "blob"
                 and "Path" in entry and "Size" in entry]
        return group_model_files(repo, files)

    def files(self, repo: str, filenames: list[str]) -> list[RemoteFile]:
        """Size, sha256 and address of named files, as ModelScope lists them."""
        listed = {f.filename: f for s in self.model_files(repo) for f in s.files}
        missing = [name for name in filenames if name not in listed]
        if missing:
            raise HubError(message(QT_TRANSLATE_NOOP(
                "core", "{repo} has no file {file} on {source}."),
                repo=repo, file=missing[0], source=self.settings.source_name))
        return [listed[name] for name in filenames]

    def search(self, text: str, limit: int = 30) -> list[RepoSummary]:
        """ModelScope has no documented search: a repository name is looked up directly."""
        if not is_safe_repo_id(text.strip()):
            raise HubError(message(QT_TRANSLATE_NOOP(
                "core", "On ModelScope, type a repository name such as Qwen/Qwen3-4B-GGUF; "
                "searching works on the Hugging Face Hub and its mirrors.")))
        repo = text.strip()
        self.model_files(repo)
        return [RepoSummary(repo, 0, 0, False)][:limit]
