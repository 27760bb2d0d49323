"""What an e-invoice needs, checked field by field before anything is exported, and the engine's figures as the
e-invoice carries them."""

from __future__ import annotations

import dataclasses
from decimal import Decimal

from einvoice_samples import REVERSE, client, credit_note, issued, line, plain_lines
from moneyed import Money

from app.domain.einvoice_data import EInvoiceFormat, missing_details, tax_groups, unit_code
from app.domain.invoice import InvoiceKind
from app.domain.tax import Vat, VatCategory

FACTURX, XRECHNUNG = EInvoiceFormat.FACTURX, EInvoiceFormat.XRECHNUNG


def fields(problems) -> list[str]:  # type: ignore[no-untyped-def]
    return [p.field for p in problems]


def test_a_complete_invoice_misses_nothing_in_either_format():
    document, _ = issued(plain_lines())

    assert missing_details(document, FACTURX) == []
    assert missing_details(document, XRECHNUNG) == []


def test_every_missing_detail_is_its_own_problem_naming_the_command_that_sets_it():
    document, _ = issued(plain_lines(), buyer=client(street="", city="", postcode="", country="", buyer_reference=""))
    bare_seller = dataclasses.replace(
        document.seller, street="", postcode="", city="", country="", vat_id="", electronic_address="", contact_phone=""
    )
    document = dataclasses.replace(document, seller=bare_seller, iban="", buyer_reference="")

    factur_x = missing_details(document, FACTURX)
    assert fields(factur_x) == [
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
    ]
    assert factur_x[0].message == (
        "The organisation's street is missing; set it in Settings or with `timeledger org set street='Hauptstr. 1'`."
    )
    assert factur_x[5].message == (
        "Globex SARL's street is missing; set it with "
        "`timeledger client set \"Globex SARL\" street='Rue de la Paix 1'`."
    )
    assert {p.code for p in factur_x} >= {"missing_street", "missing_vat_id", "missing_iban"}

    assert fields(missing_details(document, XRECHNUNG)) == [
        *fields(factur_x),
        "organisation.electronic_address",
        "client.buyer_reference",
        "organisation.contact_phone",
    ]


def test_a_tax_number_stands_in_for_a_missing_vat_id_but_reverse_charge_needs_both_vat_ids():
    document, _ = issued(plain_lines())
    with_tax_number = dataclasses.replace(
        document, seller=dataclasses.replace(document.seller, vat_id="", tax_number="27/123/45678")
    )
    assert missing_details(with_tax_number, FACTURX) == []

    reverse, _ = issued([line("Consulting", "2", "100.00", REVERSE)], buyer=client(tax_id=""))
    assert fields(missing_details(reverse, FACTURX)) == ["client.vat_id"]


def test_an_iban_is_needed_only_for_payment_by_credit_transfer():
    document, _ = issued(plain_lines())
    without = dataclasses.replace(document, iban="", bic="")

    assert fields(missing_details(without, FACTURX)) == ["organisation.iban"]
    assert missing_details(dataclasses.replace(without, payment_means_code="49"), FACTURX) == []


def test_lines_outside_the_scope_of_vat_cannot_be_mixed_with_taxed_ones():
    outside = Vat(VatCategory.OUTSIDE_SCOPE, Decimal(0), "Not subject to VAT: services outside the EU")
    document, _ = issued([line("Advice", "1", "100.00", outside), line("Consulting", "1", "100.00")])

    (problem,) = missing_details(document, FACTURX)
    assert problem.code == "mixed_outside_scope"


def test_a_credit_note_turns_the_engines_negative_figures_round_exactly():
    document, totals = credit_note()

    assert totals.total.amount < 0 and document.figure(totals.total) == f"{-totals.total.amount:f}"
    assert document.figure(document.paid) == "0.00"  # never "-0.00"
    assert [document.quantity(line) for line in document.lines] == [f"{-line.quantity:f}" for line in document.lines]
    assert document.type_code == "381" and document.due_date is None


def test_exemption_reasons_are_joined_only_where_the_tax_is_zero():
    first = Vat(VatCategory.EXEMPT, Decimal(0), "Reason one")
    second = Vat(VatCategory.EXEMPT, Decimal(0), "Reason two")
    _, totals = issued([line("A", "1", "10.00", first), line("B", "1", "20.00", second), line("C", "1", "30.00")])

    groups = tax_groups(totals)
    assert [(g.category, g.reason, f"{g.taxable.amount:f}", f"{g.tax.amount:f}") for g in groups] == [
        (VatCategory.EXEMPT, "Reason one; Reason two", "30.00", "0.00"),
        (VatCategory.STANDARD, "", "30.00", "5.70"),
    ]


def test_units_become_un_ece_codes():
    assert [unit_code(u) for u in ("h", "Hours", "day", "", "pcs", "month")] == [
        "HUR",
        "HUR",
        "DAY",
        "C62",
        "C62",
        "MON",
    ]


def test_amounts_are_written_with_the_currencys_decimals():
    document, _ = issued(plain_lines())
    yen = dataclasses.replace(document, currency="JPY")

    assert yen.figure(Money(Decimal(1500), "JPY")) == "1500"
    assert document.figure(Money(Decimal("1500.5"), "EUR")) == "1500.50"


def test_a_deposit_invoice_is_a_prepayment_invoice():
    document, _ = issued(plain_lines(), kind=InvoiceKind.DEPOSIT)

    assert document.type_code == "386"
    assert (issued(plain_lines())[0].type_code, credit_note()[0].type_code) == ("380", "381")
