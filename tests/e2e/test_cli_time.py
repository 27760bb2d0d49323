"""The `timeledger` CLI end to end: the timer, the task log and the attendance register.

The CLI reads the real clock, so timer and attendance durations are checked as whole seconds of at
least what the test waited, and hand-logged entries use dates in March 2026, away from any real "today".
"""

from __future__ import annotations

import time
from datetime import datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal
from zoneinfo import ZoneInfo

import pytest
from cli import ADMIN, Cli, assert_refused, fingerprint, money, run_in_one_process, table_counts

pytestmark = pytest.mark.slow


def wait_past(started: float, seconds: float) -> None:
    """Sleep until `seconds` have passed since the monotonic instant `started`."""
    time.sleep(max(0.0, seconds - (time.monotonic() - started)))


def priced(rate: str, seconds: int) -> str:
    """What `seconds` at `rate` per hour come to, rounded half-up to the cent, as the CLI writes it."""
    return str((Decimal(rate) * seconds / 3600).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP))


def test_timer_start_switch_and_stop_log_each_stretch_at_its_rate(cli: Cli):
    started = cli.json("start", "WEB/Design", "--note", "Kick-off")
    began = time.monotonic()
    assert started["running"] is True
    assert (started["project"], started["task"], started["billable"]) == ("WEB", "Design", True)
    assert datetime.fromisoformat(started["started_at"]).utcoffset().total_seconds() == 0  # instants in UTC

    before = fingerprint(cli.db)
    second = cli("start", "SUP")
    assert_refused(second)
    assert "A timer is already running for WEB/Design" in second.stderr
    assert fingerprint(cli.db) == before

    status = cli.json("status")
    assert status["user"] == ADMIN
    assert status["running"]["project"] == "WEB" and status["running"]["task"] == "Design"
    assert status["running"]["note"] == "Kick-off"
    assert isinstance(status["running"]["elapsed"], int) and status["running"]["elapsed"] >= 0

    wait_past(began, 1.1)
    switched = cli.json("switch", "SUP")  # a code alone: SUP has a single open task
    began = time.monotonic()
    first = switched["stopped"]
    assert (first["project"], first["task"], first["client"], first["note"]) == ("WEB", "Design", "Globex", "Kick-off")
    assert isinstance(first["duration"], int) and first["duration"] >= 1
    assert first["rate"] == money("160.00")  # the task's rate
    assert first["amount"] == money(priced("160", first["duration"]))
    assert (switched["started"]["project"], switched["started"]["task"]) == ("SUP", "General")

    text = cli.ok("status").stdout.splitlines()
    assert text[0] == "Ada Admin <ada@acme.example> — Acme"
    assert text[1].startswith("Running: SUP/General since ")

    wait_past(began, 1.1)
    stopped = cli.json("stop")
    assert (stopped["project"], stopped["task"]) == ("SUP", "General")
    assert stopped["duration"] >= 1
    assert stopped["rate"] == money("120.00")  # SUP has no rate of its own: the client's
    assert stopped["amount"] == money(priced("120", stopped["duration"]))
    assert stopped["start"] == switched["started"]["started_at"]  # no second lost between the two

    after = cli.json("status")
    assert after["running"] is None
    assert after["logged_today"] == first["duration"] + stopped["duration"]
    nothing = cli("stop")
    assert_refused(nothing)
    assert nothing.stderr == "error: No timer is running.\n"


def test_switching_within_the_first_second_logs_nothing_and_starts_the_next_timer(cli: Cli):
    # Both commands in one process, so the first timer surely runs for less than a second.
    db = str(cli.db)
    result = run_in_one_process([["--db", db, "start", "WEB/Design"], ["--db", db, "switch", "SUP"]], env=cli.env)
    assert result.returncode == 0, result
    assert "Traceback" not in result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].startswith("Started WEB/Design at ")
    assert lines[1:] == ["The timer ran for less than a second; nothing was logged.", "Started SUP/General."]
    status = cli.json("status")
    assert status["running"]["project"] == "SUP"
    assert status["logged_today"] == 0


