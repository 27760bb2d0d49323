"""`timeledger client show NAME` and `client set NAME FIELD=VALUE...`: a client's details, those e-invoices need
among them (postal address, country, VAT id, electronic address, buyer reference). `client add` and `client list`
are with the other setup commands."""

from __future__ import annotations

import argparse

from app.cli.field_values import parse_assignments
from app.cli.organisation_commands import electronic_address, postal_address
from app.cli.output import Output
from app.cli.runner import reading, writing
from app.domain.client import Client
from app.domain.errors import Checks
from app.domain.text import collect
from app.services import clients
from app.services.identity import Actor, require_manager
from app.services.ports import UnitOfWork


def details_data(client: Client) -> dict:
    return {
        "id": client.id,
        "name": client.name,
        "email": client.email,
        "currency": client.currency,
        "payment_terms": str(client.payment_terms),
        "status": client.status.value,
        "billing_address": client.billing_address,
        "street": client.street,
        "city": client.city,
        "postcode": client.postcode,
        "country": client.country,
        "vat_id": client.tax_id,
        "electronic_address": client.electronic_address,
        "electronic_address_scheme": client.electronic_address_scheme,
        "buyer_reference": client.buyer_reference,
    }


def described(client: Client) -> Output:
    billing = ", ".join(part.strip() for part in client.billing_address.splitlines() if part.strip())
    facts = [
        ("Client", client.name),
        ("Email", client.email),
        ("Currency", client.currency),
        ("Payment terms", str(client.payment_terms)),
        ("Status", client.status.value),
        ("Billing address", billing or "none"),
        ("Postal address", postal_address(client.street, client.postcode, client.city, client.country)),
        ("VAT ID", client.tax_id or "none"),
        ("Electronic address", electronic_address(client.electronic_address, client.electronic_address_scheme)),
        ("Buyer reference", client.buyer_reference or "none"),
    ]
    widest = max(len(label) for label, _ in facts)
    return Output(details_data(client), [f"{label + ':':<{widest + 1}}  {value}" for label, value in facts])


@reading
def show(uow: UnitOfWork, actor: Actor, args: argparse.Namespace) -> Output:
    return described(clients.find_client(uow, actor.org, args.client))


@writing()
def set_details(uow: UnitOfWork, actor: Actor, args: argparse.Namespace) -> Output:
    require_manager(actor, "change clients")
    checks = Checks()
    client = collect(checks, clients.find_client, uow, actor.org, args.client)
    given = parse_assignments(checks, args.settings, clients.DETAILS, "a client")
    if client is not None:
        collect(checks, clients.update_details, uow, actor, client, **given)
    checks.raise_if_any()
    assert client is not None
    return described(client)


def register(client: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    """Adds `show` and `set` to the `client` command (made in setup_commands)."""
    help_text = "a client's details, those e-invoices need among them"
    p = client.add_parser("show", help=help_text, description=help_text, parents=[common])
    p.set_defaults(handler=show)
    p.add_argument("client", metavar="NAME", help="the client's name or email")
    help_text = "change a client's details (managers); fields left out stay as they are"
    p = client.add_parser("set", help=help_text, description=help_text, parents=[common])
    p.set_defaults(handler=set_details)
    p.add_argument("client", metavar="NAME", help="the client's name or email")
    p.add_argument(
        "settings",
        nargs="+",
        metavar="FIELD=VALUE",
        help=f"one of {', '.join(sorted(clients.DETAILS))}; e.g. vat_id=FR40303265045 country=FR "
        "buyer_reference=04011000-12345-03; an empty value clears it",
    )
