"""Timesheet approval: a consultant submits a week, a manager approves, rejects or reopens it.

Who decides: managers decide on the weeks of people in their own team (the same `team`, where "no
team" is a team of its own, so a firm without teams still works), admins on anybody's; nobody on
their own week. An organisation with approval switched off (a solo consultant) approves on submit.

Every decision is a change of the timesheet row, so the audit log records who made it, when, and the
reason: the reason is emptied on submit, so each rejection or reopening writes it afresh.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime

from app.domain.approval_queue import QueuedTimesheet, QueueQuery, QueueScope
from app.domain.calendar import Week, local_date, local_label
from app.domain.errors import NotFound, Problem, RuleViolation, refuse
from app.domain.task_log import ENTRY_TRANSITIONS, EntryStatus
from app.domain.text import clean_text
from app.domain.timesheet import TIMESHEET_TRANSITIONS, Timesheet, TimesheetStatus
from app.domain.user import Role, User
from app.services.identity import Actor, require_manager, user_by_email
from app.services.ports import UnitOfWork
from app.services.timesheet import current_week
from app.services.work_labels import WorkLabels

PAGE_SIZE = 200
EVERYTHING = QueueQuery()
MAX_REASON_CHARS = 2_000


@dataclass(frozen=True)
class WeekStatus:
    """Where one of the actor's weeks stands, for the Timesheet view."""

    week: Week
    status: TimesheetStatus
    submitted_at: datetime | None
    decided_at: datetime | None
    decided_by: str | None  # the name of who approved, rejected or reopened it
    reason: str  # why it was rejected or reopened

    @property
    def editable(self) -> bool:
        """Open and rejected weeks take changes; submitted and approved ones do not."""
        return self.status in (TimesheetStatus.OPEN, TimesheetStatus.REJECTED)


@dataclass(frozen=True)
class Outcome:
    """What happened to one timesheet of a bulk approval."""

    timesheet_id: uuid.UUID
    user_name: str
    user_email: str
    week: Week | None
    problems: tuple[Problem, ...] = ()  # empty: approved

    @property
    def approved(self) -> bool:
        return not self.problems

    @property
    def message(self) -> str:
        return " ".join(p.message for p in self.problems)


@dataclass(frozen=True)
class BulkReport:
    outcomes: tuple[Outcome, ...]

    @property
    def approved(self) -> tuple[Outcome, ...]:
        return tuple(o for o in self.outcomes if o.approved)

    @property
    def failed(self) -> tuple[Outcome, ...]:
        return tuple(o for o in self.outcomes if not o.approved)


def _week_of(sheet: Timesheet) -> Week:
    return Week.containing(sheet.week_start, sheet.week_start.weekday())


def _days(sheet: Timesheet) -> tuple[date, date]:
    days = _week_of(sheet).days(sheet.week_start.weekday())
    return days[0], days[-1]


def _move_entries(uow: UnitOfWork, sheet: Timesheet, source: EntryStatus, target: EntryStatus) -> None:
    """The week's `source` entries follow their timesheet to `target` (one statement for the whole week)."""
    uow.entries.move_status(sheet.user_id, *_days(sheet), source, ENTRY_TRANSITIONS.check(source, target))


def _move(sheet: Timesheet, target: TimesheetStatus) -> None:
    sheet.status = TIMESHEET_TRANSITIONS.check(sheet.status, target)


def week_status(uow: UnitOfWork, actor: Actor, week: Week | None = None) -> WeekStatus:
    """The status of the actor's week (this week when None) and, when rejected, why."""
    week = week or current_week(uow, actor)
    sheet = uow.timesheets.of(actor.user.id, week.days(actor.org.week_start)[0])
    if sheet is None:
        return WeekStatus(week, TimesheetStatus.OPEN, None, None, None, "")
    decider = uow.users.get(sheet.decided_by) if sheet.decided_by else None
    return WeekStatus(
        week, sheet.status, sheet.submitted_at, sheet.decided_at, decider.name if decider else None, sheet.reason
    )


def submit(uow: UnitOfWork, actor: Actor, week: Week | None = None) -> Timesheet:
    """Hand the actor's week (this week when None) in for approval; its entries become submitted.

    Refused, with every reason at once, while a timer started in that week runs or while billable
    entries lack a note the organisation requires. Without approval the week is approved at once.
    """
    week = week or current_week(uow, actor)
    days = week.days(actor.org.week_start)
    if days[0] > actor.today(uow.clock):
        raise refuse("week_not_started", f"Week {week} has not started yet; submit it once it is worked.", "week")
    sheet = uow.timesheets.of(actor.user.id, days[0])
    is_new = sheet is None
    if sheet is None:
        sheet = Timesheet(org_id=actor.org.id, user_id=actor.user.id, week_start=days[0])
    if sheet.status in (TimesheetStatus.SUBMITTED, TimesheetStatus.APPROVED):
        raise refuse("already_submitted", f"Week {week} is already {sheet.status.value}.", "week")
    _check_ready(uow, actor, week, days)
    _move(sheet, TimesheetStatus.SUBMITTED)
    now = uow.clock.now()
    sheet.submitted_at, sheet.decided_at, sheet.decided_by, sheet.reason = now, None, None, ""
    _move_entries(uow, sheet, EntryStatus.DRAFT, EntryStatus.SUBMITTED)
    if not actor.org.approval_required:  # a solo consultant: nobody else to ask
        _approve(uow, actor, sheet)
    saved = uow.timesheets.add(sheet) if is_new else uow.timesheets.save(sheet)
    uow.sync_ops.add("submit_week", timesheet_id=sheet.id, week_start=days[0])
    return saved


