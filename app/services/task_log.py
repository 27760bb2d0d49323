"""The billable task log: logging entries by hand or from the timer, and reading them back."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from app.domain.calendar import at_local, local_label, parse_clock_time
from app.domain.duration import Duration
from app.domain.errors import Checks, refuse
from app.domain.project import TaskStatus
from app.domain.task_log import TaskLogEntry, check_day_total, check_no_clash, log_duration, log_timed
from app.domain.text import collect
from app.domain.timer import RunningTimer
from app.domain.user import User
from app.services.identity import MANAGERS, Actor, user_by_email
from app.services.ports import UnitOfWork
from app.services.projects import find_work
from app.services.rating import rate_for_work
from app.services.work_labels import WorkLabels, WorkRef


@dataclass(frozen=True)
class EntryView:
    entry: TaskLogEntry
    work: WorkRef
    user: User


def check_fits(
    uow: UnitOfWork,
    actor: Actor,
    entry: TaskLogEntry,
    work: WorkRef,
    running_timer: RunningTimer | None,
    *,
    task_must_be_open: bool = True,
) -> None:
    """The rules an entry must keep among its user's others: open task, clear of the running timer,
    no overlap, no day above 24 h."""
    if task_must_be_open and work.task.status is not TaskStatus.OPEN:
        raise refuse("task_closed", f"The task {work.label} is closed; time cannot be logged on it.")
    if running_timer is not None and entry.interval is not None and entry.interval[1] > running_timer.started_at:
        # The running timer covers everything from its start on, up to whenever it is stopped.
        since = local_label(running_timer.started_at, actor.tz)
        raise refuse(
            "entry_overlaps_timer",
            f"This entry overlaps your running timer (since {since}); stop the timer first.",
            "started_at",
        )
    nearby = uow.entries.near(entry.user_id, entry.work_date)
    labels = WorkLabels(uow)
    check_no_clash(entry, nearby, actor.tz, describe=lambda other: labels.ref(other.project_id, other.task_id).label)
    check_day_total(entry, nearby)


def record_entry(
    uow: UnitOfWork, actor: Actor, entry: TaskLogEntry, work: WorkRef, running_timer: RunningTimer | None
) -> TaskLogEntry:
    """Price the entry at the rate for its date, refuse what does not fit, and add it."""
    check_fits(uow, actor, entry, work, running_timer)
    resolved = rate_for_work(uow, actor.org, entry.user_id, work.project, work.task, entry.work_date)
    if resolved is not None:
        entry.rate, entry.rate_source = resolved.amount, resolved.level
    return uow.entries.add(entry)


def log_entry(
    uow: UnitOfWork,
    actor: Actor,
    reference: str,
    *,
    day: date,
    hours: str | None = None,
    start: str | None = None,
    end: str | None = None,
    note: str = "",
    billable: bool = True,
) -> TaskLogEntry:
    """Log time by hand: a duration on a day, or a from–to span on that day (local time)."""
    project, task = find_work(uow, actor.org, reference)
    work = WorkLabels(uow).ref(project.id, task.id)
    billable = billable and task.billable
    common = dict(
        org_id=actor.org.id,
        user_id=actor.user.id,
        project_id=project.id,
        task_id=task.id,
        note=note,
        billable=billable,
    )
    if (hours is None) == (start is None or end is None):
        raise refuse("hours_or_span", "Give either --hours, or both --from and --to.")
    if hours is not None:
        entry = log_duration(**common, work_date=day, duration=Duration.parse(hours, field="hours"))
    else:
        checks = Checks()
        begins = collect(checks, parse_clock_time, start, field="from")
        ends = collect(checks, parse_clock_time, end, field="to")
        checks.raise_if_any()
        entry = log_timed(
            **common,
            started_at=at_local(day, begins, actor.tz),
            ended_at=at_local(day, ends, actor.tz),
            tz=actor.tz,
        )
    return record_entry(uow, actor, entry, work, uow.timers.of_user(actor.user.id))


def entries_between(
    uow: UnitOfWork, actor: Actor, first: date, last: date, user_email: str | None = None
) -> list[EntryView]:
    """One user's entries over a date range; looking at someone else's needs a manager."""
    if last < first:
        raise refuse("range_reversed", f"The range ends ({last}) before it starts ({first}).")
    user = actor.user if user_email is None else user_by_email(uow, actor.org, user_email)
    if user.id != actor.user.id and actor.user.role not in MANAGERS:
        raise refuse("not_allowed", "Only managers and admins can see other people's time.")
    labels = WorkLabels(uow)
    return [
        EntryView(entry, labels.ref(entry.project_id, entry.task_id), user)
        for entry in uow.entries.of_user_between(user.id, first, last)
    ]
