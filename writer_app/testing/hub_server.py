"""A local HTTP server on 127.0.0.1 that answers like the Hugging Face Hub.

It serves the requests writer-app makes through huggingface_hub: model search, repo trees,
paths-info, and HEAD and ranged GET on ``/{repo}/resolve/{revision}/{file}`` with the
headers huggingface_hub reads (X-Repo-Commit, X-Linked-Etag, X-Linked-Size, ETag,
X-Error-Code). Faults can be injected per file: drop the connection after N bytes, stall,
answer 5xx a number of times, serve wrong bytes, stream more bytes than the file has with no
Content-Length. Every request is recorded.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import re
import socket
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, unquote, urlparse

COMMIT = "0123456789abcdef0123456789abcdef01234567"


@dataclass
class Faults:
    """What goes wrong when a file is served (each applies to the next requests)."""

    drop_after: int | None = None
    drop_times: int = 0
    stall_after: int | None = None
    stall_s: float = 0.0
    stall_times: int = 0
    errors_5xx: int = 0
    wrong_bytes: bool = False
    throttle_s: float = 0.0
    extra_bytes: int = 0


@dataclass
class Recorded:
    method: str
    path: str
    range: str | None
    authorization: str | None


@dataclass
class HubState:
    repos: dict[str, dict[str, bytes]] = field(default_factory=dict)
    gated: set[str] = field(default_factory=set)
    token: str = "hf_test_token"
    downloads: dict[str, int] = field(default_factory=dict)
    faults: dict[str, Faults] = field(default_factory=dict)
    requests: list[Recorded] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, repo: str, files: dict[str, bytes], downloads: int = 0) -> None:
        self.repos[repo] = files
        self.downloads[repo] = downloads


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


class HubHandler(BaseHTTPRequestHandler):
    server: _Server
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: object) -> None:
        """Quiet: requests are recorded in ``state.requests``."""

    def _record(self) -> None:
        with self.server.state.lock:
            self.server.state.requests.append(Recorded(
                self.command, self.path, self.headers.get("Range"),
                self.headers.get("Authorization")))

    def _send_json(self, data: object, status: int = 200) -> None:
        body = json.dumps(data).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def _error(self, status: int, code: str, message: str) -> None:
        body = json.dumps({"error": message}).encode()
        self.send_response(status)
        self.send_header("X-Error-Code", code)
        self.send_header("X-Error-Message", message)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def _authorized(self, repo: str) -> bool:
        state = self.server.state
        if repo not in state.gated:
            return True
        return self.headers.get("Authorization") == f"Bearer {state.token}"

    def do_GET(self) -> None:
        self._record()
        url = urlparse(self.path)
        path = unquote(url.path)
        if path == "/api/models":
            return self._search(parse_qs(url.query))
        tree = re.match(r"^/api/models/(.+?/.+?)/tree/([^/]+)(/.*)?$", path)
        if tree:
            return self._tree(tree.group(1))
        resolve = re.match(r"^/(.+?/.+?)/resolve/([^/]+)/(.+)$", path)
        if resolve:
            return self._resolve(resolve.group(1), resolve.group(3), body=True)
        self._error(404, "RepoNotFound", "Repository not found")
        return None

    def do_HEAD(self) -> None:
        self._record()
        resolve = re.match(r"^/(.+?/.+?)/resolve/([^/]+)/(.+)$", unquote(urlparse(self.path).path))
        if resolve:
            self._resolve(resolve.group(1), resolve.group(3), body=False)
        else:
            self._error(404, "RepoNotFound", "Repository not found")

    def do_POST(self) -> None:
        self._record()
        length = int(self.headers.get("Content-Length", "0"))
        form = parse_qs(self.rfile.read(length).decode())
        match = re.match(r"^/api/models/(.+?/.+?)/paths-info/([^/]+)$", unquote(self.path))
        if not match:
            self._error(404, "RepoNotFound", "Repository not found")
            return
        repo = match.group(1)
        files = self.server.state.repos.get(repo)
        if files is None:
            self._error(404, "RepoNotFound", "Repository not found")
            return
        self._send_json([self._entry(name, files[name]) for name in form.get("paths", [])
                         if name in files])

    def _entry(self, name: str, data: bytes) -> dict[str, object]:
        entry: dict[str, object] = {"type": "file", "path": name, "size": len(data),
                                    "oid": hashlib.sha1(data).hexdigest()}
        if name.endswith(".gguf"):
            entry["lfs"] = {"oid": _sha256(data), "size": len(data), "pointerSize": 134}
        return entry

    def _search(self, query: dict[str, list[str]]) -> None:
        state = self.server.state
        text = (query.get("search") or [""])[0].lower()
        limit = int((query.get("limit") or ["50"])[0])
        found = [repo for repo in state.repos if text in repo.lower()]
        found.sort(key=lambda r: -state.downloads.get(r, 0))
        self._send_json([{"id": repo, "modelId": repo, "downloads": state.downloads.get(repo, 0),
                          "likes": 1, "gated": repo in state.gated, "tags": ["gguf"]}
                         for repo in found[:limit]])

    def _tree(self, repo: str) -> None:
        files = self.server.state.repos.get(repo)
        if files is None:
            self._error(404, "RepoNotFound", "Repository not found")
            return
        self._send_json([self._entry(name, data) for name, data in files.items()])

    def _resolve(self, repo: str, filename: str, body: bool) -> None:
        state = self.server.state
        files = state.repos.get(repo)
        if files is None:
            self._error(404, "RepoNotFound", "Repository not found")
            return
        if not self._authorized(repo):
            self._error(401, "GatedRepo", "Access to this model is restricted")
            return
        if filename not in files:
            self._error(404, "EntryNotFound", "Entry not found")
            return
        data = files[filename]
        faults = state.faults.setdefault(f"{repo}/{filename}", Faults())
        if body and faults.errors_5xx > 0:
            faults.errors_5xx -= 1
            self._error(503, "ServiceUnavailable", "try again")
            return
        served = data
        if faults.wrong_bytes:
            served = bytes(b ^ 0xFF for b in data[:64]) + data[64:]
        start = 0
        status = 200
        byte_range = self.headers.get("Range")
        if body and byte_range:
            start = int(re.match(r"bytes=(\d+)-", byte_range).group(1))  # type: ignore[union-attr]
            if start >= len(data):
                self.send_response(416)
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            status = 206
        self.send_response(status)
        self.send_header("X-Repo-Commit", COMMIT)
        self.send_header("ETag", f'"{_sha256(data)}"')
        self.send_header("X-Linked-Etag", f'"{_sha256(data)}"')
        self.send_header("X-Linked-Size", str(len(data)))
        self.send_header("Accept-Ranges", "bytes")
        if body and faults.extra_bytes:
            # No length: the body ends when the connection closes, after the extra bytes.
            served += b"\0" * faults.extra_bytes
            self.send_header("Connection", "close")
            self.close_connection = True
        else:
            self.send_header("Content-Length", str(len(data) - start))
        if status == 206:
            self.send_header("Content-Range", f"bytes {start}-{len(data) - 1}/{len(data)}")
        self.end_headers()
        if body:
            self._send_body(served, start, faults)

    def _send_body(self, data: bytes, start: int, faults: Faults) -> None:
        position = start
        step = 16 * 1024
        while position < len(data):
            if faults.drop_times > 0 and faults.drop_after is not None \
                    and position >= faults.drop_after:
                faults.drop_times -= 1
                self.close_connection = True
                self.connection.shutdown(2)
                return
            if faults.stall_times > 0 and faults.stall_after is not None \
                    and position >= faults.stall_after:
                faults.stall_times -= 1
                time.sleep(faults.stall_s)
                self.close_connection = True
                return
            end = min(len(data), position + step)
            try:
                self.wfile.write(data[position:end])
            except OSError:
                return
            position = end
            if faults.throttle_s:
                time.sleep(faults.throttle_s)


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    block_on_close = True  # server_close() joins the handler threads

    def __init__(self, state: HubState, handler: type[HubHandler]) -> None:
        super().__init__(("127.0.0.1", 0), handler)
        self.state = state
        self.connections: set[socket.socket] = set()

    def process_request(self, request: Any, client_address: Any) -> None:
        self.connections.add(request)
        super().process_request(request, client_address)

    def shutdown_request(self, request: Any) -> None:
        self.connections.discard(request)
        super().shutdown_request(request)

    def close_connections(self) -> None:
        """End kept-alive connections, so their handler threads finish."""
        for connection in list(self.connections):
            with contextlib.suppress(OSError):
                connection.shutdown(socket.SHUT_RDWR)


class HubServer:
    """Runs the fake Hub in a thread: ``with HubServer() as hub: hub.endpoint``."""

    handler: type[HubHandler] = HubHandler

    def __init__(self, state: HubState | None = None) -> None:
        self.state = state or HubState()
        self._server = _Server(self.state, self.handler)
        self._thread = threading.Thread(target=self._server.serve_forever,
                                        name="fake-hub", daemon=True)

    @property
    def endpoint(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host!s}:{port}"

    def start(self) -> HubServer:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._server.shutdown()
        self._server.close_connections()
        self._server.server_close()
        self._thread.join()

    def __enter__(self) -> HubServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()
