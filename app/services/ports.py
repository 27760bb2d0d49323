"""What the services need from storage, as Protocols (storage implements them, services never import it)."""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Sequence
from datetime import date, datetime
from typing import Protocol, Self, TypeVar

from app.domain.assignment import Assignment
from app.domain.attendance import AttendanceBreak, AttendanceSession
from app.domain.client import Client
from app.domain.clock import Clock
from app.domain.organisation import Organisation
from app.domain.project import Milestone, Project, Task
from app.domain.rates import Rate, RateLevel
from app.domain.task_log import TaskLogEntry
from app.domain.timer import RunningTimer
from app.domain.user import User

E = TypeVar("E")


class Repository(Protocol[E]):
    def get(self, record_id: uuid.UUID) -> E | None: ...
    def add(self, entity: E) -> E: ...
    def save(self, entity: E) -> E: ...
    def remove(self, entity: E) -> None: ...


class Organisations(Repository[Organisation], Protocol):
    def first(self) -> Organisation | None: ...


class Users(Repository[User], Protocol):
    def by_email(self, org_id: uuid.UUID, email: str) -> User | None: ...
    def all(self, org_id: uuid.UUID) -> list[User]: ...


class Clients(Repository[Client], Protocol):
    def by_email(self, org_id: uuid.UUID, email: str) -> Client | None: ...
    def by_name(self, org_id: uuid.UUID, name: str) -> list[Client]: ...
    def all(self, org_id: uuid.UUID) -> list[Client]: ...


class Projects(Repository[Project], Protocol):
    def by_code(self, org_id: uuid.UUID, code: str) -> Project | None: ...
    def all(self, org_id: uuid.UUID) -> list[Project]: ...


class Tasks(Repository[Task], Protocol):
    def of_project(self, project_id: uuid.UUID) -> list[Task]: ...


class Assignments(Repository[Assignment], Protocol):
    def of(self, user_id: uuid.UUID, project_id: uuid.UUID) -> list[Assignment]: ...


class Rates(Repository[Rate], Protocol):
    def for_subjects(self, subjects: Iterable[tuple[RateLevel, uuid.UUID]]) -> dict[RateLevel, list[Rate]]: ...


class Timers(Repository[RunningTimer], Protocol):
    def of_user(self, user_id: uuid.UUID) -> RunningTimer | None: ...
    def stop(self, timer: RunningTimer) -> None: ...


class TaskLog(Repository[TaskLogEntry], Protocol):
    def of_user_between(self, user_id: uuid.UUID, first: date, last: date) -> list[TaskLogEntry]: ...
    def near(self, user_id: uuid.UUID, day: date) -> list[TaskLogEntry]: ...
    def between(self, org_id: uuid.UUID, first: date, last: date) -> list[TaskLogEntry]: ...


class Attendance(Repository[AttendanceSession], Protocol):
    def open_session(self, user_id: uuid.UUID) -> AttendanceSession | None: ...
    def overlapping(self, user_id: uuid.UUID, start: datetime, end: datetime) -> list[AttendanceSession]: ...


class Breaks(Repository[AttendanceBreak], Protocol):
    def open_break(self, user_id: uuid.UUID) -> AttendanceBreak | None: ...
    def of_sessions(self, session_ids: Sequence[uuid.UUID]) -> list[AttendanceBreak]: ...


class Settings(Protocol):
    def get(self, key: str) -> str | None: ...
    def set(self, key: str, value: str) -> None: ...


class UnitOfWork(Protocol):
    """One transaction: nothing is kept unless `commit()` is called before leaving the `with` block."""

    clock: Clock
    organisations: Organisations
    users: Users
    clients: Clients
    projects: Projects
    tasks: Tasks
    milestones: Repository[Milestone]
    assignments: Assignments
    rates: Rates
    timers: Timers
    entries: TaskLog
    attendance: Attendance
    breaks: Breaks
    settings: Settings

    def __enter__(self) -> Self: ...
    def __exit__(self, *exc: object) -> None: ...
    def commit(self) -> None: ...
    def act_as(self, actor_id: uuid.UUID) -> None: ...


class Workspace(Protocol):
    """Where units of work come from (the opened ledger)."""

    clock: Clock

    def work(self, actor_id: uuid.UUID | None = None) -> UnitOfWork: ...
    def read(self) -> UnitOfWork: ...
    def data_version(self) -> int: ...
