"""Reading invoices: finding one by number or id, the list, one invoice in full, and it as printed."""

from __future__ import annotations

import functools
from collections.abc import Sequence
from dataclasses import dataclass

from app.domain.client import Client
from app.domain.document_lines import DocumentLine
from app.domain.document_totals import Totals, compute_totals
from app.domain.errors import NotFound, Problem
from app.domain.invoice import Invoice, InvoiceKind, InvoiceStatus
from app.domain.payment import Payment
from app.domain.printable import PrintableDocument, party
from app.services.document_references import find_document, reference
from app.services.identity import Actor, require_manager
from app.services.ports import UnitOfWork

MARKS = {
    InvoiceStatus.DRAFT: "DRAFT",
    InvoiceStatus.PAID: "PAID",
    InvoiceStatus.VOID: "VOID",
}


def find_invoice(uow: UnitOfWork, actor: Actor, ref: str) -> Invoice:
    """An invoice by number ("2026-0001"), by id, or by the end of a draft's id as lists show it ("3f9c27ab")."""
    require_manager(actor, "see invoices")
    drafts = functools.partial(uow.invoices.listing, actor.org.id, (InvoiceStatus.DRAFT,))
    return find_document(uow.invoices, drafts, actor.org.id, ref, "invoice")


@dataclass(frozen=True)
class InvoiceSummary:
    """One row of the invoice list."""

    invoice: Invoice
    client_name: str

    @property
    def reference(self) -> str:
        return reference(self.invoice)


def list_invoices(
    uow: UnitOfWork, actor: Actor, statuses: Sequence[InvoiceStatus] = (), client: Client | None = None
) -> list[InvoiceSummary]:
    require_manager(actor, "see invoices")
    names = {c.id: c.name for c in uow.clients.all(actor.org.id)}
    found = uow.invoices.listing(actor.org.id, statuses, client.id if client else None)
    return [InvoiceSummary(invoice, names.get(invoice.client_id, "")) for invoice in found]


@dataclass(frozen=True)
class InvoiceDetail:
    invoice: Invoice
    client: Client
    lines: tuple[DocumentLine, ...]
    totals: Totals
    payments: tuple[Payment, ...]
    credited_number: str | None  # on a credit note: the invoice it cancels
    credit_notes: tuple[str, ...]  # on an invoice: the numbers of credit notes cancelling it
    entries: int  # approved entries it bills

    @property
    def reference(self) -> str:
        return reference(self.invoice)

    @property
    def cancellations(self) -> list[str]:
        """What it cancels, or what cancels it, in sentences (for the CLI and the app alike)."""
        sentences = []
        if self.credited_number:
            sentences.append(f"Cancels invoice {self.credited_number}.")
        if self.credit_notes:
            sentences.append(f"Cancelled by credit note {', '.join(self.credit_notes)}.")
        return sentences


def invoice_detail(uow: UnitOfWork, actor: Actor, invoice: Invoice) -> InvoiceDetail:
    require_manager(actor, "see invoices")
    client = uow.clients.get(invoice.client_id)
    if client is None:
        raise NotFound(Problem("unknown_client", "The invoice's client no longer exists.", "client"))
    lines = tuple(uow.invoice_lines.of_document(invoice.id))
    credited = uow.invoices.get(invoice.credited_id) if invoice.credited_id else None
    return InvoiceDetail(
        invoice=invoice,
        client=client,
        lines=lines,
        totals=compute_totals(lines, invoice.currency, invoice.discount),
        payments=tuple(uow.payments.of_invoice(invoice.id)),
        credited_number=credited.number if credited else None,
        credit_notes=tuple(n.number or "" for n in uow.invoices.credit_notes_of(invoice.id)),
        entries=uow.entries.count_on_invoice(invoice.id),
    )


def printable(uow: UnitOfWork, actor: Actor, invoice: Invoice) -> PrintableDocument:
    """The invoice as the PDF shows it: an issued one with the client's address as it was when issued."""
    detail = invoice_detail(uow, actor, invoice)
    org, client = actor.org, detail.client
    bill_to = invoice.bill_to or "\n".join(p for p in (client.name, client.billing_address) if p)
    name, _, address = bill_to.partition("\n")
    period = ""
    if invoice.period_start and invoice.period_end:
        period = f"Work from {invoice.period_start} to {invoice.period_end}"
    reference_text = f"Cancels invoice {detail.credited_number}" if detail.credited_number else period
    mark = "CREDIT NOTE" if invoice.kind is InvoiceKind.CREDIT_NOTE else MARKS.get(invoice.status)
    is_invoice = not invoice.is_credit_note
    return PrintableDocument(
        title=invoice.title,
        number=invoice.number,
        mark=mark,
        seller=party(org.name, org.address, org.tax_id),
        buyer=party(name, address, client.tax_id, client.email),
        issue_date=invoice.issue_date,
        due_date=invoice.due_date if is_invoice else None,
        valid_until=None,
        reference=reference_text,
        lines=detail.lines,
        totals=detail.totals,
        payment_terms=invoice.payment_terms.describe(invoice.issue_date) if is_invoice else "",
        bank_details=org.bank_details if is_invoice else "",
        notes=invoice.notes,
        paid=invoice.paid if is_invoice and invoice.paid.amount else None,
        balance=invoice.balance if is_invoice and invoice.status is not InvoiceStatus.DRAFT else None,
        logo=org.logo,
    )
