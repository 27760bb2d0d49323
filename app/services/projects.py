"""Projects and their tasks and assignments: the things time is logged against."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from moneyed import Money

from app.domain.assignment import Assignment, new_assignment
from app.domain.client import Client
from app.domain.errors import Checks, NotFound, Problem, refuse
from app.domain.organisation import Organisation
from app.domain.project import (
    BillingType,
    Project,
    Task,
    TaskStatus,
    clean_project_code,
    new_project,
    new_task,
)
from app.domain.rates import RateLevel
from app.domain.text import collect, name_key
from app.services.clients import find_client
from app.services.identity import Actor, require_manager, user_by_email
from app.services.ports import UnitOfWork
from app.services.rating import current_rate, rate_amount, set_rate

DEFAULT_TASK = "General"


@dataclass(frozen=True)
class ProjectView:
    project: Project
    client: Client
    tasks: list[Task]
    rate: Money | None  # what an hour on this project bills at today, before task and assignment rates


def add_project(
    uow: UnitOfWork,
    actor: Actor,
    *,
    client: str,
    name: str,
    code: str,
    billing: str = "hourly",
    status: str = "enquiry",
    budget_hours: str | None = None,
    budget_amount: str | None = None,
    fixed_price: str | None = None,
    rate: str | None = None,
) -> Project:
    """A new project with a first task, "General", so time can be logged on it straight away."""
    require_manager(actor, "add projects")
    owner = find_client(uow, actor.org, client)
    checks = Checks()
    project = collect(
        checks,
        new_project,
        org_id=actor.org.id,
        client_id=owner.id,
        client_currency=owner.currency,
        code=code,
        name=name,
        status=status,
        billing=billing,
        budget_hours=budget_hours,
        budget_amount=budget_amount,
        fixed_price=fixed_price,
    )
    amount = rate_amount(checks, rate, owner.currency)
    if project is not None:
        checks.require(
            uow.projects.by_code(actor.org.id, project.code) is None,
            "duplicate_code",
            f"A project with code {project.code} already exists.",
            "code",
        )
    checks.raise_if_any()
    assert project is not None
    uow.projects.add(project)
    billable = project.billing is not BillingType.NON_BILLABLE
    uow.tasks.add(new_task(org_id=actor.org.id, project_id=project.id, name=DEFAULT_TASK, billable=billable))
    set_rate(uow, actor.org.id, RateLevel.PROJECT, project.id, amount)
    return project


def find_project(uow: UnitOfWork, org: Organisation, code: str) -> Project:
    key = clean_project_code(code)
    project = uow.projects.by_code(org.id, key)
    if project is None:
        raise NotFound(
            Problem(
                "unknown_project",
                f"There is no project with code {key}; see `timeledger project list`.",
                "project",
            )
        )
    return project


def find_work(uow: UnitOfWork, org: Organisation, reference: str) -> tuple[Project, Task]:
    """The project and task named by "CODE" or "CODE/TASK" (a lone open task needs no name)."""
    code, _, task_name = reference.partition("/")
    project = find_project(uow, org, code)
    tasks = uow.tasks.of_project(project.id)
    if task_name.strip():
        wanted = name_key(task_name)
        for task in tasks:
            if task.name_key == wanted:
                return project, task
        names = ", ".join(t.name for t in tasks) or "none yet"
        raise NotFound(
            Problem(
                "unknown_task",
                f"Project {project.code} has no task '{task_name.strip()}' (tasks: {names}).",
                "task",
            )
        )
    open_tasks = [t for t in tasks if t.status is TaskStatus.OPEN]
    if len(open_tasks) == 1:
        return project, open_tasks[0]
    if not open_tasks:
        raise refuse(
            "no_open_task",
            f"Project {project.code} has no open task; add one with `timeledger task add {project.code} NAME`.",
        )
    names = ", ".join(t.name for t in open_tasks)
    raise refuse(
        "ambiguous_task",
        f"Project {project.code} has several tasks; name one as {project.code}/TASK ({names}).",
    )


def change_status(uow: UnitOfWork, actor: Actor, code: str, status: str) -> Project:
    require_manager(actor, "change a project's status")
    project = find_project(uow, actor.org, code)
    project.move_to(status)
    return uow.projects.save(project)


def add_task(
    uow: UnitOfWork, actor: Actor, code: str, name: str, *, rate: str | None = None, billable: bool = True
) -> Task:
    require_manager(actor, "add tasks")
    project = find_project(uow, actor.org, code)
    client = uow.clients.get(project.client_id)
    assert client is not None
    checks = Checks()
    task = collect(checks, new_task, org_id=actor.org.id, project_id=project.id, name=name, billable=billable)
    amount = rate_amount(checks, rate, client.currency)
    if task is not None:
        checks.require(
            all(t.name_key != task.name_key for t in uow.tasks.of_project(project.id)),
            "duplicate_task",
            f"Project {project.code} already has a task '{task.name}'.",
            "name",
        )
    checks.raise_if_any()
    assert task is not None
    uow.tasks.add(task)
    set_rate(uow, actor.org.id, RateLevel.TASK, task.id, amount)
    return task


def assign(
    uow: UnitOfWork,
    actor: Actor,
    email: str,
    code: str,
    *,
    rate: str | None = None,
    valid_from: date | None = None,
    valid_to: date | None = None,
    role: str = "consultant",
) -> Assignment:
    require_manager(actor, "assign people to projects")
    user = user_by_email(uow, actor.org, email)
    project = find_project(uow, actor.org, code)
    client = uow.clients.get(project.client_id)
    assert client is not None
    checks = Checks()
    assignment = collect(
        checks,
        new_assignment,
        org_id=actor.org.id,
        user_id=user.id,
        project_id=project.id,
        role=role,
        valid_from=valid_from,
        valid_to=valid_to,
    )
    amount = rate_amount(checks, rate, client.currency)
    checks.raise_if_any()
    assert assignment is not None
    uow.assignments.add(assignment)
    set_rate(uow, actor.org.id, RateLevel.ASSIGNMENT, assignment.id, amount, valid_from)
    return assignment


def list_projects(uow: UnitOfWork, actor: Actor) -> list[ProjectView]:
    today = actor.today(uow.clock)
    views = []
    for project in uow.projects.all(actor.org.id):
        client = uow.clients.get(project.client_id)
        assert client is not None
        chain = [(RateLevel.PROJECT, project.id), (RateLevel.CLIENT, client.id), (RateLevel.ORGANISATION, actor.org.id)]
        rate = current_rate(uow, chain, client.currency, today)
        views.append(ProjectView(project, client, uow.tasks.of_project(project.id), rate))
    return views
