"""Quotes through the real services on a SQLite file: drafting, numbering, sending, signing (with and without a
deposit), declining and expiring, the deposit flow end to end, the printed quote, and bad input writing nothing."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from contextlib import closing
from datetime import date
from decimal import Decimal
from io import BytesIO
from pathlib import Path
from typing import Any

import pytest
from helpers import FRIDAY, acting
from moneyed import Money
from pypdf import PdfReader

from app.documents.pdf import render_pdf
from app.domain.clock import FixedClock
from app.domain.document_totals import Discount
from app.domain.errors import RuleViolation
from app.domain.invoice import InvoiceKind, InvoiceStatus
from app.domain.payment_terms import PaymentTerms
from app.domain.project import ProjectStatus
from app.domain.quote import Quote, QuoteStatus
from app.domain.tax import Vat, VatCategory
from app.ledger import Ledger
from app.services import (
    clients,
    invoice_issue,
    invoicing_settings,
    payments,
    projects,
    quote_views,
    quotes,
    task_log,
)
from app.services.quotes import SignedQuote

ADA, CARL = "ada@acme.example", "carl@acme.example"


@pytest.fixture
def firm(team, ledger: Ledger) -> Ledger:
    """The team, with VAT at 19 %, project APP for Globex (net 30) and SHOP for Initech (deposit:30), both
    still enquiries, Carl assigned to both."""
    with acting(ledger) as (uow, admin):
        invoicing_settings.update_invoicing(uow, admin, default_tax_rate="19")
        clients.add_client(uow, admin, name="Initech", email="ap@initech.example", rate="100", terms="deposit:30")
        projects.add_project(uow, admin, client="Globex", name="App", code="APP")
        projects.add_project(uow, admin, client="Initech", name="Shop", code="SHOP")
        for code in ("APP", "SHOP"):
            projects.assign(uow, admin, CARL, code)
        uow.commit()
    return ledger


def act(ledger: Ledger, step: Callable[..., Any], email: str = ADA) -> Any:
    """One unit of work as `email`, committed; a refusal propagates out of it and nothing is kept."""
    with acting(ledger, email) as (uow, actor):
        result = step(uow, actor)
        uow.commit()
    return result


def refused(ledger: Ledger, step: Callable[..., Any], email: str = ADA) -> list[str]:
    with pytest.raises(RuleViolation) as caught:
        act(ledger, step, email)
    return [p.code for p in caught.value.problems]


def dump(db_path: Path) -> list[str]:
    """The whole database as SQL, read past the app, to prove a refusal changed nothing."""
    with closing(sqlite3.connect(db_path)) as connection:
        return list(connection.iterdump())


def project(uow, actor, code: str):  # type: ignore[no-untyped-def]
    return projects.find_project(uow, actor.org, code)


def drafted(ledger: Ledger, code: str = "APP", **given: Any) -> Quote:
    """A draft quote for `code` with two lines: 33.33 at 19 % and 33.33 at 7 %."""

    def step(uow, actor):  # type: ignore[no-untyped-def]
        quote = quotes.new_quote(uow, actor, project(uow, actor, code), **given)
        quotes.add_quote_line(uow, actor, quote, description="Design", quantity="1", unit_price="33.33")
        quotes.add_quote_line(
            uow, actor, quote, description="Books", quantity="1", unit_price="33.33", vat=Vat.at(Decimal(7))
        )
        return quote

    return act(ledger, step)


def sent(ledger: Ledger, code: str = "APP", **given: Any) -> Quote:
    quote = drafted(ledger, code, **given)
    return act(ledger, lambda uow, actor: quotes.send_quote(uow, actor, reload(uow, quote)))


def reload(uow, quote: Quote) -> Quote:  # type: ignore[no-untyped-def]
    found = uow.quotes.get(quote.id)
    assert found is not None
    return found


def sign(ledger: Ledger, quote: Quote) -> SignedQuote:
    return act(ledger, lambda uow, actor: quotes.sign_quote(uow, actor, reload(uow, quote)))


def project_now(ledger: Ledger, code: str):  # type: ignore[no-untyped-def]
    with acting(ledger, read=True) as (uow, actor):
        return project(uow, actor, code)


def log_billable(ledger: Ledger, code: str) -> Any:
    return act(
        ledger, lambda uow, actor: task_log.log_entry(uow, actor, f"{code}/General", day=FRIDAY, hours="1"), CARL
    )


def refused_billable(ledger: Ledger, code: str) -> list[str]:
    with pytest.raises(RuleViolation) as caught:
        log_billable(ledger, code)
    return [p.code for p in caught.value.problems]


def test_a_quote_is_priced_like_an_invoice_in_the_clients_currency(firm):
    quote = drafted(firm)

    assert (quote.status, quote.number, quote.currency) == (QuoteStatus.DRAFT, None, "EUR")
    assert (quote.net, quote.tax, quote.total) == (Money("66.66", "EUR"), Money("8.66", "EUR"), Money("75.32", "EUR"))
    with acting(firm, read=True) as (uow, actor):
        detail = quote_views.quote_detail(uow, actor, reload(uow, quote))
    assert [(line.description, line.net) for line in detail.lines] == [
        ("Design", Money("33.33", "EUR")),
        ("Books", Money("33.33", "EUR")),
    ]
    assert [row.tax for row in detail.totals.breakdown] == [Money("6.33", "EUR"), Money("2.33", "EUR")]


def test_a_quote_for_a_client_in_another_currency_is_in_that_currency(firm):
    def step(uow, actor):  # type: ignore[no-untyped-def]
        clients.add_client(uow, actor, name="Kyoto KK", email="ap@kyoto.example", currency="JPY")
        projects.add_project(uow, actor, client="Kyoto KK", name="Site", code="KYO")
        quote = quotes.new_quote(uow, actor, project(uow, actor, "KYO"))
        quotes.add_quote_line(uow, actor, quote, description="Workshop", quantity="1.5", unit_price="1001")
        return quote

    quote = act(firm, step)

    assert (quote.currency, quote.net, quote.tax) == ("JPY", Money("1502", "JPY"), Money("285", "JPY"))


def test_lines_can_change_and_go_and_a_discount_applies_before_tax(firm):
    quote = drafted(firm)

    def step(uow, actor):  # type: ignore[no-untyped-def]
        current = reload(uow, quote)
        first, second = uow.quote_lines.of_document(current.id)
        quotes.edit_quote_line(uow, actor, first.id, quantity="3", unit_price="1000")
        quotes.remove_quote_line(uow, actor, second.id)
        # Each service reads the quote afresh (its version moves on); carry on with the current one.
        return quotes.set_quote_discount(uow, actor, reload(uow, current), Discount(percent=Decimal(5)))

    changed = act(firm, step)

    assert (changed.net, changed.tax, changed.total) == (
        Money("2850.00", "EUR"),
        Money("541.50", "EUR"),
        Money("3391.50", "EUR"),
    )


def test_sending_numbers_the_quote_dates_it_and_makes_the_project_quoted(firm):
    first = sent(firm)
    second = sent(firm, "SHOP", valid_until=date(2026, 12, 1))

    assert (first.status, first.number, first.issue_date, first.valid_until) == (
        QuoteStatus.SENT,
        "Q-2026-0001",
        FRIDAY,
        date(2026, 12, 20),  # 30 days by default
    )
    assert (second.number, second.valid_until) == ("Q-2026-0002", date(2026, 12, 1))
    assert project_now(firm, "APP").status is ProjectStatus.QUOTED


def test_a_sent_quote_no_longer_changes(firm):
    quote = sent(firm)

    codes = refused(
        firm,
        lambda uow, actor: quotes.add_quote_line(
            uow, actor, reload(uow, quote), description="More", quantity="1", unit_price="1"
        ),
    )

    assert codes == ["quote_sent"]


def test_signing_a_quote_for_a_client_without_deposit_starts_the_project(firm):
    quote = sent(firm)
    refused_before = refused_billable(firm, "APP")

    signed = sign(firm, quote)

    assert refused_before == ["project_not_active"]
    assert (signed.quote.status, signed.quote.decided_on, signed.deposit_invoice) == (QuoteStatus.SIGNED, FRIDAY, None)
    web = project_now(firm, "APP")
    assert (web.status, web.quote_signed, web.requires_deposit) == (ProjectStatus.ACTIVE, True, False)
    assert log_billable(firm, "APP").billable


def test_signing_with_deposit_terms_drafts_the_deposit_invoice_and_the_project_waits(firm):
    quote = drafted(firm, "SHOP")

    def discounted(uow, actor):  # type: ignore[no-untyped-def]
        current = reload(uow, quote)
        first, second = uow.quote_lines.of_document(current.id)
        quotes.edit_quote_line(uow, actor, first.id, quantity="10", unit_price="100")
        quotes.remove_quote_line(uow, actor, second.id)
        current = quotes.set_quote_discount(uow, actor, reload(uow, current), Discount(percent=Decimal(5)))
        return quotes.send_quote(uow, actor, current)

    quote = act(firm, discounted)
    signed = sign(firm, quote)

    invoice = signed.deposit_invoice
    assert invoice is not None
    with acting(firm, read=True) as (uow, _):
        stored = uow.invoices.get(invoice.id)
        [line] = uow.invoice_lines.of_document(invoice.id)
    assert stored is not None
    assert (stored.kind, stored.status, stored.payment_terms, stored.project_id) == (
        InvoiceKind.DEPOSIT,
        InvoiceStatus.DRAFT,
        PaymentTerms.net(0),
        signed.project.id,
    )
    assert (line.description, line.unit_price, line.vat_rate) == (
        "Deposit of 30 % on quote Q-2026-0001",
        Money("285.00", "EUR"),  # 30 % of the net 950.00 (1000.00 less 5 %)
        Decimal(19),
    )
    assert (stored.net, stored.tax, stored.total) == (
        Money("285.00", "EUR"),
        Money("54.15", "EUR"),
        Money("339.15", "EUR"),
    )
    shop = project_now(firm, "SHOP")
    assert (shop.status, shop.quote_signed, shop.requires_deposit, shop.deposit_paid) == (
        ProjectStatus.WAITING_DEPOSIT,
        True,
        True,
        False,
    )
    assert "deposit_not_paid" in refused_billable(firm, "SHOP")


def test_paying_the_deposit_invoice_in_full_activates_the_project_and_time_is_accepted(firm):
    signed = sign(firm, sent(firm, "SHOP"))
    deposit = signed.deposit_invoice
    assert deposit is not None
    finalised = act(firm, lambda uow, actor: invoice_issue.finalise(uow, actor, uow.invoices.get(deposit.id)))
    half = Money("10.00", "EUR")

    def pay(amount):  # type: ignore[no-untyped-def]
        return lambda uow, actor: payments.record_payment(
            uow, actor, uow.invoices.get(deposit.id), amount=amount, received_on=FRIDAY
        )

    act(firm, pay(half))
    assert project_now(firm, "SHOP").status is ProjectStatus.WAITING_DEPOSIT  # a part payment is not enough
    act(firm, pay(finalised.total - half))

    shop = project_now(firm, "SHOP")
    assert (shop.status, shop.deposit_paid) == (ProjectStatus.ACTIVE, True)
    assert log_billable(firm, "SHOP").billable
    # Editing the project afterwards keeps the deposit paid: the flag follows the invoice, not the form.
    act(
        firm,
        lambda uow, actor: projects.update_project(
            uow, actor, shop.id, code="SHOP", name="Shop relaunch", requires_deposit=True
        ),
    )
    assert project_now(firm, "SHOP").deposit_paid is True


def test_the_deposit_flag_cannot_be_set_by_hand(firm):
    shop = project_now(firm, "SHOP")

    def edit(**given: Any) -> Callable[..., Any]:
        return lambda uow, actor: projects.update_project(uow, actor, shop.id, code="SHOP", name="Shop", **given)

    with pytest.raises(TypeError, match="deposit_paid"):
        act(firm, edit(deposit_paid=True))
    codes = refused(firm, edit(status="active", requires_deposit=True))

    assert codes == ["deposit_not_paid"]
    assert project_now(firm, "SHOP").deposit_paid is False


def test_a_declined_quote_leaves_the_project_quoted(firm):
    quote = sent(firm)

    declined = act(firm, lambda uow, actor: quotes.decline_quote(uow, actor, reload(uow, quote)))

    assert (declined.status, declined.decided_on) == (QuoteStatus.DECLINED, FRIDAY)
    assert project_now(firm, "APP").status is ProjectStatus.QUOTED
    assert refused(firm, lambda uow, actor: quotes.sign_quote(uow, actor, reload(uow, quote))) == ["quote_decided"]


def test_sent_quotes_past_their_validity_expire_and_can_no_longer_be_signed(firm, clock: FixedClock):
    short = sent(firm, valid_until=date(2026, 11, 23))
    long = sent(firm, "SHOP", valid_until=date(2026, 12, 31))
    clock.advance(days=3)  # Monday 23: still valid on its last day
    assert act(firm, quotes.expire_quotes) == []
    clock.advance(days=1)

    assert refused(firm, lambda uow, actor: quotes.sign_quote(uow, actor, reload(uow, short))) == ["quote_expired"]
    expired = act(firm, quotes.expire_quotes)

    assert [q.id for q in expired] == [short.id]
    with acting(firm, read=True) as (uow, _):
        assert (reload(uow, short).status, reload(uow, short).decided_on) == (QuoteStatus.EXPIRED, date(2026, 11, 24))
        assert reload(uow, long).status is QuoteStatus.SENT
    assert refused(firm, lambda uow, actor: quotes.sign_quote(uow, actor, reload(uow, short))) == ["quote_decided"]


def test_quotes_are_found_by_number_or_the_end_of_a_drafts_id_and_listed(firm):
    draft = drafted(firm)
    issued = sent(firm, "SHOP")

    with acting(firm, read=True) as (uow, actor):
        assert quote_views.find_quote(uow, actor, "Q-2026-0001").id == issued.id
        assert quote_views.find_quote(uow, actor, draft.id.hex[-8:]).id == draft.id
        assert quote_views.find_quote(uow, actor, quote_views.reference(draft)).id == draft.id
        listed = quote_views.list_quotes(uow, actor)
        only_sent = quote_views.list_quotes(uow, actor, (QuoteStatus.SENT,))
    assert [(r.reference, r.project_code, r.client_name) for r in listed] == [
        (f"draft {draft.id.hex[-8:]}", "APP", "Globex"),
        ("Q-2026-0001", "SHOP", "Initech"),
    ]
    assert [r.quote.id for r in only_sent] == [issued.id]


def test_the_printed_quote_shows_its_number_validity_totals_and_state(firm):
    draft = drafted(firm)
    quote = sent(firm)
    with acting(firm, read=True) as (uow, actor):
        draft_doc = quote_views.printable_quote(uow, actor, reload(uow, draft))
        sent_doc = quote_views.printable_quote(uow, actor, reload(uow, quote))
    sign(firm, quote)
    with acting(firm, read=True) as (uow, actor):
        signed_doc = quote_views.printable_quote(uow, actor, reload(uow, quote))

    assert (draft_doc.title, draft_doc.mark, draft_doc.number, draft_doc.valid_until) == (
        "Quote",
        "DRAFT",
        None,
        date(2026, 12, 20),
    )
    assert (sent_doc.mark, sent_doc.number, sent_doc.due_date, sent_doc.reference) == (
        None,
        "Q-2026-0001",
        None,
        "Project APP · App",
    )
    assert signed_doc.mark == "SIGNED"
    text = "".join(page.extract_text() for page in PdfReader(BytesIO(render_pdf(signed_doc))).pages)
    for expected in ("Quote Q-2026-0001", "2026-12-20", "75.32", "Globex", "SIGNED"):
        assert expected in text


@pytest.mark.parametrize(
    ("step", "codes"),
    [
        pytest.param(
            lambda uow, actor, q: quotes.add_quote_line(uow, actor, q, description="  ", quantity="1", unit_price="1"),
            ["required"],
            id="empty description",
        ),
        pytest.param(
            lambda uow, actor, q: quotes.add_quote_line(
                uow, actor, q, description="", quantity="-1", unit_price="1.001", unit="far too long"
            ),
            ["too_long", "not_positive", "too_many_decimals", "required"],
            id="every problem at once",
        ),
        pytest.param(
            lambda uow, actor, q: quotes.add_quote_line(
                uow, actor, q, description="Big", quantity="999999999", unit_price="999999999999"
            ),
            ["amount_too_large"],
            id="huge line",
        ),
        pytest.param(
            lambda uow, actor, q: quotes.add_quote_line(
                uow, actor, q, description="Big", quantity="1", unit_price="9" * 400
            ),
            ["amount_too_large"],
            id="huge price",
        ),
        pytest.param(
            lambda uow, actor, q: quotes.add_quote_line(
                uow, actor, q, description="Dollars", quantity="1", unit_price=Money("10.00", "USD")
            ),
            ["wrong_currency"],
            id="wrong currency",
        ),
        pytest.param(
            lambda uow, actor, q: quotes.set_quote_discount(uow, actor, q, Discount(amount=Money("66.67", "EUR"))),
            ["discount_too_large"],
            id="discount above the net",
        ),
        pytest.param(
            lambda uow, actor, q: quotes.sign_quote(uow, actor, q),
            ["quote_not_sent"],
            id="signing a draft",
        ),
        pytest.param(
            lambda uow, actor, q: quotes.decline_quote(uow, actor, q),
            ["quote_not_sent"],
            id="declining a draft",
        ),
        pytest.param(
            lambda uow, actor, q: quote_views.find_quote(uow, actor, "Q-2026-0099"),
            ["unknown_quote"],
            id="unknown number",
        ),
        pytest.param(
            lambda uow, actor, q: quote_views.find_quote(uow, actor, "abcdef12"),
            ["unknown_quote"],
            id="unknown draft id",
        ),
    ],
)
def test_bad_input_on_a_draft_is_refused_and_writes_nothing(firm, db_path, step, codes):
    quote = drafted(firm)
    before = dump(db_path)

    got = refused(firm, lambda uow, actor: step(uow, actor, reload(uow, quote)))

    assert sorted(got) == sorted(codes)
    assert dump(db_path) == before


def test_bad_quotes_are_refused_and_write_nothing(firm, db_path):
    def empty(uow, actor):  # type: ignore[no-untyped-def]
        return quotes.send_quote(uow, actor, quotes.new_quote(uow, actor, project(uow, actor, "APP")))

    before = dump(db_path)

    assert refused(firm, empty) == ["empty_quote"]
    assert refused(
        firm,
        lambda uow, actor: quotes.new_quote(uow, actor, project(uow, actor, "APP"), valid_until=date(2026, 11, 19)),
    ) == ["valid_until_past"]
    assert refused(firm, lambda uow, actor: quotes.new_quote(uow, actor, project(uow, actor, "APP")), CARL) == [
        "not_allowed"
    ]
    assert dump(db_path) == before
    # The refused send took no number: the next quote sent is still the first.
    assert sent(firm).number == "Q-2026-0001"


def test_a_quote_signed_twice_is_refused_and_writes_nothing(firm, db_path):
    signed = sign(firm, sent(firm, "SHOP"))
    before = dump(db_path)

    codes = refused(firm, lambda uow, actor: quotes.sign_quote(uow, actor, reload(uow, signed.quote)))

    assert codes == ["quote_decided"]
    assert dump(db_path) == before


def test_a_project_requiring_a_deposit_its_clients_terms_do_not_ask_for_is_not_signed(firm, db_path):
    quote = sent(firm)
    app = project_now(firm, "APP")
    act(
        firm,
        lambda uow, actor: projects.update_project(uow, actor, app.id, code="APP", name="App", requires_deposit=True),
    )
    before = dump(db_path)

    codes = refused(firm, lambda uow, actor: quotes.sign_quote(uow, actor, reload(uow, quote)))

    assert codes == ["deposit_without_terms"]
    assert dump(db_path) == before


def test_an_archived_project_is_not_quoted(firm):
    act(firm, lambda uow, actor: projects.change_status(uow, actor, "APP", "archived"))

    assert refused(firm, lambda uow, actor: quotes.new_quote(uow, actor, project(uow, actor, "APP"))) == [
        "project_archived"
    ]


def test_signing_for_a_project_already_active_keeps_it_active(firm):
    quote = sent(firm, "WEB")

    signed = sign(firm, quote)

    assert (signed.project.status, signed.project.quote_signed, signed.deposit_invoice) == (
        ProjectStatus.ACTIVE,
        True,
        None,
    )


def test_tax_exempt_lines_keep_their_reason(firm):
    def step(uow, actor):  # type: ignore[no-untyped-def]
        quote = quotes.new_quote(uow, actor, project(uow, actor, "APP"))
        vat = Vat(VatCategory.EXEMPT, Decimal(0), "Exempt under § 4 UStG")
        return quotes.add_quote_line(uow, actor, quote, description="Training", quantity="2", unit_price="50", vat=vat)

    line = act(firm, step)

    assert (line.vat_category, line.vat_reason, line.net) == (
        VatCategory.EXEMPT,
        "Exempt under § 4 UStG",
        Money("100.00", "EUR"),
    )
