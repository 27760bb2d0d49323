"""The invoice on show: its header, its lines (edited in place on a draft), live totals with the VAT
breakdown, and the payments booked against it. Everything shown comes from the service's last answer."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QFormLayout, QGridLayout, QHBoxLayout, QStackedLayout, QVBoxLayout, QWidget

from app.domain.document_totals import Totals
from app.domain.invoice import Invoice, InvoiceStatus
from app.domain.money import format_money
from app.domain.payment import Payment
from app.services.invoice_views import InvoiceDetail, reference
from app.ui.invoice_lines_model import InvoiceLinesModel, lines_table, tip
from app.ui.invoice_list_model import status_text
from app.ui.labels import plain_label
from app.ui.record_list import Column, RecordList
from app.ui.week_bar import MessageLine

STYLE = (
    "#invoiceTitle { font-size: 14pt; font-weight: 600; } #subheading { font-weight: 600; }"
    " #status { padding: 1px 8px; border-radius: 8px; background: palette(midlight); }"
    ' #status[tone="bad"] { background: #f6d5d9; color: #8a0016; }'
    ' #status[tone="good"] { background: #d7eedb; color: #1d5e2a; }'
)
TONES = {InvoiceStatus.OVERDUE: "bad", InvoiceStatus.PAID: "good"}
NOTHING = "Select an invoice to see it here."
TOTALS_WIDTH = 300  # px: long enough for "VAT 19 % of 12,345.67 EUR" and its tax side by side


def how_paid(payment: Payment) -> str:
    """ "bank transfer · SEPA 4711", and for a reversed payment when and why it was reversed."""
    text = " · ".join(part for part in (payment.method, payment.reference) if part)
    if payment.reversed_at is not None:
        text += f" — reversed {payment.reversed_at:%Y-%m-%d}: {payment.reversal_reason}"
    return text


PAYMENT_COLUMNS = (
    Column("Received", lambda p: p.received_on.isoformat()),
    Column("Amount", lambda p: format_money(p.amount), numeric=True),
    Column("How", how_paid, stretch=True),
)
PAYMENTS_HEIGHT = 130  # px: a few payments; the lines get the rest


def heading(invoice: Invoice) -> str:
    """ "Invoice 2026-0007", "Credit note CN-2026-0001", "Invoice — draft 3f9c27ab" (as the list names it)."""
    return f"{invoice.title} {invoice.number}" if invoice.number else f"{invoice.title} — {reference(invoice)}"


def dates(invoice: Invoice) -> str:
    if invoice.issue_date is None:
        return "Not issued yet: finalising gives it its number, date and due date."
    due = f" · due {invoice.due_date}" if invoice.due_date and not invoice.is_credit_note else ""
    paid = f" · paid {invoice.paid_on}" if invoice.paid_on else ""
    return f"Issued {invoice.issue_date}{due}{paid}"


def about(detail: InvoiceDetail) -> str:
    """What it bills or cancels, in a sentence."""
    invoice, parts = detail.invoice, detail.cancellations
    if invoice.period_start and invoice.period_end:
        parts.append(f"Work from {invoice.period_start} to {invoice.period_end}.")
    if detail.entries:
        parts.append(f"{detail.entries} approved {'entry' if detail.entries == 1 else 'entries'} on it.")
    return " ".join(parts)


class TotalsPanel(QWidget):
    """Net, discount, the tax of each VAT rate, the total, and for an issued invoice what is paid and owed."""

    def __init__(self) -> None:
        super().__init__()
        self.grid = QGridLayout(self)
        self.grid.setContentsMargins(0, 0, 0, 0)
        self.grid.setHorizontalSpacing(16)
        self.grid.setVerticalSpacing(2)
        self.shown: list[tuple[str, str]] = []

    def value(self, title: str) -> str | None:
        """The amount shown beside `title` ("Total", "Balance", "VAT 19 % of 1,200.00 EUR")."""
        return next((amount for label, amount in self.shown if label == title), None)

    def show_totals(self, invoice: Invoice, totals: Totals) -> None:
        rows: list[tuple[str, str, bool]] = []
        reasons: dict[str, str] = {}
        if totals.discount.amount:
            rows.append(("Lines", format_money(totals.lines_net), False))
            percent = f" ({invoice.discount.percent:f} %)" if invoice.discount.percent is not None else ""
            rows.append((f"Discount{percent}", format_money(-totals.discount), False))
        rows.append(("Net", format_money(totals.net), False))
        for part in totals.breakdown:
            title = f"{part.vat.describe()} on {format_money(part.taxable)}"
            reasons[title] = part.vat.reason  # the legal text is long: it goes in the tooltip (and on the PDF)
            rows.append((title, format_money(part.tax), False))
        rows.append(("Total", format_money(totals.total), True))
        if invoice.status is not InvoiceStatus.DRAFT and not invoice.is_credit_note:
            rows.append(("Paid", format_money(invoice.paid), False))
            if invoice.early_discount is not None:
                rows.append(("Early-payment discount", format_money(invoice.early_discount), False))
            rows.append(("Balance", format_money(invoice.balance), True))
        self._fill(rows, reasons)

    def clear(self) -> None:
        self._fill([], {})

    def _fill(self, rows: list[tuple[str, str, bool]], tips: dict[str, str]) -> None:
        while self.grid.count():
            item = self.grid.takeAt(0)
            if item.widget() is not None:
                item.widget().deleteLater()
        self.shown = [(label, amount) for label, amount, _ in rows]
        for number, (label, amount, strong) in enumerate(rows):
            title, figure = plain_label(label), plain_label(amount)
            title.setToolTip(tip(tips.get(label, "")) or "")  # a reason for exemption is user text
            figure.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            if strong:
                bold = QFont(title.font())
                bold.setBold(True)
                title.setFont(bold)
                figure.setFont(bold)
            self.grid.addWidget(title, number, 0)
            self.grid.addWidget(figure, number, 1)


class InvoiceEditor(QWidget):
    """Shows one InvoiceDetail; its lines model asks for edits (the view runs them and shows the answer)."""

    def __init__(self) -> None:
        super().__init__()
        self.detail: InvoiceDetail | None = None
        self.title = plain_label(name="invoiceTitle")
        self.status = plain_label(name="status")
        self.client = plain_label()
        self.dates = plain_label()
        self.terms = plain_label()
        self.about = plain_label()
        for label in (self.client, self.dates, self.terms, self.about):
            label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.about.setWordWrap(True)  # the others are short; wrapping them would reserve height for nothing
        self.lines = InvoiceLinesModel()
        self.table = lines_table(self.lines)
        self.message = MessageLine()  # refused inline edits, right under the lines
        self.totals = TotalsPanel()
        self.payments = RecordList(PAYMENT_COLUMNS, key=lambda p: p.id, dimmed=lambda p: not p.counts)
        self.payments.setMaximumHeight(PAYMENTS_HEIGHT)
        self.payments_title = plain_label("Payments", name="subheading")
        self.placeholder = plain_label(NOTHING)
        self.placeholder.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.placeholder.setWordWrap(True)
        self._lay_out()
        self.setStyleSheet(STYLE)

    def _lay_out(self) -> None:
        content = QWidget()
        top = QHBoxLayout()
        top.addWidget(self.title)
        top.addWidget(self.status)
        top.addStretch()
        header = QFormLayout()
        header.setContentsMargins(0, 0, 0, 0)
        header.setVerticalSpacing(2)
        header.addRow("Client", self.client)
        header.addRow("Dates", self.dates)
        header.addRow("Terms", self.terms)
        header.addRow("Billing", self.about)
        self.header = header
        money = QHBoxLayout()
        payments = QVBoxLayout()
        payments.setContentsMargins(0, 0, 0, 0)
        payments.addWidget(self.payments_title)
        payments.addWidget(self.payments, 1)
        self.payments_box = QWidget()
        self.payments_box.setLayout(payments)
        money.addWidget(self.payments_box, 1)
        money.addStretch(0)
        money.addWidget(self.totals, 0, Qt.AlignmentFlag.AlignTop)
        self.totals.setMinimumWidth(TOTALS_WIDTH)
        column = QVBoxLayout(content)
        column.setContentsMargins(0, 0, 0, 0)
        column.addLayout(top)
        column.addLayout(header)
        column.addWidget(self.table, 1)
        column.addWidget(self.message)
        column.addLayout(money)
        self.stack = QStackedLayout(self)
        self.stack.addWidget(self.placeholder)
        self.stack.addWidget(content)

    def show_nothing(self, text: str = NOTHING) -> None:
        self.detail = None
        self.placeholder.setText(text)
        self.lines.show_lines([], editable=False)
        self.payments.show_rows([], "")
        self.totals.clear()
        self.stack.setCurrentIndex(0)

    def show_detail(self, detail: InvoiceDetail) -> None:
        invoice = detail.invoice
        self.detail = detail
        self.title.setText(heading(invoice))
        self.status.setText(status_text(invoice))
        self.status.setProperty("tone", "" if invoice.is_credit_note else TONES.get(invoice.status, ""))
        self.status.style().unpolish(self.status)
        self.status.style().polish(self.status)
        self.client.setText(detail.client.name)
        self.dates.setText(dates(invoice))
        self.terms.setText("" if invoice.is_credit_note else invoice.payment_terms.describe(invoice.issue_date))
        self.header.setRowVisible(self.terms, not invoice.is_credit_note)
        self.about.setText(about(detail))
        self.header.setRowVisible(self.about, bool(self.about.text()))
        self.lines.show_lines(detail.lines, editable=invoice.status is InvoiceStatus.DRAFT)
        self.totals.show_totals(invoice, detail.totals)
        issued = invoice.status is not InvoiceStatus.DRAFT and not invoice.is_credit_note
        self.payments_box.setVisible(issued)
        self.payments.show_rows(detail.payments, "No payments yet.")
        self.stack.setCurrentIndex(1)
