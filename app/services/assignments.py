"""Assignments: who works on a project, in what role, for which period, at what rate of their own."""

from __future__ import annotations

from datetime import date
from uuid import UUID

from app.domain.assignment import Assignment, new_assignment
from app.domain.calendar import parse_date
from app.domain.errors import Checks, refuse
from app.domain.rates import RateLevel
from app.domain.text import collect
from app.services.clients import existing
from app.services.identity import Actor, require_manager
from app.services.ports import UnitOfWork
from app.services.rating import apply_rate_change, rate_change


def _day(checks: Checks, value: date | str | None, field: str) -> date | None:
    """A date given as a date or as typed text; blank text means open-ended."""
    if isinstance(value, str):
        return collect(checks, parse_date, value, field=field) if value.strip() else None
    return value


def checked_assignment(
    checks: Checks,
    org_id: UUID,
    user_id: UUID,
    project_id: UUID,
    role: str,
    valid_from: date | str | None,
    valid_to: date | str | None,
) -> Assignment | None:
    """A validated assignment, or None with its problems (typed dates included) recorded in `checks`."""
    first, last = _day(checks, valid_from, "valid_from"), _day(checks, valid_to, "valid_to")
    return collect(
        checks,
        new_assignment,
        org_id=org_id,
        user_id=user_id,
        project_id=project_id,
        role=role,
        valid_from=first,
        valid_to=last,
    )


def update_assignment(
    uow: UnitOfWork,
    actor: Actor,
    assignment_id: UUID,
    *,
    role: str,
    valid_from: date | str | None,
    valid_to: date | str | None,
    rate: str | None = None,
    rate_from: str | None = None,
) -> Assignment:
    """Change someone's role, period or own rate on a project (the rate from `rate_from`, blank: today)."""
    require_manager(actor, "change assignments")
    assignment = existing(uow.assignments.get(assignment_id), "assignment")
    project = existing(uow.projects.get(assignment.project_id), "project")
    client = existing(uow.clients.get(project.client_id), "client")
    checks = Checks()
    edited = checked_assignment(checks, actor.org.id, assignment.user_id, project.id, role, valid_from, valid_to)
    subject = (RateLevel.ASSIGNMENT, assignment.id)
    today = actor.today(uow.clock)
    change = rate_change(uow, checks, subject, rate, client.currency, starting=rate_from, today=today)
    checks.raise_if_any()
    assert edited is not None
    assignment.role, assignment.valid_from, assignment.valid_to = edited.role, edited.valid_from, edited.valid_to
    uow.assignments.save(assignment)
    apply_rate_change(uow, actor.org.id, change)
    return assignment


def end_assignment(uow: UnitOfWork, actor: Actor, assignment_id: UUID, last_day: date) -> Assignment:
    """Take someone off a project after `last_day` (inclusive); the time they logged stays. An assignment
    ending by then already is refused: ending it "again" would lengthen it."""
    assignment = existing(uow.assignments.get(assignment_id), "assignment")
    if assignment.valid_to is not None and assignment.valid_to <= last_day:
        raise refuse("already_ended", f"This assignment already ends on {assignment.valid_to}.", "valid_to")
    return update_assignment(
        uow, actor, assignment_id, role=assignment.role, valid_from=assignment.valid_from, valid_to=last_day
    )
