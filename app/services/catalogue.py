"""The catalogue as the desk shows it: clients and their projects, a project's tasks and people, with rates."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from uuid import UUID

from moneyed import Money

from app.domain.assignment import Assignment
from app.domain.client import Client
from app.domain.project import Project, Task
from app.domain.rates import Rate, RateLevel, ResolvedRate, resolve_rate
from app.domain.user import User
from app.services.clients import existing
from app.services.identity import MANAGERS, Actor
from app.services.ports import UnitOfWork


@dataclass(frozen=True)
class RateHistory:
    """The rates set on one record, oldest start first (history is kept), and the one billing today."""

    rates: tuple[Rate, ...] = ()
    today: Money | None = None


@dataclass(frozen=True)
class ClientItem:
    client: Client
    rates: RateHistory
    projects: int


@dataclass(frozen=True)
class ProjectItem:
    project: Project
    client: Client
    rates: RateHistory  # set on the project itself
    billed_at: ResolvedRate | None  # what an hour bills at today: project, else client, else organisation


@dataclass(frozen=True)
class TaskItem:
    task: Task
    rates: RateHistory


@dataclass(frozen=True)
class AssignmentItem:
    assignment: Assignment
    person: User
    rates: RateHistory


@dataclass(frozen=True)
class Catalogue:
    clients: list[ClientItem]
    projects: dict[UUID, list[ProjectItem]]  # by client id, in code order
    people: list[User]  # active users, who can be assigned
    currency: str  # the organisation's, for a new client
    today: date
    read_only: str  # why this user cannot change the catalogue, or "" when they can


@dataclass(frozen=True)
class ProjectDetail:
    project_id: UUID
    tasks: list[TaskItem]
    assignments: list[AssignmentItem]


class _Rates:
    """Rates grouped by what they are set on, for look-ups without a query per record."""

    def __init__(self, rates: Iterable[Rate], today: date):
        self.today = today
        self.by_subject: dict[tuple[RateLevel, UUID], list[Rate]] = {}
        for rate in rates:
            self.by_subject.setdefault((rate.level, rate.subject_id), []).append(rate)

    def of(self, level: RateLevel, subject_id: UUID, currency: str) -> RateHistory:
        rates = sorted(self.by_subject.get((level, subject_id), ()), key=lambda r: (r.effective_from or date.min, r.id))
        resolved = resolve_rate({level: rates}, self.today, currency)
        return RateHistory(tuple(rates), None if resolved is None else resolved.amount)

    def chain(self, subjects: list[tuple[RateLevel, UUID]], currency: str) -> ResolvedRate | None:
        return resolve_rate({level: self.by_subject.get((level, s), []) for level, s in subjects}, self.today, currency)


def rate_history(uow: UnitOfWork, subject: tuple[RateLevel, UUID], currency: str, today: date) -> RateHistory:
    level, subject_id = subject
    return _Rates(uow.rates.for_subjects([subject]).get(level, []), today).of(level, subject_id, currency)


def read_only_reason(actor: Actor) -> str:
    if actor.user.role in MANAGERS:
        return ""
    return f"Only managers and admins can change clients and projects; you are a {actor.user.role.value}."


def catalogue(uow: UnitOfWork, actor: Actor) -> Catalogue:
    """Every client with its projects and the rates set on them (a handful of queries, whatever the size)."""
    org = actor.org
    today = actor.today(uow.clock)
    rates = _Rates(uow.rates.of_org(org.id), today)
    all_clients = uow.clients.all(org.id)
    by_id = {client.id: client for client in all_clients}
    projects: dict[UUID, list[ProjectItem]] = {client.id: [] for client in all_clients}
    for project in uow.projects.all(org.id):
        client = by_id.get(project.client_id)
        if client is None:  # deleted on another machine; the project goes with it
            continue
        chain = [(RateLevel.PROJECT, project.id), (RateLevel.CLIENT, client.id), (RateLevel.ORGANISATION, org.id)]
        projects[client.id].append(
            ProjectItem(
                project,
                client,
                rates.of(RateLevel.PROJECT, project.id, client.currency),
                rates.chain(chain, client.currency),
            )
        )
    clients = [
        ClientItem(client, rates.of(RateLevel.CLIENT, client.id, client.currency), len(projects[client.id]))
        for client in all_clients
    ]
    people = [user for user in uow.users.all(org.id) if user.active]
    return Catalogue(clients, projects, people, org.base_currency, today, read_only_reason(actor))


def project_detail(uow: UnitOfWork, actor: Actor, project_id: UUID) -> ProjectDetail:
    """A project's tasks and assignments, each with the rates set on it."""
    project = existing(uow.projects.get(project_id), "project")
    client = existing(uow.clients.get(project.client_id), "client")
    tasks = uow.tasks.of_project(project.id)
    assignments = uow.assignments.of_project(project.id)
    subjects = [(RateLevel.TASK, t.id) for t in tasks] + [(RateLevel.ASSIGNMENT, a.id) for a in assignments]
    found = uow.rates.for_subjects(subjects)
    rates = _Rates([rate for level in found.values() for rate in level], actor.today(uow.clock))
    people = {user.id: user for user in uow.users.all(actor.org.id)}
    return ProjectDetail(
        project.id,
        [TaskItem(task, rates.of(RateLevel.TASK, task.id, client.currency)) for task in tasks],
        [
            AssignmentItem(a, people[a.user_id], rates.of(RateLevel.ASSIGNMENT, a.id, client.currency))
            for a in assignments
            if a.user_id in people  # a user deleted on another machine is no longer on the project
        ],
    )
