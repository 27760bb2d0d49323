"""Push: the outbox sent to the team server in batches, and its answers settled on the desktop.

Each batch is one call of `tl_push` (its own server transaction). An answer lost on the way (the connection
dropped after the server committed) leaves the ops pending here; sending them again returns the stored
answers and changes nothing on the server, so every op takes effect exactly once.
"""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from sqlalchemy import Connection

from app.storage.database import Database
from app.sync.pull import refetch, refetch_week

BATCH_OPS = 1000
WEEK_OPS = frozenset({"submit_week", "approve", "reject", "reopen"})
_PENDING = (
    "SELECT seq, op_id, op, entity, entity_id, payload FROM sync_outbox WHERE state = 'pending' ORDER BY seq LIMIT ?"
)
_PROBLEM = (
    "INSERT INTO sync_problems (kind, op_id, op, entity, entity_id, field, mine, server, reason, at) "
    "SELECT ?, ?, ?, ?, ?, ?, ?, ?, ?, ? WHERE NOT EXISTS "
    "(SELECT 1 FROM sync_problems WHERE op_id = ? AND coalesce(field, '') = coalesce(?, ''))"
)


@dataclass
class Pushed:
    sent: int = 0
    refused: int = 0
    conflicts: int = 0


@dataclass(frozen=True)
class _Op:
    seq: int
    op_id: str  # 32 hex digits, as stored
    op: str
    entity: str | None
    entity_id: str | None
    payload: dict[str, Any]

    @property
    def uuid(self) -> str:
        return str(uuid.UUID(hex=self.op_id))

    def wire(self) -> dict[str, Any]:
        return {**self.payload, "op_id": self.uuid, "op": self.op}


def _pending(db: Database, limit: int) -> list[_Op]:
    with db.engine.connect() as local:
        rows = local.exec_driver_sql(_PENDING, (limit,)).all()
        local.rollback()
    return [
        _Op(seq, op_id, op, entity, entity_id, json.loads(payload))
        for seq, op_id, op, entity, entity_id, payload in rows
    ]


def push(server: Any, db: Database, now: str) -> Pushed:
    """Send every pending op, oldest first; `now` stamps the problems recorded."""
    from psycopg.types.json import Jsonb

    done = Pushed()
    while batch := _pending(db, BATCH_OPS):
        answers = server.execute("SELECT tl_push(%s)", (Jsonb([op.wire() for op in batch]),)).fetchone()[0]
        by_id = {answer["op_id"]: answer for answer in answers}
        with db.engine.execution_options(sqlite_foreign_keys=False).begin() as local:
            for op in batch:
                answer = by_id.get(op.uuid)
                if answer is not None:
                    _settle(server, local, op, answer, now, done)
        if len(batch) < BATCH_OPS:
            break
    return done


def _record(
    local: Connection, kind: str, op: _Op, field: str | None, mine: Any, theirs: Any, reason: str, now: str
) -> None:
    mine_text, theirs_text = json.dumps(mine), json.dumps(theirs)
    values = (kind, op.op_id, op.op, op.entity, op.entity_id, field, mine_text, theirs_text, reason, now)
    local.exec_driver_sql(_PROBLEM, (*values, op.op_id, field))


def _settle(server: Any, local: Connection, op: _Op, answer: dict[str, Any], now: str, done: Pushed) -> None:
    if answer.get("status") == "refused":
        done.refused += 1
        local.exec_driver_sql("UPDATE sync_outbox SET state = 'refused' WHERE seq = ?", (op.seq,))
        mine = op.payload.get("set") or op.payload.get("row") or {k: v for k, v in op.payload.items() if k != "entity"}
        _record(local, "refused", op, None, mine, None, answer.get("reason") or "The server refused this change.", now)
        _take_server_version(server, local, op)
        return
    done.sent += 1
    local.exec_driver_sql("DELETE FROM sync_outbox WHERE seq = ?", (op.seq,))
    conflicts = answer.get("conflicts") or []
    for conflict in conflicts:
        done.conflicts += 1
        reason = "Changed on this desktop and on the server since they last agreed."
        _record(local, "conflict", op, conflict["field"], conflict.get("mine"), conflict.get("server"), reason, now)
    if conflicts:
        _take_server_version(server, local, op)


def _take_server_version(server: Any, local: Connection, op: _Op) -> None:
    """The local copy returns to the server's version of what the op touched."""
    if op.op in WEEK_OPS:
        sheet_id = uuid.UUID(op.payload["timesheet_id"])
        found = local.exec_driver_sql(
            "SELECT user_id, week_start FROM timesheets WHERE id = ?", (sheet_id.hex,)
        ).first()
        if found is not None:
            first = date.fromisoformat(found[1])
            refetch_week(server, local, sheet_id, found[0], first.isoformat(), (first + timedelta(days=6)).isoformat())
    elif op.op == "finalise_invoice":
        refetch(server, local, "invoices", [uuid.UUID(op.payload["invoice_id"])])
    elif op.entity is not None and op.entity_id is not None:
        row_id = uuid.UUID(hex=op.entity_id)
        if refetch(server, local, op.entity, [row_id]) and op.op == "insert":
            # The server never took this row: it is gone here too (the problem keeps what it held).
            local.exec_driver_sql(f'DELETE FROM "{op.entity}" WHERE id = ?', (op.entity_id,))
