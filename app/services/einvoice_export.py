"""Exporting an issued invoice or credit note as an e-invoice (Factur-X or XRechnung): what goes into it, checked
for every detail the format needs before anything is written.

The files themselves are made in app/documents (einvoice_cii, einvoice_ubl, facturx), which services do not
import: callers (the CLI, the app, the invoice email) turn the EInvoiceExport into bytes.
"""

from __future__ import annotations

from dataclasses import dataclass

from app.domain.einvoice_data import EInvoice, EInvoiceFormat, einvoice_of, missing_details
from app.domain.errors import RuleViolation, refuse
from app.domain.invoice import Invoice, InvoiceStatus
from app.domain.invoice_template import InvoiceTemplate
from app.domain.printable import PrintableDocument
from app.domain.text import parse_choice
from app.services import invoice_templates, invoice_views
from app.services.identity import Actor, require_manager
from app.services.invoice_views import reference
from app.services.ports import UnitOfWork


@dataclass(frozen=True)
class EInvoiceExport:
    format: EInvoiceFormat
    document: EInvoice  # what the XML says
    printable: PrintableDocument  # what the PDF shows (Factur-X carries both)...
    template: InvoiceTemplate  # ...in the look `invoice pdf` gives it (the client's template, else the default)

    @property
    def title(self) -> str:
        return f"{self.printable.title} {self.document.number}"

    @property
    def subject(self) -> str:
        seller, buyer = self.document.seller.name, self.document.buyer.name
        return f"{self.title} of {self.document.issue_date} from {seller} to {buyer}"


def clean_format(text: EInvoiceFormat | str) -> EInvoiceFormat:
    return parse_choice(EInvoiceFormat, text, "format")


def check_issued(invoice: Invoice) -> None:
    if invoice.status is InvoiceStatus.DRAFT or invoice.number is None:
        raise refuse(
            "draft_einvoice",
            f"{reference(invoice).capitalize()} cannot become an e-invoice: only finalised invoices and credit "
            "notes can. Finalise it first.",
            "invoice",
        )


def prepare_export(uow: UnitOfWork, actor: Actor, invoice: Invoice, format: EInvoiceFormat | str) -> EInvoiceExport:
    """The e-invoice of an issued invoice or credit note; refused for a draft, and when details the format needs
    are missing, with one problem per missing detail saying where to set it."""
    require_manager(actor, "export invoices")
    chosen = clean_format(format)
    check_issued(invoice)
    detail = invoice_views.invoice_detail(uow, actor, invoice)
    credited = uow.invoices.get(invoice.credited_id) if invoice.credited_id else None
    document = einvoice_of(invoice, actor.org, detail.client, detail.lines, detail.totals, credited)
    problems = missing_details(document, chosen)
    if problems:
        raise RuleViolation(*problems)
    printable, template = invoice_templates.invoice_document(uow, actor, invoice)
    return EInvoiceExport(chosen, document, printable, template)


def missing_for(uow: UnitOfWork, actor: Actor, invoice: Invoice, format: EInvoiceFormat | str) -> list[str]:
    """The sentences of what an export in `format` would miss (none: it can be exported), for forms that show
    them before the user asks."""
    try:
        prepare_export(uow, actor, invoice, format)
    except RuleViolation as refusal:
        return [problem.message for problem in refusal.problems]
    return []
