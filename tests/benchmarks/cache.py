"""Benchmark databases under .bench/: the organisation and the loaded ledger, cached by count and seed.

Copies are made with SQLite's backup API (as the app's backups are), never by copying files, so a
benchmark never mutates a cached database and never sees a half-written one.
"""

from __future__ import annotations

import os
import sqlite3
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from app.domain.clock import FixedClock
from app.ledger import Ledger, open_ledger
from tests.benchmarks.generate import NOW
from tests.benchmarks.organisation import Plan, Size, build, plan

BENCH_DIR = Path(".bench")
# Bump when the generator changes what it makes, so stale caches are not reused.
GENERATOR_VERSION = 2


def say(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def remove_database(path: Path) -> None:
    for suffix in ("", "-wal", "-shm", "-journal"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)


def copy_database(source: Path, target: Path) -> None:
    remove_database(target)
    with sqlite3.connect(source) as src, sqlite3.connect(target) as dst:
        src.backup(dst)
    src.close()
    dst.close()


def make_room_in_budgets(path: Path) -> None:
    """Raise every project budget of a working copy out of reach: the generated task log has spent most of
    them, and a benchmark that logs billable time times the work being accepted, not refused."""
    with sqlite3.connect(path) as connection:
        connection.execute("UPDATE projects SET budget_hours_seconds = 3600000000 WHERE budget_hours_seconds > 0")
    connection.close()


def open_at_now(path: Path) -> tuple[Ledger, FixedClock]:
    clock = FixedClock(NOW)
    return open_ledger(path, clock), clock


def organisation_path(size: Size, seed: int) -> Path:
    return BENCH_DIR / f"org-v{GENERATOR_VERSION}-u{size.users}-c{size.clients}-p{size.projects}-s{seed}.db"


def ledger_path(size: Size, count: int, seed: int) -> Path:
    return BENCH_DIR / f"ledger-v{GENERATOR_VERSION}-u{size.users}-e{count}-s{seed}.db"


def organisation(size: Size, seed: int) -> tuple[Path, Plan]:
    """The organisation without entries, built through the services the first time."""
    the_plan = plan(size, seed)
    path = organisation_path(size, seed)
    if not path.exists():
        BENCH_DIR.mkdir(exist_ok=True)
        building = path.with_suffix(".building")
        remove_database(building)
        started = time.perf_counter()
        ledger, _ = open_at_now(building)
        try:
            build(ledger, the_plan)
        finally:
            ledger.close()
        os.replace(building, path)
        say(f"built the organisation through the services in {time.perf_counter() - started:.1f} s: {path}")
    return path, the_plan


def keep_as(source: Path, target: Path) -> None:
    """Move a closed, checkpointed database into the cache."""
    if Path(f"{source}-wal").exists():
        raise RuntimeError(f"{source} still has a write-ahead log; close it first")
    Path(f"{source}-shm").unlink(missing_ok=True)
    os.replace(source, target)


@contextmanager
def scratch_dir() -> Iterator[Path]:
    """A folder for this run's working copies, next to the cache so files can be moved into it."""
    BENCH_DIR.mkdir(exist_ok=True)
    with tempfile.TemporaryDirectory(dir=BENCH_DIR, prefix="run-") as name:
        yield Path(name)
