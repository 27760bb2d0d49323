"""Payment terms: the forms people write, their round trip, and the due dates they give."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.domain.errors import RuleViolation
from app.domain.payment_terms import PaymentTerms


@pytest.mark.parametrize(
    ("text", "kind", "days"),
    [
        ("net:30", "net", 30),
        ("NET:14", "net", 14),
        (" net : 7 ", "net", 7),
        ("net:0", "net", 0),
        ("net:365", "net", 365),
        ("eom", "eom", 0),
        ("EOM", "eom", 0),
        ("eom:15", "eom", 15),
        ("eom:0", "eom", 0),
        ("receipt", "net", 0),
        (" Receipt ", "net", 0),
    ],
)
def test_parse_reads_the_written_forms(text, kind, days):
    assert PaymentTerms.parse(text) == PaymentTerms(kind, days)


@pytest.mark.parametrize(
    "text",
    ["", "net", "net30", "net:", "net:366", "eom:400", "net:-1", "net:1.5", "30", "abc", "receipt:5", "cod"],
)
def test_parse_refuses_other_forms_and_lists_the_valid_ones(text):
    with pytest.raises(RuleViolation) as refused:
        PaymentTerms.parse(text)
    assert refused.value.code == "invalid_payment_terms"
    assert refused.value.problems[0].field == "terms"
    for form in ("net:N", "eom:N", "eom", "receipt", "0 to 365"):
        assert form in str(refused.value)


def test_parse_refusal_quotes_what_was_typed():
    with pytest.raises(RuleViolation) as refused:
        PaymentTerms.parse(" net30 ")
    assert str(refused.value) == (
        "Payment terms 'net30' are not valid; use net:N (N days after the invoice date), "
        "eom:N (N days after the end of its month), eom or receipt, with N from 0 to 365."
    )


@pytest.mark.parametrize(
    ("kind", "days"), [("net", 366), ("net", -1), ("eom", 1000), ("cod", 5), ("NET", 30)]
)
def test_terms_outside_the_rules_cannot_be_built(kind, days):
    with pytest.raises(RuleViolation) as refused:
        PaymentTerms(kind, days)
    assert refused.value.problems[0].field == "terms"


@pytest.mark.parametrize("days", ["30", 30.0, True])
def test_terms_days_must_be_an_integer(days):
    with pytest.raises(TypeError):
        PaymentTerms("net", days)


def test_net_builds_net_terms():
    assert PaymentTerms.net(30) == PaymentTerms("net", 30)


@pytest.mark.parametrize(
    ("terms", "written"),
    [
        (PaymentTerms.net(30), "net:30"),
        (PaymentTerms.net(0), "receipt"),
        (PaymentTerms("eom", 0), "eom"),
        (PaymentTerms("eom", 15), "eom:15"),
    ],
)
def test_terms_are_written_in_their_shortest_form(terms, written):
    assert str(terms) == written


@given(kind=st.sampled_from(["net", "eom"]), days=st.integers(min_value=0, max_value=365))
def test_written_terms_parse_back_to_the_same_terms(kind, days):
    terms = PaymentTerms(kind, days)
    assert PaymentTerms.parse(str(terms)) == terms


@pytest.mark.parametrize(
    ("terms", "issued", "due"),
    [
        ("net:30", date(2024, 1, 15), date(2024, 2, 14)),
        ("receipt", date(2024, 1, 15), date(2024, 1, 15)),
        ("net:14", date(2024, 12, 25), date(2025, 1, 8)),
        ("net:365", date(2023, 3, 1), date(2024, 2, 29)),
        ("eom", date(2024, 2, 10), date(2024, 2, 29)),
        ("eom", date(2023, 2, 10), date(2023, 2, 28)),
        ("eom", date(2024, 4, 30), date(2024, 4, 30)),
        ("eom:15", date(2023, 2, 1), date(2023, 3, 15)),
        ("eom:30", date(2024, 12, 31), date(2025, 1, 30)),
        ("eom:30", date(2024, 1, 2), date(2024, 3, 1)),
    ],
)
def test_due_date_counts_from_the_issue_date_or_its_month_end(terms, issued, due):
    assert PaymentTerms.parse(terms).due_date(issued) == due


def test_terms_are_values_usable_as_defaults():
    assert PaymentTerms.net(30) == PaymentTerms.parse("net:30")
    assert hash(PaymentTerms.net(30)) == hash(PaymentTerms.parse("NET:30"))
    assert PaymentTerms.net(30) != PaymentTerms("eom", 30)
