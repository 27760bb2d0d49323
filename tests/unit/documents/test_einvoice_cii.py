"""Factur-X's CII XML (profile EN 16931): valid against the official schema and the EN 16931 business rules for
plain, discounted, multi-rate, exempt, reverse-charge and credit-note invoices, with the engine's figures."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

import pytest
from einvoice_samples import (
    CII_RULES,
    CII_XSD,
    EXEMPT,
    REVERSE,
    assert_valid,
    client,
    credit_note,
    exempt_lines,
    issued,
    line,
    multi_rate_lines,
    plain_lines,
    rule_failures,
)
from moneyed import Money

from app.documents.einvoice_cii import NAMESPACES, cii_xml
from app.domain.document_totals import Discount, Totals
from app.domain.einvoice_data import EInvoice
from app.domain.invoice import InvoiceKind
from app.domain.money import parse_amount
from app.domain.tax import Vat, VatCategory

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
SUMMATION = "//ram:SpecifiedTradeSettlementHeaderMonetarySummation/ram:"


def shown(amount: Money, credit_note: bool) -> str:
    """How the XML must write an engine figure: a credit note's negative amounts as positive ones."""
    value = -amount.amount if credit_note else amount.amount
    return f"{value + 0:f}"  # + 0: never "-0.00"


def text(tree, path: str) -> list[str]:  # type: ignore[no-untyped-def]
    return [getattr(found, "text", found) for found in tree.xpath(path, namespaces=NAMESPACES)]


@pytest.mark.parametrize("case", CASES)
def test_every_kind_of_invoice_is_valid_by_the_schema_and_the_en16931_rules(case: str):
    document, _ = CASES[case]()
    xml = cii_xml(document)

    assert_valid(xml, CII_XSD)
    assert rule_failures(xml, CII_RULES) == []


@pytest.mark.parametrize("case", CASES)
def test_the_totals_in_the_xml_are_the_engines(case: str):
    document, totals = CASES[case]()
    tree = assert_valid(cii_xml(document), CII_XSD)
    credit = document.credit_note

    assert {
        name: text(tree, SUMMATION + name)
        for name in (
            "LineTotalAmount",
            "AllowanceTotalAmount",
            "TaxBasisTotalAmount",
            "TaxTotalAmount",
            "GrandTotalAmount",
            "TotalPrepaidAmount",
            "DuePayableAmount",
        )
    } == {
        "LineTotalAmount": [shown(totals.lines_net, credit)],
        "AllowanceTotalAmount": [shown(totals.discount, credit)],
        "TaxBasisTotalAmount": [shown(totals.net, credit)],
        "TaxTotalAmount": [shown(totals.tax, credit)],
        "GrandTotalAmount": [shown(totals.total, credit)],
        "TotalPrepaidAmount": [shown(document.paid, credit)],
        "DuePayableAmount": [shown(totals.total - document.paid, credit)],
    }
    taxes = "//ram:ApplicableHeaderTradeSettlement/ram:ApplicableTradeTax/ram:"
    assert list(zip(text(tree, taxes + "BasisAmount"), text(tree, taxes + "CalculatedAmount"), strict=True)) == [
        (shown(row.taxable, credit), shown(row.tax, credit)) for row in totals.breakdown
    ]
    assert text(tree, "//ram:IncludedSupplyChainTradeLineItem//ram:LineTotalAmount") == [
        shown(line.net, credit) for line in document.lines
    ]


@pytest.mark.parametrize("case", ["percent discount", "amount discount", "discounted credit note"])
def test_the_discount_is_a_document_allowance_per_vat_category_as_the_engine_split_it(case: str):
    document, totals = CASES[case]()
    tree = assert_valid(cii_xml(document), CII_XSD)

    allowances = tree.xpath("//ram:SpecifiedTradeAllowanceCharge", namespaces=NAMESPACES)
    found = [
        (
            a.findtext("ram:ChargeIndicator/udt:Indicator", namespaces=NAMESPACES),
            a.findtext("ram:ActualAmount", namespaces=NAMESPACES),
            a.findtext("ram:CategoryTradeTax/ram:CategoryCode", namespaces=NAMESPACES),
            a.findtext("ram:CategoryTradeTax/ram:RateApplicablePercent", namespaces=NAMESPACES),
        )
        for a in allowances
    ]
    assert found == [
        ("false", shown(row.discount, document.credit_note), row.vat.category.value, f"{row.vat.rate:f}")
        for row in totals.breakdown
    ]
    assert sum(Decimal(amount) for _, amount, _, _ in found) == abs(totals.discount.amount)


