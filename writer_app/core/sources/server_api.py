"""Talking to an OpenAI-compatible server: the HTTP client, its limits, and its failures
in words.

The client verifies TLS (against an extra CA file when one is set; verification cannot be
turned off), ignores proxy settings from the environment so that requests reach the
configured host and port only, and sends the API key as a bearer token. Every way a
connection or a request can fail is said in a sentence a writer can act on: refused, a
name that does not resolve, a TLS certificate, a refused key, no OpenAI API at that
address, a busy or failing server, a timeout.

Every answer is untrusted. ``ServerLimits`` holds every limit in one place: how long a
request may take in all and without progress (enforced on the connection by a watch
thread, not per read, so a trickle of bytes or of keep-alive comments does not keep it
open), how many bytes an answer, one streamed event, an error body and a list of models
may carry (counted on the decoded bytes, so compression cannot get round them), and how
deeply their JSON may nest (``parse_json``, for network bodies).
"""

from __future__ import annotations

import contextlib
import dataclasses
import json
import socket
import ssl
import threading
import time
import zlib
from collections.abc import Iterator

import certifi
import httpx

from writer_app.core.errors import GenerationError
from writer_app.core.i18n import QT_TRANSLATE_NOOP, Message, message
from writer_app.core.sources.servers import ServerConfig
from writer_app.core.untrusted import json_depth

CONNECT_TIMEOUT_S = 10.0


@dataclasses.dataclass(frozen=True)
class ServerLimits:
    """What one request to a server may take. Tests pass small ones."""

    connect_s: float = CONNECT_TIMEOUT_S
    # A long document on a busy server can take minutes before its first token.
    first_token_s: float = 300.0
    # Once the answer has begun, a model writes a token every second or so at worst.
    idle_s: float = 60.0
    total_s: float = 30 * 60.0
    # /v1/models, and the one-token answers that measure a server's capabilities.
    list_s: float = 30.0
    # A streamed answer, decoded: a few thousand tokens with their alternatives are under
    # a megabyte.
    response_bytes: int = 64 << 20
    # One event is one token or a few (with their alternatives): a few hundred bytes.
    event_bytes: int = 64 << 10
    # Text counts as a token per this many characters at least (a token is a few), so a
    # server cannot put more than the token limit allows into the document.
    token_chars: int = 32
    error_bytes: int = 64 << 10
    list_bytes: int = 8 << 20
    json_depth: int = 32
    # How many models a message names.
    models_named: int = 20


LIMITS = ServerLimits()


class ServerError(GenerationError):
    """The server could not be reached or did not answer as the OpenAI API does."""


def make_client(config: ServerConfig, api_key: str = "",
                limits: ServerLimits = LIMITS) -> httpx.Client:
    """An HTTP client for ``config``: verified TLS, no proxy, the key as a bearer token.
    Its read timeout is only a backstop: ``Watch`` enforces the request's limits."""
    context = ssl.create_default_context(cafile=certifi.where())
    if config.ca_file:
        try:
            context.load_verify_locations(cafile=config.ca_file)
        except (OSError, ssl.SSLError) as exc:
            raise ServerError(message(QT_TRANSLATE_NOOP(
                "core", "The CA file {file} could not be read ({reason}): choose a PEM "
                "certificate file in Model ▸ Servers…."), file=config.ca_file,
                reason=str(exc))) from None
    headers = {"Authorization": f"Bearer {api_key}"} if api_key else {}
    return httpx.Client(
        base_url=config.base_url, headers=headers, verify=context, trust_env=False,
        timeout=httpx.Timeout(max(limits.first_token_s, limits.list_s),
                              connect=limits.connect_s),
    )


def host_port(config: ServerConfig) -> str:
    """``host:port`` of the server, as messages name it."""
    host, port = config.address
    return f"{host}:{port}"


def shut_down(response: httpx.Response | None) -> None:
    """Close the response's connection under a reader blocked on it, so it wakes now."""
    stream = response.extensions.get("network_stream") if response is not None else None
    sock = stream.get_extra_info("socket") if stream is not None else None
    if sock is not None:
        with contextlib.suppress(OSError):
            sock.shutdown(socket.SHUT_RDWR)


def _size(count: int) -> str:
    return f"{count >> 20:,} MiB" if count >= 1 << 20 else f"{count >> 10:,} KiB"


