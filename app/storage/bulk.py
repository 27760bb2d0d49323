"""Bulk import of task-log entries: many rows per statement, stored exactly as the ORM stores them.

Importing history (another tool's export, a year of timesheets, the benchmark organisation) one ORM
object at a time costs a flush, an audit snapshot and an identity-map entry per row. Here the rows go
in with `executemany` inside the caller's unit of work, while the app's rules still hold:

- each row is what `SqlRepository.add` would write: ids as 32-digit hex (SQLAlchemy's `Uuid` on
  SQLite), instants via `sqlite_instant`, dates in ISO form, booleans as 0/1, version 1 and
  `updated_at` from the unit of work's clock (tests/integration/test_bulk_import.py proves it);
- the entry rules are checked for the whole import before anything is written: timed entries of a
  user may not overlap each other or entries already stored, and no day may hold more than 24 hours
  (references and the CHECK constraints are enforced by the database itself);
- the audit log gets one "import" record per batch of at most `BATCH_SIZE` entries, naming every id
  in it (not a full snapshot per row, which would be ~600 bytes per entry; an id is ~39).

Nothing is committed here: the caller commits the unit of work, or leaving it rolls everything back.
"""

from __future__ import annotations

import uuid
from collections import defaultdict
from collections.abc import Iterator, Sequence
from datetime import date, datetime, timedelta
from typing import Any

from moneyed import Money

from app.domain import money
from app.domain.task_log import MAX_DAY, TaskLogEntry, check_day_total, check_no_clash
from app.storage.audit import audit_entry
from app.storage.outbox import queue_bulk_inserts
from app.storage.rows import TaskLogEntryRow
from app.storage.types import sqlite_instant
from app.storage.unit_of_work import SqlUnitOfWork

BATCH_SIZE = 5_000
TABLE = TaskLogEntryRow.__tablename__

# In the order of the tuples built by `_row`.
COLUMNS = (
    "id",
    "org_id",
    "version",
    "updated_at",
    "deleted_at",
    "user_id",
    "project_id",
    "task_id",
    "work_date",
    "started_at",
    "ended_at",
    "duration_seconds",
    "note",
    "billable",
    "status",
    "rate_minor",
    "rate_currency",
    "rate_source",
    "cap_override_by",
    "cap_override_reason",
    "invoice_id",
)
INSERT = f"INSERT INTO {TABLE} ({', '.join(COLUMNS)}) VALUES ({', '.join('?' * len(COLUMNS))})"


def import_entries(uow: SqlUnitOfWork, entries: Sequence[TaskLogEntry], batch_size: int = BATCH_SIZE) -> int:
    """Check and insert `entries` in the unit of work's transaction; returns how many were written.

    Raises the domain's RuleViolation (entry_overlaps, day_over_24_hours) before writing anything.
    """
    if not entries:
        return 0
    check_entry_rules(uow, entries)
    connection = uow.session.connection()
    row = _RowBuilder(sqlite_instant(uow.clock.now()))
    for batch in _batches(entries, batch_size):
        connection.exec_driver_sql(INSERT, [row(entry) for entry in batch])
        uow.session.add(_audit(uow, batch))
        queue_bulk_inserts(uow.session, TABLE, [entry.id for entry in batch])
        uow.session.flush()
        for entry in batch:
            entry.version = 1
    return len(entries)


def check_entry_rules(uow: SqlUnitOfWork, entries: Sequence[TaskLogEntry]) -> None:
    """The task-log rules over the import and what is stored near it: no overlaps, no day above 24 h."""
    tz = _time_zone(uow, entries[0].org_id)
    by_user: dict[uuid.UUID, list[TaskLogEntry]] = defaultdict(list)
    for entry in entries:
        by_user[entry.user_id].append(entry)
    for user_id, mine in by_user.items():
        days = [entry.work_date for entry in mine]
        first, last = min(days), max(days)
        # Stored entries from a day either side can reach into the imported days (entries last <= 24 h).
        stored = uow.entries.of_user_between(user_id, first - timedelta(days=1), last + timedelta(days=1))
        together = [*stored, *mine] if stored else mine
        _check_no_overlap(together, tz)
        _check_day_totals(together)


