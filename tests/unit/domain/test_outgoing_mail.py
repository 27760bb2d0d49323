"""The message about to leave: recipients as typed, and the mail template's placeholders."""

from __future__ import annotations

import pytest

from app.domain.errors import RuleViolation
from app.domain.mail_template import check_body, check_subject, fill, one_line
from app.domain.outgoing_mail import RECIPIENTS_MAX, clean_recipients, missing_settings


def test_recipients_may_be_typed_with_commas_semicolons_or_spaces_and_repeat_only_once():
    assert clean_recipients(["AP@Globex.example; boss@globex.example", " ap@globex.example  x@y.example"]) == (
        "ap@globex.example",
        "boss@globex.example",
        "x@y.example",
    )


def test_every_bad_recipient_is_said_at_once_and_none_at_all_is_refused():
    with pytest.raises(RuleViolation) as bad:
        clean_recipients(["nobody, a@b.example, also@wrong"])
    with pytest.raises(RuleViolation) as none:
        clean_recipients([" , "])
    with pytest.raises(RuleViolation) as many:
        clean_recipients([f"p{n}@globex.example" for n in range(RECIPIENTS_MAX + 1)])

    assert [p.message for p in bad.value.problems] == [
        "Email 'nobody' is not a valid address.",
        "Email 'also@wrong' is not a valid address.",
    ]
    assert none.value.problems[0].message == "Give at least one address in to."
    assert many.value.code == "too_many_recipients"


def test_the_mail_settings_needed_are_named_each_under_its_field():
    assert [p.field for p in missing_settings(" ", "")] == ["smtp_host", "smtp_sender"]
    assert missing_settings("smtp.example", "billing@acme.example") == []


def test_templates_are_filled_and_braces_can_be_written():
    text = "{invoice.title} {invoice.number} for {client.name} {{ref}}"

    assert fill(text, {"invoice.title": "Invoice", "invoice.number": "7", "client.name": "Globex"}, "mail_body") == (
        "Invoice 7 for Globex {ref}"
    )


def test_unknown_placeholders_and_stray_braces_are_refused_all_at_once():
    with pytest.raises(RuleViolation) as refused:
        check_body("Dear {client.nam}, {invoice.total}} {whatever} {client.nam}")

    assert [p.message for p in refused.value.problems] == [
        "The mail body names {client.nam}, which is not a placeholder; did you mean {client.name}?",
        "The mail body has a brace that opens or closes no placeholder; write placeholders like {invoice.number}, "
        "and {{ or }} for a brace itself.",
        "The mail body names {whatever}, which is not a placeholder; the designer lists the placeholders there are.",
    ]


def test_a_subject_is_one_line_and_not_empty():
    with pytest.raises(RuleViolation) as two_lines:
        check_subject("Invoice\n{invoice.number}")
    with pytest.raises(RuleViolation) as empty:
        check_subject("  ")

    assert two_lines.value.code == "control_character"
    assert empty.value.code == "required"
    assert check_subject(" {invoice.title} {invoice.number} ") == "{invoice.title} {invoice.number}"
    assert one_line("Invoice for Globex\nLtd ") == "Invoice for Globex Ltd"
