"""Invoice templates on a real SQLite file: stored, exported and imported as JSON, the default, the template of a
client, and the invoice printed in the template it should be (read back with pypdf)."""

from __future__ import annotations

import json
import sqlite3
from io import BytesIO
from pathlib import Path

import pytest
from helpers import acting, count, raw_rows
from pypdf import PdfReader

from app.documents.pdf import render_pdf
from app.domain.errors import RuleViolation
from app.domain.invoice_template import CustomField, InvoiceTemplate, TemplateLogo
from app.resources import resource
from app.services import invoice_drafts, invoice_issue, invoice_templates
from app.services.clients import add_client, find_client
from app.services.invoice_templates import invoice_document
from app.shipped_templates import shipped_template

GERMAN = InvoiceTemplate(
    name="Deutsch",
    language="de",
    locale="de_DE",
    date_style="medium",
    custom_fields=(CustomField("Bestellnummer", "{invoice.purchase_order}"),),
    payment_instructions="Bitte überweisen Sie {invoice.total} bis {invoice.due_date}.",
    footer=("{org.name} · {invoice.heading}", "", ""),
)


def act(ledger, do):  # type: ignore[no-untyped-def]
    with acting(ledger) as (uow, admin):
        result = do(uow, admin)
        uow.commit()
    return result


def read(ledger, do):  # type: ignore[no-untyped-def]
    with acting(ledger, read=True) as (uow, admin):
        return do(uow, admin)


def names(ledger) -> list[tuple[str, bool, bool]]:  # type: ignore[no-untyped-def]
    return [(e.name, e.shipped, e.is_default) for e in read(ledger, invoice_templates.list_templates)]


def issued_invoice(ledger, client: str = "Globex", purchase_order: str = "PO-4711"):  # type: ignore[no-untyped-def]
    def make(uow, admin):  # type: ignore[no-untyped-def]
        invoice = invoice_drafts.new_draft(uow, admin, find_client(uow, admin.org, client))
        invoice_drafts.add_line(uow, admin, invoice, description="Beratung", quantity="1.5", unit_price="1234.50")
        invoice_drafts.set_purchase_order(uow, admin, invoice, purchase_order)
        return invoice_issue.finalise(uow, admin, invoice).id

    invoice_id = act(ledger, make)
    return read(ledger, lambda uow, admin: uow.invoices.get(invoice_id))


def printed(ledger, invoice) -> str:  # type: ignore[no-untyped-def]
    document, template = read(ledger, lambda uow, admin: invoice_document(uow, admin, invoice))
    pdf = render_pdf(document, template)
    return "\n".join(page.extract_text() for page in PdfReader(BytesIO(pdf)).pages).replace("\xa0", " ")


def test_a_new_organisation_has_the_shipped_templates_and_prints_in_classic(team):
    assert names(team.ledger) == [("Classic", True, True), ("Modern", True, False)]
    invoice = issued_invoice(team.ledger)

    shown = printed(team.ledger, invoice)

    assert f"Invoice {invoice.number}" in shown and "PURCHASE ORDER" in shown and "PO-4711" in shown


def test_a_saved_template_becomes_the_default_and_every_invoice_prints_in_it(team, db_path: Path):
    act(team.ledger, lambda uow, admin: invoice_templates.save_template(uow, admin, GERMAN))
    act(team.ledger, lambda uow, admin: invoice_templates.set_default(uow, admin, "deutsch"))
    invoice = issued_invoice(team.ledger)

    shown = printed(team.ledger, invoice)

    assert f"Rechnung {invoice.number}" in shown
    assert "BESTELLNUMMER" in shown and "PO-4711" in shown
    assert "1.851,75 EUR" in shown
    assert "Bitte überweisen Sie 1.851,75 EUR bis 20.12.2026." in shown
    assert "Zahlbar innerhalb von 30 Tagen (bis 20.12.2026)." in shown
    assert "Seite 1 von 1" in shown
    assert names(team.ledger) == [("Deutsch", False, True), ("Classic", True, False), ("Modern", True, False)]
    assert count(db_path, "invoice_templates", "is_default") == 1


