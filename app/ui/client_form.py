"""The client form: adding a client or changing one's details, default rate and what e-invoices say about it
(postal address, VAT id, electronic address, buyer reference)."""

from __future__ import annotations

from datetime import date

from PySide6.QtWidgets import QLabel, QWidget

from app.domain import party_details
from app.domain.errors import Checks
from app.domain.text import collect
from app.services import clients
from app.services.catalogue import ClientItem
from app.ui.context import UiContext
from app.ui.forms import Change, RecordDialog, line, text_box
from app.ui.rate_fields import RateFields

# The e-invoice details of app.domain.party_details.CLIENT_RULES the form shows: (label, hint).
EINVOICE_DETAILS = {
    "street": ("Street", "e.g. 1 rue de la Paix"),
    "postcode": ("Postcode", "e.g. 75002"),
    "city": ("City", "e.g. Paris"),
    "country": ("Country", "two letters, e.g. FR"),
    "electronic_address": ("Electronic address", "where e-invoices reach the client, e.g. einvoices@globex.example"),
    "electronic_address_scheme": ("Address scheme", "EM (an email address) or an EAS code such as 0204"),
    "buyer_reference": ("Buyer reference", "the client's reference, e.g. a Leitweg-ID; XRechnung needs it"),
}


class ClientDialog(RecordDialog):
    def __init__(
        self,
        ctx: UiContext,
        today: date,
        base_currency: str,
        item: ClientItem | None = None,
        parent: QWidget | None = None,
    ):
        super().__init__(ctx, "Edit client" if item else "Add client", ctx.events.catalogue_changed, parent)
        client = None if item is None else item.client
        self.client_id = None if client is None else client.id
        currency = base_currency if client is None else client.currency
        form = self.form
        self.name = form.add("name", "Name", line(client.name if client else "", "e.g. Globex Corporation"))
        self.email = form.add("email", "Invoice email", line(client.email if client else "", "where invoices go"))
        self.currency = form.add("currency", "Currency", line(currency, "e.g. EUR"))
        if item is not None and item.projects:
            # Its projects' budgets and prices are in this currency.
            self.currency.setEnabled(False)
            self.currency.setToolTip(f"{item.client.name} has projects priced in {currency}; its currency stays.")
        hint = f"per hour in {currency}; optional"
        self.rate = RateFields.of(form, "Default hourly rate", hint, None if item is None else item.rates, today)
        terms = "net:30" if client is None else str(client.payment_terms)
        self.terms = form.add(
            "payment_terms", "Payment terms", line(terms, "net:30, eom:15, eom or receipt"), also=("terms",)
        )
        self.address = form.add(
            "billing_address", "Billing address", text_box(client.billing_address if client else "")
        )
        self.stored_tax_id = client.tax_id if client else ""
        self.tax_id = form.add(
            "tax_id", "VAT ID", line(self.stored_tax_id, "optional, e.g. FR40303265045"), also=("vat_id",)
        )
        self.tax_id.setToolTip("Printed on invoices; a changed one is checked: country prefix and check digits")
        self.notes = form.add("notes", "Notes", text_box(client.notes if client else ""))
        section = QLabel("E-invoice details")
        section.setStyleSheet("font-weight: 600; margin-top: 6px;")
        section.setToolTip("What Factur-X and XRechnung invoices say about the client; the VAT ID is above")
        form.rows.addRow(section)
        self.details = {
            name: form.add(name, label, line("" if client is None else str(getattr(client, name)), hint))
            for name, (label, hint) in EINVOICE_DETAILS.items()
        }

    def change(self) -> Change:
        values = dict(
            name=self.name.text(),
            email=self.email.text(),
            currency=self.currency.text(),
            terms=self.terms.text(),
            billing_address=self.address.toPlainText(),
            tax_id=self.stored_tax_id,
            notes=self.notes.toPlainText(),
            **self.rate.values(),
        )
        details: dict[str, object] = {name: widget.text() for name, widget in self.details.items()}
        typed = self.tax_id.text()
        if typed.strip() == self.stored_tax_id:
            values["tax_id"] = typed  # one stored before VAT ids were checked stays as it is
        else:
            details["vat_id"] = typed
        client_id = self.client_id

        def save(uow, actor):  # type: ignore[no-untyped-def]
            # The details are checked before anything is stored, so every problem of the form shows at once.
            checks = Checks()
            given = {name: value for name, value in details.items() if name != "vat_id"}
            collect(checks, party_details.clean_details, given, party_details.CLIENT_RULES, None)
            if "vat_id" in details:
                collect(checks, party_details.clean_vat_id, details["vat_id"], "vat_id")
            if client_id is None:
                client = collect(checks, clients.add_client, uow, actor, **values)
            else:
                client = collect(checks, clients.update_client, uow, actor, client_id, **values)
            checks.raise_if_any()
            return clients.update_details(uow, actor, client, **details)

        return save
