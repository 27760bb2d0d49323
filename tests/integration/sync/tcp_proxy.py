"""A TCP proxy between desktops and the team server that loses connections on purpose, at a chosen moment.

Everything passes through untouched until a fault is armed. The next connection whose client sends bytes
containing the fault's trigger (a piece of SQL such as b"tl_push") is then cut at one of two points:

- `cut_answer(b"tl_push")`: the server's whole answer to that query is read and thrown away (up to and
  including ReadyForQuery, which PostgreSQL sends only after the implicit transaction committed), then both
  sides are closed: the server did the work, the desktop never hears of it;
- `cut_after(b"REPEATABLE READ", n)`: the first `n` bytes the server sends after the trigger reach the
  desktop, then both sides are closed: a pull broken off in the middle of its rows.

A fault fires once; `cuts` counts the connections cut, so a test can prove the fault really happened.
Desktops must reach the proxy without TLS (`url()` adds sslmode=disable) for the trigger to be readable.

    with FaultyProxy() as proxy:
        ledger.sync.setup(proxy.url(person.url))
        proxy.cut_answer(b"tl_push")
"""

from __future__ import annotations

import contextlib
import socket
import struct
import threading
from dataclasses import dataclass
from urllib.parse import urlsplit, urlunsplit

CHUNK = 65536
READY_FOR_QUERY = ord("Z")


@dataclass
class _Fault:
    trigger: bytes
    forward_bytes: int | None  # None: swallow the whole answer; else forward this many bytes, then cut


class _Link:
    """One desktop connection and its connection to the server, pumped both ways by two threads."""

    def __init__(self, proxy: FaultyProxy, desktop: socket.socket, server: socket.socket):
        self.proxy = proxy
        self.desktop = desktop
        self.server = server
        self.fault: _Fault | None = None
        self.held = b""  # the server's answer swallowed so far (cut_answer)
        self.forwarded = 0  # server bytes forwarded since the trigger (cut_after)
        self.tail = b""  # the end of the previous desktop chunk, for a trigger split over two chunks
        self.closed = False
        self.threads = [
            threading.Thread(target=self._pump_queries, daemon=True),
            threading.Thread(target=self._pump_answers, daemon=True),
        ]
        for thread in self.threads:
            thread.start()

    def close(self) -> None:
        with self.proxy.lock:
            if self.closed:
                return
            self.closed = True
        for side in (self.desktop, self.server):
            with contextlib.suppress(OSError):  # the other end went first
                side.shutdown(socket.SHUT_RDWR)
            side.close()

    def _cut(self) -> None:
        with self.proxy.lock:
            self.proxy.cuts += 1
        self.close()

    def _pump_queries(self) -> None:
        try:
            while chunk := self.desktop.recv(CHUNK):
                with self.proxy.lock:
                    armed = self.proxy.fault
                    # Claimed before the query goes on, so the server's answer is always seen as armed.
                    if armed is not None and self.fault is None and armed.trigger in self.tail + chunk:
                        self.fault, self.proxy.fault = armed, None
                    self.tail = chunk[-64:]
                self.server.sendall(chunk)
        except OSError:
            pass  # one side closed: the link is over
        self.close()

    def _pump_answers(self) -> None:
        try:
            while chunk := self.server.recv(CHUNK):
                if self.fault is None:
                    self.desktop.sendall(chunk)
                elif self.fault.forward_bytes is None:
                    self.held += chunk
                    if _answer_complete(self.held):
                        self._cut()
                        return
                else:
                    room = self.fault.forward_bytes - self.forwarded
                    self.desktop.sendall(chunk[:room])
                    self.forwarded += min(room, len(chunk))
                    if self.forwarded >= self.fault.forward_bytes:
                        self._cut()
                        return
        except OSError:
            pass
        self.close()


def _answer_complete(answer: bytes) -> bool:
    """Whether these backend messages (starting at a message boundary) end with ReadyForQuery."""
    at = 0
    while at + 5 <= len(answer):
        kind = answer[at]
        (length,) = struct.unpack("!I", answer[at + 1 : at + 5])
        if at + 1 + length > len(answer):
            return False
        if kind == READY_FOR_QUERY:
            return True
        at += 1 + length
    return False


class FaultyProxy:
    """Listens on 127.0.0.1 (a free port) and forwards every connection to the PostgreSQL server."""

    def __init__(self, target: tuple[str, int] = ("127.0.0.1", 5432)):
        self.target = target
        self.lock = threading.Lock()
        self.fault: _Fault | None = None
        self.cuts = 0
        self.links: list[_Link] = []
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = self.listener.getsockname()[1]
        self.accepting = threading.Thread(target=self._accept, daemon=True)
        self.accepting.start()

    def url(self, person_url: str) -> str:
        """`person_url` (postgresql://login@host:port/db) pointed at this proxy instead, without TLS."""
        parts = urlsplit(person_url)
        user = parts.netloc.rsplit("@", 1)[0]
        return urlunsplit(
            ("postgresql", f"{user}@127.0.0.1:{self.port}", parts.path, "sslmode=disable&gssencmode=disable", "")
        )

    def cut_answer(self, trigger: bytes) -> None:
        """The next query containing `trigger` is answered by the server, but the answer is lost."""
        with self.lock:
            self.fault = _Fault(trigger, None)

    def cut_after(self, trigger: bytes, forward_bytes: int) -> None:
        """After the next query containing `trigger`, only `forward_bytes` of the server's bytes get through."""
        with self.lock:
            self.fault = _Fault(trigger, forward_bytes)

    def disarm(self) -> None:
        """Forget a fault that has not fired (its trigger never came)."""
        with self.lock:
            self.fault = None

    def _accept(self) -> None:
        while True:
            try:
                desktop, _ = self.listener.accept()
            except OSError:
                return  # the listener was closed
            try:
                server = socket.create_connection(self.target)
            except OSError:
                desktop.close()
                continue
            with self.lock:
                self.links = [link for link in self.links if not link.closed]
                self.links.append(_Link(self, desktop, server))

    def close(self) -> None:
        with contextlib.suppress(OSError):
            self.listener.shutdown(socket.SHUT_RDWR)  # wakes the blocked accept()
        self.listener.close()
        self.accepting.join(timeout=5)
        with self.lock:
            links = list(self.links)
        for link in links:
            link.close()
            for thread in link.threads:
                thread.join(timeout=5)

    def __enter__(self) -> FaultyProxy:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()
