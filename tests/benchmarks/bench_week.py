"""One user's week with the full task log present: services.task_log.entries_between against raw sqlite3.

App: what showing a week does: a read unit of work, the actor looked up by email, entries_between
for the week (entries as domain objects, with their project, task and client). Raw: a read
transaction around the SELECT of the same entry rows, fetched. Both go through the people in turn
and the four most recent complete weeks, so no single page stays hot, interleaved (app, raw, app...)
so both meet the same machine conditions; every pair must find the same number of entries.
"""

from __future__ import annotations

import sqlite3
from datetime import date, timedelta
from pathlib import Path

from app.ledger import Ledger
from app.services import task_log
from app.services.identity import current_actor
from tests.benchmarks import raw
from tests.benchmarks.cache import open_at_now
from tests.benchmarks.generate import NOW
from tests.benchmarks.measure import Result, median_ms, timed
from tests.benchmarks.organisation import Person, Staff

MOST_MS = 20.0
WARM_UP = 10
WEEKS = 4

SELECT_WEEK = (
    f"SELECT {raw.ENTRY_COLUMNS} FROM task_log_entries WHERE user_id = ? AND work_date >= ? AND work_date <= ? "
    "AND deleted_at IS NULL ORDER BY work_date, started_at, id"
)


def weeks(count: int) -> list[tuple[date, date]]:
    """The last `count` complete Monday-to-Sunday weeks before NOW, most recent first."""
    monday = NOW.date() - timedelta(days=NOW.date().weekday() + 7)
    return [(monday - timedelta(weeks=n), monday - timedelta(weeks=n) + timedelta(days=6)) for n in range(count)]


def plan(people: list[Person], iterations: int) -> list[tuple[Person, date, date]]:
    spans = weeks(WEEKS)
    return [(people[i % len(people)], *spans[(i // len(people) + i) % WEEKS]) for i in range(WARM_UP + iterations)]


def show_with_app(ledger: Ledger, person: Person, first: date, last: date) -> int:
    with ledger.read() as uow:
        return len(task_log.entries_between(uow, current_actor(uow, person.email), first, last))


def show_raw(connection: sqlite3.Connection, person: Person, first: date, last: date) -> int:
    connection.execute("BEGIN")
    rows = connection.execute(SELECT_WEEK, (person.id.hex, first.isoformat(), last.isoformat())).fetchall()
    connection.execute("COMMIT")
    return len(rows)


def samples(path: Path, runs: list[tuple[Person, date, date]]) -> tuple[list[float], list[float], list[int]]:
    """Seconds per week shown (app, raw) and entries found, interleaved so both meet the same conditions."""
    ledger, _ = open_at_now(path)
    connection = raw.connect(path)
    app, baseline, counts = [], [], []
    try:
        for person, first, last in runs:
            found: list[int] = []
            app.append(timed(lambda: found.append(show_with_app(ledger, person, first, last))))  # noqa: B023
            baseline.append(timed(lambda: found.append(show_raw(connection, person, first, last))))  # noqa: B023
            if found[0] != found[1]:
                raise AssertionError(f"the app found {found[0]} entries of {person.email}, the raw SELECT {found[1]}")
            counts.append(found[0])
        return app[WARM_UP:], baseline[WARM_UP:], counts[WARM_UP:]
    finally:
        connection.close()
        ledger.close()


def measure(ledger_db: Path, staff: Staff, iterations: int, entries: int) -> list[Result]:
    """Reads only, so it runs on the cached ledger itself."""
    app, baseline, counts = samples(ledger_db, plan([p for p in staff.people if p.works], iterations))
    name = f"one user's week (median {sorted(counts)[len(counts) // 2]} entries), {entries:,} entries"
    return [Result.latency(name, median_ms(app), median_ms(baseline), MOST_MS)]
