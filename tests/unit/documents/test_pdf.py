"""The PDF of invoices, quotes and credit notes, read back with pypdf: what a client would see on paper."""

from __future__ import annotations

import dataclasses
import socket
import sys
import urllib.request
from datetime import date
from decimal import Decimal
from io import BytesIO
from uuid import uuid4

import pytest
from PIL import Image
from pypdf import PdfReader
from pypdf.generic import DictionaryObject

from app.documents import fonts
from app.documents.pdf import render_pdf
from app.documents.style import CELL, CELL_RIGHT, TABLE_SIZE
from app.documents.tables import LINE_WIDTHS, amount, cell
from app.documents.text_block import TextBlock
from app.domain.document_lines import DocumentLine, new_line
from app.domain.document_totals import NO_DISCOUNT, Discount, compute_totals
from app.domain.money import format_money, from_minor, parse_amount
from app.domain.printable import Party, PrintableDocument
from app.domain.tax import Vat, VatCategory
from app.resources import resource

ORG, DOC = uuid4(), uuid4()
STANDARD = Vat.at(Decimal(19))
REDUCED = Vat.at(Decimal(7))
REVERSE = Vat(VatCategory.REVERSE_CHARGE, Decimal(0), "Reverse charge, Article 196 of Directive 2006/112/EC")
MALICIOUS = '<img src="http://x/y.png"/> & <b>'
NAMES = ("Łódź", "Müller", "Žofie", "Ελένη", "東京")


def line(
    description: str = "Consulting",
    quantity: str = "2",
    price: str = "100.00",
    vat: Vat = STANDARD,
    *,
    currency: str = "EUR",
    unit: str = "h",
    position: int = 0,
) -> DocumentLine:
    return new_line(
        org_id=ORG,
        document_id=DOC,
        position=position,
        currency=currency,
        description=description,
        quantity=quantity,
        unit_price=price,
        vat=vat,
        unit=unit,
    )


def invoice(lines: list[DocumentLine] | None = None, discount: Discount = NO_DISCOUNT, **changes) -> PrintableDocument:
    """A sent EUR invoice from Acme to Globex; `changes` replace any field."""
    lines = [line()] if lines is None else lines
    currency = lines[0].net.currency.code if lines else "EUR"
    document = PrintableDocument(
        title="Invoice",
        number="2026-0001",
        mark=None,
        seller=Party("Acme Consulting GmbH", "Friedrichstraße 1\n10117 Berlin", "DE123456789", "billing@acme.example"),
        buyer=Party("Globex Corporation", "1 Main Street\nSpringfield", "US-99-1234567"),
        issue_date=date(2026, 11, 20),
        due_date=date(2026, 12, 20),
        valid_until=None,
        reference="Work from 2026-11-01 to 2026-11-30",
        lines=tuple(lines),
        totals=compute_totals(lines, currency, discount),
        payment_terms="Payable within 30 days (by 2026-12-20).",
        bank_details="IBAN DE89 3704 0044 0532 0130 00\nBIC COBADEFFXXX",
        notes="Thank you for your business.",
    )
    return dataclasses.replace(document, **changes)


def pages_text(pdf: bytes) -> list[str]:
    return [page.extract_text() for page in PdfReader(BytesIO(pdf)).pages]


def text(pdf: bytes) -> str:
    return "\n".join(pages_text(pdf))


def long_lines(count: int) -> list[DocumentLine]:
    return [line(f"Development work, item {n}", position=n) for n in range(count)]


def png(size: tuple[int, int] = (240, 80)) -> bytes:
    buffer = BytesIO()
    Image.new("RGBA", size, (38, 74, 120, 255)).save(buffer, "PNG")
    return buffer.getvalue()


def images(pdf: bytes) -> list[DictionaryObject]:
    found = []
    for page in PdfReader(BytesIO(pdf)).pages:
        for xobject in (page["/Resources"].get("/XObject") or {}).values():
            xobject = xobject.get_object()
            if xobject["/Subtype"] == "/Image":
                found.append(xobject)
    return found


