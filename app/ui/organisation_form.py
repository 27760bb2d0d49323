"""The organisation's settings form: name, calendar, rounding policy, default rate, revenue-protection policies,
the timesheet deadline, invoicing (letterhead, default VAT, numbering, logo) and what e-invoices say about the firm
(postal address, VAT id, electronic address, contact, bank account); admins change them."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QCheckBox, QCompleter, QGroupBox, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from app.domain.duration import RoundingMode
from app.domain.organisation import WEEKDAYS
from app.services import invoicing_settings
from app.services.organisation import OrganisationSettings
from app.ui.forms import Change, FieldForm, choices, line, permit, text_box
from app.ui.logo_picker import LogoPicker
from app.ui.rate_fields import RateFields

ROUNDING = {
    RoundingMode.UP: "Up to the next increment",
    RoundingMode.NEAREST: "To the nearest increment",
    RoundingMode.DOWN: "Down to the last increment",
}


# The e-invoice details of app.domain.party_details.ORGANISATION_RULES the form shows: (label, hint).
EINVOICE_DETAILS = {
    "legal_name": ("Legal name", "as registered, e.g. Acme Consulting GmbH; blank: the name above"),
    "street": ("Street", "e.g. Hauptstraße 1"),
    "postcode": ("Postcode", "e.g. 10115"),
    "city": ("City", "e.g. Berlin"),
    "country": ("Country", "two letters, e.g. DE"),
    "tax_number": ("Tax number", "only without a VAT ID: the tax office's number"),
    "electronic_address": ("Electronic address", "where e-invoices reach the firm, e.g. invoices@acme.example"),
    "electronic_address_scheme": ("Address scheme", "EM (an email address) or an EAS code such as 0204"),
    "contact_name": ("Contact name", "who answers questions about invoices"),
    "contact_phone": ("Contact phone", "e.g. +49 30 1234567"),
    "contact_email": ("Contact email", "e.g. billing@acme.example"),
    "iban": ("IBAN", "where clients pay, e.g. DE89 3704 0044 0532 0130 00"),
    "bic": ("BIC", "e.g. COBADEFFXXX"),
}


class OrganisationForm(QGroupBox):
    def __init__(self) -> None:
        super().__init__("Organisation")
        self.stored_tax_id = ""
        self.notice = QLabel()
        self.notice.setWordWrap(True)
        self.notice.hide()
        form = self.form = FieldForm()
        self.name = form.add("name", "Name", line())
        self.currency = form.add("base_currency", "Base currency", QLabel())
        self.currency.setToolTip("Every amount already recorded is in it, so it stays.")
        self.time_zone = form.add("time_zone", "Time zone", line(hint="e.g. Europe/Berlin"))
        self.week_start = form.add("week_start", "Weeks start on", choices(enumerate(WEEKDAYS)))  # type: ignore[arg-type]
        self.productive_day = form.add("productive_day", "Productive day", line(hint="e.g. 6:00; a day in reports"))
        self.billing_increment = form.add("billing_increment", "Billing increment", line(hint="e.g. 0:15; 0 = none"))
        self.rounding = form.add("rounding", "Round billed time", choices((m.value, t) for m, t in ROUNDING.items()))
        self.minimum_entry = form.add("minimum_entry", "Minimum entry", line(hint="e.g. 0:15; 0 = none"))
        self.approval = form.add(
            "approval_required", "Approval", QCheckBox("entries need a manager's approval before invoicing")
        )
        self.rate = RateFields(form, "Default hourly rate", "per hour, for work with no other rate", editing=True)
        self.lock_date = form.add(
            "lock_date", "Lock date", line(hint="e.g. 2026-10-31: no billable time on or before it; blank: none")
        )
        self.budget_warning = line(hint="1-100")
        self.budget_warning.setMaximumWidth(80)
        form.add("budget_warning_percent", "Budget warning", _row(self.budget_warning, "% of a project's budget spent"))
        self.notes_required = form.add(
            "notes_required", "Notes", QCheckBox("billable entries need a note before their week is submitted")
        )
        self.deadline_day, self.deadline_time = choices(enumerate(WEEKDAYS)), line(hint="10:00")  # type: ignore[arg-type]
        self.deadline_time.setMaximumWidth(80)
        form.add(
            "submit_deadline_weekday",
            "Timesheets due",
            _row(self.deadline_day, "at", self.deadline_time, "after each week"),
            also=("submit_deadline_time", "submit_deadline"),
        )
        self._add_invoicing(form)
        self.save = QPushButton("Save organisation settings")
        layout = QVBoxLayout(self)
        layout.addWidget(self.notice)
        layout.addWidget(form)
        layout.addWidget(self.save, alignment=Qt.AlignmentFlag.AlignRight)

    def _add_invoicing(self, form: FieldForm) -> None:
        section = QLabel("Invoicing")
        section.setObjectName("section")
        section.setStyleSheet("#section { font-weight: 600; margin-top: 8px; }")
        form.rows.addRow(section)
        self.address = form.add("address", "Address", text_box(lines=3))
        self.address.setPlaceholderText("Street, postcode and town, country: printed on invoices and quotes")
        self.tax_id = form.add("tax_id", "VAT ID", line(hint="e.g. DE136695976"), also=("vat_id",))
        self.tax_id.setToolTip("Printed on documents; a changed one is checked: country prefix and check digits")
        self.bank_details = form.add("bank_details", "Bank details", text_box(lines=3))
        self.bank_details.setPlaceholderText("Bank, IBAN, BIC: where clients pay")
        self.tax_rate = line(hint="e.g. 19")
        self.tax_rate.setMaximumWidth(80)
        form.add("default_tax_rate", "Default VAT", _row(self.tax_rate, "% on new invoice lines"))
        self.invoice_pattern = form.add("invoice_pattern", "Invoice numbers", line(hint="{YYYY}-{SEQ:4}"))
        self.invoice_pattern.setToolTip("Text with {YYYY}, {YY}, {MM} and one {SEQ} or {SEQ:n} (n digits)")
        self.credit_note_pattern = form.add(
            "credit_note_pattern", "Credit note numbers", line(hint="CN-{YYYY}-{SEQ:4}")
        )
        self.quote_pattern = form.add("quote_pattern", "Quote numbers", line(hint="Q-{YYYY}-{SEQ:4}"))
        self.numbering_yearly = form.add(
            "numbering_yearly", "Numbering", QCheckBox("numbers start again at 1 every year")
        )
        self.logo = form.add("logo", "Logo", LogoPicker())
        self.logo.changed.connect(self._logo_changed)
        self._add_einvoice_details(form)

    def _add_einvoice_details(self, form: FieldForm) -> None:
        section = QLabel("E-invoice details")
        section.setObjectName("section")
        section.setToolTip("What Factur-X and XRechnung invoices say about the firm; the VAT ID is above")
        form.rows.addRow(section)
        self.details = {
            name: form.add(name, label, line(hint=hint)) for name, (label, hint) in EINVOICE_DETAILS.items()
        }

    def _logo_changed(self) -> None:
        self.form.dirty = True  # a chosen logo is unsaved input, like typing

    def offer_time_zones(self, names: list[str]) -> None:
        completer = QCompleter(names, self)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        self.time_zone.setCompleter(completer)

    def fill(self, shown: OrganisationSettings, today: date) -> None:
        """Show the stored settings, unless the user is typing into the form (a save would lose nothing then)."""
        permit(self.save, shown.read_only, tip="Keep these settings for the whole organisation")
        self.notice.setText(f"Read only. {shown.read_only}")
        self.notice.setVisible(bool(shown.read_only))
        for widget in self.form.inputs.values():
            widget.setEnabled(not shown.read_only)
        if self.form.dirty:
            return
        org = shown.organisation
        with self.form.filling():
            self.name.setText(org.name)
            self.currency.setText(org.base_currency)
            self.time_zone.setText(org.time_zone)
            self.week_start.setCurrentIndex(org.week_start)
            self.productive_day.setText(org.productive_day.format_hm())
            self.billing_increment.setText(org.billing_increment.format_hm())
            self.rounding.setCurrentIndex(self.rounding.findData(org.rounding.value))
            self.minimum_entry.setText(org.minimum_entry.format_hm())
            self.approval.setChecked(org.approval_required)
            self.rate.show(shown.default_rate, today)
            self.rate.name_currency(org.base_currency)
            self.lock_date.setText("" if org.lock_date is None else org.lock_date.isoformat())
            self.budget_warning.setText(str(org.budget_warning_percent))
            self.notes_required.setChecked(org.notes_required)
            self.deadline_day.setCurrentIndex(org.submit_deadline_weekday)
            self.deadline_time.setText(f"{org.submit_deadline_time:%H:%M}")
            self.address.setPlainText(org.address)
            self.tax_id.setText(org.tax_id)
            self.bank_details.setPlainText(org.bank_details)
            self.tax_rate.setText(f"{org.default_tax_rate:f}")
            self.invoice_pattern.setText(org.invoice_pattern)
            self.credit_note_pattern.setText(org.credit_note_pattern)
            self.quote_pattern.setText(org.quote_pattern)
            self.numbering_yearly.setChecked(org.numbering_yearly)
            self.logo.show_stored(org.logo)
            for name, widget in self.details.items():
                widget.setText(str(getattr(org, name)))
            self.stored_tax_id = org.tax_id

    def change(self) -> Change:
        values = dict(
            name=self.name.text(),
            time_zone=self.time_zone.text(),
            week_start=self.week_start.currentData(),
            productive_day=self.productive_day.text(),
            billing_increment=self.billing_increment.text(),
            rounding=self.rounding.currentData(),
            minimum_entry=self.minimum_entry.text(),
            approval_required=self.approval.isChecked(),
            lock_date=self.lock_date.text(),
            budget_warning_percent=self.budget_warning.text(),
            notes_required=self.notes_required.isChecked(),
            submit_deadline_weekday=self.deadline_day.currentData(),
            submit_deadline_time=self.deadline_time.text(),
        )
        invoicing: dict[str, object] = dict(
            address=self.address.toPlainText(),
            bank_details=self.bank_details.toPlainText(),
            default_tax_rate=self.tax_rate.text(),
            invoice_pattern=self.invoice_pattern.text(),
            credit_note_pattern=self.credit_note_pattern.text(),
            quote_pattern=self.quote_pattern.text(),
            numbering_yearly=self.numbering_yearly.isChecked(),
        )
        invoicing |= {name: widget.text() for name, widget in self.details.items()}
        # A changed VAT id is checked (country prefix, check digits); one stored before checking stays as it is.
        typed = self.tax_id.text()
        invoicing["tax_id" if typed.strip() == self.stored_tax_id else "vat_id"] = typed
        if self.logo.touched:  # otherwise the stored logo stays, unsent
            invoicing["logo"] = self.logo.data
        rate = self.rate.values()
        return lambda uow, actor: invoicing_settings.update_organisation(
            uow, actor, invoicing=invoicing, **values, default_rate=rate["rate"], rate_from=rate["rate_from"]
        )


def _row(*parts: QWidget | str) -> QWidget:
    """Short inputs on one line with the words between them, left-aligned."""
    row = QWidget()
    layout = QHBoxLayout(row)
    layout.setContentsMargins(0, 0, 0, 0)
    for part in parts:
        layout.addWidget(QLabel(part) if isinstance(part, str) else part)
    layout.addStretch()
    return row