def test_a_client_s_template_wins_over_the_default(team):
    ledger = team.ledger
    act(ledger, lambda uow, admin: invoice_templates.save_template(uow, admin, GERMAN))
    act(ledger, lambda uow, admin: invoice_templates.set_default(uow, admin, "Deutsch"))
    act(ledger, lambda uow, admin: add_client(uow, admin, name="Initech", email="ap@initech.example"))
    act(
        ledger,
        lambda uow, admin: invoice_templates.choose_for_client(
            uow, admin, find_client(uow, admin.org, "Initech"), "Modern"
        ),
    )
    invoice = issued_invoice(ledger, "Initech")

    shown = printed(ledger, invoice)

    assert "Invoice\n" in shown and invoice.number in shown and "FROM" in shown  # the modern title, in English
    assert "Rechnung" not in shown
    entries = {e.name: e for e in read(ledger, invoice_templates.list_templates)}
    assert not entries["Modern"].shipped and entries["Modern"].clients == 1  # chosen: kept as the organisation's
    act(
        ledger,
        lambda uow, admin: invoice_templates.choose_for_client(
            uow, admin, find_client(uow, admin.org, "Initech"), "default"
        ),
    )
    assert "Rechnung" in printed(ledger, invoice)


def test_export_and_import_carry_every_setting_and_the_logo(team, tmp_path: Path):
    logo = resource("demo", "logo.png").read_bytes()
    template = GERMAN.changed(name="Mit Logo", logo=TemplateLogo(logo, width=40, position="right"))
    act(team.ledger, lambda uow, admin: invoice_templates.save_template(uow, admin, template))

    exported = read(team.ledger, lambda uow, admin: invoice_templates.export_template(uow, admin, "mit logo"))
    act(team.ledger, lambda uow, admin: invoice_templates.delete_template(uow, admin, "Mit Logo"))
    imported = act(team.ledger, lambda uow, admin: invoice_templates.import_template(uow, admin, exported))

    assert imported.template == template
    assert (
        read(team.ledger, lambda uow, admin: uow.invoice_templates.by_name(admin.org.id, "MIT LOGO")).template
        == template
    )


def test_importing_a_name_that_exists_is_refused_unless_replacing(team, db_path: Path):
    act(team.ledger, lambda uow, admin: invoice_templates.save_template(uow, admin, GERMAN))
    changed = GERMAN.changed(accent="#AA0000").to_json()

    with pytest.raises(RuleViolation) as refused:
        act(team.ledger, lambda uow, admin: invoice_templates.import_template(uow, admin, changed))
    act(team.ledger, lambda uow, admin: invoice_templates.import_template(uow, admin, changed, replace=True))

    assert "already exists; import with --replace" in str(refused.value)
    assert count(db_path, "invoice_templates", "deleted_at IS NULL") == 1
    assert read(
        team.ledger, lambda uow, admin: uow.invoice_templates.by_name(admin.org.id, "Deutsch")
    ).template.accent == ("#AA0000")


def test_a_template_with_problems_is_refused_whole_and_nothing_is_written(team, db_path: Path):
    bad = GERMAN.changed(header="{client.nmae}", accent="red", locale="xx")

    with pytest.raises(RuleViolation) as refused:
        act(team.ledger, lambda uow, admin: invoice_templates.save_template(uow, admin, bad))
    with pytest.raises(RuleViolation) as refused_import:
        act(team.ledger, lambda uow, admin: invoice_templates.import_template(uow, admin, bad.to_json()))

    assert {p.field for p in refused.value.problems} == {"header", "accent", "locale"}
    assert {p.field for p in refused_import.value.problems} == {"header", "accent", "locale"}
    assert count(db_path, "invoice_templates") == 0


def test_two_templates_cannot_share_a_name_whatever_its_case(team):
    act(team.ledger, lambda uow, admin: invoice_templates.save_template(uow, admin, GERMAN))

    with pytest.raises(RuleViolation) as refused:
        act(team.ledger, lambda uow, admin: invoice_templates.save_template(uow, admin, GERMAN.changed(name="DEUTSCH")))

    assert str(refused.value) == "A template called Deutsch already exists; choose another name."


def test_editing_a_saved_template_keeps_its_identity_and_its_clients(team):
    ledger = team.ledger
    saved = act(ledger, lambda uow, admin: invoice_templates.save_template(uow, admin, GERMAN))
    act(
        ledger,
        lambda uow, admin: invoice_templates.choose_for_client(
            uow, admin, find_client(uow, admin.org, "Globex"), "Deutsch"
        ),
    )

    renamed = act(
        ledger,
        lambda uow, admin: invoice_templates.save_template(
            uow, admin, GERMAN.changed(name="Deutsch (neu)"), replacing=saved.id
        ),
    )

    assert renamed.id == saved.id and renamed.version == 2
    assert (
        read(
            ledger,
            lambda uow, admin: invoice_templates.client_template_name(
                uow, admin, find_client(uow, admin.org, "Globex").id
            ),
        )
        == "Deutsch (neu)"
    )


