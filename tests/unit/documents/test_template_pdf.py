"""Invoices printed in a template, read back with pypdf: the words of its language, its formats, its texts with
the placeholders filled in, its columns, custom fields, page size, fonts and logo."""

from __future__ import annotations

import socket
import urllib.request
from datetime import date
from decimal import Decimal
from io import BytesIO

import pytest
from PIL import Image
from pypdf import PdfReader

from app.documents.pdf import render_pdf
from app.domain.document_totals import Discount
from app.domain.invoice_template import Column, CustomField, InvoiceTemplate, TemplateLogo
from app.domain.payment_terms import PaymentTerms
from app.domain.tax import Vat, VatCategory
from app.shipped_templates import shipped_template
from tests.unit.documents.test_pdf import _font_names, _fonts, images, invoice, line, long_lines, pages_text, png

FACTS = {
    "invoice.purchase_order": "PO-4711",
    "invoice.period_start": date(2026, 11, 1),
    "invoice.period_end": date(2026, 11, 30),
    "invoice.payment_terms": PaymentTerms.net(30),
    "org.iban": "DE89 3704 0044 0532 0130 00",
    "org.bic": "COBADEFFXXX",
}
GERMAN = InvoiceTemplate(name="Deutsch", language="de", locale="de_DE", date_style="medium", amount_style="symbol")


def text(pdf: bytes) -> str:
    return "\n".join(pages_text(pdf)).replace("\xa0", " ")


def document(lines=None, **changes):  # type: ignore[no-untyped-def]
    lines = lines or [line("Beratung", "1.5", "1234.50"), line("Bücher", "1", "40.00", Vat.at(Decimal(7)), position=1)]
    return invoice(lines, facts=FACTS, **changes)


def test_a_german_template_prints_every_fixed_text_in_german_and_numbers_as_germans_write_them():
    shown = text(render_pdf(document(), GERMAN))

    for expected in (
        "Rechnung 2026-0001",
        "RECHNUNG AN",
        "RECHNUNGSDATUM",
        "20.11.2026",
        "FÄLLIG AM",
        "20.12.2026",
        "Leistungszeitraum 01.11.2026 bis 30.11.2026",
        "Beschreibung",
        "Menge",
        "Einzelpreis",
        "1,5 h",
        "1.234,50 €",
        "1.851,75 €",
        "USt. 19 %",
        "Umsatzsteuer",
        "Gesamtbetrag",
        "Zahlbar innerhalb von 30 Tagen (bis 20.12.2026).",
        "Seite 1 von 1",
        "USt-IdNr. DE123456789",
    ):
        assert expected in shown, expected
    for english in ("Invoice", "Due date", "Total", "Page 1 of 1", "Payable within"):
        assert english not in shown


def test_a_french_template_prints_in_french():
    template = InvoiceTemplate(language="fr", locale="fr_FR", date_style="long")

    shown = text(render_pdf(document(title="Credit note", number="AV-2026-0001", mark="CREDIT NOTE"), template))

    for expected in ("Avoir AV-2026-0001", "AVOIR", "Désignation", "Total TTC", "Page 1 sur 1", "20 novembre 2026"):
        assert expected in shown, expected
    assert "1 234,50 EUR" in shown


def test_custom_fields_print_their_values_and_are_left_out_when_empty():
    template = InvoiceTemplate(
        custom_fields=(
            CustomField("Purchase order", "{invoice.purchase_order}"),
            CustomField("Cost centre", "{client.buyer_reference}"),
            CustomField("Project", "Website relaunch"),
        )
    )

    shown = text(render_pdf(document(), template))

    assert "PURCHASE ORDER" in shown and "PO-4711" in shown
    assert "PROJECT" in shown and "Website relaunch" in shown
    assert "COST CENTRE" not in shown


def test_placeholders_are_filled_in_and_unknown_ones_are_never_printed():
    template = InvoiceTemplate(
        header="{org.name} · {org.address}",
        footer=("{org.name} · IBAN {org.iban}", "{org.nmae}", "BIC {org.bic}"),
        payment_instructions="Please pay {invoice.total} by {invoice.due_date}, quoting {invoice.number}. {client.nam}",
        bank_details="IBAN {org.iban}\nBIC {org.bic}\nTax number {org.tax_number}\nSwift code {org.swift}",
    )
    assert template.check()  # the unknown ones are problems for the designer…

    shown = text(render_pdf(document(), template))  # …and the document prints without them

    assert "Acme Consulting GmbH · Friedrichstraße 1" in shown
    assert "Please pay 2,246.38 EUR by 2026-12-20, quoting 2026-0001." in shown
    assert "IBAN DE89 3704 0044 0532 0130 00" in shown and "BIC COBADEFFXXX" in shown
    assert "{" not in shown and "}" not in shown
    assert "nmae" not in shown and "org.swift" not in shown and "Swift code" in shown  # left out, nothing more
    assert "Tax number" not in shown  # a line whose placeholders all came out empty


