"""A local HTTP server on 127.0.0.1 that answers like ModelScope (modelscope.cn).

It serves the two calls writer-app makes (see ``writer_app.core.sources.modelscope``): the file
listing of a repository, and the bytes of a file with Range requests. Files, faults and
the record of requests are the fake Hub's (``HubState``, ``Faults``), so the same download
tests run against both.
"""

from __future__ import annotations

import hashlib
import re
from urllib.parse import parse_qs, unquote, urlparse

from writer_app.testing.hub_server import HubHandler, HubServer

_FILES = re.compile(r"^/api/v1/models/([^/]+/[^/]+)/repo/files$")
_FILE = re.compile(r"^/api/v1/models/([^/]+/[^/]+)/repo$")


class ModelScopeHandler(HubHandler):
    """ModelScope's answers: ``{"Code": 200, "Data": {"Files": [...]}, "Success": true}``."""

    def do_GET(self) -> None:
        self._record()
        url = urlparse(self.path)
        path, query = unquote(url.path), parse_qs(url.query)
        listing = _FILES.match(path)
        if listing:
            self._files(listing.group(1))
            return
        single = _FILE.match(path)
        if single and query.get("FilePath"):
            self._resolve(single.group(1), query["FilePath"][0], body=True)
            return
        self._not_found()

    def do_HEAD(self) -> None:
        self._record()
        self._not_found()

    def _not_found(self) -> None:
        self._send_json({"Code": 10010205001, "Message": "model not found", "Success": False},
                        status=404)

    def _files(self, repo: str) -> None:
        files = self.server.state.repos.get(repo)
        if files is None:
            self._not_found()
            return
        self._send_json({"Code": 200, "Success": True, "Data": {"Files": [
            {"Name": name.rsplit("/", 1)[-1], "Path": name, "Size": len(data),
             "Sha256": hashlib.sha256(data).hexdigest(), "Type": "blob"}
            for name, data in files.items()]}})


class ModelScopeServer(HubServer):
    """Runs the fake ModelScope in a thread: ``with ModelScopeServer() as ms: ms.endpoint``."""

    handler = ModelScopeHandler
