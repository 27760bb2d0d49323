"""Commands that settle or cancel an issued invoice: payments received, payments reversed, credit notes."""

from __future__ import annotations

import argparse
import uuid
from collections.abc import Iterable

from app.cli.document_text import amount, short
from app.cli.invoice_runner import record_id
from app.cli.invoice_text import client_name, said
from app.cli.output import Output
from app.cli.runner import writing
from app.domain.calendar import parse_date
from app.domain.errors import Checks
from app.domain.invoice import OPEN_STATUSES, Invoice, InvoiceStatus
from app.domain.money import format_money
from app.domain.text import collect
from app.services import invoice_issue, payments
from app.services.identity import Actor, require_manager
from app.services.invoice_views import find_invoice
from app.services.ports import UnitOfWork


def _payment_id(uow: UnitOfWork, actor: Actor, text: str) -> uuid.UUID:
    """A payment on an issued invoice, by its id or the end of it."""
    require_manager(actor, "reverse payments")

    def ids() -> Iterable[uuid.UUID]:
        for invoice in uow.invoices.listing(actor.org.id, (*OPEN_STATUSES, InvoiceStatus.PAID)):
            yield from (payment.id for payment in uow.payments.of_invoice(invoice.id))

    return record_id(text, ids, "payment", "`timeledger invoice show NUMBER` lists an invoice's payments")


def _balance_line(invoice: Invoice) -> str:
    if invoice.status is InvoiceStatus.PAID:
        return f"Invoice {invoice.number} is paid."
    return f"{format_money(invoice.balance)} of invoice {invoice.number} is still open."


@writing()
def pay(uow: UnitOfWork, actor: Actor, args: argparse.Namespace) -> Output:
    invoice = find_invoice(uow, actor, args.invoice)
    checks = Checks()
    received_on = collect(checks, parse_date, args.date)
    checks.raise_if_any()
    assert received_on is not None
    payment = payments.record_payment(
        uow,
        actor,
        invoice,
        amount=args.amount,
        received_on=received_on,
        method=args.method or "",
        reference=args.reference or "",
    )
    output = said(
        uow,
        invoice,
        [
            f"Recorded a payment of {format_money(payment.amount)} on {payment.received_on} "
            f"({short(payment.id)}) against invoice {invoice.number}.",
            _balance_line(invoice),
        ],
    )
    output.data["payment"] = {"id": payment.id, "amount": amount(payment.amount), "date": payment.received_on}
    return output


@writing()
def unpay(uow: UnitOfWork, actor: Actor, args: argparse.Namespace) -> Output:
    payment_id = _payment_id(uow, actor, args.payment)
    invoice = payments.reverse_payment(uow, actor, payment_id, args.reason)
    return said(uow, invoice, [f"Reversed payment {short(payment_id)}.", _balance_line(invoice)])


@writing()
def credit(uow: UnitOfWork, actor: Actor, args: argparse.Namespace) -> Output:
    invoice = find_invoice(uow, actor, args.invoice)
    entries = uow.entries.count_on_invoice(invoice.id)
    note = invoice_issue.credit(uow, actor, invoice, release_entries=args.release_time, reason=args.reason or "")
    lines = [
        f"Credit note {note.number} cancels invoice {invoice.number} of {client_name(uow, invoice)}: "
        f"{format_money(note.total)}."
    ]
    if args.release_time and entries:
        noun = "1 entry is" if entries == 1 else f"{entries} entries are"
        lines.append(f"Its time is free to invoice again: {noun} approved and not invoiced.")
    output = said(uow, note, lines)
    output.data["credited"] = invoice.number
    output.data["released_entries"] = entries if args.release_time else 0
    return output
