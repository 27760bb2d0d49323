"""Clients: validation of the record and its contacts, payment terms, archive and restore."""

import itertools
from uuid import uuid4

import pytest

from app.domain.client import (
    CLIENT_TRANSITIONS,
    Client,
    ClientStatus,
    Contact,
    clean_contact,
    new_client,
)
from app.domain.errors import RuleViolation
from app.domain.payment_terms import PaymentTerms

ORG = uuid4()
VALID = {"org_id": ORG, "name": "Globex", "email": "billing@globex.example", "currency": "USD"}
ALLOWED = {(ClientStatus.ACTIVE, ClientStatus.ARCHIVED), (ClientStatus.ARCHIVED, ClientStatus.ACTIVE)}


def problems_of(**overrides):
    with pytest.raises(RuleViolation) as caught:
        new_client(**{**VALID, **overrides})
    return {p.field: p for p in caught.value.problems}


def client_in(status: ClientStatus) -> Client:
    client = new_client(**VALID)
    client.status = status
    return client


def test_new_client_is_active_with_net_30_terms():
    client = new_client(**VALID)
    assert (client.status, client.payment_terms, client.contacts) == (
        ClientStatus.ACTIVE,
        PaymentTerms.net(30),
        (),
    )
    assert (client.billing_address, client.tax_id, client.notes) == ("", "", "")


def test_client_inputs_are_cleaned():
    client = new_client(
        org_id=ORG,
        name=" Zoë & Söhne <GmbH>'; DROP TABLE clients;-- ",
        email=" AP@Globex.Example",
        currency=" usd ",
        billing_address="  1 Main St\nSpringfield  ",
        tax_id=" US-123 ",
        payment_terms="EOM:15",
        notes="Prefers <b>PDF</b> invoices.\nCall first.",
    )
    assert client.name == "Zoë & Söhne <GmbH>'; DROP TABLE clients;--"
    assert client.email == "ap@globex.example"
    assert client.currency == "USD"
    assert client.billing_address == "1 Main St\nSpringfield"
    assert client.tax_id == "US-123"
    assert client.payment_terms == PaymentTerms.parse("eom:15")
    assert client.notes == "Prefers <b>PDF</b> invoices.\nCall first."


@pytest.mark.parametrize(
    ("terms", "expected"),
    [
        ("", PaymentTerms.net(30)),
        ("receipt", PaymentTerms.net(0)),
        (PaymentTerms.net(14), PaymentTerms.net(14)),
    ],
)
def test_payment_terms_accept_text_or_terms(terms, expected):
    assert new_client(**VALID, payment_terms=terms).payment_terms == expected


@pytest.mark.parametrize(
    ("field", "value", "code"),
    [
        ("name", "  ", "required"),
        ("name", "Globex\r\nInc", "control_character"),
        ("email", "billing@globex", "invalid_email"),
        ("email", "", "required"),
        ("currency", "DOLLARS", "unknown_currency"),
        ("billing_address", "x" * 2001, "too_long"),
        ("billing_address", "1 Main St\x00", "control_character"),
        ("tax_id", "x" * 51, "too_long"),
        ("payment_terms", "net", "invalid_payment_terms"),
        ("payment_terms", "net:1000", "invalid_payment_terms"),
        ("notes", "x" * (10 * 1024 * 1024), "too_long"),
        ("notes", "null\x00byte", "control_character"),
    ],
)
def test_invalid_client_fields_are_refused_against_their_field(field, value, code):
    assert problems_of(**{field: value})[field].code == code


def test_ten_megabyte_notes_are_refused_naming_the_limit():
    message = problems_of(notes="x" * (10 * 1024 * 1024))["notes"].message
    assert message == "The notes can be at most 20,000 characters long, not 10,485,760."


def test_contacts_are_validated_and_normalised():
    client = new_client(
        **VALID,
        contacts=[
            Contact(name=" Ann Lee ", email="Ann@Globex.Example", phone=" +1 (555) 010-2000 ", role="CFO"),
            {"name": "Raj"},
        ],
    )
    assert client.contacts == (
        Contact(name="Ann Lee", email="ann@globex.example", phone="+1 (555) 010-2000", role="CFO"),
        Contact(name="Raj"),
    )


@pytest.mark.parametrize(
    ("contact", "field", "code"),
    [
        ({"name": ""}, "contacts[0].name", "required"),
        ({"name": "Ann", "email": "ann@"}, "contacts[0].email", "invalid_email"),
        ({"name": "Ann", "phone": "call me"}, "contacts[0].phone", "invalid_phone"),
        ({"name": "Ann", "phone": "1" * 41}, "contacts[0].phone", "too_long"),
        ({"name": "Ann", "role": "CFO\nCEO"}, "contacts[0].role", "control_character"),
    ],
)
def test_invalid_contact_is_reported_with_its_position(contact, field, code):
    assert problems_of(contacts=[contact])[field].code == code


def test_every_contact_problem_is_reported_with_the_client_problems():
    found = problems_of(
        name="",
        contacts=[{"name": "Ok"}, {"name": "", "email": "x", "phone": "none"}],
    )
    assert set(found) == {"name", "contacts[1].name", "contacts[1].email", "contacts[1].phone"}
    assert found["contacts[1].name"].message == "The name of contact 2 cannot be empty."


def test_clean_contact_accepts_a_contact_object():
    assert clean_contact(Contact(name="Ann", email=" ")) == Contact(name="Ann")


@pytest.mark.parametrize(("current", "target"), list(itertools.product(ClientStatus, repeat=2)))
def test_client_status_moves_follow_the_table(current, target):
    client = client_in(current)
    if (current, target) in ALLOWED:
        client.move_to(target)
        assert client.status is target
    else:
        with pytest.raises(RuleViolation) as caught:
            client.move_to(target)
        assert caught.value.code == ("no_change" if current == target else "invalid_transition")
        assert client.status is current


def test_transition_table_matches_the_documented_moves():
    moves = {(a, b) for a in ClientStatus for b in CLIENT_TRANSITIONS.allowed(a)}
    assert moves == ALLOWED


@pytest.mark.parametrize("typed", ["Archived", " archived ", "ARCHIVED"])
def test_status_typed_by_a_person_is_understood(typed):
    client = client_in(ClientStatus.ACTIVE)
    client.move_to(typed)
    assert client.status is ClientStatus.ARCHIVED


def test_unknown_status_lists_the_valid_ones():
    with pytest.raises(RuleViolation) as caught:
        client_in(ClientStatus.ACTIVE).move_to("deleted")
    assert caught.value.problems[0].message == (
        "'deleted' is not a valid client status; choose one of: active, archived."
    )
