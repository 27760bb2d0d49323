"""Hourly rates: validation, precedence from assignment to organisation, effective dates, currencies."""

from dataclasses import replace
from datetime import date
from uuid import UUID, uuid4

import pytest
from moneyed import Money

from app.domain.errors import RuleViolation
from app.domain.rates import Rate, RateLevel, ResolvedRate, new_rate, resolve_rate

ORG, SUBJECT = uuid4(), uuid4()
JAN_1, JUL_1, DEC_31 = date(2025, 1, 1), date(2025, 7, 1), date(2025, 12, 31)


def rate(level: RateLevel, amount: str, currency: str = "EUR", effective_from: date | None = None) -> Rate:
    return new_rate(
        org_id=ORG,
        level=level,
        subject_id=SUBJECT,
        amount=Money(amount, currency),
        currency=currency,
        effective_from=effective_from,
    )


def resolved(amount: str, level: RateLevel, currency: str = "EUR") -> ResolvedRate:
    return ResolvedRate(amount=Money(amount, currency), level=level)


# --- creating rates -------------------------------------------------------------------------------


def test_new_rate_accepts_text_and_level_typed_by_a_person():
    made = new_rate(
        org_id=ORG,
        level=" Client ",
        subject_id=SUBJECT,
        amount="120.50",
        currency="usd",
        effective_from=JUL_1,
    )
    assert (made.level, made.amount, made.effective_from) == (RateLevel.CLIENT, Money("120.50", "USD"), JUL_1)


def test_zero_rate_is_allowed_for_free_work():
    assert rate(RateLevel.TASK, "0").amount == Money("0", "EUR")


@pytest.mark.parametrize(
    ("amount", "code"),
    [
        (Money("-1", "EUR"), "negative"),
        ("-1", "negative_amount"),
        (Money("100", "USD"), "wrong_currency"),
        (Money("99.999", "EUR"), "too_many_decimals"),
        ("99.999", "too_many_decimals"),
        ("a lot", "invalid_amount"),
    ],
)
def test_bad_rate_amounts_are_refused(amount, code):
    with pytest.raises(RuleViolation) as caught:
        new_rate(org_id=ORG, level="project", subject_id=SUBJECT, amount=amount, currency="EUR")
    assert caught.value.code == code
    assert caught.value.problems[0].field == "amount"


def test_rate_in_the_wrong_currency_names_both_currencies():
    with pytest.raises(RuleViolation) as caught:
        new_rate(org_id=ORG, level="client", subject_id=SUBJECT, amount=Money("100", "USD"), currency="EUR")
    message = caught.value.problems[0].message
    assert "USD" in message and "EUR" in message


def test_unknown_level_and_bad_amount_are_reported_together():
    with pytest.raises(RuleViolation) as caught:
        new_rate(org_id=ORG, level="team", subject_id=SUBJECT, amount="-5", currency="EUR")
    assert {p.field for p in caught.value.problems} == {"level", "amount"}
    assert "choose one of: assignment, task, project, client, organisation" in caught.value.problems[0].message


# --- precedence -----------------------------------------------------------------------------------

ALL_LEVELS = {
    RateLevel.ASSIGNMENT: [rate(RateLevel.ASSIGNMENT, "150")],
    RateLevel.TASK: [rate(RateLevel.TASK, "140")],
    RateLevel.PROJECT: [rate(RateLevel.PROJECT, "130")],
    RateLevel.CLIENT: [rate(RateLevel.CLIENT, "120")],
    RateLevel.ORGANISATION: [rate(RateLevel.ORGANISATION, "100")],
}


@pytest.mark.parametrize(
    ("missing", "expected"),
    [
        ((), resolved("150", RateLevel.ASSIGNMENT)),
        ((RateLevel.ASSIGNMENT,), resolved("140", RateLevel.TASK)),
        ((RateLevel.ASSIGNMENT, RateLevel.TASK), resolved("130", RateLevel.PROJECT)),
        ((RateLevel.ASSIGNMENT, RateLevel.TASK, RateLevel.PROJECT), resolved("120", RateLevel.CLIENT)),
        (
            (RateLevel.ASSIGNMENT, RateLevel.TASK, RateLevel.PROJECT, RateLevel.CLIENT),
            resolved("100", RateLevel.ORGANISATION),
        ),
        (tuple(RateLevel), None),
    ],
)
def test_most_specific_level_with_a_rate_wins(missing, expected):
    candidates = {level: rates for level, rates in ALL_LEVELS.items() if level not in missing}
    assert resolve_rate(candidates, JUL_1, "EUR") == expected


