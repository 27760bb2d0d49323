"""The sync outbox: every change that must reach the team server is queued in the transaction that makes it.

Row changes are queued by the writing session's `before_flush` hook (as `insert` or `update` operations
with the values before and after, see docs/sync.md); workflow steps (submit, approve, finalise…) are
queued by the services through `SyncOps`. Nothing is queued until sync is set up on this desktop: the
setting is read inside the write transaction, so a change can never slip between set-up and the queue.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterable
from typing import Any

from sqlalchemy import inspect, select
from sqlalchemy.orm import Session

from app.domain.ids import new_id
from app.storage.desktop_rows import LocalSettingRow, SyncOutboxRow
from app.storage.rows import Base, SyncedRow
from app.storage.types import sqlite_instant
from app.sync.wire import SERVER_COLUMNS, SYNCED_TABLES, WORKFLOW_COLUMNS, encode

SYNC_URL = "sync_url"
FINALISE_INVOICE = "finalise_invoice"
_ORDER = {name: position for position, name in enumerate(SYNCED_TABLES)}
_WORKFLOW_ONLY = "timesheets"
_SUBJECTS = {
    "timesheet_id": "timesheets",
    "invoice_id": "invoices",
}  # every column changes through workflow operations only


def syncing(session: Session) -> bool:
    """Whether this desktop sends its changes to a team server (read once per unit of work)."""
    known = session.info.get("syncing")
    if known is None:
        known = session.info["syncing"] = session.get(LocalSettingRow, SYNC_URL) is not None
    return known


def _row_values(row: SyncedRow) -> dict[str, Any]:
    return {
        attr.key: encode(getattr(row, attr.key))
        for attr in inspect(row).mapper.column_attrs
        if attr.key not in SERVER_COLUMNS
    }


def _changed_values(row: SyncedRow) -> tuple[dict[str, Any], dict[str, Any]]:
    skipped = SERVER_COLUMNS | WORKFLOW_COLUMNS.get(row.__tablename__, frozenset())
    base: dict[str, Any] = {}
    changed: dict[str, Any] = {}
    state = inspect(row)
    for attr in state.mapper.column_attrs:
        if attr.key in skipped:
            continue
        history = state.attrs[attr.key].history
        if history.has_changes():
            old = history.deleted[0] if history.deleted else None
            new = history.added[0] if history.added else None
            if old != new:
                base[attr.key], changed[attr.key] = encode(old), encode(new)
    return base, changed


def _queue(session: Session, op: str, entity: str | None, entity_id: uuid.UUID | None, payload: dict) -> None:
    session.add(
        SyncOutboxRow(
            op_id=new_id(),
            op=op,
            entity=entity,
            entity_id=entity_id,
            payload=payload,
            created_at=session.info["clock"].now(),
            state="pending",
        )
    )


def _synced(rows: Iterable[object]) -> list[SyncedRow]:
    found = [r for r in rows if isinstance(r, SyncedRow) and r.__tablename__ in _ORDER]
    return sorted((r for r in found if r.__tablename__ != _WORKFLOW_ONLY), key=lambda r: _ORDER[r.__tablename__])


def queue_row_changes(session: Session, _context: Any, _instances: Any) -> None:
    """`before_flush` hook of every writing session: queues what is about to be written, parents first."""
    new, dirty = _synced(session.new), _synced(session.dirty)
    if not (new or dirty) or not syncing(session):
        return
    for row in new:
        _queue(
            session,
            "insert",
            row.__tablename__,
            row.id,
            {"entity": row.__tablename__, "id": str(row.id), "row": _row_values(row)},
        )
    for row in dirty:
        if not session.is_modified(row):
            continue
        base, changed = _changed_values(row)
        if changed:
            payload = {"entity": row.__tablename__, "id": str(row.id), "base": base, "set": changed}
            _queue(session, "update", row.__tablename__, row.id, payload)


_INSERT = (
    "INSERT INTO sync_outbox (op_id, op, entity, entity_id, payload, created_at, state) "
    "VALUES (?, 'update', ?, ?, ?, ?, 'pending')"
)


def queue_bulk_updates(session: Session, entity: str, hex_ids: Iterable[str], base: dict, changed: dict) -> None:
    """Queue the same change of many rows written by one SQL statement (storage/invoice_links.py)."""
    if not syncing(session):
        return
    now = sqlite_instant(session.info["clock"].now())
    session.connection().exec_driver_sql(
        _INSERT,
        [
            (
                new_id().hex,
                entity,
                hex_id,
                json.dumps({"entity": entity, "id": str(uuid.UUID(hex=hex_id)), "base": base, "set": changed}),
                now,
            )
            for hex_id in hex_ids
        ],
    )


def queue_bulk_inserts(session: Session, entity: str, ids: list[uuid.UUID]) -> None:
    """Queue rows inserted by plain SQL (storage/bulk.py), read back as the server will get them."""
    if not ids or not syncing(session):
        return
    table = Base.metadata.tables[entity]
    columns = [c for c in table.c if c.key not in SERVER_COLUMNS]
    for found in session.execute(select(*columns).where(table.c.id.in_(ids))).mappings():
        values = {key: encode(value) for key, value in found.items()}
        _queue(session, "insert", entity, found["id"], {"entity": entity, "id": values["id"], "row": values})


class SyncOps:
    """Workflow operations for the team server, queued by the services in their own transaction."""

    def __init__(self, session: Session):
        self.session = session

    @property
    def active(self) -> bool:
        return syncing(self.session)

    def add(self, op: str, **fields: Any) -> None:
        """Queue `op` (see docs/sync.md) with its fields; nothing when sync is not set up. The timesheet or
        invoice it acts on is noted beside it, to name it in problems and to read it again if refused."""
        if syncing(self.session):
            self.session.flush()  # the rows the operation refers to are queued before it
            subject = next(((e, fields[k]) for k, e in _SUBJECTS.items() if k in fields), (None, None))
            _queue(self.session, op, *subject, {key: encode(value) for key, value in fields.items()})

    def finalising(self, invoice_id: uuid.UUID) -> bool:
        """Whether the invoice waits for the server to give it its number."""
        pending = select(SyncOutboxRow.payload).where(
            SyncOutboxRow.op == FINALISE_INVOICE, SyncOutboxRow.state == "pending"
        )
        return any(payload.get("invoice_id") == str(invoice_id) for payload in self.session.scalars(pending))
