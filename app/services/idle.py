"""Time the timer ran while nobody was at the computer: noticing it, and doing what the user answered."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from app.domain.calendar import as_utc
from app.domain.errors import refuse
from app.domain.task_log import TaskLogEntry, log_timed
from app.services import timer
from app.services.identity import Actor
from app.services.ports import UnitOfWork
from app.services.projects import find_work
from app.services.task_log import record_entry
from app.services.timer import RunningWork, billable_by_default
from app.services.work_labels import WorkLabels


class IdleAnswer(StrEnum):
    KEEP = "keep"  # the time away counts for the running task
    DISCARD = "discard"  # drop the time away, keep the timer going from now
    DISCARD_AND_STOP = "discard_and_stop"  # drop the time away and stop
    MOVE = "move"  # the time away belongs to another task; the timer goes on from now


@dataclass(frozen=True)
class AwayQuestion:
    """Someone was away since `since` while `running` ran: what should happen to that time?"""

    since: datetime
    running: RunningWork
    tz: str


@dataclass(frozen=True)
class IdleOutcome:
    logged: TaskLogEntry | None  # the running task's time up to the moment the user went away
    moved: TaskLogEntry | None  # the time away, logged on the other task
    running: RunningWork | None  # the timer running afterwards


def away_question(uow: UnitOfWork, actor: Actor, since: datetime) -> AwayQuestion | None:
    """The question to ask when the user has been away since `since`, or None when no timer runs.

    Time away before the timer started is none of the timer's business, so `since` starts no earlier.
    """
    current = timer.running(uow, actor)
    if current is None:
        return None
    return AwayQuestion(max(as_utc(since), current.timer.started_at), current, actor.tz)


def resolve_idle(
    uow: UnitOfWork,
    actor: Actor,
    idle_since: datetime,
    answer: IdleAnswer | str,
    other_reference: str | None = None,
) -> IdleOutcome:
    """Do what the user answered about the time since `idle_since`, in this one unit of work."""
    answer = IdleAnswer(answer)
    current = timer.running(uow, actor)
    if answer is IdleAnswer.KEEP:
        return IdleOutcome(None, None, current)
    now = uow.clock.now()
    since = as_utc(idle_since)
    if current is None:
        raise refuse("no_timer", "The timer was stopped in the meantime; there is no idle time to take out.")
    if since < current.timer.started_at:
        # A timer started after the user went away is not the one the question was about.
        raise refuse("timer_changed", "The timer was switched in the meantime; its time was left as it is.")
    if since > now:
        raise refuse("idle_in_future", "The idle time cannot start later than now.")
    other = None
    if answer is IdleAnswer.MOVE:
        if not (other_reference or "").strip():
            raise refuse("move_needs_task", "Choose the task the time away belongs to.", "task")
        other = find_work(uow, actor.org, other_reference or "")
    logged = timer.stop(uow, actor, at=since)
    if answer is IdleAnswer.DISCARD_AND_STOP:
        return IdleOutcome(logged, None, None)
    moved = None
    if other is not None and now > since:
        project, task = other
        entry = log_timed(
            org_id=actor.org.id,
            user_id=actor.user.id,
            project_id=project.id,
            task_id=task.id,
            started_at=since,
            ended_at=now,
            tz=actor.tz,
            billable=billable_by_default(project, task),
        )
        moved = record_entry(uow, actor, entry, WorkLabels(uow).ref(project.id, task.id), running_timer=None)
    restarted = timer.start(
        uow, actor, current.work.label, note=current.timer.note, billable=current.timer.billable, at=now
    )
    return IdleOutcome(logged, moved, restarted)
