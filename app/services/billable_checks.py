"""Checking billable time before it is accepted, and the "Blocked billable work" list of what was refused.

The checks themselves are app.domain.billable_checks; this module gathers their facts with as few queries
as it can (the budget is one aggregate, the day's billable time comes from the entries the task log reads
anyway) and turns failed checks into a BillableWorkRefused. That refusal carries the BlockedAttempt to keep:
the unit of work rolls the refused work back and then records the attempt in a transaction of its own, so
every way time comes in (CLI, window, tray, idle answers) leaves its trace without each caller doing it.
Non-billable time and attendance are never checked here.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta

from app.domain.billable_checks import (
    BillableFacts,
    BudgetUse,
    CapOverride,
    Verdict,
    budget_standing,
    check_billable,
    refusal,
)
from app.domain.calendar import day_bounds, local_date, local_label
from app.domain.duration import Duration
from app.domain.errors import Problem, RuleViolation, refuse
from app.domain.project import Project, Task
from app.domain.task_log import TaskLogEntry, find_clash
from app.domain.timer import RunningTimer
from app.services.identity import MANAGERS, Actor
from app.services.ports import UnitOfWork
from app.services.week_lock import closed_week_problem
from app.services.work_labels import WorkLabels, WorkRef


def entry_verdict(
    uow: UnitOfWork, actor: Actor, entry: TaskLogEntry, work: WorkRef, nearby: Iterable[TaskLogEntry]
) -> Verdict:
    """The checks of a billable entry about to be added or changed; `nearby` is the task log around its day
    (TaskLog.near), which holds the entry's stored version when it is being changed."""
    nearby = list(nearby)
    stored = next((other for other in nearby if other.id == entry.id), None)
    facts = _facts(uow, actor, entry.user_id, work.project, work.task, entry.work_date, stored=stored)
    return check_billable(
        replace(
            facts,
            duration=entry.duration,
            amount=entry.amount,
            day_billable=_billable_that_day(entry, nearby),
            productive_day=actor.org.productive_day,
            cap_override=_override(uow, entry),
        )
    )


def _billable_that_day(entry: TaskLogEntry, nearby: list[TaskLogEntry]) -> Duration:
    """The person's other billable time on the entry's day (the entry's own stored version left out)."""
    return sum(
        (
            other.duration
            for other in nearby
            if other.billable
            and other.user_id == entry.user_id
            and other.work_date == entry.work_date
            and other.id != entry.id
        ),
        Duration.ZERO,
    )


def entry_refusal(
    uow: UnitOfWork, entry: TaskLogEntry, blocking: Sequence[Problem], others: Sequence[Problem]
) -> RuleViolation:
    """The refusal of an entry: the billable checks' problems (recorded) and the task log's own (not)."""
    return refusal(
        org_id=entry.org_id,
        user_id=entry.user_id,
        project_id=entry.project_id,
        task_id=entry.task_id,
        at=uow.clock.now(),
        blocking=blocking,
        others=others,
    )


def check_timer_start(uow: UnitOfWork, actor: Actor, project: Project, task: Task, now: datetime) -> None:
    """Refuse a billable timer that could not be logged today: every check but the daily cap (a timer has no
    length yet), and no entry may already cover this moment."""
    today = local_date(now, actor.tz)
    verdict = check_billable(_facts(uow, actor, actor.user.id, project, task, today, stored=None))
    overlap = []
    moment = TaskLogEntry(
        org_id=actor.org.id,
        user_id=actor.user.id,
        project_id=project.id,
        task_id=task.id,
        work_date=today,
        duration=Duration(1),
        started_at=now,
        ended_at=now + timedelta(seconds=1),
    )
    clash = find_clash(moment, uow.entries.near(actor.user.id, today))
    if clash is not None and clash.interval is not None:
        start, end = clash.interval
        label = WorkLabels(uow).ref(clash.project_id, clash.task_id).label
        overlap.append(
            Problem(
                "entry_overlaps",
                f"Your entry on {label} runs from {local_label(start, actor.tz, today)} to "
                f"{local_label(end, actor.tz, today)}; a timer started now would overlap it.",
            )
        )
    if verdict.problems or overlap:
        raise refusal(
            org_id=actor.org.id,
            user_id=actor.user.id,
            project_id=project.id,
            task_id=task.id,
            at=now,
            blocking=verdict.problems,
            others=overlap,
        )


def budget_warnings(uow: UnitOfWork, actor: Actor, project_id: uuid.UUID) -> list[str]:
    """The sentences the person logging is shown about a project's budget once their time is in: spent, or
    used from the organisation's warning level on (the same sentences managers see when approving)."""
    project = uow.projects.get(project_id)
    if project is None or (project.budget_hours is None and project.budget_amount is None):
        return []
    currency = None if project.budget_amount is None else project.budget_amount.currency.code
    return list(
        budget_standing(project, uow.entries.budget_use(project.id, currency), actor.org.budget_warning_percent)
    )


