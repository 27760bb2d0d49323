"""Receivables from invoices alone: aging buckets, client figures and the health grade, exact and per currency."""

from __future__ import annotations

import uuid
from datetime import date, timedelta
from decimal import Decimal

import pytest
from moneyed import Money

from app.domain.invoice import Invoice, InvoiceKind, InvoiceStatus
from app.domain.payment_terms import PaymentTerms
from app.domain.receivables import (
    BUCKET_LABELS,
    HealthGrade,
    aging,
    bucket_index,
    client_figures,
    grade,
)

TODAY = date(2026, 11, 20)
ORG = uuid.uuid4()
GLOBEX, INITECH = uuid.uuid4(), uuid.uuid4()


def issued(
    total: str,
    *,
    client: uuid.UUID = GLOBEX,
    currency: str = "EUR",
    due_days_ago: int = -10,
    paid: str = "0",
    status: InvoiceStatus = InvoiceStatus.SENT,
    kind: InvoiceKind = InvoiceKind.INVOICE,
    issued_days_ago: int | None = None,
    paid_on: date | None = None,
) -> Invoice:
    """An issued invoice due `due_days_ago` days before TODAY (negative: not yet due), net 30 terms."""
    due = TODAY - timedelta(days=due_days_ago)
    issue = TODAY - timedelta(days=issued_days_ago) if issued_days_ago is not None else due - timedelta(days=30)
    amount = Money(total, currency)
    return Invoice(
        org_id=ORG,
        client_id=client,
        currency=currency,
        kind=kind,
        status=status,
        payment_terms=PaymentTerms.net(30),
        number=f"2026-{uuid.uuid4().hex[:4]}",
        issue_date=issue,
        due_date=due,
        net=amount,
        tax=Money("0", currency),
        total=amount,
        paid=Money(paid, currency),
        paid_on=paid_on,
    )


def eur(amount: str) -> Money:
    return Money(amount, "EUR")


@pytest.mark.parametrize(
    ("days", "label"),
    [(-5, "current"), (0, "current"), (1, "1-30"), (30, "1-30"), (31, "31-60"), (60, "31-60"), (61, "61-90"),
     (90, "61-90"), (91, "90+"), (4000, "90+")],
)  # fmt: skip
def test_days_past_due_fall_in_their_bucket(days, label):
    assert BUCKET_LABELS[bucket_index(days)] == label


def test_aging_puts_each_open_balance_in_its_bucket_per_client():
    invoices = [
        issued("100.00", due_days_ago=-3),
        issued("200.00", due_days_ago=1, paid="50.00", status=InvoiceStatus.PARTIALLY_PAID),
        issued("300.00", due_days_ago=45, status=InvoiceStatus.OVERDUE),
        issued("0.10", due_days_ago=75, status=InvoiceStatus.OVERDUE),
        issued("999.99", due_days_ago=120, status=InvoiceStatus.OVERDUE),
        issued("40.00", client=INITECH, due_days_ago=31, status=InvoiceStatus.OVERDUE),
    ]

    report = aging(invoices, TODAY, {GLOBEX: "Globex", INITECH: "Initech"})

    assert [(row.client_name, row.amounts.by_label()) for row in report.clients] == [
        ("Globex", dict(zip(BUCKET_LABELS, map(eur, ["100.00", "150.00", "300.00", "0.10", "999.99"]), strict=True))),
        ("Initech", dict(zip(BUCKET_LABELS, map(eur, ["0.00", "0.00", "40.00", "0.00", "0.00"]), strict=True))),
    ]
    [total] = report.totals
    assert total.buckets == tuple(map(eur, ["100.00", "150.00", "340.00", "0.10", "999.99"]))
    assert total.total == eur("1590.09")
    assert total.overdue == eur("1490.09")
    assert report.of_client(INITECH)[0].amounts.total == eur("40.00")


def test_aging_never_adds_different_currencies():
    invoices = [
        issued("100.00"),
        issued("5000", currency="JPY", due_days_ago=10, status=InvoiceStatus.OVERDUE),
        issued("1.234", currency="KWD", client=INITECH),
        issued("20.00", currency="USD", client=INITECH, due_days_ago=100, status=InvoiceStatus.OVERDUE),
    ]

    report = aging(invoices, TODAY, {GLOBEX: "Globex", INITECH: "Initech"})

    assert [(row.client_name, row.amounts.currency, str(row.amounts.total)) for row in report.clients] == [
        ("Globex", "EUR", str(Money("100.00", "EUR"))),
        ("Globex", "JPY", str(Money("5000", "JPY"))),
        ("Initech", "KWD", str(Money("1.234", "KWD"))),
        ("Initech", "USD", str(Money("20.00", "USD"))),
    ]
    assert [(t.currency, t.total.amount) for t in report.totals] == [
        ("EUR", Decimal("100.00")),
        ("JPY", Decimal("5000")),
        ("KWD", Decimal("1.234")),
        ("USD", Decimal("20.00")),
    ]


