"""The timer: start, stop and switch billable work; stopping turns the run into a task-log entry."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from app.domain.calendar import local_date, local_label
from app.domain.duration import Duration
from app.domain.errors import RuleViolation, refuse
from app.domain.project import BillingType, Project, Task, TaskStatus
from app.domain.task_log import TaskLogEntry
from app.domain.timer import TIMER_TOO_SHORT, RunningTimer, start_timer, timer_already_running
from app.services.billable_checks import check_timer_start
from app.services.identity import Actor
from app.services.ports import UnitOfWork
from app.services.projects import find_work
from app.services.task_log import record_entry
from app.services.week_lock import check_week_open
from app.services.work_labels import WorkLabels, WorkRef


@dataclass(frozen=True)
class RunningWork:
    timer: RunningTimer
    work: WorkRef

    def elapsed(self, now: datetime) -> Duration:
        return self.timer.elapsed(now)


def billable_by_default(project: Project, task: Task) -> bool:
    return task.billable and project.billing is not BillingType.NON_BILLABLE


def running(uow: UnitOfWork, actor: Actor) -> RunningWork | None:
    timer = uow.timers.of_user(actor.user.id)
    if timer is None:
        return None
    return RunningWork(timer, WorkLabels(uow).ref(timer.project_id, timer.task_id))


def start(
    uow: UnitOfWork,
    actor: Actor,
    reference: str,
    *,
    note: str = "",
    billable: bool | None = None,
    at: datetime | None = None,
) -> RunningWork:
    """Start the timer on "CODE[/TASK]"; refused while another timer runs for this user."""
    now = at or uow.clock.now()
    current = running(uow, actor)
    if current is not None:
        raise timer_already_running(current.timer, current.work.label, actor.tz, now)
    project, task = find_work(uow, actor.org, reference)
    billable = billable_by_default(project, task) if billable is None else billable
    if billable:
        # Every billable check but the daily cap, for today, all at once (the open week and task among them).
        check_timer_start(uow, actor, project, task, now)
    else:
        # Its time lands on the day it starts: a week already handed in would refuse it at stop.
        check_week_open(uow, actor.org, actor.user.id, local_date(now, actor.tz))
        if task.status is not TaskStatus.OPEN:
            raise refuse("task_closed", f"The task {project.code}/{task.name} is closed; time cannot be logged on it.")
    timer = start_timer(
        org_id=actor.org.id,
        user_id=actor.user.id,
        project_id=project.id,
        task_id=task.id,
        started_at=now,
        note=note,
        billable=billable,
    )
    uow.timers.add(timer)
    return RunningWork(timer, WorkLabels(uow).ref(project.id, task.id))


def stop(
    uow: UnitOfWork, actor: Actor, *, at: datetime | None = None, non_billable: bool = False
) -> TaskLogEntry | None:
    """Stop the running timer and log its time; if the entry cannot be logged, the timer keeps running.

    A timer stopped within its first second has nothing to log: it is discarded and None returned.
    `non_billable` logs the run as internal time: the way out when billable time is refused (e.g. past
    the daily cap with no manager at hand), so the time itself is never lost.
    """
    current = running(uow, actor)
    if current is None:
        raise refuse("no_timer", "No timer is running.")
    timer = current.timer
    try:
        entry = timer.stop(at or uow.clock.now(), actor.tz)
    except RuleViolation as refusal:
        if refusal.code != TIMER_TOO_SHORT:
            raise
        uow.timers.stop(timer)
        return None
    if non_billable:
        entry.billable = False
    record_entry(uow, actor, entry, current.work, running_timer=None)
    uow.timers.stop(timer)
    return entry


def stop_at(uow: UnitOfWork, actor: Actor, when: datetime, *, non_billable: bool = False) -> TaskLogEntry | None:
    """Stop a timer that was left running, at the moment work really ended."""
    current = running(uow, actor)
    if current is not None:
        since = local_label(current.timer.started_at, actor.tz)
        if when <= current.timer.started_at:
            raise refuse("stop_before_start", f"The timer started at {since}; give a later time to stop it at.", "at")
        if when > uow.clock.now():
            raise refuse("stop_in_future", "A timer cannot be stopped at a time that has not come yet.", "at")
    return stop(uow, actor, at=when, non_billable=non_billable)


def switch(uow: UnitOfWork, actor: Actor, reference: str, *, note: str = "") -> tuple[TaskLogEntry | None, RunningWork]:
    """Stop the running timer and start another in one step, so no second falls between them."""
    now = uow.clock.now()
    entry = stop(uow, actor, at=now)
    return entry, start(uow, actor, reference, note=note, at=now)
