"""Money: minor units, half-up rounding, allocation, strict parsing and display."""

from __future__ import annotations

from decimal import ROUND_DOWN, ROUND_HALF_UP, Context, Decimal, localcontext
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st
from moneyed import Money

from app.domain import money
from app.domain.duration import Duration
from app.domain.errors import RuleViolation

WIDE = Context(prec=200)


def eur(amount: str) -> Money:
    return Money(amount, "EUR")


def amounts(parts: list[Money]) -> list[str]:
    return [f"{part.amount} {part.currency.code}" for part in parts]


def codes(violation: pytest.ExceptionInfo[RuleViolation]) -> list[str]:
    return [problem.code for problem in violation.value.problems]


@pytest.mark.parametrize(
    ("typed", "code"),
    [("EUR", "EUR"), ("eur ", "EUR"), (" jpy", "JPY"), ("Kwd", "KWD"), ("usd", "USD")],
)
def test_currency_code_is_normalised_to_upper_case_iso(typed, code):
    assert money.currency_code(typed) == code


@pytest.mark.parametrize("typed", ["", "   ", "EURO", "ABC", "€", "E U R"])
def test_currency_code_refuses_what_is_not_a_currency(typed):
    with pytest.raises(RuleViolation) as refused:
        money.currency_code(typed)
    assert codes(refused) == ["unknown_currency"]
    assert refused.value.problems[0].field == "currency"
    assert "ISO 4217" in str(refused.value)


def test_unknown_currency_names_the_field_it_came_from():
    with pytest.raises(RuleViolation) as refused:
        money.currency_code("XYZ1", field="base_currency")
    assert refused.value.problems[0].field == "base_currency"
    assert str(refused.value) == "'XYZ1' is not a currency code; use an ISO 4217 code such as EUR or USD."


@pytest.mark.parametrize(("code", "places"), [("EUR", 2), ("usd", 2), ("JPY", 0), ("KWD", 3), ("CLF", 4)])
def test_decimals_follow_the_currency_minor_unit(code, places):
    assert money.decimals(code) == places


@pytest.mark.parametrize(
    ("amount", "code", "minor"),
    [
        ("1234.50", "EUR", 123450),
        ("1234.5", "EUR", 123450),
        ("1.500", "EUR", 150),
        ("-0.01", "EUR", -1),
        ("0", "EUR", 0),
        ("1500", "JPY", 1500),
        ("1.234", "KWD", 1234),
        ("123456789012345678901234567890.12", "EUR", 12345678901234567890123456789012),
    ],
)
def test_to_minor_counts_exact_minor_units(amount, code, minor):
    assert money.to_minor(Money(amount, code)) == minor


@pytest.mark.parametrize(
    ("amount", "code"),
    [
        ("0.125", "EUR"),
        ("1.5", "JPY"),
        ("1.2345", "KWD"),
        ("0.001", "EUR"),
        ("NaN", "EUR"),
        ("Infinity", "EUR"),
    ],
)
def test_to_minor_refuses_amounts_finer_than_the_currency(amount, code):
    with pytest.raises(ValueError):
        money.to_minor(Money(amount, code))


@pytest.mark.parametrize(
    ("minor", "code", "written"),
    [
        (123450, "EUR", "1234.50"),
        (0, "EUR", "0.00"),
        (-1, "EUR", "-0.01"),
        (5, "JPY", "5"),
        (1500, "KWD", "1.500"),
        (10**40, "EUR", "1" + "0" * 38 + ".00"),
    ],
)
def test_from_minor_writes_the_currency_decimals(minor, code, written):
    built = money.from_minor(minor, code)
    assert str(built.amount) == written
    assert built.currency.code == code


def test_from_minor_normalises_the_currency_code():
    assert money.from_minor(100, "eur") == eur("1.00")


@pytest.mark.parametrize("minor", [1.5, True, Decimal("100"), "100"])
def test_from_minor_accepts_only_integers(minor):
    with pytest.raises(TypeError):
        money.from_minor(minor, "EUR")


