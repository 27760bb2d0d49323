"""Invoice templates as values: every setting through JSON and back, every problem found at once, placeholders."""

from __future__ import annotations

import base64
import json
from datetime import date
from decimal import Decimal
from io import BytesIO

import pytest
from PIL import Image

from app.domain.document_language import WORDS, Labels
from app.domain.errors import RuleViolation
from app.domain.invoice_template import (
    MAX_CUSTOM_FIELDS,
    Column,
    CustomField,
    InvoiceTemplate,
    Margins,
    TemplateLogo,
    logo_kind,
)
from app.domain.payment_terms import PaymentTerms
from app.domain.placeholders import PLACEHOLDERS, fill, names_in
from app.shipped_templates import shipped_templates

SVG = (
    b'<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg" width="120" height="40">'
    b'<rect width="120" height="40" fill="#0E7C86"/></svg>'
)


def png() -> bytes:
    buffer = BytesIO()
    Image.new("RGB", (60, 20), (38, 74, 120)).save(buffer, "PNG")
    return buffer.getvalue()


def everything_changed() -> InvoiceTemplate:
    return InvoiceTemplate(
        name="Für Deutschland",
        style="modern",
        page_size="Letter",
        margins=Margins(top=12.5, right=20, bottom=30, left=15),
        logo=TemplateLogo(png(), width=40, height=15.5, position="right"),
        accent="#0E7C86",
        text_colour="#101010",
        font="DejaVu Serif",
        header="{org.name} · {org.address}",
        footer=("{org.name}\n{org.address}", "USt-IdNr. {org.tax_id}", "Seite {page.number}/{page.count}"),
        columns=(Column("position"), Column("description", "Leistung"), Column("net", "Betrag")),
        language="de",
        locale="de_DE",
        date_style="long",
        amount_style="symbol",
        custom_fields=(CustomField("Bestellnummer", "{invoice.purchase_order}"), CustomField("Projekt", "Relaunch")),
        payment_instructions="Bitte überweisen Sie {invoice.total} bis {invoice.due_date}.",
        bank_details="IBAN {org.iban}\nBIC {org.bic}",
    )


def fields(violation: RuleViolation) -> set[str | None]:
    return {problem.field for problem in violation.problems}


def test_the_default_and_the_shipped_templates_have_no_problems():
    assert InvoiceTemplate().check() == []
    shipped = shipped_templates()
    assert [template.check() for template in shipped] == [[], []]
    assert {template.style for template in shipped} == {"classic", "modern"}


def test_every_setting_survives_a_json_round_trip():
    template = everything_changed()

    assert template.check() == []
    assert InvoiceTemplate.from_json(template.to_json()) == template


@pytest.mark.parametrize("image", [png(), SVG], ids=["png", "svg"])
def test_the_logo_travels_inside_the_file_as_a_data_uri(image):
    text = InvoiceTemplate(logo=TemplateLogo(image)).to_json()

    uri = json.loads(text)["logo"]["image"]
    kind = "png" if image.startswith(b"\x89PNG") else "svg+xml"
    assert uri.startswith(f"data:image/{kind};base64,")
    assert base64.b64decode(uri.split(",", 1)[1]) == image
    assert InvoiceTemplate.from_json(text).logo.image == image


def test_a_short_hand_written_file_takes_the_classic_values_for_the_rest():
    template = InvoiceTemplate.from_json(
        '{"format": "timeledger-invoice-template", "name": "Mine", "language": "fr", "locale": "fr_FR"}'
    )

    assert template == InvoiceTemplate(name="Mine", language="fr", locale="fr_FR")


def test_an_unknown_placeholder_is_a_problem_that_suggests_the_right_one():
    problems = InvoiceTemplate(header="Invoice for {client.nmae}").check()

    assert [(p.code, p.field) for p in problems] == [("unknown_placeholder", "header")]
    assert problems[0].message == (
        "The header names {client.nmae}, which is not a placeholder; did you mean {client.name}?"
    )


