"""What the services need from storage, as Protocols (storage implements them, services never import it)."""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Sequence
from contextlib import AbstractContextManager
from datetime import date, datetime
from typing import Protocol, Self, TypeVar

from moneyed import Money

from app.domain.approval_queue import QueuedTimesheet, QueueQuery, QueueScope
from app.domain.assignment import Assignment
from app.domain.attendance import AttendanceBreak, AttendanceSession
from app.domain.billable_checks import BudgetUse
from app.domain.blocked_work import BlockedAttempt
from app.domain.client import Client
from app.domain.clock import Clock
from app.domain.document_lines import DocumentLine, LineKind
from app.domain.entry_list import EntryQuery, ListedEntry
from app.domain.invoice import Invoice, InvoiceStatus
from app.domain.invoice_drafting import BillableEntry
from app.domain.invoice_template import SavedTemplate
from app.domain.organisation import Organisation
from app.domain.payment import Payment
from app.domain.project import Milestone, Project, Task
from app.domain.quote import Quote, QuoteStatus
from app.domain.rates import Rate, RateLevel
from app.domain.task_log import EntryStatus, TaskLogEntry
from app.domain.timer import RunningTimer
from app.domain.timesheet import Timesheet
from app.domain.user import User
from app.services.sync_status import SyncPort

E = TypeVar("E")


class Repository(Protocol[E]):
    def get(self, record_id: uuid.UUID) -> E | None: ...
    def add(self, entity: E) -> E: ...
    def save(self, entity: E) -> E: ...
    def remove(self, entity: E) -> None: ...
    def restore(self, entity: E) -> E: ...


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
    def of_user(self, user_id: uuid.UUID) -> list[Assignment]: ...
    def of_project(self, project_id: uuid.UUID) -> list[Assignment]: ...


class Rates(Repository[Rate], Protocol):
    def for_subjects(self, subjects: Iterable[tuple[RateLevel, uuid.UUID]]) -> dict[RateLevel, list[Rate]]: ...
    def of_org(self, org_id: uuid.UUID) -> list[Rate]: ...


class Timers(Repository[RunningTimer], Protocol):
    def of_user(self, user_id: uuid.UUID) -> RunningTimer | None: ...
    def stop(self, timer: RunningTimer) -> None: ...


class TaskLog(Repository[TaskLogEntry], Protocol):
    def of_user_between(self, user_id: uuid.UUID, first: date, last: date) -> list[TaskLogEntry]: ...
    def near(self, user_id: uuid.UUID, day: date) -> list[TaskLogEntry]: ...
    def recent(self, user_id: uuid.UUID, limit: int) -> list[TaskLogEntry]: ...
    def page(
        self, org_id: uuid.UUID, user_id: uuid.UUID | None, query: EntryQuery, after: ListedEntry | None, limit: int
    ) -> list[ListedEntry]: ...
    def between(self, org_id: uuid.UUID, first: date, last: date) -> list[TaskLogEntry]: ...
    def budget_use(self, project_id: uuid.UUID, currency: str | None) -> BudgetUse: ...
    def move_status(
        self, user_id: uuid.UUID, first: date, last: date, source: EntryStatus, target: EntryStatus
    ) -> int: ...
    def on_invoice_between(self, user_id: uuid.UUID, first: date, last: date) -> int: ...
    def attach_to_invoice(
        self, org_id: uuid.UUID, project_ids: Sequence[uuid.UUID], first: date, last: date, invoice_id: uuid.UUID
    ) -> list[BillableEntry]: ...
    def unpriced(self, org_id: uuid.UUID, project_ids: Sequence[uuid.UUID], first: date, last: date) -> int: ...
    def move_invoiced(
        self, invoice_id: uuid.UUID, source: EntryStatus, target: EntryStatus, *, keep_link: bool
    ) -> int: ...
    def count_on_invoice(self, invoice_id: uuid.UUID) -> int: ...


class Attendance(Repository[AttendanceSession], Protocol):
    def open_session(self, user_id: uuid.UUID) -> AttendanceSession | None: ...
    def overlapping(self, user_id: uuid.UUID, start: datetime, end: datetime) -> list[AttendanceSession]: ...


class Breaks(Repository[AttendanceBreak], Protocol):
    def open_break(self, user_id: uuid.UUID) -> AttendanceBreak | None: ...
    def of_sessions(self, session_ids: Sequence[uuid.UUID]) -> list[AttendanceBreak]: ...


