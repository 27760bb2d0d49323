"""The dialogs that make and change drafts: draft from approved time, an empty draft, a line typed by hand,
and the document discount. Each saves off the GUI thread and shows every refusal under its field."""

from __future__ import annotations

import uuid
from datetime import date, timedelta
from decimal import Decimal

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QHBoxLayout,
    QListWidget,
    QListWidgetItem,
    QWidget,
)

from app.domain.client import Client, ClientStatus
from app.domain.document_totals import Discount, clean_discount
from app.domain.errors import Checks, refuse
from app.domain.invoice_drafting import GroupBy
from app.domain.project import BillingType
from app.domain.tax import clean_vat
from app.domain.text import collect
from app.services import invoice_drafts
from app.ui.context import UiContext
from app.ui.forms import Change, RecordDialog, choices, line
from app.ui.invoice_reads import BillingChoices, billing_choices, client_by_id, invoice_by_id, projects_by_id
from app.ui.labels import plain_label

GROUPS = (
    (GroupBy.PROJECT.value, "One line per project"),
    (GroupBy.TASK.value, "One line per project and task"),
    (GroupBy.PERSON.value, "One line per person"),
    (GroupBy.DAY.value, "One line per day"),
    (GroupBy.ENTRY.value, "One line per entry"),
)
FIXED = Qt.ItemDataRole.UserRole + 1  # on a project's item: whether it is billed at a fixed price
NO_CLIENTS = "There are no clients yet; add one under Clients & projects first."


def last_month(today: date) -> tuple[date, date]:
    """The calendar month before `today`'s: what is usually invoiced at the start of a month."""
    last = today.replace(day=1) - timedelta(days=1)
    return last.replace(day=1), last


def qdate(day: date) -> QDate:
    return QDate(day.year, day.month, day.day)


def date_edit(day: date | None = None) -> QDateEdit:
    edit = QDateEdit(qdate(day) if day else QDate.currentDate())
    edit.setCalendarPopup(True)
    edit.setDisplayFormat("ddd yyyy-MM-dd")
    return edit


def client_label(client: Client) -> str:
    archived = " (archived)" if client.status is not ClientStatus.ACTIVE else ""
    return f"{client.name}{archived} · {client.currency}"


class BillClientDialog(RecordDialog):
    """A dialog that starts with the client to invoice; the clients (and their projects) load behind it."""

    def __init__(self, ctx: UiContext, title: str, parent: QWidget | None = None):
        super().__init__(ctx, title, ctx.events.invoices_changed, parent)
        self.choices: BillingChoices | None = None
        self.client = self.form.add("client", "Client", QComboBox())
        self.client.setMinimumContentsLength(28)
        self.save_button.setEnabled(False)  # until the clients are in
        self.jobs.read(billing_choices, self._fill, self.form.show_failure)

    def _fill(self, loaded: BillingChoices) -> None:
        self.choices = loaded
        for client in loaded.clients:
            self.client.addItem(client_label(client), client.id)
        self.save_button.setEnabled(bool(loaded.clients))
        if not loaded.clients:
            self.form.show_failure(refuse("no_clients", NO_CLIENTS, "client"))
        self.filled(loaded)

    def filled(self, loaded: BillingChoices) -> None:
        """The choices are in: fill what depends on them."""

    def choose_client(self, name: str) -> None:
        """Select the client called `name` (tests, and a later "invoice this client" action)."""
        assert self.choices is not None
        found = next(n for n, c in enumerate(self.choices.clients) if c.name == name)
        self.client.setCurrentIndex(found)

    def client_id(self) -> uuid.UUID:
        return self.client.currentData()


class DraftFromTimeDialog(BillClientDialog):
    """Draft an invoice from a client's approved, not yet invoiced time (last month, all projects, by default)."""

    def __init__(self, ctx: UiContext, parent: QWidget | None = None):
        super().__init__(ctx, "Draft an invoice from approved time", parent)
        self.projects = self.form.add("projects", "Projects", QListWidget(), also=("project",))
        self.projects.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.projects.setMaximumHeight(self.projects.fontMetrics().lineSpacing() * 6 + 12)
        self.first = self.form.add("from", "From", date_edit(), also=("first", "period"))
        self.last = self.form.add("to", "To", date_edit(), also=("last",))
        self.group_by = self.form.add("group_by", "Lines", choices(GROUPS, GroupBy.PROJECT.value))
        self.share = line("", "% of a fixed price to bill now, e.g. 30")
        self.remainder = QCheckBox("or the remainder")
        share = QWidget()
        row = QHBoxLayout(share)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.share, 1)
        row.addWidget(self.remainder)
        self.form.add("percent", "Fixed prices", share, also=("fixed",))
        self.save_button.setText("Draft invoice")
        self.client.currentIndexChanged.connect(self._show_projects)
        self.projects.itemChanged.connect(self._offer_share)

    def filled(self, loaded: BillingChoices) -> None:
        first, last = last_month(loaded.today)
        self.first.setDate(qdate(first))
        self.last.setDate(qdate(last))
        self._show_projects()

    def _show_projects(self) -> None:
        self.projects.clear()
        if self.choices is None or self.client.currentIndex() < 0:
            return
        for project in self.choices.projects.get(self.client_id(), ()):
            item = QListWidgetItem(f"{project.code} · {project.name} ({project.billing.value})")
            item.setData(Qt.ItemDataRole.UserRole, project.id)
            item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked)  # by default everything the client has
            item.setData(FIXED, project.billing is BillingType.FIXED)
            self.projects.addItem(item)
        self._offer_share()

    def _offer_share(self) -> None:
        """A share of a fixed price is asked for only while a fixed-price project is ticked."""
        items = (self.projects.item(row) for row in range(self.projects.count()))
        fixed = any(i.data(FIXED) and i.checkState() == Qt.CheckState.Checked for i in items)
        for widget in (self.share, self.remainder):
            widget.setEnabled(fixed)

    def chosen_projects(self) -> list[uuid.UUID]:
        items = (self.projects.item(row) for row in range(self.projects.count()))
        return [i.data(Qt.ItemDataRole.UserRole) for i in items if i.checkState() == Qt.CheckState.Checked]

    def set_period(self, first: date, last: date) -> None:
        self.first.setDate(qdate(first))
        self.last.setDate(qdate(last))

    def change(self) -> Change:
        client_id, project_ids = self.client_id(), self.chosen_projects()
        first, last = self.first.date().toPython(), self.last.date().toPython()
        group_by, offered = self.group_by.currentData(), self.projects.count()
        share = self.share.text().strip() if self.share.isEnabled() else ""
        remainder = self.remainder.isEnabled() and self.remainder.isChecked()

        def draft(uow, actor):  # type: ignore[no-untyped-def]
            if offered and not project_ids:
                raise refuse("no_projects", "Tick at least one project to bill.", "projects")
            fixed = invoice_drafts.clean_fixed_share(share or None, remainder) if share or remainder else None
            client = client_by_id(uow, actor, client_id)
            projects = projects_by_id(uow, actor, project_ids)
            return invoice_drafts.draft_from_time(
                uow, actor, client, first=first, last=last, projects=projects, group_by=group_by, fixed=fixed
            )

        return draft


