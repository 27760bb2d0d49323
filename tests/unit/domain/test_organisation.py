"""Creating an organisation: currency, time zone, calendar and rounding policy."""

import pytest

from app.domain.duration import Duration, RoundingMode
from app.domain.errors import RuleViolation
from app.domain.organisation import Organisation, clean_time_zone, new_organisation

VALID = {"name": "Acme Consulting", "base_currency": "EUR"}


def problems_of(**overrides):
    with pytest.raises(RuleViolation) as caught:
        new_organisation(**{**VALID, **overrides})
    return {p.field: p for p in caught.value.problems}


def test_new_organisation_has_the_documented_defaults():
    org = new_organisation(**VALID)
    assert isinstance(org, Organisation)
    assert (org.time_zone, org.week_start, org.rounding, org.approval_required) == ("UTC", 0, "up", True)
    assert org.productive_day == Duration.of(hours=6)
    assert org.billing_increment == Duration.of(minutes=15)
    assert org.minimum_entry == Duration.of(minutes=15)


def test_organisation_is_its_own_tenant():
    org = new_organisation(**VALID)
    assert org.org_id == org.id


def test_inputs_typed_by_people_are_cleaned():
    org = new_organisation(
        name="  Zoë & Söhne <GmbH>  ",
        base_currency=" chf ",
        time_zone=" europe/zurich ",
        week_start=6,
        productive_day="7:30",
        billing_increment="6m",
        rounding=" Nearest ",
        minimum_entry="0",
        approval_required=False,
    )
    assert org.name == "Zoë & Söhne <GmbH>"
    assert org.base_currency == "CHF"
    assert org.time_zone == "Europe/Zurich"
    assert org.productive_day == Duration.of(hours=7, minutes=30)
    assert org.billing_increment == Duration.of(minutes=6)
    assert org.rounding is RoundingMode.NEAREST
    assert org.minimum_entry == Duration.ZERO
    assert org.approval_required is False


@pytest.mark.parametrize(
    ("field", "value", "code"),
    [
        ("name", "", "required"),
        ("name", "Acme\nLtd", "control_character"),
        ("base_currency", "EURO", "unknown_currency"),
        ("time_zone", "Mars/Olympus_Mons", "unknown_time_zone"),
        ("time_zone", "../../etc/passwd", "unknown_time_zone"),
        ("time_zone", "/etc/localtime", "unknown_time_zone"),
        ("time_zone", "", "unknown_time_zone"),
        ("week_start", -1, "out_of_range"),
        ("week_start", 7, "out_of_range"),
        ("week_start", True, "out_of_range"),
        ("productive_day", "0:59", "out_of_range"),
        ("productive_day", "24:01", "out_of_range"),
        ("productive_day", "all day", "invalid_duration"),
        ("billing_increment", "24:01", "out_of_range"),
        ("minimum_entry", "25h", "out_of_range"),
        ("rounding", "banker's", "invalid_choice"),
    ],
)
def test_each_invalid_setting_is_refused_against_its_field(field, value, code):
    assert problems_of(**{field: value})[field].code == code


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("productive_day", "1:00"),
        ("productive_day", "24:00"),
        ("billing_increment", "0"),
        ("billing_increment", "24:00"),
        ("minimum_entry", "24:00"),
        ("week_start", 0),
        ("week_start", 6),
    ],
)
def test_boundary_settings_are_accepted(field, value):
    new_organisation(**{**VALID, field: value})


def test_all_problems_are_reported_together():
    found = problems_of(name=" ", base_currency="", time_zone="Nowhere", week_start=9, rounding="up-ish")
    assert set(found) == {"name", "base_currency", "time_zone", "week_start", "rounding"}


def test_unknown_time_zone_message_suggests_a_valid_name():
    message = problems_of(time_zone="CET+1")["time_zone"].message
    assert message.startswith("'CET+1' is not a known time zone")
    assert "Europe/Berlin" in message


def test_time_zone_is_stored_in_its_canonical_spelling():
    assert clean_time_zone("AMERICA/NEW_YORK") == "America/New_York"
    assert clean_time_zone("utc") == "UTC"