def _check_ready(uow: UnitOfWork, actor: Actor, week: Week, days: tuple[date, ...]) -> None:
    """Every reason the week cannot be handed in yet: a timer still running in it, billable entries without the
    note the organisation requires."""
    problems = []
    labels = WorkLabels(uow)
    timer = uow.timers.of_user(actor.user.id)
    if timer is not None and local_date(timer.started_at, actor.tz) in days:
        since, label = local_label(timer.started_at, actor.tz), labels.ref(timer.project_id, timer.task_id).label
        stop_it = f"Your timer on {label} runs since {since}; stop it before submitting week {week}."
        problems.append(Problem("timer_running", stop_it))
    if actor.org.notes_required:
        problems += [
            Problem(
                "note_required",
                f"Add a note to your billable entry on {labels.ref(entry.project_id, entry.task_id).label} "
                f"on {entry.work_date:%a %d %b} ({entry.duration} h); notes are required before submitting.",
                "note",
            )
            for entry in uow.entries.of_user_between(actor.user.id, days[0], days[-1])
            if entry.billable and not entry.note.strip()
        ]
    if problems:
        raise RuleViolation(*problems)


def _approve(uow: UnitOfWork, actor: Actor, sheet: Timesheet) -> None:
    _move(sheet, TimesheetStatus.APPROVED)
    sheet.decided_at, sheet.decided_by, sheet.reason = uow.clock.now(), actor.user.id, ""
    _move_entries(uow, sheet, EntryStatus.SUBMITTED, EntryStatus.APPROVED)


def find_timesheet(uow: UnitOfWork, actor: Actor, email: str, week: Week) -> Timesheet:
    """The timesheet of the user with `email` for `week`; NotFound when that week was never submitted."""
    user = user_by_email(uow, actor.org, email)
    sheet = uow.timesheets.of(user.id, week.days(actor.org.week_start)[0])
    if sheet is None:
        raise NotFound(Problem("no_timesheet", f"{user.name} has not submitted week {week}.", "week"))
    return sheet


def _decision(
    uow: UnitOfWork, actor: Actor, timesheet_id: uuid.UUID, seen_version: int | None, doing: str
) -> tuple[Timesheet, User]:
    """The timesheet to decide on, once the actor is shown to be allowed to."""
    require_manager(actor, doing)
    sheet = uow.timesheets.get(timesheet_id)
    if sheet is None:
        raise NotFound(Problem("no_timesheet", "This timesheet no longer exists; reload the queue."))
    if seen_version is not None and sheet.version != seen_version:
        raise refuse("changed", "This timesheet changed in the meantime (resubmitted or decided); reload the queue.")
    owner = uow.users.get(sheet.user_id)
    assert owner is not None, "timesheets only point at users that exist"
    if owner.id == actor.user.id:
        raise refuse(
            "own_timesheet",
            f"Nobody can {doing} of their own; another manager or an admin decides on week {_week_of(sheet)}.",
        )
    if actor.user.role is Role.MANAGER and owner.team != actor.user.team:
        raise refuse(
            "not_your_team",
            f"{owner.name} is in {_team(owner.team)} and you are in {_team(actor.user.team)}; managers {doing} "
            "only for their own team (an admin can do it for anyone).",
        )
    return sheet, owner


def _team(team: str | None) -> str:
    return f"team {team}" if team else "no team"


def _require(sheet: Timesheet, owner: User, status: TimesheetStatus, doing: str) -> None:
    if sheet.status is not status:
        raise refuse(
            "wrong_status",
            f"{owner.name}'s week {_week_of(sheet)} is {sheet.status.value}; only {status.value} weeks can be {doing}.",
        )


def _reason(reason: str, why: str) -> str:
    text = clean_text(reason, "reason", MAX_REASON_CHARS)
    if not text:
        raise refuse("reason_required", f"Give a reason {why}.", "reason")
    return text


def approve(uow: UnitOfWork, actor: Actor, timesheet_id: uuid.UUID, *, seen_version: int | None = None) -> Timesheet:
    """Approve a submitted week: it and its entries are frozen until a manager reopens it."""
    sheet, owner = _decision(uow, actor, timesheet_id, seen_version, "approve timesheets")
    _require(sheet, owner, TimesheetStatus.SUBMITTED, "approved")
    _approve(uow, actor, sheet)
    uow.sync_ops.add("approve", timesheet_id=sheet.id)
    return uow.timesheets.save(sheet)


