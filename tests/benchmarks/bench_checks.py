"""What the billable checks add to logging one entry, with the full task log present.

App: services.task_log.log_entry of a quarter hour on a budgeted project, billable (every check runs: the
assignment, the budget aggregate over the project's entries, the day's billable time, the period) against
the very same call for non-billable time (which the checks skip), interleaved, each person in turn. The
figure is the median of the paired differences. The call is timed inside its unit of work and the commit
left out of it: the checks write nothing, and an fsync would only add noise to a difference of milliseconds.
Raw: the statements the checks add (the assignment and the budget aggregate), through plain sqlite3 on the
same file.

Budgets are raised on the copy first (cache.make_room_in_budgets): the figure wanted is the cost of checking
time that passes, not of refusing it. The budget aggregate reads the covering index
ix_task_log_entries_budget (migration 0004).
"""

from __future__ import annotations

import sqlite3
import statistics
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from app.ledger import Ledger
from app.services import task_log
from app.services.identity import current_actor
from tests.benchmarks import raw
from tests.benchmarks.cache import copy_database, make_room_in_budgets, open_at_now, remove_database
from tests.benchmarks.generate import NOW
from tests.benchmarks.measure import Result, median_ms, timed
from tests.benchmarks.organisation import Person, Staff, Work

MOST_MS = 2.0
WARM_UP = 10
DAY = NOW.date()
RAW_ASSIGNMENT = "SELECT * FROM assignments WHERE deleted_at IS NULL AND user_id = ? AND project_id = ?"
RAW_BUDGET = (
    "SELECT coalesce(sum(duration_seconds), 0), coalesce(sum(CASE WHEN rate_currency = ? "
    "THEN (rate_minor * duration_seconds + 1800) / 3600 ELSE 0 END), 0) FROM task_log_entries "
    "WHERE project_id = ? AND billable = 1 AND deleted_at IS NULL"
)


@dataclass(frozen=True)
class Logger:
    person: Person
    work: Work


def budgeted_loggers(path: Path, staff: Staff) -> list[Logger]:
    """Everyone with billable work on a project that has a budget, on the first such work."""
    with sqlite3.connect(path) as connection:
        budgeted = {
            row[0] for row in connection.execute("SELECT id FROM projects WHERE budget_hours_seconds IS NOT NULL")
        }
    connection.close()
    make_room_in_budgets(path)
    loggers = []
    for person in staff.people:
        work = next((w for w in person.works if w.billable and w.project_id.hex in budgeted), None)
        if work is not None:
            loggers.append(Logger(person, work))
    return loggers


def log_seconds(ledger: Ledger, logger: Logger, day: date, billable: bool) -> float:
    with ledger.work() as uow:
        actor = current_actor(uow, logger.person.email)
        seconds = timed(
            lambda: task_log.log_entry(
                uow, actor, logger.work.reference, day=day, hours="0:15", note="bench", billable=billable
            )
        )
        uow.commit()
    return seconds


def raw_seconds(connection: sqlite3.Connection, logger: Logger) -> float:
    def added_queries() -> None:
        connection.execute(RAW_ASSIGNMENT, (logger.person.id.hex, logger.work.project_id.hex)).fetchall()
        connection.execute(RAW_BUDGET, (None, logger.work.project_id.hex)).fetchone()

    return timed(added_queries)


def samples(path: Path, loggers: list[Logger], iterations: int, day: date) -> dict[str, list[float]]:
    """Seconds per call: the added cost (billable minus non-billable, paired) and the raw statements.

    Each round logs on a day of its own, after the generated task log ends, so the daily cap stays clear."""
    ledger, _ = open_at_now(path)
    connection = raw.connect(path)
    taken: dict[str, list[float]] = {"billable": [], "non-billable": [], "added": [], "raw": []}
    try:
        for i in range(WARM_UP + iterations):
            logger = loggers[i % len(loggers)]
            checked = log_seconds(ledger, logger, day, billable=True)
            skipped = log_seconds(ledger, logger, day, billable=False)
            baseline = raw_seconds(connection, logger)
            if i >= WARM_UP:
                for name, seconds in zip(taken, (checked, skipped, checked - skipped, baseline), strict=True):
                    taken[name].append(seconds)
        return taken
    finally:
        connection.close()
        ledger.close()


def results(taken: dict[str, list[float]], label: str) -> list[Result]:
    added, baseline = statistics.median(taken["added"]) * 1000, median_ms(taken["raw"])
    logged = median_ms(taken["billable"])
    skipped = median_ms(taken["non-billable"])
    return [
        Result.latency(f"billable checks added to logging one entry, {label}", added, baseline, MOST_MS),
        Result("  logging one billable entry (checks run)", logged, "ms", skipped, logged / skipped, "reported", True),
    ]


def measure(ledger_db: Path, staff: Staff, workdir: Path, iterations: int, entries: int) -> list[Result]:
    path = workdir / "checks.db"
    copy_database(ledger_db, path)
    try:
        loggers = budgeted_loggers(path, staff)
        label = f"{entries:,} entries"
        found = results(samples(path, loggers, iterations, DAY), label)
    finally:
        remove_database(path)
    return found
