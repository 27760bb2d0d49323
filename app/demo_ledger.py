"""The throwaway database behind `main.py --demo`: built fresh in a temporary folder, removed when the app quits.

The demo never reads or writes the real database: it ignores --db and TIMELEDGER_DB and works in a new
folder of its own under the system's temporary directory (printed at start, so the CLI can be pointed at it
while the app runs). Its organisation uses this computer's time zone.

TIMELEDGER_DEMO_NOW (e.g. `2026-11-18T11:20`, in that time zone) makes the demo believe it is that moment
(the clock still ticks from there): `make screenshots` uses it so the pictures do not depend on when, or on
which weekday, they were taken.
"""

from __future__ import annotations

import os
import shutil
import signal
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path

import tzlocal

from app.domain.calendar import zone_info
from app.domain.clock import FixedClock, SystemClock
from app.ledger import Ledger, open_ledger
from app.resources import resource
from app.services.demo import build_demo

DEMO_NOW = "TIMELEDGER_DEMO_NOW"
SEED = 1


class ShiftedClock:
    """The computer's clock moved by a fixed offset: the demo at a chosen moment, still ticking."""

    def __init__(self, offset: timedelta):
        self.offset = offset

    def now(self) -> datetime:
        return datetime.now(UTC) + self.offset


def demo_offset(tz: str, wanted: str | None) -> timedelta:
    """How far TIMELEDGER_DEMO_NOW is from the real now (zero when it is not set)."""
    if not wanted:
        return timedelta(0)
    try:
        moment = datetime.fromisoformat(wanted)
    except ValueError:
        raise SystemExit(f"error: {DEMO_NOW}={wanted!r} is not a date and time like 2026-11-18T11:20") from None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=zone_info(tz))
    return moment - datetime.now(UTC)


@contextmanager
def quit_on_terminate() -> Iterator[None]:
    """A plain `kill` quits the app normally (Python's default would end it at once, leaving the folder behind).

    Qt runs Python code often enough (timers, the change watch) for the handler to be called promptly.
    """
    from PySide6.QtCore import QCoreApplication

    before = signal.signal(signal.SIGTERM, lambda *_: QCoreApplication.quit())
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, before)


@contextmanager
def demo_ledger() -> Iterator[Ledger]:
    """A new demo database, open at the live (or TIMELEDGER_DEMO_NOW) clock; deleted with its folder afterwards."""
    folder = Path(tempfile.mkdtemp(prefix="timeledger-demo-"))
    try:
        tz = tzlocal.get_localzone_name() or "UTC"
        offset = demo_offset(tz, os.environ.get(DEMO_NOW))
        path = folder / "demo.db"
        ledger = open_ledger(path, FixedClock(datetime.now(UTC) + offset))
        try:
            demo = build_demo(ledger, time_zone=tz, seed=SEED, logo=resource("demo", "logo.png").read_bytes())
            ledger.clock = ShiftedClock(offset) if offset else SystemClock()
            if sys.stdout is not None:  # None in a windowed (pythonw) start
                print(
                    f"Demo database (deleted when the app quits): {path}\n"
                    f"{demo.organisation}, signed in as {demo.signed_in}; try: timeledger --db {path} status",
                    flush=True,
                )
            with quit_on_terminate():
                yield ledger
        finally:
            ledger.close()
    finally:
        shutil.rmtree(folder, ignore_errors=True)
