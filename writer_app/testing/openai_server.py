"""OpenAI-compatible servers on 127.0.0.1 for tests: real ones and a broken one.

``LlamaCppPythonServer`` runs llama-cpp-python's own server (``llama_cpp.server``)
on a model file, in a child process; ``LlamaServer`` runs llama.cpp's ``llama-server``
built from the same sources (``bench/llama_bench.py`` builds it). ``BrokenServer`` is a
small server of ours that answers like a server in trouble: it drops the stream mid-way,
stalls, refuses the key (401), is busy (429), fails (500), sends malformed events or a
JSON body that is not the OpenAI API. It also answers like a hostile one: compression
bombs, huge events, bodies and lists, lists nested deep, streams that ignore
``max_tokens`` or trickle. Each of those is bounded in size, count and time, so it ends
by itself. It records every request and whether a client hung up on a stream.
"""

from __future__ import annotations

import contextlib
import functools
import json
import socket
import ssl
import subprocess
import sys
import tempfile
import threading
import time
import zlib
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, TypeVar

import httpx

MODEL = "tiny"
_START_TIMEOUT_S = 120.0
_SETTLE_TIMEOUT_S = 30.0
# ``python -m llama_cpp.server``, after registering the backends: a dynamic-backend build of
# llama.cpp (the one the installers ship) loads none by itself, and the server does not ask.
_SERVER_MAIN = (
    "import runpy, sys\n"
    "from writer_app.engine.devices import load_backends\n"
    "load_backends()\n"
    "sys.argv[0] = 'llama_cpp.server'\n"
    "runpy.run_module('llama_cpp.server', run_name='__main__', alter_sys=True)\n"
)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


_Process = TypeVar("_Process", bound="_ServerProcess")


class _ServerProcess:
    """A server in a child process, ready once ``/v1/models`` answers: ``with ... as
    server: server.url``. Its output goes to a log that ``stop()`` removes."""

    def __init__(self, command: list[str], port: int, name: str) -> None:
        self.port = port
        self.url = f"http://127.0.0.1:{port}/v1"
        self.log = Path(tempfile.gettempdir()) / f"{name}-{port}.log"
        self._command = command
        self._process: subprocess.Popen[bytes] | None = None

    def start(self: _Process) -> _Process:
        with self.log.open("wb") as log:
            self._process = subprocess.Popen(self._command, stdout=log,
                                             stderr=subprocess.STDOUT)
        try:
            self.wait_ready()
        except RuntimeError:
            self.stop()
            raise
        return self

    def settle(self) -> None:
        """Return once the server has answered a one-token completion: an answer an
        earlier test stopped is not always stopped on the server (llama-cpp-python's goes
        on until a new completion request interrupts it, and answers nothing else
        meanwhile).

        llama-cpp-python's server cannot interrupt a stream that has stopped yielding: after
        a token that is not whole UTF-8 (the random-weights tiny model makes them) it holds
        back all that follows, decoding it again at every token, until the context is full,
        which takes minutes. A server that does not answer in ``_SETTLE_TIMEOUT_S`` is
        restarted."""
        body = {"model": MODEL, "prompt": "Hello", "max_tokens": 1}
        try:
            httpx.post(f"{self.url}/completions", json=body, timeout=_SETTLE_TIMEOUT_S,
                       trust_env=False).raise_for_status()
        except httpx.TimeoutException:
            self.stop()
            self.start()

    def wait_ready(self) -> None:
        """Return once the server answers ``/v1/models`` (after starting)."""
        assert self._process is not None
        deadline = time.monotonic() + _START_TIMEOUT_S
        while time.monotonic() < deadline:
            if self._process.poll() is not None:
                raise RuntimeError(f"the server exited: {self.log.read_text()[-2000:]}")
            with contextlib.suppress(httpx.HTTPError):
                if httpx.get(f"{self.url}/models", timeout=1.0).status_code == 200:
                    return
            time.sleep(0.2)
        raise RuntimeError("the server did not answer in time")

    def stop(self) -> None:
        if self._process is not None:
            self._process.terminate()
            try:
                self._process.wait(10)
            except subprocess.TimeoutExpired:
                self._process.kill()
                self._process.wait()
            self._process = None
        self.log.unlink(missing_ok=True)

    def __enter__(self: _Process) -> _Process:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()


