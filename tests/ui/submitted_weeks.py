"""Helpers for the approval tests: more consultants, and weeks logged and submitted through the services."""

from __future__ import annotations

import uuid
from datetime import date

from app.domain.calendar import Week
from app.services import approvals, people, projects, task_log
from app.services.identity import current_actor

WEEK_45 = date(2026, 11, 2)  # Mondays; "today" (the clock fixture) is Friday 20 November, in week 47
WEEK_46 = date(2026, 11, 9)
WEEK_47 = date(2026, 11, 16)


def add_consultant(team, name: str, email: str, team_name: str | None = "blue") -> None:  # type: ignore[no-untyped-def]
    with team.ledger.work() as uow:
        admin = current_actor(uow, team.admin_email)
        people.add_user(uow, admin, name=name, email=email, team=team_name)
        projects.assign(uow, admin, email, team.project_code)
        uow.commit()


def log(team, email: str, day: date, hours: str = "6", note: str = "Checkout flow") -> uuid.UUID:  # type: ignore[no-untyped-def]
    with team.ledger.work() as uow:
        entry = task_log.log_entry(uow, current_actor(uow, email), "WEB/General", day=day, hours=hours, note=note)
        uow.commit()
    return entry.id


def submit(team, email: str, monday: date) -> uuid.UUID:  # type: ignore[no-untyped-def]
    with team.ledger.work() as uow:
        sheet = approvals.submit(uow, current_actor(uow, email), Week.containing(monday))
        uow.commit()
    return sheet.id


def submitted_week(team, email: str, monday: date, hours: str = "6") -> uuid.UUID:  # type: ignore[no-untyped-def]
    """`email` logs `hours` on the Monday of a week and submits that week."""
    log(team, email, monday, hours)
    return submit(team, email, monday)


def status_of(team, timesheet_id: uuid.UUID) -> str:  # type: ignore[no-untyped-def]
    with team.ledger.read() as uow:
        sheet = uow.timesheets.get(timesheet_id)
        assert sheet is not None
        return sheet.status.value
