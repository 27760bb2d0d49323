"""The organisation's invoicing settings: what documents print about the firm (address, tax id, bank details,
logo), the default VAT rate, how invoices, credit notes and quotes are numbered, what e-invoices say about the
firm and how invoices are sent by email (admins change them)."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from decimal import Decimal

from app.domain import party_details
from app.domain.errors import Checks, refuse
from app.domain.numbering import clean_pattern
from app.domain.organisation import Organisation, clean_flag
from app.domain.tax import parse_percent
from app.domain.text import clean_name, clean_text, collect
from app.services import organisation
from app.services.identity import Actor
from app.services.ports import UnitOfWork

MAX_ADDRESS_CHARS = 1_000
MAX_BANK_DETAILS_CHARS = 1_000
MAX_TAX_ID_CHARS = 64  # the column's width
MAX_LOGO_BYTES = 1024 * 1024
# A logo is recognised by its first bytes, not by a file name a user can get wrong.
LOGO_FORMATS = {b"\x89PNG\r\n\x1a\n": "PNG", b"\xff\xd8\xff": "JPEG"}
PATTERNS = ("invoice_pattern", "credit_note_pattern", "quote_pattern")


def logo_format(data: bytes) -> str | None:
    """The image format the bytes start with, "PNG" or "JPEG", or None for anything else."""
    return next((name for magic, name in LOGO_FORMATS.items() if data.startswith(magic)), None)


def clean_logo(data: bytes | None, field: str = "logo") -> bytes | None:
    """A PNG or JPEG image of at most 1 MB, or None (no logo)."""
    if data is None:
        return None
    checks = Checks()
    checks.require(bool(data), "empty_logo", "The logo file is empty; choose a PNG or JPEG image.", field)
    checks.require(
        not data or logo_format(data) is not None,
        "logo_format",
        "The logo must be a PNG or JPEG image; this file is neither.",
        field,
    )
    checks.require(
        len(data) <= MAX_LOGO_BYTES,
        "logo_too_large",
        f"The logo can be at most 1 MB ({MAX_LOGO_BYTES:,} bytes); this one is bigger. Save it smaller and try again.",
        field,
    )
    checks.raise_if_any()
    return bytes(data)


def _tax_rate(value: str | Decimal, field: str) -> Decimal:
    return parse_percent(value, field)


# Each setting with its rule: rule(value, field) -> the value to store.
RULES: dict[str, Callable[[object, str], object]] = {
    "address": lambda value, field: clean_text(str(value), field, MAX_ADDRESS_CHARS),
    "tax_id": lambda value, field: clean_name(str(value), field, max_len=MAX_TAX_ID_CHARS, required=False),
    "bank_details": lambda value, field: clean_text(str(value), field, MAX_BANK_DETAILS_CHARS),
    "default_tax_rate": _tax_rate,  # type: ignore[dict-item]
    "numbering_yearly": clean_flag,  # type: ignore[dict-item]
    "logo": clean_logo,  # type: ignore[dict-item]
}
# What e-invoices and sending by email need (app/domain/party_details.py); vat_id is the checked way to set
# tax_id, the VAT id documents print.
DETAILS = (*party_details.ORGANISATION_RULES, "vat_id")
FIELDS = (*RULES, *PATTERNS, *DETAILS)


def clean_invoicing(given: Mapping[str, object], org: Organisation) -> dict[str, object]:
    """The invoicing settings given (others stay as they are), cleaned; every problem under its field at once.

    The numbering patterns are checked against the yearly reset they will have: switching the reset on
    needs every pattern, the stored ones too, to show the year.
    """
    unknown = set(given) - set(FIELDS)
    if unknown:
        raise TypeError(f"not an invoicing setting: {', '.join(sorted(unknown))}")
    checks = Checks()
    cleaned = {name: collect(checks, RULES[name], value, name) for name, value in given.items() if name in RULES}
    details = {name: value for name, value in given.items() if name in party_details.ORGANISATION_RULES}
    cleaned |= collect(checks, party_details.clean_details, details, party_details.ORGANISATION_RULES, org) or {}
    if "vat_id" in given:
        checks.require(
            "tax_id" not in given,
            "conflicting_fields",
            "Give the VAT id once, as vat_id or as tax_id, not both.",
            "vat_id",
        )
        cleaned["tax_id"] = collect(checks, party_details.clean_vat_id, given["vat_id"], "vat_id")
    yearly = cleaned.get("numbering_yearly", org.numbering_yearly)
    if not isinstance(yearly, bool):  # refused above; check the patterns as they are stored
        yearly = org.numbering_yearly
    for name in PATTERNS:
        text = given.get(name, getattr(org, name))
        pattern = collect(checks, clean_pattern, str(text), yearly, name)
        if name in given and pattern is not None:
            cleaned[name] = pattern.text
    checks.raise_if_any()
    return cleaned


def update_invoicing(uow: UnitOfWork, actor: Actor, **fields: object) -> Organisation:
    """Change the invoicing settings given (admins only); nothing is written when any of them is refused.

    Fields: address, tax_id, bank_details, default_tax_rate ("19", "7.5"), invoice_pattern,
    credit_note_pattern, quote_pattern, numbering_yearly, logo (PNG or JPEG bytes, or None to remove it), and
    the e-invoice and email details of app.domain.party_details.ORGANISATION_RULES, vat_id (a checked tax_id).
    """
    reason = organisation.read_only_reason(actor)
    if reason:
        raise refuse("not_allowed", reason)
    org = actor.org
    apply_invoicing(org, clean_invoicing(fields, org))
    uow.organisations.save(org)
    return org


def apply_invoicing(org: Organisation, cleaned: Mapping[str, object]) -> None:
    for name, value in cleaned.items():
        setattr(org, name, value)


def update_organisation(
    uow: UnitOfWork, actor: Actor, *, invoicing: Mapping[str, object], **settings: object
) -> Organisation:
    """The Settings form's save: the general settings (see organisation.update_settings) and the invoicing ones
    together, every problem of both at once, stored in one write."""
    checks = Checks()
    cleaned = collect(checks, clean_invoicing, invoicing, actor.org)
    # Set on the organisation first, so update_settings stores them along with its own; a refusal below
    # raises and the unit of work rolls the whole change back.
    apply_invoicing(actor.org, cleaned or {})
    collect(checks, organisation.update_settings, uow, actor, **settings)  # type: ignore[arg-type]
    checks.raise_if_any()
    return actor.org