class LlamaCppPythonServer(_ServerProcess):
    """llama-cpp-python's server on ``model`` as ``MODEL``.

    As the server does by default, it ends a stream when another request arrives; without
    ``interrupt_requests`` it queues the request instead (and a stream whose client has
    gone keeps the model until it ends).
    """

    def __init__(self, model: Path, n_ctx: int = 2048, *,
                 interrupt_requests: bool = True) -> None:
        port = _free_port()
        super().__init__([
            sys.executable, "-c", _SERVER_MAIN, "--model", str(model),
            "--model_alias", MODEL, "--host", "127.0.0.1", "--port", str(port),
            "--n_ctx", str(n_ctx), "--n_threads", "2",
            "--interrupt_requests", str(interrupt_requests).lower(),
        ], port, "llama-cpp-python-server")


class LlamaServer(_ServerProcess):
    """llama.cpp's own ``llama-server`` (the binary at ``binary``) on ``model`` as ``MODEL``,
    with ``slots`` requests served at once, each with a context of ``n_ctx``."""

    def __init__(self, binary: Path, model: Path, n_ctx: int = 2048, slots: int = 4,
                 threads: int = 2) -> None:
        port = _free_port()
        super().__init__([
            str(binary), "--model", str(model), "--alias", MODEL, "--host", "127.0.0.1",
            "--port", str(port), "--ctx-size", str(n_ctx * slots), "--parallel", str(slots),
            "--threads", str(threads), "--no-webui", *_workarounds(),
        ], port, "llama-server")


def _workarounds() -> list[str]:
    """llama-server's flags for the engine's WORKAROUND on CPUs with AMX
    (``Hardware.repacks_weights``): without them it crashes on Q4_0/Q4_1 models there."""
    from writer_app.engine.devices import read_hardware

    return [] if read_hardware().repacks_weights else ["--no-repack"]


@dataclass
class BrokenState:
    """How the server misbehaves (``mode``) and what it saw.

    Modes: ``ok`` streams ``chunks`` and ends properly; ``endless`` streams until the
    client hangs up; ``drop`` cuts the connection after two chunks; ``stall`` sends one
    chunk and then nothing until the server stops; ``401``, ``404``, ``429``, ``500``
    answer with that status; ``malformed`` sends an event that is not JSON;
    ``not_openai`` answers every request with a JSON body of another API. A chat answer
    first streams ``reasoning`` as ``delta.reasoning_content`` (as llama-server and vLLM
    stream a reasoning model's thinking), then waits for ``released`` when
    ``hold_after_reasoning`` is set. A request that
    does not ask to stream gets one JSON answer with token probabilities, or a 400 when
    it asks for more than ``max_n`` answers (as llama-server does for ``n`` > 1). The
    answer ends with ``finish``.

    Hostile modes, each bounded by ``size`` (bytes), ``count`` and ``interval_s``:
    ``gzip_bomb`` streams one gzip-encoded event that inflates to ``size`` bytes;
    ``huge_event`` one event of ``size`` characters without a space; ``no_limit`` streams
    ``count`` words whatever ``max_tokens`` says; ``trickle`` sends an SSE comment every
    ``interval_s``, ``count`` times, and ``trickle_bytes`` one byte of an event every
    ``interval_s``, ``count`` times; ``think_forever`` opens a ``<think>`` block and
    streams ``count`` thoughts. For ``/v1/models``: ``slow_models`` sends its list one byte
    every ``interval_s``; ``gzip_models`` a gzip-encoded list that inflates to ``size``
    bytes; ``deep_models`` a list nested ``count`` deep; ``many_models`` ``count`` models.
    ``big_error`` answers 500 with a body of ``size`` bytes.
    """

    mode: str = "ok"
    max_n: int = 1
    chunks: tuple[str, ...] = ("The rain ", "kept falling ", "over the ", "quiet city.")
    reasoning: tuple[str, ...] = ()
    hold_after_reasoning: bool = False
    finish: str = "stop"
    size: int = 1 << 20
    count: int = 1000
    interval_s: float = 0.05
    api_key: str = ""
    requests: list[tuple[str, str, dict[str, Any]]] = field(default_factory=list)
    hung_up: threading.Event = field(default_factory=threading.Event)
    released: threading.Event = field(default_factory=threading.Event)


