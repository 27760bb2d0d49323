"""What the window and the CLI know of sync: its state, its problems and how to settle one.

The sync client (app/sync/client.py) implements `SyncPort`; views and commands see only this.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from typing import Any, Protocol

from app.domain.errors import TimeledgerError


class SyncState(StrEnum):
    OFF = "off"  # sync was never set up on this desktop
    SYNCED = "synced"
    PENDING = "pending"  # changes wait to be sent
    OFFLINE = "offline"  # the last round could not reach the server
    ATTENTION = "attention"  # conflicts or refused changes wait for a decision


@dataclass(frozen=True)
class SyncStatus:
    state: SyncState
    pending: int = 0
    conflicts: int = 0
    rejected: int = 0
    last_sync: datetime | None = None
    server: str = ""  # the server's address without the password, for display
    message: str = ""  # the last failure, as a sentence

    @property
    def summary(self) -> str:
        """One line for the tray and the status bar."""
        if self.state is SyncState.OFF:
            return "Sync is not set up"
        if self.state is SyncState.ATTENTION:
            count = self.conflicts + self.rejected
            return f"Sync needs attention: {count} problem{'s' if count != 1 else ''}"
        if self.state is SyncState.OFFLINE:
            waiting = f", {self.pending} change{'s' if self.pending != 1 else ''} waiting" if self.pending else ""
            return f"Offline{waiting}"
        if self.state is SyncState.PENDING:
            return f"{self.pending} change{'s' if self.pending != 1 else ''} to sync"
        return "Synced"


@dataclass(frozen=True)
class SyncProblem:
    id: int
    kind: str  # "conflict" | "refused"
    op: str
    entity: str | None
    entity_id: uuid.UUID | None
    label: str  # what the problem is about, for a person ("Entry on ACME · Design, Tue 3 Nov")
    field: str | None
    mine: Any
    server: Any
    reason: str
    at: datetime


@dataclass(frozen=True)
class SyncReport:
    """What one round moved."""

    pushed: int = 0
    refused: int = 0
    conflicts: int = 0
    pulled: int = 0
    problems: tuple[str, ...] = field(default=())

    def describe(self) -> str:
        parts = [f"sent {self.pushed} change{'s' if self.pushed != 1 else ''}"]
        parts.append(f"received {self.pulled} record{'s' if self.pulled != 1 else ''}")
        if self.conflicts:
            parts.append(f"{self.conflicts} conflict{'s' if self.conflicts != 1 else ''}")
        if self.refused:
            parts.append(f"{self.refused} refused by the server")
        return "Sync: " + ", ".join(parts) + "."


class ServerUnreachable(TimeledgerError):
    """The team server could not be reached (or dropped the connection): nothing was lost, try again later."""

    exit_code = 4


class SyncPasswordNeeded(TimeledgerError):
    """The server wants a password and none is stored (no working keyring, or never given): ask the person."""

    def __init__(self, message: str, why: str = ""):
        super().__init__(message)
        self.why = why  # why the keyring could not keep it, when that is the reason


class SyncPort(Protocol):
    def status(self) -> SyncStatus: ...
    def problems(self) -> list[SyncProblem]: ...
    def resolve(self, problem_id: int, *, keep_mine: bool) -> None: ...
    def run_once(self) -> SyncReport: ...
    def setup(self, url: str, password: str | None = None) -> SyncReport: ...
    def set_session_password(self, password: str) -> None: ...