def test_paid_void_draft_invoices_and_credit_notes_owe_nothing():
    credit_note = issued("-300.00", kind=InvoiceKind.CREDIT_NOTE, due_days_ago=40)
    invoices = [
        issued("100.00", paid="100.00", status=InvoiceStatus.PAID, due_days_ago=50),
        issued("300.00", status=InvoiceStatus.VOID, due_days_ago=40),
        credit_note,
        issued("50.00", status=InvoiceStatus.DRAFT),
    ]

    report = aging(invoices, TODAY)

    assert report.clients == () and report.totals == ()
    figures = client_figures(invoices, TODAY)
    assert figures.in_currency("EUR").outstanding == eur("0.00")
    assert figures.grade is HealthGrade.A


def test_client_figures_count_billed_paid_and_outstanding_exactly():
    invoices = [
        issued("100.10", paid="100.10", status=InvoiceStatus.PAID, issued_days_ago=40, paid_on=TODAY - timedelta(10)),
        issued("200.20", paid="50.05", status=InvoiceStatus.PARTIALLY_PAID, due_days_ago=-5),
        issued("300.00", kind=InvoiceKind.DEPOSIT, paid="300.00", status=InvoiceStatus.PAID, issued_days_ago=20,
               paid_on=TODAY - timedelta(15)),
        # A void invoice and the credit note that cancels it net to zero.
        issued("0.30", status=InvoiceStatus.VOID),
        issued("-0.30", kind=InvoiceKind.CREDIT_NOTE),
        issued("999.00", status=InvoiceStatus.DRAFT),
    ]  # fmt: skip

    figures = client_figures(invoices, TODAY)

    [sums] = figures.sums
    assert (sums.currency, sums.billed, sums.paid, sums.outstanding, sums.overdue) == (
        "EUR",
        eur("600.30"),
        eur("450.15"),
        eur("150.15"),
        eur("0.00"),
    )
    assert figures.average_days_to_pay == Decimal("17.5")  # (30 + 5) / 2
    assert figures.grade is HealthGrade.A and figures.most_days_overdue == 0


def test_average_days_to_pay_is_none_before_anything_is_paid_and_rounds_half_up():
    assert client_figures([issued("10.00")], TODAY).average_days_to_pay is None
    assert client_figures([], TODAY).sums == ()
    paid = [
        issued("1.00", paid="1.00", status=InvoiceStatus.PAID, issued_days_ago=days, paid_on=TODAY)
        for days in (1, 1, 2, 2, 2, 2, 2, 2)  # 14 / 8 = 1.75
    ]
    assert client_figures(paid, TODAY).average_days_to_pay == Decimal("1.8")


def test_client_figures_keep_currencies_apart():
    figures = client_figures([issued("10.00"), issued("500", currency="JPY")], TODAY)

    assert [(s.currency, s.billed) for s in figures.sums] == [("EUR", eur("10.00")), ("JPY", Money("500", "JPY"))]
    assert figures.in_currency("USD").billed == Money("0.00", "USD")


@pytest.mark.parametrize(
    ("invoices", "expected", "days"),
    [
        ([issued("100.00", due_days_ago=0)], HealthGrade.A, 0),
        ([issued("100.00", due_days_ago=10, status=InvoiceStatus.OVERDUE)], HealthGrade.B, 10),
        ([issued("100.00", due_days_ago=30, status=InvoiceStatus.OVERDUE)], HealthGrade.B, 30),
        # 31 to 60 days, but most of what is owed is not yet due: C.
        (
            [issued("100.00", due_days_ago=45, status=InvoiceStatus.OVERDUE), issued("900.00", due_days_ago=-5)],
            HealthGrade.C,
            45,
        ),
        # More than half of what is owed is over 30 days late: D.
        ([issued("100.00", due_days_ago=45, status=InvoiceStatus.OVERDUE)], HealthGrade.D, 45),
        (
            [issued("1.00", due_days_ago=61, status=InvoiceStatus.OVERDUE), issued("9000.00", due_days_ago=-5)],
            HealthGrade.D,
            61,
        ),
    ],
)
def test_the_health_grade_follows_the_overdue_invoices(invoices, expected, days):
    figures = client_figures(invoices, TODAY)

    assert (figures.grade, figures.most_days_overdue) == (expected, days)


def test_an_unsettled_status_does_not_hide_an_overdue_invoice():
    """Grades read the due date, not the status: an invoice not yet marked overdue still counts."""
    figures = client_figures([issued("10.00", due_days_ago=5, status=InvoiceStatus.SENT)], TODAY)

    assert (figures.grade, figures.in_currency("EUR").overdue) == (HealthGrade.B, eur("10.00"))


def test_grade_bounds():
    assert [grade(days) for days in (0, 1, 30, 31, 60, 61)] == list("ABBCCD")
    assert (grade(45), grade(45, mostly_long_overdue=True)) == (HealthGrade.C, HealthGrade.D)
