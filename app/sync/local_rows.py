"""Rows from the team server written into the desktop's SQLite file as its own rows are stored.

The server formats each value exactly as SQLAlchemy keeps it in SQLite (ids as 32 hex digits, instants as
fixed-width UTC text, booleans as 0/1, JSON as text), so rows go from the wire into SQLite as they come,
with no conversion in Python: a first sync of 100,000 entries is one COPY-like stream and executemany.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Sequence
from typing import Any

from sqlalchemy import JSON, Boolean, Connection, Date, Table, Uuid, update

from app.storage.types import SQLITE_INSTANT_FORMAT, UtcDateTime
from app.sync.wire import WORKFLOW_COLUMNS, decode, table

# SQLite's strftime format, in PostgreSQL's to_char words.
_PG_INSTANT = "YYYY-MM-DD HH24:MI:SS.US"
assert SQLITE_INSTANT_FORMAT == "%Y-%m-%d %H:%M:%S.%f", "keep _PG_INSTANT in step with storage/types.py"


def _as_stored(column: Any) -> str:
    name = f'"{column.name}"'
    kind = column.type
    if isinstance(kind, Uuid):
        return f"replace({name}::text, '-', '')"
    if isinstance(kind, UtcDateTime):
        return f"to_char({name} AT TIME ZONE 'UTC', '{_PG_INSTANT}')"
    if isinstance(kind, Boolean):
        return f"{name}::int"
    if isinstance(kind, Date | JSON):
        return f"{name}::text"
    return name


def server_columns(t: Table) -> str:
    """The select list that reads `t` on the server in SQLite's storage format."""
    return ", ".join(_as_stored(c) for c in t.c)


def upsert_statement(t: Table) -> str:
    """INSERT OR REPLACE for SQLite taking a row tuple in `t`'s column order. REPLACE also clears a local row
    that holds the same unique key under another id (a week submitted from two desktops, a timer started on
    both): the server's row wins, and the local one's pending operation comes back refused, with its reason."""
    names = ", ".join(f'"{c.name}"' for c in t.c)
    marks = ", ".join("?" for _ in t.c)
    return f'INSERT OR REPLACE INTO "{t.name}" ({names}) VALUES ({marks})'


def write_rows(local: Connection, t: Table, rows: Sequence[tuple]) -> None:
    if rows:
        local.exec_driver_sql(upsert_statement(t), list(rows))


def restore_pending(
    local: Connection, entity: str, pending: dict[uuid.UUID, dict[str, Any]], hex_ids: Iterable[str]
) -> None:
    """Put back the values of local changes still waiting to be sent, over rows just pulled: the server hears
    of them (and answers) at the next push."""
    t = table(entity)
    for hex_id in hex_ids:
        mine = pending.get(uuid.UUID(hex=hex_id))
        if mine:
            values = {field: decode(entity, field, value) for field, value in mine.items()}
            local.execute(update(t).where(t.c.id == uuid.UUID(hex=hex_id)).values(**values))


def pending_fields(local: Connection) -> dict[str, dict[uuid.UUID, dict[str, Any]]]:
    """Per table and row, the fields local operations still waiting to be sent change, with their values."""
    found: dict[str, dict[uuid.UUID, dict[str, Any]]] = {}
    outbox = table("sync_outbox")
    rows = local.execute(
        outbox.select()
        .with_only_columns(outbox.c.entity, outbox.c.entity_id, outbox.c.op, outbox.c.payload)
        .where(outbox.c.state == "pending", outbox.c.op.in_(("insert", "update")))
        .order_by(outbox.c.seq)
    )
    for entity, entity_id, op, payload in rows:
        fields = payload["row"] if op == "insert" else payload["set"]
        kept = {k: v for k, v in fields.items() if k not in WORKFLOW_COLUMNS.get(entity, ())}  # the server's, always
        found.setdefault(entity, {}).setdefault(entity_id, {}).update(kept)
    return found