def warnings_after(uow: UnitOfWork, actor: Actor, *work: TaskLogEntry | RunningTimer | None) -> list[str]:
    """The budget warnings for what was just logged or started (None: nothing was); billable time only,
    each project once."""
    projects = dict.fromkeys(item.project_id for item in work if item is not None and item.billable)
    return [warning for project_id in projects for warning in budget_warnings(uow, actor, project_id)]


def cap_override_by(actor: Actor, reason: str | None) -> tuple[uuid.UUID | None, str]:
    """Who lets an entry go past the productive day (the actor, who must manage) and why; (None, "") for none."""
    if reason is None:
        return None, ""
    if actor.user.role not in MANAGERS:
        raise refuse(
            "not_allowed",
            "Only managers and admins can allow billable time past the productive day.",
            "cap_override_reason",
        )
    if not reason.strip():
        raise refuse("reason_required", "Say why this day may hold more billable time.", "cap_override_reason")
    return actor.user.id, reason.strip()


def _facts(
    uow: UnitOfWork,
    actor: Actor,
    user_id: uuid.UUID,
    project: Project,
    task: Task,
    day: date,
    stored: TaskLogEntry | None,
) -> BillableFacts:
    """The facts every billable check needs, whether an entry or a timer start is checked."""
    org = actor.org
    person = None
    if user_id != actor.user.id:
        user = uow.users.get(user_id)
        person = None if user is None else user.name
    return BillableFacts(
        project=project,
        task=task,
        work_date=day,
        assigned=any(a.covers(day) for a in uow.assignments.of(user_id, project.id)),
        person=person,
        used=_budget_used(uow, project, stored),
        lock_date=org.lock_date,
        closed_week=closed_week_problem(uow, org, user_id, day),
        warning_percent=org.budget_warning_percent,
    )


def _budget_used(uow: UnitOfWork, project: Project, stored: TaskLogEntry | None) -> BudgetUse | None:
    """What the project's billable time has used, leaving out the stored version of an entry being changed
    (it is about to be replaced by the changed one, which the checks add)."""
    if project.budget_hours is None and project.budget_amount is None:
        return None
    currency = None if project.budget_amount is None else project.budget_amount.currency.code
    used = uow.entries.budget_use(project.id, currency)
    if stored is None or not stored.billable or stored.project_id != project.id:
        return used
    amount = used.amount
    if amount is not None and stored.amount is not None and stored.amount.currency == amount.currency:
        amount = amount - stored.amount
    return BudgetUse(used.hours - stored.duration, amount)


def _override(uow: UnitOfWork, entry: TaskLogEntry) -> CapOverride | None:
    if entry.cap_override_by is None:
        return None
    by = uow.users.get(entry.cap_override_by)
    return CapOverride(by is not None and by.role in MANAGERS, entry.cap_override_reason)


@dataclass(frozen=True)
class BlockedLine:
    """How often one project was blocked for one reason, and the sentence people were last shown."""

    project: Project
    code: str
    message: str
    count: int
    last: datetime


def blocked_summary(uow: UnitOfWork, actor: Actor, first: date, last: date) -> list[BlockedLine]:
    """Refused billable attempts from `first` to `last` (local days), per project and reason, most frequent
    first within a project. Managers and admins see everyone's; others their own."""
    if last < first:
        raise refuse("range_reversed", f"The range ends ({last}) before it starts ({first}).", "last")
    start, end = day_bounds(first, actor.tz)[0], day_bounds(last, actor.tz)[1]
    mine = None if actor.user.role in MANAGERS else actor.user.id
    lines: dict[tuple[uuid.UUID, str], BlockedLine] = {}
    projects: dict[uuid.UUID, Project] = {}
    for attempt in uow.blocked.between(actor.org.id, start, end, mine):
        for code, message in zip(attempt.codes, attempt.messages, strict=True):
            key = (attempt.project_id, code)
            seen = lines.get(key)
            if seen is None:
                project = projects.get(attempt.project_id) or uow.projects.get(attempt.project_id)
                if project is None:  # deleted since: its blocks no longer matter to anyone
                    continue
                projects[project.id] = project
                lines[key] = BlockedLine(project, code, message, 1, attempt.at)
            else:  # attempts come oldest first: this one is the latest so far
                lines[key] = BlockedLine(seen.project, code, message, seen.count + 1, attempt.at)
    return sorted(lines.values(), key=lambda line: (line.project.code, -line.count, line.code))


@dataclass(frozen=True)
class BlockedWork:
    """The "Blocked billable work" list over a range of days, and whose attempts it holds."""

    first: date
    last: date
    everyone: bool  # a manager's or admin's list; a consultant's holds only their own attempts
    tz: str
    lines: list[BlockedLine]


def blocked_work(
    uow: UnitOfWork, actor: Actor, first: date | None = None, last: date | None = None, *, days: int = 30
) -> BlockedWork:
    """The list from `first` to `last` (local days); by default the `days` days up to `last`, itself today."""
    last = last or actor.today(uow.clock)
    first = first or last - timedelta(days=days - 1)
    lines = blocked_summary(uow, actor, first, last)
    return BlockedWork(first, last, actor.user.role in MANAGERS, actor.tz, lines)