def test_invoice_shows_number_parties_dates_reference_and_closing_texts():
    shown = text(render_pdf(invoice()))

    for expected in (
        "Invoice 2026-0001",
        "Acme Consulting GmbH",
        "Friedrichstraße 1",
        "VAT ID DE123456789",
        "Globex Corporation",
        "1 Main Street",
        "VAT ID US-99-1234567",
        "2026-11-20",
        "2026-12-20",
        "Work from 2026-11-01 to 2026-11-30",
        "Payable within 30 days (by 2026-12-20).",
        "IBAN DE89 3704 0044 0532 0130 00",
        "Thank you for your business.",
    ):
        assert expected in shown


def test_draft_has_no_number_yet():
    shown = text(render_pdf(invoice(number=None, mark="DRAFT")))

    assert "Invoice (draft)" in shown
    assert "2026-0001" not in shown


def test_quote_shows_valid_until_instead_of_a_due_date():
    quote = invoice(title="Quote", number="Q-2026-0007", due_date=None, valid_until=date(2026, 12, 31))

    shown = text(render_pdf(quote))

    assert "Quote Q-2026-0007" in shown
    assert "VALID UNTIL" in shown and "2026-12-31" in shown
    assert "DUE DATE" not in shown


def test_lines_show_quantity_with_unit_unit_price_vat_rate_and_net():
    shown = text(render_pdf(invoice([line("Backend development", "1.5", "1234.50", STANDARD)])))

    assert "Backend development" in shown
    assert "1.5 h" in shown
    assert "1,234.50 EUR" in shown
    assert "19 %" in shown
    assert "1,851.75 EUR" in shown


def test_totals_are_the_computed_ones_to_the_cent():
    # The issue's example: 33.33 at 19 % and 33.33 at 7 % make 66.66 net, 8.66 tax, 75.32 in all.
    document = invoice([line("A", "1", "33.33", STANDARD), line("B", "1", "33.33", REDUCED, position=1)])
    shown = text(render_pdf(document))

    assert document.totals.total == parse_amount("75.32", "EUR")
    for money in (document.totals.lines_net, document.totals.tax, document.totals.total):
        assert format_money(money) in shown
    assert "6.33 EUR" in shown and "2.33 EUR" in shown


def test_discount_is_shown_between_the_lines_net_and_the_net():
    # The issue's example: 1000.00 at 8 % and 500.00 at 0 % with 5 % off: discount 75.00, tax 76.00, 1501.00.
    document = invoice(
        [line("A", "1", "1000.00", Vat.at(Decimal(8))), line("B", "1", "500.00", Vat.at(Decimal(0)), position=1)],
        discount=Discount(percent=Decimal(5)),
    )
    shown = text(render_pdf(document))

    assert "Discount" in shown and "-75.00 EUR" in shown
    assert "1,425.00 EUR" in shown and "76.00 EUR" in shown and "1,501.00 EUR" in shown


def test_tax_breakdown_has_a_row_per_vat_with_the_reverse_charge_reason():
    document = invoice(
        [
            line("Design", "3", "100.00", STANDARD),
            line("Books", "1", "40.00", REDUCED, position=1),
            line("Consulting abroad", "2", "150.00", REVERSE, position=2),
        ]
    )
    shown = text(render_pdf(document))

    assert "Tax breakdown" in shown
    assert "VAT 19 %" in shown and "VAT 7 %" in shown and "Reverse charge" in shown
    assert REVERSE.reason in shown
    for row in document.totals.breakdown:
        assert format_money(row.taxable) in shown
        assert format_money(row.tax) in shown


def test_paid_and_balance_due_are_shown_when_given():
    document = invoice([line("Work", "10", "100.00")])
    paid = from_minor(50000, "EUR")
    shown = text(render_pdf(dataclasses.replace(document, paid=paid, balance=document.totals.total - paid)))

    assert "Paid" in shown and "500.00 EUR" in shown
    assert "Balance due" in shown and "690.00 EUR" in shown


def test_long_invoice_numbers_its_pages_and_repeats_the_column_titles_on_each():
    pages = pages_text(render_pdf(invoice(long_lines(76))))

    assert len(pages) == 3
    for number, page in enumerate(pages, start=1):
        assert f"Page {number} of 3" in page
        assert "Description" in page and "Unit price" in page
    assert "Development work, item 0" in pages[0] and "Development work, item 75" in pages[2]


