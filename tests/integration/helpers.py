"""Small helpers shared by the integration tests: raw looks at the file, acting users, local times."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import closing, contextmanager
from datetime import date, datetime, time
from pathlib import Path
from typing import Any

from app.domain.calendar import at_local
from app.ledger import Ledger
from app.services import task_log
from app.services.identity import Actor, current_actor
from app.services.task_log import EntryView
from app.storage.unit_of_work import SqlUnitOfWork

BERLIN = "Europe/Berlin"
FRIDAY = date(2026, 11, 20)  # the day of the `clock` fixture
THURSDAY = date(2026, 11, 19)


def berlin(hour: int, minute: int = 0, day: date = FRIDAY) -> datetime:
    """A Berlin wall-clock time as the UTC instant the app stores."""
    return at_local(day, time(hour, minute), BERLIN)


@contextmanager
def acting(ledger: Ledger, email: str | None = None, *, read: bool = False) -> Iterator[tuple[SqlUnitOfWork, Actor]]:
    """A unit of work (writing unless `read`) and the acting user (the signed-in admin unless `email`)."""
    with ledger.read() if read else ledger.work() as uow:
        yield uow, current_actor(uow, email)


def raw_rows(path: Path, sql: str, *params: Any) -> list[tuple[Any, ...]]:
    """Rows read with a plain sqlite3 connection, bypassing every layer of the app."""
    with closing(sqlite3.connect(path)) as connection:
        return connection.execute(sql, params).fetchall()


def count(path: Path, table: str, where: str = "1 = 1", *params: Any) -> int:
    return raw_rows(path, f"SELECT count(*) FROM {table} WHERE {where}", *params)[0][0]


def folder_snapshot(folder: Path) -> dict[str, bytes]:
    """Every file of a folder and its bytes, to prove that a refused open changed nothing at all."""
    return {item.name: item.read_bytes() for item in sorted(folder.iterdir()) if item.is_file()}


def entries_of(ledger: Ledger, email: str, first: date = THURSDAY, last: date = FRIDAY) -> list[EntryView]:
    """One user's task-log entries, read back through a fresh read-only unit of work."""
    with acting(ledger, email, read=True) as (uow, actor):
        return task_log.entries_between(uow, actor, first, last)
