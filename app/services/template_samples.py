"""A sample invoice for the template designer's preview: the organisation's own letterhead, a made-up client
and twenty lines of work, so a template can be judged on a realistic, multi-page document."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from app.domain.document_lines import DocumentLine, LineKind, priced_line
from app.domain.document_totals import Discount, compute_totals
from app.domain.money import parse_amount
from app.domain.organisation import Organisation
from app.domain.payment_terms import PaymentTerms
from app.domain.printable import Party, PrintableDocument, party
from app.domain.tax import Vat
from app.services.invoice_facts import ORG_FIELDS, spaced_iban

SAMPLE_LINES = 20
_WORK = (
    ("Backend development: order service", "h", "95.00"),
    ("Code review and pairing", "h", "95.00"),
    ("Architecture workshop with the platform team", "", "1450.00"),
    ("Database migration planning", "h", "110.00"),
    ("Frontend: checkout redesign", "h", "95.00"),
    ("Project management", "h", "85.00"),
)


def sample_lines(org: Organisation, count: int = SAMPLE_LINES) -> list[DocumentLine]:
    currency = org.base_currency
    rate = org.default_tax_rate or Decimal(19)
    lines = []
    for position in range(count):
        description, unit, price = _WORK[position % len(_WORK)]
        quantity = Decimal(1) if not unit else Decimal(position % 6 + 1) + Decimal("0.25") * (position % 4)
        lines.append(
            priced_line(
                org_id=org.id,
                document_id=org.id,
                position=position,
                kind=LineKind.MANUAL,
                description=f"{description} (week {position // 5 + 1})",
                quantity=quantity,
                unit=unit,
                unit_price=parse_amount(price, currency),
                vat=Vat.at(rate),
            )
        )
    return lines


def sample_invoice(org: Organisation, today: date, count: int = SAMPLE_LINES) -> PrintableDocument:
    """An issued invoice from the organisation to an example client, dated today."""
    lines = sample_lines(org, count)
    terms = PaymentTerms.net(30)
    first = today.replace(day=1)
    facts: dict[str, object] = {key: getattr(org, name, "") or "" for key, name in ORG_FIELDS.items()}
    facts["org.iban"] = spaced_iban(str(facts["org.iban"]))
    facts["org.legal_name"] = facts["org.legal_name"] or org.name
    facts.update(
        {
            "client.street": "1 Main Street",
            "client.postcode": "62701",
            "client.city": "Springfield",
            "client.country": "US",
            "client.buyer_reference": "GLX-2041",
            "invoice.purchase_order": "PO-4711",
            "invoice.period_start": first,
            "invoice.period_end": today,
            "invoice.payment_terms": terms,
        }
    )
    number = f"{today.year}-0042"
    return PrintableDocument(
        title="Invoice",
        number=number,
        mark=None,
        seller=party(org.name, org.address or "Friedrichstraße 1\n10117 Berlin", org.tax_id),
        buyer=Party(
            "Globex Corporation",
            "Accounts Payable\n1 Main Street\nSpringfield, IL 62701",
            "US-99-1234567",
            "ap@globex.example",
        ),
        issue_date=today,
        due_date=terms.due_date(today),
        valid_until=None,
        reference=f"Work from {first} to {today}",
        lines=tuple(lines),
        totals=compute_totals(lines, org.base_currency, Discount(percent=Decimal(5))),
        payment_terms=terms.describe(today),
        bank_details=org.bank_details or "Example Bank · IBAN DE89 3704 0044 0532 0130 00",
        notes="Thank you for your business.",
        logo=org.logo,
        facts=facts,
    )