def test_logging_time_by_hand_with_hours_or_a_span_and_listing_it_by_week_or_range(cli: Cli):
    hours = cli.json("log", "add", "WEB/Design", "--date", "2026-03-02", "--hours", "1:30", "--note", "Wireframes")
    assert hours | {"id": None} == {
        "id": None,
        "date": "2026-03-02",
        "start": None,
        "end": None,
        "duration": 5400,
        "project": "WEB",
        "task": "Design",
        "client": "Globex",
        "note": "Wireframes",
        "billable": True,
        "status": "draft",
        "rate": money("160.00"),
        "amount": money("240.00"),
        "warnings": [],  # WEB has no budget to warn about
    }
    span = cli.json("log", "add", "WEB/Design", "--date", "2026-03-03", "--from", "09:00", "--to", "10:15")
    assert span["duration"] == 4500
    assert span["start"] == "2026-03-03T08:00:00+00:00"  # 09:00 in Berlin (CET) is 08:00 UTC
    assert span["end"] == "2026-03-03T09:15:00+00:00"
    assert span["amount"] == money("200.00")
    unbilled = cli.json("log", "add", "SUP", "--date", "2026-03-08", "--hours", "45m", "--non-billable")
    assert unbilled["billable"] is False and unbilled["amount"] is None and unbilled["duration"] == 2700
    next_week = cli.ok("log", "add", "WEB/General", "--date", "2026-03-09", "--hours", "2")
    assert next_week.stdout == "Logged 2:00 on WEB/General on 2026-03-09.\n"

    week = cli.json("log", "list", "--week", "2026-W10")
    assert (week["from"], week["to"]) == ("2026-03-02", "2026-03-08")
    assert [e["id"] for e in week["entries"]] == [hours["id"], span["id"], unbilled["id"]]
    assert week["total"] == 5400 + 4500 + 2700

    ranged = cli.json("log", "list", "--from", "2026-03-03", "--to", "2026-03-09")
    assert [e["date"] for e in ranged["entries"]] == ["2026-03-03", "2026-03-08", "2026-03-09"]
    assert ranged["entries"][-1]["amount"] == money("300.00")  # WEB's own rate, 150.00
    assert ranged["total"] == 4500 + 2700 + 7200

    header, _rule, *rows, total = cli.ok("log", "list", "--week", "2026-W10").stdout.splitlines()
    assert header.split() == ["Date", "Time", "Work", "Hours", "Billable", "Status", "Amount", "Note"]
    assert total == "Total: 3:30 over 3 entries from 2026-03-02 to 2026-03-08."
    assert "09:00–10:15" in rows[1]
    # Hours and amounts are right-aligned: every cell ends where its header ends.
    for column in ("Hours", "Amount"):
        end = header.index(column) + len(column)
        assert all(row[end - 1] != " " and row[end : end + 1] in ("", " ") for row in rows), column
    assert rows[0].endswith("Wireframes")


def test_clocking_in_and_out_with_a_break_shows_in_the_attendance_week(cli: Cli):
    assert cli.ok("clock", "in").stdout.startswith("Clocked in at ")
    assert cli.ok("break", "start").stdout.startswith("Break started at ")
    assert cli.ok("break", "stop").stdout.startswith("Break ended at ")
    out = cli.json("clock", "out")
    assert out["action"] == "clocked out"
    assert datetime.fromisoformat(out["at"]).utcoffset().total_seconds() == 0

    week = cli.json("attendance")  # this week, in the organisation's zone
    today = datetime.fromisoformat(out["at"]).astimezone(ZoneInfo("Europe/Berlin")).date()
    iso_year, iso_week, weekday = today.isocalendar()
    assert week["week"] == f"{iso_year}-W{iso_week:02d}"
    assert [d["date"] for d in week["days"]] == [str(today + timedelta(days=n - weekday)) for n in range(1, 8)]
    for day in week["days"]:
        assert all(isinstance(day[k], int) and day[k] >= 0 for k in ("present", "breaks", "net"))
        assert day["net"] == day["present"] - day["breaks"]
    assert week["present"] == sum(d["present"] for d in week["days"])
    assert week["contract"] == 40 * 3600
    assert week["overtime"] == week["net"] - week["contract"]
    counts = table_counts(cli.db)  # the steps took well under a second each, so check the records too
    assert (counts["attendance_sessions"], counts["attendance_breaks"]) == (1, 1)

    past = cli.ok("attendance", "--week", "2026-W10").stdout.splitlines()
    assert past[0] == "Attendance 2026-W10 — Ada Admin"
    assert past[1].split() == ["Day", "Present", "Breaks", "Net"]
    assert past[3].split() == ["Mon", "2026-03-02", "0:00", "0:00", "0:00"]
    assert past[-2].split() == ["Week", "0:00", "0:00", "0:00"]
    assert past[-1] == "Contract 40:00; overtime -40:00."


def test_clocking_out_without_clocking_in_is_refused_and_writes_nothing(cli: Cli):
    before = fingerprint(cli.db)
    result = cli("clock", "out")
    assert_refused(result)
    assert result.stderr == "error: You are not clocked in, so there is nothing to clock out of.\n"
    assert fingerprint(cli.db) == before
