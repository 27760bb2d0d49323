"""What an invoice's template may print beyond the PrintableDocument: the organisation's and client's details
for e-invoices (IBAN, structured address…), the purchase order, the period of the work, the payment terms."""

from __future__ import annotations

from app.domain.client import Client
from app.domain.invoice import Invoice
from app.domain.organisation import Organisation

# Placeholder -> the attribute it prints; attributes a version lacks print as nothing.
ORG_FIELDS = {
    "org.legal_name": "legal_name",
    "org.legal_form": "legal_form",
    "org.street": "street",
    "org.postcode": "postcode",
    "org.city": "city",
    "org.country": "country",
    "org.tax_number": "tax_number",
    "org.electronic_address": "electronic_address",
    "org.iban": "iban",
    "org.bic": "bic",
}
CLIENT_FIELDS = {
    "client.street": "street",
    "client.postcode": "postcode",
    "client.city": "city",
    "client.country": "country",
    "client.buyer_reference": "buyer_reference",
}


def invoice_facts(
    org: Organisation, client: Client, invoice: Invoice, credited_number: str | None = None
) -> dict[str, object]:
    facts: dict[str, object] = {key: getattr(org, name, "") or "" for key, name in ORG_FIELDS.items()}
    facts.update({key: getattr(client, name, "") or "" for key, name in CLIENT_FIELDS.items()})
    facts["org.iban"] = spaced_iban(str(facts["org.iban"]))
    facts["org.legal_name"] = facts["org.legal_name"] or org.name
    facts["invoice.purchase_order"] = getattr(invoice, "purchase_order", "") or ""
    facts["invoice.credited_number"] = credited_number or ""
    if invoice.period_start and invoice.period_end:
        facts["invoice.period_start"] = invoice.period_start
        facts["invoice.period_end"] = invoice.period_end
    if not invoice.is_credit_note:
        facts["invoice.payment_terms"] = invoice.payment_terms
    return facts


def spaced_iban(iban: str) -> str:
    """An IBAN as people read it, in groups of four: DE89 3704 0044 0532 0130 00."""
    compact = "".join(iban.split())
    return " ".join(compact[i : i + 4] for i in range(0, len(compact), 4))
