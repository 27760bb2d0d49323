"""Clients: adding them with their default rate, finding and listing them, changing their details."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TypeVar
from uuid import UUID

from moneyed import Money

from app.domain import money, party_details
from app.domain.client import ADDRESS_MAX_LEN, Client, new_client
from app.domain.errors import Checks, NotFound, Problem, refuse
from app.domain.organisation import Organisation
from app.domain.rates import RateLevel
from app.domain.text import clean_name, clean_text, collect, normalise_email
from app.services.identity import Actor, require_manager
from app.services.ports import UnitOfWork
from app.services.rating import apply_rate_change, current_rate, rate_amount, rate_change, set_rate

T = TypeVar("T")
# What a client's edit form changes; status, contacts and rates have their own steps.
EDITABLE = ("name", "email", "currency", "billing_address", "tax_id", "payment_terms", "notes")


@dataclass(frozen=True)
class ClientView:
    client: Client
    rate: Money | None


def add_client(
    uow: UnitOfWork,
    actor: Actor,
    *,
    name: str,
    email: str,
    currency: str | None = None,
    rate: str | None = None,
    terms: str = "net:30",
    billing_address: str = "",
    tax_id: str = "",
    notes: str = "",
) -> Client:
    require_manager(actor, "add clients")
    checks = Checks()
    client = collect(
        checks,
        new_client,
        org_id=actor.org.id,
        name=name,
        email=email,
        currency=currency or actor.org.base_currency,
        payment_terms=terms,
        billing_address=billing_address,
        tax_id=tax_id,
        notes=notes,
    )
    checks.raise_if_any()
    assert client is not None
    amount = rate_amount(checks, rate, client.currency)
    _check_unique_email(checks, uow, actor.org.id, email)
    checks.raise_if_any()
    uow.clients.add(client)
    set_rate(uow, actor.org.id, RateLevel.CLIENT, client.id, amount)
    return client


def find_client(uow: UnitOfWork, org: Organisation, reference: str) -> Client:
    """A client named by email or by name (case-insensitive)."""
    text = reference.strip()
    if "@" in text:
        found = uow.clients.by_email(org.id, normalise_email(text, "client"))
        matches = [found] if found else []
    else:
        matches = uow.clients.by_name(org.id, text)
    if not matches:
        raise NotFound(
            Problem("unknown_client", f"There is no client '{text}'; see `timeledger client list`.", "client")
        )
    if len(matches) > 1:
        emails = ", ".join(c.email for c in matches)
        raise refuse("ambiguous_client", f"Several clients are called '{text}'; name one by email: {emails}.", "client")
    return matches[0]


def list_clients(uow: UnitOfWork, actor: Actor) -> list[ClientView]:
    today = actor.today(uow.clock)
    return [
        ClientView(client, current_rate(uow, [(RateLevel.CLIENT, client.id)], client.currency, today))
        for client in uow.clients.all(actor.org.id)
    ]


def existing(found: T | None, noun: str) -> T:
    """A record looked up by id for a change; None means another window or machine deleted it meanwhile."""
    if found is None:
        raise NotFound(Problem("gone", f"This {noun} was deleted in the meantime; nothing was changed."))
    return found


def _check_unique_email(
    checks: Checks, uow: UnitOfWork, org_id: UUID, email: str, client_id: UUID | None = None
) -> None:
    """Another client's email is refused; an address that is not valid at all is new_client's to report."""
    address = collect(Checks(), normalise_email, email)
    other = None if address is None else uow.clients.by_email(org_id, address)
    checks.require(
        other is None or other.id == client_id,
        "duplicate_email",
        f"A client with email {address} already exists ({other.name if other else ''}).",
        "email",
    )


def update_client(
    uow: UnitOfWork,
    actor: Actor,
    client_id: UUID,
    *,
    name: str,
    email: str,
    currency: str,
    terms: str = "net:30",
    billing_address: str = "",
    tax_id: str = "",
    notes: str = "",
    rate: str | None = None,
    rate_from: str | None = None,
) -> Client:
    """Change a client's details, every problem reported at once. A changed rate applies from `rate_from`
    (blank: today); earlier rates stay, so work already done keeps its price."""
    require_manager(actor, "change clients")
    client = existing(uow.clients.get(client_id), "client")
    checks = Checks()
    edited = collect(
        checks,
        new_client,
        org_id=actor.org.id,
        name=name,
        email=email,
        currency=currency,
        payment_terms=terms,
        billing_address=billing_address,
        tax_id=tax_id,
        notes=notes,
        contacts=client.contacts,
    )
    _check_unique_email(checks, uow, actor.org.id, email, client.id)
    currency_now = collect(Checks(), money.currency_code, currency) or client.currency
    if currency_now != client.currency:
        checks.require(
            all(project.client_id != client.id for project in uow.projects.all(actor.org.id)),
            "currency_in_use",
            f"{client.name} already has projects priced in {client.currency}; its currency cannot change.",
            "currency",
        )
    subject = (RateLevel.CLIENT, client.id)
    today = actor.today(uow.clock)
    change = rate_change(uow, checks, subject, rate, currency_now, starting=rate_from, today=today)
    checks.raise_if_any()
    assert edited is not None
    for field in EDITABLE:
        setattr(client, field, getattr(edited, field))
    uow.clients.save(client)
    apply_rate_change(uow, actor.org.id, change)
    return client


def set_client_status(uow: UnitOfWork, actor: Actor, client_id: UUID, status: str) -> Client:
    """Archive a client (kept with its history, out of the way) or restore it."""
    require_manager(actor, "archive or restore clients")
    client = existing(uow.clients.get(client_id), "client")
    client.move_to(status)
    return uow.clients.save(client)


# What `client set` changes besides the e-invoice details: the billing address and the VAT id as stored.
DETAIL_TEXT = {
    "billing_address": lambda value, field: clean_text(str(value), field, ADDRESS_MAX_LEN),
    "tax_id": lambda value, field: clean_name(str(value), field, max_len=50, required=False),
}
DETAILS = (*DETAIL_TEXT, *party_details.CLIENT_RULES, "vat_id")


def update_details(uow: UnitOfWork, actor: Actor, client: Client, **given: object) -> Client:
    """Change some of a client's details (DETAILS: its address, VAT id, electronic address, buyer reference),
    every problem at once; those left out stay as they are. vat_id is a checked tax_id (country prefix and
    check digits)."""
    require_manager(actor, "change clients")
    unknown = sorted(set(given) - set(DETAILS))
    if unknown:
        raise TypeError(f"not a client detail: {', '.join(unknown)}")
    checks = Checks()
    cleaned = {name: collect(checks, rule, given[name], name) for name, rule in DETAIL_TEXT.items() if name in given}
    details = {name: value for name, value in given.items() if name in party_details.CLIENT_RULES}
    cleaned |= collect(checks, party_details.clean_details, details, party_details.CLIENT_RULES, client) or {}
    if "vat_id" in given:
        checks.require(
            "tax_id" not in given, "conflicting_fields", "Give the VAT id once, as vat_id or as tax_id.", "vat_id"
        )
        cleaned["tax_id"] = collect(checks, party_details.clean_vat_id, given["vat_id"], "vat_id")
    checks.raise_if_any()
    for name, value in cleaned.items():
        setattr(client, name, value)
    return uow.clients.save(client)
