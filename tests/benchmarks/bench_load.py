"""Bulk load: app.storage.bulk into a fresh ledger against a raw sqlite3 executemany of the same rows.

Fairness: both start from a backup-API copy of the same organisation database (schema made by the
app's migration), with the same pragmas (WAL, synchronous=FULL, foreign keys on), and load the same
domain entries in one transaction. Both timings include turning the domain objects into row tuples
(the app cannot skip it, so neither does the baseline). The app's time also includes what the
baseline does not do: checking the entry rules (no overlaps, no day above 24 h) against the stored
entries, and writing its audit records.
"""

from __future__ import annotations

from pathlib import Path

from app.domain.task_log import TaskLogEntry
from app.services.identity import current_actor
from app.storage import bulk
from tests.benchmarks import raw
from tests.benchmarks.cache import copy_database, open_at_now, remove_database, say
from tests.benchmarks.generate import NOW
from tests.benchmarks.measure import Result, timed

LEAST_RATIO = 0.5


def load_with_app(path: Path, entries: list[TaskLogEntry]) -> float:
    """Seconds for one unit of work that bulk-imports `entries` and commits."""
    ledger, _ = open_at_now(path)
    try:

        def load() -> None:
            with ledger.work() as uow:
                current_actor(uow)  # the signed-in admin imports, so the audit log names them
                bulk.import_entries(uow, entries)
                uow.commit()

        return timed(load)
    finally:
        ledger.close()


def load_raw(path: Path, entries: list[TaskLogEntry]) -> float:
    """Seconds for BEGIN IMMEDIATE, one executemany of the same rows (streamed, not listed first), COMMIT."""
    connection = raw.connect(path)
    updated_at = raw.instant(NOW)
    try:

        def load() -> None:
            connection.execute("BEGIN IMMEDIATE")
            connection.executemany(raw.INSERT_ENTRY, (raw.entry_row(e, updated_at) for e in entries))
            connection.execute("COMMIT")

        return timed(load)
    finally:
        connection.close()


def measure(organisation: Path, entries: list[TaskLogEntry], workdir: Path) -> tuple[Result, Path]:
    """The load result, and the app-loaded database (a complete ledger the caller may keep)."""
    app_db, raw_db = workdir / "load-app.db", workdir / "load-raw.db"
    copy_database(organisation, app_db)
    copy_database(organisation, raw_db)
    raw_seconds = load_raw(raw_db, entries)
    say(f"raw sqlite3 executemany: {len(entries):,} entries in {raw_seconds:.2f} s")
    app_seconds = load_with_app(app_db, entries)
    say(f"app.storage.bulk: {len(entries):,} entries in {app_seconds:.2f} s")
    remove_database(raw_db)
    result = Result.throughput(
        f"bulk load {len(entries):,} entries", len(entries) / app_seconds, len(entries) / raw_seconds, LEAST_RATIO
    )
    return result, app_db