def _check_no_overlap(entries: list[TaskLogEntry], tz: str) -> None:
    """One sweep over one user's timed entries in start order: each must start after all before it end."""
    timed = sorted((e for e in entries if e.started_at is not None), key=_start)
    latest: TaskLogEntry | None = None
    for entry in timed:
        if latest is not None and entry.started_at < latest.ended_at:  # type: ignore[operator]
            check_no_clash(entry, [latest], tz)  # raises with the domain's sentence
        if latest is None or entry.ended_at > latest.ended_at:  # type: ignore[operator]
            latest = entry


def _check_day_totals(entries: list[TaskLogEntry]) -> None:
    totals: dict[date, int] = defaultdict(int)
    for entry in entries:
        totals[entry.work_date] += entry.duration.seconds
    for day, seconds in totals.items():
        if seconds > MAX_DAY.seconds:
            on_day = [e for e in entries if e.work_date == day]
            check_day_total(on_day[-1], on_day[:-1])  # raises with the domain's sentence


def _start(entry: TaskLogEntry) -> datetime:
    return entry.started_at  # type: ignore[return-value]


def _time_zone(uow: SqlUnitOfWork, org_id: uuid.UUID) -> str:
    """The organisation's zone, for naming local times in a refusal."""
    org = uow.organisations.get(org_id)
    return "UTC" if org is None else org.time_zone


def _batches(entries: Sequence[TaskLogEntry], size: int) -> Iterator[Sequence[TaskLogEntry]]:
    for start in range(0, len(entries), size):
        yield entries[start : start + size]


def _audit(uow: SqlUnitOfWork, batch: Sequence[TaskLogEntry]) -> Any:
    """One record for the batch: how many entries, which ids, which days and how much time."""
    days = [entry.work_date for entry in batch]
    summary = {
        "count": len(batch),
        "ids": [str(entry.id) for entry in batch],
        "first_work_date": min(days).isoformat(),
        "last_work_date": max(days).isoformat(),
        "duration_seconds": sum(entry.duration.seconds for entry in batch),
    }
    return audit_entry(
        uow.session,
        None,
        org_id=batch[0].org_id,
        entity=TABLE,
        entity_id=str(batch[0].id),
        action="import",
        before=None,
        after=summary,
    )


class _RowBuilder:
    """Turns an entry into its row tuple; caches the conversions that repeat across many entries."""

    def __init__(self, updated_at: str):
        self.updated_at = updated_at
        self.hex: dict[uuid.UUID, str] = {}
        self.rates: dict[Money, tuple[int, str]] = {}

    def _hex(self, value: uuid.UUID) -> str:
        found = self.hex.get(value)
        if found is None:
            found = self.hex[value] = value.hex
        return found

    def _rate(self, rate: Money) -> tuple[int, str]:
        found = self.rates.get(rate)
        if found is None:
            found = self.rates[rate] = (money.to_minor(rate), rate.currency.code)
        return found

    def __call__(self, e: TaskLogEntry) -> tuple[Any, ...]:
        rate_minor, rate_currency = (None, None) if e.rate is None else self._rate(e.rate)
        return (
            e.id.hex,
            self._hex(e.org_id),
            1,
            self.updated_at,
            None,
            self._hex(e.user_id),
            self._hex(e.project_id),
            self._hex(e.task_id),
            e.work_date.isoformat(),
            _instant(e.started_at),
            _instant(e.ended_at),
            e.duration.seconds,
            e.note,
            1 if e.billable else 0,
            e.status.value,
            rate_minor,
            rate_currency,
            None if e.rate_source is None else e.rate_source.value,
            None if e.cap_override_by is None else self._hex(e.cap_override_by),
            e.cap_override_reason,
            None if e.invoice_id is None else self._hex(e.invoice_id),
        )


def _instant(value: datetime | None) -> str | None:
    if value is None:
        return None
    if value.tzinfo is None:  # as UtcDateTime refuses it: a naive time would be stored as local time
        raise ValueError("naive datetime given to a UTC column")
    return sqlite_instant(value)
