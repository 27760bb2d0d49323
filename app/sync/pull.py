"""Pull: the rows changed on the team server since this desktop last looked, written into its SQLite file.

The cursor is a transaction id (xid8). One pull reads, in one REPEATABLE READ snapshot, the rows the change
log names for transactions in [cursor, horizon), where the horizon is the oldest transaction still running in
the team's database: every transaction below it has ended, every later one will get a larger id, so no commit
is ever skipped however transactions interleave (docs/sync.md). Row-level security decides which rows come back.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection

from app.sync.local_rows import pending_fields, restore_pending, server_columns, write_rows
from app.sync.wire import SYNCED_TABLES, table

FETCH_ROWS = 5000


@dataclass(frozen=True)
class Pulled:
    rows: int
    cursor: str


def _stream(server: Any, sql: str, params: tuple) -> Iterable[list[tuple]]:
    with server.cursor() as cursor:
        cursor.execute(sql, params)
        while batch := cursor.fetchmany(FETCH_ROWS):
            yield batch


def _copy_rows(server: Any, local: Connection, name: str, where: str, params: tuple, pending: dict) -> int:
    t = table(name)
    count = 0
    mine = pending.get(name, {})
    for batch in _stream(server, f'SELECT {server_columns(t)} FROM "{name}" {where}', params):
        write_rows(local, t, batch)
        count += len(batch)
        if mine:
            restore_pending(local, name, mine, (row[0] for row in batch if uuid.UUID(hex=row[0]) in mine))
    return count


def pull(server: Any, local: Connection, cursor: str | None) -> Pulled:
    """Bring every row changed since `cursor` (everything visible when None) into the local transaction
    `local`; returns how many rows came and the new cursor. The caller commits both together."""
    pending = pending_fields(local)
    server.execute("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
    try:
        # The oldest transaction still running in this database (tl_pull_horizon in 20_change_log.sql): others
        # on the same server cannot write its change log, so they do not hold pulls back.
        upper = server.execute("SELECT tl_pull_horizon()::text").fetchone()[0]
        count = 0
        for name in SYNCED_TABLES:
            if cursor is None:
                count += _copy_rows(server, local, name, "", (), pending)
            else:
                where = (
                    "WHERE id IN (SELECT row_id FROM tl_change_log WHERE tbl = %s "
                    "AND xid >= %s::xid8 AND xid < %s::xid8)"
                )
                count += _copy_rows(server, local, name, where, (name, cursor, upper), pending)
    finally:
        server.execute("COMMIT")
    return Pulled(count, upper)


def refetch(server: Any, local: Connection, entity: str, ids: Iterable[uuid.UUID]) -> set[uuid.UUID]:
    """Read these rows again from the server (after a refusal or conflict); returns the ids it no longer has
    for this person (never reached it, or not theirs to see)."""
    wanted = list(dict.fromkeys(ids))
    if not wanted:
        return set()
    pending = pending_fields(local)
    t = table(entity)
    rows = server.execute(
        f'SELECT {server_columns(t)} FROM "{entity}" WHERE id = ANY(%s)', ([str(i) for i in wanted],)
    ).fetchall()
    write_rows(local, t, rows)
    restore_pending(local, entity, pending.get(entity, {}), (row[0] for row in rows))
    found = {uuid.UUID(hex=row[0]) for row in rows}
    return set(wanted) - found


def refetch_week(server: Any, local: Connection, timesheet_id: uuid.UUID, user_hex: str, first: str, last: str) -> None:
    """A week whose workflow step the server refused: its timesheet and its entries as the server has them."""
    gone = refetch(server, local, "timesheets", [timesheet_id])
    if gone:  # never submitted on the server: the local timesheet was only this desktop's idea
        local.exec_driver_sql('DELETE FROM "timesheets" WHERE id = ?', (timesheet_id.hex,))
    t = table("task_log_entries")
    rows = server.execute(
        f'SELECT {server_columns(t)} FROM "task_log_entries" WHERE user_id = %s AND work_date BETWEEN %s AND %s',
        (str(uuid.UUID(hex=user_hex)), first, last),
    ).fetchall()
    write_rows(local, t, rows)
    restore_pending(local, "task_log_entries", pending_fields(local).get("task_log_entries", {}), (r[0] for r in rows))
