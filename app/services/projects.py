"""Projects and their tasks and assignments: the things time is logged against."""

from __future__ import annotations

from dataclasses import dataclass, fields
from datetime import date
from uuid import UUID

from moneyed import Money

from app.domain.assignment import Assignment
from app.domain.client import Client
from app.domain.errors import Checks, NotFound, Problem, RuleViolation, refuse
from app.domain.organisation import Organisation
from app.domain.project import (
    PROJECT_TRANSITIONS,
    BillingType,
    Project,
    ProjectStatus,
    Task,
    TaskStatus,
    clean_project_code,
    new_project,
    new_task,
)
from app.domain.rates import RateLevel
from app.domain.text import collect, name_key, parse_choice, with_field
from app.services.assignments import checked_assignment
from app.services.clients import existing, find_client
from app.services.identity import Actor, require_manager, user_by_email
from app.services.ports import UnitOfWork
from app.services.rating import apply_rate_change, current_rate, rate_amount, rate_change, set_rate
from app.services.tasks import check_unique_task

DEFAULT_TASK = "General"
# What a project's edit form changes: everything but its identity and its client (the status only along
# PROJECT_TRANSITIONS).
EDITABLE = tuple(f.name for f in fields(Project) if f.name not in ("id", "org_id", "version", "client_id"))


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
    requires_quote: bool = False,
    quote_signed: bool = False,
    requires_deposit: bool = False,
) -> Project:
    """A new project with a first task, "General", so time can be logged on it straight away. Its deposit is
    never paid yet: only paying the deposit invoice of its signed quote marks it paid."""
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
        requires_quote=requires_quote,
        quote_signed=quote_signed,
        requires_deposit=requires_deposit,
    )
    amount = rate_amount(checks, rate, owner.currency)
    _check_unique_code(checks, uow, actor.org.id, code)
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
    check_unique_task(checks, uow, project, name)
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
    valid_from: date | str | None = None,
    valid_to: date | str | None = None,
    role: str = "consultant",
) -> Assignment:
    """Put someone on a project for a period; dates are dates or typed text ("2026-11-20", blank: open)."""
    require_manager(actor, "assign people to projects")
    user = user_by_email(uow, actor.org, email)
    project = find_project(uow, actor.org, code)
    client = uow.clients.get(project.client_id)
    assert client is not None
    checks = Checks()
    assignment = checked_assignment(checks, actor.org.id, user.id, project.id, role, valid_from, valid_to)
    amount = rate_amount(checks, rate, client.currency)
    checks.raise_if_any()
    assert assignment is not None
    uow.assignments.add(assignment)
    set_rate(uow, actor.org.id, RateLevel.ASSIGNMENT, assignment.id, amount, assignment.valid_from)
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


def _check_unique_code(
    checks: Checks, uow: UnitOfWork, org_id: UUID, code: str, project_id: UUID | None = None
) -> None:
    """Another project's code is refused; a code that is not valid at all is new_project's to report."""
    key = collect(Checks(), clean_project_code, code)
    other = None if key is None else uow.projects.by_code(org_id, key)
    checks.require(
        other is None or other.id == project_id,
        "duplicate_code",
        f"A project with code {key} already exists.",
        "code",
    )


def update_project(
    uow: UnitOfWork,
    actor: Actor,
    project_id: UUID,
    *,
    code: str,
    name: str,
    status: str | None = None,
    billing: str = "hourly",
    budget_hours: str | None = None,
    budget_amount: str | None = None,
    fixed_price: str | None = None,
    requires_quote: bool = False,
    quote_signed: bool = False,
    requires_deposit: bool = False,
    rate: str | None = None,
    rate_from: str | None = None,
) -> Project:
    """Change a project's details and, along its allowed transitions, its status; every problem at once.
    A changed rate applies from `rate_from` (blank: today), so work already done keeps its price."""
    require_manager(actor, "change projects")
    project = existing(uow.projects.get(project_id), "project")
    client = existing(uow.clients.get(project.client_id), "client")
    checks = Checks()
    target = project.status if status is None else collect(checks, parse_choice, ProjectStatus, status, "status")
    if target is not None and target is not project.status:
        try:
            PROJECT_TRANSITIONS.check(project.status, target)
        except RuleViolation as refusal:
            checks.add(with_field(refusal, "status"))
    edited = collect(
        checks,
        new_project,
        org_id=actor.org.id,
        client_id=client.id,
        client_currency=client.currency,
        code=code,
        name=name,
        status=target or project.status,
        billing=billing,
        budget_hours=budget_hours,
        budget_amount=budget_amount,
        fixed_price=fixed_price,
        requires_quote=requires_quote,
        quote_signed=quote_signed,
        requires_deposit=requires_deposit,
        deposit_paid=project.deposit_paid,  # follows the deposit invoice's payment, never set by hand
    )
    _check_unique_code(checks, uow, actor.org.id, code, project.id)
    subject = (RateLevel.PROJECT, project.id)
    today = actor.today(uow.clock)
    change = rate_change(uow, checks, subject, rate, client.currency, starting=rate_from, today=today)
    checks.raise_if_any()
    for field in EDITABLE:
        setattr(project, field, getattr(edited, field))
    uow.projects.save(project)
    apply_rate_change(uow, actor.org.id, change)
    return project
