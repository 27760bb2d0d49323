"""The running timer: work on a task measured live, turned into a time entry when stopped.

A user has at most one running timer (the database enforces it; `timer_already_running` gives the
service its sentence). Stopping a timer that ran for less than a second logs nothing: `stop` refuses
with code TIMER_TOO_SHORT and the service deletes the timer, so the user is told rather than left
with a silent zero-length entry. When the computer's clock shows a time before the timer started,
`stop` refuses with CLOCK_BEHIND_TIMER and the timer must be kept, because the work is real.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from uuid import UUID

from moneyed import Money

from app.domain.calendar import TimeZoneLike, as_utc, local_date, local_label, span
from app.domain.duration import Duration
from app.domain.errors import Checks, RuleViolation, refuse
from app.domain.rates import RateLevel
from app.domain.record import Record
from app.domain.task_log import TaskLogEntry, clean_note, log_timed

TIMER_ALREADY_RUNNING = "timer_already_running"
TIMER_TOO_SHORT = "timer_too_short"
CLOCK_BEHIND_TIMER = "clock_behind_timer"


@dataclass(kw_only=True, eq=False)
class RunningTimer(Record):
    user_id: UUID
    project_id: UUID
    task_id: UUID
    started_at: datetime
    note: str = ""
    billable: bool = True

    def elapsed(self, now: datetime) -> Duration:
        """Time run so far; ZERO rather than negative if the clock has gone backwards."""
        return max(span(self.started_at, now), Duration.ZERO)

    def stop(
        self,
        now: datetime,
        tz: TimeZoneLike,
        *,
        rate: Money | None = None,
        rate_source: RateLevel | None = None,
    ) -> TaskLogEntry:
        """The draft entry for the time run, from the start to `now`, dated in the user's zone `tz`."""
        if as_utc(now) < self.started_at:
            raise refuse(
                CLOCK_BEHIND_TIMER,
                f"Your computer's clock shows {local_label(now, tz)}, before the timer started at "
                f"{local_label(self.started_at, tz)}; correct the clock, then stop the timer again.",
            )
        if self.elapsed(now) == Duration.ZERO:
            raise refuse(TIMER_TOO_SHORT, "The timer ran for less than a second; nothing to log.")
        return log_timed(
            org_id=self.org_id,
            user_id=self.user_id,
            project_id=self.project_id,
            task_id=self.task_id,
            started_at=self.started_at,
            ended_at=now,
            tz=tz,
            note=self.note,
            billable=self.billable,
            rate=rate,
            rate_source=rate_source,
        )


def start_timer(
    *,
    org_id: UUID,
    user_id: UUID,
    project_id: UUID,
    task_id: UUID,
    started_at: datetime,
    note: str = "",
    billable: bool = True,
) -> RunningTimer:
    checks = Checks()
    clean = clean_note(note, checks)
    checks.raise_if_any()
    return RunningTimer(
        org_id=org_id,
        user_id=user_id,
        project_id=project_id,
        task_id=task_id,
        started_at=as_utc(started_at),
        note=clean,
        billable=billable,
    )


def timer_already_running(running: RunningTimer, task_label: str, tz: TimeZoneLike, now: datetime) -> RuleViolation:
    """What a user hears when starting a second timer, naming the one already running."""
    since = local_label(running.started_at, tz, local_date(now, tz))
    return refuse(
        TIMER_ALREADY_RUNNING,
        f"A timer is already running for {task_label} since {since}; stop it before starting another.",
    )
