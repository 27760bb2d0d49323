"""A document as it is printed: everything the PDF shows, gathered so the renderer never queries anything."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date

from moneyed import Money

from app.domain.document_lines import DocumentLine
from app.domain.document_totals import Totals


@dataclass(frozen=True)
class Party:
    """Who sends or receives the document, as printed."""

    name: str
    address: str = ""  # several lines
    tax_id: str = ""
    email: str = ""


def party(name: str, address: str, tax_id: str = "", email: str = "") -> Party:
    """A party whose address does not print its name twice: people often begin a billing address with it."""
    lines = address.strip().splitlines()
    if lines and lines[0].strip().casefold() == name.strip().casefold():
        lines = lines[1:]
    return Party(name, "\n".join(lines), tax_id, email)


@dataclass(frozen=True)
class PrintableDocument:
    title: str  # "Invoice", "Deposit invoice", "Credit note", "Quote"
    number: str | None  # None on a draft
    mark: str | None  # stamped across the page: "DRAFT", "PAID", "VOID", "CREDIT NOTE", "DECLINED", ...
    seller: Party
    buyer: Party
    issue_date: date | None
    due_date: date | None  # invoices
    valid_until: date | None  # quotes
    reference: str  # e.g. "Credits invoice 2026-0003" or "Work from 2026-11-01 to 2026-11-30"; may be ""
    lines: tuple[DocumentLine, ...]
    totals: Totals
    payment_terms: str  # a sentence, e.g. "Payable within 30 days (by 2026-12-20)."; may be ""
    bank_details: str  # several lines; may be ""
    notes: str  # may be ""
    paid: Money | None = None  # invoices: payments so far
    balance: Money | None = None  # invoices: still to pay
    logo: bytes | None = None  # PNG or JPEG
    # What templates' placeholders may print beyond the fields above, by placeholder name ("org.iban",
    # "invoice.purchase_order", "invoice.period_start"...): see app/domain/document_facts.py.
    facts: Mapping[str, object] = field(default_factory=dict)
