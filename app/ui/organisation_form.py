"""The organisation's settings form: name, calendar, rounding policy, default rate, revenue-protection policies
and the timesheet deadline (admins change them)."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QCheckBox, QCompleter, QGroupBox, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from app.domain.duration import RoundingMode
from app.domain.organisation import WEEKDAYS
from app.services import organisation
from app.services.organisation import OrganisationSettings
from app.ui.forms import Change, FieldForm, choices, line, permit
from app.ui.rate_fields import RateFields

ROUNDING = {
    RoundingMode.UP: "Up to the next increment",
    RoundingMode.NEAREST: "To the nearest increment",
    RoundingMode.DOWN: "Down to the last increment",
}


class OrganisationForm(QGroupBox):
    def __init__(self) -> None:
        super().__init__("Organisation")
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
        self.save = QPushButton("Save organisation settings")
        layout = QVBoxLayout(self)
        layout.addWidget(self.notice)
        layout.addWidget(form)
        layout.addWidget(self.save, alignment=Qt.AlignmentFlag.AlignRight)

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
            self.lock_date.setText("" if org.lock_date is None else org.lock_date.isoformat())
            self.budget_warning.setText(str(org.budget_warning_percent))
            self.notes_required.setChecked(org.notes_required)
            self.deadline_day.setCurrentIndex(org.submit_deadline_weekday)
            self.deadline_time.setText(f"{org.submit_deadline_time:%H:%M}")

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
        rate = self.rate.values()
        return lambda uow, actor: organisation.update_settings(
            uow, actor, **values, default_rate=rate["rate"], rate_from=rate["rate_from"]
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
