"""Moving a week of entries from one status to another in one statement, with an audit row per entry.

Submitting, approving, rejecting and reopening move every entry of a user's week at once; bulk approval
does it for hundreds of weeks. Through the ORM that is a load, a dirty check, an UPDATE and an audit
snapshot per entry; here it is one UPDATE ... RETURNING and one multi-row INSERT into the audit log,
written as the ORM writes them (ids as 32-digit hex, instants via sqlite_instant, like storage/bulk.py)
and saying what the ORM's audit hook would: the status before and after, who and when.
"""

from __future__ import annotations

import json
import uuid
from datetime import date

from sqlalchemy.orm import Session

from app.domain.task_log import EntryStatus
from app.storage.desktop_rows import AuditRow
from app.storage.rows import TaskLogEntryRow
from app.storage.types import sqlite_instant

ENTRIES, AUDIT = TaskLogEntryRow.__tablename__, AuditRow.__tablename__
MOVE = (
    f"UPDATE {ENTRIES} SET status = ?, version = version + 1, updated_at = ? "
    "WHERE user_id = ? AND work_date BETWEEN ? AND ? AND status = ? AND deleted_at IS NULL RETURNING id, org_id"
)
RECORD = (
    f"INSERT INTO {AUDIT} (org_id, at, actor_id, entity, entity_id, action, before, after) "
    "VALUES (?, ?, ?, ?, ?, 'update', ?, ?)"
)


def move_status(
    session: Session, user_id: uuid.UUID, first: date, last: date, source: EntryStatus, target: EntryStatus
) -> int:
    session.flush()  # the UPDATE must see every change made so far in this unit of work
    now = sqlite_instant(session.info["clock"].now())
    connection = session.connection()
    moved = connection.exec_driver_sql(
        MOVE, (target.value, now, user_id.hex, first.isoformat(), last.isoformat(), source.value)
    ).all()
    if not moved:
        return 0
    forget_loaded(session, {entry_id for entry_id, _ in moved})
    actor = session.info.get("actor_id")
    before, after = json.dumps({"status": source.value}), json.dumps({"status": target.value})
    connection.exec_driver_sql(
        RECORD,
        [
            (org_id, now, None if actor is None else actor.hex, ENTRIES, str(uuid.UUID(hex=entry_id)), before, after)
            for entry_id, org_id in moved
        ],
    )
    return len(moved)


def forget_loaded(session: Session, hex_ids: set[str]) -> None:
    """Rows of moved entries (ids as stored: 32 hex digits) already loaded in this unit of work are read
    again when next used."""
    for row in list(session.identity_map.values()):
        if isinstance(row, TaskLogEntryRow) and row.id.hex in hex_ids:
            session.expire(row)