def test_a_stray_brace_is_a_problem_and_double_braces_write_a_brace():
    problems = InvoiceTemplate(payment_instructions="Pay {invoice.total by {invoice.due_date}").check()

    assert [(p.code, p.field) for p in problems] == [("bad_braces", "payment_instructions")]
    assert problems[0].message.startswith("The text of the payment instructions has a brace that opens or closes")
    assert [p.code for p in InvoiceTemplate(header="50 } off").check()] == ["bad_braces"]
    assert InvoiceTemplate(header="{{literal}} {org.name}").check() == []
    assert fill("{{literal}} {org.name}", {"org.name": "Acme"}) == "{literal} Acme"


def test_page_numbers_can_only_be_placed_in_the_footer():
    template = InvoiceTemplate(header="Page {page.number}", footer=("{page.number} of {page.count}", "", ""))

    problems = template.check()

    assert [(p.field, p.code) for p in problems] == [("header", "unknown_placeholder")]
    assert "page numbers can only be placed in the footer" in problems[0].message


def test_custom_fields_are_checked_like_every_other_text():
    template = InvoiceTemplate(custom_fields=(CustomField("", "{invoice.purchase_ordr}"),))

    assert {(p.field, p.code) for p in template.check()} == {
        ("custom_fields[0].label", "bad_label"),
        ("custom_fields[0].value", "unknown_placeholder"),
    }


def test_every_problem_is_reported_at_once():
    template = InvoiceTemplate(
        name=" ",
        style="baroque",
        page_size="A5",
        margins=Margins(top=2, right=18, bottom=90, left=18),
        logo=TemplateLogo(b"GIF89a....", width=500, height=22, position="top"),
        accent="navy",
        text_colour="#12345",
        font="Comic Sans",
        columns=(Column("quantity"), Column("quantity"), Column("colour")),
        language="tlh",
        locale="xx_YY",
        date_style="roman",
        amount_style="words",
        custom_fields=tuple(CustomField(f"Field {n}", "x") for n in range(MAX_CUSTOM_FIELDS + 1)),
        footer=("{org.nam}", "", ""),
    )

    with pytest.raises(RuleViolation) as refused:
        template.validated()

    assert fields(refused.value) == {
        "name",
        "style",
        "page_size",
        "margins.top",
        "margins.bottom",
        "logo.position",
        "logo.width",
        "logo.image",
        "accent",
        "text_colour",
        "font",
        "language",
        "locale",
        "date_style",
        "amount_style",
        "footer.left",
        "columns[2].key",
        "columns",
        "custom_fields",
    }
    codes = {p.code for p in refused.value.problems}
    assert {"duplicate_column", "missing_column", "too_many_fields", "logo_format", "unknown_placeholder"} <= codes


def test_a_logo_larger_than_a_megabyte_is_refused():
    problems = InvoiceTemplate(logo=TemplateLogo(png() + bytes(1024 * 1024))).check()

    assert [p.code for p in problems] == ["logo_too_large"]


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("not json at all", "it is not JSON (line 1"),
        ('{"name": "x"}', "not a Timeledger invoice template"),
        ("[1, 2]", "not a Timeledger invoice template"),
    ],
)
def test_a_file_that_is_no_template_is_refused_with_a_sentence(text, problem):
    with pytest.raises(RuleViolation) as refused:
        InvoiceTemplate.from_json(text)

    assert problem in str(refused.value)


def test_a_file_with_wrong_values_has_every_one_of_them_reported():
    text = json.dumps(
        {
            "format": "timeledger-invoice-template",
            "version": 1,
            "name": 7,
            "page": {"size": "A4", "margins_mm": {"top": "wide"}},
            "logo": {"image": "data:image/png;base64,!!!"},
            "colours": "blue",
            "columns": {"description": ""},
            "custom_fields": ["PO"],
            "footer": {"left": "{org.name}", "middle": ""},
            "watermark": "DRAFT",
            "header": "{client.nam}",
        }
    )

    with pytest.raises(RuleViolation) as refused:
        InvoiceTemplate.from_json(text)

    assert fields(refused.value) == {
        "name",
        "page.margins_mm.top",
        "logo.image",
        "colours",
        "columns",
        "custom_fields[0]",
        "footer.middle",
        "watermark",
        "header",
    }