def test_empty_levels_are_passed_over():
    candidates = {RateLevel.ASSIGNMENT: [], RateLevel.PROJECT: [rate(RateLevel.PROJECT, "130")]}
    assert resolve_rate(candidates, JUL_1, "EUR") == resolved("130", RateLevel.PROJECT)


def test_zero_rate_at_a_specific_level_beats_a_default():
    candidates = {
        RateLevel.TASK: [rate(RateLevel.TASK, "0")],
        RateLevel.CLIENT: [rate(RateLevel.CLIENT, "120")],
    }
    assert resolve_rate(candidates, JUL_1, "EUR") == resolved("0", RateLevel.TASK)


# --- effective dates ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("on", "amount"),
    [
        (date(2024, 12, 31), "100"),  # before any dated rate: the undated one has always applied
        (JAN_1, "110"),
        (date(2025, 6, 30), "110"),
        (JUL_1, "125"),
        (DEC_31, "125"),
    ],
)
def test_latest_rate_started_on_or_before_the_day_applies(on, amount):
    history = [
        rate(RateLevel.CLIENT, "125", effective_from=JUL_1),  # order of the list does not matter
        rate(RateLevel.CLIENT, "100"),
        rate(RateLevel.CLIENT, "110", effective_from=JAN_1),
    ]
    assert resolve_rate({RateLevel.CLIENT: history}, on, "EUR") == resolved(amount, RateLevel.CLIENT)


def test_rate_starting_later_does_not_apply_yet_and_the_next_level_is_used():
    candidates = {
        RateLevel.PROJECT: [rate(RateLevel.PROJECT, "130", effective_from=JUL_1)],
        RateLevel.ORGANISATION: [rate(RateLevel.ORGANISATION, "100")],
    }
    assert resolve_rate(candidates, JAN_1, "EUR") == resolved("100", RateLevel.ORGANISATION)
    assert resolve_rate(candidates, JUL_1, "EUR") == resolved("130", RateLevel.PROJECT)


def test_adding_a_newer_rate_later_never_changes_what_an_earlier_day_resolves_to():
    history = [rate(RateLevel.CLIENT, "100"), rate(RateLevel.CLIENT, "110", effective_from=JAN_1)]
    before = {
        day: resolve_rate({RateLevel.CLIENT: history}, day, "EUR")
        for day in (date(2024, 6, 1), JAN_1, date(2025, 6, 30))
    }

    history.append(rate(RateLevel.CLIENT, "140", effective_from=JUL_1))
    after = {day: resolve_rate({RateLevel.CLIENT: history}, day, "EUR") for day in before}

    assert after == before
    assert resolve_rate({RateLevel.CLIENT: history}, JUL_1, "EUR") == resolved("140", RateLevel.CLIENT)


def test_correction_for_the_same_start_day_replaces_the_earlier_entry():
    # Ids are UUIDv7, time-ordered: the larger id was created later.
    first = replace(rate(RateLevel.CLIENT, "110", effective_from=JAN_1), id=UUID(int=1))
    correction = replace(rate(RateLevel.CLIENT, "115", effective_from=JAN_1), id=UUID(int=2))
    for history in ([first, correction], [correction, first]):
        assert resolve_rate({RateLevel.CLIENT: history}, JUL_1, "EUR") == resolved("115", RateLevel.CLIENT)


# --- currencies -----------------------------------------------------------------------------------


def test_organisation_default_in_euro_never_prices_a_dollar_client():
    candidates = {RateLevel.ORGANISATION: [rate(RateLevel.ORGANISATION, "100", "EUR")]}
    assert resolve_rate(candidates, JUL_1, "USD") is None


def test_rate_in_another_currency_is_skipped_for_the_next_level():
    candidates = {
        RateLevel.PROJECT: [rate(RateLevel.PROJECT, "130", "EUR")],
        RateLevel.ORGANISATION: [
            rate(RateLevel.ORGANISATION, "100", "EUR"),
            rate(RateLevel.ORGANISATION, "110", "USD"),
        ],
    }
    assert resolve_rate(candidates, JUL_1, "usd") == resolved("110", RateLevel.ORGANISATION, "USD")


def test_newer_rate_in_another_currency_does_not_hide_the_older_one_in_the_billing_currency():
    history = [
        rate(RateLevel.CLIENT, "100", "USD"),
        rate(RateLevel.CLIENT, "90", "EUR", effective_from=JUL_1),
    ]
    assert resolve_rate({RateLevel.CLIENT: history}, DEC_31, "USD") == resolved("100", RateLevel.CLIENT, "USD")
