"""One writer-app per user: a later start hands its files to the running one and ends.

A file manager starts the app once for each "Open With" (Windows Explorer once per file),
and a second app would load the model a second time. So the first app listens on a local
socket of its own (owner-only, named after its data folder, so a test's or another
profile's app is another one); a later start sends it the files it was given (none: the
writer asked for a new window) and exits when the running app has them. The message is
one line of JSON, a list of paths, read as untrusted input.
"""

from __future__ import annotations

import getpass
import hashlib
import json
import logging
from pathlib import Path

from PySide6.QtCore import QObject, Signal, Slot
from PySide6.QtNetwork import QLocalServer, QLocalSocket

from writer_app.core.untrusted import UntrustedError, decode, parse_json

log = logging.getLogger(__name__)

MAX_MESSAGE_BYTES = 1 << 20
HAND_OVER_TIMEOUT_MS = 3000
ACCEPTED = b"ok\n"


def instance_name(data_dir: Path) -> str:
    """The socket's name for the app whose data lives in ``data_dir``, for this user."""
    key = hashlib.sha256(f"{getpass.getuser()}\0{data_dir.resolve()}".encode()).hexdigest()
    return f"writer-app-{key[:16]}"


def hand_over(name: str, files: list[Path]) -> bool:
    """Give ``files`` to the app listening as ``name``; True once it has them, False when
    none runs (or it did not answer in time: this start then opens them itself)."""
    socket = QLocalSocket()
    socket.connectToServer(name)
    if not socket.waitForConnected(HAND_OVER_TIMEOUT_MS):
        return False
    message = json.dumps([str(path.resolve()) for path in files]).encode("utf-8") + b"\n"
    socket.write(message)
    answer = b""
    while (ACCEPTED not in answer and socket.waitForReadyRead(HAND_OVER_TIMEOUT_MS)):
        answer += socket.readAll().data()
    socket.disconnectFromServer()
    if ACCEPTED not in answer:
        log.warning("the running writer-app did not take the files; opening them here")
        return False
    return True


class InstanceServer(QObject):
    """Listens for later starts of the app; ``files_received`` carries what each handed
    over (a list of Paths, maybe empty)."""

    files_received = Signal(list)

    def __init__(self, name: str, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._server = QLocalServer(self)
        self._server.setSocketOptions(QLocalServer.SocketOption.UserAccessOption)
        self._server.newConnection.connect(self._on_server_new_connection)
        self._buffers: dict[QLocalSocket, bytes] = {}
        if not self._server.listen(name):
            # What a crashed app left behind: no one answered on it, so it is taken over.
            QLocalServer.removeServer(name)
            if not self._server.listen(name):
                log.warning("no single-app socket (%s): later starts open their own",
                            self._server.errorString())

    def is_listening(self) -> bool:
        return self._server.isListening()

    def close(self) -> None:
        self._server.close()

    @Slot()
    def _on_server_new_connection(self) -> None:
        while (socket := self._server.nextPendingConnection()) is not None:
            self._buffers[socket] = b""
            socket.readyRead.connect(self._on_socket_ready_read)
            socket.disconnected.connect(self._on_socket_disconnected)

    @Slot()
    def _on_socket_ready_read(self) -> None:
        socket = self.sender()
        if not isinstance(socket, QLocalSocket) or socket not in self._buffers:
            return
        received = self._buffers[socket] + socket.readAll().data()
        if len(received) > MAX_MESSAGE_BYTES:
            log.warning("a start handed over more than %d bytes; ignored", MAX_MESSAGE_BYTES)
            socket.abort()
            return
        self._buffers[socket] = received
        line, newline, _rest = received.partition(b"\n")
        if not newline:
            return
        self._buffers[socket] = b""
        try:
            files = parse_json(decode(line))
        except UntrustedError as exc:
            log.warning("a start handed over something unreadable: %s", exc)
            socket.abort()
            return
        if not isinstance(files, list) or not all(isinstance(name, str) for name in files):
            log.warning("a start handed over something other than a list of files")
            socket.abort()
            return
        socket.write(ACCEPTED)
        socket.flush()
        self.files_received.emit([Path(name) for name in files])

    @Slot()
    def _on_socket_disconnected(self) -> None:
        socket = self.sender()
        if isinstance(socket, QLocalSocket):
            self._buffers.pop(socket, None)
            socket.deleteLater()
