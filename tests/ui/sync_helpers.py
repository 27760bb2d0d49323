"""Helpers of the sync widget tests: a team server stand-in behind the SyncPort interface, and a ledger that has it.

The real client (app/sync/client.py, against PostgreSQL) is tested end to end elsewhere; these tests are about
what the window does with the port's answers: when rounds run, on which thread, and what people see.
"""

from __future__ import annotations

import threading
from dataclasses import replace
from datetime import UTC, datetime
from typing import Any

from app.ledger import Ledger
from app.services.sync_status import (
    ServerUnreachable,
    SyncPasswordNeeded,
    SyncProblem,
    SyncReport,
    SyncState,
    SyncStatus,
)

SERVER = "postgresql://carl@db.example/team"
SIGNAL_MS = 5000
NO_KEYRING = "No system keyring works here, so the password is kept only until you quit."
WHEN = datetime(2026, 11, 20, 7, 30, tzinfo=UTC)


def conflict(
    problem_id: int, field: str = "note", mine: Any = "Workshop prep", server: Any = "Workshop"
) -> SyncProblem:
    return SyncProblem(
        id=problem_id,
        kind="conflict",
        op="update",
        entity="task_log_entries",
        entity_id=None,
        label="Entry on Globex · Website, Fri 20 Nov",
        field=field,
        mine=mine,
        server=server,
        reason="",
        at=WHEN,
    )


def refusal(
    problem_id: int, reason: str = "Carl's week 47 is approved: its entries can no longer change."
) -> SyncProblem:
    return SyncProblem(
        id=problem_id,
        kind="refused",
        op="update",
        entity="task_log_entries",
        entity_id=None,
        label="Entry on Globex · Website, Mon 16 Nov",
        field="hours",
        mine="2:00",
        server="1:30",
        reason=reason,
        at=WHEN,
    )


class TeamServerStandIn:
    """A SyncPort whose answers the test sets: set up or not, reachable or not, a password wanted, problems.

    Thread-safe: rounds run on the task runner's threads. `hold` cleared keeps a round open until it is set.
    """

    def __init__(self, *, set_up: bool = True, problems: tuple[SyncProblem, ...] = ()) -> None:
        self.lock = threading.Lock()
        self.url = SERVER if set_up else ""
        self.pending = 0
        self.open_problems = list(problems)
        self.unreachable = False
        self.wanted_password: str | None = None  # the server's password, when nothing keeps one
        self.session_password: str | None = None
        self.setup_failure: Exception | None = None
        self.report = SyncReport()
        self.last_sync: datetime | None = WHEN if set_up else None
        self.offline = False
        self.hold = threading.Event()
        self.hold.set()
        self.rounds = 0
        self.at_once = 0
        self.most_at_once = 0
        self.round_threads: list[threading.Thread] = []
        self.decisions: list[tuple[int, bool]] = []
        self.set_up_with: tuple[str, str | None] | None = None

    # SyncPort

    def status(self) -> SyncStatus:
        with self.lock:
            if not self.url:
                return SyncStatus(SyncState.OFF)
            conflicts = sum(1 for p in self.open_problems if p.kind == "conflict")
            rejected = len(self.open_problems) - conflicts
            state = SyncState.SYNCED
            if self.pending:
                state = SyncState.PENDING
            if self.offline:
                state = SyncState.OFFLINE
            if self.open_problems:
                state = SyncState.ATTENTION
            return SyncStatus(state, self.pending, conflicts, rejected, self.last_sync, self.url)

    def problems(self) -> list[SyncProblem]:
        with self.lock:
            return list(self.open_problems)

    def resolve(self, problem_id: int, *, keep_mine: bool) -> None:
        with self.lock:
            self.decisions.append((problem_id, keep_mine))
            self.open_problems = [p for p in self.open_problems if p.id != problem_id]
            if keep_mine:
                self.pending += 1

    def run_once(self) -> SyncReport:
        with self.lock:
            self.rounds += 1
            self.at_once += 1
            self.most_at_once = max(self.most_at_once, self.at_once)
            self.round_threads.append(threading.current_thread())
        try:
            self.hold.wait(SIGNAL_MS / 1000)
            with self.lock:
                if self.unreachable:
                    self.offline = True
                    raise ServerUnreachable("The team server db.example cannot be reached; your changes wait here.")
                if self.wanted_password is not None and self.session_password != self.wanted_password:
                    said = (
                        "The team server asks for your password."
                        if self.session_password is None
                        else ("The team server refused that password; type it again.")
                    )
                    raise SyncPasswordNeeded(said, why=NO_KEYRING)
                self.offline = False
                report = replace(self.report, pushed=self.pending)
                self.pending = 0
                self.last_sync = WHEN
                return report
        finally:
            with self.lock:
                self.at_once -= 1

    def setup(self, url: str, password: str | None = None) -> SyncReport:
        self.hold.wait(SIGNAL_MS / 1000)
        with self.lock:
            self.set_up_with = (url, password)
            if self.setup_failure is not None:
                raise self.setup_failure
            self.url = url
            self.last_sync = WHEN
            return SyncReport(pulled=12)

    def set_session_password(self, password: str) -> None:
        with self.lock:
            self.session_password = password


class LedgerWithSync:
    """The opened ledger as the app will offer it: units of work, and `sync` (here the stand-in)."""

    def __init__(self, ledger: Ledger, sync: TeamServerStandIn):
        self.ledger = ledger
        self.sync = sync
        self.clock = ledger.clock

    def work(self, actor_id=None):  # type: ignore[no-untyped-def]
        return self.ledger.work(actor_id)

    def read(self):  # type: ignore[no-untyped-def]
        return self.ledger.read()

    def data_version(self) -> int:
        return self.ledger.data_version()