def approve_many(uow: UnitOfWork, actor: Actor, timesheet_ids: Sequence[uuid.UUID]) -> BulkReport:
    """Approve each timesheet on its own: one refused leaves the others approved, and the report says why.

    Each approval runs in a savepoint of the one transaction: a failure rolls back only its own
    half-done changes, and the approvals that worked are kept by the caller's single commit (a commit
    per timesheet would cost a disk sync each).
    """
    outcomes = []
    for timesheet_id in dict.fromkeys(timesheet_ids):
        sheet = uow.timesheets.get(timesheet_id)
        owner = uow.users.get(sheet.user_id) if sheet else None
        who = (owner.name, owner.email) if owner else ("?", "")
        week = _week_of(sheet) if sheet else None
        try:
            with uow.savepoint():
                approve(uow, actor, timesheet_id)
        except RuleViolation as refusal:
            outcomes.append(Outcome(timesheet_id, *who, week, refusal.problems))
        else:
            outcomes.append(Outcome(timesheet_id, *who, week))
    return BulkReport(tuple(outcomes))


def approve_all(uow: UnitOfWork, actor: Actor, query: QueueQuery = EVERYTHING) -> BulkReport:
    """Approve every week of the actor's queue that matches `query` (e.g. one week)."""
    ids: list[uuid.UUID] = []
    after = None
    while page := queue(uow, actor, query, after):
        ids += [row.timesheet_id for row in page]
        after = page[-1]
    return approve_many(uow, actor, ids)


def reject(
    uow: UnitOfWork, actor: Actor, timesheet_id: uuid.UUID, reason: str, *, seen_version: int | None = None
) -> Timesheet:
    """Send a submitted week back with a reason; its entries can be changed again and the week resubmitted."""
    sheet, owner = _decision(uow, actor, timesheet_id, seen_version, "reject timesheets")
    _require(sheet, owner, TimesheetStatus.SUBMITTED, "rejected")
    text = _reason(reason, f"for rejecting, so {owner.name} knows what to fix")
    _move(sheet, TimesheetStatus.REJECTED)
    sheet.decided_at, sheet.decided_by, sheet.reason = uow.clock.now(), actor.user.id, text
    _move_entries(uow, sheet, EntryStatus.SUBMITTED, EntryStatus.DRAFT)
    uow.sync_ops.add("reject", timesheet_id=sheet.id, reason=text)
    return uow.timesheets.save(sheet)


def reopen(
    uow: UnitOfWork, actor: Actor, timesheet_id: uuid.UUID, reason: str, *, seen_version: int | None = None
) -> Timesheet:
    """Open an approved week again (its entries back to draft), unless any of its time is on an invoice."""
    sheet, owner = _decision(uow, actor, timesheet_id, seen_version, "reopen timesheets")
    _require(sheet, owner, TimesheetStatus.APPROVED, "reopened")
    text = _reason(reason, f"for reopening {owner.name}'s week")
    if uow.entries.on_invoice_between(sheet.user_id, *_days(sheet)):
        raise refuse(
            "week_invoiced",
            f"{owner.name}'s week {_week_of(sheet)} holds time on an invoice; delete the draft or credit the "
            "invoice (releasing its time) before reopening the week.",
        )
    _move(sheet, TimesheetStatus.OPEN)
    sheet.decided_at, sheet.decided_by, sheet.reason = uow.clock.now(), actor.user.id, text
    _move_entries(uow, sheet, EntryStatus.APPROVED, EntryStatus.DRAFT)
    uow.sync_ops.add("reopen", timesheet_id=sheet.id, reason=text)
    return uow.timesheets.save(sheet)


def queue_scope(actor: Actor) -> QueueScope:
    """Whose weeks the actor decides on (managers and admins only)."""
    require_manager(actor, "see the approval queue")
    return QueueScope(approver_id=actor.user.id, team=actor.user.team, whole_org=actor.user.role is Role.ADMIN)


def queue(
    uow: UnitOfWork,
    actor: Actor,
    query: QueueQuery = EVERYTHING,
    after: QueuedTimesheet | None = None,
    limit: int = PAGE_SIZE,
) -> list[QueuedTimesheet]:
    """The next page of submitted weeks the actor may decide on, oldest week first, with their totals."""
    return uow.timesheets.queue(actor.org.id, queue_scope(actor), query, actor.tz, after, limit)


def queue_length(uow: UnitOfWork, actor: Actor, query: QueueQuery = EVERYTHING) -> int:
    """How many submitted weeks wait for the actor (the badge on Approvals)."""
    return uow.timesheets.queue_length(actor.org.id, queue_scope(actor), query)
