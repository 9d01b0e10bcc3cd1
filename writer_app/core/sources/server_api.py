"""Talking to an OpenAI-compatible server: the HTTP client, and its failures in words.

The client verifies TLS (against an extra CA file when one is set; verification cannot be
turned off), ignores proxy settings from the environment so that requests reach the
configured host and port only, and sends the API key as a bearer token. Every way a
connection or a request can fail is said in a sentence a writer can act on: refused, a
name that does not resolve, a TLS certificate, a refused key, no OpenAI API at that
address, a busy or failing server, a timeout.
"""

from __future__ import annotations

import socket
import ssl

import certifi
import httpx

from writer_app.core.errors import GenerationError
from writer_app.core.i18n import QT_TRANSLATE_NOOP, Message, message
from writer_app.core.sources.servers import ServerConfig

CONNECT_TIMEOUT_S = 10.0
# A long document on a busy server can take minutes before its first token.
READ_TIMEOUT_S = 300.0


class ServerError(GenerationError):
    """The server could not be reached or did not answer as the OpenAI API does."""


def make_client(config: ServerConfig, api_key: str = "", *,
                read_timeout_s: float = READ_TIMEOUT_S) -> httpx.Client:
    """An HTTP client for ``config``: verified TLS, no proxy, the key as a bearer token."""
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
        timeout=httpx.Timeout(read_timeout_s, connect=CONNECT_TIMEOUT_S),
    )


def host_port(config: ServerConfig) -> str:
    """``host:port`` of the server, as messages name it."""
    host, port = config.address
    return f"{host}:{port}"


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


def describe_status(response: httpx.Response, config: ServerConfig) -> Message:
    """What an error status means for the writer, with the server's own word if it has one."""
    where, status = host_port(config), response.status_code
    detail = _server_message(response)
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


def _server_message(response: httpx.Response) -> str:
    """The error message of an OpenAI-style JSON body (an HTML error page says nothing)."""
    try:
        response.read()
        data = response.json()
    except (ValueError, httpx.HTTPError):
        return ""
    error = data.get("error", data.get("detail")) if isinstance(data, dict) else None
    if isinstance(error, dict):
        error = error.get("message")
    return str(error)[:300] if error else ""


def list_models(config: ServerConfig, api_key: str = "",
                timeout_s: float = CONNECT_TIMEOUT_S) -> list[str]:
    """The server's models (``/v1/models``), or ``ServerError`` saying what failed."""
    with make_client(config, api_key, read_timeout_s=timeout_s) as client:
        try:
            response = client.get("/v1/models")
        except httpx.HTTPError as exc:
            raise ServerError(describe_transport_error(exc, config)) from None
        if response.status_code != 200:
            raise ServerError(describe_status(response, config))
        try:
            data = response.json()
            return [str(item["id"]) for item in data["data"]]
        except (ValueError, KeyError, TypeError):
            raise ServerError(message(QT_TRANSLATE_NOOP(
                "core", "The server at {where} answered, but not as an OpenAI-compatible API: "
                "its list of models could not be read. Check the address."),
                where=host_port(config))) from None
