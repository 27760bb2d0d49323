"""Repositories: finding and saving domain entities through their rows."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterable, Sequence
from datetime import date, datetime, timedelta
from typing import Any, ClassVar, Generic, TypeVar

from sqlalchemy import bindparam, case, func, select
from sqlalchemy.orm import Session

from app.domain.approval_queue import QueuedTimesheet, QueueQuery, QueueScope
from app.domain.assignment import Assignment
from app.domain.attendance import AttendanceBreak, AttendanceSession
from app.domain.billable_checks import BudgetUse
from app.domain.blocked_work import BlockedAttempt
from app.domain.client import Client
from app.domain.duration import Duration
from app.domain.entry_list import EntryQuery, ListedEntry
from app.domain.errors import refuse
from app.domain.invoice_drafting import BillableEntry
from app.domain.money import from_minor
from app.domain.organisation import Organisation
from app.domain.project import Milestone, Project, Task
from app.domain.rates import Rate, RateLevel
from app.domain.task_log import EntryStatus, TaskLogEntry
from app.domain.timer import RunningTimer
from app.domain.timesheet import Timesheet
from app.domain.user import User
from app.storage import approval_queue, desktop_rows, entry_pages, invoice_links, rows, status_moves
from app.storage.mapping import entity_from, row_values

E = TypeVar("E")

# The hot look-ups' statements, built once with bind parameters: SQLAlchemy then reuses their cache key
# and compiled form instead of rebuilding both per call (about a fifth of a timer start or stop).
_PREPARED: dict[tuple[type, str], Any] = {}


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
        return None if found is None else entity_from(self.entity, self._held(found))

    def _prepared(self, name: str, build: Callable[[], Any]) -> Any:
        key = (type(self), name)
        statement = _PREPARED.get(key)
        if statement is None:
            statement = _PREPARED[key] = build()
        return statement

    def _first_of(self, name: str, build: Callable[[], Any], **params: Any) -> E | None:
        """`_first` of a prepared statement, given its bind parameters."""
        found = self.session.scalars(self._prepared(name, lambda: build().limit(1)), params).first()
        return None if found is None else entity_from(self.entity, self._held(found))

    def _all_of(self, name: str, build: Callable[[], Any], **params: Any) -> list[E]:
        return [entity_from(self.entity, r) for r in self.session.scalars(self._prepared(name, build), params)]

    def _held(self, row: rows.SyncedRow) -> rows.SyncedRow:
        """Keep a looked-up row for the unit of work's life: the session's identity map holds rows only
        weakly, and a held row answers the next get/save/remove of that record without SQL."""
        self.session.info.setdefault("held_rows", []).append(row)
        return row

    def get(self, record_id: uuid.UUID) -> E | None:
        row = self.session.get(self.row, record_id)
        return None if row is None or row.deleted_at is not None else entity_from(self.entity, self._held(row))

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
        entity.version = row.version  # type: ignore[attr-defined]

    def restore(self, entity: E) -> E:
        """Bring back a tombstoned record (undoing a deletion), unless it was changed since."""
        row = self.session.get(self.row, entity.id)  # type: ignore[attr-defined]
        if row is None:
            raise refuse("gone", "This record no longer exists; nothing was restored.")
        if row.deleted_at is None or row.version != entity.version:  # type: ignore[attr-defined]
            raise refuse("changed", "This record was changed elsewhere in the meantime; nothing was restored.")
        row.deleted_at = None
        row.version += 1
        row.updated_at = self.now
        entity.version = row.version  # type: ignore[attr-defined]
        return entity


class OrganisationRepository(SqlRepository[Organisation]):
    entity, row = Organisation, rows.OrganisationRow

    def first(self) -> Organisation | None:
        return self._first_of("first", lambda: self._live().order_by(rows.OrganisationRow.id))


class UserRepository(SqlRepository[User]):
    entity, row = User, rows.UserRow

    def by_email(self, org_id: uuid.UUID, email: str) -> User | None:
        r = rows.UserRow
        return self._first_of(
            "by_email",
            lambda: self._live().where(r.org_id == bindparam("org_id"), r.email == bindparam("email")),
            org_id=org_id,
            email=email,
        )

    def all(self, org_id: uuid.UUID) -> list[User]:
        return self._all(self._live().where(rows.UserRow.org_id == org_id).order_by(rows.UserRow.name))


class ClientRepository(SqlRepository[Client]):
    entity, row = Client, rows.ClientRow

    def by_email(self, org_id: uuid.UUID, email: str) -> Client | None:
        return self._first(self._live().where(rows.ClientRow.org_id == org_id, rows.ClientRow.email == email))

    def by_name(self, org_id: uuid.UUID, name: str) -> list[Client]:
        # SQLite's lower() folds ASCII only ("Ärzte" would not even match itself), so compare in Python.
        wanted = name.casefold()
        return [client for client in self.all(org_id) if client.name.casefold() == wanted]

    def all(self, org_id: uuid.UUID) -> list[Client]:
        return self._all(self._live().where(rows.ClientRow.org_id == org_id).order_by(rows.ClientRow.name))


class ProjectRepository(SqlRepository[Project]):
    entity, row = Project, rows.ProjectRow

    def by_code(self, org_id: uuid.UUID, code: str) -> Project | None:
        r = rows.ProjectRow
        return self._first_of(
            "by_code",
            lambda: self._live().where(r.org_id == bindparam("org_id"), r.code == bindparam("code")),
            org_id=org_id,
            code=code,
        )

    def all(self, org_id: uuid.UUID) -> list[Project]:
        return self._all(self._live().where(rows.ProjectRow.org_id == org_id).order_by(rows.ProjectRow.code))


class TaskRepository(SqlRepository[Task]):
    entity, row = Task, rows.TaskRow

    def of_project(self, project_id: uuid.UUID) -> list[Task]:
        r = rows.TaskRow
        return self._all_of(
            "of_project",
            lambda: self._live().where(r.project_id == bindparam("project_id")).order_by(r.name),
            project_id=project_id,
        )


class MilestoneRepository(SqlRepository[Milestone]):
    entity, row = Milestone, rows.MilestoneRow

    def of_project(self, project_id: uuid.UUID) -> list[Milestone]:
        r = rows.MilestoneRow
        return self._all(self._live().where(r.project_id == project_id).order_by(r.due_on, r.name, r.id))


class AssignmentRepository(SqlRepository[Assignment]):
    entity, row = Assignment, rows.AssignmentRow

    def of(self, user_id: uuid.UUID, project_id: uuid.UUID) -> list[Assignment]:
        r = rows.AssignmentRow
        return self._all_of(
            "of",
            lambda: self._live().where(r.user_id == bindparam("user_id"), r.project_id == bindparam("project_id")),
            user_id=user_id,
            project_id=project_id,
        )

    def of_user(self, user_id: uuid.UUID) -> list[Assignment]:
        return self._all(self._live().where(rows.AssignmentRow.user_id == user_id))

    def of_project(self, project_id: uuid.UUID) -> list[Assignment]:
        r = rows.AssignmentRow
        return self._all(self._live().where(r.project_id == project_id).order_by(r.valid_from, r.id))


class RateRepository(SqlRepository[Rate]):
    entity, row = Rate, rows.RateRow

    def for_subjects(self, subjects: Iterable[tuple[RateLevel, uuid.UUID]]) -> dict[RateLevel, list[Rate]]:
        """Every rate of the given (level, subject) pairs, grouped by level."""
        found: dict[RateLevel, list[Rate]] = {}
        wanted = list(subjects)
        ids = [subject for _, subject in wanted]
        r = rows.RateRow
        stored = self._all_of(
            "for_subjects", lambda: self._live().where(r.subject_id.in_(bindparam("ids", expanding=True))), ids=ids
        )
        for rate in stored:
            if (rate.level, rate.subject_id) in wanted:
                found.setdefault(rate.level, []).append(rate)
        return found

    def of_org(self, org_id: uuid.UUID) -> list[Rate]:
        """Every rate of the organisation at every level, oldest start first (None, "always", first)."""
        r = rows.RateRow
        return self._all(self._live().where(r.org_id == org_id).order_by(r.effective_from, r.id))


class TimerRepository(SqlRepository[RunningTimer]):
    entity, row = RunningTimer, rows.RunningTimerRow

    def of_user(self, user_id: uuid.UUID) -> RunningTimer | None:
        r = rows.RunningTimerRow
        return self._first_of("of_user", lambda: self._live().where(r.user_id == bindparam("user_id")), user_id=user_id)

    def stop(self, timer: RunningTimer) -> None:
        """A stopped timer leaves no row behind: its time now lives in a task-log entry."""
        self.remove(timer)


class TaskLogRepository(SqlRepository[TaskLogEntry]):
    entity, row = TaskLogEntry, rows.TaskLogEntryRow

    def of_user_between(self, user_id: uuid.UUID, first: date, last: date) -> list[TaskLogEntry]:
        """One user's entries with work dates from `first` to `last` inclusive, in time order."""
        r = rows.TaskLogEntryRow
        return self._all_of(
            "of_user_between",
            lambda: (
                self._live()
                .where(
                    r.user_id == bindparam("user_id"),
                    r.work_date >= bindparam("first"),
                    r.work_date <= bindparam("last"),
                )
                .order_by(r.work_date, r.started_at, r.id)
            ),
            user_id=user_id,
            first=first,
            last=last,
        )

    def near(self, user_id: uuid.UUID, day: date) -> list[TaskLogEntry]:
        """Entries that could clash with one on `day`: entries last at most 24 h, so a day either side."""
        return self.of_user_between(user_id, day - timedelta(days=1), day + timedelta(days=1))

    def recent(self, user_id: uuid.UUID, limit: int) -> list[TaskLogEntry]:
        """One user's latest entries, newest first (walks the (user_id, work_date) index backwards)."""
        r = rows.TaskLogEntryRow
        return self._all(
            self._live()
            .where(r.user_id == user_id)
            .order_by(r.work_date.desc(), r.started_at.desc(), r.id.desc())
            .limit(limit)
        )

    def page(
        self,
        org_id: uuid.UUID,
        user_id: uuid.UUID | None,
        query: EntryQuery,
        after: ListedEntry | None,
        limit: int,
    ) -> list[ListedEntry]:
        """Up to `limit` listed entries after `after` in the query's order; `user_id` None: everyone's."""
        return entry_pages.read_page(self.session, org_id, user_id, query, after, limit)

    def between(self, org_id: uuid.UUID, first: date, last: date) -> list[TaskLogEntry]:
        r = rows.TaskLogEntryRow
        return self._all(
            self._live()
            .where(r.org_id == org_id, r.work_date >= first, r.work_date <= last)
            .order_by(r.work_date, r.started_at, r.id)
        )

    def budget_use(self, project_id: uuid.UUID, currency: str | None) -> BudgetUse:
        """The project's live billable time and, in `currency`, its amount: one aggregate over the project's
        entries, each priced as TaskLogEntry.amount prices it (minor units, rounded half-up per entry)."""
        r = rows.TaskLogEntryRow

        def build() -> Any:
            priced = (r.rate_minor * r.duration_seconds + 1800) // 3600  # integer division: half-up per entry
            in_currency = case((r.rate_currency == bindparam("currency"), priced), else_=0)
            return select(
                func.coalesce(func.sum(r.duration_seconds), 0), func.coalesce(func.sum(in_currency), 0)
            ).where(r.project_id == bindparam("project_id"), r.billable.is_(True), r.deleted_at.is_(None))

        statement = self._prepared("budget_use", build)
        seconds, minor = self.session.execute(statement, {"project_id": project_id, "currency": currency}).one()
        return BudgetUse(Duration(seconds), None if currency is None else from_minor(minor, currency))

    def move_status(self, user_id: uuid.UUID, first: date, last: date, source: EntryStatus, target: EntryStatus) -> int:
        """Move the user's `source` entries dated `first` to `last` to `target`; returns how many moved.

        One UPDATE and one audit INSERT for a whole week instead of an ORM round trip and flush per entry:
        bulk approval moves thousands of entries. The caller checks the transition (ENTRY_TRANSITIONS).
        """
        return status_moves.move_status(self.session, user_id, first, last, source, target)

    def on_invoice_between(self, user_id: uuid.UUID, first: date, last: date) -> int:
        """How many of the user's entries in those days are on an invoice (draft or issued)."""
        r = rows.TaskLogEntryRow
        statement = select(func.count()).where(
            r.user_id == user_id, r.work_date.between(first, last), r.invoice_id.is_not(None), r.deleted_at.is_(None)
        )
        return self.session.execute(statement).scalar_one()

    def attach_to_invoice(
        self, org_id: uuid.UUID, project_ids: Sequence[uuid.UUID], first: date, last: date, invoice_id: uuid.UUID
    ) -> list[BillableEntry]:
        """Attach every approved, billable, priced, unbilled entry of those projects and days to the invoice."""
        return invoice_links.attach(self.session, org_id, project_ids, first, last, invoice_id)

    def unpriced(self, org_id: uuid.UUID, project_ids: Sequence[uuid.UUID], first: date, last: date) -> int:
        return invoice_links.unpriced(self.session, org_id, project_ids, first, last)

    def move_invoiced(self, invoice_id: uuid.UUID, source: EntryStatus, target: EntryStatus, *, keep_link: bool) -> int:
        """Move the invoice's `source` entries to `target` (finalise: keep the link; release: drop it)."""
        return invoice_links.move(self.session, invoice_id, source, target, keep_link)

    def count_on_invoice(self, invoice_id: uuid.UUID) -> int:
        """How many entries the invoice bills (counted in the index; a large invoice bills thousands)."""
        r = rows.TaskLogEntryRow
        statement = select(func.count()).where(r.invoice_id == invoice_id, r.deleted_at.is_(None))
        return self.session.execute(statement).scalar_one()


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


