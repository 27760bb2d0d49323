"""The rate rows of a form: an hourly amount, the day a change applies from, and the rates set before."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QLineEdit

from app.domain.money import format_money
from app.domain.rates import Rate
from app.services.catalogue import RateHistory
from app.ui.forms import FieldForm, line


def amount_text(rate: RateHistory) -> str:
    """The rate billing today as the amount field shows it ("120.00"), or "" when none is set."""
    return "" if rate.today is None else f"{rate.today.amount:f}"


def history_text(rates: tuple[Rate, ...]) -> str:
    def one(rate: Rate) -> str:
        start = "from the start" if rate.effective_from is None else f"from {rate.effective_from.isoformat()}"
        return f"{format_money(rate.amount)} {start}"

    return "Rates set so far: " + "; ".join(one(rate) for rate in rates) if rates else ""


class RateFields:
    """For a new record, just the amount (it applies from the start). For an existing one, also the day a
    changed amount applies from (blank: today) and the rates set before, which are kept for earlier work."""

    def __init__(self, form: FieldForm, label: str, hint: str, *, editing: bool):
        self.editing = editing
        self.form, self.label = form, label
        self.amount = form.add("rate", label, line(hint=hint))
        self.starting: QLineEdit | None = None
        self.history = QLabel()
        if editing:
            self.starting = form.add("rate_from", "Rate change applies from", line())
            self.starting.setToolTip("Work before this day keeps the rate it had; write the day as 2026-11-20.")
            self.history.setTextFormat(Qt.TextFormat.PlainText)
            self.history.setWordWrap(True)
            self.history.hide()
            form.rows.addRow("", self.history)

    @classmethod
    def of(cls, form: FieldForm, label: str, hint: str, rate: RateHistory | None, today: date) -> RateFields:
        """The rate rows of a record's form: `rate` is the existing record's rates, None for a new record."""
        fields = cls(form, label, hint, editing=rate is not None)
        if rate is not None:
            fields.show(rate, today)
        return fields

    def show(self, rate: RateHistory, today: date) -> None:
        """The rate set today, a clean start day, and the history."""
        assert self.starting is not None, "only an existing record has rates to show"
        self.amount.setText(amount_text(rate))
        self.starting.clear()
        self.starting.setPlaceholderText(f"blank: today, {today.isoformat()}")
        self.history.setText(history_text(rate.rates))
        self.history.setVisible(bool(rate.rates))

    def name_currency(self, code: str) -> None:
        """Say which currency the amount is in: "Default hourly rate (EUR)"."""
        title = self.form.titles["rate"]
        if isinstance(title, QLabel):
            title.setText(f"{self.label} ({code})")

    def values(self) -> dict[str, str | None]:
        """What the services take: a new record's blank rate is "no rate"; an edit sends the text as typed."""
        if self.starting is None:
            return {"rate": self.amount.text().strip() or None}
        return {"rate": self.amount.text(), "rate_from": self.starting.text()}