class Watch:
    """The time limits of one request, enforced on its connection.

    A thread shuts the connection down when the request has run ``total_s`` in all, or
    has made no progress (``progress()``: a token, or the whole body) for ``first_s``
    before its first progress and ``idle_s`` after it. A reader blocked on the connection
    then wakes with an error, and ``expired()`` says, in a sentence, which limit passed.
    """

    def __init__(self, config: ServerConfig, *, total_s: float, first_s: float,
                 idle_s: float) -> None:
        self._config = config
        self._total_s, self._first_s, self._idle_s = total_s, first_s, idle_s
        self._started = self._last = time.monotonic()
        self._progressed = False
        self._done = threading.Event()
        self._why = ""

    def progress(self) -> None:
        self._last = time.monotonic()
        self._progressed = True

    def _due(self) -> tuple[float, str]:
        total = self._started + self._total_s
        idle = self._last + (self._idle_s if self._progressed else self._first_s)
        return (total, "total") if total <= idle else (idle, "idle")

    def check(self) -> None:
        """Raise ``ServerError`` if a limit has passed (between reads)."""
        due, which = self._due()
        if time.monotonic() >= due:
            self._why = self._why or which
        if self._why:
            raise ServerError(self.expired())

    def expired(self) -> str:
        """The sentence for the limit that passed, or "" while none has."""
        where = host_port(self._config)
        if self._why == "total":
            return message(QT_TRANSLATE_NOOP(
                "core", "The server at {host} did not finish in time: the request took more "
                "than {seconds:g} seconds, so writer-app stopped it there. It may be busy or "
                "stuck; try again later."), host=where, seconds=self._total_s)
        if self._why == "idle":
            return message(QT_TRANSLATE_NOOP(
                "core", "The server at {host} did not answer in time: nothing came for "
                "{seconds:g} seconds. It may be busy or stuck; try again later."),
                host=where, seconds=self._idle_s if self._progressed else self._first_s)
        return ""

    @contextlib.contextmanager
    def on(self, response: httpx.Response) -> Iterator[None]:
        """Watch ``response``'s connection while the block runs."""
        thread = threading.Thread(target=self._run, args=(response,), daemon=True,
                                  name="writer-app-server-watch")
        thread.start()
        try:
            yield
        finally:
            self._done.set()
            thread.join()

    def _run(self, response: httpx.Response) -> None:
        while True:
            # Woken at least every idle_s: the first progress brings the due time forward.
            due, which = self._due()
            if self._done.wait(min(max(0.0, due - time.monotonic()), self._idle_s)):
                return
            due, which = self._due()
            if due <= time.monotonic():
                self._why = which
                shut_down(response)
                return


def watch(config: ServerConfig, limits: ServerLimits, *, stream: bool) -> Watch:
    """The watch of a streamed answer (``stream``) or of a short request."""
    if stream:
        return Watch(config, total_s=limits.total_s, first_s=limits.first_token_s,
                     idle_s=limits.idle_s)
    return Watch(config, total_s=limits.list_s, first_s=limits.list_s, idle_s=limits.list_s)


_INFLATE_STEP = 64 << 10


def decoded(response: httpx.Response) -> Iterator[bytes]:
    """The body's bytes, decoded. httpx inflates a whole network read at once (64 KiB of
    gzip can become 64 MiB before anyone counts it); gzip and zlib bodies are inflated here
    at most ``_INFLATE_STEP`` bytes at a time instead."""
    encoding = response.headers.get("content-encoding", "").strip().lower()
    if encoding not in ("gzip", "deflate"):
        yield from response.iter_bytes()
        return
    inflater = zlib.decompressobj(32 + zlib.MAX_WBITS)  # either header
    try:
        for raw in response.iter_raw():
            data = raw
            while data:
                yield inflater.decompress(data, _INFLATE_STEP)
                data = inflater.unconsumed_tail
        yield inflater.flush()
    except zlib.error as exc:
        raise httpx.DecodingError(f"the {encoding} body could not be inflated: {exc}") from None


class TooLarge(ValueError):
    """A body or an event was larger than its limit."""


def read_body(response: httpx.Response, limit: int, *, truncate: bool = False) -> bytes:
    """The decoded body, up to ``limit`` bytes: past it, the rest is left unread when
    ``truncate``, else ``TooLarge``."""
    parts: list[bytes] = []
    count = 0
    for part in decoded(response):
        count += len(part)
        if count > limit:
            if truncate:
                parts.append(part[: limit - count])
                break
            raise TooLarge(_size(limit))
        parts.append(part)
    return b"".join(parts)