@given(minor=st.integers(min_value=-(10**60), max_value=10**60), code=st.sampled_from(["EUR", "JPY", "KWD"]))
def test_minor_units_round_trip_exactly_at_any_size(minor, code):
    assert money.to_minor(money.from_minor(minor, code)) == minor


@pytest.mark.parametrize(
    ("value", "code", "rounded"),
    [
        ("0.125", "EUR", "0.13"),
        ("0.124", "EUR", "0.12"),
        ("0.135", "EUR", "0.14"),
        ("-0.125", "EUR", "-0.13"),
        ("0.005", "EUR", "0.01"),
        ("0.5", "JPY", "1"),
        ("2.5", "JPY", "3"),
        ("2.4999", "JPY", "2"),
        ("1.0005", "KWD", "1.001"),
        ("1.0004", "KWD", "1.000"),
        ("1234567890123456789012345678.905", "EUR", "1234567890123456789012345678.91"),
    ],
)
def test_round_half_up_rounds_ties_away_from_zero(value, code, rounded):
    assert str(money.round_half_up(Decimal(value), code).amount) == rounded


def test_round_half_up_ignores_the_decimal_context():
    with localcontext() as ctx:
        ctx.prec = 3
        ctx.rounding = ROUND_DOWN
        assert str(money.round_half_up(Decimal("123456.785"), "EUR").amount) == "123456.79"


@pytest.mark.parametrize("value", [0.125, True, "0.125"])
def test_round_half_up_refuses_floats_and_strings(value):
    with pytest.raises(TypeError):
        money.round_half_up(value, "EUR")


@given(
    value=st.decimals(allow_nan=False, allow_infinity=False, places=6, min_value=-(10**15), max_value=10**15),
    code=st.sampled_from(["EUR", "JPY", "KWD"]),
)
def test_round_half_up_matches_decimal_quantize_half_up(value, code):
    quantum = Decimal(1).scaleb(-money.decimals(code))
    expected = value.quantize(quantum, rounding=ROUND_HALF_UP, context=WIDE)
    assert money.round_half_up(value, code).amount == expected


@pytest.mark.parametrize(
    ("rate", "duration", "amount"),
    [
        (eur("100.00"), Duration.of(hours=1, minutes=20), "133.33"),
        (eur("90.00"), Duration.of(minutes=10), "15.00"),
        (eur("100.00"), Duration(1), "0.03"),
        (eur("1.00"), Duration(18), "0.01"),
        (eur("1.00"), Duration(17), "0.00"),
        (eur("87.50"), Duration.of(hours=37, minutes=30), "3281.25"),
        (eur("100.00"), Duration.of(hours=-1), "-100.00"),
        (eur("100.00"), Duration.ZERO, "0.00"),
        (Money("10000", "JPY"), Duration.of(hours=1, minutes=20), "13333"),
        (Money("10000", "JPY"), Duration(9), "25"),
        (Money("12.345", "KWD"), Duration.of(minutes=30), "6.173"),
        (eur("0.0001"), Duration.of(hours=50), "0.01"),
    ],
)
def test_hourly_amount_is_rate_times_hours_rounded_half_up_once(rate, duration, amount):
    result = money.hourly_amount(rate, duration)
    assert str(result.amount) == amount
    assert result.currency == rate.currency


def test_hourly_amount_is_exact_beyond_the_decimal_context_precision():
    rate = eur("999999999999.99")
    with localcontext() as ctx:
        ctx.prec = 5
        assert str(money.hourly_amount(rate, Duration.of(hours=100_000)).amount) == "99999999999999000.00"


