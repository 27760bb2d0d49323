"""Shared input cleaning: names, free text, emails, choices, amounts and durations."""

from decimal import Decimal
from enum import StrEnum

import pytest
from moneyed import Money

from app.domain.duration import Duration
from app.domain.errors import Checks, RuleViolation
from app.domain.text import (
    blank_to_none,
    clean_duration,
    clean_money,
    clean_name,
    clean_text,
    collect,
    label,
    name_key,
    normalise_email,
    parse_choice,
    with_field,
)

TEN_MB = "x" * (10 * 1024 * 1024)


class Colour(StrEnum):
    DEEP_RED = "deep_red"
    BLUE = "blue"


def refusal(call, *args, **kwargs):
    with pytest.raises(RuleViolation) as caught:
        call(*args, **kwargs)
    return caught.value


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("Acme", "Acme"),
        ("  Acme Ltd  ", "Acme Ltd"),
        ("Zoë & Söhne <GmbH>'; DROP TABLE clients;--", "Zoë & Söhne <GmbH>'; DROP TABLE clients;--"),
        ("<script>alert(1)</script>", "<script>alert(1)</script>"),
        ("株式会社トヨタ", "株式会社トヨタ"),
        ('O\'Brien "Consulting"', 'O\'Brien "Consulting"'),
        ("Café 👩‍💻 Studio", "Café 👩‍💻 Studio"),
        ("Zoe\u0308", "Zoë"),  # decomposed umlaut stored composed (NFC)
        ("x" * 200, "x" * 200),
    ],
)
def test_names_are_data_and_accepted_as_typed(raw, expected):
    assert clean_name(raw, "name") == expected


@pytest.mark.parametrize(
    ("raw", "code"),
    [
        ("", "required"),
        ("   ", "required"),
        ("x" * 201, "too_long"),
        ("Acme\nLtd", "control_character"),
        ("Acme\x00", "control_character"),
        ("Acme\tLtd", "control_character"),
        ("Acme\rLtd", "control_character"),
        ("Acme\u2028Ltd", "control_character"),  # line separator
        ("Acme\x1b[31m", "control_character"),  # terminal escape
        ("Acme\ud800", "control_character"),  # lone surrogate: cannot be stored as UTF-8
        (TEN_MB, "too_long"),
    ],
)
def test_bad_names_are_refused(raw, code):
    violation = refusal(clean_name, raw, "client_name")
    assert violation.code == code
    assert violation.problems[0].field == "client_name"
    assert "client name" in violation.problems[0].message


def test_name_length_limit_is_named_in_the_message():
    message = refusal(clean_name, "x" * 41, "team", max_len=40).problems[0].message
    assert message == "The team can be at most 40 characters long, not 41."


def test_optional_name_may_be_empty_but_is_still_checked():
    assert clean_name("  ", "team", required=False) == ""
    assert refusal(clean_name, "a\nb", "team", required=False).code == "control_character"


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("", ""),
        ("  First line\nSecond line\r\n\tindented  ", "First line\nSecond line\r\n\tindented"),
        ("Straße 1\n10115 Berlin", "Straße 1\n10115 Berlin"),
        ("<b>bold</b> & 'quotes'", "<b>bold</b> & 'quotes'"),
    ],
)
def test_free_text_keeps_lines_and_markup(raw, expected):
    assert clean_text(raw, "notes", 1000) == expected


@pytest.mark.parametrize(("raw", "code"), [("a\x00b", "control_character"), ("a\x07b", "control_character")])
def test_free_text_refuses_nul_and_other_controls(raw, code):
    assert refusal(clean_text, raw, "notes", 1000).code == code


