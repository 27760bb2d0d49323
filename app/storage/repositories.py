"""Repositories: finding and saving domain entities through their rows."""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Sequence
from datetime import date, datetime, timedelta
from typing import Any, ClassVar, Generic, TypeVar

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.domain.assignment import Assignment
from app.domain.attendance import AttendanceBreak, AttendanceSession
from app.domain.client import Client
from app.domain.errors import refuse
from app.domain.organisation import Organisation
from app.domain.project import Milestone, Project, Task
from app.domain.rates import Rate, RateLevel
from app.domain.task_log import TaskLogEntry
from app.domain.timer import RunningTimer
from app.domain.user import User
from app.storage import rows
from app.storage.mapping import entity_from, row_values

E = TypeVar("E")


class SqlRepository(Generic[E]):
    """Live (not tombstoned) records of one kind, with optimistic version checks on save."""

    entity: ClassVar[type]
    row: ClassVar[type[rows.SyncedRow]]

    def __init__(self, session: Session):
        self.session = session

    @property
    def now(self) -> datetime:
        return self.session.info["clock"].now()

    def _live(self):  # type: ignore[no-untyped-def]
        return select(self.row).where(self.row.deleted_at.is_(None))

    def _all(self, statement: Any) -> list[E]:
        return [entity_from(self.entity, r) for r in self.session.scalars(statement)]

    def _first(self, statement: Any) -> E | None:
        found = self.session.scalars(statement.limit(1)).first()
        return None if found is None else entity_from(self.entity, found)

    def get(self, record_id: uuid.UUID) -> E | None:
        return self._first(self._live().where(self.row.id == record_id))

    def add(self, entity: E) -> E:
        entity.version = 1  # type: ignore[attr-defined]
        self.session.add(self.row(**row_values(entity), version=1, updated_at=self.now))
        return entity

    def save(self, entity: E) -> E:
        row = self.session.get(self.row, entity.id)  # type: ignore[attr-defined]
        if row is None or row.deleted_at is not None:
            raise refuse("gone", "This record was deleted in the meantime; nothing was changed.")
        if row.version != entity.version:  # type: ignore[attr-defined]
            raise refuse("changed", "This record was changed elsewhere in the meantime; reload and try again.")
        for key, value in row_values(entity).items():
            setattr(row, key, value)
        row.version += 1
        row.updated_at = self.now
        entity.version = row.version  # type: ignore[attr-defined]
        return entity

    def remove(self, entity: E) -> None:
        """Delete by tombstone, so the deletion can reach other machines."""
        row = self.session.get(self.row, entity.id)  # type: ignore[attr-defined]
        if row is None or row.deleted_at is not None:
            return
        row.deleted_at = self.now
        row.version += 1
        row.updated_at = self.now


class OrganisationRepository(SqlRepository[Organisation]):
    entity, row = Organisation, rows.OrganisationRow

    def first(self) -> Organisation | None:
        return self._first(self._live().order_by(rows.OrganisationRow.id))


class UserRepository(SqlRepository[User]):
    entity, row = User, rows.UserRow

    def by_email(self, org_id: uuid.UUID, email: str) -> User | None:
        return self._first(self._live().where(rows.UserRow.org_id == org_id, rows.UserRow.email == email))

    def all(self, org_id: uuid.UUID) -> list[User]:
        return self._all(self._live().where(rows.UserRow.org_id == org_id).order_by(rows.UserRow.name))


class ClientRepository(SqlRepository[Client]):
    entity, row = Client, rows.ClientRow

    def by_email(self, org_id: uuid.UUID, email: str) -> Client | None:
        return self._first(self._live().where(rows.ClientRow.org_id == org_id, rows.ClientRow.email == email))

    def by_name(self, org_id: uuid.UUID, name: str) -> list[Client]:
        return self._all(
            self._live().where(rows.ClientRow.org_id == org_id, func.lower(rows.ClientRow.name) == name.lower())
        )

    def all(self, org_id: uuid.UUID) -> list[Client]:
        return self._all(self._live().where(rows.ClientRow.org_id == org_id).order_by(rows.ClientRow.name))


class ProjectRepository(SqlRepository[Project]):
    entity, row = Project, rows.ProjectRow

    def by_code(self, org_id: uuid.UUID, code: str) -> Project | None:
        return self._first(self._live().where(rows.ProjectRow.org_id == org_id, rows.ProjectRow.code == code))

    def all(self, org_id: uuid.UUID) -> list[Project]:
        return self._all(self._live().where(rows.ProjectRow.org_id == org_id).order_by(rows.ProjectRow.code))


