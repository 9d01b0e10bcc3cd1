"""Network auditing: every connection attempt a process makes, recorded with an audit hook.

Set ``WRITER_APP_NETWORK_AUDIT`` to a file and writer-app (and its engine process) appends
one line per attempt to reach the network there: a DNS lookup, a connect to an IP address,
a datagram. Local inter-process channels (Unix sockets, socket pairs) are not network and
are not recorded. While drafting, the file stays empty; only the model downloader may
connect, and only when asked to.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from pathlib import Path

AUDIT_ENV = "WRITER_APP_NETWORK_AUDIT"
_EVENTS = {"socket.connect", "socket.getaddrinfo", "socket.sendto", "socket.sendmsg"}


def _is_network(event: str, args: tuple[object, ...]) -> bool:
    if event not in _EVENTS:
        return False
    if event == "socket.getaddrinfo":
        return True
    address = args[1] if len(args) > 1 else None
    return isinstance(address, tuple)  # (host, port[, ...]); Unix socket paths are str


def install_network_audit(sink: Callable[[str], None]) -> None:
    """Call ``sink`` with a line for each network attempt of this process (for good)."""

    def hook(event: str, args: tuple[object, ...]) -> None:
        if _is_network(event, args):
            # A lookup's first argument is the host; a connect's is the socket.
            shown = args if event == "socket.getaddrinfo" else args[1:]
            sink(f"{os.getpid()} {event} {shown!r}")

    sys.addaudithook(hook)


def install_from_environment() -> None:
    """Install the audit when ``WRITER_APP_NETWORK_AUDIT`` names a file."""
    target = os.environ.get(AUDIT_ENV)
    if not target:
        return
    path = Path(target)

    def append(line: str) -> None:
        try:
            with path.open("a", encoding="utf-8") as out:
                out.write(line + "\n")
        except OSError:
            pass  # an audit that cannot write must not break the program it watches

    append(f"{os.getpid()} audit started")
    install_network_audit(append)