class NewDraftDialog(BillClientDialog):
    """An empty draft for a client, to fill with lines typed by hand."""

    def __init__(self, ctx: UiContext, parent: QWidget | None = None):
        super().__init__(ctx, "New empty draft", parent)
        self.save_button.setText("Create draft")

    def change(self) -> Change:
        client_id = self.client_id()
        return lambda uow, actor: invoice_drafts.new_draft(uow, actor, client_by_id(uow, actor, client_id))


class AddLineDialog(RecordDialog):
    """A line typed by hand: description, quantity, unit price, and its VAT rate or the reason it is exempt."""

    def __init__(
        self, ctx: UiContext, invoice_id: uuid.UUID, currency: str, default_rate: Decimal, parent: QWidget | None
    ):
        super().__init__(ctx, "Add a line", ctx.events.invoices_changed, parent)
        self.invoice_id = invoice_id
        form = self.form
        self.description = form.add("description", "Description", line("", "e.g. Workshop, travel costs"))
        self.quantity = form.add("quantity", "Quantity", line("1", "e.g. 1 or 2.5"))
        self.unit = form.add("unit", "Unit", line("", "optional, e.g. day"))
        self.unit_price = form.add("unit_price", "Unit price", line("", f"in {currency}, e.g. 250.00"))
        self.rate = form.add("tax_rate", "VAT rate %", line("", f"{default_rate:f} (the default)"), also=("tax",))
        self.exempt = form.add("tax_reason", "Exempt because", line("", "only for a line without VAT"))
        self.save_button.setText("Add line")

    def change(self) -> Change:
        invoice_id = self.invoice_id
        values = {
            "description": self.description.text(),
            "quantity": self.quantity.text(),
            "unit": self.unit.text(),
            "unit_price": self.unit_price.text(),
        }
        rate, exempt = self.rate.text().strip() or None, self.exempt.text().strip() or None

        def add(uow, actor):  # type: ignore[no-untyped-def]
            checks = Checks()  # the VAT's problems and the line's, all at once
            vat = collect(checks, clean_vat, rate=rate, exempt=exempt, default_rate=actor.org.default_tax_rate)
            invoice = invoice_by_id(uow, actor, invoice_id)
            line = collect(checks, invoice_drafts.add_line, uow, actor, invoice, vat=vat, **values)
            checks.raise_if_any()  # nothing is committed when anything failed
            return line

        return add


DISCOUNT_KINDS = (("percent", "Percentage of the net"), ("amount", "Amount off the net"), ("none", "No discount"))


class DiscountDialog(RecordDialog):
    """The discount off the whole draft before tax, split over its VAT rates."""

    def __init__(
        self, ctx: UiContext, invoice_id: uuid.UUID, currency: str, discount: Discount, parent: QWidget | None
    ):
        super().__init__(ctx, "Discount", ctx.events.invoices_changed, parent)
        self.invoice_id, self.currency = invoice_id, currency
        kind, now = "percent", ""
        if discount.percent is not None:
            now = f"{discount.percent:f}"
        elif discount.amount is not None:
            kind, now = "amount", f"{discount.amount.amount:f}"
        about = plain_label("Taken off the net before tax, shared over the VAT rates in proportion to their lines.")
        about.setWordWrap(True)
        self.form.rows.insertRow(0, about)
        self.kind = self.form.add("kind", "Discount", choices(DISCOUNT_KINDS, kind))
        self.amount = self.form.add("discount", "Value", line(now, "e.g. 5 or 100.00"))
        self.kind.currentIndexChanged.connect(lambda: self.amount.setEnabled(self.kind.currentData() != "none"))
        self.save_button.setText("Set discount")

    def change(self) -> Change:
        invoice_id, kind, text, currency = self.invoice_id, self.kind.currentData(), self.amount.text(), self.currency

        def discount(uow, actor):  # type: ignore[no-untyped-def]
            chosen = Discount() if kind == "none" else clean_discount(currency=currency, **{kind: text})
            return invoice_drafts.set_discount(uow, actor, invoice_by_id(uow, actor, invoice_id), chosen)

        return discount
