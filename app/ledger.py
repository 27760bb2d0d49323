"""The opened database the CLI and the app work through: where it lives, its schema brought up to date."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import exc as sa_exc

from app.domain.clock import Clock, SystemClock
from app.services.sync_status import SyncPort
from app.storage.database import Database, open_sqlite
from app.storage.errors import StorageError, explain
from app.storage.migrate import upgrade
from app.storage.unit_of_work import SqlUnitOfWork


@dataclass
class Ledger:
    """The composition of database and clock that every command and window works through."""

    db: Database
    clock: Clock
    _watch: Any = field(default=None, repr=False)
    _sync: Any = field(default=None, repr=False)

    def work(self, actor_id: uuid.UUID | None = None) -> SqlUnitOfWork:
        """A writing unit of work (takes the write lock at its first statement)."""
        return SqlUnitOfWork(self.db, self.clock, actor_id)

    def read(self) -> SqlUnitOfWork:
        return SqlUnitOfWork(self.db, self.clock, read_only=True)

    def data_version(self) -> int:
        """Changes whenever another connection or program commits (SQLite's PRAGMA data_version)."""
        if self._watch is None:
            self._watch = self.db.engine.raw_connection()
        cursor = self._watch.cursor()
        try:
            return cursor.execute("PRAGMA data_version").fetchone()[0]
        finally:
            cursor.close()

    @property
    def sync(self) -> SyncPort:
        """This desktop's link to the team server (psycopg loads only when it is used)."""
        if self._sync is None:
            from app.sync.client import SyncClient

            self._sync = SyncClient(self.db, self.clock)
        return self._sync

    def close(self) -> None:
        if self._watch is not None:
            self._watch.close()
        self.db.close()


def open_ledger(path: Path, clock: Clock | None = None, *, create: bool = True) -> Ledger:
    """Open the file and migrate it to this app's schema in one transaction.

    With create=False a missing file is refused instead of created (a mistyped --db must not leave one behind).
    """
    if not create and not Path(path).expanduser().exists():
        raise StorageError(
            f"There is no Timeledger database at {path}; check --db or TIMELEDGER_DB, "
            "or create one with `timeledger init`."
        )
    db = open_sqlite(path)
    try:
        with db.changing_schema() as connection:
            upgrade(connection, str(db.path))
    except (sa_exc.DBAPIError, OSError) as error:
        db.close()
        raise explain(error, db.path) or error from error
    except Exception:
        db.close()
        raise
    return Ledger(db=db, clock=clock or SystemClock())
