"""What a printed document says, by placeholder name: the values `{client.name}`, `{invoice.total}`… stand for.

Most come from the PrintableDocument itself; the services add what it does not carry (the organisation's
IBAN, the purchase order, the period of the work, the payment terms as terms) in its `facts`. Sentences the
document prints (the reference, the payment terms) are written in the template's language here.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from decimal import Decimal

from app.domain.document_language import Labels
from app.domain.payment_terms import PaymentTerms
from app.domain.printable import PrintableDocument


def heading(document: PrintableDocument, labels: Labels) -> str:
    """ "Invoice 2026-0001", or "Invoice (draft)" while it has no number, in the document's language."""
    title = labels.known(document.title)
    return f"{title} {document.number}" if document.number else f"{title} {labels['draft']}"


def document_facts(
    document: PrintableDocument,
    labels: Labels,
    day: Callable[[date], str],
    number: Callable[[Decimal], str],
) -> dict[str, object]:
    """Every placeholder's value for `document`: text, dates and amounts (the caller writes those out)."""
    seller, buyer, totals = document.seller, document.buyer, document.totals
    facts: dict[str, object] = {
        "org.name": seller.name,
        "org.address": seller.address,
        "org.tax_id": seller.tax_id,
        "org.bank_details": document.bank_details,
        "client.name": buyer.name,
        "client.address": buyer.address,
        "client.tax_id": buyer.tax_id,
        "client.email": buyer.email,
        "invoice.title": labels.known(document.title),
        "invoice.number": document.number or "",
        "invoice.heading": heading(document, labels),
        "invoice.issue_date": document.issue_date,
        "invoice.due_date": document.due_date,
        "invoice.currency": totals.currency,
        "invoice.net": totals.net,
        "invoice.tax": totals.tax,
        "invoice.total": totals.total,
        "invoice.paid": document.paid,
        "invoice.balance": document.balance,
    }
    facts.update(document.facts)
    facts["invoice.reference"] = reference(document, labels, day)
    terms = document.facts.get("invoice.payment_terms")
    if isinstance(terms, PaymentTerms) and document.payment_terms:
        facts["invoice.payment_terms"] = labels.terms(terms, document.issue_date, day, number)
    else:
        facts["invoice.payment_terms"] = document.payment_terms
    return facts


def reference(document: PrintableDocument, labels: Labels, day: Callable[[date], str]) -> str:
    """The line under the title: the invoice a credit note cancels, or the work's period, in the document's
    language when the facts say which; else the document's own reference."""
    credited = document.facts.get("invoice.credited_number")
    start, end = document.facts.get("invoice.period_start"), document.facts.get("invoice.period_end")
    if credited:
        return labels["cancels"].format(number=credited)
    if isinstance(start, date) and isinstance(end, date):
        return labels["work_period"].format(start=day(start), end=day(end))
    return document.reference
