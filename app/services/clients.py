"""Clients: adding them with their default rate, finding and listing them."""

from __future__ import annotations

from dataclasses import dataclass

from moneyed import Money

from app.domain.client import Client, new_client
from app.domain.errors import Checks, NotFound, Problem, refuse
from app.domain.organisation import Organisation
from app.domain.rates import RateLevel
from app.domain.text import collect, normalise_email
from app.services.identity import Actor, require_manager
from app.services.ports import UnitOfWork
from app.services.rating import current_rate, rate_amount, set_rate


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
    existing = uow.clients.by_email(actor.org.id, client.email)
    checks.require(
        existing is None,
        "duplicate_email",
        f"A client with email {client.email} already exists ({existing.name if existing else ''}).",
        "email",
    )
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
