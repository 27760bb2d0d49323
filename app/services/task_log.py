"""The billable task log: logging entries by hand or from the timer, and reading them back."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from app.domain.calendar import at_local, local_label, parse_clock_time
from app.domain.duration import Duration
from app.domain.errors import Checks, Problem, refuse
from app.domain.project import TaskStatus
from app.domain.task_log import TaskLogEntry, check_day_total, check_no_clash, log_duration, log_timed
from app.domain.text import collect
from app.domain.timer import RunningTimer
from app.domain.user import User
from app.services.billable_checks import cap_override_by, entry_refusal, entry_verdict
from app.services.identity import MANAGERS, Actor, user_by_email
from app.services.ports import UnitOfWork
from app.services.projects import find_work
from app.services.rating import rate_for_work
from app.services.week_lock import closed_week_problem
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
    adds_billable_time: bool = True,
) -> None:
    """The rules an entry must keep among its user's others: open task, open week, clear of the running
    timer, no overlap, no day above 24 h. Billable time being added also passes the billable checks
    (app.services.billable_checks); every failed rule is reported at once, and refused billable time
    leaves a record of the attempt."""
    checks = Checks()
    blocking: tuple[Problem, ...] = ()
    nearby = uow.entries.near(entry.user_id, entry.work_date)
    if entry.billable and adds_billable_time:
        blocking = entry_verdict(uow, actor, entry, work, nearby).problems
    else:
        if task_must_be_open:
            checks.require(
                work.task.status is TaskStatus.OPEN,
                "task_closed",
                f"The task {work.label} is closed; time cannot be logged on it.",
            )
        closed_week = closed_week_problem(uow, actor.org, entry.user_id, entry.work_date)
        if closed_week is not None:
            checks.problems.append(closed_week)
    if running_timer is not None and entry.interval is not None and entry.interval[1] > running_timer.started_at:
        # The running timer covers everything from its start on, up to whenever it is stopped.
        since = local_label(running_timer.started_at, actor.tz)
        checks.problems.append(
            Problem(
                "entry_overlaps_timer",
                f"This entry overlaps your running timer (since {since}); stop the timer first.",
                "started_at",
            )
        )
    labels = WorkLabels(uow)
    collect(
        checks, check_no_clash, entry, nearby, actor.tz, lambda other: labels.ref(other.project_id, other.task_id).label
    )
    collect(checks, check_day_total, entry, nearby)
    if blocking or checks.problems:
        raise entry_refusal(uow, entry, blocking, checks.problems)


def record_entry(
    uow: UnitOfWork, actor: Actor, entry: TaskLogEntry, work: WorkRef, running_timer: RunningTimer | None
) -> TaskLogEntry:
    """Price the entry at the rate for its date (a budget in money needs its amount), refuse what does not
    fit, and add it."""
    resolved = rate_for_work(uow, actor.org, entry.user_id, work.project, work.task, entry.work_date)
    if resolved is not None:
        entry.rate, entry.rate_source = resolved.amount, resolved.level
    check_fits(uow, actor, entry, work, running_timer)
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
    cap_override_reason: str | None = None,
) -> TaskLogEntry:
    """Log time by hand: a duration on a day, or a from–to span on that day (local time).

    A manager logging more billable time in a day than the productive day gives `cap_override_reason`.
    """
    override = cap_override_by(actor, cap_override_reason)
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
    entry.cap_override_by, entry.cap_override_reason = override
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