class TimesheetRepository(SqlRepository[Timesheet]):
    entity, row = Timesheet, rows.TimesheetRow

    def of(self, user_id: uuid.UUID, week_start: date) -> Timesheet | None:
        """The user's timesheet of the week starting on `week_start`, if it was ever submitted."""
        r = rows.TimesheetRow
        return self._first_of(
            "of",
            lambda: self._live().where(r.user_id == bindparam("user_id"), r.week_start == bindparam("week_start")),
            user_id=user_id,
            week_start=week_start,
        )

    def queue(
        self,
        org_id: uuid.UUID,
        scope: QueueScope,
        query: QueueQuery,
        tz: str,
        after: QueuedTimesheet | None,
        limit: int,
    ) -> list[QueuedTimesheet]:
        """Up to `limit` submitted weeks after `after`, oldest week first, with their totals."""
        return approval_queue.read_page(self.session, org_id, scope, query, tz, after, limit)

    def queue_length(self, org_id: uuid.UUID, scope: QueueScope, query: QueueQuery) -> int:
        return approval_queue.count(self.session, org_id, scope, query)


class BlockedAttemptRepository(SqlRepository[BlockedAttempt]):
    entity, row = BlockedAttempt, rows.BlockedAttemptRow

    def between(
        self, org_id: uuid.UUID, start: datetime, end: datetime, user_id: uuid.UUID | None
    ) -> list[BlockedAttempt]:
        """Refused attempts from `start` (inclusive) to `end` (exclusive), oldest first; `user_id` None: everyone's."""
        r = rows.BlockedAttemptRow
        statement = self._live().where(r.org_id == org_id, r.at >= start, r.at < end)
        if user_id is not None:
            statement = statement.where(r.user_id == user_id)
        return self._all(statement.order_by(r.at, r.id))


class LocalSettings:
    """Key/value settings of this desktop (who is signed in here)."""

    def __init__(self, session: Session):
        self.session = session

    def get(self, key: str) -> str | None:
        row = self.session.get(desktop_rows.LocalSettingRow, key)
        return None if row is None else row.value

    def set(self, key: str, value: str) -> None:
        self.session.merge(desktop_rows.LocalSettingRow(key=key, value=value))
