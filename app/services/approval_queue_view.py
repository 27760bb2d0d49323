"""What the Approvals section shows besides the queue itself: its filter choices and one week in detail.

The queue, its totals and the decisions are app.services.approvals; this module only reads.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date

from app.domain import attendance as register
from app.domain.calendar import Week, day_bounds, local_label
from app.domain.duration import Duration
from app.domain.errors import NotFound, Problem
from app.domain.project import Project
from app.domain.task_log import TaskLogEntry
from app.domain.timesheet import TimesheetStatus
from app.domain.timesheet_review import Flag, week_flags
from app.domain.user import User
from app.services.approvals import queue_length, queue_scope
from app.services.billable_checks import budget_warnings
from app.services.identity import MANAGERS, Actor, require_manager
from app.services.ports import UnitOfWork
from app.services.timesheet import current_week
from app.services.work_labels import WorkLabels

RECENT_WEEKS = 12  # offered in the week filter; older weeks still show under "All weeks"


@dataclass(frozen=True)
class QueueChoices:
    """What the queue can be narrowed to, for the actor: teams (admins only), people, projects, weeks."""

    teams: tuple[str | None, ...]  # None: people without a team
    people: tuple[User, ...]
    projects: tuple[Project, ...]
    weeks: tuple[tuple[Week, date], ...]  # newest first, with the week's first day


def queue_choices(uow: UnitOfWork, actor: Actor) -> QueueChoices:
    """Managers see their own team's people, admins everybody's; nobody's own week is in their queue."""
    scope = queue_scope(actor)
    whole_org = scope.whole_org
    people = tuple(user for user in uow.users.all(actor.org.id) if scope.covers(user.id, user.team))
    teams = sorted({user.team for user in people}, key=lambda team: (team is None, (team or "").casefold()))
    week = current_week(uow, actor)
    weeks = tuple((w, w.days(actor.org.week_start)[0]) for w in (week.shifted(-n) for n in range(RECENT_WEEKS)))
    return QueueChoices(
        teams=tuple(teams) if whole_org else (),
        people=tuple(sorted(people, key=lambda user: user.name.casefold())),
        projects=tuple(sorted(uow.projects.all(actor.org.id), key=lambda project: project.code)),
        weeks=weeks,
    )


def waiting_for_me(uow: UnitOfWork, actor: Actor) -> int | None:
    """How many weeks wait for the actor's decision; None for someone who decides on none (a consultant)."""
    return queue_length(uow, actor) if actor.user.role in MANAGERS else None


@dataclass(frozen=True)
class ReviewEntry:
    work: str  # "WEB/General"
    span: str  # "09:00–10:30", or "" for hours typed as a duration
    duration: Duration
    billable: bool
    note: str


@dataclass(frozen=True)
class ReviewDay:
    day: date
    entries: tuple[ReviewEntry, ...]
    billable: Duration
    non_billable: Duration
    attended: Duration | None  # None: no attendance register kept that week


@dataclass(frozen=True)
class ProjectTotal:
    code: str
    name: str
    client: str
    billable: Duration
    non_billable: Duration


@dataclass(frozen=True)
class TimesheetReview:
    timesheet_id: uuid.UUID
    user_name: str
    team: str | None
    week: Week
    status: TimesheetStatus
    submitted: str  # local time, "2026-11-20 09:00"
    days: tuple[ReviewDay, ...]
    projects: tuple[ProjectTotal, ...]
    flags: tuple[Flag, ...]


def _sum(durations: list[Duration]) -> Duration:
    return sum(durations, Duration.ZERO)


def _span(entry: TaskLogEntry, tz: str) -> str:
    if entry.started_at is None or entry.ended_at is None:
        return ""
    return f"{local_label(entry.started_at, tz, entry.work_date)}–{local_label(entry.ended_at, tz, entry.work_date)}"


def _attended(uow: UnitOfWork, user_id: uuid.UUID, days: tuple[date, ...], tz: str) -> dict[date, Duration] | None:
    start, _ = day_bounds(days[0], tz)
    _, end = day_bounds(days[-1], tz)
    sessions = uow.attendance.overlapping(user_id, start, end)
    if not sessions:
        return None
    breaks = uow.breaks.of_sessions([s.id for s in sessions])
    now = uow.clock.now()
    return {day: register.day_totals(sessions, breaks, day, tz, now).net for day in days}


def timesheet_review(uow: UnitOfWork, actor: Actor, timesheet_id: uuid.UUID) -> TimesheetReview:
    """One week of the queue in detail: entries by day, totals per project, and what to look at twice."""
    require_manager(actor, "review timesheets")
    sheet = uow.timesheets.get(timesheet_id)
    owner = uow.users.get(sheet.user_id) if sheet is not None else None
    if sheet is None or owner is None:
        raise NotFound(Problem("no_timesheet", "This timesheet no longer exists; reload the queue."))
    week = Week.containing(sheet.week_start, actor.org.week_start)
    days = week.days(actor.org.week_start)
    entries = sorted(
        uow.entries.of_user_between(owner.id, days[0], days[-1]),
        key=lambda e: (e.work_date, e.started_at is None, e.started_at, e.id),  # ids are time-ordered (v7)
    )
    labels = WorkLabels(uow)
    attended = _attended(uow, owner.id, days, actor.tz)
    review_days = []
    for day in days:
        on_day = [e for e in entries if e.work_date == day]
        review_days.append(
            ReviewDay(
                day,
                tuple(_review_entry(labels, e, actor.tz) for e in on_day),
                _sum([e.duration for e in on_day if e.billable]),
                _sum([e.duration for e in on_day if not e.billable]),
                None if attended is None else attended[day],
            )
        )
    flags = week_flags(
        entries,
        days,
        productive_day=actor.org.productive_day,
        attended=attended,
        budget_warnings=_budget_warnings(uow, actor, entries),
    )
    return TimesheetReview(
        timesheet_id=sheet.id,
        user_name=owner.name,
        team=owner.team,
        week=week,
        status=sheet.status,
        submitted="" if sheet.submitted_at is None else local_label(sheet.submitted_at, actor.tz),
        days=tuple(review_days),
        projects=_project_totals(labels, entries),
        flags=tuple(flags),
    )


def _budget_warnings(uow: UnitOfWork, actor: Actor, entries: list[TaskLogEntry]) -> list[str]:
    """The budget sentences the person logging saw, for each of the week's projects that is spent or nearly so."""
    return [
        warning
        for project_id in dict.fromkeys(e.project_id for e in entries)
        for warning in budget_warnings(uow, actor, project_id)
    ]


def _review_entry(labels: WorkLabels, entry: TaskLogEntry, tz: str) -> ReviewEntry:
    work = labels.ref(entry.project_id, entry.task_id)
    return ReviewEntry(work.label, _span(entry, tz), entry.duration, entry.billable, entry.note)


def _project_totals(labels: WorkLabels, entries: list[TaskLogEntry]) -> tuple[ProjectTotal, ...]:
    by_project: dict[uuid.UUID, list[TaskLogEntry]] = {}
    for entry in entries:
        by_project.setdefault(entry.project_id, []).append(entry)
    totals = []
    for project_entries in by_project.values():
        work = labels.ref(project_entries[0].project_id, project_entries[0].task_id)
        totals.append(
            ProjectTotal(
                work.project.code,
                work.project.name,
                work.client.name,
                _sum([e.duration for e in project_entries if e.billable]),
                _sum([e.duration for e in project_entries if not e.billable]),
            )
        )
    return tuple(sorted(totals, key=lambda total: total.code))
