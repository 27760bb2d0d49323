"""The dialogs around an issued invoice: recording and reversing payments, the credit note that cancels it,
and the yes/no question asked before a step that cannot be undone (finalising, deleting a draft)."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import date

from moneyed import Money
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QCheckBox, QMessageBox, QPushButton, QWidget

from app.domain.money import format_money
from app.domain.payment import DEFAULT_METHOD, Payment
from app.services import invoice_issue, payments
from app.ui.context import UiContext
from app.ui.forms import Change, RecordDialog, line, text_box
from app.ui.invoice_dialogs import date_edit
from app.ui.invoice_reads import invoice_by_id
from app.ui.labels import plain_label


class Confirmation(QMessageBox):
    """A question with one button that does it and Cancel (the default); answered without blocking."""

    def __init__(self, parent: QWidget, title: str, text: str, yes: str, then: Callable[[], None]):
        super().__init__(QMessageBox.Icon.Question, title, text, QMessageBox.StandardButton.Cancel, parent)
        self.setTextFormat(Qt.TextFormat.PlainText)  # it names invoices and clients
        self.yes: QPushButton = self.addButton(yes, QMessageBox.ButtonRole.AcceptRole)
        self.setDefaultButton(QMessageBox.StandardButton.Cancel)
        self.buttonClicked.connect(lambda button: button is self.yes and then())


class PaymentDialog(RecordDialog):
    """Money received: the amount (the open balance unless changed), the day, how and with what reference."""

    def __init__(
        self, ctx: UiContext, invoice_id: uuid.UUID, label: str, balance: Money, today: date, parent: QWidget | None
    ):
        super().__init__(ctx, f"Record a payment of {label}", ctx.events.invoices_changed, parent)
        self.invoice_id = invoice_id
        about = plain_label(f"{label} has an open balance of {format_money(balance)}.")
        about.setWordWrap(True)
        self.form.rows.insertRow(0, about)
        self.amount = self.form.add("amount", f"Amount ({balance.currency.code})", line(f"{balance.amount:f}"))
        self.received_on = self.form.add("date", "Received on", date_edit(today), also=("received_on",))
        self.method = self.form.add("method", "Method", line(DEFAULT_METHOD, "e.g. bank transfer, card, cash"))
        self.reference = self.form.add("reference", "Reference", line("", "optional, e.g. the bank's reference"))
        self.save_button.setText("Record payment")
        self.amount.selectAll()
        self.amount.setFocus()

    def change(self) -> Change:
        invoice_id, received_on = self.invoice_id, self.received_on.date().toPython()
        values = {"amount": self.amount.text(), "method": self.method.text(), "reference": self.reference.text()}

        def pay(uow, actor):  # type: ignore[no-untyped-def]
            invoice = invoice_by_id(uow, actor, invoice_id)
            return payments.record_payment(uow, actor, invoice, received_on=received_on, **values)

        return pay


class ReversePaymentDialog(RecordDialog):
    """Reverse a payment booked by mistake: it stays on record, marked, with the reason."""

    def __init__(self, ctx: UiContext, payment: Payment, label: str, parent: QWidget | None):
        super().__init__(ctx, "Reverse a payment", ctx.events.invoices_changed, parent)
        self.payment_id = payment.id
        about = plain_label(
            f"The payment of {format_money(payment.amount)} received on {payment.received_on} for {label} "
            "is reversed: it stays on record, marked with your reason, and the balance is owed again."
        )
        about.setWordWrap(True)
        self.form.rows.insertRow(0, about)
        self.reason = self.form.add("reason", "Reason", text_box(lines=3))
        self.reason.setPlaceholderText("e.g. booked on the wrong invoice")
        self.save_button.setText("Reverse payment")
        self.reason.setFocus()

    def change(self) -> Change:
        payment_id, reason = self.payment_id, self.reason.toPlainText()
        return lambda uow, actor: payments.reverse_payment(uow, actor, payment_id, reason)


RELEASE = "Release the invoiced time so it can be billed again"


class CreditNoteDialog(RecordDialog):
    """Cancel an issued invoice by a credit note (its own number, the negative amounts); the invoice is void."""

    def __init__(self, ctx: UiContext, invoice_id: uuid.UUID, number: str, entries: int, parent: QWidget | None):
        super().__init__(ctx, f"Credit note for invoice {number}", ctx.events.invoices_changed, parent)
        self.invoice_id = invoice_id
        about = plain_label(
            f"Invoice {number} is cancelled by a credit note with its own number and the same lines at negative "
            "amounts. The invoice becomes void; neither can change afterwards."
        )
        about.setWordWrap(True)
        self.form.rows.insertRow(0, about)
        time = f" ({entries} {'entry' if entries == 1 else 'entries'})" if entries else ""
        self.release = self.form.add("release", "", QCheckBox(f"{RELEASE}{time}"))
        self.reason = self.form.add("reason", "Reason", text_box(lines=2))
        self.reason.setPlaceholderText("optional; printed on the credit note")
        self.save_button.setText("Issue credit note")

    def change(self) -> Change:
        invoice_id, release, reason = self.invoice_id, self.release.isChecked(), self.reason.toPlainText()

        def credit(uow, actor):  # type: ignore[no-untyped-def]
            invoice = invoice_by_id(uow, actor, invoice_id)
            return invoice_issue.credit(uow, actor, invoice, release_entries=release, reason=reason)

        return credit