class TaskRepository(SqlRepository[Task]):
    entity, row = Task, rows.TaskRow

    def of_project(self, project_id: uuid.UUID) -> list[Task]:
        return self._all(self._live().where(rows.TaskRow.project_id == project_id).order_by(rows.TaskRow.name))


class MilestoneRepository(SqlRepository[Milestone]):
    entity, row = Milestone, rows.MilestoneRow


class AssignmentRepository(SqlRepository[Assignment]):
    entity, row = Assignment, rows.AssignmentRow

    def of(self, user_id: uuid.UUID, project_id: uuid.UUID) -> list[Assignment]:
        return self._all(
            self._live().where(rows.AssignmentRow.user_id == user_id, rows.AssignmentRow.project_id == project_id)
        )


class RateRepository(SqlRepository[Rate]):
    entity, row = Rate, rows.RateRow

    def for_subjects(self, subjects: Iterable[tuple[RateLevel, uuid.UUID]]) -> dict[RateLevel, list[Rate]]:
        """Every rate of the given (level, subject) pairs, grouped by level."""
        found: dict[RateLevel, list[Rate]] = {}
        wanted = list(subjects)
        ids = [subject for _, subject in wanted]
        for rate in self._all(self._live().where(rows.RateRow.subject_id.in_(ids))):
            if (rate.level, rate.subject_id) in wanted:
                found.setdefault(rate.level, []).append(rate)
        return found


class TimerRepository(SqlRepository[RunningTimer]):
    entity, row = RunningTimer, rows.RunningTimerRow

    def of_user(self, user_id: uuid.UUID) -> RunningTimer | None:
        return self._first(self._live().where(rows.RunningTimerRow.user_id == user_id))

    def stop(self, timer: RunningTimer) -> None:
        """A stopped timer leaves no row behind: its time now lives in a task-log entry."""
        self.remove(timer)


class TaskLogRepository(SqlRepository[TaskLogEntry]):
    entity, row = TaskLogEntry, rows.TaskLogEntryRow

    def of_user_between(self, user_id: uuid.UUID, first: date, last: date) -> list[TaskLogEntry]:
        """One user's entries with work dates from `first` to `last` inclusive, in time order."""
        r = rows.TaskLogEntryRow
        return self._all(
            self._live()
            .where(r.user_id == user_id, r.work_date >= first, r.work_date <= last)
            .order_by(r.work_date, r.started_at, r.id)
        )

    def near(self, user_id: uuid.UUID, day: date) -> list[TaskLogEntry]:
        """Entries that could clash with one on `day`: entries last at most 24 h, so a day either side."""
        return self.of_user_between(user_id, day - timedelta(days=1), day + timedelta(days=1))

    def between(self, org_id: uuid.UUID, first: date, last: date) -> list[TaskLogEntry]:
        r = rows.TaskLogEntryRow
        return self._all(
            self._live()
            .where(r.org_id == org_id, r.work_date >= first, r.work_date <= last)
            .order_by(r.work_date, r.started_at, r.id)
        )


class AttendanceRepository(SqlRepository[AttendanceSession]):
    entity, row = AttendanceSession, rows.AttendanceSessionRow

    def open_session(self, user_id: uuid.UUID) -> AttendanceSession | None:
        r = rows.AttendanceSessionRow
        return self._first(self._live().where(r.user_id == user_id, r.clock_out.is_(None)))

    def overlapping(self, user_id: uuid.UUID, start: datetime, end: datetime) -> list[AttendanceSession]:
        r = rows.AttendanceSessionRow
        return self._all(
            self._live()
            .where(r.user_id == user_id, r.clock_in < end, (r.clock_out.is_(None)) | (r.clock_out > start))
            .order_by(r.clock_in)
        )


class BreakRepository(SqlRepository[AttendanceBreak]):
    entity, row = AttendanceBreak, rows.AttendanceBreakRow

    def open_break(self, user_id: uuid.UUID) -> AttendanceBreak | None:
        r = rows.AttendanceBreakRow
        return self._first(self._live().where(r.user_id == user_id, r.ended_at.is_(None)))

    def of_sessions(self, session_ids: Sequence[uuid.UUID]) -> list[AttendanceBreak]:
        r = rows.AttendanceBreakRow
        return self._all(self._live().where(r.session_id.in_(list(session_ids))).order_by(r.started_at))


class LocalSettings:
    """Key/value settings of this desktop (who is signed in here)."""

    def __init__(self, session: Session):
        self.session = session

    def get(self, key: str) -> str | None:
        row = self.session.get(rows.LocalSettingRow, key)
        return None if row is None else row.value

    def set(self, key: str, value: str) -> None:
        self.session.merge(rows.LocalSettingRow(key=key, value=value))
