"""Clients: who is invoiced, in which currency, on what payment terms, and whom to talk to there."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum
from uuid import UUID

from app.domain import money
from app.domain.errors import Checks, RuleViolation, refuse
from app.domain.payment_terms import PaymentTerms
from app.domain.record import Record
from app.domain.state_machine import Transitions
from app.domain.text import (
    blank_to_none,
    clean_name,
    clean_text,
    collect,
    echo,
    normalise_email,
    parse_choice,
    with_field,
)

ADDRESS_MAX_LEN = 2_000
NOTES_MAX_LEN = 20_000
NET_30 = PaymentTerms.net(30)


class ClientStatus(StrEnum):
    ACTIVE = "active"
    ARCHIVED = "archived"


CLIENT_TRANSITIONS = Transitions(
    "client",
    {
        ClientStatus.ACTIVE: frozenset({ClientStatus.ARCHIVED}),
        ClientStatus.ARCHIVED: frozenset({ClientStatus.ACTIVE}),
    },
)


@dataclass(frozen=True)
class Contact:
    name: str
    email: str = ""
    phone: str = ""
    role: str = ""


@dataclass(kw_only=True, eq=False)
class Client(Record):
    name: str
    email: str  # stored normalised, the address invoices are sent to
    currency: str  # every project, rate and invoice of this client is in this currency
    billing_address: str = ""
    tax_id: str = ""
    payment_terms: PaymentTerms = NET_30
    contacts: tuple[Contact, ...] = ()
    notes: str = ""
    status: ClientStatus = ClientStatus.ACTIVE
    # What e-invoices (EN 16931) need besides; tax_id is the buyer's VAT identifier (BT-48).
    street: str = ""
    city: str = ""
    postcode: str = ""
    country: str = ""  # ISO 3166-1 alpha-2
    electronic_address: str = ""  # BT-49, where e-invoices reach the client
    electronic_address_scheme: str = "EM"  # electronic address scheme (EAS), EM: an email address
    buyer_reference: str = ""  # BT-10, e.g. the German Leitweg-ID XRechnung requires

    def move_to(self, target: ClientStatus | str) -> None:
        """Archive or restore the client ("archived", " Active" accepted as typed)."""
        status = parse_choice(ClientStatus, target, "status")
        self.status = CLIENT_TRANSITIONS.check(self.status, status)


def clean_phone(value: str, field: str = "phone") -> str:
    """An optional phone number as written ("+49 30 1234-56 ext. 7"); it must at least contain digits."""
    phone = clean_name(value, field, max_len=40, required=False)
    if phone and not any(ch.isdigit() for ch in phone):
        raise refuse("invalid_phone", f"Phone number '{echo(phone)}' contains no digits.", field)
    return phone


def clean_contact(contact: Contact | Mapping[str, str], field: str = "contact") -> Contact:
    """A validated contact person; all of its problems are reported, each under `field`.<part>."""
    parts = contact if isinstance(contact, Mapping) else vars(contact)
    checks = Checks()
    email = parts.get("email", "").strip()
    cleaned = Contact(
        name=collect(checks, clean_name, parts.get("name", ""), f"{field}.name") or "",
        email=(collect(checks, normalise_email, email, f"{field}.email") or "") if email else "",
        phone=collect(checks, clean_phone, parts.get("phone", ""), f"{field}.phone") or "",
        role=collect(checks, clean_name, parts.get("role", ""), f"{field}.role", max_len=100, required=False) or "",
    )
    checks.raise_if_any()
    return cleaned


def clean_payment_terms(value: PaymentTerms | str, field: str = "payment_terms") -> PaymentTerms:
    if isinstance(value, PaymentTerms):
        return value
    try:
        return PaymentTerms.parse(value)
    except RuleViolation as violation:
        raise with_field(violation, field) from None


def new_client(
    *,
    org_id: UUID,
    name: str,
    email: str,
    currency: str,
    billing_address: str = "",
    tax_id: str = "",
    payment_terms: PaymentTerms | str = NET_30,
    contacts: Sequence[Contact | Mapping[str, str]] = (),
    notes: str = "",
) -> Client:
    """A validated new, active client; every failed check (including each contact's) is reported at once.

    Payment terms are a PaymentTerms or text such as "net:30" (blank means net 30).
    Client name uniqueness, if wanted, is the service's check (compare name_key).
    """
    checks = Checks()
    fields = dict(
        name=collect(checks, clean_name, name, "name"),
        email=collect(checks, normalise_email, email),
        currency=collect(checks, money.currency_code, currency),
        billing_address=collect(checks, clean_text, billing_address, "billing_address", ADDRESS_MAX_LEN),
        tax_id=collect(checks, clean_name, tax_id, "tax_id", max_len=50, required=False),
        payment_terms=collect(checks, clean_payment_terms, blank_to_none(payment_terms) or NET_30),
        contacts=tuple(
            collect(checks, clean_contact, contact, f"contacts[{index}]") for index, contact in enumerate(contacts)
        ),
        notes=collect(checks, clean_text, notes, "notes", NOTES_MAX_LEN),
    )
    checks.raise_if_any()
    return Client(org_id=org_id, **fields)