@pytest.mark.parametrize(
    ("total", "weights", "parts"),
    [
        (eur("100.00"), [1, 1, 1], ["33.34", "33.33", "33.33"]),
        (eur("-100.00"), [1, 1, 1], ["-33.34", "-33.33", "-33.33"]),
        (eur("0.02"), [1, 1, 1], ["0.01", "0.01", "0.00"]),
        (eur("1.00"), [1, 2], ["0.33", "0.67"]),
        (eur("10.00"), [1, 0, 1], ["5.00", "0.00", "5.00"]),
        (eur("1.00"), [Decimal("0.5"), Decimal("0.25"), Decimal("0.25")], ["0.50", "0.25", "0.25"]),
        (eur("1.00"), [Decimal("1.5"), 1], ["0.60", "0.40"]),
        (eur("0.00"), [3, 7], ["0.00", "0.00"]),
        (eur("7.00"), [5], ["7.00"]),
        (Money("100", "JPY"), [1, 1, 1], ["34", "33", "33"]),
        (Money("1.000", "KWD"), [1, 1, 1], ["0.334", "0.333", "0.333"]),
    ],
)
def test_allocate_splits_by_largest_remainder(total, weights, parts):
    allocated = money.allocate(total, weights)
    assert [str(part.amount) for part in allocated] == parts
    assert all(part.currency == total.currency for part in allocated)


@pytest.mark.parametrize(
    ("weights", "error"),
    [
        ([], ValueError),
        ([0, 0], ValueError),
        ([-1, 2], ValueError),
        ([Decimal("NaN"), 1], ValueError),
        ([Decimal("Infinity")], ValueError),
        ([1.5, 1], TypeError),
        ([True, 1], TypeError),
        (["1"], TypeError),
    ],
)
def test_allocate_refuses_weights_that_cannot_split(weights, error):
    with pytest.raises(error):
        money.allocate(eur("10.00"), weights)


def test_allocate_refuses_a_total_finer_than_its_currency():
    with pytest.raises(ValueError):
        money.allocate(eur("0.125"), [1, 1])


weight_lists = st.lists(
    st.one_of(
        st.integers(min_value=0, max_value=10**6),
        st.decimals(min_value=0, max_value=10**6, places=3, allow_nan=False, allow_infinity=False),
    ),
    min_size=1,
    max_size=12,
).filter(lambda weights: sum(weights) > 0)


@given(
    minor=st.integers(min_value=-(10**40), max_value=10**40),
    code=st.sampled_from(["EUR", "JPY", "KWD"]),
    weights=weight_lists,
)
def test_allocated_parts_always_add_up_to_the_total(minor, code, weights):
    total = money.from_minor(minor, code)
    parts = [money.to_minor(part) for part in money.allocate(total, weights)]
    assert sum(parts) == minor
    assert len(parts) == len(weights)
    weight_sum = sum(Fraction(weight) for weight in weights)
    for part, weight in zip(parts, weights, strict=True):
        exact_share = abs(minor) * Fraction(weight) / weight_sum
        assert abs(abs(part) - exact_share) < 1
        assert weight != 0 or part == 0


@given(minor=st.integers(min_value=0, max_value=10**20), weights=weight_lists)
def test_negative_totals_allocate_like_positive_ones(minor, weights):
    positive = money.allocate(money.from_minor(minor, "EUR"), weights)
    negative = money.allocate(money.from_minor(-minor, "EUR"), weights)
    assert negative == [-part for part in positive]


@pytest.mark.parametrize(
    ("text", "code", "amount"),
    [
        ("1234.5", "EUR", "1234.50"),
        ("1234.50", "EUR", "1234.50"),
        ("0", "EUR", "0.00"),
        (" 12 ", "EUR", "12.00"),
        ("0012.3", "eur", "12.30"),
        ("-0", "EUR", "0.00"),
        ("999999999999.99", "EUR", "999999999999.99"),
        ("1500", "JPY", "1500"),
        ("1.234", "KWD", "1.234"),
        ("1.2", "KWD", "1.200"),
    ],
)
def test_parse_amount_accepts_plain_decimals(text, code, amount):
    parsed = money.parse_amount(text, code)
    assert str(parsed.amount) == amount
    assert parsed.currency.code == code.upper()