class Timesheets(Repository[Timesheet], Protocol):
    def of(self, user_id: uuid.UUID, week_start: date) -> Timesheet | None: ...
    def queue(
        self,
        org_id: uuid.UUID,
        scope: QueueScope,
        query: QueueQuery,
        tz: str,
        after: QueuedTimesheet | None,
        limit: int,
    ) -> list[QueuedTimesheet]: ...
    def queue_length(self, org_id: uuid.UUID, scope: QueueScope, query: QueueQuery) -> int: ...


class BlockedAttempts(Repository[BlockedAttempt], Protocol):
    def between(
        self, org_id: uuid.UUID, start: datetime, end: datetime, user_id: uuid.UUID | None
    ) -> list[BlockedAttempt]: ...


class Invoices(Repository[Invoice], Protocol):
    def by_number(self, org_id: uuid.UUID, number: str) -> Invoice | None: ...
    def listing(
        self, org_id: uuid.UUID, statuses: Sequence[InvoiceStatus] = (), client_id: uuid.UUID | None = None
    ) -> list[Invoice]: ...
    def credit_notes_of(self, invoice_id: uuid.UUID) -> list[Invoice]: ...


class Quotes(Repository[Quote], Protocol):
    def by_number(self, org_id: uuid.UUID, number: str) -> Quote | None: ...
    def listing(self, org_id: uuid.UUID, statuses: Sequence[QuoteStatus] = ()) -> list[Quote]: ...


class DocumentLines(Repository[DocumentLine], Protocol):
    def of_document(self, document_id: uuid.UUID) -> list[DocumentLine]: ...


class InvoiceLines(DocumentLines, Protocol):
    def billed(self, project_id: uuid.UUID, kind: LineKind, currency: str) -> Money: ...


class Milestones(Repository[Milestone], Protocol):
    def of_project(self, project_id: uuid.UUID) -> list[Milestone]: ...


class Payments(Repository[Payment], Protocol):
    def of_invoice(self, invoice_id: uuid.UUID) -> list[Payment]: ...


class InvoiceTemplates(Repository[SavedTemplate], Protocol):
    def all(self, org_id: uuid.UUID) -> list[SavedTemplate]: ...
    def by_name(self, org_id: uuid.UUID, name: str) -> SavedTemplate | None: ...
    def default(self, org_id: uuid.UUID) -> SavedTemplate | None: ...
    def chosen_for(self, client_id: uuid.UUID) -> uuid.UUID | None: ...
    def choose_for(self, client_id: uuid.UUID, template_id: uuid.UUID | None) -> None: ...
    def clients_using(self, template_id: uuid.UUID) -> list[uuid.UUID]: ...
    def choices(self, org_id: uuid.UUID) -> dict[uuid.UUID, uuid.UUID]: ...


class NumberCounters(Protocol):
    def next(self, org_id: uuid.UUID, series: str, period: str) -> int:
        """The next number of that run of the series, taken in this transaction."""
        ...


class Settings(Protocol):
    def get(self, key: str) -> str | None: ...
    def set(self, key: str, value: str) -> None: ...


class SyncOps(Protocol):
    """Workflow steps queued for the team server (docs/sync.md); nothing is queued while sync is not set up."""

    @property
    def active(self) -> bool: ...
    def add(self, op: str, **fields: object) -> None: ...
    def finalising(self, invoice_id: uuid.UUID) -> bool: ...


class UnitOfWork(Protocol):
    """One transaction: nothing is kept unless `commit()` is called before leaving the `with` block."""

    clock: Clock
    organisations: Organisations
    users: Users
    clients: Clients
    projects: Projects
    tasks: Tasks
    milestones: Milestones
    assignments: Assignments
    rates: Rates
    timers: Timers
    entries: TaskLog
    attendance: Attendance
    breaks: Breaks
    timesheets: Timesheets
    blocked: BlockedAttempts
    settings: Settings
    invoices: Invoices
    invoice_lines: InvoiceLines
    quotes: Quotes
    quote_lines: DocumentLines
    payments: Payments
    counters: NumberCounters
    invoice_templates: InvoiceTemplates
    sync_ops: SyncOps

    def __enter__(self) -> Self: ...
    def __exit__(self, *exc: object) -> None: ...
    def commit(self) -> None: ...
    def act_as(self, actor_id: uuid.UUID) -> None: ...
    def savepoint(self) -> AbstractContextManager[None]:
        """Work undone on its own if it fails, without undoing the rest of the transaction."""
        ...


class Workspace(Protocol):
    """Where units of work come from (the opened ledger)."""

    clock: Clock

    def work(self, actor_id: uuid.UUID | None = None) -> UnitOfWork: ...
    def read(self) -> UnitOfWork: ...
    def data_version(self) -> int: ...
    @property
    def sync(self) -> SyncPort:
        """This desktop's link to the team server."""
        ...
