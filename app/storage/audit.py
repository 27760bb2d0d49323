"""The audit trail: every flushed change to a business row is recorded in the same transaction."""

from __future__ import annotations

import hashlib
import uuid
from datetime import date, datetime
from typing import Any

from sqlalchemy import inspect
from sqlalchemy.orm import Session

from app.storage.desktop_rows import AuditRow
from app.storage.rows import SyncedRow

AUDIT_IGNORED = {"version", "updated_at"}


def _json(value: Any) -> Any:
    if isinstance(value, bytes):  # a logo: its size and digest tell what changed, the image stays in its row
        return {"bytes": len(value), "sha256": hashlib.sha256(value).hexdigest()}
    if isinstance(value, uuid.UUID):
        return str(value)
    if isinstance(value, datetime | date):
        return value.isoformat()
    return value


def _snapshot(row: SyncedRow) -> dict[str, Any]:
    return {c.key: _json(getattr(row, c.key)) for c in inspect(row).mapper.column_attrs if c.key not in AUDIT_IGNORED}


def _changes(row: SyncedRow) -> tuple[dict[str, Any], dict[str, Any]]:
    before: dict[str, Any] = {}
    after: dict[str, Any] = {}
    state = inspect(row)
    for attr in state.mapper.column_attrs:
        if attr.key in AUDIT_IGNORED:
            continue
        history = state.attrs[attr.key].history
        if history.has_changes():
            old = history.deleted[0] if history.deleted else None
            new = history.added[0] if history.added else None
            if old != new:
                before[attr.key] = _json(old)
                after[attr.key] = _json(new)
    return before, after


def audit_entry(session: Session, row: SyncedRow | None, **fields: Any) -> AuditRow:
    """An audit row stamped with the session's actor and clock."""
    return AuditRow(
        at=session.info["clock"].now(),
        actor_id=session.info.get("actor_id"),
        org_id=fields.pop("org_id", row.org_id if row is not None else None),
        **fields,
    )


def _record_audit(session: Session, row: SyncedRow, action: str, before: dict | None, after: dict) -> None:
    session.add(
        audit_entry(
            session, row, entity=row.__tablename__, entity_id=str(row.id), action=action, before=before, after=after
        )
    )


def record_changes(session: Session, _context: Any, _instances: Any) -> None:
    """`before_flush` hook of every writing session: adds the audit rows for what is about to change."""
    for row in list(session.new):
        if isinstance(row, SyncedRow):
            _record_audit(session, row, "create", None, _snapshot(row))
    for row in list(session.dirty):
        if isinstance(row, SyncedRow) and session.is_modified(row):
            before, after = _changes(row)
            if after:
                deleted = after.get("deleted_at") and not before.get("deleted_at")
                _record_audit(session, row, "delete" if deleted else "update", before, after)
