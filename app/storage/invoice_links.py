"""Tying approved entries to the invoice that bills them, in bulk, with an audit row per entry.

A draft from a month of a team's time attaches thousands of entries; finalising, deleting the draft and
crediting the invoice move them all again. Each is one UPDATE ... RETURNING and one multi-row audit
INSERT (as storage/status_moves.py does for weeks), not an ORM round trip per entry.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable, Sequence
from datetime import date
from typing import Any

from sqlalchemy.orm import Session

from app.domain.invoice_drafting import BillableEntry
from app.domain.money import from_minor
from app.domain.task_log import EntryStatus
from app.storage.outbox import queue_bulk_updates
from app.storage.status_moves import ENTRIES, RECORD, forget_loaded
from app.storage.types import sqlite_instant

# Both read through ix_task_log_entries_uninvoiced (a partial index: SQLite uses it only when the query
# repeats its condition literally, hence 'approved' written out). "+org_id" keeps the planner off the
# organisation's date index, which would walk every entry of the period.
_ATTACH = (
    f"UPDATE {ENTRIES} SET invoice_id = ?, version = version + 1, updated_at = ? "
    "WHERE +org_id = ? AND project_id IN ({projects}) AND work_date BETWEEN ? AND ? AND status = 'approved' "
    "AND billable AND rate_minor IS NOT NULL AND invoice_id IS NULL AND deleted_at IS NULL "
    "RETURNING id, org_id, user_id, project_id, task_id, work_date, duration_seconds, rate_minor, rate_currency, note"
)
_MOVE = (
    f"UPDATE {ENTRIES} SET status = ?, invoice_id = ?, version = version + 1, updated_at = ? "
    "WHERE invoice_id = ? AND status = ? AND deleted_at IS NULL RETURNING id, org_id"
)
_UNPRICED = (
    f"SELECT count(*) FROM {ENTRIES} WHERE +org_id = ? AND project_id IN ({{projects}}) AND work_date BETWEEN ? AND ? "
    "AND status = 'approved' AND billable AND rate_minor IS NULL AND invoice_id IS NULL AND deleted_at IS NULL"
)


def attach(
    session: Session,
    org_id: uuid.UUID,
    project_ids: Sequence[uuid.UUID],
    first: date,
    last: date,
    invoice_id: uuid.UUID,
) -> list[BillableEntry]:
    """Attach the approved, billable, priced and unbilled entries of those projects and days to the invoice."""
    if not project_ids:
        return []
    session.flush()
    now = sqlite_instant(session.info["clock"].now())
    marks = ", ".join("?" for _ in project_ids)
    params = (invoice_id.hex, now, org_id.hex, *(p.hex for p in project_ids), first.isoformat(), last.isoformat())
    found = session.connection().exec_driver_sql(_ATTACH.format(projects=marks), params).all()
    _audit(session, now, [(row[0], row[1]) for row in found], {"invoice_id": None}, {"invoice_id": str(invoice_id)})
    # Thousands of entries share a few people, tasks, days and rates: each is converted once.
    ids, days, rates = _Memo(lambda hex_id: uuid.UUID(hex=hex_id)), _Memo(date.fromisoformat), _Memo(from_minor)
    return [
        BillableEntry(
            id=uuid.UUID(hex=entry_id),
            user_id=ids(user_id),
            project_id=ids(project_id),
            task_id=ids(task_id),
            work_date=days(work_date),
            seconds=seconds,
            rate=rates(rate_minor, rate_currency),
            note=note,
        )
        for entry_id, _, user_id, project_id, task_id, work_date, seconds, rate_minor, rate_currency, note in found
    ]


class _Memo(dict):
    """A function's results by argument, for a batch of rows that repeat the same few values."""

    def __init__(self, function: Callable[..., Any]):
        super().__init__()
        self.function = function

    def __call__(self, *key: Any) -> Any:
        found = self.get(key)
        if found is None:
            found = self[key] = self.function(*key)
        return found


def unpriced(session: Session, org_id: uuid.UUID, project_ids: Sequence[uuid.UUID], first: date, last: date) -> int:
    """How many approved billable entries in that selection have no rate, so cannot be invoiced."""
    if not project_ids:
        return 0
    marks = ", ".join("?" for _ in project_ids)
    params = (org_id.hex, *(p.hex for p in project_ids), first.isoformat(), last.isoformat())
    return session.connection().exec_driver_sql(_UNPRICED.format(projects=marks), params).scalar_one()


def move(session: Session, invoice_id: uuid.UUID, source: EntryStatus, target: EntryStatus, keep_link: bool) -> int:
    """Move the invoice's `source` entries to `target`; without `keep_link` they leave the invoice."""
    session.flush()
    now = sqlite_instant(session.info["clock"].now())
    link = invoice_id.hex if keep_link else None
    moved = session.connection().exec_driver_sql(_MOVE, (target.value, link, now, invoice_id.hex, source.value)).all()
    before = {"status": source.value, "invoice_id": str(invoice_id)}
    after = {"status": target.value, "invoice_id": str(invoice_id) if keep_link else None}
    _audit(session, now, moved, before, after)
    return len(moved)


def _queue_link_changes(session: Session, moved: Sequence[tuple[str, str]], before: dict, after: dict) -> None:
    """The team server learns which invoice holds each entry; the status follows by workflow operations."""
    if before.get("invoice_id") != after.get("invoice_id"):
        link = ("invoice_id",)
        base, changed = {k: before[k] for k in link}, {k: after[k] for k in link}
        queue_bulk_updates(session, ENTRIES, (entry_id for entry_id, _ in moved), base, changed)


def _dashed(hex_id: str) -> str:
    """str(uuid.UUID(hex=hex_id)) without building the UUID (10,000 of them per draft)."""
    return f"{hex_id[:8]}-{hex_id[8:12]}-{hex_id[12:16]}-{hex_id[16:20]}-{hex_id[20:]}"


def _audit(session: Session, now: str, moved: Sequence[tuple[str, str]], before: dict, after: dict) -> None:
    if not moved:
        return
    forget_loaded(session, {entry_id for entry_id, _ in moved})
    _queue_link_changes(session, moved, before, after)
    actor = session.info.get("actor_id")
    before_text, after_text = json.dumps(before), json.dumps(after)
    session.connection().exec_driver_sql(
        RECORD,
        [
            (
                org_id,
                now,
                None if actor is None else actor.hex,
                ENTRIES,
                _dashed(entry_id),
                before_text,
                after_text,
            )
            for entry_id, org_id in moved
        ],
    )
