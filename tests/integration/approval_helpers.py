"""A team with a manager and two teams, and short ways to log, submit and decide, for the approval tests."""

from __future__ import annotations

import uuid
from datetime import date

from helpers import acting

from app.domain.calendar import Week
from app.domain.task_log import EntryStatus
from app.domain.timesheet import Timesheet
from app.ledger import Ledger
from app.services import approvals, people, projects, task_log

ADA, CARL, MIA, ROB = "ada@acme.example", "carl@acme.example", "mia@acme.example", "rob@acme.example"
WEEK = Week(2026, 47)  # Monday 16 to Sunday 22 November 2026; the clock stands on its Friday
LAST_WEEK = Week(2026, 46)
MONDAY, TUESDAY = date(2026, 11, 16), date(2026, 11, 17)
LAST_MONDAY = date(2026, 11, 9)


def add_people(ledger: Ledger) -> None:
    """Mia manages team blue (Carl's); Rob is a consultant in team red. Everyone works on WEB."""
    with acting(ledger) as (uow, admin):
        people.add_user(uow, admin, name="Mia Manager", email=MIA, role="manager", team="blue")
        people.add_user(uow, admin, name="Rob Red", email=ROB, team="red")
        for email in (MIA, ROB):  # Ada and Carl are on it already (the `team` fixture)
            projects.assign(uow, admin, email, "WEB")
        uow.commit()


def log(ledger: Ledger, email: str, day: date = MONDAY, hours: str = "2:00", **how) -> uuid.UUID:  # type: ignore[no-untyped-def]
    with acting(ledger, email) as (uow, actor):
        entry = task_log.log_entry(uow, actor, how.pop("work", "WEB/General"), day=day, hours=hours, **how)
        uow.commit()
    return entry.id


def submit(ledger: Ledger, email: str, week: Week = WEEK) -> Timesheet:
    with acting(ledger, email) as (uow, actor):
        sheet = approvals.submit(uow, actor, week)
        uow.commit()
    return sheet


def sheet_of(ledger: Ledger, email: str, week: Week = WEEK) -> Timesheet:
    with acting(ledger, read=True) as (uow, admin):
        return approvals.find_timesheet(uow, admin, email, week)


def decide(ledger: Ledger, by: str, action: str, email: str, week: Week = WEEK, **extra) -> Timesheet:  # type: ignore[no-untyped-def]
    """approve / reject / reopen `email`'s week as the user `by`, committed."""
    timesheet_id = sheet_of(ledger, email, week).id
    with acting(ledger, by) as (uow, actor):
        sheet = getattr(approvals, action)(uow, actor, timesheet_id, **extra)
        uow.commit()
    return sheet


def statuses(ledger: Ledger, email: str, first: date = MONDAY, last: date = date(2026, 11, 22)) -> list[EntryStatus]:
    with acting(ledger, email, read=True) as (uow, actor):
        return [view.entry.status for view in task_log.entries_between(uow, actor, first, last)]
