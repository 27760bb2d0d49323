"""`timeledger org set|show`, `client set|show` and `invoice export` end to end: the e-invoice details set as
FIELD=VALUE and shown, bad values and missing details refused with exit 3 and every sentence, and an issued
invoice written as Factur-X and as XRechnung, read back from the files."""

from __future__ import annotations

from pathlib import Path

import pytest
from cli import CONSULTANT, Cli, assert_refused, assert_usage_error, fingerprint, run_in_one_process
from lxml import etree
from pypdf import PdfReader

pytestmark = pytest.mark.slow

SELLER = [
    "vat_id=DE 136 695 976",
    "legal_name=Acme Consulting GmbH",
    "street=Hauptstraße 1",
    "postcode=10115",
    "city=Berlin",
    "country=de",
    "iban=DE89 3704 0044 0532 0130 00",
    "bic=cobadeffxxx",
    "electronic_address=invoices@acme.example",
    "contact_name=Ada Admin",
    "contact_phone=+49 30 1234567",
    "contact_email=ada@acme.example",
]
BUYER = [
    "vat_id=FR40303265045",
    "street=1 rue de la Paix",
    "postcode=75002",
    "city=Paris",
    "country=FR",
    "electronic_address=einvoices@globex.example",
    "buyer_reference=04011000-12345-03",
]


def issued_invoice(cli: Cli, *, details: bool = True) -> str:
    """An issued invoice for Globex (consulting at 19 %, a handbook at 7 %, 5 % off, a purchase order); its number."""
    ref = cli.json("invoice", "new", "--client", "Globex")["reference"].removeprefix("draft ")
    argvs = [
        ["invoice", "line", "add", ref, "--description", "Consulting", "--quantity", "7.5", "--unit-price", "120",
         "--unit", "h", "--tax-rate", "19"],
        ["invoice", "line", "add", ref, "--description", "Handbook", "--quantity", "3", "--unit-price", "24.90",
         "--tax-rate", "7"],
        ["invoice", "discount", ref, "--percent", "5"],
        ["invoice", "set", ref, "purchase_order=PO-2026-17"],
        ["invoice", "finalise", ref],
    ]  # fmt: skip
    if details:
        argvs = [["org", "set", *SELLER], ["client", "set", "Globex", *BUYER], *argvs]
    result = run_in_one_process([["--db", str(cli.db), *argv] for argv in argvs], env=cli.env)
    assert result.returncode == 0, result
    return cli.json("invoice", "list", "--client", "Globex")[0]["number"]


def test_org_and_client_details_are_set_as_field_values_and_shown(cli: Cli):
    org = cli.json("org", "set", *SELLER, "--budget-warning", "70")
    assert {k: org[k] for k in ("vat_id", "country", "iban", "bic", "street", "legal_name")} == {
        "vat_id": "DE136695976",
        "country": "DE",
        "iban": "DE89370400440532013000",
        "bic": "COBADEFFXXX",
        "street": "Hauptstraße 1",
        "legal_name": "Acme Consulting GmbH",
    }
    assert org["budget_warning_percent"] == 70  # the options still work beside the fields
    assert (org["smtp_port"], org["smtp_security"], org["payment_means_code"]) == (587, "starttls", "58")
    shown = dict(line.split(":", 1) for line in cli.ok("org", "show").stdout.splitlines())
    assert shown["Postal address"].strip() == "Hauptstraße 1, 10115 Berlin, DE"
    assert shown["VAT ID"].strip() == "DE136695976"

    client = cli.json("client", "set", "Globex", *BUYER)
    assert cli.json("client", "show", "Globex") == client
    assert (client["vat_id"], client["country"], client["buyer_reference"]) == (
        "FR40303265045",
        "FR",
        "04011000-12345-03",
    )
    lines = cli.ok("client", "show", "ap@globex.example").stdout.splitlines()
    assert "Postal address:      1 rue de la Paix, 75002 Paris, FR" in lines

    cleared = cli.json("client", "set", "Globex", "buyer_reference=")
    assert cleared["buyer_reference"] == ""


