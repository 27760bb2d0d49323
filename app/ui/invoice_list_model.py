"""The invoice list: its columns, the status filters above it, and the rows each filter shows."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from app.domain.invoice import Invoice, InvoiceStatus
from app.domain.money import format_money
from app.services.identity import Actor
from app.services.invoice_views import InvoiceSummary, list_invoices
from app.services.ports import UnitOfWork
from app.ui.record_list import Column, RecordList

EMPTY = "No invoices yet — draft one from approved time with “Draft from time…” (Ctrl+Shift+T)."
NO_MATCH = "No invoices match this filter; choose All to see every invoice."
_S = InvoiceStatus


@dataclass(frozen=True)
class InvoiceFilter:
    title: str
    statuses: tuple[InvoiceStatus, ...] = ()  # none: every status
    credit_notes: bool | None = None  # True: only credit notes, False: none, None: both


FILTERS = (
    InvoiceFilter("All"),
    InvoiceFilter("Drafts", (_S.DRAFT,), False),
    # A credit note is issued like an invoice (status "sent") but is never owed: not open, not overdue.
    InvoiceFilter("Open", (_S.SENT, _S.PARTIALLY_PAID, _S.OVERDUE), False),
    InvoiceFilter("Overdue", (_S.OVERDUE,), False),
    InvoiceFilter("Paid", (_S.PAID,), False),
    InvoiceFilter("Void", (_S.VOID,), False),
    InvoiceFilter("Credit notes", (), True),
)


def status_text(invoice: Invoice) -> str:
    """ "partially paid", "overdue", "credit note"..."""
    return "credit note" if invoice.is_credit_note else invoice.status.value.replace("_", " ")


def day(value: date | None) -> str:
    return value.isoformat() if value else "—"


def balance_text(invoice: Invoice) -> str:
    """What the client still owes; nothing on drafts and credit notes (they are owed by nobody)."""
    if invoice.is_credit_note or invoice.status is _S.DRAFT:
        return "—"
    return format_money(invoice.balance)


COLUMNS = (
    Column("Reference", lambda s: s.reference),
    Column("Client", lambda s: s.client_name, stretch=True),
    Column("Status", lambda s: status_text(s.invoice)),
    Column("Issued", lambda s: day(s.invoice.issue_date)),
    Column("Due", lambda s: "—" if s.invoice.is_credit_note else day(s.invoice.due_date)),  # nobody owes it
    Column("Total", lambda s: format_money(s.invoice.total), numeric=True),
    Column("Balance", lambda s: balance_text(s.invoice), numeric=True),
)
REFERENCE, CLIENT, STATUS, ISSUED, DUE, TOTAL, BALANCE = range(len(COLUMNS))


def invoices_shown(uow: UnitOfWork, actor: Actor, chosen: InvoiceFilter) -> list[InvoiceSummary]:
    """The rows of the list under `chosen`, newest first (drafts on top)."""
    rows = list_invoices(uow, actor, chosen.statuses)
    if chosen.credit_notes is None:
        return rows
    return [row for row in rows if row.invoice.is_credit_note == chosen.credit_notes]


def invoice_list() -> RecordList:
    """The table of invoices; void ones and credit notes dimmed, since nobody owes them anything."""
    return RecordList(
        COLUMNS,
        key=lambda s: s.invoice.id,
        dimmed=lambda s: s.invoice.status is _S.VOID or s.invoice.is_credit_note,
    )


def empty_text(chosen: InvoiceFilter) -> str:
    return EMPTY if chosen == FILTERS[0] else NO_MATCH