@pytest.mark.parametrize(
    ("text", "code", "refusals"),
    [
        ("", "EUR", ["invalid_amount"]),
        ("   ", "EUR", ["invalid_amount"]),
        ("abc", "EUR", ["invalid_amount"]),
        ("1e3", "EUR", ["invalid_amount"]),
        ("NaN", "EUR", ["invalid_amount"]),
        ("Infinity", "EUR", ["invalid_amount"]),
        ("1,234.50", "EUR", ["invalid_amount"]),
        ("12.", "EUR", ["invalid_amount"]),
        ("+5", "EUR", ["invalid_amount"]),
        ("١٢", "EUR", ["invalid_amount"]),
        ("-5", "EUR", ["negative_amount"]),
        ("12.345", "EUR", ["too_many_decimals"]),
        ("12.340", "EUR", ["too_many_decimals"]),
        ("1.5", "JPY", ["too_many_decimals"]),
        ("1.2345", "KWD", ["too_many_decimals"]),
        ("1000000000000", "EUR", ["amount_too_large"]),
        ("9" * 5000, "EUR", ["amount_too_large"]),
        ("-12.345", "EUR", ["negative_amount", "too_many_decimals"]),
        ("1000000000000.001", "EUR", ["too_many_decimals", "amount_too_large"]),
    ],
)
def test_parse_amount_refuses_with_every_reason(text, code, refusals):
    with pytest.raises(RuleViolation) as refused:
        money.parse_amount(text, code, field="rate")
    assert codes(refused) == refusals
    assert all(problem.field == "rate" for problem in refused.value.problems)


@pytest.mark.parametrize(
    ("text", "code", "message"),
    [
        ("12.345", "EUR", "EUR amounts have at most 2 decimals; '12.345' has 3."),
        ("1.5", "JPY", "JPY amounts have no decimals; '1.5' has 1."),
        ("1.2345", "KWD", "KWD amounts have at most 3 decimals; '1.2345' has 4."),
        ("-5", "EUR", "'-5' is negative; an amount must be zero or more."),
        ("abc", "EUR", "'abc' is not an amount; use digits and a decimal point, such as 1234.50."),
        ("", "EUR", "No amount was entered; use digits and a decimal point, such as 1234.50."),
        ("1000000000000", "JPY", "'1000000000000' is too large; amounts go up to 999,999,999,999 JPY."),
    ],
)
def test_parse_amount_explains_the_refusal(text, code, message):
    with pytest.raises(RuleViolation) as refused:
        money.parse_amount(text, code)
    assert str(refused.value) == message
    assert refused.value.problems[0].field == "amount"


def test_parse_amount_refuses_an_unknown_currency():
    with pytest.raises(RuleViolation) as refused:
        money.parse_amount("10", "EURO")
    assert codes(refused) == ["unknown_currency"]


@pytest.mark.parametrize(
    ("amount", "code", "shown"),
    [
        ("1234.5", "EUR", "1,234.50 EUR"),
        ("0", "EUR", "0.00 EUR"),
        ("-1234.5", "EUR", "-1,234.50 EUR"),
        ("1234567", "JPY", "1,234,567 JPY"),
        ("1.5", "KWD", "1.500 KWD"),
        ("999999999999.99", "EUR", "999,999,999,999.99 EUR"),
        ("123456789012345678901234567890.12", "EUR", "123,456,789,012,345,678,901,234,567,890.12 EUR"),
    ],
)
def test_format_money_groups_thousands_and_shows_the_currency_decimals(amount, code, shown):
    assert money.format_money(Money(amount, code)) == shown


@pytest.mark.parametrize(
    ("amount", "code", "json"),
    [
        ("1234.5", "EUR", {"amount": "1234.50", "currency": "EUR"}),
        ("-0.1", "EUR", {"amount": "-0.10", "currency": "EUR"}),
        ("1500", "JPY", {"amount": "1500", "currency": "JPY"}),
        ("1.5", "KWD", {"amount": "1.500", "currency": "KWD"}),
        ("1E+3", "EUR", {"amount": "1000.00", "currency": "EUR"}),
    ],
)
def test_money_json_writes_the_amount_as_a_string_with_currency_decimals(amount, code, json):
    assert money.money_json(Money(amount, code)) == json


@pytest.mark.parametrize("render", [money.format_money, money.money_json])
def test_rendering_refuses_amounts_finer_than_the_currency(render):
    with pytest.raises(ValueError):
        render(Money("1.5", "JPY"))
