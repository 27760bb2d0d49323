"""Export e-invoice… in the Invoices section: offered for issued invoices only, the details a format still needs
listed one a line with where to set them (and nothing written), and real Factur-X and XRechnung files written off
the GUI thread, read back with pypdf and lxml."""

from __future__ import annotations

from decimal import Decimal
from io import BytesIO
from pathlib import Path

from desk_helpers import settle
from lxml import etree
from pypdf import PdfReader

from app.domain.tax import Vat
from app.services import clients, invoice_drafts, invoice_issue, invoicing_settings
from app.services.clients import find_client
from app.services.identity import current_actor
from app.ui.einvoice_dialog import EInvoiceDialog
from app.ui.views.invoices import InvoicesView

SELLER = dict(
    vat_id="DE 136 695 976",
    legal_name="Acme Consulting GmbH",
    street="Hauptstraße 1",
    postcode="10115",
    city="Berlin",
    country="de",
    iban="DE89 3704 0044 0532 0130 00",
    bic="COBADEFFXXX",
    electronic_address="invoices@acme.example",
    contact_name="Ada Admin",
    contact_phone="+49 30 1234567",
    contact_email="ada@acme.example",
)
BUYER = dict(
    vat_id="FR40303265045",
    street="1 rue de la Paix",
    postcode="75002",
    city="Paris",
    country="FR",
    electronic_address="einvoices@globex.example",
    buyer_reference="04011000-12345-03",
)
CII = {"rsm": "urn:un:unece:uncefact:data:standard:CrossIndustryInvoice:100"}
RAM = {"ram": "urn:un:unece:uncefact:data:standard:ReusableAggregateBusinessInformationEntity:100"}
UBL = {"cbc": "urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2"}


def issue(team, *, finalise: bool = True) -> None:  # type: ignore[no-untyped-def]
    """Invoice 2026-0001 to Globex over 1,190.00 EUR (or, unfinalised, a draft)."""
    with team.ledger.work() as uow:
        actor = current_actor(uow)
        bill = invoice_drafts.new_draft(uow, actor, find_client(uow, actor.org, "Globex"))
        invoice_drafts.add_line(
            uow, actor, bill, description="Audit", quantity="10", unit_price="100", vat=Vat.at(Decimal(19))
        )
        if finalise:
            invoice_issue.finalise(uow, actor, bill)
        uow.commit()


def set_details(team) -> None:  # type: ignore[no-untyped-def]
    with team.ledger.work() as uow:
        actor = current_actor(uow)
        invoicing_settings.update_invoicing(uow, actor, **SELLER)
        clients.update_details(uow, actor, find_client(uow, actor.org, "Globex"), **BUYER)
        uow.commit()


def opened(qtbot, ctx) -> InvoicesView:  # type: ignore[no-untyped-def]
    view = InvoicesView(ctx)
    qtbot.addWidget(view)
    view.resize(1280, 800)
    view.show()
    qtbot.waitUntil(lambda: view.page is not None and not ctx.runner.busy, timeout=10_000)
    return view


def export_dialog(qtbot, ctx, view: InvoicesView) -> EInvoiceDialog:  # type: ignore[no-untyped-def]
    view.actions["export_einvoice"].trigger()
    dialog = view.dialogs.current
    assert isinstance(dialog, EInvoiceDialog) and dialog.isVisible()
    settle(qtbot, ctx)
    return dialog


def choose(qtbot, ctx, dialog: EInvoiceDialog, label: str) -> None:  # type: ignore[no-untyped-def]
    dialog.format.setCurrentIndex(dialog.format.findText(label))
    settle(qtbot, ctx)


def export(qtbot, ctx, dialog: EInvoiceDialog, path: Path) -> None:  # type: ignore[no-untyped-def]
    with qtbot.waitSignal(dialog.exported, timeout=30_000):
        dialog.submit(path)
    settle(qtbot, ctx)


def test_a_draft_is_not_offered_as_an_e_invoice(qtbot, ctx, team) -> None:  # type: ignore[no-untyped-def]
    issue(team, finalise=False)
    view = opened(qtbot, ctx)

    assert not view.actions["export_einvoice"].isEnabled()
    assert view.actions["export_einvoice"].toolTip() == (
        "Only a finalised invoice or credit note with its number becomes an e-invoice."
    )
    assert view.export_einvoice() is None