class TooDeep(ValueError):
    """JSON nested deeper than its limit."""


def parse_json(data: bytes, max_depth: int = LIMITS.json_depth) -> object:
    """A network body's JSON, with its nesting measured before it is parsed, by the rule
    of ``core.untrusted`` (``TooDeep``); ``ValueError`` when it is not JSON."""
    # An event has too few brackets to nest deep: it needs no measuring.
    if (data.count(b"[") + data.count(b"{") > max_depth
            and json_depth(data.decode("utf-8", "replace")) > max_depth):
        raise TooDeep(max_depth)
    return json.loads(data)


def iter_events(response: httpx.Response, limits: ServerLimits, watch: Watch,
                config: ServerConfig) -> Iterator[str]:
    """The data of each server-sent event of a streamed answer, read through the decoded
    bytes with a running count: ``ServerError`` past the answer's or one event's size, or
    when ``watch``'s limits pass. Comments and fields other than ``data`` are skipped."""
    where = host_port(config)
    total = 0
    buffer = b""
    data: list[bytes] = []
    for part in decoded(response):
        watch.check()
        total += len(part)
        if total > limits.response_bytes:
            raise ServerError(message(QT_TRANSLATE_NOOP(
                "core", "The server at {host} sent more than {size} for one answer, far "
                "more than the text asked for, so writer-app stopped it there."),
                host=where, size=_size(limits.response_bytes)))
        buffer += part
        *lines, buffer = buffer.split(b"\n")
        for raw in lines:
            line = raw.removesuffix(b"\r")
            if not line:
                if data:
                    yield b"\n".join(data).decode("utf-8", errors="replace")
                    data = []
            elif line.startswith(b"data:"):
                data.append(line[6:] if line.startswith(b"data: ") else line[5:])
        if len(buffer) + sum(map(len, data)) > limits.event_bytes:
            raise ServerError(message(QT_TRANSLATE_NOOP(
                "core", "The server at {host} sent more than {size} in one piece of its "
                "answer, where a model sends a few characters at a time: it is not an "
                "OpenAI-compatible answer."), host=where, size=_size(limits.event_bytes)))
    watch.check()
    if data:
        yield b"\n".join(data).decode("utf-8", errors="replace")


def request_json(client: httpx.Client, method: str, path: str, config: ServerConfig,
                 limits: ServerLimits, *, body: object = None) -> object:
    """The JSON answer to a short request with ``body``, within ``limits.list_s``,
    ``list_bytes`` and ``json_depth``: ``ServerError`` says what failed, ``ValueError``
    that the answer is not JSON."""
    where = host_port(config)
    timeout = httpx.Timeout(limits.list_s, connect=limits.connect_s)
    guard = watch(config, limits, stream=False)
    try:
        with client.stream(method, path, json=body, timeout=timeout) as response, \
                guard.on(response):
            if response.status_code != 200:
                raise ServerError(describe_status(response, config, limits))
            data = read_body(response, limits.list_bytes)
            guard.check()
    except TooLarge:
        raise ServerError(message(QT_TRANSLATE_NOOP(
            "core", "The server at {host} sent an answer larger than {size} where a short "
            "one was expected: it was not read. Check the address."),
            host=where, size=_size(limits.list_bytes))) from None
    except httpx.HTTPError as exc:
        raise ServerError(guard.expired() or describe_transport_error(exc, config)) from None
    try:
        return parse_json(data, limits.json_depth)
    except TooDeep:
        raise ServerError(too_deep(config, limits)) from None


def too_deep(config: ServerConfig, limits: ServerLimits) -> str:
    return message(QT_TRANSLATE_NOOP(
        "core", "The server at {host} sent JSON nested more than {depth} levels deep: it "
        "is not an OpenAI-compatible answer, and was not read."),
        host=host_port(config), depth=limits.json_depth)


def _cause(exc: BaseException, kind: type[BaseException]) -> BaseException | None:
    while exc is not None:
        if isinstance(exc, kind):
            return exc
        exc = exc.__cause__ or exc.__context__  # type: ignore[assignment]
    return None


