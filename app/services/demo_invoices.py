"""The demo organisation's invoicing: its letterhead settings and a month of invoices in every state.

Made through the same services as the app and the CLI, each on the day it would really have happened
(the demo's FixedClock is moved there): an invoice paid in full, one partly paid, one overdue, one sent
and waiting, one cancelled by a credit note, and a draft from the approved week of time.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, time, timedelta
from decimal import Decimal
from typing import TypeVar
from uuid import UUID

from app.domain.calendar import Week, at_local
from app.domain.clock import FixedClock
from app.domain.document_totals import clean_discount
from app.domain.money import round_half_up
from app.domain.tax import clean_vat
from app.services import invoice_drafts, invoice_issue, invoicing_settings, payments
from app.services.clients import find_client
from app.services.identity import Actor, current_actor
from app.services.ports import UnitOfWork, Workspace
from app.services.projects import find_project

T = TypeVar("T")
LETTERHEAD = dict(
    address="Torstraße 12\n10119 Berlin\nGermany",
    vat_id="DE123456788",
    bank_details="Berliner Volksbank\nIBAN DE89 3704 0044 0532 0130 00\nBIC COBADEFFXXX",
    default_tax_rate="19",
    # What e-invoices need besides (Factur-X, XRechnung): the demo's invoices export as they are.
    legal_name="Brightline Consulting GmbH",
    street="Torstraße 12",
    postcode="10119",
    city="Berlin",
    country="DE",
    electronic_address="billing@brightline.example",
    contact_name="Ada Admin",
    contact_phone="+49 30 1234567",
    contact_email="billing@brightline.example",
    iban="DE89370400440532013000",
    bic="COBADEFFXXX",
)
# Each client's details for e-invoices (structured address, VAT id, where e-invoices go).
CLIENT_DETAILS = {
    "Globex Retail GmbH": dict(
        street="Am Sandtorkai 41",
        postcode="20457",
        city="Hamburg",
        country="DE",
        vat_id="DE811569869",
        electronic_address="billing@globex.example",
        buyer_reference="GLX-2026-118",
    ),
    "Initech AG": dict(
        street="Bahnhofstrasse 10",
        postcode="8001",
        city="Zürich",
        country="CH",
        electronic_address="ap@initech.example",
    ),
}
ADDRESSES = {
    "Globex Retail GmbH": "Globex Retail GmbH\nAm Sandtorkai 41\n20457 Hamburg\nGermany",
    "Initech AG": "Initech AG\nBahnhofstrasse 10\n8001 Zürich\nSwitzerland",
}
# Initech is a business abroad: it accounts for the VAT itself, so its invoices carry none.
REVERSE_CHARGE = clean_vat(reverse_charge="Reverse charge: the recipient accounts for the VAT.")


@dataclass(frozen=True)
class Line:
    description: str
    quantity: str
    unit_price: str
    unit: str = ""


def set_letterhead(uow: UnitOfWork, actor: Actor, logo: bytes | None = None) -> None:
    """The organisation's address, tax id, bank details, logo and 19 % default VAT, printed on every document."""
    invoicing_settings.update_invoicing(uow, actor, **LETTERHEAD, logo=logo)


def billing_address(client: str) -> str:
    return ADDRESSES.get(client, "")


