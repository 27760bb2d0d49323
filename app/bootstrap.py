"""The composition root: where the database lives, opening it at the current schema, starting the app."""

from __future__ import annotations

import argparse
import os
import sys
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import platformdirs
from sqlalchemy import exc as sa_exc

from app.domain.clock import Clock, SystemClock
from app.storage.database import Database, open_sqlite
from app.storage.errors import StorageError, explain
from app.storage.migrate import upgrade
from app.storage.unit_of_work import SqlUnitOfWork

APP_NAME = "Timeledger"


def default_database_path() -> Path:
    """The platform's data folder, e.g. ~/.local/share/Timeledger/timeledger.db on Linux."""
    return platformdirs.user_data_path(APP_NAME, appauthor=False) / "timeledger.db"


def database_path(given: str | None = None) -> Path:
    """--db wins, then TIMELEDGER_DB, then the platform's data folder."""
    chosen = given or os.environ.get("TIMELEDGER_DB") or default_database_path()
    return Path(chosen).expanduser()


@dataclass
class Ledger:
    """The composition of database and clock that every command and window works through."""

    db: Database
    clock: Clock
    _watch: Any = field(default=None, repr=False)

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
        with db.engine.begin() as connection:
            upgrade(connection, str(db.path))
    except (sa_exc.DBAPIError, OSError) as error:
        db.close()
        raise explain(error, db.path) or error from error
    except Exception:
        db.close()
        raise
    return Ledger(db=db, clock=clock or SystemClock())


NO_DISPLAY = (
    "Timeledger needs a display: run it in a desktop session, under Xvfb "
    "(xvfb-run python main.py), or headless with QT_QPA_PLATFORM=offscreen."
)


def has_display() -> bool:
    if not sys.platform.startswith("linux") or os.environ.get("QT_QPA_PLATFORM"):
        return True
    return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))


def run(argv: list[str] | None = None) -> None:
    """Start the desktop app (the entry point of main.py)."""
    parser = argparse.ArgumentParser(prog="timeledger-desktop", description="Timeledger desktop app")
    parser.add_argument("--db", help="database file (default: TIMELEDGER_DB or the platform data folder)")
    parser.add_argument(
        "--demo", action="store_true", help="try the app on a new demo database in a temporary folder (yours untouched)"
    )
    parser.add_argument("--quit-after-shown", action="store_true", help=argparse.SUPPRESS)  # see app/ui/first_paint.py
    args = parser.parse_args(argv)
    if args.demo and args.db:
        parser.error("--demo makes its own database; leave out --db")
    if args.quit_after_shown and not (args.demo or args.db):
        parser.error("--quit-after-shown needs --demo or --db (it is for tests, never on your usual database)")
    if not has_display():
        print(NO_DISPLAY, file=sys.stderr)
        raise SystemExit(1)
    from app.domain.errors import TimeledgerError
    from app.ui.application import show_start_failure, start

    if args.quit_after_shown:
        from app.ui.application import application
        from app.ui.first_paint import QuitAfterFirstPaint

        probe = QuitAfterFirstPaint(application())  # noqa: F841 (kept alive while the app runs)
    if args.demo:
        from app.demo_ledger import demo_ledger

        with demo_ledger() as ledger:
            raise SystemExit(start(ledger))
    try:
        ledger = open_ledger(database_path(args.db))
    except TimeledgerError as error:
        print(f"error: {error}", file=sys.stderr)
        show_start_failure(str(error))
        raise SystemExit(3) from error
    raise SystemExit(start(ledger, instance_key=str(ledger.db.path)))
