"""How the app reads a file it did not just write itself: every such file is untrusted.

Recovery records, locks, notes, histories, settings, download records and the writer's
templates live in folders that other programs, other versions of writer-app, a sync
service, a full disk or a curious writer may have changed. Each is read here, the one way:
a regular file only (a FIFO or a device never blocks the app: it is opened without waiting
and refused by its type), at most so many bytes, nested at most ``MAX_DEPTH`` deep (checked
before parsing, so the parsers' own recursion is never reached), numbers within range (a
whole number beyond 64 bits, NaN or an infinity reads as null, which no reader takes for a
number), and each field of the type its reader wants (``whole``, ``real``, ``moment``,
``text``, ``optional_text``). Every failure is an ``UntrustedError`` whose message says why
in words; its reader sets the file aside with ``set_aside`` so the next write does not
destroy it, reports it once, and goes on with the rest.
"""

from __future__ import annotations

import errno
import json
import logging
import math
import os
import re
import stat
import sys
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from writer_app.core.i18n import QT_TRANSLATE_NOOP, message

if sys.version_info >= (3, 11):
    import tomllib
else:
    import tomli as tomllib

log = logging.getLogger(__name__)

MAX_DEPTH = 32
"""Deeper than anything the app writes, far shallower than any parser's recursion."""
MAX_INT = 2**63 - 1
MAX_TIME = 32_503_680_000.0
"""The year 3000: every platform's clock functions can show a moment before it."""
DAMAGED = ".damaged"
"""What a file set aside gets added to its name."""
_CHUNK = 1 << 16
_JSON_STRING = re.compile(r'"[^"]*"')
# Strings and comments, whose brackets do not nest anything.
_TOML_SKIP = re.compile(r'"""(?:[^"\\]|\\[\s\S]|"(?!""))*"""' r"|'''[\s\S]*?'''"
                        r'|"(?:[^"\\\n]|\\.)*"' r"|'[^'\n]*'" r"|#[^\n]*")
_NOT_BRACKET = re.compile(r"[^\[\]{}]+")


class UntrustedError(ValueError):
    """A file the app read cannot be used; the message says why, for the writer."""


def names_a_file(path: Path) -> bool:
    """Whether ``path``, a name some file said, is a regular file here. Never raises: a
    name no system takes (too long, a NUL in it, a folder that is a file) names none."""
    try:
        return stat.S_ISREG(os.stat(path).st_mode)
    except (OSError, ValueError):
        return False


def open_without_waiting(path: Path) -> int:
    """A descriptor of ``path`` open for reading. Opening a pipe for reading waits for its
    writer; opened without blocking it does not, and a caller that checks for a regular
    file refuses it."""
    return os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))


def read_at_most(fd: int, limit: int) -> bytes:
    """The bytes of ``fd`` up to ``limit`` and one more: more than ``limit`` of them says
    the file is larger than ``limit``, without reading the rest of it."""
    parts: list[bytes] = []
    size = 0
    while size <= limit:
        part = os.read(fd, min(_CHUNK, limit + 1 - size))
        if not part:
            break
        parts.append(part)
        size += len(part)
    return b"".join(parts)


def _read_regular(path: Path, limit: int) -> bytes:
    """The bytes of the regular file ``path`` up to ``limit`` and one more (see
    ``read_at_most``), with ``read_bytes``'s errors."""
    try:
        fd = open_without_waiting(path)
    except FileNotFoundError:
        raise
    except NotADirectoryError as exc:  # a folder on the way is a file: nothing here either
        raise FileNotFoundError(errno.ENOENT, exc.strerror, str(path)) from None
    except OSError as exc:
        raise UntrustedError(message(QT_TRANSLATE_NOOP("core", "it cannot be opened: {reason}"),
                                     reason=exc.strerror or str(exc))) from None
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise UntrustedError(message(QT_TRANSLATE_NOOP("core", "it is not a regular file")))
        return read_at_most(fd, limit)
    except OSError as exc:
        raise UntrustedError(message(QT_TRANSLATE_NOOP("core", "it cannot be read: {reason}"),
                                     reason=exc.strerror or str(exc))) from None
    finally:
        os.close(fd)


def read_bytes(path: Path, limit: int) -> bytes:
    """The bytes of the regular file ``path``, at most ``limit`` of them.

    ``FileNotFoundError`` says there is no such file (nothing to report); anything else
    that stops the read is an ``UntrustedError``.
    """
    data = _read_regular(path, limit)
    if len(data) > limit:
        raise UntrustedError(message(QT_TRANSLATE_NOOP(
            "core", "it is larger than {limit:,} bytes"), limit=limit))
    return data


def read_start(path: Path, count: int) -> bytes:
    """The first ``count`` bytes of the regular file ``path`` (all of a shorter one), with
    ``read_bytes``'s errors: how a file says what it is, without reading the rest."""
    return _read_regular(path, count)[:count]


def decode(data: bytes) -> str:
    """``data`` as UTF-8 text."""
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        raise UntrustedError(message(QT_TRANSLATE_NOOP("core", "it is not UTF-8 text"))
                             ) from None