def build_invoices(workspace: Workspace, clock: FixedClock, today: date, time_zone: str) -> None:
    """A month of invoicing up to the clock's now, each step on its day (the caller puts the clock back).

    Issued in this order, so numbered 0001 paid, 0002 overdue, 0003 partly paid, 0004 credited, 0005 sent.
    """

    now = clock.now()

    def step(days_ago: int, act: Callable[[UnitOfWork, Actor], T]) -> T:
        clock.at = now if days_ago == 0 else at_local(today - timedelta(days=days_ago), time(16, 0), time_zone)
        with workspace.work() as uow:
            result = act(uow, current_actor(uow))
            uow.commit()
        return result

    paid = step(28, lambda uow, a: _issued(uow, a, "Globex Retail GmbH", [
        Line("Website relaunch: kick-off and concept workshop", "2", "1200", "day"),
        Line("Travel to Hamburg (train, flat rate)", "1", "180"),
    ]))  # fmt: skip
    # Initech's terms are 14 days: issued 25 days ago, it is overdue by now.
    step(25, lambda uow, a: _issued(uow, a, "Initech AG", [
        Line("ERP migration: requirements analysis", "24", "135", "h"),
        Line("Licence of the data-mapping tool, one month", "1", "450"),
    ], reverse_charge=True))  # fmt: skip
    partly = step(20, lambda uow, a: _fixed_share(uow, a, "SHOP", Decimal(30)))
    credited = step(18, lambda uow, a: _issued(uow, a, "Initech AG", [
        Line("ERP migration: workshop with the finance team", "1", "1650", "day"),
    ], reverse_charge=True))  # fmt: skip
    step(17, lambda uow, a: _credit(uow, a, credited, "Billed twice by mistake."))
    step(15, lambda uow, a: _pay(uow, a, paid, Decimal(1), "GLOBEX-2211"))
    step(6, lambda uow, a: _pay(uow, a, partly, Decimal("0.5"), "GLOBEX-2298"))
    step(4, lambda uow, a: _issued(uow, a, "Initech AG", [
        Line("ERP migration: data migration dry run", "16", "135", "h"),
        Line("ERP migration: cut-over rehearsal", "6", "135", "h"),
    ], reverse_charge=True, discount="5"))  # fmt: skip
    step(0, lambda uow, a: _draft_from_approved_week(uow, a, today))
    step(0, payments.mark_overdue)


def _issued(
    uow: UnitOfWork,
    actor: Actor,
    client_name: str,
    lines: list[Line],
    *,
    reverse_charge: bool = False,
    discount: str | None = None,
) -> UUID:
    """A draft with these lines, finalised today; returns its id."""
    client = find_client(uow, actor.org, client_name)
    invoice = invoice_drafts.new_draft(uow, actor, client)
    vat = REVERSE_CHARGE if reverse_charge else None
    for line in lines:
        invoice_drafts.add_line(
            uow,
            actor,
            invoice,
            description=line.description,
            quantity=line.quantity,
            unit_price=line.unit_price,
            vat=vat,
            unit=line.unit,
        )
    if discount:
        invoice_drafts.set_discount(uow, actor, invoice, clean_discount(percent=discount, currency=invoice.currency))
    invoice_issue.finalise(uow, actor, invoice)
    return invoice.id


def _fixed_share(uow: UnitOfWork, actor: Actor, code: str, percent: Decimal) -> UUID:
    """A share of a fixed-price project's price, invoiced and finalised today; returns its id."""
    project = find_project(uow, actor.org, code)
    client = uow.clients.get(project.client_id)
    assert client is not None
    invoice = invoice_drafts.new_draft(uow, actor, client, notes="First instalment, as agreed in the offer.")
    invoice_drafts.add_fixed_share(uow, actor, invoice, project, invoice_drafts.FixedShare(percent=percent))
    invoice_issue.finalise(uow, actor, invoice)
    return invoice.id


def _credit(uow: UnitOfWork, actor: Actor, invoice_id: UUID, reason: str) -> object:
    invoice = uow.invoices.get(invoice_id)
    assert invoice is not None
    return invoice_issue.credit(uow, actor, invoice, reason=reason)


def _pay(uow: UnitOfWork, actor: Actor, invoice_id: UUID, share: Decimal, reference: str) -> object:
    """The client pays `share` (1 = all) of what is open, today."""
    invoice = uow.invoices.get(invoice_id)
    assert invoice is not None
    amount = round_half_up(invoice.balance.amount * share, invoice.currency)
    return payments.record_payment(
        uow, actor, invoice, amount=amount, received_on=actor.today(uow.clock), reference=reference
    )


def _draft_from_approved_week(uow: UnitOfWork, actor: Actor, today: date) -> None:
    """Globex's approved week of time, drafted by task and waiting to be checked and finalised."""
    week = Week.containing(today, actor.org.week_start).shifted(-2)
    days = week.days(actor.org.week_start)
    client = find_client(uow, actor.org, "Globex Retail GmbH")
    invoice_drafts.draft_from_time(uow, actor, client, first=days[0], last=days[-1], group_by="task")
