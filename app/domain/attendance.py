"""Attendance: clocking in and out, breaks, and the present/break/net time of local days and weeks.

The rule functions check a request against the user's open session and open break, then change
those records in place (or return a new one); the service saves what changed. Totals clip every
interval to the local day, so a night shift is split between the days it touches, and anything
still open counts up to `now`.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from uuid import UUID

from app.domain.calendar import TimeZoneLike, as_utc, day_bounds, local_date, local_label, span
from app.domain.duration import Duration
from app.domain.errors import refuse
from app.domain.record import Record


@dataclass(kw_only=True, eq=False)
class AttendanceSession(Record):
    user_id: UUID
    clock_in: datetime
    clock_out: datetime | None = None

    @property
    def is_open(self) -> bool:
        return self.clock_out is None


@dataclass(kw_only=True, eq=False)
class AttendanceBreak(Record):
    user_id: UUID
    session_id: UUID
    started_at: datetime
    ended_at: datetime | None = None

    @property
    def is_open(self) -> bool:
        return self.ended_at is None


def _since(instant: datetime, tz: TimeZoneLike, now: datetime) -> str:
    return local_label(instant, tz, local_date(now, tz))


def clock_in(
    *, org_id: UUID, user_id: UUID, at: datetime, open_session: AttendanceSession | None, tz: TimeZoneLike
) -> AttendanceSession:
    """A new session starting `at`; refused while the user's previous session is still open."""
    if open_session is not None and open_session.is_open:
        raise refuse("already_clocked_in", f"You are already clocked in since {_since(open_session.clock_in, tz, at)}.")
    return AttendanceSession(org_id=org_id, user_id=user_id, clock_in=as_utc(at))


def clock_out(
    session: AttendanceSession | None,
    at: datetime,
    tz: TimeZoneLike,
    open_break: AttendanceBreak | None = None,
) -> None:
    """Close the open session at `at`, ending a break still running at the same instant."""
    if session is None or not session.is_open:
        raise refuse("not_clocked_in", "You are not clocked in, so there is nothing to clock out of.")
    at = as_utc(at)
    if at <= session.clock_in:
        raise refuse(
            "clock_out_before_clock_in",
            f"You clocked in at {_since(session.clock_in, tz, at)}; clocking out must come after that.",
        )
    if open_break is not None and open_break.is_open:
        # A break cannot outlast the session; ending it now keeps its time instead of dropping it.
        open_break.ended_at = max(at, open_break.started_at)
    session.clock_out = at


def start_break(
    session: AttendanceSession | None,
    open_break: AttendanceBreak | None,
    at: datetime,
    tz: TimeZoneLike,
) -> AttendanceBreak:
    """A break starting `at` inside the open session; refused while another break is running."""
    if session is None or not session.is_open:
        raise refuse("not_clocked_in", "You can only start a break while you are clocked in.")
    at = as_utc(at)
    if open_break is not None and open_break.is_open:
        raise refuse("already_on_break", f"You are already on a break since {_since(open_break.started_at, tz, at)}.")
    if at < session.clock_in:
        raise refuse(
            "break_before_clock_in",
            f"A break cannot start ({_since(at, tz, at)}) before you clocked in ({_since(session.clock_in, tz, at)}).",
        )
    return AttendanceBreak(org_id=session.org_id, user_id=session.user_id, session_id=session.id, started_at=at)


def end_break(open_break: AttendanceBreak | None, at: datetime, tz: TimeZoneLike) -> None:
    """End the running break at `at`, which must come after it started."""
    if open_break is None or not open_break.is_open:
        raise refuse("not_on_break", "You are not on a break, so there is none to end.")
    at = as_utc(at)
    if at <= open_break.started_at:
        raise refuse(
            "break_ends_before_start",
            f"The break ends ({_since(at, tz, at)}) before it starts ({_since(open_break.started_at, tz, at)}).",
        )
    open_break.ended_at = at


@dataclass(frozen=True)
class DayTotals:
    day: date
    present: Duration
    breaks: Duration
    net: Duration


@dataclass(frozen=True)
class WeekTotals:
    days: tuple[DayTotals, ...]
    present: Duration
    breaks: Duration
    net: Duration
    overtime: Duration  # net minus the contract hours; negative when short


def _clipped(start: datetime, end: datetime | None, window: tuple[datetime, datetime], now: datetime) -> Duration:
    """The part of [start, end or now) inside the window."""
    low = max(start, window[0])
    high = min(end if end is not None else now, window[1])
    return span(low, high) if high > low else Duration.ZERO


def day_totals(
    sessions: Iterable[AttendanceSession],
    breaks: Iterable[AttendanceBreak],
    day: date,
    tz: TimeZoneLike,
    now: datetime,
) -> DayTotals:
    """Present, break and net time of one user on one local day; open intervals count up to `now`."""
    now = as_utc(now)
    bounds = day_bounds(day, tz)
    by_id = {session.id: session for session in sessions}
    present = sum((_clipped(s.clock_in, s.clock_out, bounds, now) for s in by_id.values()), Duration.ZERO)
    # Breaks only count inside their own session, so stray break data cannot make net time negative.
    on_break = Duration.ZERO
    for brk in breaks:
        session = by_id.get(brk.session_id)
        if session is not None:
            inside = (max(bounds[0], session.clock_in), min(bounds[1], session.clock_out or now))
            on_break += _clipped(brk.started_at, brk.ended_at, inside, now)
    return DayTotals(day=day, present=present, breaks=on_break, net=present - on_break)


def week_totals(
    sessions: Sequence[AttendanceSession],
    breaks: Sequence[AttendanceBreak],
    days: Sequence[date],
    tz: TimeZoneLike,
    now: datetime,
    contract: Duration,
) -> WeekTotals:
    """The totals of each day of the week and of the whole week, with overtime against `contract`."""
    per_day = tuple(day_totals(sessions, breaks, day, tz, now) for day in days)
    net = sum((d.net for d in per_day), Duration.ZERO)
    return WeekTotals(
        days=per_day,
        present=sum((d.present for d in per_day), Duration.ZERO),
        breaks=sum((d.breaks for d in per_day), Duration.ZERO),
        net=net,
        overtime=net - contract,
    )
