"""What travels between a desktop and the team server: which tables sync, in which order, and how values
are written in operations (as PostgreSQL's jsonb_populate_record reads them)."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Any

from sqlalchemy import Date, LargeBinary, Table, Uuid

from app.storage.rows import Base, SyncedRow
from app.storage.types import UtcDateTime

# Parents before children, so rows arrive after the rows they point at.
SYNCED_TABLES: tuple[str, ...] = (
    "organisations",
    "users",
    "invoice_templates",
    "clients",
    "projects",
    "tasks",
    "milestones",
    "assignments",
    "rates",
    "invoices",
    "quotes",
    "invoice_lines",
    "quote_lines",
    "payments",
    "running_timers",
    "task_log_entries",
    "attendance_sessions",
    "attendance_breaks",
    "timesheets",
    "blocked_attempts",
)

# Columns that only workflow operations change (on the server, in checked functions): row operations
# never carry them, and pulled rows always bring the server's value.
WORKFLOW_COLUMNS: dict[str, frozenset[str]] = {
    "task_log_entries": frozenset({"status"}),
    "timesheets": frozenset(
        {"user_id", "week_start", "status", "submitted_at", "decided_at", "decided_by", "reason", "org_id"}
    ),
    "invoices": frozenset({"number", "issue_date", "due_date", "finalised_at", "bill_to"}),
}

# Columns the server keeps for itself: a desktop's clock or counter decides nothing.
SERVER_COLUMNS = frozenset({"version", "updated_at"})


def table(name: str) -> Table:
    return Base.metadata.tables[name]


def synced_tables() -> list[Table]:
    return [table(name) for name in SYNCED_TABLES]


def is_synced(row: object) -> bool:
    return isinstance(row, SyncedRow) and row.__tablename__ in SYNCED_TABLES


def encode(value: Any) -> Any:
    """A column value as JSON the server reads back into the column's type."""
    if isinstance(value, uuid.UUID):
        return str(value)
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, bytes | bytearray | memoryview):
        return "\\x" + bytes(value).hex()
    return value


def decode(table_name: str, column: str, value: Any) -> Any:
    """A JSON value (from an operation or the server's answer) as the Python value of that column."""
    if value is None:
        return None
    kind = table(table_name).c[column].type
    if isinstance(kind, Uuid):
        return uuid.UUID(str(value))
    if isinstance(kind, UtcDateTime):
        return datetime.fromisoformat(value)
    if isinstance(kind, Date):
        return date.fromisoformat(value)
    if isinstance(kind, LargeBinary):
        return bytes.fromhex(value.removeprefix("\\x"))
    return value
