"""Document lines and their VAT: what a person may type, and how a line's net is rounded."""

from __future__ import annotations

import uuid
from decimal import Decimal

import pytest

from app.domain.document_lines import hours, line_net, new_line, parse_quantity
from app.domain.errors import RuleViolation
from app.domain.money import from_minor
from app.domain.tax import Vat, VatCategory, clean_vat, parse_percent


def make(**overrides):
    fields = dict(
        org_id=uuid.uuid4(),
        document_id=uuid.uuid4(),
        position=0,
        currency="EUR",
        description="Workshop",
        quantity="1",
        unit_price="100",
        vat=Vat.at(Decimal(19)),
    )
    return new_line(**{**fields, **overrides})


def test_line_net_is_quantity_times_price_rounded_half_up_once():
    assert line_net(Decimal("0.3333"), from_minor(1000, "EUR")).amount == Decimal("3.33")
    assert line_net(Decimal("1.5"), from_minor(1, "EUR")).amount == Decimal("0.02")  # 0.015 -> 0.02
    assert line_net(Decimal("-1.5"), from_minor(1, "EUR")).amount == Decimal("-0.02")  # ties away from zero


@pytest.mark.parametrize(("seconds", "expected"), [(5400, "1.5"), (3600, "1"), (600, "0.1667"), (1, "0.0003")])
def test_hours_are_seconds_over_3600_with_four_decimals(seconds, expected):
    assert hours(seconds) == Decimal(expected)


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("", "invalid_quantity"),
        ("abc", "invalid_quantity"),
        ("1e9", "invalid_quantity"),
        ("0", "not_positive"),
        ("-1", "not_positive"),
        ("1.23456", "too_many_decimals"),
        ("1000000000", "quantity_too_large"),
    ],
)
def test_bad_quantities_are_refused_with_a_reason(text, code):
    with pytest.raises(RuleViolation) as refused:
        parse_quantity(text)
    assert code in {p.code for p in refused.value.problems}


def test_a_new_line_reports_every_problem_at_once():
    with pytest.raises(RuleViolation) as refused:
        make(description="  ", quantity="0", unit_price="1.005")
    assert {p.field for p in refused.value.problems} == {"description", "quantity", "unit_price"}


def test_a_line_in_the_wrong_currency_is_refused():
    with pytest.raises(RuleViolation) as refused:
        make(unit_price=from_minor(100, "USD"))
    assert refused.value.code == "wrong_currency"


def test_markup_and_unicode_in_descriptions_are_kept_as_typed():
    made = make(description="<b>Łódź</b> & 東京 '; DROP TABLE invoices; --")
    assert made.description == "<b>Łódź</b> & 東京 '; DROP TABLE invoices; --"
    assert made.net.amount == Decimal("100.00")


def test_a_line_worth_more_than_money_can_hold_is_refused():
    with pytest.raises(RuleViolation) as refused:
        make(quantity="999999999", unit_price="999999999")
    assert refused.value.code == "amount_too_large"


@pytest.mark.parametrize(("text", "value"), [("19", "19"), ("7.5", "7.5"), ("7.50 %", "7.5"), ("10", "10"), ("0", "0")])
def test_percentages_read_as_typed(text, value):
    assert parse_percent(text, "tax_rate") == Decimal(value)
    assert str(parse_percent(text, "tax_rate")) == value


def test_vat_from_a_rate_exemption_or_reverse_charge():
    assert clean_vat(default_rate=Decimal(19)) == Vat(VatCategory.STANDARD, Decimal(19))
    assert clean_vat(rate="0") == Vat(VatCategory.ZERO_RATED, Decimal(0))
    assert clean_vat(exempt="Medical services") == Vat(VatCategory.EXEMPT, Decimal(0), "Medical services")
    assert clean_vat(reverse_charge="Art. 196").category is VatCategory.REVERSE_CHARGE
    with pytest.raises(RuleViolation) as refused:
        clean_vat(rate="19", exempt="why")
    assert refused.value.code == "conflicting_tax"
    with pytest.raises(RuleViolation) as refused:
        clean_vat(exempt="  ")
    assert refused.value.problems[0].field == "tax_reason"
