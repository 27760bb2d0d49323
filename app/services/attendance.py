"""The attendance register: clocking in and out, breaks, and day and week totals."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from app.domain import attendance as register
from app.domain.attendance import AttendanceBreak, AttendanceSession, DayTotals, WeekTotals
from app.domain.calendar import Week, day_bounds
from app.domain.duration import Duration
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


def _register_of(
    uow: UnitOfWork, actor: Actor, days: tuple[date, ...]
) -> tuple[list[AttendanceSession], list[AttendanceBreak]]:
    """The actor's sessions touching these local days, and their breaks."""
    start, _ = day_bounds(days[0], actor.tz)
    _, end = day_bounds(days[-1], actor.tz)
    sessions = uow.attendance.overlapping(actor.user.id, start, end)
    return sessions, uow.breaks.of_sessions([s.id for s in sessions])


def week_summary(uow: UnitOfWork, actor: Actor, week: Week) -> WeekTotals:
    """Present, break, net and overtime per day of the organisation's week."""
    days = week.days(actor.org.week_start)
    sessions, breaks = _register_of(uow, actor, days)
    return register.week_totals(sessions, breaks, days, actor.tz, uow.clock.now(), actor.user.weekly_hours)


@dataclass(frozen=True)
class SessionOnDay:
    """A clock session as seen on one local day, with the breaks of it that touch that day."""

    session: AttendanceSession
    breaks: tuple[AttendanceBreak, ...]


@dataclass(frozen=True)
class AttendanceDay:
    totals: DayTotals
    sessions: tuple[SessionOnDay, ...]


@dataclass(frozen=True)
class AttendanceWeek:
    """The attendance register of one user's week, and whether they are clocked in or on a break now."""

    week: Week
    tz: str
    now: datetime
    today: date
    contract: Duration
    days: tuple[AttendanceDay, ...]
    totals: WeekTotals
    open_session: AttendanceSession | None
    open_break: AttendanceBreak | None


def _touches(start: datetime, end: datetime | None, bounds: tuple[datetime, datetime], now: datetime) -> bool:
    return start < bounds[1] and (end or now) > bounds[0]


def _on_day(
    day: date, sessions: list[AttendanceSession], breaks: list[AttendanceBreak], tz: str, now: datetime
) -> tuple[SessionOnDay, ...]:
    bounds = day_bounds(day, tz)
    return tuple(
        SessionOnDay(
            session,
            tuple(b for b in breaks if b.session_id == session.id and _touches(b.started_at, b.ended_at, bounds, now)),
        )
        for session in sessions
        if _touches(session.clock_in, session.clock_out, bounds, now)
    )


def attendance_week(uow: UnitOfWork, actor: Actor, week: Week | None = None) -> AttendanceWeek:
    """Sessions and breaks per day of the organisation's week (this week when None), with its totals."""
    today = actor.today(uow.clock)
    week = week or Week.containing(today, actor.org.week_start)
    days = week.days(actor.org.week_start)
    sessions, breaks = _register_of(uow, actor, days)
    now = uow.clock.now()
    contract = actor.user.weekly_hours
    totals = register.week_totals(sessions, breaks, days, actor.tz, now, contract)
    return AttendanceWeek(
        week=week,
        tz=actor.tz,
        now=now,
        today=today,
        contract=contract,
        days=tuple(AttendanceDay(t, _on_day(t.day, sessions, breaks, actor.tz, now)) for t in totals.days),
        totals=totals,
        open_session=uow.attendance.open_session(actor.user.id),
        open_break=uow.breaks.open_break(actor.user.id),
    )
