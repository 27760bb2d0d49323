"""Tasks of a project: renaming them, billable or not, their own rate, closing and reopening."""

from __future__ import annotations

from uuid import UUID

from app.domain.errors import Checks
from app.domain.project import Project, Task, new_task
from app.domain.rates import RateLevel
from app.domain.text import collect, name_key
from app.services.clients import existing
from app.services.identity import Actor, require_manager
from app.services.ports import UnitOfWork
from app.services.rating import apply_rate_change, rate_change


def check_unique_task(
    checks: Checks, uow: UnitOfWork, project: Project, name: str, task_id: UUID | None = None
) -> None:
    key = name_key(name)
    checks.require(
        all(t.name_key != key or t.id == task_id for t in uow.tasks.of_project(project.id)),
        "duplicate_task",
        f"Project {project.code} already has a task '{name.strip()}'.",
        "name",
    )


def update_task(
    uow: UnitOfWork,
    actor: Actor,
    task_id: UUID,
    *,
    name: str,
    billable: bool = True,
    rate: str | None = None,
    rate_from: str | None = None,
) -> Task:
    """Rename a task, change whether it is billable, or change its own rate from `rate_from` (blank: today)."""
    require_manager(actor, "change tasks")
    task = existing(uow.tasks.get(task_id), "task")
    project = existing(uow.projects.get(task.project_id), "project")
    client = existing(uow.clients.get(project.client_id), "client")
    checks = Checks()
    edited = collect(checks, new_task, org_id=actor.org.id, project_id=project.id, name=name, billable=billable)
    check_unique_task(checks, uow, project, name, task.id)
    subject = (RateLevel.TASK, task.id)
    today = actor.today(uow.clock)
    change = rate_change(uow, checks, subject, rate, client.currency, starting=rate_from, today=today)
    checks.raise_if_any()
    assert edited is not None
    task.name, task.billable = edited.name, edited.billable
    uow.tasks.save(task)
    apply_rate_change(uow, actor.org.id, change)
    return task


def set_task_status(uow: UnitOfWork, actor: Actor, task_id: UUID, status: str) -> Task:
    """Close a task (no new time on it; logged time stays) or reopen it."""
    require_manager(actor, "close or reopen tasks")
    task = existing(uow.tasks.get(task_id), "task")
    task.move_to(status)
    return uow.tasks.save(task)
