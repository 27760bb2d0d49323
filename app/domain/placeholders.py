"""Placeholders in a template's texts: `{org.name}`, `{invoice.due_date}`… filled in when a document is printed.

Only the names below exist. A name that is not one of them, or a brace that opens or closes nothing, is a
Problem for the designer to show; when printing, such a piece is left out, never printed as typed. `{{` and
`}}` write a brace itself.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable, Mapping

from app.domain.errors import Problem
from app.domain.text import echo, label

# Every placeholder, with what it becomes (for the designer's help and the messages).
PLACEHOLDERS: dict[str, str] = {
    "org.name": "your organisation's name",
    "org.legal_name": "its legal name",
    "org.legal_form": "its legal form and registration",
    "org.address": "its postal address",
    "org.street": "its street",
    "org.postcode": "its postcode",
    "org.city": "its city",
    "org.country": "its country code",
    "org.tax_id": "its VAT ID",
    "org.tax_number": "its tax number",
    "org.electronic_address": "its electronic address (e-mail)",
    "org.iban": "its IBAN",
    "org.bic": "its BIC",
    "org.bank_details": "its bank details",
    "client.name": "the client's name",
    "client.address": "the client's billing address",
    "client.street": "the client's street",
    "client.postcode": "the client's postcode",
    "client.city": "the client's city",
    "client.country": "the client's country code",
    "client.tax_id": "the client's VAT ID",
    "client.email": "the client's billing e-mail",
    "client.buyer_reference": "the client's buyer reference (Leitweg-ID)",
    "invoice.title": "Invoice, Deposit invoice or Credit note, in the document's language",
    "invoice.number": "the invoice's number",
    "invoice.heading": "the title and the number, e.g. Invoice 2026-0001",
    "invoice.issue_date": "the day it was issued",
    "invoice.due_date": "the day it is due",
    "invoice.period_start": "the first day of the work it bills",
    "invoice.period_end": "the last day of the work it bills",
    "invoice.reference": "what it is for, e.g. the period of the work",
    "invoice.credited_number": "on a credit note: the number of the invoice it cancels",
    "invoice.purchase_order": "the client's purchase order reference",
    "invoice.currency": "its currency code",
    "invoice.net": "its net total",
    "invoice.tax": "its VAT",
    "invoice.total": "its total",
    "invoice.paid": "what was paid so far",
    "invoice.balance": "what is still owed",
    "invoice.payment_terms": "the payment terms, as a sentence",
}
# Only the footer is drawn once the pages are counted.
PAGE_PLACEHOLDERS: dict[str, str] = {"page.number": "the page's number", "page.count": "the number of pages"}

_TOKEN = re.compile(r"\{\{|\}\}|\{([^{}]*)\}|[{}]")


def pieces(text: str) -> list[tuple[str, str | None]]:
    """The text as (literal, placeholder name) pairs; a stray brace becomes a piece named "{" or "}"."""
    found: list[tuple[str, str | None]] = []
    literal, start = "", 0
    for match in _TOKEN.finditer(text):
        literal += text[start : match.start()]
        start = match.end()
        token = match.group(0)
        if token in ("{{", "}}"):
            literal += token[0]
        elif match.group(1) is not None:
            found.append((literal, match.group(1)))
            literal = ""
        else:
            found.append((literal, token))
            literal = ""
    found.append((literal + text[start:], None))
    return found


def problems(text: str, field: str, *, pages: bool = False, what: str | None = None) -> list[Problem]:
    """Every stray brace and unknown placeholder in `text`, each once, as sentences about `field` (called
    `what` in them: "left footer"); `pages` allows the page number placeholders."""
    what = what or label(field)
    known = {**PLACEHOLDERS, **PAGE_PLACEHOLDERS} if pages else PLACEHOLDERS
    found: list[Problem] = []
    seen: set[str] = set()
    for _, name in pieces(text):
        if name is None or name in known or name in seen:
            continue
        seen.add(name)
        if name in ("{", "}"):
            found.append(
                Problem(
                    "bad_braces",
                    f"The {what} has a brace that opens or closes no placeholder; write placeholders like "
                    "{invoice.number}, and {{ or }} for a brace itself.",
                    field,
                )
            )
        else:
            found.append(_unknown(name, field, what, known, pages))
    return found


def _unknown(name: str, field: str, what: str, known: Mapping[str, str], pages: bool) -> Problem:
    close = difflib.get_close_matches(name.strip(), known, n=1, cutoff=0.7)
    if close:
        hint = f"did you mean {{{close[0]}}}?"
    elif name.strip() in PAGE_PLACEHOLDERS and not pages:
        hint = "page numbers can only be placed in the footer."
    else:
        hint = "the designer lists the placeholders there are."
    return Problem(
        "unknown_placeholder",
        f"The {what} names {{{echo(name)}}}, which is not a placeholder; {hint}",
        field,
    )


def fill(text: str, values: Mapping[str, object], show: Callable[[object], str] = str) -> str:
    """`text` with each known placeholder replaced by its value as `show` writes it (missing values are empty);
    unknown placeholders and stray braces are left out. A line whose placeholders all come out empty is left
    out too: "IBAN {org.iban}" prints nothing for a firm without one."""
    kept = []
    for line in text.split("\n"):
        out, named, empty = [], 0, 0
        for literal, name in pieces(line):
            out.append(literal)
            if name is not None:
                value = values.get(name)
                shown = "" if value is None else show(value)
                if name in PLACEHOLDERS or name in PAGE_PLACEHOLDERS:  # an unknown one is left out, nothing more
                    named += 1
                    empty += not shown.strip()
                out.append(shown)
        if not named or empty < named:
            kept.append("".join(out))
    return "\n".join(kept)


def names_in(text: str) -> set[str]:
    return {name for _, name in pieces(text) if name is not None and name not in ("{", "}")}
