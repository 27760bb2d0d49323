"""The e-invoice details in the forms: the organisation's in Settings and the client's in its form, typed, saved,
read back through the services; bad values refused under their fields with nothing saved."""

from __future__ import annotations

from typing import Any

from desk_helpers import settle
from PySide6.QtCore import Qt

from app.services.clients import find_client
from app.services.identity import current_actor
from app.ui.views.catalogue import CatalogueView
from app.ui.views.settings import SettingsView

ORGANISATION = {
    "legal_name": "Acme Consulting GmbH",
    "street": "Hauptstraße 1",
    "postcode": "10115",
    "city": "Berlin",
    "country": "de",
    "electronic_address": "invoices@acme.example",
    "contact_name": "Ada Admin",
    "contact_phone": "+49 30 1234567",
    "contact_email": "ada@acme.example",
    "iban": "DE89 3704 0044 0532 0130 00",
    "bic": "cobadeffxxx",
}
CLIENT = {
    "street": "1 rue de la Paix",
    "postcode": "75002",
    "city": "Paris",
    "country": "fr",
    "electronic_address": "einvoices@globex.example",
    "buyer_reference": "04011000-12345-03",
}


def type_into(qtbot, edit, text: str) -> None:  # type: ignore[no-untyped-def]
    edit.clear()
    edit.setFocus()
    qtbot.keyClicks(edit, text)


def stored_org(ledger, *fields: str) -> dict[str, Any]:  # type: ignore[no-untyped-def]
    with ledger.read() as uow:
        org = current_actor(uow).org
        return {name: getattr(org, name) for name in (*fields, "tax_id", "version")}


def stored_client(ledger, *fields: str) -> dict[str, Any]:  # type: ignore[no-untyped-def]
    with ledger.read() as uow:
        client = find_client(uow, current_actor(uow).org, "Globex")
        return {name: getattr(client, name) for name in (*fields, "tax_id", "version")}


def settings(qtbot, ctx) -> SettingsView:  # type: ignore[no-untyped-def]
    view = SettingsView(ctx)
    qtbot.addWidget(view)
    view.resize(900, 1400)
    view.show()

    settle(qtbot, ctx)
    return view


def test_the_organisation_s_details_are_saved_and_shown_as_stored(qtbot, ctx, team) -> None:  # type: ignore[no-untyped-def]
    view = settings(qtbot, ctx)
    org = view.organisation
    assert org.details["electronic_address_scheme"].text() == "EM"
    for name, value in ORGANISATION.items():
        type_into(qtbot, org.details[name], value)
    type_into(qtbot, org.tax_id, "DE 136 695 976")

    with qtbot.waitSignal(ctx.events.settings_changed):
        qtbot.mouseClick(org.save, Qt.MouseButton.LeftButton)
    settle(qtbot, ctx)

    assert org.form.shown() == {}
    assert view.message.text() == "Organisation settings saved."
    stored = stored_org(team.ledger, *ORGANISATION)
    assert stored | {"version": 0} == ORGANISATION | {
        "country": "DE",
        "iban": "DE89370400440532013000",
        "bic": "COBADEFFXXX",
        "tax_id": "DE136695976",
        "version": 0,
    }
    assert (org.details["iban"].text(), org.tax_id.text()) == ("DE89370400440532013000", "DE136695976")


def test_a_bad_iban_is_refused_under_its_field_and_nothing_is_saved(qtbot, ctx, team) -> None:  # type: ignore[no-untyped-def]
    view = settings(qtbot, ctx)
    org = view.organisation
    before = stored_org(team.ledger, *ORGANISATION)
    type_into(qtbot, org.details["street"], "Hauptstraße 1")
    type_into(qtbot, org.details["iban"], "DE89 3704 0044 0532 0130 01")
    type_into(qtbot, org.details["country"], "Germany")
    type_into(qtbot, org.tax_id, "DE123456789")

    qtbot.mouseClick(org.save, Qt.MouseButton.LeftButton)

    settle(qtbot, ctx)

    shown = org.form.shown()
    assert set(shown) == {"iban", "country", "tax_id"}
    assert shown["iban"] == (
        "'DE89 3704 0044 0532 0130 01' is not a valid IBAN; check the country code and the digits (the check digits "
        "do not match)."
    )
    assert shown["country"].startswith("'Germany' is not a country code;")
    assert shown["tax_id"].startswith("'DE123456789' is not a valid VAT id;")
    assert stored_org(team.ledger, *ORGANISATION) == before
    assert org.details["street"].text() == "Hauptstraße 1"  # what was typed stays, to be corrected


def client_dialog(qtbot, ctx):  # type: ignore[no-untyped-def]
    view = CatalogueView(ctx)
    qtbot.addWidget(view)
    view.resize(1000, 700)
    view.show()
    settle(qtbot, ctx)
    view.open_client(view.clients.model.rows[0])
    dialog = view.dialogs.current
    assert dialog is not None and dialog.isVisible()
    return view, dialog


def test_the_client_s_details_are_saved_with_the_rest_of_its_form(qtbot, ctx, team) -> None:  # type: ignore[no-untyped-def]
    _, dialog = client_dialog(qtbot, ctx)
    for name, value in CLIENT.items():
        type_into(qtbot, dialog.details[name], value)
    type_into(qtbot, dialog.tax_id, "FR 40 303 265 045")
    type_into(qtbot, dialog.name, "Globex")

    with qtbot.waitSignal(ctx.events.catalogue_changed):
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    settle(qtbot, ctx)

    assert dialog.result() == dialog.DialogCode.Accepted
    stored = stored_client(team.ledger, *CLIENT, "electronic_address_scheme")
    assert {name: stored[name] for name in (*CLIENT, "tax_id", "electronic_address_scheme")} == CLIENT | {
        "country": "FR",
        "tax_id": "FR40303265045",
        "electronic_address_scheme": "EM",
    }

    _, again = client_dialog(qtbot, ctx)  # the form opens with what was stored
    assert again.details["buyer_reference"].text() == "04011000-12345-03"
    assert again.tax_id.text() == "FR40303265045"


def test_bad_client_details_are_refused_per_field_with_the_rest_and_nothing_saved(qtbot, ctx, team) -> None:  # type: ignore[no-untyped-def]
    _, dialog = client_dialog(qtbot, ctx)
    before = stored_client(team.ledger, *CLIENT, "email")
    type_into(qtbot, dialog.details["street"], "1 rue de la Paix")
    type_into(qtbot, dialog.details["country"], "XX")
    type_into(qtbot, dialog.details["electronic_address"], "not an address")
    type_into(qtbot, dialog.tax_id, "FR00000000000")
    type_into(qtbot, dialog.email, "nobody")

    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    settle(qtbot, ctx)

    assert dialog.isVisible()
    shown = dialog.form.shown()
    assert set(shown) == {"country", "electronic_address", "tax_id", "email"}
    assert shown["country"].startswith("'XX' is not a country code;")
    assert shown["electronic_address"].startswith("The electronic address 'not an address' is not an email address")
    assert shown["tax_id"].startswith("'FR00000000000' is not a valid VAT id;")
    assert stored_client(team.ledger, *CLIENT, "email") == before
