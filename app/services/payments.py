"""Recording what clients pay: payments, reversals, and invoices falling overdue.

Paying a deposit invoice in full starts its project: the deposit is marked paid and a project waiting
for it becomes active. Reversing that payment takes the deposit back (time is then refused again).
"""

from __future__ import annotations

import uuid
from datetime import date

from moneyed import Money

from app.domain.errors import NotFound, Problem
from app.domain.invoice import Invoice, InvoiceKind, InvoiceStatus
from app.domain.payment import DEFAULT_METHOD, Payment, new_payment
from app.domain.project import ProjectStatus
from app.services.identity import Actor, require_manager
from app.services.ports import UnitOfWork


def record_payment(
    uow: UnitOfWork,
    actor: Actor,
    invoice: Invoice,
    *,
    amount: str | Money,
    received_on: date,
    method: str = DEFAULT_METHOD,
    reference: str = "",
) -> Payment:
    """Book a payment; an overpayment is refused with the open balance in the message."""
    require_manager(actor, "record payments")
    today = actor.today(uow.clock)
    payment = new_payment(
        org_id=actor.org.id,
        invoice_id=invoice.id,
        currency=invoice.currency,
        received_on=received_on,
        amount=amount,
        method=method,
        reference=reference,
        today=today,
    )
    invoice.take_payment(payment.amount, received_on, today)
    uow.payments.add(payment)
    uow.invoices.save(invoice)
    _follow_deposit(uow, invoice)
    return payment


def reverse_payment(uow: UnitOfWork, actor: Actor, payment_id: uuid.UUID, reason: str) -> Invoice:
    """Reverse a payment booked by mistake (it stays on record, marked, with the reason)."""
    require_manager(actor, "reverse payments")
    payment = uow.payments.get(payment_id)
    invoice = uow.invoices.get(payment.invoice_id) if payment else None
    if payment is None or invoice is None:
        raise NotFound(Problem("unknown_payment", "That payment does not exist.", "payment"))
    payment.reverse(uow.clock.now(), reason)
    uow.payments.save(payment)
    invoice.drop_payment(payment.amount, actor.today(uow.clock))
    uow.invoices.save(invoice)
    _follow_deposit(uow, invoice)
    return invoice


def _follow_deposit(uow: UnitOfWork, invoice: Invoice) -> None:
    """A deposit invoice's project has its deposit paid exactly while the invoice is paid."""
    if invoice.kind is not InvoiceKind.DEPOSIT or invoice.project_id is None:
        return
    project = uow.projects.get(invoice.project_id)
    if project is None:
        return
    paid = invoice.status is InvoiceStatus.PAID
    if project.deposit_paid == paid:
        return
    project.deposit_paid = paid
    if paid and project.status is ProjectStatus.WAITING_DEPOSIT:
        project.move_to(ProjectStatus.ACTIVE)
    uow.projects.save(project)


def mark_overdue(uow: UnitOfWork, actor: Actor) -> list[Invoice]:
    """Move issued invoices past their due date to overdue (run at start-up and daily); returns them."""
    today = actor.today(uow.clock)
    moved = []
    for invoice in uow.invoices.listing(actor.org.id, (InvoiceStatus.SENT, InvoiceStatus.PARTIALLY_PAID)):
        # Credit notes are "sent" with a due date of their issue day, but never fall overdue: leave them be.
        if invoice.due_date is not None and invoice.due_date < today and not invoice.is_credit_note:
            invoice.settle(today)
            uow.invoices.save(invoice)
            moved.append(invoice)
    return moved
