"""Duration: whole seconds, typed forms, display, billing rounding and days."""

from __future__ import annotations

from decimal import ROUND_DOWN, Decimal, localcontext

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.domain.duration import DEFAULT_PRODUCTIVE_DAY, Duration, RoundingMode, divide_half_up
from app.domain.errors import RuleViolation

UP, DOWN, NEAREST = RoundingMode.UP, RoundingMode.DOWN, RoundingMode.NEAREST
QUARTER = Duration.of(minutes=15)


def hm(hours: int, minutes: int = 0, seconds: int = 0) -> Duration:
    return Duration.of(hours, minutes, seconds)


@pytest.mark.parametrize("seconds", [True, 1.5, 60.0, Decimal("60"), "60", None])
def test_duration_holds_only_integer_seconds(seconds):
    with pytest.raises(TypeError):
        Duration(seconds)


@pytest.mark.parametrize(
    ("numerator", "denominator", "quotient"),
    [(5, 2, 3), (7, 2, 4), (-5, 2, -3), (4, 3, 1), (-4, 3, -1), (0, 7, 0), (10**40 + 1, 2, 5 * 10**39 + 1)],
)
def test_divide_half_up_rounds_ties_away_from_zero(numerator, denominator, quotient):
    assert divide_half_up(numerator, denominator) == quotient


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1:30", hm(1, 30)),
        ("0:05", hm(0, 5)),
        ("1:30:15", hm(1, 30, 15)),
        ("37:30", hm(37, 30)),
        (" 1 : 30 ", hm(1, 30)),
        ("1.5", hm(1, 30)),
        ("1,5", hm(1, 30)),
        (".25", hm(0, 15)),
        ("2", hm(2)),
        ("1.333", Duration(4799)),
        ("1.5h", hm(1, 30)),
        ("2h", hm(2)),
        ("2H", hm(2)),
        ("1 h", hm(1)),
        ("3 hours", hm(3)),
        ("90m", hm(1, 30)),
        ("90 min", hm(1, 30)),
        ("600m", hm(10)),
        ("1h30m", hm(1, 30)),
        ("1H30M", hm(1, 30)),
        ("1h 30m", hm(1, 30)),
        ("1h30", hm(1, 30)),
        ("0", Duration.ZERO),
        ("0:00", Duration.ZERO),
        ("0m", Duration.ZERO),
        ("100000", hm(100_000)),
    ],
)
def test_parse_reads_what_consultants_type(text, expected):
    assert Duration.parse(text) == expected


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("", "invalid_duration"),
        ("  ", "invalid_duration"),
        ("abc", "invalid_duration"),
        ("h", "invalid_duration"),
        ("m", "invalid_duration"),
        ("1:75", "invalid_duration"),
        ("1:60", "invalid_duration"),
        ("1h60m", "invalid_duration"),
        ("1:30:60", "invalid_duration"),
        ("1:5", "invalid_duration"),
        (":30", "invalid_duration"),
        ("1.5.5", "invalid_duration"),
        ("1e3", "invalid_duration"),
        ("NaN", "invalid_duration"),
        ("1h75m", "invalid_duration"),
        ("1.5h30m", "invalid_duration"),
        ("--1", "invalid_duration"),
        ("١:٣٠", "invalid_duration"),
        ("1" * 60, "invalid_duration"),
        ("-1", "negative_duration"),
        ("-0:30", "negative_duration"),
        ("- 90m", "negative_duration"),
        ("100001", "duration_too_long"),
        ("100000:00:01", "duration_too_long"),
        ("6000001m", "duration_too_long"),
    ],
)
def test_parse_refuses_what_is_not_a_duration(text, code):
    with pytest.raises(RuleViolation) as refused:
        Duration.parse(text)
    assert refused.value.code == code
    assert refused.value.problems[0].field == "duration"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("1:75", "'1:75' is not a duration; use 1:30, 1.5, 90m or 1h30m."),
        (" abc ", "'abc' is not a duration; use 1:30, 1.5, 90m or 1h30m."),
        ("", "No duration was entered; use 1:30, 1.5, 90m or 1h30m."),
        ("-1", "'-1' is negative; a duration must be zero or more."),
        ("100001h", "'100001h' is too long; a duration can be at most 100,000 hours."),
    ],
)
def test_parse_explains_the_refusal(text, message):
    with pytest.raises(RuleViolation) as refused:
        Duration.parse(text)
    assert str(refused.value) == message


