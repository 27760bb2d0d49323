"""Today at a glance: who is at the desk, what the timer is doing, time logged and time present today."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from app.domain.attendance import DayTotals
from app.domain.duration import Duration
from app.services import timer
from app.services.attendance import AttendanceWeek, attendance_week
from app.services.identity import Actor
from app.services.ports import UnitOfWork


@dataclass(frozen=True)
class DayOverview:
    organisation: str
    user: str  # name <email>: which account this desktop is signed in as
    day: date
    tz: str
    running: timer.RunningWork | None
    logged: Duration  # entries of today (the running timer not included)
    attendance: AttendanceWeek

    @property
    def attendance_today(self) -> DayTotals:
        """Today's present, break and net time (the week runs in the organisation's week)."""
        return next(day.totals for day in self.attendance.days if day.totals.day == self.day)


def day_overview(uow: UnitOfWork, actor: Actor) -> DayOverview:
    day = actor.today(uow.clock)
    logged = sum((e.duration for e in uow.entries.of_user_between(actor.user.id, day, day)), Duration.ZERO)
    return DayOverview(
        organisation=actor.org.name,
        user=f"{actor.user.name} <{actor.user.email}>",
        day=day,
        tz=actor.tz,
        running=timer.running(uow, actor),
        logged=logged,
        attendance=attendance_week(uow, actor),
    )
