"""Document totals the EN 16931 way: line nets rounded alone, tax per VAT group, discounts split exactly."""

from __future__ import annotations

import uuid
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.domain.document_lines import new_line
from app.domain.document_totals import Discount, clean_discount, compute_totals
from app.domain.errors import RuleViolation
from app.domain.money import from_minor
from app.domain.tax import Vat, VatCategory

ORG, DOC = uuid.uuid4(), uuid.uuid4()


def line(price: str, rate: str = "19", quantity: str = "1", currency: str = "EUR", vat: Vat | None = None):
    return new_line(
        org_id=ORG,
        document_id=DOC,
        position=0,
        currency=currency,
        description="Work",
        quantity=quantity,
        unit_price=price,
        vat=vat or Vat.at(Decimal(rate)),
    )


def amounts(totals):
    return tuple(f"{m.amount:f}" for m in (totals.net, totals.tax, totals.total))


def test_two_rates_are_taxed_per_category_then_summed():
    totals = compute_totals([line("33.33", "19"), line("33.33", "7")], "EUR")
    assert amounts(totals) == ("66.66", "8.66", "75.32")
    assert [f"{row.tax.amount:f}" for row in totals.breakdown] == ["6.33", "2.33"]


def test_tax_is_rounded_once_per_category_not_per_line():
    totals = compute_totals([line("33.33"), line("33.33"), line("33.33")], "EUR")
    assert amounts(totals) == ("99.99", "19.00", "118.99")  # per line it would be 3 x 6.33 = 18.99
    assert len(totals.breakdown) == 1


def test_a_percentage_discount_is_split_over_categories_before_tax():
    totals = compute_totals([line("1000.00", "8"), line("500.00", "0")], "EUR", Discount(percent=Decimal(5)))
    assert f"{totals.discount.amount:f}" == "75.00"
    assert [f"{row.discount.amount:f}" for row in totals.breakdown] == ["50.00", "25.00"]
    assert f"{totals.tax.amount:f}" == "76.00"
    assert f"{totals.total.amount:f}" == "1501.00"
    assert totals.breakdown[1].vat.category is VatCategory.ZERO_RATED


def test_an_amount_discount_is_split_with_largest_remainders_so_parts_add_up():
    totals = compute_totals(
        [line("10.00", "19"), line("10.00", "7"), line("10.00", "0")], "EUR", Discount(amount=from_minor(100, "EUR"))
    )
    shares = [row.discount for row in totals.breakdown]
    assert sum(s.amount for s in shares) == Decimal("1.00")
    assert sorted(f"{s.amount:f}" for s in shares) == ["0.33", "0.33", "0.34"]


def test_a_discount_above_the_net_is_refused():
    with pytest.raises(RuleViolation) as refused:
        compute_totals([line("10.00")], "EUR", Discount(amount=from_minor(1001, "EUR")))
    assert refused.value.code == "discount_too_large"


@pytest.mark.parametrize(
    ("currency", "price", "expected"),
    [("JPY", "1000", ("3000", "570", "3570")), ("KWD", "10.125", ("30.375", "5.771", "36.146"))],
)
def test_zero_and_three_decimal_currencies_round_to_their_own_minor_unit(currency, price, expected):
    totals = compute_totals([line(price, "19", quantity="3", currency=currency)], currency)
    assert amounts(totals) == expected


def test_exempt_and_reverse_charge_lines_keep_their_reason_and_pay_no_tax():
    exempt = Vat(VatCategory.EXEMPT, Decimal(0), "Exempt under §4 UStG")
    reverse = Vat(VatCategory.REVERSE_CHARGE, Decimal(0), "Reverse charge, Art. 196 VAT Directive")
    totals = compute_totals([line("100.00", vat=exempt), line("50.00", vat=reverse), line("10.00")], "EUR")
    assert [row.vat.reason for row in totals.breakdown] == [exempt.reason, reverse.reason, ""]
    assert amounts(totals) == ("160.00", "1.90", "161.90")


def test_an_empty_document_is_all_zeros_even_with_a_discount():
    totals = compute_totals([], "EUR", Discount(percent=Decimal(10)))
    assert amounts(totals) == ("0.00", "0.00", "0.00")


def test_a_credit_note_is_the_exact_mirror_of_its_invoice():
    lines = [line("33.33", "19"), line("33.33", "7"), line("0.05", "19", quantity="3")]
    mirrored = [line(f"{x.unit_price.amount:f}", f"{x.vat_rate:f}", quantity=f"{x.quantity:f}") for x in lines]
    for mirror in mirrored:
        mirror.quantity, mirror.net = -mirror.quantity, -mirror.net
    discount = Discount(percent=Decimal("3.5"))
    invoice, credit = compute_totals(lines, "EUR", discount), compute_totals(mirrored, "EUR", discount)
    assert (credit.net, credit.tax, credit.total, credit.discount) == (
        -invoice.net,
        -invoice.tax,
        -invoice.total,
        -invoice.discount,
    )


@given(
    cents=st.lists(st.integers(min_value=1, max_value=10**9), min_size=1, max_size=8),
    rates=st.lists(st.sampled_from(["0", "7", "19", "20", "5.5"]), min_size=8, max_size=8),
    percent=st.integers(min_value=0, max_value=10_000),
)
def test_totals_always_add_up(cents, rates, percent):
    lines = [line(f"{c / 100:.2f}", rate) for c, rate in zip(cents, rates, strict=False)]
    totals = compute_totals(lines, "EUR", Discount(percent=Decimal(percent) / 100))
    assert totals.lines_net == sum((x.net for x in lines), from_minor(0, "EUR"))
    assert sum(row.discount.amount for row in totals.breakdown) == totals.discount.amount
    assert totals.tax.amount == sum(row.tax.amount for row in totals.breakdown)
    assert totals.total == totals.net + totals.tax


@pytest.mark.parametrize(
    ("given", "code"),
    [
        (dict(percent="0"), "not_positive"),
        (dict(percent="101"), "invalid_percent"),
        (dict(percent="abc"), "invalid_percent"),
        (dict(amount="-5"), "negative_amount"),
        (dict(amount="1.234"), "too_many_decimals"),
        (dict(), "discount_choice"),
        (dict(percent="5", amount="5"), "discount_choice"),
    ],
)
def test_discounts_as_typed_are_checked(given, code):
    with pytest.raises(RuleViolation) as refused:
        clean_discount(currency="EUR", **given)
    assert refused.value.code == code


def test_lines_in_another_currency_are_a_programming_error():
    with pytest.raises(ValueError):
        compute_totals([line("1.00", currency="USD")], "EUR")
