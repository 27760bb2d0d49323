"""The organisation's invoicing settings: admins set them through their checks (every problem at once, nothing
written on error), they are stored, and new lines and numbers follow them."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from helpers import acting, raw_rows

from app.domain.errors import RuleViolation
from app.domain.tax import VatCategory
from app.services import clients, invoice_drafts, invoice_issue, people
from app.services.invoicing_settings import MAX_LOGO_BYTES, update_invoicing, update_organisation

PNG = b"\x89PNG\r\n\x1a\n" + bytes(24)
JPEG = b"\xff\xd8\xff\xe0" + bytes(24)


def update(ledger, email: str | None = None, **fields: Any):  # type: ignore[no-untyped-def]
    with acting(ledger, email) as (uow, actor):
        org = update_invoicing(uow, actor, **fields)
        uow.commit()
    return org


def stored(ledger) -> tuple[Any, ...]:  # type: ignore[no-untyped-def]
    with acting(ledger, read=True) as (_, actor):
        org = actor.org
        return (
            org.address,
            org.tax_id,
            org.bank_details,
            org.default_tax_rate,
            org.invoice_pattern,
            org.credit_note_pattern,
            org.quote_pattern,
            org.numbering_yearly,
            org.logo,
            org.version,
        )


def refused(ledger, **fields: Any) -> dict[str, str]:  # type: ignore[no-untyped-def]
    """The problems by field, after checking that nothing was written."""
    before = raw_rows(ledger.db.path, "SELECT * FROM organisations")
    with pytest.raises(RuleViolation) as caught:
        update(ledger, **fields)
    assert raw_rows(ledger.db.path, "SELECT * FROM organisations") == before
    return {p.field: p.message for p in caught.value.problems}  # type: ignore[misc]


def test_a_new_organisation_numbers_by_year_with_no_letterhead_and_no_vat(team) -> None:  # type: ignore[no-untyped-def]
    assert stored(team.ledger)[:-1] == (
        "",
        "",
        "",
        Decimal(0),
        "{YYYY}-{SEQ:4}",
        "CN-{YYYY}-{SEQ:4}",
        "Q-{YYYY}-{SEQ:4}",
        True,
        None,
    )


def test_an_admin_sets_the_letterhead_vat_numbering_and_logo_and_they_are_stored(team) -> None:  # type: ignore[no-untyped-def]
    version = stored(team.ledger)[-1]
    update(
        team.ledger,
        address="  Hauptstraße 1\n10115 Berlin  ",
        tax_id=" DE 123 456 789 ",
        bank_details="IBAN DE89 3704 0044 0532 0130 00\nBIC COBADEFFXXX",
        default_tax_rate="19 %",
        invoice_pattern=" INV-{YY}{MM}-{SEQ:3} ",
        credit_note_pattern="CR-{YYYY}-{SEQ}",
        quote_pattern="Q{YY}-{SEQ:2}",
        logo=PNG,
    )

    assert stored(team.ledger) == (
        "Hauptstraße 1\n10115 Berlin",
        "DE 123 456 789",
        "IBAN DE89 3704 0044 0532 0130 00\nBIC COBADEFFXXX",
        Decimal(19),
        "INV-{YY}{MM}-{SEQ:3}",
        "CR-{YYYY}-{SEQ}",
        "Q{YY}-{SEQ:2}",
        True,
        PNG,
        version + 1,
    )


def test_settings_left_out_stay_and_a_logo_can_be_replaced_and_removed(team) -> None:  # type: ignore[no-untyped-def]
    update(team.ledger, address="Hauptstraße 1", logo=PNG)
    update(team.ledger, logo=JPEG)
    assert stored(team.ledger)[0] == "Hauptstraße 1" and stored(team.ledger)[-2] == JPEG

    update(team.ledger, logo=None)

    assert stored(team.ledger)[0] == "Hauptstraße 1" and stored(team.ledger)[-2] is None


def test_every_bad_setting_is_refused_at_once_and_nothing_is_written(team) -> None:  # type: ignore[no-untyped-def]
    problems = refused(
        team.ledger,
        address="Hauptstraße 1\x00",
        tax_id="DE\n123",
        bank_details="x" * 1_001,
        default_tax_rate="101",
        invoice_pattern="{YYYY}-{NUMBER}",
        credit_note_pattern="CN-{SEQ}",  # restarts every year but would not show it
        quote_pattern="Q-{YYYY}",
        logo=b"GIF89a" + bytes(10),
    )

    assert set(problems) == {
        "address",
        "tax_id",
        "bank_details",
        "default_tax_rate",
        "invoice_pattern",
        "credit_note_pattern",
        "quote_pattern",
        "logo",
    }
    assert problems["default_tax_rate"] == "'101' is not a percentage from 0 to 100; use digits such as 19 or 7.5."
    assert "{NUMBER} unknown" in problems["invoice_pattern"]
    assert "must show the year" in problems["credit_note_pattern"]
    assert problems["quote_pattern"] == "A number pattern needs exactly one {SEQ} or {SEQ:n}."
    assert problems["logo"] == "The logo must be a PNG or JPEG image; this file is neither."


@pytest.mark.parametrize(
    ("logo", "message"),
    [
        (b"", "The logo file is empty; choose a PNG or JPEG image."),
        (PNG + bytes(MAX_LOGO_BYTES), "The logo can be at most 1 MB (1,048,576 bytes)"),
        (b"<svg xmlns='http://www.w3.org/2000/svg'/>", "The logo must be a PNG or JPEG image"),
    ],
)
def test_a_logo_must_be_a_png_or_jpeg_of_at_most_one_megabyte(team, logo: bytes, message: str) -> None:  # type: ignore[no-untyped-def]
    assert message in refused(team.ledger, logo=logo)["logo"]


def test_a_logo_of_exactly_one_megabyte_is_taken(team) -> None:  # type: ignore[no-untyped-def]
    logo = PNG + bytes(MAX_LOGO_BYTES - len(PNG))
    assert update(team.ledger, logo=logo).logo == logo


def test_numbers_that_restart_yearly_must_show_the_year_the_stored_patterns_too(team) -> None:  # type: ignore[no-untyped-def]
    update(team.ledger, numbering_yearly=False, invoice_pattern="INV-{SEQ:5}")

    problems = refused(team.ledger, numbering_yearly=True)

    assert list(problems) == ["invoice_pattern"]
    assert "must show the year" in problems["invoice_pattern"]
    update(team.ledger, numbering_yearly=True, invoice_pattern="INV-{YYYY}-{SEQ:5}")
    assert stored(team.ledger)[4] == "INV-{YYYY}-{SEQ:5}"


def test_yes_or_no_is_the_only_answer_for_yearly_numbering(team) -> None:  # type: ignore[no-untyped-def]
    assert "say yes or no" in refused(team.ledger, numbering_yearly="sometimes")["numbering_yearly"]


@pytest.mark.parametrize("role", ["consultant", "manager"])
def test_only_admins_change_the_invoicing_settings(team, role: str) -> None:  # type: ignore[no-untyped-def]
    with acting(team.ledger) as (uow, admin):
        people.add_user(uow, admin, name="Mia", email="mia@acme.example", role=role)
        uow.commit()
    before = stored(team.ledger)

    with pytest.raises(RuleViolation, match=f"Only admins can change the organisation's settings; you are a {role}."):
        update(team.ledger, "mia@acme.example", default_tax_rate="19")

    assert stored(team.ledger) == before


def test_new_lines_take_the_default_vat_and_finalised_invoices_the_new_pattern(team) -> None:  # type: ignore[no-untyped-def]
    update(team.ledger, default_tax_rate="7.5", invoice_pattern="INV-{SEQ:5}", numbering_yearly=False)

    with acting(team.ledger) as (uow, admin):
        draft = invoice_drafts.new_draft(uow, admin, clients.find_client(uow, admin.org, "Globex"))
        line = invoice_drafts.add_line(uow, admin, draft, description="Workshop", quantity="1", unit_price="200")
        invoice_issue.finalise(uow, admin, draft)
        uow.commit()

    assert (line.vat_category, line.vat_rate) == (VatCategory.STANDARD, Decimal("7.5"))
    assert (draft.number, str(draft.tax.amount), str(draft.total.amount)) == ("INV-00001", "15.00", "215.00")


def test_the_settings_form_saves_general_and_invoicing_settings_in_one_write(team) -> None:  # type: ignore[no-untyped-def]
    version = stored(team.ledger)[-1]
    general = dict(
        name="Acme Consulting",
        time_zone="Europe/Berlin",
        week_start=0,
        productive_day="6:00",
        billing_increment="0:15",
        rounding="up",
        minimum_entry="0:15",
        approval_required=True,
    )
    with acting(team.ledger) as (uow, admin):
        update_organisation(uow, admin, invoicing={"address": "Hauptstraße 1", "default_tax_rate": "19"}, **general)
        uow.commit()
    assert stored(team.ledger)[0] == "Hauptstraße 1" and stored(team.ledger)[3] == Decimal(19)
    assert stored(team.ledger)[-1] == version + 1

    before = raw_rows(team.ledger.db.path, "SELECT * FROM organisations")
    with acting(team.ledger) as (uow, admin), pytest.raises(RuleViolation) as caught:
        update_organisation(uow, admin, invoicing={"default_tax_rate": "abc"}, **{**general, "name": ""})
    assert {p.field for p in caught.value.problems} == {"default_tax_rate", "name"}
    assert raw_rows(team.ledger.db.path, "SELECT * FROM organisations") == before
