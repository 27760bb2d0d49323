"""The unit of work: one transaction, committed only when asked, rolled back otherwise."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from types import TracebackType

from sqlalchemy import exc as sa_exc

from app.domain.billable_checks import BillableWorkRefused
from app.domain.clock import Clock
from app.storage import document_repositories, repositories, template_repository
from app.storage.database import Database
from app.storage.errors import StorageError, explain
from app.storage.outbox import SyncOps


class SqlUnitOfWork:
    """Repositories over one SQLite transaction; `with` it, and call `commit()` to keep the work."""

    def __init__(self, db: Database, clock: Clock, actor_id: uuid.UUID | None = None, *, read_only: bool = False):
        self.db = db
        self.clock = clock
        self.actor_id = actor_id
        self.read_only = read_only
        self.committed = False

    def __enter__(self) -> SqlUnitOfWork:
        self.session = (self.db.reader if self.read_only else self.db.writer)()
        self.session.info.update(clock=self.clock, actor_id=self.actor_id)
        s = self.session
        self.organisations = repositories.OrganisationRepository(s)
        self.users = repositories.UserRepository(s)
        self.clients = repositories.ClientRepository(s)
        self.projects = repositories.ProjectRepository(s)
        self.tasks = repositories.TaskRepository(s)
        self.milestones = repositories.MilestoneRepository(s)
        self.assignments = repositories.AssignmentRepository(s)
        self.rates = repositories.RateRepository(s)
        self.timers = repositories.TimerRepository(s)
        self.entries = repositories.TaskLogRepository(s)
        self.attendance = repositories.AttendanceRepository(s)
        self.breaks = repositories.BreakRepository(s)
        self.timesheets = repositories.TimesheetRepository(s)
        self.blocked = repositories.BlockedAttemptRepository(s)
        self.settings = repositories.LocalSettings(s)
        self.invoices = document_repositories.InvoiceRepository(s)
        self.invoice_lines = document_repositories.InvoiceLineRepository(s)
        self.quotes = document_repositories.QuoteRepository(s)
        self.quote_lines = document_repositories.QuoteLineRepository(s)
        self.payments = document_repositories.PaymentRepository(s)
        self.counters = document_repositories.NumberCounters(s)
        self.invoice_templates = template_repository.InvoiceTemplateRepository(s)
        self.sync_ops = SyncOps(s)
        return self

    def act_as(self, actor_id: uuid.UUID) -> None:
        """Stamp further changes in this transaction with this user (e.g. the first user at set-up)."""
        self.actor_id = actor_id
        self.session.info["actor_id"] = actor_id

    @contextmanager
    def savepoint(self) -> Iterator[None]:
        """Work undone on its own if it raises (a SQL SAVEPOINT), keeping the rest of the transaction."""
        with self.session.begin_nested():
            yield

    def commit(self) -> None:
        if self.read_only:
            raise RuntimeError("a read-only unit of work cannot commit")
        try:
            self.session.commit()
        except sa_exc.DBAPIError as error:
            raise explain(error, self.db.path) or error from error
        self.committed = True

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None
    ) -> None:
        try:
            if not self.committed:
                self.session.rollback()
        finally:
            self.session.close()
        if isinstance(error, BillableWorkRefused):
            self._keep_refused(error)
        if error is not None and not isinstance(error, StorageError):
            explained = explain(error, self.db.path)
            if explained is not None:
                raise explained from error

    def _keep_refused(self, refusal: BillableWorkRefused) -> None:
        """Record a refused billable attempt in a transaction of its own, after the refused work was rolled back:
        whichever path the time came in by (CLI, window, tray, idle answer), managers see what was blocked."""
        session = self.db.writer()
        session.info.update(clock=self.clock, actor_id=self.actor_id)
        try:
            repositories.BlockedAttemptRepository(session).add(refusal.attempt)
            session.commit()
        except sa_exc.DBAPIError as failure:
            # The refusal is what the person must read; a database too busy to take the record must not hide it.
            refusal.add_note(f"The refused attempt could not be recorded: {failure}")
        finally:
            session.close()
