"""Milestones of a project billed by milestone: added with their amount, reached, then invoiced."""

from __future__ import annotations

from datetime import date

from app.domain.calendar import parse_date
from app.domain.errors import Checks, NotFound, Problem, refuse
from app.domain.project import Milestone, MilestoneStatus, Project, new_milestone
from app.domain.text import collect, name_key
from app.services.identity import Actor, require_manager
from app.services.ports import UnitOfWork


def add_milestone(
    uow: UnitOfWork, actor: Actor, project: Project, *, name: str, amount: str, due_on: date | str | None = None
) -> Milestone:
    """A pending milestone worth `amount` in the client's currency, due on a date (or text such as 2026-12-01)."""
    require_manager(actor, "add milestones")
    client = uow.clients.get(project.client_id)
    checks = Checks()
    if isinstance(due_on, str):
        due_on = collect(checks, parse_date, due_on, field="due") if due_on.strip() else None
    milestone = collect(
        checks,
        new_milestone,
        org_id=actor.org.id,
        project_id=project.id,
        client_currency=client.currency if client else actor.org.base_currency,
        name=name,
        amount=amount,
        due_on=due_on,
    )
    checks.raise_if_any()
    return uow.milestones.add(milestone)  # type: ignore[arg-type]


def find_milestone(uow: UnitOfWork, project: Project, name: str) -> Milestone:
    wanted = name_key(name)
    for milestone in uow.milestones.of_project(project.id):
        if name_key(milestone.name) == wanted:
            return milestone
    raise NotFound(Problem("unknown_milestone", f"{project.code} has no milestone '{name.strip()}'.", "milestone"))


def move_milestone(uow: UnitOfWork, actor: Actor, milestone: Milestone, status: MilestoneStatus | str) -> Milestone:
    """Reach (or un-reach, or cancel) a milestone; invoicing marks it invoiced, never a person."""
    require_manager(actor, "change milestones")
    if status in (MilestoneStatus.INVOICED, "invoiced"):
        raise refuse("invoiced_by_invoice", "A milestone becomes invoiced by drafting an invoice for it.", "status")
    milestone.move_to(status)
    return uow.milestones.save(milestone)
