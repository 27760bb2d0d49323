"""Where a person stands right now: the running timer, clocked in or on a break, today's time, recent work.

The tray reads this once per change and computes the live figures (elapsed, today's total) from it
every second without asking the database again.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from app.domain.calendar import day_bounds, span
from app.domain.duration import Duration
from app.domain.errors import TimeledgerError
from app.services import timer
from app.services.identity import current_actor
from app.services.ports import Workspace
from app.services.task_log import EntryView
from app.services.work_choices import WorkChoice, work_choices
from app.services.work_labels import WorkLabels

RECENT_ENTRIES = 5


@dataclass(frozen=True)
class WorkStatus:
    tz: str = "UTC"
    day: date | None = None
    day_start: datetime | None = None  # today's first instant (UTC), for the running part of today
    running: timer.RunningWork | None = None
    clocked_in_since: datetime | None = None
    on_break: bool = False
    logged_today: Duration = Duration.ZERO
    recent: list[EntryView] = field(default_factory=list)  # the latest entries, newest first
    choices: list[WorkChoice] = field(default_factory=list)  # what a timer can start on, recent first
    problem: str | None = None  # e.g. no organisation yet: said instead of the figures

    @property
    def clocked_in(self) -> bool:
        return self.clocked_in_since is not None

    def elapsed(self, now: datetime) -> Duration:
        return Duration.ZERO if self.running is None else self.running.elapsed(now)

    def today_total(self, now: datetime) -> Duration:
        """Logged today plus the part of the running timer that falls on today."""
        if self.running is None or self.day_start is None:
            return self.logged_today
        since = max(self.running.timer.started_at, self.day_start)
        return self.logged_today + max(span(since, now), Duration.ZERO)


def work_status(workspace: Workspace) -> WorkStatus:
    """One read of everything the tray shows; a ledger not set up yet comes back as a problem sentence."""
    with workspace.read() as uow:
        try:
            actor = current_actor(uow)
        except TimeledgerError as error:
            return WorkStatus(problem=str(error))
        day = actor.today(uow.clock)
        labels = WorkLabels(uow)
        today = uow.entries.of_user_between(actor.user.id, day, day)
        latest = uow.entries.recent(actor.user.id, RECENT_ENTRIES)
        session = uow.attendance.open_session(actor.user.id)
        return WorkStatus(
            tz=actor.tz,
            day=day,
            day_start=day_bounds(day, actor.tz)[0],
            running=timer.running(uow, actor),
            clocked_in_since=None if session is None else session.clock_in,
            on_break=uow.breaks.open_break(actor.user.id) is not None,
            logged_today=sum((e.duration for e in today), Duration.ZERO),
            recent=[EntryView(e, labels.ref(e.project_id, e.task_id), actor.user) for e in latest],
            choices=work_choices(uow, actor),
        )
