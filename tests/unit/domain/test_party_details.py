"""The details e-invoices and invoice emails need, checked as typed: every problem at once, values stored clean."""

from __future__ import annotations

import pytest

from app.domain.client import Client
from app.domain.errors import RuleViolation
from app.domain.party_details import (
    CLIENT_RULES,
    ORGANISATION_RULES,
    clean_bic,
    clean_country,
    clean_details,
    clean_iban,
    clean_payment_means,
    clean_vat_id,
)


def refused(rule, value: str) -> str:  # type: ignore[no-untyped-def]
    with pytest.raises(RuleViolation) as error:
        rule(value, "field")
    (problem,) = error.value.problems
    assert problem.field == "field"
    return problem.message


def test_values_are_stored_in_their_compact_canonical_form():
    assert clean_country(" de ") == "DE"
    assert clean_vat_id("DE 136 695 976") == "DE136695976"
    assert clean_iban("de89 3704 0044 0532 0130 00") == "DE89370400440532013000"
    assert clean_bic("cobadeffxxx") == "COBADEFFXXX"
    assert clean_payment_means(" 30 ") == "30"
    assert clean_country("") == clean_iban(" ") == clean_vat_id("") == ""  # blank clears


def test_bad_values_are_refused_with_a_sentence_saying_what_to_fix():
    assert refused(clean_country, "Germany") == (
        "'Germany' is not a country code; use the two letters of ISO 3166-1, such as DE, FR or AT."
    )
    assert "check digits do not match" in refused(clean_iban, "DE89 3704 0044 0532 0130 01")
    assert "8 or 11 letters and digits" in refused(clean_bic, "COBADE")
    assert "country prefix" in refused(clean_vat_id, "DE123456789")  # its check digit is wrong
    assert "not a payment means code" in refused(clean_payment_means, "77")


def test_every_problem_of_several_details_is_reported_at_once():
    with pytest.raises(RuleViolation) as error:
        clean_details(
            {"country": "XX", "iban": "DE00", "bic": "?", "smtp_port": "0", "smtp_security": "tls", "postcode": "#1"},
            ORGANISATION_RULES,
            None,
        )

    assert [p.field for p in error.value.problems] == [
        "country",
        "iban",
        "bic",
        "smtp_port",
        "smtp_security",
        "postcode",
    ]


def test_an_email_scheme_needs_an_email_address_and_another_scheme_takes_its_own_code():
    client = Client(org_id=None, name="Globex", email="ap@globex.example", currency="EUR")  # type: ignore[arg-type]

    with pytest.raises(RuleViolation) as error:
        clean_details({"electronic_address": "991-01234-56"}, CLIENT_RULES, client)
    assert error.value.problems[0].message.startswith("The electronic address '991-01234-56' is not an email address")

    leitweg = clean_details(
        {"electronic_address": "991-01234-56", "electronic_address_scheme": "0204"}, CLIENT_RULES, client
    )
    assert leitweg == {"electronic_address": "991-01234-56", "electronic_address_scheme": "0204"}
    assert clean_details({"electronic_address": "Bills@Globex.example"}, CLIENT_RULES, client) == {
        "electronic_address": "bills@globex.example"
    }
    with pytest.raises(RuleViolation):
        clean_details({"electronic_address_scheme": "email"}, CLIENT_RULES, client)