def test_the_footer_can_place_the_page_numbers():
    template = InvoiceTemplate(footer=("", "{invoice.heading} · sheet {page.number}/{page.count}", ""))

    pages = pages_text(render_pdf(document(long_lines(60)), template))

    assert len(pages) == 3
    for number, page in enumerate(pages, start=1):
        assert f"Invoice 2026-0001 · sheet {number}/3" in page and f"Page {number} of 3" in page


def test_the_template_chooses_the_columns_and_their_titles():
    template = InvoiceTemplate(columns=(Column("position"), Column("description", "Service"), Column("net", "Amount")))

    shown = text(render_pdf(document(), template))

    assert "Service" in shown and "Amount" in shown and "#" in shown
    assert "Quantity" not in shown and "Unit price" not in shown and "1.5 h" not in shown
    assert "1\nBeratung" in shown and "2\nBücher" in shown


def test_letter_pages_and_a_serif_font_embedded_throughout():
    pdf = render_pdf(document(), InvoiceTemplate(page_size="Letter", font="DejaVu Serif"))

    page = PdfReader(BytesIO(pdf)).pages[0]
    assert (float(page.mediabox.width), float(page.mediabox.height)) == (612, 792)
    assert _font_names(pdf) == {"DejaVuSerif", "DejaVuSerif-Bold"}
    assert all("/FontFile2" in font["/FontDescriptor"].get_object() for font in _fonts(pdf))


def test_the_template_logo_is_printed_instead_of_the_organisation_s():
    template = InvoiceTemplate(logo=TemplateLogo(png((300, 100)), width=30, height=10, position="right"))

    found = images(render_pdf(document(logo=png((240, 80))), template))

    assert [(image["/Width"], image["/Height"]) for image in found] == [(300, 100)]


def test_an_svg_logo_is_drawn_as_vector_graphics_in_embedded_fonts_and_fetches_nothing(monkeypatch):
    fetched = []
    monkeypatch.setattr(urllib.request, "urlopen", lambda *args, **kwargs: fetched.append(args))
    monkeypatch.setattr(socket.socket, "connect", lambda *args: fetched.append(args))
    svg = (
        b'<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="200" height="60">'
        b'<rect width="200" height="60" fill="#0E7C86"/>'
        b'<text x="10" y="40" font-family="Helvetica" font-size="24" fill="white">Brightline</text>'
        b'<image xlink:href="http://example.com/tracker.png" width="10" height="10"/>'
        b'<image href="/etc/passwd" width="10" height="10"/><script>alert(1)</script></svg>'
    )

    pdf = render_pdf(document(), InvoiceTemplate(logo=TemplateLogo(svg, position="centre")))

    assert fetched == []
    assert images(pdf) == []
    assert "Brightline" in text(pdf)
    assert _font_names(pdf) <= {"DejaVuSans", "DejaVuSans-Bold", "DroidSansFallback"}


@pytest.mark.parametrize("broken", [b"<svg", b"<svg xmlns='http://www.w3.org/2000/svg' width='0' height='0'/>"])
def test_a_broken_svg_logo_is_left_out_and_the_rest_prints(broken):
    pdf = render_pdf(document(), InvoiceTemplate(logo=TemplateLogo(broken)))

    assert "Invoice 2026-0001" in text(pdf)


def test_the_modern_template_prints_a_long_invoice_with_the_engine_s_totals():
    reverse = Vat(VatCategory.REVERSE_CHARGE, Decimal(0), "Article 196")
    lines = [*long_lines(40), line("Consulting abroad", "2", "150.00", reverse, position=99)]
    printed = invoice(lines, facts=FACTS, discount=Discount(percent=Decimal(5)))

    pages = pages_text(render_pdf(printed, shipped_template("modern")))

    shown = "\n".join(pages).replace("\xa0", " ")
    assert len(pages) == 2
    assert "Invoice" in pages[0] and "2026-0001" in pages[0]
    assert "Development work, item 39" in shown and "Reverse charge" in shown
    totals = printed.totals
    assert f"{totals.total.amount:,.2f} EUR" in shown and f"{totals.tax.amount:,.2f} EUR" in shown
    assert "Please transfer" in shown and "PO-4711" in shown
    assert all(f"Page {n} of 2" in page for n, page in enumerate(pages, start=1))


def test_a_template_with_problems_still_renders_what_it_can():
    template = InvoiceTemplate(locale="xx_YY", language="tlh", font="Comic Sans", page_size="A5", date_style="roman")

    shown = text(render_pdf(document(), template))

    assert "Invoice 2026-0001" in shown and "2026-11-20" in shown


def test_the_classic_template_gives_the_same_pdf_as_no_template():
    assert render_pdf(document(), shipped_template("classic")) == render_pdf(document())


def test_a_jpeg_logo_of_the_template_in_the_centre():
    buffer = BytesIO()
    Image.new("RGB", (120, 60), (200, 30, 30)).save(buffer, "JPEG")

    found = images(render_pdf(document(), InvoiceTemplate(logo=TemplateLogo(buffer.getvalue(), position="centre"))))

    assert len(found) == 1 and found[0]["/Filter"] == ["/DCTDecode"]
