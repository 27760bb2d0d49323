"""Whether a user's week still takes time: a submitted or approved timesheet freezes its week.

Every path that adds time to a week or brings time back into it (logging, stopping the timer, the
timesheet grid, undoing a deletion) asks here first, billable or not: a manager decides on a week as
it was submitted, and an approved week changes only after a manager reopens it. Changes to entries
that are already in such a week are refused by the entries themselves (TaskLogEntry.check_editable).
"""

from __future__ import annotations

import uuid
from datetime import date, timedelta

from app.domain.calendar import Week
from app.domain.errors import Problem, RuleViolation
from app.domain.organisation import Organisation
from app.domain.timesheet import Timesheet, TimesheetStatus
from app.services.ports import UnitOfWork

CLOSED = frozenset({TimesheetStatus.SUBMITTED, TimesheetStatus.APPROVED})


def first_day(org: Organisation, day: date) -> date:
    """The first day of the organisation week holding `day` (what a timesheet is keyed by)."""
    return day - timedelta(days=(day.weekday() - org.week_start) % 7)


def timesheet_of(uow: UnitOfWork, org: Organisation, user_id: uuid.UUID, day: date) -> Timesheet | None:
    return uow.timesheets.of(user_id, first_day(org, day))


def closed_week_problem(uow: UnitOfWork, org: Organisation, user_id: uuid.UUID, day: date) -> Problem | None:
    """Why time on `day` is refused when the user's week is submitted or approved (and who can open it)."""
    sheet = timesheet_of(uow, org, user_id, day)
    if sheet is None or sheet.status not in CLOSED:
        return None
    week = Week.containing(day, org.week_start)
    if sheet.status is TimesheetStatus.SUBMITTED:
        return Problem(
            "week_submitted",
            f"Week {week} is submitted for approval; its time can change again only if a manager rejects it.",
        )
    return Problem(
        "week_approved", f"Week {week} is approved; a manager must reopen its timesheet before its time can change."
    )


def check_week_open(uow: UnitOfWork, org: Organisation, user_id: uuid.UUID, day: date) -> None:
    problem = closed_week_problem(uow, org, user_id, day)
    if problem is not None:
        raise RuleViolation(problem)
