"""Invoices and credit notes: drafts that can change, then issued documents that never do.

An invoice is a draft (no number, lines editable) until it is finalised; finalising gives it the next
number of its series and freezes it. From then on only payments move it: sent -> partially paid ->
paid, or overdue once past its due date. A mistake on an issued invoice is corrected by a credit
note, its own numbered document with the negative amounts, which voids the original.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum
from uuid import UUID

from moneyed import Money

from app.domain.errors import refuse
from app.domain.money import format_money, from_minor, round_half_up
from app.domain.payment_terms import PaymentTerms
from app.domain.priced_document import PricedDocument
from app.domain.state_machine import Transitions


class InvoiceKind(StrEnum):
    INVOICE = "invoice"
    DEPOSIT = "deposit"  # the deposit of a signed quote: paying it starts the project
    CREDIT_NOTE = "credit_note"


class InvoiceStatus(StrEnum):
    DRAFT = "draft"
    SENT = "sent"
    PARTIALLY_PAID = "partially_paid"
    OVERDUE = "overdue"
    PAID = "paid"
    VOID = "void"  # cancelled by a credit note


_S = InvoiceStatus
OPEN_STATUSES = frozenset({_S.SENT, _S.PARTIALLY_PAID, _S.OVERDUE})
INVOICE_TRANSITIONS = Transitions(
    "invoice",
    {
        _S.DRAFT: frozenset({_S.SENT}),
        _S.SENT: frozenset({_S.PARTIALLY_PAID, _S.PAID, _S.OVERDUE, _S.VOID}),
        _S.PARTIALLY_PAID: frozenset({_S.SENT, _S.PAID, _S.OVERDUE, _S.VOID}),
        _S.OVERDUE: frozenset({_S.SENT, _S.PARTIALLY_PAID, _S.PAID, _S.VOID}),
        # A reversed payment can reopen a paid invoice.
        _S.PAID: frozenset({_S.SENT, _S.PARTIALLY_PAID, _S.OVERDUE}),
        _S.VOID: frozenset(),
    },
)

SERIES = {InvoiceKind.INVOICE: "invoice", InvoiceKind.DEPOSIT: "invoice", InvoiceKind.CREDIT_NOTE: "credit_note"}


@dataclass(kw_only=True, eq=False)
class Invoice(PricedDocument):
    kind: InvoiceKind = InvoiceKind.INVOICE
    status: InvoiceStatus = InvoiceStatus.DRAFT
    payment_terms: PaymentTerms
    due_date: date | None = None
    period_start: date | None = None  # the work it bills, as chosen when drafting
    period_end: date | None = None
    project_id: UUID | None = None  # the project of a deposit invoice
    credited_id: UUID | None = None  # on a credit note: the invoice it cancels
    paid: Money  # the sum of its payments not reversed
    early_discount: Money | None = None  # granted when paid within the early-payment window
    paid_on: date | None = None  # the day of the payment that settled it
    finalised_at: datetime | None = None
    bill_to: str = ""  # the client's name and address as they were when it was issued
    sent_at: datetime | None = None  # when it was last sent by email
    sent_to: str = ""  # to whom, comma-separated addresses
    purchase_order: str = ""  # the buyer's purchase order reference (BT-13), printed on the invoice

    @property
    def is_credit_note(self) -> bool:
        return self.kind is InvoiceKind.CREDIT_NOTE

    @property
    def title(self) -> str:
        return {
            InvoiceKind.INVOICE: "Invoice",
            InvoiceKind.DEPOSIT: "Deposit invoice",
            InvoiceKind.CREDIT_NOTE: "Credit note",
        }[self.kind]

    @property
    def balance(self) -> Money:
        """What the client still owes (zero on drafts, credit notes and void invoices)."""
        if self.status not in OPEN_STATUSES or self.is_credit_note:
            return from_minor(0, self.currency)
        return self.total - self.paid - (self.early_discount or from_minor(0, self.currency))

    def check_draft(self) -> None:
        """Only drafts change; an issued invoice is corrected by a credit note."""
        if self.status is not InvoiceStatus.DRAFT:
            raise refuse(
                "invoice_issued",
                f"Invoice {self.label} is issued and can no longer change; correct it with a credit note.",
            )

    def check_payable(self, amount: Money) -> None:
        if self.status not in OPEN_STATUSES:
            noun = "a draft" if self.status is InvoiceStatus.DRAFT else self.status.value.replace("_", " ")
            raise refuse("not_payable", f"Invoice {self.label} is {noun}; only issued, unpaid invoices take payments.")
        if amount.currency.code != self.currency:
            raise refuse(
                "wrong_currency",
                f"The payment is in {amount.currency.code} but invoice {self.label} is in {self.currency}.",
                "amount",
            )
        if amount > self.balance:
            raise refuse(
                "overpayment",
                f"A payment of {format_money(amount)} is more than the open balance of {format_money(self.balance)} "
                f"on invoice {self.label}.",
                "amount",
            )

    def take_payment(self, amount: Money, received_on: date, today: date) -> None:
        """Book a payment: refused above the open balance; within an early-payment window, a payment that
        leaves no more than the discount open settles the invoice, the rest granted as the discount."""
        self.check_payable(amount)
        self.paid += amount
        rest = self.total - self.paid
        until = self.payment_terms.discount_until(self.issue_date) if self.issue_date else None
        if until is not None and received_on <= until and rest.amount > 0:
            allowed = round_half_up(self.total.amount * (self.payment_terms.percent or 0) / 100, self.currency)
            if rest <= allowed:
                self.early_discount = rest
        if self.settle(today) is InvoiceStatus.PAID:
            self.paid_on = received_on

    def drop_payment(self, amount: Money, today: date) -> None:
        """Undo a reversed payment's effect; a discount granted for paying early goes with it."""
        self.paid -= amount
        self.early_discount = None
        self.paid_on = None
        self.settle(today)

    def settle(self, today: date) -> InvoiceStatus:
        """The status the payments and the date give an issued invoice (drafts, void and credit notes keep theirs)."""
        if self.status is InvoiceStatus.DRAFT or self.status is InvoiceStatus.VOID or self.is_credit_note:
            return self.status
        zero = from_minor(0, self.currency)
        if self.total - self.paid - (self.early_discount or zero) <= zero:
            target = InvoiceStatus.PAID
        elif self.due_date is not None and self.due_date < today:
            target = InvoiceStatus.OVERDUE
        elif self.paid > zero:
            target = InvoiceStatus.PARTIALLY_PAID
        else:
            target = InvoiceStatus.SENT
        if target is not self.status:
            self.status = INVOICE_TRANSITIONS.check(self.status, target)
        return self.status
