"""The steps of the Invoices section, their keys, and which of them the invoice on show allows (and why not).

Drafts change (lines, discount) until they are finalised or deleted; issued invoices take payments while
something is owed, and are credited only when no payment stands against them. The services refuse anything
else anyway; these rules only keep buttons that would be refused from being offered.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from app.domain.document_lines import DocumentLine, LineKind
from app.domain.invoice import OPEN_STATUSES, Invoice, InvoiceStatus
from app.domain.payment import Payment


@dataclass(frozen=True)
class Step:
    text: str
    keys: str
    tip: str


STEPS = {
    "draft_from_time": Step("Draft from time…", "Ctrl+Shift+T", "Draft an invoice from a client's approved time"),
    "new_draft": Step("New empty draft…", "Ctrl+Shift+N", "Start an empty draft for a client"),
    "add_line": Step("Add line…", "Ctrl+L", "Add a line typed by hand"),
    "remove_line": Step("Remove line", "Delete", "Remove the selected line"),
    "discount": Step("Discount…", "Ctrl+Shift+D", "Set or clear the discount off the whole draft"),
    "finalise": Step("Finalise…", "Ctrl+Shift+F", "Give the draft its number and issue it"),
    "delete_draft": Step("Delete draft", "Ctrl+Delete", "Delete the draft and release its time"),
    "record_payment": Step("Record payment…", "Ctrl+Shift+P", "Book money received for this invoice"),
    "reverse_payment": Step("Reverse payment…", "Ctrl+Shift+R", "Reverse the selected payment"),
    "credit_note": Step("Credit note…", "Ctrl+Shift+C", "Cancel the invoice by a credit note"),
    "export_pdf": Step("Export PDF…", "Ctrl+E", "Save the invoice's PDF, as the preview shows it"),
    "send_email": Step("Send…", "Ctrl+Shift+M", "Email the invoice's PDF to the client"),
    "export_einvoice": Step("Export e-invoice…", "Ctrl+Shift+E", "Save the invoice as Factur-X or XRechnung"),
    "refresh": Step("Refresh", "F5", "Read the invoices again"),
}
DRAFT_STEPS = ("add_line", "remove_line", "discount", "finalise", "delete_draft")
ISSUED_STEPS = ("record_payment", "reverse_payment", "credit_note", "send_email", "export_einvoice")
HOURS_STAY = "A line of approved time leaves only with its entries: delete the draft and draft again."


def is_draft(invoice: Invoice | None) -> bool:
    return invoice is not None and invoice.status is InvoiceStatus.DRAFT


def allowed_steps(
    invoice: Invoice | None, lines: Sequence[DocumentLine], line: DocumentLine | None, payment: Payment | None
) -> dict[str, tuple[bool, str]]:
    """For each step that depends on the invoice: (allowed, why not). `line` and `payment` are the selected ones."""
    draft = is_draft(invoice)
    return {
        "add_line": (draft, ""),
        "remove_line": _removable(line if draft else None),
        "discount": (draft, ""),
        "finalise": (
            draft and bool(lines) and invoice is not None and invoice.total.amount > 0,
            "The draft needs lines coming to more than zero.",
        ),
        "delete_draft": (draft, ""),
        "record_payment": _payable(invoice),
        "reverse_payment": (
            not draft and payment is not None and payment.counts,
            "Select a payment that was not reversed.",
        ),
        "credit_note": _creditable(invoice),
        "export_pdf": (invoice is not None, "Select an invoice first."),
        "send_email": (invoice is not None and not draft, "Finalise the draft before sending it."),
        "export_einvoice": (
            invoice is not None and not draft and invoice.number is not None,
            "Only a finalised invoice or credit note with its number becomes an e-invoice.",
        ),
    }


def _removable(line: DocumentLine | None) -> tuple[bool, str]:
    if line is None:
        return False, "Select a line of the draft first."
    return line.kind is not LineKind.HOURS, HOURS_STAY


def _payable(invoice: Invoice | None) -> tuple[bool, str]:
    if invoice is None or invoice.is_credit_note or invoice.status not in OPEN_STATUSES:
        return False, "Only issued invoices with an open balance take payments."
    return invoice.balance.amount > 0, "Nothing is owed on this invoice."


def _creditable(invoice: Invoice | None) -> tuple[bool, str]:
    if invoice is None or invoice.is_credit_note or invoice.status in (InvoiceStatus.DRAFT, InvoiceStatus.VOID):
        return False, "Only an issued invoice that is not void can be credited."
    return invoice.paid.amount == 0, "Reverse its payments before crediting it."