def test_parse_refusal_names_the_field_it_came_from():
    with pytest.raises(RuleViolation) as refused:
        Duration.parse("soon", field="budget_hours")
    assert refused.value.problems[0].field == "budget_hours"


@pytest.mark.parametrize(
    ("hours", "seconds"),
    [
        (1, 3600),
        ("1.5", 5400),
        (" 2.25 ", 8100),
        (Decimal("1.333"), 4799),
        (Decimal("0.00125"), 5),
        (Decimal("0.00124"), 4),
        (Decimal("-0.00125"), -5),
        (Decimal("1E+3"), 3_600_000),
        (Decimal("123456789012345678901234567890.5"), 123456789012345678901234567890 * 3600 + 1800),
    ],
)
def test_from_hours_rounds_half_up_to_the_second(hours, seconds):
    assert Duration.from_hours(hours).seconds == seconds


def test_from_hours_ignores_the_decimal_context():
    with localcontext() as ctx:
        ctx.prec = 2
        ctx.rounding = ROUND_DOWN
        assert Duration.from_hours(Decimal("1.333")).seconds == 4799


@pytest.mark.parametrize("hours", [1.5, True])
def test_from_hours_refuses_floats(hours):
    with pytest.raises(TypeError):
        Duration.from_hours(hours)


@pytest.mark.parametrize("hours", [Decimal("NaN"), Decimal("Infinity")])
def test_from_hours_refuses_what_is_not_finite(hours):
    with pytest.raises(ValueError):
        Duration.from_hours(hours)


@pytest.mark.parametrize(
    ("duration", "shown"),
    [
        (Duration.ZERO, "0:00"),
        (hm(1, 30), "1:30"),
        (hm(37, 30), "37:30"),
        (hm(100_000), "100000:00"),
        (Duration(29), "0:00"),
        (Duration(30), "0:01"),
        (Duration(89), "0:01"),
        (Duration(90), "0:02"),
        (hm(0, 59, 30), "1:00"),
        (hm(1, 29, 29), "1:29"),
        (-hm(1, 30), "-1:30"),
        (Duration(-20), "0:00"),
        (Duration(-30), "-0:01"),
    ],
)
def test_format_hm_shows_hours_and_minutes_rounded_half_up(duration, shown):
    assert duration.format_hm() == shown
    assert str(duration) == shown


@pytest.mark.parametrize(
    ("duration", "places", "shown"),
    [
        (hm(1, 30), 2, "1.50"),
        (hm(1, 20), 2, "1.33"),
        (hm(0, 40), 2, "0.67"),
        (Duration(18), 2, "0.01"),
        (Duration(17), 2, "0.00"),
        (Duration(18), 3, "0.005"),
        (hm(1, 30), 0, "2"),
        (hm(2, 30), 0, "3"),
        (-hm(1, 20), 2, "-1.33"),
        (Duration.ZERO, 2, "0.00"),
    ],
)
def test_format_decimal_shows_hours_rounded_half_up(duration, places, shown):
    assert duration.format_decimal(places) == shown


@pytest.mark.parametrize(
    ("duration", "hours"),
    [(hm(1, 30), Decimal("1.5")), (hm(0, 1), Decimal("0.016667")), (Duration(1), Decimal("0.000278"))],
)
def test_hours_are_decimal_to_six_places(duration, hours):
    assert duration.hours == hours


@pytest.mark.parametrize(
    ("duration", "mode", "rounded"),
    [
        (hm(0, 7), UP, hm(0, 15)),
        (hm(0, 7), DOWN, Duration.ZERO),
        (hm(0, 7), NEAREST, Duration.ZERO),
        (hm(0, 7, 30), NEAREST, hm(0, 15)),
        (hm(0, 7, 29), NEAREST, Duration.ZERO),
        (Duration(1), UP, hm(0, 15)),
        (hm(1, 15), UP, hm(1, 15)),
        (hm(1, 15), DOWN, hm(1, 15)),
        (hm(1, 15), NEAREST, hm(1, 15)),
        (hm(1, 16), DOWN, hm(1, 15)),
        (hm(1, 23), NEAREST, hm(1, 30)),
        (Duration.ZERO, UP, Duration.ZERO),
        (-hm(0, 7, 30), NEAREST, -hm(0, 15)),
        (-Duration(1), UP, -hm(0, 15)),
        (-hm(0, 14), DOWN, Duration.ZERO),
        (hm(0, 7), "up", hm(0, 15)),
    ],
)
def test_round_to_meets_the_billing_increment(duration, mode, rounded):
    assert duration.round_to(QUARTER, mode) == rounded


