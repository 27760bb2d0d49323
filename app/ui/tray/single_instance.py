"""One app per database and user: a second launch asks the first to come forward, then leaves.

The first instance listens on a local socket named after the user and the database file. A second
launch connects, sends `show`, and gets back one line: what the first one's timer shows, which it
prints so a terminal user sees the request was answered.
"""

from __future__ import annotations

import getpass
import hashlib
import os
from collections.abc import Callable

from PySide6.QtCore import QObject, Signal
from PySide6.QtNetwork import QLocalServer, QLocalSocket

CONNECT_MS = 500
ANSWER_MS = 3000
SHOW = b"show\n"


def instance_name(database: str) -> str:
    """The socket's name: the same for every launch on this file by this user, private to them."""
    key = f"{getpass.getuser()}\0{os.path.realpath(database)}"
    return "timeledger-" + hashlib.sha256(key.encode("utf-8", "surrogatepass")).hexdigest()[:24]


def ask_first_instance(name: str) -> str | None:
    """Ask a running instance to come forward: its answer, "" if it did not answer, None if none runs."""
    socket = QLocalSocket()
    socket.connectToServer(name)
    if not socket.waitForConnected(CONNECT_MS):
        return None
    socket.write(SHOW)
    socket.waitForBytesWritten(CONNECT_MS)
    answer = b""
    while not answer.endswith(b"\n") and socket.waitForReadyRead(ANSWER_MS):
        answer += bytes(socket.readAll().data())
    socket.disconnectFromServer()
    return answer.decode("utf-8", "replace").strip()


class FirstInstance(QObject):
    """The listening side: emits `show_requested` for each `show` and answers with `answer()`."""

    show_requested = Signal()

    def __init__(self, name: str, answer: Callable[[], str], parent: QObject | None = None):
        super().__init__(parent)
        self.answer = answer
        self.server = QLocalServer(self)
        self.server.setSocketOptions(QLocalServer.SocketOption.UserAccessOption)
        self.server.newConnection.connect(self._accept)
        # A socket file left behind by a crashed instance would block listening; nobody answered on it
        # (ask_first_instance came back None), so it is safe to remove.
        QLocalServer.removeServer(name)
        self.listening = self.server.listen(name)

    def _accept(self) -> None:
        while self.server.hasPendingConnections():
            socket = self.server.nextPendingConnection()
            socket.readyRead.connect(lambda s=socket: self._read(s))
            socket.disconnected.connect(socket.deleteLater)

    def _read(self, socket: QLocalSocket) -> None:
        if not socket.canReadLine():
            return
        if bytes(socket.readLine().data()) == SHOW:
            self.show_requested.emit()
        socket.write(" ".join(self.answer().split()).encode("utf-8") + b"\n")  # one line, always
        socket.flush()