def test_missing_details_are_listed_one_a_line_and_nothing_is_written(qtbot, ctx, team, tmp_path) -> None:  # type: ignore[no-untyped-def]
    issue(team)
    view = opened(qtbot, ctx)
    dialog = export_dialog(qtbot, ctx, view)

    assert dialog.windowTitle() == "Export invoice 2026-0001 as an e-invoice"
    lines = dialog.missing_lines()
    assert lines[:5] == [
        "Organisation: Street is missing; set it in Settings, under E-invoice details.",
        "Organisation: Postcode is missing; set it in Settings, under E-invoice details.",
        "Organisation: City is missing; set it in Settings, under E-invoice details.",
        "Organisation: Country is missing; set it in Settings, under E-invoice details.",
        "Organisation: VAT ID (or, without one, Tax number) is missing; set it in Settings, under E-invoice details.",
    ]
    assert "Globex: Street is missing; set it in Globex's form (Clients & projects, Edit client)." in lines
    assert "Globex: Buyer reference is missing" not in " ".join(lines)  # Factur-X does without it
    assert dialog.missing.isVisible() and dialog.missing.text().startswith("Factur-X PDF needs these details first:")
    assert not dialog.save_button.isEnabled()

    choose(qtbot, ctx, dialog, "XRechnung XML")
    xrechnung = dialog.missing_lines()
    assert len(xrechnung) > len(lines)
    assert "Globex: Buyer reference is missing; set it in Globex's form (Clients & projects, Edit client)." in xrechnung
    assert "Organisation: Contact phone is missing; set it in Settings, under E-invoice details." in xrechnung

    out = tmp_path / "out"
    out.mkdir()
    dialog.submit(out / "x.xml")
    settle(qtbot, ctx)
    assert list(out.iterdir()) == []

    set_details(team)  # set meanwhile, elsewhere: the dialog checks again
    ctx.events.settings_changed.emit()
    settle(qtbot, ctx)
    assert dialog.missing_lines() == [] and dialog.missing.isHidden()
    assert dialog.save_button.isEnabled() and dialog.save_button.text() == "Export…"


def test_factur_x_is_written_with_its_xml_inside(qtbot, ctx, team, tmp_path) -> None:  # type: ignore[no-untyped-def]
    issue(team)
    set_details(team)
    view = opened(qtbot, ctx)
    dialog = export_dialog(qtbot, ctx, view)
    target = tmp_path / "Invoice 2026-0001.pdf"

    export(qtbot, ctx, dialog, target)

    assert not dialog.isVisible()
    data = target.read_bytes()
    assert view.message.text() == f"Wrote invoice 2026-0001 as Factur-X to {target} ({len(data):,} bytes)."
    reader = PdfReader(BytesIO(data))
    assert "Invoice 2026-0001" in reader.pages[0].extract_text()
    [xml] = reader.attachments["factur-x.xml"]
    tree = etree.fromstring(xml)
    assert tree.tag == f"{{{CII['rsm']}}}CrossIndustryInvoice"
    assert tree.findtext(".//rsm:ExchangedDocument/ram:ID", namespaces=CII | RAM) == "2026-0001"
    assert tree.findtext(".//ram:GrandTotalAmount", namespaces=RAM) == "1190.00"
    assert tree.findtext(".//ram:BuyerTradeParty/ram:Name", namespaces=RAM) == "Globex"


def test_xrechnung_is_written_as_ubl_xml(qtbot, ctx, team, tmp_path) -> None:  # type: ignore[no-untyped-def]
    issue(team)
    set_details(team)
    view = opened(qtbot, ctx)
    dialog = export_dialog(qtbot, ctx, view)
    choose(qtbot, ctx, dialog, "XRechnung XML")
    target = tmp_path / "Invoice 2026-0001.xml"

    export(qtbot, ctx, dialog, target)

    tree = etree.fromstring(target.read_bytes())
    assert etree.QName(tree).localname == "Invoice"
    assert tree.findtext("cbc:ID", namespaces=UBL) == "2026-0001"
    assert tree.findtext("cbc:BuyerReference", namespaces=UBL) == "04011000-12345-03"
    assert view.message.text().startswith(f"Wrote invoice 2026-0001 as XRechnung to {target} (")


def test_a_file_that_cannot_be_written_is_said_in_the_dialog(qtbot, ctx, team, tmp_path) -> None:  # type: ignore[no-untyped-def]
    issue(team)
    set_details(team)
    view = opened(qtbot, ctx)
    dialog = export_dialog(qtbot, ctx, view)
    where = "no such folder"

    dialog.submit(tmp_path / where / "x.pdf")
    settle(qtbot, ctx)

    assert dialog.isVisible()
    assert dialog.form.shown() == {
        "": f"The folder {tmp_path / where} does not exist; choose a file in an existing folder."
    }
    assert dialog.save_button.isEnabled()
