"""Repositories of the invoicing documents: invoices, quotes, their lines, payments and number counters."""

from __future__ import annotations

import uuid
from collections.abc import Sequence

from moneyed import Money
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.domain.document_lines import DocumentLine, LineKind
from app.domain.invoice import Invoice, InvoiceKind, InvoiceStatus
from app.domain.money import from_minor
from app.domain.payment import Payment
from app.domain.quote import Quote, QuoteStatus
from app.storage import rows
from app.storage.repositories import SqlRepository


class InvoiceRepository(SqlRepository[Invoice]):
    entity, row = Invoice, rows.InvoiceRow

    def by_number(self, org_id: uuid.UUID, number: str) -> Invoice | None:
        r = rows.InvoiceRow
        return self._first(self._live().where(r.org_id == org_id, r.number == number))

    def listing(
        self, org_id: uuid.UUID, statuses: Sequence[InvoiceStatus] = (), client_id: uuid.UUID | None = None
    ) -> list[Invoice]:
        """Newest first: drafts (no date yet) on top, then by issue date and number."""
        r = rows.InvoiceRow
        statement = self._live().where(r.org_id == org_id)
        if statuses:
            statement = statement.where(r.status.in_([s.value for s in statuses]))
        if client_id is not None:
            statement = statement.where(r.client_id == client_id)
        return self._all(statement.order_by(r.issue_date.desc().nulls_first(), r.number.desc(), r.id.desc()))

    def credit_notes_of(self, invoice_id: uuid.UUID) -> list[Invoice]:
        return self._all(self._live().where(rows.InvoiceRow.credited_id == invoice_id))


class QuoteRepository(SqlRepository[Quote]):
    entity, row = Quote, rows.QuoteRow

    def by_number(self, org_id: uuid.UUID, number: str) -> Quote | None:
        r = rows.QuoteRow
        return self._first(self._live().where(r.org_id == org_id, r.number == number))

    def listing(self, org_id: uuid.UUID, statuses: Sequence[QuoteStatus] = ()) -> list[Quote]:
        r = rows.QuoteRow
        statement = self._live().where(r.org_id == org_id)
        if statuses:
            statement = statement.where(r.status.in_([s.value for s in statuses]))
        return self._all(statement.order_by(r.issue_date.desc().nulls_first(), r.number.desc(), r.id.desc()))


class _LineRepository(SqlRepository[DocumentLine]):
    entity = DocumentLine

    def add(self, entity: DocumentLine) -> DocumentLine:
        # Rows without a relationship() are not ordered by their foreign keys when flushed: the document
        # added in this unit of work is written first, so the line's foreign key finds it.
        self.session.flush()
        return super().add(entity)

    def of_document(self, document_id: uuid.UUID) -> list[DocumentLine]:
        r = self.row
        return self._all(self._live().where(r.document_id == document_id).order_by(r.position, r.id))  # type: ignore[attr-defined]


class InvoiceLineRepository(_LineRepository):
    row = rows.InvoiceLineRow

    def billed(self, project_id: uuid.UUID, kind: LineKind, currency: str) -> Money:
        """What lines of that kind bill for the project on invoices not voided (drafts included)."""
        line, invoice = rows.InvoiceLineRow, rows.InvoiceRow
        statement = (
            select(func.coalesce(func.sum(line.net_minor), 0))
            .join(invoice, invoice.id == line.document_id)
            .where(
                line.project_id == project_id,
                line.kind == kind.value,
                line.deleted_at.is_(None),
                invoice.deleted_at.is_(None),
                invoice.status != InvoiceStatus.VOID.value,
                invoice.kind != InvoiceKind.CREDIT_NOTE.value,
            )
        )
        return from_minor(self.session.execute(statement).scalar_one(), currency)


class QuoteLineRepository(_LineRepository):
    row = rows.QuoteLineRow


class PaymentRepository(SqlRepository[Payment]):
    entity, row = Payment, rows.PaymentRow

    def add(self, entity: Payment) -> Payment:
        self.session.flush()  # see _LineRepository.add
        return super().add(entity)

    def of_invoice(self, invoice_id: uuid.UUID) -> list[Payment]:
        r = rows.PaymentRow
        return self._all(self._live().where(r.invoice_id == invoice_id).order_by(r.received_on, r.id))


class NumberCounters:
    """The last number given per organisation, series and period; see rows.NumberCounterRow."""

    def __init__(self, session: Session):
        self.session = session

    def next(self, org_id: uuid.UUID, series: str, period: str) -> int:
        """The next number of the run, taken now: the caller's transaction holds the write lock (BEGIN
        IMMEDIATE), so two finalisations can never read the same counter."""
        r = rows.NumberCounterRow
        counter = self.session.get(r, (org_id, series, period))
        if counter is None:
            counter = r(org_id=org_id, series=series, period=period, last=0)
            self.session.add(counter)
        counter.last += 1
        self.session.flush()
        return counter.last
