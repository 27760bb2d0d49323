"""The attendance register: clocking in and out, breaks, and day and week totals."""

from __future__ import annotations

from app.domain import attendance as register
from app.domain.attendance import AttendanceBreak, AttendanceSession, WeekTotals
from app.domain.calendar import Week, day_bounds
from app.services.identity import Actor
from app.services.ports import UnitOfWork


def clock_in(uow: UnitOfWork, actor: Actor) -> AttendanceSession:
    session = register.clock_in(
        org_id=actor.org.id,
        user_id=actor.user.id,
        at=uow.clock.now(),
        open_session=uow.attendance.open_session(actor.user.id),
        tz=actor.tz,
    )
    return uow.attendance.add(session)


def clock_out(uow: UnitOfWork, actor: Actor) -> AttendanceSession:
    """Close the open session (and a break still running in it)."""
    session = uow.attendance.open_session(actor.user.id)
    running_break = uow.breaks.open_break(actor.user.id)
    register.clock_out(session, uow.clock.now(), actor.tz, running_break)
    assert session is not None
    if running_break is not None:
        uow.breaks.save(running_break)
    return uow.attendance.save(session)


def start_break(uow: UnitOfWork, actor: Actor) -> AttendanceBreak:
    started = register.start_break(
        uow.attendance.open_session(actor.user.id),
        uow.breaks.open_break(actor.user.id),
        uow.clock.now(),
        actor.tz,
    )
    return uow.breaks.add(started)


def end_break(uow: UnitOfWork, actor: Actor) -> AttendanceBreak:
    running_break = uow.breaks.open_break(actor.user.id)
    register.end_break(running_break, uow.clock.now(), actor.tz)
    assert running_break is not None
    return uow.breaks.save(running_break)


def week_summary(uow: UnitOfWork, actor: Actor, week: Week) -> WeekTotals:
    """Present, break, net and overtime per day of the organisation's week."""
    days = week.days(actor.org.week_start)
    start, _ = day_bounds(days[0], actor.tz)
    _, end = day_bounds(days[-1], actor.tz)
    sessions = uow.attendance.overlapping(actor.user.id, start, end)
    breaks = uow.breaks.of_sessions([s.id for s in sessions])
    return register.week_totals(sessions, breaks, days, actor.tz, uow.clock.now(), actor.user.weekly_hours)