def test_ten_megabyte_note_is_refused_naming_the_limit():
    violation = refusal(clean_text, TEN_MB, "notes", 20_000)
    assert violation.code == "too_long"
    assert violation.problems[0].message == "The notes can be at most 20,000 characters long, not 10,485,760."


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("bob@example.com", "bob@example.com"),
        ("  Bob@Example.COM ", "bob@example.com"),
        ("BOB@EXAMPLE.COM", "bob@example.com"),
        ("first.last+tag@sub.example.co.uk", "first.last+tag@sub.example.co.uk"),
        ("o'brien@example.ie", "o'brien@example.ie"),
        ("zoë@exämple.de", "zoë@exämple.de"),
    ],
)
def test_email_is_trimmed_and_lower_cased(raw, expected):
    assert normalise_email(raw) == expected


@pytest.mark.parametrize(
    ("first", "second"),
    [
        ("Bob@Example.COM", "bob@example.com"),
        (" bob@example.com", "BOB@example.com  "),
        ("Zoë@Exämple.de", "zoë@exämple.de"),
    ],
)
def test_emails_differing_only_in_case_or_spaces_normalise_equal(first, second):
    assert normalise_email(first) == normalise_email(second)


def test_different_local_parts_stay_different():
    assert normalise_email("bob@example.com") != normalise_email("bob.smith@example.com")


@pytest.mark.parametrize(
    "raw",
    [
        "bob",
        "bob@",
        "@example.com",
        "bob@example",
        "bob@@example.com",
        "bob@alice@example.com",
        "bob smith@example.com",
        "bob@exa mple.com",
        "bob@example..com",
        "bob@.example.com",
        "bob@example.com.",
        "bob@example.com,alice@example.com",
        "Bob <bob@example.com>",
        "bob\n@example.com",
        "bob\x00@example.com",
        "bob\u200b@example.com",  # zero-width space pasted from a web page
    ],
)
def test_malformed_email_is_refused_with_a_sentence(raw):
    violation = refusal(normalise_email, raw)
    assert violation.code == "invalid_email"
    assert violation.problems[0].field == "email"
    assert violation.problems[0].message.startswith("Email '")
    assert violation.problems[0].message.endswith("is not a valid address.")


def test_bad_email_message_quotes_the_address():
    assert refusal(normalise_email, "bob@").problems[0].message == "Email 'bob@' is not a valid address."


def test_email_longer_than_254_characters_is_refused():
    address = "a" * 64 + "@" + "b" * 186 + ".com"  # 255 characters
    violation = refusal(normalise_email, address)
    assert violation.code == "invalid_email"
    assert "254" in violation.problems[0].message
    assert normalise_email(address[1:]) == address[1:]  # 254 is still fine


def test_empty_email_is_reported_as_missing():
    violation = refusal(normalise_email, "  ", "contacts[2].email")
    assert violation.code == "required"
    assert violation.problems[0].message == "The email of contact 3 cannot be empty."


@pytest.mark.parametrize(
    ("raw", "expected"),
    [("Design Review", "design review"), ("  design   REVIEW ", "design review"), ("STRASSE", "strasse")],
)
def test_name_key_ignores_case_and_spacing(raw, expected):
    assert name_key(raw) == expected


def test_name_key_treats_sharp_s_like_ss():
    assert name_key("Straße") == name_key("STRASSE")


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("blue", Colour.BLUE),
        (" Blue ", Colour.BLUE),
        ("BLUE", Colour.BLUE),
        ("deep red", Colour.DEEP_RED),
        ("Deep-Red", Colour.DEEP_RED),
        ("deep_red", Colour.DEEP_RED),
        (Colour.BLUE, Colour.BLUE),
    ],
)
def test_choices_typed_by_people_parse_to_the_enum(raw, expected):
    assert parse_choice(Colour, raw, "colour") is expected


def test_unknown_choice_lists_the_valid_values():
    violation = refusal(parse_choice, Colour, "green", "colour")
    assert violation.code == "invalid_choice"
    assert violation.problems[0].field == "colour"
    assert violation.problems[0].message == "'green' is not a valid colour; choose one of: deep_red, blue."


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("120.50", Money("120.50", "EUR")),
        (" 0 ", Money("0.00", "EUR")),
        (Money("99.9", "EUR"), Money("99.90", "EUR")),
        (Money("10.500", "EUR"), Money("10.50", "EUR")),  # trailing zeros are not extra decimals
    ],
)
def test_money_in_the_expected_currency_is_accepted(value, expected):
    assert clean_money(value, "rate", currency="EUR", currency_of="the client's currency") == expected


