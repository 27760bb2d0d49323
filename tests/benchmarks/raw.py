"""The raw sqlite3 baseline: the same file, the same pragmas, hand-written SQL and no layers at all."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from app.domain.task_log import TaskLogEntry

INSTANT = "%Y-%m-%d %H:%M:%S.%f"

ENTRY_COLUMNS = (
    "id, org_id, version, updated_at, deleted_at, user_id, project_id, task_id, work_date, started_at, "
    "ended_at, duration_seconds, note, billable, status, rate_minor, rate_currency, rate_source"
)
INSERT_ENTRY = f"INSERT INTO task_log_entries ({ENTRY_COLUMNS}) VALUES ({', '.join('?' * 18)})"


def connect(path: Path) -> sqlite3.Connection:
    """What the app's engine sets on every connection: WAL, full fsync, foreign keys, busy timeout."""
    connection = sqlite3.connect(path, isolation_level=None)
    connection.execute("PRAGMA busy_timeout = 5000")
    connection.execute("PRAGMA foreign_keys = ON")
    connection.execute("PRAGMA journal_mode = WAL")
    connection.execute("PRAGMA synchronous = FULL")
    return connection


def instant(value: datetime | None) -> str | None:
    return None if value is None else value.astimezone(UTC).strftime(INSTANT)


def entry_row(e: TaskLogEntry, updated_at: str) -> tuple[Any, ...]:
    """The entry as a tuple for INSERT_ENTRY: the plain conversion a hand-written import would do."""
    rate = e.rate
    return (
        e.id.hex,
        e.org_id.hex,
        1,
        updated_at,
        None,
        e.user_id.hex,
        e.project_id.hex,
        e.task_id.hex,
        e.work_date.isoformat(),
        instant(e.started_at),
        instant(e.ended_at),
        e.duration.seconds,
        e.note,
        int(e.billable),
        e.status.value,
        None if rate is None else int(rate.amount * 100),
        None if rate is None else rate.currency.code,
        None if e.rate_source is None else e.rate_source.value,
    )