def test_names_in_other_scripts_come_out_as_the_same_text():
    name = " ".join(NAMES)
    pdf = render_pdf(invoice([line(f"Workshop in {name}")], buyer=Party(name, "ul. Piotrkowska 1\n90-001 Łódź")))
    shown = text(pdf)

    assert name in shown
    assert f"Workshop in {name}" in shown
    assert "DroidSansFallback" in _font_names(pdf)  # 東京 is drawn from the CJK fallback, not as boxes


def test_markup_in_user_text_is_printed_literally_and_nothing_is_fetched(monkeypatch):
    fetched = []
    monkeypatch.setattr(urllib.request, "urlopen", lambda *args, **kwargs: fetched.append(args))
    monkeypatch.setattr(socket.socket, "connect", lambda *args: fetched.append(args))
    document = invoice([line(MALICIOUS)], buyer=Party(MALICIOUS, MALICIOUS), notes=MALICIOUS, reference=MALICIOUS)

    pdf = render_pdf(document)

    assert text(pdf).count(MALICIOUS) == 5  # the buyer's name and address, the line, the notes, the reference
    assert fetched == []
    assert images(pdf) == []


def test_png_logo_is_embedded_as_an_image():
    found = images(render_pdf(invoice(logo=png((240, 80)))))

    assert len(found) == 1
    assert (found[0]["/Width"], found[0]["/Height"]) == (240, 80)


def test_jpeg_logo_is_embedded_as_it_is():
    buffer = BytesIO()
    Image.new("RGB", (120, 60), (200, 30, 30)).save(buffer, "JPEG")

    found = images(render_pdf(invoice(logo=buffer.getvalue())))

    assert len(found) == 1 and found[0]["/Filter"] == ["/DCTDecode"]


def test_huge_logo_is_scaled_down_before_embedding():
    found = images(render_pdf(invoice(logo=png((4000, 1000)))))

    assert max(found[0]["/Width"], found[0]["/Height"]) <= 1400


@pytest.mark.parametrize("broken", [b"not an image", png()[:200], b"GIF89a" + bytes(40)], ids=["junk", "cut", "gif"])
def test_broken_logo_is_left_out_and_the_rest_prints(broken):
    pdf = render_pdf(invoice(logo=broken))

    assert images(pdf) == []
    assert "Invoice 2026-0001" in text(pdf)


def test_fonts_are_embedded():
    pdf = render_pdf(invoice([line("Meeting in 東京")]))

    assert _font_names(pdf) == {"DejaVuSans", "DejaVuSans-Bold", "DroidSansFallback"}
    for font in _fonts(pdf):
        assert "/FontFile2" in font["/FontDescriptor"].get_object()


@pytest.mark.parametrize("mark", ["PAID", "VOID", "CREDIT NOTE", "DRAFT"])
def test_mark_is_stamped_on_every_page(mark):
    pages = pages_text(render_pdf(invoice(long_lines(60), mark=mark)))

    assert len(pages) >= 2
    assert all(mark in page for page in pages)


def test_no_mark_when_the_document_has_none():
    assert "PAID" not in text(render_pdf(invoice()))


def test_credit_note_prints_negative_amounts():
    credited = line("Design", "2", "100.00")
    credited.quantity = -credited.quantity
    credited.reprice()
    shown = text(render_pdf(invoice([credited], title="Credit note", number="CN-2026-0001", mark="CREDIT NOTE")))

    assert "Credit note CN-2026-0001" in shown
    assert "-2 h" in shown and "-200.00 EUR" in shown and "-238.00 EUR" in shown


@pytest.mark.parametrize(("currency", "price", "shown"), [("JPY", "1235", "1,235 JPY"), ("KWD", "1.5", "1.500 KWD")])
def test_currencies_print_with_their_own_decimals(currency, price, shown):
    document = invoice([line("Work", "1", price, Vat.at(Decimal(0)), currency=currency)])

    assert shown in text(render_pdf(document))


