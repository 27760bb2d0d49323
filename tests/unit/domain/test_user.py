"""Creating users: role, normalised email, cost rate in the base currency, weekly hours."""

from uuid import uuid4

import pytest
from moneyed import Money

from app.domain.duration import Duration
from app.domain.errors import RuleViolation
from app.domain.user import Role, User, new_user

ORG = uuid4()
VALID = {"org_id": ORG, "name": "Bob Builder", "email": "bob@example.com", "base_currency": "EUR"}


def problems_of(**overrides):
    with pytest.raises(RuleViolation) as caught:
        new_user(**{**VALID, **overrides})
    return {p.field: p for p in caught.value.problems}


def test_new_user_has_the_documented_defaults():
    user = new_user(**VALID)
    assert isinstance(user, User)
    assert user.org_id == ORG
    assert (user.role, user.team, user.cost_rate, user.active) == (Role.CONSULTANT, None, None, True)
    assert user.weekly_hours == Duration.of(hours=40)


def test_email_is_stored_normalised_so_services_can_compare_it():
    assert new_user(**{**VALID, "email": " Bob@Example.COM "}).email == "bob@example.com"


@pytest.mark.parametrize(
    ("typed", "role"),
    [
        ("consultant", Role.CONSULTANT),
        (" Manager ", Role.MANAGER),
        ("ADMIN", Role.ADMIN),
        (Role.ADMIN, Role.ADMIN),
    ],
)
def test_role_typed_by_a_person_is_parsed(typed, role):
    assert new_user(**VALID, role=typed).role is role


def test_unknown_role_lists_the_roles():
    problem = problems_of(role="boss")["role"]
    assert problem.code == "invalid_choice"
    assert problem.message == "'boss' is not a valid role; choose one of: consultant, manager, admin."


@pytest.mark.parametrize(
    ("cost_rate", "expected"),
    [("85.50", Money("85.50", "EUR")), (Money("60", "EUR"), Money("60", "EUR")), ("", None), (None, None)],
)
def test_cost_rate_in_base_currency_or_none_is_accepted(cost_rate, expected):
    assert new_user(**VALID, cost_rate=cost_rate).cost_rate == expected


@pytest.mark.parametrize(
    ("cost_rate", "code"),
    [
        (Money("60", "USD"), "wrong_currency"),
        (Money("60.001", "EUR"), "too_many_decimals"),
        ("60.001", "too_many_decimals"),
        (Money("-1", "EUR"), "negative"),
        ("sixty", "invalid_amount"),
    ],
)
def test_bad_cost_rate_is_refused(cost_rate, code):
    assert problems_of(cost_rate=cost_rate)["cost_rate"].code == code


def test_cost_rate_in_another_currency_names_the_base_currency():
    message = problems_of(cost_rate=Money("60", "USD"))["cost_rate"].message
    assert message == "The cost rate is in USD but must be in EUR, the organisation's base currency."


@pytest.mark.parametrize(("hours", "ok"), [("0", True), ("168:00", True), ("20:30", True), ("168:01", False)])
def test_weekly_hours_range_from_zero_to_a_whole_week(hours, ok):
    if ok:
        assert new_user(**VALID, weekly_hours=hours).weekly_hours == Duration.parse(hours)
    else:
        assert problems_of(weekly_hours=hours)["weekly_hours"].code == "out_of_range"


@pytest.mark.parametrize(("team", "expected"), [("  Data  ", "Data"), ("", None), ("   ", None), (None, None)])
def test_team_is_optional_and_trimmed(team, expected):
    assert new_user(**VALID, team=team).team == expected


@pytest.mark.parametrize(
    ("field", "value", "code"),
    [
        ("name", "", "required"),
        ("name", "Bob\x00", "control_character"),
        ("email", "bob@example", "invalid_email"),
        ("email", "", "required"),
        ("team", "x" * 101, "too_long"),
        ("team", "Data\nScience", "control_character"),
    ],
)
def test_invalid_user_fields_are_refused(field, value, code):
    assert problems_of(**{field: value})[field].code == code


def test_all_user_problems_are_reported_together():
    found = problems_of(name="", email="nope", role="chief", cost_rate="-3", weekly_hours="200:00")
    assert set(found) == {"name", "email", "role", "cost_rate", "weekly_hours"}
