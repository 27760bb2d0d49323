"""How the invoice commands show invoices: the full invoice and the list, as text tables and as JSON
(amounts as in document_text: exact decimal strings, the currency said once)."""

from __future__ import annotations

from app.cli.document_text import (
    amount,
    contents_data,
    discount_data,
    lines_table,
    notes_lines,
    short,
    sums_table,
    total_rows,
)
from app.cli.output import Output, money_text, one_line, table
from app.domain.invoice import Invoice, InvoiceStatus
from app.domain.payment import Payment
from app.services.invoice_views import InvoiceDetail, InvoiceSummary, reference
from app.services.ports import UnitOfWork


def status_text(status: InvoiceStatus) -> str:
    return status.value.replace("_", " ")


def payment_data(payment: Payment) -> dict:
    return {
        "id": payment.id,
        "date": payment.received_on,
        "amount": amount(payment.amount),
        "method": payment.method,
        "reference": payment.reference,
        "reversed_at": payment.reversed_at,
        "reversal_reason": payment.reversal_reason,
    }


def invoice_data(invoice: Invoice, client_name: str) -> dict:
    """An invoice's head and totals: what lists and every command's JSON answer carry."""
    return {
        "id": invoice.id,
        "reference": reference(invoice),
        "kind": invoice.kind.value,
        "status": invoice.status.value,
        "number": invoice.number,
        "client": client_name,
        "currency": invoice.currency,
        "issue_date": invoice.issue_date,
        "due_date": invoice.due_date,
        "net": amount(invoice.net),
        "tax": amount(invoice.tax),
        "total": amount(invoice.total),
        "paid": amount(invoice.paid),
        "balance": amount(invoice.balance),
        "paid_on": invoice.paid_on,
    }


def detail_data(detail: InvoiceDetail) -> dict:
    invoice, totals = detail.invoice, detail.totals
    return {
        **invoice_data(invoice, detail.client.name),
        "period": {"from": invoice.period_start, "to": invoice.period_end} if invoice.period_start else None,
        **discount_data(invoice, totals),
        "early_payment_discount": amount(invoice.early_discount) if invoice.early_discount else None,
        "notes": invoice.notes,
        "credited_number": detail.credited_number,
        "credit_notes": list(detail.credit_notes),
        "entries": detail.entries,
        **contents_data(detail.lines, totals),
        "payments": [payment_data(p) for p in detail.payments],
        "sent_at": invoice.sent_at,
        "sent_to": [address.strip() for address in invoice.sent_to.split(",") if address.strip()],
    }


def heading(invoice: Invoice, client_name: str) -> str:
    name = f"{invoice.title} {invoice.number}" if invoice.number else f"{invoice.title} {reference(invoice)}"
    return f"{name} · {status_text(invoice.status)} · {client_name} · {invoice.currency}"


def detail_lines(detail: InvoiceDetail) -> list[str]:
    """The invoice for a terminal: head, lines with their ids, tax breakdown, totals and payments."""
    invoice, totals = detail.invoice, detail.totals
    out = [heading(invoice, detail.client.name)]
    if invoice.issue_date:
        due = f", due {invoice.due_date}" if invoice.due_date and not invoice.is_credit_note else ""
        out.append(f"Issued {invoice.issue_date}{due}.")
        if invoice.sent_at:
            out.append(f"Sent by email on {invoice.sent_at:%Y-%m-%d %H:%M} UTC to {invoice.sent_to}.")
    else:
        out.append("Not issued yet: lines can change until it is finalised.")
    out += detail.cancellations
    if invoice.period_start and invoice.period_end:
        out.append(f"Work from {invoice.period_start} to {invoice.period_end} ({detail.entries} entries).")
    out += ["", *lines_table(detail.lines, "invoice"), ""]
    sums = total_rows(totals, invoice.discount_percent, lines_net=False)
    if not invoice.is_credit_note and invoice.status is not InvoiceStatus.DRAFT:
        sums += [("Paid", invoice.paid), ("Balance", invoice.balance)]
    out += sums_table(sums)
    if detail.payments:
        out.append("")
        cells = [
            [
                short(p.id),
                str(p.received_on),
                money_text(p.amount),
                p.method,
                one_line(p.reference, 30),
                f"reversed: {one_line(p.reversal_reason, 40)}" if p.reversed_at else "",
            ]
            for p in detail.payments
        ]
        out += table(["Payment", "Date", "Amount", "Method", "Reference", ""], cells, right={2})
    return out + notes_lines(invoice.notes)


def list_lines(rows: list[InvoiceSummary]) -> list[str]:
    cells = [
        [
            r.reference,
            one_line(r.client_name, 40),
            status_text(r.invoice.status),
            str(r.invoice.issue_date or ""),
            str(r.invoice.due_date or "") if not r.invoice.is_credit_note else "",
            money_text(r.invoice.total),
            money_text(r.invoice.balance),
        ]
        for r in rows
    ]
    headers = ["Invoice", "Client", "Status", "Issued", "Due", "Total", "Balance"]
    count = "1 invoice." if len(rows) == 1 else f"{len(rows)} invoices."
    return [*table(headers, cells, right={5, 6}), count]


def client_name(uow: UnitOfWork, invoice: Invoice) -> str:
    client = uow.clients.get(invoice.client_id)
    return client.name if client else ""


def said(uow: UnitOfWork, invoice: Invoice, lines: list[str]) -> Output:
    """What a command that changed an invoice says: `lines`, and the invoice's head and totals as JSON."""
    return Output(invoice_data(invoice, client_name(uow, invoice)), lines)