@pytest.mark.parametrize(
    ("value", "code"),
    [
        (Money("10", "USD"), "wrong_currency"),
        (Money("10.005", "EUR"), "too_many_decimals"),
        (Money("-1", "EUR"), "negative"),
        (Money("NaN", "EUR"), "invalid_amount"),
        ("10.005", "too_many_decimals"),
        ("-5", "negative_amount"),
        ("ten", "invalid_amount"),
    ],
)
def test_bad_money_is_refused(value, code):
    violation = refusal(clean_money, value, "budget_amount", currency="EUR", currency_of="the client's currency")
    assert violation.code == code
    assert violation.problems[0].field == "budget_amount"


def test_wrong_currency_message_names_both_currencies():
    violation = refusal(
        clean_money, Money("10", "USD"), "budget_amount", currency="eur", currency_of="the client's currency"
    )
    assert violation.problems[0].message == ("The budget amount is in USD but must be in EUR, the client's currency.")


def test_yen_amounts_have_no_decimals():
    assert refusal(clean_money, Money("1.5", "JPY"), "rate", currency="JPY", currency_of="x").code == (
        "too_many_decimals"
    )


@pytest.mark.parametrize("value", ["0", Money("0", "EUR")])
def test_positive_money_refuses_zero(value):
    violation = refusal(clean_money, value, "fixed_price", currency="EUR", currency_of="x", positive=True)
    assert violation.code == "not_positive"
    assert violation.problems[0].message == "The fixed price must be more than zero."


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("1:30", Duration.of(hours=1, minutes=30)),
        (Duration.of(hours=2), Duration.of(hours=2)),
        ("0", Duration.ZERO),
    ],
)
def test_duration_within_bounds_is_accepted(value, expected):
    assert clean_duration(value, "weekly_hours", most=Duration.of(hours=168)) == expected


@pytest.mark.parametrize(
    ("value", "code"),
    [("169:00", "out_of_range"), (Duration(-60), "out_of_range"), ("soon", "invalid_duration")],
)
def test_duration_out_of_bounds_or_garbled_is_refused_against_its_field(value, code):
    violation = refusal(clean_duration, value, "weekly_hours", most=Duration.of(hours=168))
    assert violation.code == code
    assert violation.problems[0].field == "weekly_hours"


def test_duration_bounds_are_named_in_the_message():
    violation = refusal(
        clean_duration, "0:30", "productive_day", least=Duration.of(hours=1), most=Duration.of(hours=24)
    )
    assert violation.problems[0].message == "The productive day must be between 1:00 and 24:00 hours; 0:30 is not."


@pytest.mark.parametrize(
    ("field", "words"),
    [("name", "name"), ("budget_amount", "budget amount"), ("contacts[0].phone", "phone of contact 1")],
)
def test_field_names_read_as_words(field, words):
    assert label(field) == words


def test_collect_records_every_failure_and_returns_none():
    checks = Checks()
    assert collect(checks, clean_name, "", "name") is None
    assert collect(checks, normalise_email, "nope") is None
    assert collect(checks, clean_name, "Fine", "team") == "Fine"
    assert [p.code for p in checks.problems] == ["required", "invalid_email"]
    with pytest.raises(RuleViolation) as caught:
        checks.raise_if_any()
    assert len(caught.value.problems) == 2


def test_with_field_reports_problems_against_the_callers_field():
    moved = with_field(refusal(clean_name, "", "x"), "payment_terms")
    assert [p.field for p in moved.problems] == ["payment_terms"]


@pytest.mark.parametrize(("value", "expected"), [("", None), ("  ", None), (None, None), ("5", "5"), (Decimal(0), 0)])
def test_blank_form_input_means_not_given(value, expected):
    assert blank_to_none(value) == expected