@pytest.mark.parametrize("mode", list(RoundingMode))
def test_round_to_a_zero_increment_keeps_the_duration(mode):
    assert hm(0, 7, 13).round_to(Duration.ZERO, mode) == hm(0, 7, 13)


def test_round_to_refuses_a_negative_increment():
    with pytest.raises(ValueError):
        hm(1).round_to(-QUARTER, UP)


@given(
    seconds=st.integers(min_value=-(10**9), max_value=10**9),
    increment=st.integers(min_value=1, max_value=86_400),
    mode=st.sampled_from(list(RoundingMode)),
)
def test_rounded_durations_are_multiples_within_one_increment(seconds, increment, mode):
    rounded = Duration(seconds).round_to(Duration(increment), mode).seconds
    assert rounded % increment == 0
    assert abs(rounded - seconds) < increment
    if mode is UP:
        assert abs(rounded) >= abs(seconds)
    if mode is DOWN:
        assert abs(rounded) <= abs(seconds)
    if mode is NEAREST:
        assert 2 * abs(rounded - seconds) <= increment


@pytest.mark.parametrize(
    ("duration", "day", "places", "days"),
    [
        (hm(6), None, 2, Decimal("1.00")),
        (hm(9), None, 2, Decimal("1.50")),
        (hm(1), None, 2, Decimal("0.17")),
        (hm(1), None, 3, Decimal("0.167")),
        (hm(4), hm(8), 2, Decimal("0.50")),
        (hm(0, 3), hm(8), 2, Decimal("0.01")),
        (hm(12), hm(8), 0, Decimal("2")),
        (-hm(9), None, 2, Decimal("-1.50")),
    ],
)
def test_to_days_counts_productive_days(duration, day, places, days):
    assert duration.to_days(day, places) == days


@pytest.mark.parametrize(
    ("days", "day", "duration"),
    [
        (1, None, hm(6)),
        ("1.5", None, hm(9)),
        (Decimal("0.1"), hm(8), hm(0, 48)),
        (Decimal("0.5"), hm(7, 30), hm(3, 45)),
        (0, hm(8), Duration.ZERO),
    ],
)
def test_from_days_uses_the_productive_day(days, day, duration):
    assert Duration.from_days(days, day) == duration


def test_the_default_productive_day_is_six_hours():
    assert hm(6) == DEFAULT_PRODUCTIVE_DAY


@pytest.mark.parametrize("day", [Duration.ZERO, -hm(6)])
def test_days_need_a_productive_day_longer_than_zero(day):
    with pytest.raises(ValueError):
        hm(6).to_days(day)
    with pytest.raises(ValueError):
        Duration.from_days(1, day)


def test_durations_add_subtract_and_negate():
    assert hm(1, 30) + hm(0, 45) == hm(2, 15)
    assert hm(1) - hm(1, 30) == -hm(0, 30)
    assert -hm(1) == Duration(-3600)


def test_durations_sum_from_zero():
    assert sum([hm(1), hm(0, 30), hm(2)]) == hm(3, 30)


@pytest.mark.parametrize("other", [5, Decimal("1"), "1:00"])
def test_durations_do_not_add_plain_numbers(other):
    with pytest.raises(TypeError):
        hm(1) + other
    with pytest.raises(TypeError):
        other + hm(1)


def test_only_the_zero_duration_is_false():
    assert not Duration.ZERO
    assert Duration(1)
    assert Duration(-1)


def test_durations_compare_and_sort_by_length():
    assert sorted([hm(2), Duration.ZERO, -hm(1), hm(0, 30)]) == [-hm(1), Duration.ZERO, hm(0, 30), hm(2)]
    assert hm(1) > hm(0, 59, 59)


@given(minutes=st.integers(min_value=0, max_value=100_000 * 60))
def test_formatted_minutes_parse_back_to_the_same_duration(minutes):
    duration = Duration.of(minutes=minutes)
    assert Duration.parse(duration.format_hm()) == duration


@given(seconds=st.integers(min_value=0, max_value=100_000 * 3600))
def test_decimal_hours_parse_back_to_within_half_a_second_per_place(seconds):
    parsed = Duration.parse(Duration(seconds).format_decimal(4))
    assert abs(parsed.seconds - seconds) <= 1
