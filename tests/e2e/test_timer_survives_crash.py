"""A crash never loses a running timer: kill -9 the app, start it again, the timer runs on from its start."""

from __future__ import annotations

import sqlite3
import sys
import time
from contextlib import closing
from datetime import UTC, datetime

import pytest
from desktop_app import DesktopApp

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(sys.platform == "win32", reason="kill -9 is a POSIX signal"),
]
RAN_BEFORE_CRASH_S = 3


def live_timers(db) -> list[tuple[str, str]]:  # type: ignore[no-untyped-def]
    with closing(sqlite3.connect(db)) as plain:
        return plain.execute("SELECT id, started_at FROM running_timers WHERE deleted_at IS NULL").fetchall()


def seconds(clock_text: str) -> int:
    hours, minutes, secs = (int(part) for part in clock_text.split(":"))
    return hours * 3600 + minutes * 60 + secs


def test_a_timer_running_when_the_app_is_killed_runs_on_from_its_original_start(cli):
    app = DesktopApp(cli.db, cli.env).start()
    try:
        cli.ok("start", "WEB/Design", "--note", "before the crash")
        started = time.monotonic()
        app.answer_when(lambda text: text.startswith("WEB/Design — "), timeout_s=10)  # the app has it
        [before] = live_timers(cli.db)
        time.sleep(max(0.0, RAN_BEFORE_CRASH_S - (time.monotonic() - started)))

        app.crash()
        restarted = time.monotonic()
        app.start()
        answer = app.answer_when(lambda text: text.startswith("WEB/Design — "), timeout_s=10)
    finally:
        app.stop()

    assert live_timers(cli.db) == [before]
    # Counted from the original start: longer than the app has been up again.
    elapsed = seconds(answer.removeprefix("WEB/Design — "))
    assert elapsed >= int(restarted - started)
    assert elapsed > time.monotonic() - restarted
    logged = cli.json("stop")
    assert datetime.fromisoformat(logged["start"]) == datetime.fromisoformat(before[1]).replace(tzinfo=UTC)
    assert logged["note"] == "before the crash"
