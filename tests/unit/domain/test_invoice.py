"""Invoice states: issued invoices never change; payments and the calendar move them along."""

from __future__ import annotations

import uuid
from datetime import date, timedelta
from decimal import Decimal

import pytest

from app.domain.errors import RuleViolation
from app.domain.invoice import Invoice, InvoiceKind, InvoiceStatus
from app.domain.money import from_minor
from app.domain.payment import new_payment
from app.domain.payment_terms import PaymentTerms

ISSUED = date(2026, 11, 2)


def eur(text: str):
    return from_minor(int(Decimal(text) * 100), "EUR")


def issued(total: str = "119.00", terms: str = "net:14", status=InvoiceStatus.SENT, **fields) -> Invoice:
    zero = eur("0")
    return Invoice(
        org_id=uuid.uuid4(),
        client_id=uuid.uuid4(),
        currency="EUR",
        number="2026-0001",
        status=status,
        issue_date=ISSUED,
        payment_terms=PaymentTerms.parse(terms),
        due_date=PaymentTerms.parse(terms).due_date(ISSUED),
        net=eur(total),
        tax=zero,
        total=eur(total),
        paid=zero,
        **fields,
    )


def test_a_partial_payment_leaves_the_rest_open():
    invoice = issued()
    invoice.take_payment(eur("19.00"), ISSUED, ISSUED)
    assert invoice.status is InvoiceStatus.PARTIALLY_PAID
    assert invoice.balance == eur("100.00")
    assert invoice.paid_on is None


def test_the_payment_that_settles_it_gives_the_paid_date():
    invoice = issued()
    invoice.take_payment(eur("19.00"), date(2026, 11, 3), date(2026, 11, 5))
    invoice.take_payment(eur("100.00"), date(2026, 11, 4), date(2026, 11, 5))
    assert (invoice.status, invoice.paid_on, invoice.balance) == (InvoiceStatus.PAID, date(2026, 11, 4), eur("0"))


def test_an_overpayment_is_refused_with_the_open_balance():
    invoice = issued()
    invoice.take_payment(eur("100.00"), ISSUED, ISSUED)
    with pytest.raises(RuleViolation) as refused:
        invoice.take_payment(eur("19.01"), ISSUED, ISSUED)
    assert str(refused.value) == (
        "A payment of 19.01 EUR is more than the open balance of 19.00 EUR on invoice 2026-0001."
    )
    assert invoice.paid == eur("100.00")


def test_past_its_due_date_an_unpaid_invoice_is_overdue_and_stays_so_when_partly_paid():
    invoice = issued()
    late = invoice.due_date + timedelta(days=1)  # type: ignore[operator]
    assert invoice.settle(invoice.due_date) is InvoiceStatus.SENT  # type: ignore[arg-type]
    assert invoice.settle(late) is InvoiceStatus.OVERDUE
    invoice.take_payment(eur("50.00"), late, late)
    assert invoice.status is InvoiceStatus.OVERDUE
    invoice.take_payment(eur("69.00"), late, late)
    assert invoice.status is InvoiceStatus.PAID


def test_reversing_the_settling_payment_reopens_the_invoice():
    invoice = issued()
    invoice.take_payment(eur("119.00"), ISSUED, ISSUED)
    invoice.drop_payment(eur("119.00"), ISSUED)
    assert (invoice.status, invoice.paid_on, invoice.balance) == (InvoiceStatus.SENT, None, eur("119.00"))


def test_paying_within_the_early_payment_window_grants_the_discount():
    invoice = issued("100.00", terms="early:2:10:30")
    invoice.take_payment(eur("98.00"), ISSUED + timedelta(days=10), ISSUED + timedelta(days=10))
    assert (invoice.status, invoice.early_discount, invoice.balance) == (InvoiceStatus.PAID, eur("2.00"), eur("0"))


def test_after_the_early_payment_window_the_full_amount_is_due():
    invoice = issued("100.00", terms="early:2:10:30")
    invoice.take_payment(eur("98.00"), ISSUED + timedelta(days=11), ISSUED + timedelta(days=11))
    assert (invoice.status, invoice.early_discount, invoice.balance) == (
        InvoiceStatus.PARTIALLY_PAID,
        None,
        eur("2.00"),
    )


@pytest.mark.parametrize("status", [InvoiceStatus.DRAFT, InvoiceStatus.PAID, InvoiceStatus.VOID])
def test_only_open_invoices_take_payments(status):
    invoice = issued(status=status)
    with pytest.raises(RuleViolation) as refused:
        invoice.take_payment(eur("1.00"), ISSUED, ISSUED)
    assert refused.value.code == "not_payable"


def test_a_payment_in_another_currency_is_refused():
    with pytest.raises(RuleViolation) as refused:
        issued().take_payment(from_minor(100, "USD"), ISSUED, ISSUED)
    assert refused.value.code == "wrong_currency"


@pytest.mark.parametrize("status", [s for s in InvoiceStatus if s is not InvoiceStatus.DRAFT])
def test_an_issued_invoice_never_changes(status):
    with pytest.raises(RuleViolation) as refused:
        issued(status=status).check_draft()
    assert "correct it with a credit note" in str(refused.value)


def test_credit_notes_and_void_invoices_owe_nothing_and_keep_their_status():
    note = issued(kind=InvoiceKind.CREDIT_NOTE)
    void = issued(status=InvoiceStatus.VOID)
    assert note.settle(date(2030, 1, 1)) is InvoiceStatus.SENT
    assert void.settle(date(2030, 1, 1)) is InvoiceStatus.VOID
    assert void.balance == eur("0")


def test_payments_are_above_zero_in_the_invoice_currency_and_not_in_the_future():
    with pytest.raises(RuleViolation) as refused:
        new_payment(
            org_id=uuid.uuid4(),
            invoice_id=uuid.uuid4(),
            currency="EUR",
            received_on=date(2026, 11, 21),
            amount="0",
            method=" ",
            reference="x" * 201,
            today=date(2026, 11, 20),
        )
    assert {p.code for p in refused.value.problems} >= {"not_positive", "future_payment", "too_long"}
