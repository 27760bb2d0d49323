"""Receivables through the real services on a SQLite file: invoices issued over months, paid in part or in full
or credited, then the aging list, each client's figures and grade, and the start-up status refresh."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any

import pytest
from helpers import acting
from moneyed import Money

from app.domain.clock import FixedClock
from app.domain.errors import RuleViolation
from app.domain.invoice import Invoice, InvoiceStatus
from app.domain.quote import QuoteStatus
from app.domain.receivables import HealthGrade
from app.ledger import Ledger
from app.services import clients, invoice_drafts, invoice_issue, invoicing_settings, payments, projects, quotes
from app.services import receivables as service

ADA, CARL = "ada@acme.example", "carl@acme.example"
TODAY = date(2026, 11, 20)  # the `clock` fixture's day, where each test ends up


def act(ledger: Ledger, step: Callable[..., Any], email: str = ADA) -> Any:
    with acting(ledger, email) as (uow, actor):
        result = step(uow, actor)
        uow.commit()
    return result


def on(clock: FixedClock, day: date) -> None:
    clock.at = datetime(day.year, day.month, day.day, 9, tzinfo=UTC)


def invoice(ledger: Ledger, clock: FixedClock, client: str, day: date, price: str) -> Invoice:
    """An invoice of one line at `price` (plus 19 % VAT), finalised on `day`."""
    on(clock, day)

    def step(uow, actor):  # type: ignore[no-untyped-def]
        draft = invoice_drafts.new_draft(uow, actor, clients.find_client(uow, actor.org, client))
        invoice_drafts.add_line(uow, actor, draft, description="Consulting", quantity="1", unit_price=price)
        return invoice_issue.finalise(uow, actor, uow.invoices.get(draft.id))

    return act(ledger, step)


def pay(ledger: Ledger, clock: FixedClock, issued: Invoice, day: date, amount: str) -> None:
    on(clock, day)
    act(
        ledger,
        lambda uow, actor: payments.record_payment(
            uow, actor, uow.invoices.get(issued.id), amount=amount, received_on=day
        ),
    )


@pytest.fixture
def books(team, ledger: Ledger, clock: FixedClock) -> Ledger:
    """Globex (net 30): A 119.00 of July paid after 40 days, B 238.00 of September paid 50.00, C 357.00 of
    November, E 11.90 credited; Initech (deposit terms, other invoices net 30): D 59.50 of October; Umbrella
    (USD): 10.00 USD of November. A quote for WEB, sent on 1 November, valid until the 10th."""
    with acting(ledger) as (uow, admin):
        invoicing_settings.update_invoicing(uow, admin, default_tax_rate="19")
        clients.add_client(uow, admin, name="Initech", email="ap@initech.example", terms="deposit:30")
        clients.add_client(uow, admin, name="Umbrella", email="ap@umbrella.example", currency="USD")
        uow.commit()
    a = invoice(ledger, clock, "Globex", date(2026, 7, 1), "100.00")
    pay(ledger, clock, a, date(2026, 8, 10), "119.00")
    b = invoice(ledger, clock, "Globex", date(2026, 9, 15), "200.00")
    pay(ledger, clock, b, date(2026, 10, 1), "50.00")
    invoice(ledger, clock, "Initech", date(2026, 10, 10), "50.00")
    e = invoice(ledger, clock, "Globex", date(2026, 10, 20), "10.00")
    act(ledger, lambda uow, actor: invoice_issue.credit(uow, actor, uow.invoices.get(e.id)))
    on(clock, date(2026, 11, 1))

    def quote(uow, actor):  # type: ignore[no-untyped-def]
        web = projects.find_project(uow, actor.org, "WEB")
        draft = quotes.new_quote(uow, actor, web, valid_until=date(2026, 11, 10))
        quotes.add_quote_line(uow, actor, draft, description="Phase 2", quantity="1", unit_price="5000")
        return quotes.send_quote(uow, actor, uow.quotes.get(draft.id))

    act(ledger, quote)
    invoice(ledger, clock, "Globex", date(2026, 11, 1), "300.00")
    invoice(ledger, clock, "Umbrella", date(2026, 11, 2), "10.00")
    # Nothing on the books draft-only: a draft owes nothing and bills nothing.
    act(ledger, lambda uow, actor: invoice_drafts.new_draft(uow, actor, clients.find_client(uow, actor.org, "Globex")))
    on(clock, TODAY)
    return ledger


def test_refreshing_statuses_marks_overdue_invoices_and_expires_old_quotes_once(books):
    assert act(books, service.refresh_statuses) == (2, 1)  # B (36 days late) and D (11 days), the quote
    assert act(books, service.refresh_statuses) == (0, 0)

    with acting(books, read=True) as (uow, actor):
        overdue = uow.invoices.listing(actor.org.id, (InvoiceStatus.OVERDUE,))
        [expired] = uow.quotes.listing(actor.org.id, (QuoteStatus.EXPIRED,))
    assert sorted(i.total for i in overdue) == [Money("59.50", "EUR"), Money("238.00", "EUR")]
    assert expired.decided_on == TODAY


def test_the_aging_report_buckets_what_each_client_owes(books):
    with acting(books, read=True) as (uow, actor):
        report = service.aging_report(uow, actor)

    eur = lambda amount: Money(amount, "EUR")  # noqa: E731
    assert [(row.client_name, row.amounts.currency, row.amounts.buckets) for row in report.clients] == [
        ("Globex", "EUR", (eur("357.00"), eur("0.00"), eur("188.00"), eur("0.00"), eur("0.00"))),
        ("Initech", "EUR", (eur("0.00"), eur("59.50"), eur("0.00"), eur("0.00"), eur("0.00"))),
        ("Umbrella", "USD", tuple(Money(a, "USD") for a in ("11.90", "0.00", "0.00", "0.00", "0.00"))),
    ]
    assert [(t.currency, t.total) for t in report.totals] == [
        ("EUR", eur("604.50")),
        ("USD", Money("11.90", "USD")),
    ]


def test_a_clients_figures_count_billed_paid_outstanding_days_to_pay_and_grade(books):
    with acting(books, read=True) as (uow, actor):
        globex = service.figures_for(uow, actor, clients.find_client(uow, actor.org, "Globex"))
        initech = service.figures_for(uow, actor, clients.find_client(uow, actor.org, "Initech"))

    [sums] = globex.sums
    # A 119.00 + B 238.00 + C 357.00; E 11.90 and its credit note cancel out.
    assert (sums.billed, sums.paid, sums.outstanding, sums.overdue) == (
        Money("714.00", "EUR"),
        Money("169.00", "EUR"),
        Money("545.00", "EUR"),
        Money("188.00", "EUR"),
    )
    assert (globex.average_days_to_pay, globex.grade, globex.most_days_overdue) == (Decimal("40.0"), HealthGrade.C, 36)
    assert (initech.in_currency("EUR").outstanding, initech.average_days_to_pay, initech.grade) == (
        Money("59.50", "EUR"),
        None,
        HealthGrade.B,
    )


def test_the_overview_lists_every_invoiced_client_even_when_it_owes_nothing(books, clock):
    with acting(books, read=True) as (uow, actor):
        [d] = uow.invoices.listing(actor.org.id, (), clients.find_client(uow, actor.org, "Initech").id)
    pay(books, clock, d, TODAY, "59.50")

    with acting(books, read=True) as (uow, actor):
        overview = service.receivables(uow, actor)

    assert [(s.client.name, [row.amounts.currency for row in s.aging], s.figures.grade) for s in overview.clients] == [
        ("Globex", ["EUR"], HealthGrade.C),
        ("Initech", [], HealthGrade.A),
        ("Umbrella", ["USD"], HealthGrade.A),
    ]
    assert overview.clients[1].figures.average_days_to_pay == Decimal("41.0")
    assert overview.report.totals[0].total == Money("545.00", "EUR")


def test_only_managers_see_receivables(books):
    for step in (
        service.aging_report,
        service.receivables,
        lambda uow, actor: service.figures_for(uow, actor, clients.find_client(uow, actor.org, "Globex")),
    ):
        with pytest.raises(RuleViolation) as caught:
            act(books, step, CARL)
        assert caught.value.code == "not_allowed"
