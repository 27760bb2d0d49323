"""Desktops of the team's people, each a SQLite file of its own linked to the test's team server."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from helpers import acting, raw_rows

from app.domain.clock import FixedClock
from app.ledger import Ledger, open_ledger
from app.services import entries, task_log
from sync.team import FRIDAY_MORNING, MONDAY, Person, TeamServer


def desktop(team: TeamServer, person: Person, folder: Path, *, clock_off: timedelta = timedelta()) -> Ledger:
    """A fresh desktop of `person`, set up with `sync setup` (its clock `clock_off` away from the right time)."""
    ledger = open_ledger(folder / f"{person.login}.db", FixedClock(FRIDAY_MORNING + clock_off))
    ledger.sync.setup(person.url)
    return ledger


def log(ledger: Ledger, hours: str = "2:00", note: str = "", day=MONDAY, work: str = "WEB/General"):  # type: ignore[no-untyped-def]
    with acting(ledger) as (uow, actor):
        entry = task_log.log_entry(uow, actor, work, day=day, hours=hours, note=note)
        uow.commit()
    return entry.id


def edit(ledger: Ledger, entry_id, **change):  # type: ignore[no-untyped-def]
    with acting(ledger) as (uow, actor):
        entries.edit_entry(uow, actor, entry_id, **change)
        uow.commit()


def entry_row(ledger: Ledger, entry_id) -> dict:  # type: ignore[no-untyped-def]
    """An entry as stored on the desktop (plain sqlite3)."""
    columns = ("duration_seconds", "note", "status", "billable", "version")
    found = raw_rows(ledger.db.path, f"SELECT {', '.join(columns)} FROM task_log_entries WHERE id = ?", entry_id.hex)
    return dict(zip(columns, found[0], strict=True)) if found else {}


def server_entry(team: TeamServer, entry_id) -> dict:  # type: ignore[no-untyped-def]
    columns = ("duration_seconds", "note", "status", "billable", "version")
    found = team.sql(f"SELECT {', '.join(columns)} FROM task_log_entries WHERE id = %s", entry_id)
    return dict(zip(columns, found[0], strict=True)) if found else {}
