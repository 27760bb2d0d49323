"""Timer start and stop with the full task log present, against raw sqlite3 doing the same writes.

App: what a `timeledger start` / `stop` does minus process start: a writing unit of work, the actor
looked up by email, services.timer.start or .stop, commit. The clock moves a minute between start and
stop, and each iteration is another person, so every stop is checked against a realistic day.
Raw: the statements that change the database the same way, each operation one IMMEDIATE transaction:
start inserts the timer row; stop reads the running timer and the clash candidates (the user's entries
a day either side), inserts the entry and tombstones the timer. Both run on one copy of the cached
ledger, interleaved: app start, app stop, raw start, raw stop, each a minute after the one before.
"""

from __future__ import annotations

import sqlite3
from datetime import datetime, timedelta
from functools import partial
from pathlib import Path

from app.domain.ids import new_id
from app.ledger import Ledger
from app.services import timer
from app.services.identity import current_actor
from tests.benchmarks import raw
from tests.benchmarks.cache import copy_database, make_room_in_budgets, open_at_now, remove_database
from tests.benchmarks.measure import Result, median_ms, timed
from tests.benchmarks.organisation import Person, Staff

MOST_MS = 5.0
WARM_UP = 10


def app_start(ledger: Ledger, person: Person) -> None:
    with ledger.work() as uow:
        timer.start(uow, current_actor(uow, person.email), person.works[0].reference)
        uow.commit()


def app_stop(ledger: Ledger, person: Person) -> None:
    with ledger.work() as uow:
        entry = timer.stop(uow, current_actor(uow, person.email))
        assert entry is not None
        uow.commit()


def raw_start(connection: sqlite3.Connection, staff: Staff, person: Person, at: datetime) -> None:
    now, work = raw.instant(at), person.works[0]
    connection.execute("BEGIN IMMEDIATE")
    connection.execute(
        "INSERT INTO running_timers (id, org_id, version, updated_at, deleted_at, user_id, project_id, task_id, "
        "started_at, note, billable) VALUES (?, ?, 1, ?, NULL, ?, ?, ?, ?, '', ?)",
        (
            new_id().hex,
            staff.org_id.hex,
            now,
            person.id.hex,
            work.project_id.hex,
            work.task_id.hex,
            now,
            int(work.billable),
        ),
    )
    connection.execute("COMMIT")


def raw_stop(connection: sqlite3.Connection, staff: Staff, person: Person, at: datetime) -> None:
    now, day, work = raw.instant(at), at.date(), person.works[0]
    connection.execute("BEGIN IMMEDIATE")
    timer_id, started = connection.execute(
        "SELECT id, started_at FROM running_timers WHERE user_id = ? AND deleted_at IS NULL", (person.id.hex,)
    ).fetchone()
    connection.execute(
        "SELECT * FROM task_log_entries WHERE user_id = ? AND work_date >= ? AND work_date <= ? "
        "AND deleted_at IS NULL ORDER BY work_date, started_at, id",
        (person.id.hex, (day - timedelta(days=1)).isoformat(), (day + timedelta(days=1)).isoformat()),
    ).fetchall()
    connection.execute(
        "INSERT INTO task_log_entries (id, org_id, version, updated_at, deleted_at, user_id, project_id, task_id, "
        "work_date, started_at, ended_at, duration_seconds, note, billable, status, rate_minor, rate_currency, "
        "rate_source) VALUES (?, ?, 1, ?, NULL, ?, ?, ?, ?, ?, ?, 60, '', ?, 'draft', NULL, NULL, NULL)",
        (
            new_id().hex,
            staff.org_id.hex,
            now,
            person.id.hex,
            work.project_id.hex,
            work.task_id.hex,
            day.isoformat(),
            started,
            now,
            int(work.billable),
        ),
    )
    connection.execute(
        "UPDATE running_timers SET deleted_at = ?, version = version + 1, updated_at = ? WHERE id = ?",
        (now, now, timer_id),
    )
    connection.execute("COMMIT")


def samples(path: Path, staff: Staff, iterations: int) -> dict[str, list[float]]:
    """Seconds per operation, app and raw interleaved so both meet the same machine conditions."""
    people = [p for p in staff.people if p.works]
    ledger, clock = open_at_now(path)
    connection = raw.connect(path)
    taken: dict[str, list[float]] = {"app start": [], "app stop": [], "raw start": [], "raw stop": []}
    try:
        for i in range(WARM_UP + iterations):
            person = people[i % len(people)]
            times = [timed(partial(app_start, ledger, person))]
            clock.advance(minutes=1)
            times.append(timed(partial(app_stop, ledger, person)))
            times.append(timed(partial(raw_start, connection, staff, person, clock.now())))
            clock.advance(minutes=1)
            times.append(timed(partial(raw_stop, connection, staff, person, clock.now())))
            if i >= WARM_UP:
                for name, seconds in zip(taken, times, strict=True):
                    taken[name].append(seconds)
        return taken
    finally:
        connection.close()
        ledger.close()


def measure(ledger_db: Path, staff: Staff, workdir: Path, iterations: int, entries: int) -> list[Result]:
    path = workdir / "timer.db"
    copy_database(ledger_db, path)
    make_room_in_budgets(path)
    try:
        taken = samples(path, staff, iterations)
    finally:
        remove_database(path)
    label = f"{entries:,} entries"
    return [
        Result.latency(f"timer {op}, {label}", median_ms(taken[f"app {op}"]), median_ms(taken[f"raw {op}"]), MOST_MS)
        for op in ("start", "stop")
    ]
