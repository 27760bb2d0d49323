"""The local SQLite database: connection settings that make a desktop database safe."""

from __future__ import annotations

import os
from contextlib import AbstractContextManager
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Connection, Engine, create_engine, event
from sqlalchemy.orm import Session, sessionmaker

from app.storage.audit import record_changes
from app.storage.errors import StorageError
from app.storage.migrate import looks_like_ours
from app.storage.outbox import queue_row_changes

DEFAULT_BUSY_TIMEOUT_MS = 5000


@dataclass
class Database:
    """An opened database file: one engine, sessions for writing and for reading."""

    path: Path
    engine: Engine
    writer: sessionmaker[Session]
    reader: sessionmaker[Session]

    def close(self) -> None:
        self.engine.dispose()

    def changing_schema(self) -> AbstractContextManager[Connection]:
        """The write transaction migrations run in: foreign keys are not enforced statement by statement, so
        batch mode can rebuild a table others point at (clients, under projects), and migrations/env.py
        checks them all before the commit instead (SQLite's procedure for altering tables)."""
        return self.engine.execution_options(sqlite_foreign_keys=False).begin()


def busy_timeout_ms() -> int:
    """How long a write waits for another writer (TIMELEDGER_BUSY_TIMEOUT_MS, default 5 s)."""
    raw = os.environ.get("TIMELEDGER_BUSY_TIMEOUT_MS", "")
    return int(raw) if raw.isdigit() else DEFAULT_BUSY_TIMEOUT_MS


def _new_or_ours(cursor) -> bool:  # type: ignore[no-untyped-def]
    """True for an empty database or a Timeledger one (a foreign file must not be touched)."""
    return looks_like_ours({name for (name,) in cursor.execute("SELECT name FROM sqlite_master WHERE type = 'table'")})


def sqlite_engine(path: Path) -> Engine:
    """An engine with WAL, full fsync, foreign keys, a busy timeout and explicit BEGINs."""
    timeout = busy_timeout_ms()
    engine = create_engine(f"sqlite+pysqlite:///{path}", connect_args={"timeout": timeout / 1000})

    @event.listens_for(engine, "connect")
    def configure(dbapi_connection, _record) -> None:  # type: ignore[no-untyped-def]
        # The driver must not open transactions on its own: we issue BEGIN ourselves.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute(f"PRAGMA busy_timeout = {timeout}")
        # Switching to WAL rewrites the file header, so a foreign file (refused later) is left as it is.
        if cursor.execute("PRAGMA journal_mode").fetchone()[0] != "wal" and _new_or_ours(cursor):
            cursor.execute("PRAGMA journal_mode = WAL")
        cursor.execute("PRAGMA synchronous = FULL")
        cursor.close()

    @event.listens_for(engine, "begin")
    def begin(connection) -> None:  # type: ignore[no-untyped-def]
        # A deferred transaction that later writes ignores busy_timeout in WAL mode,
        # so writers take the write lock up front; readers stay deferred.
        options = connection.get_execution_options()
        # On, except while the schema changes; it cannot change inside a transaction, so it is set before
        # BEGIN, and only when this pooled connection's last transaction had the other setting.
        enforced = options.get("sqlite_foreign_keys", True)
        if connection.info.get("foreign_keys") is not enforced:
            connection.exec_driver_sql(f"PRAGMA foreign_keys = {'ON' if enforced else 'OFF'}")
            connection.info["foreign_keys"] = enforced
        connection.exec_driver_sql(f"BEGIN {options.get('sqlite_begin', 'IMMEDIATE')}")

    return engine


def open_sqlite(path: Path) -> Database:
    """Open (creating if needed) the database file at `path`; no schema changes here."""
    path = Path(path).expanduser()
    if path.is_dir():
        raise StorageError(f"{path} is a folder, not a database file; give a file path with --db.")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise StorageError(f"Cannot create the folder for the database {path}: {error.strerror}.") from error
    engine = sqlite_engine(path)
    writer = sessionmaker(engine, expire_on_commit=False)
    event.listen(writer, "before_flush", record_changes)
    event.listen(writer, "before_flush", queue_row_changes)
    reading = engine.execution_options(sqlite_begin="DEFERRED")
    return Database(path=path, engine=engine, writer=writer, reader=sessionmaker(reading, expire_on_commit=False))
