"""The attendance week as the desktop shows it, on a real file: sessions and breaks per day, totals, state."""

from __future__ import annotations

from datetime import date

from helpers import FRIDAY, THURSDAY, acting, berlin

from app.domain.calendar import Week
from app.domain.duration import Duration
from app.services import attendance

CARL = "carl@acme.example"
WEEK = Week(2026, 47)


def hm(hours: int, minutes: int = 0) -> Duration:
    return Duration.of(hours=hours, minutes=minutes)


def at(clock, ledger, when, step) -> None:  # type: ignore[no-untyped-def]
    """Carl clocks in or out, or starts or ends a break, at `when`."""
    clock.at = when
    with acting(ledger, CARL) as (uow, carl):
        step(uow, carl)
        uow.commit()


def week_of(ledger, week: Week | None = WEEK, email: str = CARL) -> attendance.AttendanceWeek:  # type: ignore[no-untyped-def]
    with acting(ledger, email, read=True) as (uow, actor):
        return attendance.attendance_week(uow, actor, week)


def day(shown: attendance.AttendanceWeek, which: date) -> attendance.AttendanceDay:
    return next(d for d in shown.days if d.totals.day == which)


def test_sessions_and_their_breaks_are_listed_on_their_day(team, clock) -> None:  # type: ignore[no-untyped-def]
    ledger = team.ledger
    at(clock, ledger, berlin(9), attendance.clock_in)
    at(clock, ledger, berlin(12), attendance.start_break)
    at(clock, ledger, berlin(12, 45), attendance.end_break)
    at(clock, ledger, berlin(17), attendance.clock_out)

    shown = week_of(ledger)

    friday = day(shown, FRIDAY)
    (session,) = friday.sessions
    assert (session.session.clock_in, session.session.clock_out) == (berlin(9), berlin(17))
    assert [(b.started_at, b.ended_at) for b in session.breaks] == [(berlin(12), berlin(12, 45))]
    assert (friday.totals.present, friday.totals.breaks, friday.totals.net) == (hm(8), hm(0, 45), hm(7, 15))
    assert all(not d.sessions for d in shown.days if d.totals.day != FRIDAY)
    assert (shown.totals.net, shown.contract, shown.totals.overtime) == (hm(7, 15), hm(40), hm(7, 15) - hm(40))
    assert (shown.open_session, shown.open_break) == (None, None)


def test_a_night_session_shows_on_both_days_it_touches(team, clock) -> None:  # type: ignore[no-untyped-def]
    ledger = team.ledger
    at(clock, ledger, berlin(22, day=THURSDAY), attendance.clock_in)
    at(clock, ledger, berlin(1), attendance.start_break)
    at(clock, ledger, berlin(1, 30), attendance.end_break)
    at(clock, ledger, berlin(3), attendance.clock_out)

    shown = week_of(ledger)

    thursday, friday = day(shown, THURSDAY), day(shown, FRIDAY)
    assert thursday.sessions[0].session == friday.sessions[0].session
    assert (thursday.sessions[0].breaks, len(friday.sessions[0].breaks)) == ((), 1)
    assert (thursday.totals.present, friday.totals.present, friday.totals.net) == (hm(2), hm(3), hm(2, 30))


def test_an_open_session_and_break_are_the_state_now_and_count_up_to_now(team, clock) -> None:  # type: ignore[no-untyped-def]
    ledger = team.ledger
    at(clock, ledger, berlin(9), attendance.clock_in)
    at(clock, ledger, berlin(11), attendance.start_break)
    clock.at = berlin(11, 20)

    shown = week_of(ledger, None)

    assert shown.week == WEEK and shown.today == FRIDAY
    assert shown.open_session is not None and shown.open_break is not None
    assert day(shown, FRIDAY).sessions[0].breaks[0].ended_at is None
    assert (shown.totals.present, shown.totals.breaks) == (hm(2, 20), hm(0, 20))


def test_another_week_and_another_user_see_none_of_it_but_the_state_is_now(team, clock) -> None:  # type: ignore[no-untyped-def]
    at(clock, team.ledger, berlin(9), attendance.clock_in)

    earlier = week_of(team.ledger, WEEK.shifted(-1))
    assert all(not d.sessions for d in earlier.days) and earlier.totals.present == Duration.ZERO
    assert earlier.open_session is not None, "the buttons follow what is open now, whatever week is shown"
    assert week_of(team.ledger, email=team.admin_email).open_session is None