class _Handler(BaseHTTPRequestHandler):
    server: _Server
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: Any) -> None:
        """Quiet: tests read ``requests`` instead."""

    def _json(self, status: int, body: object) -> None:
        data = json.dumps(body).encode("utf-8")
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.send_header("Connection", "close")
        self.end_headers()
        self.close_connection = True
        self.wfile.write(data)

    def _refused(self, state: BrokenState) -> bool:
        if state.mode == "not_openai":
            self._json(200, {"status": "ok", "message": "Welcome to another API"})
            return True
        if state.mode in ("401", "404", "429", "500"):
            self._json(int(state.mode), {"error": {"message": f"injected {state.mode}"}})
            return True
        if state.mode == "big_error":
            self._json(500, {"error": {"message": "x" * state.size}})
            return True
        if state.api_key and self.headers.get("Authorization") != f"Bearer {state.api_key}":
            self._json(401, {"error": {"message": "invalid api key"}})
            return True
        return False

    def do_GET(self) -> None:
        state = self.server.state
        state.requests.append(("GET", self.path, {}))
        if self._refused(state):
            return
        if self.path == "/v1/models":
            self._models(state)
        else:
            self._json(404, {"detail": "Not Found"})

    def _models(self, state: BrokenState) -> None:
        models = [{"id": MODEL, "object": "model"}]
        if state.mode == "many_models":
            models += [{"id": f"model-{i:06}", "object": "model"} for i in range(state.count)]
        if state.mode == "deep_models":
            self._body(b'{"data": ' + b"[" * state.count + b"]" * state.count + b"}")
        elif state.mode == "gzip_models":
            self._body(_gzip(b'{"data": [], "padding": "', b" ", state.size, b'"}'),
                       encoding="gzip")
        elif state.mode == "slow_models":
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Connection", "close")
            self.end_headers()
            self.close_connection = True
            data = json.dumps({"data": models}).encode()
            for index in range(min(state.count, len(data))):
                if state.released.wait(state.interval_s):
                    return
                self.wfile.write(data[index : index + 1])
                self.wfile.flush()
        else:
            self._json(200, {"object": "list", "data": models})

    def _body(self, data: bytes, encoding: str = "") -> None:
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        if encoding:
            self.send_header("Content-Encoding", encoding)
        self.send_header("Content-Length", str(len(data)))
        self.send_header("Connection", "close")
        self.end_headers()
        self.close_connection = True
        self.wfile.write(data)

    def do_POST(self) -> None:
        state = self.server.state
        length = int(self.headers.get("Content-Length", "0"))
        body = json.loads(self.rfile.read(length) or b"{}")
        state.requests.append(("POST", self.path, body))
        if self._refused(state):
            return
        if not body.get("stream"):
            self._whole(state, body)
            return
        self.send_response(200)
        self.send_header("Content-Type", "text/event-stream")
        if state.mode == "gzip_bomb":
            self.send_header("Content-Encoding", "gzip")
        self.send_header("Connection", "close")
        self.end_headers()
        self.close_connection = True
        chat = self.path.endswith("/chat/completions")
        try:
            self._stream(state, chat)
        except OSError:
            state.hung_up.set()

    def _whole(self, state: BrokenState, body: dict[str, Any]) -> None:
        n = int(body.get("n", 1))
        if n > state.max_n:
            self._json(400, {"error": {"message": "only one completion is supported"}})
            return
        logprobs = {"tokens": ["Hi"], "token_logprobs": [-0.1],
                    "top_logprobs": [{"Hi": -0.1, "Yo": -2.4}]}
        self._json(200, {"choices": [
            {"index": index, "text": "Hi", "logprobs": logprobs, "finish_reason": "length"}
            for index in range(n)]})

    def _event(self, text: str, chat: bool, finish: str | None = None,
               key: str = "content") -> None:
        choice: dict[str, Any] = {"index": 0, "finish_reason": finish}
        if chat:
            choice["delta"] = {key: text}
        else:
            choice["text"] = text
        self._send(f"data: {json.dumps({'choices': [choice]})}\n\n")

    def _send(self, data: str) -> None:
        self.wfile.write(data.encode("utf-8"))
        self.wfile.flush()

    def _hostile(self, state: BrokenState, chat: bool) -> bool:
        """Stream a hostile mode's answer; False for the other modes."""
        key = "content" if chat else "text"
        head = (b'data: {"choices": [{"index": 0, "delta": {"content": "' if chat else
                b'data: {"choices": [{"index": 0, "text": "')
        if state.mode == "gzip_bomb":
            self.wfile.write(_gzip(head, b"a", state.size,
                                   b'"}}]}\n\n' if chat else b'"}]}\n\n'))
        elif state.mode == "huge_event":
            self._send(f"data: {json.dumps({'choices': [{'index': 0, key: 'a' * state.size}]})}"
                       "\n\n")
        elif state.mode == "no_limit":
            for _ in range(state.count):
                self._event("word ", chat)
        elif state.mode in ("trickle", "trickle_bytes"):
            self._event(state.chunks[0], chat)
            for index in range(state.count):
                if state.released.wait(state.interval_s):
                    break
                self._send(": keep-alive\n\n" if state.mode == "trickle" else "d:"[index % 2])
        elif state.mode == "think_forever":
            self._event("<think>", chat)
            for _ in range(state.count):
                self._event("I wonder. ", chat)
        else:
            return False
        return True

    def _stream(self, state: BrokenState, chat: bool) -> None:
        if self._hostile(state, chat):
            return
        if state.mode == "malformed":
            self._event(state.chunks[0], chat)
            self._send("data: {this is not json\n\n")
            return
        if state.mode == "endless":
            while not state.released.is_set():
                self._event("word ", chat)
                time.sleep(0.005)
            return
        if chat and state.reasoning:
            for thought in state.reasoning:
                self._event(thought, chat, key="reasoning_content")
            if state.hold_after_reasoning:
                state.released.wait()
        for index, text in enumerate(state.chunks):
            if state.mode == "drop" and index == 2:
                self.connection.shutdown(socket.SHUT_RDWR)
                return
            self._event(text, chat)
            if state.mode == "stall":
                state.released.wait()
                return
        self._event("", chat, state.finish)
        self._send("data: [DONE]\n\n")


