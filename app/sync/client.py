"""This desktop's link to the team server: set-up, one sync round, its status and its problems (a SyncPort)."""

from __future__ import annotations

import json
import uuid
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Connection

from app import passwords
from app.domain.clock import Clock
from app.domain.errors import refuse
from app.domain.ids import new_id
from app.services.identity import CURRENT_USER
from app.services.sync_status import (
    ServerUnreachable,
    SyncPasswordNeeded,
    SyncProblem,
    SyncReport,
    SyncState,
    SyncStatus,
)
from app.storage.database import Database
from app.storage.outbox import SYNC_URL
from app.storage.types import sqlite_instant
from app.sync import connection
from app.sync.problem_labels import label
from app.sync.pull import pull
from app.sync.push import push
from app.sync.wire import decode, table

CURSOR, LAST_SYNC, LAST_ERROR = "sync_cursor", "sync_last", "sync_error"
QUIET_ROUNDS_WRITE_EVERY = timedelta(minutes=10)
# A JSON column has numeric affinity in SQLite: the text "10800" comes back as the number 10800. Read as text.
_JSON_TEXT = "CAST(mine AS TEXT), CAST(server AS TEXT)"


class SyncClient:
    """Sync for one opened ledger (see docs/sync.md); every method opens its own connections."""

    def __init__(self, db: Database, clock: Clock):
        self.db = db
        self.clock = clock

    # -- local settings (plain SQL: sync writes never queue ops of their own)

    def _settings(self, local: Connection) -> dict[str, str]:
        return dict(local.exec_driver_sql("SELECT key, value FROM local_settings WHERE key LIKE 'sync%'").all())

    def _put(self, local: Connection, **values: str | None) -> None:
        for key, value in values.items():
            if value is None:
                local.exec_driver_sql("DELETE FROM local_settings WHERE key = ?", (key,))
            else:
                local.exec_driver_sql(
                    "INSERT INTO local_settings (key, value) VALUES (?, ?) "
                    "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                    (key, value),
                )

    def _writing(self) -> Any:
        # Pulled rows may point at rows this person cannot see (an entry's invoice): no foreign-key checks.
        return self.db.engine.execution_options(sqlite_foreign_keys=False).begin()

    def _now(self) -> str:
        return sqlite_instant(self.clock.now())

    # -- SyncPort

    def status(self) -> SyncStatus:
        with self.db.engine.connect() as local:
            settings = self._settings(local)
            pending = local.exec_driver_sql("SELECT count(*) FROM sync_outbox WHERE state = 'pending'").scalar_one()
            open_problems = dict(
                local.exec_driver_sql(
                    "SELECT kind, count(*) FROM sync_problems WHERE resolved_at IS NULL GROUP BY kind"
                ).all()
            )
            local.rollback()
        url = settings.get(SYNC_URL)
        conflicts, refused = open_problems.get("conflict", 0), open_problems.get("refused", 0)
        error = settings.get(LAST_ERROR, "")
        if url is None:
            state = SyncState.OFF
        elif conflicts or refused:
            state = SyncState.ATTENTION
        elif error:
            state = SyncState.OFFLINE
        elif pending:
            state = SyncState.PENDING
        else:
            state = SyncState.SYNCED
        last = settings.get(LAST_SYNC)
        return SyncStatus(
            state,
            pending=pending,
            conflicts=conflicts,
            rejected=refused,
            last_sync=datetime.fromisoformat(last) if last else None,
            server=url or "",
            message=error,
        )

    def set_session_password(self, password: str) -> None:
        url = self._url()
        if url is not None:
            passwords.remember(connection.KEYRING_SERVICE, url, password)

    def _url(self) -> str | None:
        with self.db.engine.connect() as local:
            found = self._settings(local).get(SYNC_URL)
            local.rollback()
        return found

    def setup(self, url: str, password: str | None = None) -> SyncReport:
        """Link this desktop to the server as the person of `url`: their organisation, their user and what they
        may see come down; from then on every change is queued for the server."""
        address, given = connection.split_password(url)
        password = password if password is not None else given
        server = connection.connect(address, password)
        try:
            me = server.execute("SELECT user_id, org_id FROM tl_me()").fetchone()
            if me is None or me[0] is None:
                raise refuse(
                    "not_a_team_member",
                    f"The server at {address} does not know this login as a Timeledger user; ask your admin to run "
                    "`timeledger server add-user` for you.",
                )
            user_id, org_id = me
            with self._writing() as local:
                self._check_same_organisation(local, org_id)
                pulled = pull(server, local, None)
                self._put(
                    local,
                    **{
                        SYNC_URL: address,
                        CURSOR: pulled.cursor,
                        LAST_SYNC: self.clock.now().isoformat(),
                        LAST_ERROR: None,
                        CURRENT_USER: str(user_id),
                    },
                )
        except ServerUnreachable:
            raise
        except _server_errors() as error:
            raise ServerUnreachable(f"The team server at {address} stopped answering: {_first_line(error)}") from error
        finally:
            server.close()
        warning = passwords.remember(connection.KEYRING_SERVICE, address, password) if password else ""
        return SyncReport(pulled=pulled.rows, problems=(warning,) if warning else ())

    def _check_same_organisation(self, local: Connection, org_id: uuid.UUID) -> None:
        found = local.exec_driver_sql("SELECT id, name FROM organisations WHERE deleted_at IS NULL").all()
        others = [name for hex_id, name in found if uuid.UUID(hex=hex_id) != org_id]
        if others:
            raise refuse(
                "other_organisation",
                f"This database holds the organisation {others[0]}, not the team's; set up sync on a new database "
                "(timeledger --db NEW-FILE sync setup ...).",
            )

    def run_once(self) -> SyncReport:
        """One round: push what waits, settle the answers, pull what changed. Raises ServerUnreachable (and
        remembers the sentence for the status) when the server cannot be reached; nothing is lost."""
        url = self._url()
        if url is None:
            raise refuse("sync_not_set_up", "Sync is not set up here; run `timeledger sync setup --url ...` first.")
        try:
            server = connection.connect(url)
            try:
                pushed = push(server, self.db, self._now())
                with self._writing() as local:
                    settings = self._settings(local)
                    pulled = pull(server, local, settings.get(CURSOR))
                    if pushed.sent or pushed.refused or pulled.rows or self._stale(settings):
                        # A round that moved nothing writes nothing, so open windows need not re-read.
                        now = self.clock.now().isoformat()
                        self._put(local, **{CURSOR: pulled.cursor, LAST_SYNC: now, LAST_ERROR: None})
            finally:
                server.close()
        except (ServerUnreachable, SyncPasswordNeeded) as error:
            self._remember_error(str(error))
            raise
        except _server_errors() as error:
            message = f"The team server at {url} stopped answering: {_first_line(error)}"
            self._remember_error(message)
            raise ServerUnreachable(message) from error
        return SyncReport(pushed=pushed.sent, refused=pushed.refused, conflicts=pushed.conflicts, pulled=pulled.rows)

    def _stale(self, settings: dict[str, str]) -> bool:
        """Whether the stored cursor and last-sync time are old enough to be written even after a quiet round."""
        last = settings.get(LAST_SYNC)
        if last is None or settings.get(LAST_ERROR):
            return True
        return self.clock.now() - datetime.fromisoformat(last) > QUIET_ROUNDS_WRITE_EVERY

    def _remember_error(self, message: str) -> None:
        with self.db.engine.begin() as local:
            if self._settings(local).get(LAST_ERROR) != message:
                self._put(local, **{LAST_ERROR: message})

    def problems(self) -> list[SyncProblem]:
        with self.db.engine.connect() as local:
            rows = local.exec_driver_sql(
                f"SELECT id, kind, op, entity, entity_id, field, {_JSON_TEXT}, reason, at FROM sync_problems "
                "WHERE resolved_at IS NULL ORDER BY id"
            ).all()
            found = [
                SyncProblem(
                    id=row[0],
                    kind=row[1],
                    op=row[2],
                    entity=row[3],
                    entity_id=uuid.UUID(hex=row[4]) if row[4] else None,
                    label=label(local, row[3], row[4], row[2]),
                    field=row[5],
                    mine=json.loads(row[6]) if row[6] else None,
                    server=json.loads(row[7]) if row[7] else None,
                    reason=row[8],
                    at=datetime.fromisoformat(row[9]),
                )
                for row in rows
            ]
            local.rollback()
        return found

    def resolve(self, problem_id: int, *, keep_mine: bool) -> None:
        """Settle a problem: a conflict by keeping this desktop's value (sent again, over the server's) or the
        server's; a refused change by letting it go (the server's version is already back here)."""
        with self._writing() as local:
            found = local.exec_driver_sql(
                f"SELECT kind, op_id, entity, entity_id, field, {_JSON_TEXT} FROM sync_problems "
                "WHERE id = ? AND resolved_at IS NULL",
                (problem_id,),
            ).first()
            if found is None:
                raise refuse(
                    "no_such_problem", f"There is no open sync problem {problem_id}; see `timeledger sync problems`."
                )
            kind, op_id, entity, entity_id, field, mine, theirs = found
            if kind == "conflict" and keep_mine:
                self._send_again(local, entity, entity_id, field, json.loads(mine), json.loads(theirs))
            if kind == "refused":
                local.exec_driver_sql("DELETE FROM sync_outbox WHERE op_id = ?", (op_id,))
            local.exec_driver_sql("UPDATE sync_problems SET resolved_at = ? WHERE id = ?", (self._now(), problem_id))

    def _send_again(self, local: Connection, entity: str, entity_hex: str, field: str, mine: Any, theirs: Any) -> None:
        t = table(entity)
        row_id = uuid.UUID(hex=entity_hex)
        local.execute(t.update().where(t.c.id == row_id).values({field: decode(entity, field, mine)}))
        payload = {"entity": entity, "id": str(row_id), "base": {field: theirs}, "set": {field: mine}}
        local.exec_driver_sql(
            "INSERT INTO sync_outbox (op_id, op, entity, entity_id, payload, created_at, state) "
            "VALUES (?, 'update', ?, ?, ?, ?, 'pending')",
            (new_id().hex, entity, entity_hex, json.dumps(payload), self._now()),
        )


def _server_errors() -> tuple[type[BaseException], ...]:
    import psycopg

    return (psycopg.OperationalError, psycopg.InterfaceError)


def _first_line(error: BaseException) -> str:
    text = str(error).strip()
    return text.splitlines()[0] if text else type(error).__name__