def test_a_template_from_a_newer_version_is_refused():
    with pytest.raises(RuleViolation) as refused:
        InvoiceTemplate.from_json('{"format": "timeledger-invoice-template", "version": 99}')

    assert "newer version of Timeledger" in str(refused.value)


def test_fill_leaves_out_unknown_names_and_lines_whose_placeholders_are_all_empty():
    values = {"org.name": "Acme", "org.iban": "", "org.bic": "COBADEFFXXX"}

    filled = fill("{org.name} {org.nmae}\nIBAN {org.iban}\nBIC {org.bic}\nThank you", values)

    assert filled == "Acme \nBIC COBADEFFXXX\nThank you"


def test_every_placeholder_of_the_templates_is_one_that_exists():
    for template in [InvoiceTemplate(), *shipped_templates()]:
        texts = [template.header, *template.footer, template.payment_instructions, template.bank_details]
        texts += [custom.value for custom in template.custom_fields]
        assert set().union(*(names_in(text) for text in texts)) <= {*PLACEHOLDERS, "page.number", "page.count"}


def test_every_language_has_every_word():
    english = set(WORDS["en"])

    for language, words in WORDS.items():
        assert set(words) == english, language
        assert all(words[key].count("{") == WORDS["en"][key].count("{") for key in english), language


@pytest.mark.parametrize(
    ("language", "terms", "sentence"),
    [
        ("en", "net:30", "Payable within 30 days (by 2026-12-20)."),
        ("de", "net:30", "Zahlbar innerhalb von 30 Tagen (bis 2026-12-20)."),
        ("fr", "eom:15", "Payable à 15 jours fin de mois (au plus tard le 2026-12-15)."),
        (
            "de",
            "early:2:10:30",
            "2 % Skonto bei Zahlung bis 2026-11-30; sonst zahlbar innerhalb von 30 Tagen (bis 2026-12-20).",
        ),
        ("nl", "receipt", "Te betalen bij ontvangst."),
    ],
)
def test_payment_terms_are_written_in_the_document_language(language, terms, sentence):
    labels = Labels(language)

    written = labels.terms(PaymentTerms.parse(terms), date(2026, 11, 20), date.isoformat, lambda d: f"{d:f}")

    assert written == sentence


def test_english_payment_terms_read_as_the_payment_terms_describe_them():
    for text in ("net:30", "eom", "eom:10", "receipt", "deposit:30", "early:2:10:30"):
        terms = PaymentTerms.parse(text)
        assert Labels("en").terms(terms, date(2026, 11, 20), date.isoformat, lambda d: f"{d:f}") == terms.describe(
            date(2026, 11, 20)
        )


def test_titles_and_marks_are_translated_and_other_text_is_not():
    labels = Labels("fr")

    assert labels.known("Credit note") == "Avoir"
    assert labels.known("PAID") == "PAYÉE"
    assert labels.known("Globex") == "Globex"
    assert Labels("xx").known("Invoice") == "Invoice"  # an unknown language falls back to English


@pytest.mark.parametrize(
    ("data", "kind"),
    [
        (png(), "png"),
        (b"\xff\xd8\xff\xe0rest", "jpeg"),
        (SVG, "svg"),
        (b"\xef\xbb\xbf<!-- logo --><svg xmlns='http://www.w3.org/2000/svg'/>", "svg"),
        (b"<html><svg/></html>", None),
        (b"GIF89a", None),
    ],
)
def test_a_logo_is_recognised_by_its_first_bytes(data, kind):
    assert logo_kind(data) == kind


def test_decimal_margins_and_sizes_survive_the_round_trip_exactly():
    template = InvoiceTemplate(margins=Margins(top=float(Decimal("12.3")), right=18, bottom=22, left=18))

    assert InvoiceTemplate.from_json(template.to_json()).margins.top == 12.3
