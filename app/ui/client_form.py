"""The client form: adding a client or changing one's details and default rate."""

from __future__ import annotations

from datetime import date

from PySide6.QtWidgets import QWidget

from app.services import clients
from app.services.catalogue import ClientItem
from app.ui.context import UiContext
from app.ui.forms import Change, RecordDialog, line, text_box
from app.ui.rate_fields import RateFields


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
        self.tax_id = form.add("tax_id", "Tax ID", line(client.tax_id if client else "", "optional, e.g. DE123456789"))
        self.notes = form.add("notes", "Notes", text_box(client.notes if client else ""))

    def change(self) -> Change:
        values = dict(
            name=self.name.text(),
            email=self.email.text(),
            currency=self.currency.text(),
            terms=self.terms.text(),
            billing_address=self.address.toPlainText(),
            tax_id=self.tax_id.text(),
            notes=self.notes.toPlainText(),
            **self.rate.values(),
        )
        client_id = self.client_id
        if client_id is None:
            return lambda uow, actor: clients.add_client(uow, actor, **values)
        return lambda uow, actor: clients.update_client(uow, actor, client_id, **values)
