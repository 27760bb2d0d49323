"""The attendance register on a real file: clocking in and out, breaks and week totals."""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers import FRIDAY, THURSDAY, acting, count

from app.domain.attendance import WeekTotals
from app.domain.calendar import Week
from app.domain.duration import Duration
from app.domain.errors import RuleViolation
from app.services import attendance

CARL = "carl@acme.example"
FORTY_HOURS = Duration.of(hours=40)


def do(ledger, step) -> None:  # type: ignore[no-untyped-def]
    """Carl clocks in, out, or starts or ends a break, in a unit of work of its own."""
    with acting(ledger, CARL) as (uow, carl):
        step(uow, carl)
        uow.commit()


def this_week(ledger) -> WeekTotals:  # type: ignore[no-untyped-def]
    with acting(ledger, CARL, read=True) as (uow, carl):
        return attendance.week_summary(uow, carl, Week.containing(FRIDAY, carl.org.week_start))


def hm(hours: int, minutes: int = 0) -> Duration:
    return Duration.of(hours=hours, minutes=minutes)


def test_a_day_with_a_break_adds_up_in_the_week(team, clock) -> None:  # type: ignore[no-untyped-def]
    do(team.ledger, attendance.clock_in)  # 09:00
    clock.advance(hours=3)
    do(team.ledger, attendance.start_break)
    clock.advance(minutes=45)
    do(team.ledger, attendance.end_break)
    clock.advance(hours=4, minutes=15)
    do(team.ledger, attendance.clock_out)  # 17:00
    clock.advance(days=1)  # read on Saturday: nothing is open any more

    week = this_week(team.ledger)

    assert (week.present, week.breaks, week.net) == (hm(8), hm(0, 45), hm(7, 15))
    assert week.overtime == hm(7, 15) - FORTY_HOURS
    friday = next(day for day in week.days if day.day == FRIDAY)
    assert (friday.present, friday.breaks, friday.net) == (hm(8), hm(0, 45), hm(7, 15))
    assert sum((day.present for day in week.days if day.day != FRIDAY), Duration.ZERO) == Duration.ZERO


def test_open_session_and_open_break_count_up_to_now(team, clock) -> None:  # type: ignore[no-untyped-def]
    do(team.ledger, attendance.clock_in)
    clock.advance(hours=2, minutes=30)
    assert (this_week(team.ledger).present, this_week(team.ledger).net) == (hm(2, 30), hm(2, 30))

    do(team.ledger, attendance.start_break)
    clock.advance(minutes=20)

    week = this_week(team.ledger)
    assert (week.present, week.breaks, week.net) == (hm(2, 50), hm(0, 20), hm(2, 30))


def test_clocking_out_ends_a_running_break(team, clock) -> None:  # type: ignore[no-untyped-def]
    do(team.ledger, attendance.clock_in)
    clock.advance(hours=1)
    do(team.ledger, attendance.start_break)
    clock.advance(minutes=30)
    do(team.ledger, attendance.clock_out)
    clock.advance(hours=5)  # later reads must not count the break on

    week = this_week(team.ledger)
    assert (week.present, week.breaks, week.net) == (hm(1, 30), hm(0, 30), hm(1))
    with pytest.raises(RuleViolation, match="not on a break"):
        do(team.ledger, attendance.end_break)


def test_clocking_in_twice_is_refused(team, clock, db_path: Path) -> None:  # type: ignore[no-untyped-def]
    do(team.ledger, attendance.clock_in)
    clock.advance(minutes=5)

    with pytest.raises(RuleViolation, match="already clocked in since 09:00") as refused:
        do(team.ledger, attendance.clock_in)

    assert refused.value.code == "already_clocked_in"
    assert count(db_path, "attendance_sessions") == 1


def test_clocking_out_without_clocking_in_is_refused(team, db_path: Path) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(RuleViolation, match="not clocked in"):
        do(team.ledger, attendance.clock_out)

    assert count(db_path, "attendance_sessions") == 0


def test_night_shift_is_split_between_the_days_it_touches(team, clock) -> None:  # type: ignore[no-untyped-def]
    clock.advance(hours=-11)  # Thursday 22:00 in Berlin
    do(team.ledger, attendance.clock_in)
    clock.advance(hours=8)  # Friday 06:00
    do(team.ledger, attendance.clock_out)

    present = {day.day: day.present for day in this_week(team.ledger).days if day.present}
    assert present == {THURSDAY: hm(2), FRIDAY: hm(6)}