def test_a_credit_note_is_type_381_with_positive_quantities_and_names_the_invoice_it_credits():
    document, totals = credit_note()
    tree = assert_valid(cii_xml(document), CII_XSD)

    assert text(tree, "//rsm:ExchangedDocument/ram:TypeCode") == ["381"]
    assert totals.total.amount < 0
    assert text(tree, SUMMATION + "GrandTotalAmount") == [f"{-totals.total.amount:f}"]
    quantities = text(tree, "//ram:BilledQuantity")
    assert quantities == [f"{-line.quantity:f}" for line in document.lines]
    assert all(Decimal(q) > 0 for q in quantities)
    assert text(tree, "//ram:InvoiceReferencedDocument/ram:IssuerAssignedID") == ["2026-0040"]
    assert text(tree, "//ram:InvoiceReferencedDocument//qdt:DateTimeString") == ["20261102"]


def test_an_exempt_line_carries_category_e_and_its_reason_into_the_vat_breakdown():
    document, _ = issued(exempt_lines())
    tree = assert_valid(cii_xml(document), CII_XSD)

    taxes = tree.xpath("//ram:ApplicableHeaderTradeSettlement/ram:ApplicableTradeTax", namespaces=NAMESPACES)
    exempt = [t for t in taxes if t.findtext("ram:CategoryCode", namespaces=NAMESPACES) == "E"]
    assert len(exempt) == 1
    assert exempt[0].findtext("ram:ExemptionReason", namespaces=NAMESPACES) == EXEMPT.reason
    assert exempt[0].findtext("ram:RateApplicablePercent", namespaces=NAMESPACES) == "0"
    assert exempt[0].findtext("ram:CalculatedAmount", namespaces=NAMESPACES) == "0.00"


def test_exempt_lines_with_different_reasons_make_one_breakdown_row_that_still_adds_up():
    other = Vat(VatCategory.EXEMPT, Decimal(0), "Exempt under § 4 Nr. 14 UStG (medical)")
    lines = [*exempt_lines(), line("Check-up", "1", "80.00", other, unit="")]
    document, totals = issued(lines)
    xml = cii_xml(document)
    tree = assert_valid(xml, CII_XSD)

    assert len(totals.breakdown) == 3  # the engine keeps the reasons apart
    assert text(tree, "//ram:ApplicableHeaderTradeSettlement/ram:ApplicableTradeTax/ram:CategoryCode") == ["E", "S"]
    assert text(tree, "//ram:ApplicableTradeTax/ram:ExemptionReason") == [f"{EXEMPT.reason}; {other.reason}"]
    assert rule_failures(xml, CII_RULES) == []


def test_the_parties_addresses_ids_and_references_are_carried():
    document, _ = issued(plain_lines(), buyer=client(name="Müller & <Söhne>", buyer_reference="991-01234-56"))
    tree = assert_valid(cii_xml(document), CII_XSD)
    seller = "//ram:SellerTradeParty/"
    buyer = "//ram:BuyerTradeParty/"

    assert text(tree, seller + "ram:Name") == ["Acme Consulting GmbH"]
    assert text(tree, seller + "ram:SpecifiedLegalOrganization/ram:TradingBusinessName") == ["Acme Consulting"]
    assert text(tree, seller + "ram:Description") == ["GmbH, Amtsgericht Berlin HRB 12345"]
    assert text(tree, seller + "ram:PostalTradeAddress/*") == ["10115", "Hauptstraße 1", "Berlin", "DE"]
    assert text(tree, seller + "ram:SpecifiedTaxRegistration/ram:ID[@schemeID='VA']") == ["DE136695976"]
    assert text(tree, seller + "ram:URIUniversalCommunication/ram:URIID[@schemeID='EM']") == ["invoices@acme.example"]
    assert text(tree, buyer + "ram:Name") == ["Globex SARL"]  # as the invoice was issued (its bill-to)
    assert text(tree, buyer + "ram:SpecifiedTaxRegistration/ram:ID") == ["FR40303265045"]
    assert text(tree, "//ram:BuyerReference") == ["991-01234-56"]
    assert text(tree, "//ram:BuyerOrderReferencedDocument/ram:IssuerAssignedID") == ["PO-7781"]
    assert text(tree, "//ram:PayeePartyCreditorFinancialAccount/ram:IBANID") == ["DE89370400440532013000"]
    assert text(tree, "//ram:SpecifiedTradeSettlementPaymentMeans/ram:TypeCode") == ["58"]
    assert text(tree, "//ram:SpecifiedTradePaymentTerms/ram:DueDateDateTime/udt:DateTimeString") == ["20261220"]
    assert text(tree, "//ram:BilledQuantity/@unitCode") == ["HUR", "C62"]


def test_user_text_is_escaped_not_markup():
    name = 'Müller & <Söhne> "GmbH"'
    document, _ = issued([line(name, "1", "10.00")], buyer=client(name=name))
    tree = assert_valid(cii_xml(document), CII_XSD)

    assert text(tree, "//ram:SpecifiedTradeProduct/ram:Name") == [name]