def test_empty_invoice_renders_zero_totals():
    shown = text(render_pdf(invoice([])))

    assert "Description" in shown and "0.00 EUR" in shown


def test_long_notes_run_onto_further_pages():
    notes = "\n".join(f"Note line {n}" for n in range(150))

    pages = pages_text(render_pdf(invoice(notes=notes)))

    assert len(pages) >= 3
    assert "Note line 0" in pages[0] and "Note line 149" in pages[-1]


def test_very_long_address_is_printed_in_full_rather_than_failing():
    address = "\n".join(f"Building {n}" for n in range(90))

    shown = text(render_pdf(invoice(buyer=Party("Globex", address))))

    assert "Building 0" in shown and "Building 89" in shown


def test_same_document_gives_the_same_bytes():
    assert render_pdf(invoice()) == render_pdf(invoice())


@pytest.mark.parametrize("value", ["0.01", "1234.50", "-1234.50", "999999999999.99", "0.00", "-0.10", "1000000.00"])
def test_amounts_print_as_format_money_does(value):
    money = parse_amount(value.lstrip("-"), "EUR")
    money = -money if value.startswith("-") else money

    assert amount(money) == format_money(money)


def test_long_description_is_broken_into_lines_that_fit_its_column():
    fonts.register_fonts()
    description = "Migration of the order service to the new event bus, with replay tooling and monitoring " * 3
    room = LINE_WIDTHS[0] - 8

    shown = cell(description, CELL, LINE_WIDTHS[0])

    assert isinstance(shown, str) and shown.count("\n") >= 2
    assert " ".join(shown.split("\n")) == " ".join(description.split())
    assert all(fonts.string_width(part, fonts.REGULAR, TABLE_SIZE) <= room for part in shown.split("\n"))


@pytest.mark.parametrize(
    "words",
    ["東京" * 60, "https://example.com/" + "a" * 200, "Workshop in 東京 with Ελένη and Žofie Müller in Łódź " * 4],
    ids=["cjk", "one-long-word", "mixed"],
)
def test_text_block_lines_fit_the_width_and_keep_every_character(words):
    fonts.register_fonts()
    block = TextBlock(words, CELL_RIGHT)

    _, height = block.wrap(150, 1000)

    lines = block._lines
    assert len(lines) > 1 and height == len(lines) * CELL_RIGHT.leading
    for _, segments in lines:
        assert sum(fonts.string_width(piece, font, CELL_RIGHT.fontSize) for font, piece in segments) <= 150 + 1e-6
    printed = "".join(piece for _, segments in lines for _, piece in segments)
    assert printed.replace(" ", "") == words.replace(" ", "")


def test_text_block_splits_between_lines():
    fonts.register_fonts()
    block = TextBlock("\n".join(f"line {n}" for n in range(10)), CELL)
    block.wrap(200, 1000)

    first, rest = block.split(200, CELL.leading * 4 + 1)

    assert first.wrap(200, 1000)[1] == CELL.leading * 4
    assert rest.wrap(200, 1000)[1] == CELL.leading * 6


def test_fonts_are_found_inside_a_pyinstaller_bundle(monkeypatch, tmp_path):
    monkeypatch.setattr(sys, "_MEIPASS", str(tmp_path), raising=False)

    assert resource("fonts", "DejaVuSans.ttf") == tmp_path / "resources" / "fonts" / "DejaVuSans.ttf"


def test_footer_shortens_a_seller_name_too_long_for_one_line():
    pdf = render_pdf(invoice(seller=Party("Acme " * 60)))

    footer = pages_text(pdf)[0]
    assert "…" in footer and "Page 1 of 1" in footer


def _fonts(pdf: bytes) -> list[DictionaryObject]:
    found = {}
    for page in PdfReader(BytesIO(pdf)).pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            found[str(font["/BaseFont"])] = font
    return list(found.values())


def _font_names(pdf: bytes) -> set[str]:
    """The fonts' PostScript names, without the subset prefix ("ABCDEF+DejaVuSans")."""
    return {str(font["/BaseFont"]).removeprefix("/").split("+")[-1] for font in _fonts(pdf)}