def test_bad_values_are_refused_with_every_sentence_and_change_nothing(cli: Cli):
    before = fingerprint(cli.db)

    refused = cli("org", "set", "iban=DE00 1234", "country=Germany", "colour=blue", "smtp_port=99999", "bic")
    assert_refused(refused, problems=5)
    assert refused.error_lines[:2] == [
        "error: 'colour' is not a setting of the organisation; choose from " + refused.error_lines[0].split("from ")[1],
        "error: 'bic' is not a setting; write FIELD=VALUE, such as city=Berlin.",
    ]
    assert "is not a valid IBAN" in refused.stderr and "is not a country code" in refused.stderr
    assert "is not a port" in refused.stderr

    refused = cli("client", "set", "Globex", "vat_id=FR123", "electronic_address=not an address", "country=EU")
    assert_refused(refused, problems=3)

    assert_refused(cli("--as", CONSULTANT, "org", "set", "city=Bonn"))
    assert fingerprint(cli.db) == before


def test_an_issued_invoice_is_written_as_factur_x_and_as_xrechnung(cli: Cli, tmp_path: Path):
    number = issued_invoice(cli)
    total = cli.json("invoice", "show", number)["total"]

    pdf_file, xml_file = tmp_path / "invoice.pdf", tmp_path / "invoice.xml"
    written = cli.json("invoice", "export", number, "--format", "facturx", "-o", str(pdf_file))
    assert (written["file"], written["format"], written["number"]) == (str(pdf_file), "facturx", number)
    reader = PdfReader(pdf_file)
    (cii,) = reader.attachments["factur-x.xml"]
    ram = {"ram": "urn:un:unece:uncefact:data:standard:ReusableAggregateBusinessInformationEntity:100"}
    assert etree.fromstring(cii).findtext(".//ram:GrandTotalAmount", namespaces=ram) == total
    assert number in reader.pages[0].extract_text()

    said = cli.ok("invoice", "export", number, "--format", "xrechnung", "-o", str(xml_file)).stdout
    assert said.startswith(f"Wrote {number} as XRechnung to {xml_file} (")
    ubl = etree.parse(str(xml_file)).getroot()
    assert ubl.tag == "{urn:oasis:names:specification:ubl:schema:xsd:Invoice-2}Invoice"
    cbc = {"cbc": "urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2"}
    assert ubl.findtext(".//cbc:PayableAmount", namespaces=cbc) == total
    assert ubl.findtext("./{*}OrderReference/cbc:ID", namespaces=cbc) == "PO-2026-17"


def test_missing_details_refuse_the_export_listing_each_and_write_nothing(cli: Cli, tmp_path: Path):
    number = issued_invoice(cli, details=False)
    target = tmp_path / "invoice.xml"

    refused = cli("invoice", "export", number, "--format", "xrechnung", "-o", str(target))

    assert_refused(refused, problems=16)
    assert refused.error_lines[0] == (
        "error: The organisation's street is missing; set it in Settings or with "
        "`timeledger org set street='Hauptstr. 1'`."
    )
    assert "error: Globex's buyer reference (Leitweg-ID) is missing; set it with " in refused.stderr
    assert not target.exists()

    cli.ok("org", "set", *SELLER)
    refused = cli("invoice", "export", number, "--format", "facturx", "-o", str(target))
    assert_refused(refused, problems=4)  # the client's address
    assert not target.exists()


def test_drafts_and_unknown_formats_are_refused(cli: Cli, tmp_path: Path):
    ref = cli.json("invoice", "new", "--client", "Globex")["reference"].removeprefix("draft ")

    refused = cli("invoice", "export", ref, "--format", "facturx", "-o", str(tmp_path / "x.pdf"))
    assert_refused(refused)
    assert "only finalised invoices and credit notes can" in refused.stderr
    assert_usage_error(cli("invoice", "export", ref, "--format", "pdf", "-o", str(tmp_path / "x.pdf")))
    assert not (tmp_path / "x.pdf").exists()
