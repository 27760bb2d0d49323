"""Payment terms: the forms people write, their round trip, and the due dates they give."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.domain.errors import RuleViolation
from app.domain.payment_terms import KINDS, PaymentTerms


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
    [
        "",
        "net",
        "net30",
        "net:",
        "net:366",
        "eom:400",
        "net:-1",
        "net:1.5",
        "30",
        "abc",
        "receipt:5",
        "cod",
        "deposit",
        "deposit:0",
        "deposit:101",
        "deposit:30:400",
        "early:2:10",
        "early:2:40:30",
        "early:0:10:30",
        "early:100:10:30",
        "deposit:12.345",
    ],
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
        "Payment terms 'net30' are not valid; use receipt, net:N (N days after the invoice date), "
        "eom:N (N days after the end of its month), eom, deposit:P or deposit:P:N (P % deposit up front, "
        "then net N days), or early:P:D:N (P % off when paid within D days, else net N days), with N from 0 to 365."
    )


@pytest.mark.parametrize(("kind", "days"), [("net", 366), ("net", -1), ("eom", 1000), ("cod", 5), ("NET", 30)])
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


@pytest.mark.parametrize(
    ("text", "terms"),
    [
        ("deposit:30", PaymentTerms("deposit", 30, Decimal(30))),
        ("Deposit:25 %:14", PaymentTerms("deposit", 14, Decimal(25))),
        ("deposit:12.5:0", PaymentTerms("deposit", 0, Decimal("12.5"))),
        ("early:2:10:30", PaymentTerms("early", 30, Decimal(2), 10)),
        ("EARLY:1.5%:7:14", PaymentTerms("early", 14, Decimal("1.5"), 7)),
    ],
)
def test_deposit_and_early_payment_terms_read_their_percent_and_days(text, terms):
    assert PaymentTerms.parse(text) == terms
    assert PaymentTerms.parse(str(terms)) == terms


@pytest.mark.parametrize("text", ["receipt", "net:30", "eom", "eom:15", "deposit:30:14", "early:2:10:30"])
def test_terms_are_stored_as_a_kind_and_parameters_and_read_back(text):
    terms = PaymentTerms.parse(text)
    kind, params = terms.stored()
    assert kind in KINDS and isinstance(params, dict)
    assert PaymentTerms.from_stored(kind, params) == terms


def test_an_unknown_stored_kind_is_a_clear_error_not_a_lookup():
    with pytest.raises(RuleViolation) as refused:
        PaymentTerms.from_stored("os.system", {"days": 3})
    assert refused.value.code == "unknown_payment_terms"
    assert "'os.system'" in str(refused.value) and "net, eom, deposit, early" in str(refused.value)


def test_early_payment_discount_holds_for_its_days_and_the_rest_is_due_net():
    terms = PaymentTerms.parse("early:2:10:30")
    assert terms.discount_until(date(2026, 11, 20)) == date(2026, 11, 30)
    assert terms.due_date(date(2026, 11, 20)) == date(2026, 12, 20)
    assert terms.describe(date(2026, 11, 20)) == (
        "2 % discount if paid by 2026-11-30; otherwise payable within 30 days (by 2026-12-20)."
    )
    assert PaymentTerms.parse("net:30").discount_until(date(2026, 11, 20)) is None


@pytest.mark.parametrize(
    ("text", "sentence"),
    [
        ("receipt", "Payable on receipt."),
        ("net:14", "Payable within 14 days (by 2026-12-04)."),
        ("eom", "Payable by the end of the month (by 2026-11-30)."),
        ("eom:10", "Payable 10 days after the end of the month (by 2026-12-10)."),
        ("deposit:30", "Payable within 30 days (by 2026-12-20); 30 % deposit due when the quote is signed."),
    ],
)
def test_terms_describe_themselves_for_the_invoice(text, sentence):
    assert PaymentTerms.parse(text).describe(date(2026, 11, 20)) == sentence
