"""Issuing invoices: finalising a draft under the next gapless number, and cancelling one by a credit note.

The number is taken from the organisation's counter for the series and year in the same transaction
that issues the document; SQLite writers hold the database's write lock from their first statement
(BEGIN IMMEDIATE), so concurrent finalisations queue up and can neither share nor skip a number.
"""

from __future__ import annotations

from dataclasses import replace

from app.domain.errors import refuse
from app.domain.ids import new_id
from app.domain.invoice import SERIES, Invoice, InvoiceKind, InvoiceStatus
from app.domain.money import format_money
from app.domain.payment_terms import PaymentTerms
from app.domain.task_log import EntryStatus
from app.services.identity import Actor, require_manager
from app.services.invoice_drafts import empty_invoice, release_milestone, retotal
from app.services.numbering import next_number
from app.services.ports import UnitOfWork

FINALISE = "finalise_invoice"  # the workflow operation that asks the team server to issue a document


def _issue(uow: UnitOfWork, actor: Actor, invoice: Invoice) -> None:
    """Give the document its number, dates and the client's address as of today, and freeze it."""
    today = actor.today(uow.clock)
    org = actor.org
    if invoice.kind is InvoiceKind.CREDIT_NOTE:
        pattern, noun = org.credit_note_pattern, "credit note"
    else:
        pattern, noun = org.invoice_pattern, "invoice"
    number = next_number(uow, org, SERIES[invoice.kind], pattern, today, uow.invoices.by_number, noun)
    client = uow.clients.get(invoice.client_id)
    invoice.number = number
    invoice.issue_date = today
    invoice.due_date = invoice.payment_terms.due_date(today)
    invoice.bill_to = "\n".join(part for part in (client.name, client.billing_address) if part) if client else ""
    invoice.finalised_at = uow.clock.now()
    invoice.status = InvoiceStatus.SENT


def finalise(uow: UnitOfWork, actor: Actor, invoice: Invoice) -> Invoice:
    """Issue a draft: it gets its number and due date, its time becomes invoiced, and it never changes again.

    With sync set up only the team server gives numbers: the draft is queued for it and stays a draft here
    until the next sync brings it back issued (or says why the server refused)."""
    require_manager(actor, "finalise invoices")
    invoice.check_draft()
    if uow.sync_ops.finalising(invoice.id):
        raise refuse("finalising", f"Invoice {invoice.label} already waits for the team server to finalise it.")
    retotal(uow, invoice)
    if not uow.invoice_lines.of_document(invoice.id):
        raise refuse("empty_invoice", "An invoice needs at least one line before it can be finalised.")
    if invoice.total.amount <= 0:
        raise refuse(
            "not_positive_total",
            f"The invoice comes to {format_money(invoice.total)}; only an invoice above zero can be finalised.",
        )
    if uow.sync_ops.active:  # numbers are given by the team server only: this waits for the next sync
        uow.sync_ops.add(FINALISE, invoice_id=invoice.id, release_entries=False)
        return invoice
    _issue(uow, actor, invoice)
    uow.invoices.save(invoice)
    uow.entries.move_invoiced(invoice.id, EntryStatus.APPROVED, EntryStatus.INVOICED, keep_link=True)
    return invoice


def credit(
    uow: UnitOfWork, actor: Actor, invoice: Invoice, *, release_entries: bool = False, reason: str = ""
) -> Invoice:
    """Cancel an issued invoice by a credit note: its own number, the original's lines with negative
    quantities, a reference to the original, which becomes void. With `release_entries` its time becomes
    approved and uninvoiced again (to bill it anew) and its milestones reached again."""
    require_manager(actor, "issue credit notes")
    if invoice.status is InvoiceStatus.DRAFT:
        raise refuse("draft_credit", "A draft has nothing to credit; change it or delete it instead.")
    if invoice.is_credit_note or invoice.status is InvoiceStatus.VOID:
        noun = "a credit note" if invoice.is_credit_note else "void"
        raise refuse("not_creditable", f"{invoice.label} is {noun} and cannot be credited.")
    if invoice.paid.amount > 0:
        raise refuse(
            "credit_paid_invoice",
            f"Invoice {invoice.label} has payments of {format_money(invoice.paid)}; reverse them before crediting it.",
        )
    note = empty_invoice(
        actor,
        uow.clients.get(invoice.client_id),  # type: ignore[arg-type]
        kind=InvoiceKind.CREDIT_NOTE,
        credited_id=invoice.id,
        project_id=invoice.project_id,
        notes=f"Cancels invoice {invoice.number}." + (f" {reason.strip()}" if reason.strip() else ""),
    )
    note.payment_terms = PaymentTerms.net(0)
    note.set_discount(invoice.discount)
    uow.invoices.add(note)
    syncing = uow.sync_ops.active  # the server issues the note, voids the invoice and releases its time
    for line in uow.invoice_lines.of_document(invoice.id):
        uow.invoice_lines.add(
            replace(line, id=new_id(), document_id=note.id, quantity=-line.quantity, net=-line.net, version=0)
        )
        if release_entries and line.milestone_id is not None and not syncing:
            release_milestone(uow, line.milestone_id)
    retotal(uow, note)
    if syncing:
        uow.sync_ops.add(FINALISE, invoice_id=note.id, release_entries=release_entries)
        return note
    _issue(uow, actor, note)
    uow.invoices.save(note)
    invoice.status = InvoiceStatus.VOID
    uow.invoices.save(invoice)
    if release_entries:
        uow.entries.move_invoiced(invoice.id, EntryStatus.INVOICED, EntryStatus.APPROVED, keep_link=False)
    return note