def describe_transport_error(exc: httpx.HTTPError, config: ServerConfig) -> Message:
    """What went wrong with the connection, in a sentence a writer can act on."""
    where = host_port(config)
    if isinstance(exc, httpx.TimeoutException):
        return message(QT_TRANSLATE_NOOP(
            "core", "The server at {where} did not answer in time. It may be busy or "
            "unreachable from this network; try again later."), where=where)
    certificate = _cause(exc, ssl.SSLCertVerificationError)
    if certificate is not None:
        reason = getattr(certificate, "verify_message", "") or str(certificate)
        return message(QT_TRANSLATE_NOOP(
            "core", "The TLS certificate of {where} could not be verified ({reason}). If the "
            "server uses a certificate authority of your own, choose its CA file."),
            where=where, reason=reason)
    if _cause(exc, ssl.SSLError) is not None:
        return message(QT_TRANSLATE_NOOP(
            "core", "A secure (https) connection to {where} could not be made: the server "
            "may speak plain http on that port."), where=where)
    if _cause(exc, socket.gaierror) is not None:
        return message(QT_TRANSLATE_NOOP(
            "core", "The name {host} could not be found (DNS): check the address, and that "
            "this computer is on the server's network."), host=config.host)
    if _cause(exc, ConnectionRefusedError) is not None:
        return message(QT_TRANSLATE_NOOP(
            "core", "Nothing answers at {where}: the connection was refused. Check that the "
            "server is running and listens on that port."), where=where)
    return message(QT_TRANSLATE_NOOP("core", "The connection to {where} failed: {reason}."),
                   where=where, reason=str(exc))


def describe_status(response: httpx.Response, config: ServerConfig,
                    limits: ServerLimits = LIMITS) -> Message:
    """What an error status means for the writer, with the server's own word if it has one
    (from the first ``limits.error_bytes`` of its body)."""
    where, status = host_port(config), response.status_code
    detail = _server_message(response, limits)
    if status == 429:
        return message(QT_TRANSLATE_NOOP(
            "core", "The server at {where} is busy (429, too many requests): try again "
            "shortly."), where=where)
    if status in (401, 403):
        meaning = message(QT_TRANSLATE_NOOP(
            "core", "The server at {where} refused the API key ({status}): check the key."),
            where=where, status=status)
    elif status == 404:
        meaning = message(QT_TRANSLATE_NOOP(
            "core", "The server at {where} answered, but not as an OpenAI-compatible API (404 "
            "at {path}): check the address and the model name."),
            where=where, path=response.request.url.path)
    elif status >= 500:
        meaning = message(QT_TRANSLATE_NOOP(
            "core", "The server at {where} failed with an internal error ({status})."),
            where=where, status=status)
    else:
        meaning = message(QT_TRANSLATE_NOOP(
            "core", "The server at {where} refused the request ({status})."),
            where=where, status=status)
    if not detail:
        return meaning
    return message(QT_TRANSLATE_NOOP("core", "{meaning} The server said: {detail}"),
                   meaning=meaning, detail=detail)


def _server_message(response: httpx.Response, limits: ServerLimits) -> str:
    """The error message of an OpenAI-style JSON body (an HTML error page, or a body past
    the limits, says nothing)."""
    try:
        data = parse_json(read_body(response, limits.error_bytes, truncate=True),
                          limits.json_depth)
    except (ValueError, httpx.HTTPError):
        return ""
    error = data.get("error", data.get("detail")) if isinstance(data, dict) else None
    if isinstance(error, dict):
        error = error.get("message")
    return str(error)[:300] if error else ""


def list_models(config: ServerConfig, api_key: str = "",
                limits: ServerLimits = LIMITS) -> list[str]:
    """The server's models (``/v1/models``), or ``ServerError`` saying what failed."""
    with make_client(config, api_key, limits) as client:
        try:
            data = request_json(client, "GET", "/v1/models", config, limits)
            return [str(item["id"]) for item in data["data"]]  # type: ignore[index]
        except (ValueError, KeyError, TypeError):
            raise ServerError(message(QT_TRANSLATE_NOOP(
                "core", "The server at {where} answered, but not as an OpenAI-compatible API: "
                "its list of models could not be read. Check the address."),
                where=host_port(config))) from None


def offered(models: list[str], limits: ServerLimits = LIMITS) -> str:
    """The models a message names: the first ``limits.models_named``, then how many more."""
    if not models:
        return message(QT_TRANSLATE_NOOP("core", "none"))
    named = ", ".join(models[: limits.models_named])
    if len(models) <= limits.models_named:
        return named
    return message(QT_TRANSLATE_NOOP("core", "{names} and {count:,} more"),
                   names=named, count=len(models) - limits.models_named)