def _depth(text: str, skip: re.Pattern[str]) -> int:
    """How deep ``text`` nests, counting the brackets outside what ``skip`` matches
    (strings, comments): it may over-count, which refuses, but never recurses."""
    depth = deepest = 0
    for char in _NOT_BRACKET.sub("", skip.sub("", text)):
        depth += 1 if char in "[{" else -1
        deepest = max(deepest, depth)
    return deepest


def json_depth(text: str) -> int:
    """How deep the JSON in ``text`` nests, found without parsing it."""
    # Escapes only occur in strings; without them a string is quote to quote.
    return _depth(text.replace("\\\\", "").replace('\\"', ""), _JSON_STRING)


def _check_depth(depth: int) -> None:
    """Refuse a text nested ``depth`` levels when that is deeper than ``MAX_DEPTH``."""
    if depth > MAX_DEPTH:
        raise UntrustedError(message(QT_TRANSLATE_NOOP(
            "core", "it is nested more than {depth} levels deep"), depth=MAX_DEPTH))


def _whole_number(digits: str) -> int | None:
    value = int(digits)
    return value if abs(value) <= MAX_INT else None


def _finite(digits: str) -> float | None:
    value = float(digits)
    return value if math.isfinite(value) else None


def _no_number(_constant: str) -> None:
    return None


def parse_json(text: str) -> object:
    """The JSON value in ``text``, within the depth and number limits."""
    _check_depth(json_depth(text))
    try:
        return json.loads(text, parse_int=_whole_number, parse_float=_finite,
                          parse_constant=_no_number)
    except (ValueError, RecursionError) as exc:
        raise UntrustedError(message(QT_TRANSLATE_NOOP("core", "it is not valid JSON ({reason})"),
                                     reason=str(exc))) from None


def _check_numbers(value: object) -> None:
    """TOML has no hook for whole numbers: a table is looked through once it is parsed."""
    if isinstance(value, dict):
        for item in value.values():
            _check_numbers(item)
    elif isinstance(value, list):
        for item in value:
            _check_numbers(item)
    elif isinstance(value, int) and not isinstance(value, bool) and abs(value) > MAX_INT:
        raise ValueError("a whole number out of range")
    elif isinstance(value, float) and not math.isfinite(value):
        raise ValueError("a number out of range")


def parse_toml(text: str) -> dict[str, Any]:
    """The TOML table in ``text``, within the depth and number limits."""
    _check_depth(_depth(text, _TOML_SKIP))
    try:
        data = tomllib.loads(text)
        _check_numbers(data)
    except (ValueError, RecursionError) as exc:
        raise UntrustedError(message(QT_TRANSLATE_NOOP("core", "it is not valid TOML ({reason})"),
                                     reason=str(exc))) from None
    return data


def read_json(path: Path, limit: int) -> object:
    """The JSON value in the file ``path`` (see ``read_bytes`` and ``parse_json``)."""
    return parse_json(decode(read_bytes(path, limit)))


def read_json_object(path: Path, limit: int) -> dict[str, Any]:
    """The JSON object in the file ``path``: anything else is an ``UntrustedError``."""
    data = read_json(path, limit)
    if not isinstance(data, dict):
        raise UntrustedError(message(QT_TRANSLATE_NOOP("core", "it does not hold a JSON object")))
    return data


def read_toml(path: Path, limit: int) -> dict[str, Any]:
    """The TOML table in the file ``path`` (see ``read_bytes`` and ``parse_toml``)."""
    return parse_toml(decode(read_bytes(path, limit)))


def whole(data: Mapping[str, Any], key: str, low: int, high: int) -> int:
    """The whole number ``data[key]``, from ``low`` to ``high``."""
    value = data.get(key)
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise UntrustedError(message(QT_TRANSLATE_NOOP(
            "core", "“{key}” is not a whole number from {low} to {high}"),
            key=key, low=low, high=high))
    return value


def real(data: Mapping[str, Any], key: str, low: float, high: float) -> float:
    """The number ``data[key]``, from ``low`` to ``high``."""
    value = data.get(key)
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not (
            low <= value <= high):
        raise UntrustedError(message(QT_TRANSLATE_NOOP(
            "core", "“{key}” is not a number from {low} to {high}"),
            key=key, low=low, high=high))
    return float(value)


def moment(data: Mapping[str, Any], key: str) -> float:
    """The time ``data[key]``, in seconds since 1970, one that a clock can show."""
    return real(data, key, 0.0, MAX_TIME)


def text(data: Mapping[str, Any], key: str) -> str:
    """The text ``data[key]``."""
    value = data.get(key)
    if not isinstance(value, str):
        raise UntrustedError(message(QT_TRANSLATE_NOOP("core", "“{key}” is not a piece of text"),
                                     key=key))
    return value


def optional_text(data: Mapping[str, Any], key: str) -> str | None:
    """The text ``data[key]``, or None when it is null or missing."""
    return None if data.get(key) is None else text(data, key)


def set_aside(path: Path) -> Path:
    """Rename the unusable file ``path`` beside itself, so that no later write destroys it
    and it is reported once; returns its new name (the old one if it could not move)."""
    aside = path.with_name(path.name + DAMAGED)
    try:
        path.replace(aside)
    except OSError as exc:
        log.warning("%s could not be set aside: %s", path, exc)
        return path
    log.warning("%s could not be used; kept as %s", path, aside)
    return aside