@functools.lru_cache(maxsize=4)
def _gzip(head: bytes, fill: bytes, size: int, tail: bytes) -> bytes:
    """``head``, ``size`` bytes of ``fill`` and ``tail``, gzip-encoded a megabyte at a time
    (once: a server asked again sends the same bytes)."""
    packer = zlib.compressobj(9, zlib.DEFLATED, 16 + zlib.MAX_WBITS, 9, zlib.Z_RLE)
    step = 1 << 20
    block = fill * (step // len(fill))
    parts = [packer.compress(head)]
    parts += [packer.compress(block[: min(step, size - start)])
              for start in range(0, size, step)]
    return b"".join([*parts, packer.compress(tail), packer.flush()])


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    block_on_close = True

    def __init__(self, state: BrokenState) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.state = state


class BrokenServer:
    """Runs the broken server in a thread: ``with BrokenServer() as server: server.url``.

    With ``tls`` it speaks https with that context's certificate.
    """

    def __init__(self, state: BrokenState | None = None,
                 tls: ssl.SSLContext | None = None) -> None:
        self.state = state or BrokenState()
        self._server = _Server(self.state)
        self._scheme = "https" if tls else "http"
        if tls is not None:
            self._server.socket = tls.wrap_socket(self._server.socket, server_side=True)
        self._thread = threading.Thread(target=self._server.serve_forever,
                                        name="broken-openai-server", daemon=True)

    @property
    def url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"{self._scheme}://{host!s}:{port}/v1"

    def __enter__(self) -> BrokenServer:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.state.released.set()
        self._server.shutdown()
        self._server.server_close()
        self._thread.join()
