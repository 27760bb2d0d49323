"""XRechnung's UBL 2.1 XML: an Invoice or a CreditNote valid against the official UBL schemas and the EN 16931
business rules, for plain, discounted, multi-rate, exempt, reverse-charge and credit-note invoices, with the
engine's figures."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

import pytest
from einvoice_samples import (
    EXEMPT,
    REVERSE,
    UBL_CREDIT_NOTE_XSD,
    UBL_INVOICE_XSD,
    UBL_RULES,
    assert_valid,
    credit_note,
    exempt_lines,
    issued,
    line,
    multi_rate_lines,
    plain_lines,
    rule_failures,
)
from moneyed import Money

from app.documents.einvoice_ubl import CAC, CBC, CREDIT_NOTE, INVOICE, XRECHNUNG, ubl_xml
from app.domain.document_totals import Discount, Totals
from app.domain.einvoice_data import EInvoice
from app.domain.invoice import InvoiceKind
from app.domain.money import parse_amount

NAMESPACES = {"inv": INVOICE, "cn": CREDIT_NOTE, "cac": CAC, "cbc": CBC}
CASES: dict[str, Callable[[], tuple[EInvoice, Totals]]] = {
    "plain": lambda: issued(plain_lines()),
    "percent discount": lambda: issued(multi_rate_lines(), Discount(percent=Decimal("7.5"))),
    "amount discount": lambda: issued(plain_lines(), Discount(amount=parse_amount("99.99", "EUR"))),
    "multi-rate": lambda: issued(multi_rate_lines()),
    "exempt": lambda: issued(exempt_lines()),
    "reverse charge": lambda: issued([line("Consulting", "10", "95.00", REVERSE)]),
    "partly paid": lambda: issued(plain_lines(), paid="500.00"),
    "deposit": lambda: issued(plain_lines(), kind=InvoiceKind.DEPOSIT),
    "credit note": lambda: credit_note(),
    "discounted credit note": lambda: credit_note(Discount(percent=Decimal(10))),
}
TOTAL = "/*/cac:LegalMonetaryTotal/cbc:"


def shown(amount: Money, credit_note: bool) -> str:
    value = -amount.amount if credit_note else amount.amount
    return f"{value + 0:f}"  # + 0: never "-0.00"


def text(tree, path: str) -> list[str]:  # type: ignore[no-untyped-def]
    return [getattr(found, "text", found) for found in tree.xpath(path, namespaces=NAMESPACES)]


def schema_of(document: EInvoice) -> Path:
    return UBL_CREDIT_NOTE_XSD if document.credit_note else UBL_INVOICE_XSD


@pytest.mark.parametrize("case", CASES)
def test_every_kind_of_invoice_is_valid_by_the_schema_and_the_en16931_rules(case: str):
    document, _ = CASES[case]()
    xml = ubl_xml(document)

    assert_valid(xml, schema_of(document))
    assert rule_failures(xml, UBL_RULES) == []


@pytest.mark.parametrize("case", CASES)
def test_the_totals_in_the_xml_are_the_engines(case: str):
    document, totals = CASES[case]()
    tree = assert_valid(ubl_xml(document), schema_of(document))
    credit = document.credit_note

    assert {
        name: text(tree, TOTAL + name)
        for name in (
            "LineExtensionAmount",
            "TaxExclusiveAmount",
            "TaxInclusiveAmount",
            "AllowanceTotalAmount",
            "PrepaidAmount",
            "PayableAmount",
        )
    } == {
        "LineExtensionAmount": [shown(totals.lines_net, credit)],
        "TaxExclusiveAmount": [shown(totals.net, credit)],
        "TaxInclusiveAmount": [shown(totals.total, credit)],
        "AllowanceTotalAmount": [shown(totals.discount, credit)],
        "PrepaidAmount": [shown(document.paid, credit)],
        "PayableAmount": [shown(totals.total - document.paid, credit)],
    }
    assert text(tree, "/*/cac:TaxTotal/cbc:TaxAmount") == [shown(totals.tax, credit)]
    subtotals = "/*/cac:TaxTotal/cac:TaxSubtotal/cbc:"
    assert list(zip(text(tree, subtotals + "TaxableAmount"), text(tree, subtotals + "TaxAmount"), strict=True)) == [
        (shown(row.taxable, credit), shown(row.tax, credit)) for row in totals.breakdown
    ]
    assert set(text(tree, "//cbc:*/@currencyID")) == {"EUR"}


@pytest.mark.parametrize("case", ["percent discount", "amount discount", "discounted credit note"])
def test_the_discount_is_a_document_allowance_per_vat_category_as_the_engine_split_it(case: str):
    document, totals = CASES[case]()
    tree = assert_valid(ubl_xml(document), schema_of(document))

    found = [
        (
            a.findtext("cbc:ChargeIndicator", namespaces=NAMESPACES),
            a.findtext("cbc:Amount", namespaces=NAMESPACES),
            a.findtext("cac:TaxCategory/cbc:ID", namespaces=NAMESPACES),
            a.findtext("cac:TaxCategory/cbc:Percent", namespaces=NAMESPACES),
        )
        for a in tree.xpath("/*/cac:AllowanceCharge", namespaces=NAMESPACES)
    ]
    assert found == [
        ("false", shown(row.discount, document.credit_note), row.vat.category.value, f"{row.vat.rate:f}")
        for row in totals.breakdown
    ]


def test_an_invoice_is_an_xrechnung_invoice_with_its_due_date_and_buyer_reference():
    document, _ = issued(plain_lines())
    tree = assert_valid(ubl_xml(document), UBL_INVOICE_XSD)

    assert tree.tag == f"{{{INVOICE}}}Invoice"
    assert text(tree, "/inv:Invoice/cbc:CustomizationID") == [XRECHNUNG]
    assert text(tree, "/inv:Invoice/cbc:InvoiceTypeCode") == ["380"]
    assert text(tree, "/inv:Invoice/cbc:DueDate") == ["2026-12-20"]
    assert text(tree, "/inv:Invoice/cbc:BuyerReference") == ["04011000-12345-03"]
    assert text(tree, "/inv:Invoice/cac:OrderReference/cbc:ID") == ["PO-7781"]
    assert text(tree, "//cac:AccountingSupplierParty//cbc:EndpointID[@schemeID='EM']") == ["invoices@acme.example"]
    assert text(tree, "//cac:AccountingSupplierParty//cac:Contact/*") == [
        "Ada Admin",
        "+49 30 1234567",
        "ada@acme.example",
    ]
    assert text(tree, "//cac:AccountingCustomerParty//cbc:EndpointID") == ["einvoices@globex.example"]
    assert text(tree, "//cac:PayeeFinancialAccount/cbc:ID") == ["DE89370400440532013000"]
    assert text(tree, "//cac:PaymentTerms/cbc:Note") == ["Payable within 30 days (by 2026-12-20)."]
    assert text(tree, "//cac:InvoiceLine/cbc:InvoicedQuantity") == ["12.5", "1"]


def test_a_credit_note_is_a_ubl_credit_note_with_positive_quantities_naming_the_invoice_it_credits():
    document, totals = credit_note()
    tree = assert_valid(ubl_xml(document), UBL_CREDIT_NOTE_XSD)

    assert tree.tag == f"{{{CREDIT_NOTE}}}CreditNote"
    assert text(tree, "/cn:CreditNote/cbc:CreditNoteTypeCode") == ["381"]
    quantities = text(tree, "//cac:CreditNoteLine/cbc:CreditedQuantity")
    assert quantities == [f"{-line.quantity:f}" for line in document.lines]
    assert all(Decimal(q) > 0 for q in quantities)
    assert text(tree, TOTAL + "PayableAmount") == [f"{-totals.total.amount:f}"]
    assert text(tree, "//cac:BillingReference/cac:InvoiceDocumentReference/*") == ["2026-0040", "2026-11-02"]
    assert tree.xpath("//cac:InvoiceLine", namespaces=NAMESPACES) == []


def test_an_exempt_line_carries_category_e_and_its_reason():
    document, _ = issued(exempt_lines())
    tree = assert_valid(ubl_xml(document), UBL_INVOICE_XSD)

    categories = tree.xpath("//cac:TaxSubtotal/cac:TaxCategory", namespaces=NAMESPACES)
    exempt = [c for c in categories if c.findtext("cbc:ID", namespaces=NAMESPACES) == "E"]
    assert [c.findtext("cbc:TaxExemptionReason", namespaces=NAMESPACES) for c in exempt] == [EXEMPT.reason]
    assert text(tree, "//cac:InvoiceLine//cac:ClassifiedTaxCategory/cbc:ID") == ["E", "S"]