def test_deleting_a_template_sends_its_clients_back_to_the_default(team, db_path: Path):
    ledger = team.ledger
    act(ledger, lambda uow, admin: invoice_templates.save_template(uow, admin, GERMAN))
    act(
        ledger,
        lambda uow, admin: invoice_templates.choose_for_client(
            uow, admin, find_client(uow, admin.org, "Globex"), "Deutsch"
        ),
    )

    moved = act(ledger, lambda uow, admin: invoice_templates.delete_template(uow, admin, "Deutsch"))

    assert moved == 1
    assert raw_rows(db_path, "SELECT template_id FROM clients") == [(None,)]
    assert "Rechnung" not in printed(ledger, issued_invoice(ledger))
    with pytest.raises(RuleViolation) as refused:
        act(ledger, lambda uow, admin: invoice_templates.delete_template(uow, admin, "Classic"))
    assert "shipped with Timeledger; it cannot be deleted" in str(refused.value)


def test_duplicates_get_a_free_name(team):
    first = act(team.ledger, lambda uow, admin: invoice_templates.duplicate_template(uow, admin, "Modern"))
    second = act(team.ledger, lambda uow, admin: invoice_templates.duplicate_template(uow, admin, "Modern"))

    assert (first.name, second.name) == ("Modern copy", "Modern copy 2")
    assert first.template == shipped_template("modern").changed(name="Modern copy")


def test_an_unknown_template_is_named_with_the_ones_there_are(team):
    with pytest.raises(RuleViolation) as refused:
        read(team.ledger, lambda uow, admin: invoice_templates.find_template(uow, admin, "Fancy"))

    assert str(refused.value) == "There is no template 'Fancy'; there are Classic, Modern."


def test_consultants_cannot_change_templates(team):
    with acting(team.ledger, team.consultant_email) as (uow, carl), pytest.raises(RuleViolation) as refused:
        invoice_templates.save_template(uow, carl, GERMAN)

    assert refused.value.code == "not_allowed" or "manager" in str(refused.value).lower()


def test_a_credit_note_prints_the_invoice_it_cancels_in_the_template_s_language(team):
    ledger = team.ledger
    act(ledger, lambda uow, admin: invoice_templates.save_template(uow, admin, GERMAN))
    act(ledger, lambda uow, admin: invoice_templates.set_default(uow, admin, "Deutsch"))
    invoice = issued_invoice(ledger)
    note = act(ledger, lambda uow, admin: invoice_issue.credit(uow, admin, uow.invoices.get(invoice.id)))

    shown = printed(ledger, note)

    assert f"Rechnungskorrektur {note.number}" in shown
    assert f"Korrektur der Rechnung {invoice.number}" in shown
    assert "Bitte überweisen" not in shown  # nothing to pay on a credit note


def test_an_edited_classic_replaces_the_shipped_one_as_the_default(team):
    act(
        team.ledger,
        lambda uow, admin: invoice_templates.save_template(
            uow, admin, shipped_template("classic").changed(language="fr")
        ),
    )

    assert names(team.ledger) == [("Classic", False, True), ("Modern", True, False)]
    assert "Facture" in printed(team.ledger, issued_invoice(team.ledger))


def test_a_template_stored_by_a_newer_version_is_read_as_far_as_it_can_be(team, db_path: Path):
    saved = act(team.ledger, lambda uow, admin: invoice_templates.save_template(uow, admin, GERMAN))
    act(team.ledger, lambda uow, admin: invoice_templates.set_default(uow, admin, "Deutsch"))
    with sqlite3.connect(db_path) as connection:
        spec = json.loads(connection.execute("SELECT spec FROM invoice_templates").fetchone()[0])
        spec.update(version=7, watermark="CONFIDENTIAL", language="tlh")
        connection.execute("UPDATE invoice_templates SET spec = ?", (json.dumps(spec),))

    found = read(team.ledger, lambda uow, admin: invoice_templates.find_template(uow, admin, "Deutsch"))

    assert found.saved.id == saved.id and found.template.locale == "de_DE" and found.template.language == "tlh"
    shown = printed(team.ledger, issued_invoice(team.ledger))
    assert "Invoice" in shown and "1.851,75 EUR" in shown  # an unknown language in English, the locale kept
