"""`timeledger invoice export NUMBER --format facturx|xrechnung -o FILE`: an issued invoice or credit note as an
e-invoice; and `invoice set ID purchase_order=...`: the buyer's references a draft carries into it."""

from __future__ import annotations

import argparse

from app.cli.field_values import parse_assignments
from app.cli.invoice_runner import current_states
from app.cli.invoice_text import said
from app.cli.output import Output
from app.cli.runner import writing
from app.domain.einvoice_data import EInvoiceFormat
from app.domain.errors import Checks
from app.services import einvoice_export, invoice_drafts
from app.services.identity import Actor
from app.services.invoice_views import find_invoice, reference
from app.services.ports import UnitOfWork

FORMAT_NAMES = {EInvoiceFormat.FACTURX: "Factur-X", EInvoiceFormat.XRECHNUNG: "XRechnung"}
DRAFT_FIELDS = ("purchase_order",)


def invoice_pdf(export: einvoice_export.EInvoiceExport) -> bytes:
    """The invoice as printed in its template: the visible part of a Factur-X file."""
    from app.documents.pdf import render_pdf

    return render_pdf(export.printable, export.template)


@current_states
def export(uow: UnitOfWork, actor: Actor, args: argparse.Namespace) -> Output:
    # Imported here: lxml, pypdf and reportlab take a while to load, and only this command needs them.
    from app.documents.einvoice_file import einvoice_bytes
    from app.documents.output_file import output_target, write_output

    path = output_target(args.output)
    invoice = find_invoice(uow, actor, args.invoice)
    prepared = einvoice_export.prepare_export(uow, actor, invoice, args.format)
    pdf = invoice_pdf(prepared) if prepared.format is EInvoiceFormat.FACTURX else b""
    data = einvoice_bytes(
        prepared.document,
        prepared.format,
        pdf,
        title=prepared.title,
        author=prepared.document.seller.name,
        subject=prepared.subject,
    )
    write_output(path, data, "e-invoice")
    name = FORMAT_NAMES[prepared.format]
    output = said(uow, invoice, [f"Wrote {reference(invoice)} as {name} to {path} ({len(data):,} bytes)."])
    output.data |= {"file": str(path), "format": prepared.format.value}
    return output


@writing()
def set_fields(uow: UnitOfWork, actor: Actor, args: argparse.Namespace) -> Output:
    checks = Checks()
    given = parse_assignments(checks, args.settings, DRAFT_FIELDS, "an invoice")
    checks.raise_if_any()
    invoice = find_invoice(uow, actor, args.invoice)
    if "purchase_order" in given:
        invoice_drafts.set_purchase_order(uow, actor, invoice, str(given["purchase_order"]))
    order = f"purchase order {invoice.purchase_order}" if invoice.purchase_order else "no purchase order"
    output = said(uow, invoice, [f"{reference(invoice).capitalize()} now names {order}."])
    output.data["purchase_order"] = invoice.purchase_order
    return output


def register(actions: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    """Adds `export` and `set` to the `invoice` command (made in invoice_commands)."""
    help_text = "write an issued invoice or credit note as an e-invoice: Factur-X (PDF/A-3) or XRechnung (UBL XML)"
    p = actions.add_parser("export", help=help_text, description=help_text, parents=[common])
    p.set_defaults(handler=export)
    p.add_argument("invoice", metavar="NUMBER", help="the invoice's or credit note's number")
    p.add_argument("--format", required=True, choices=[f.value for f in EInvoiceFormat], help="the e-invoice format")
    p.add_argument("-o", "--output", required=True, metavar="FILE", help="the file to write (.pdf or .xml)")

    help_text = "change a draft's references: purchase_order=PO-123 (the buyer's order, printed and in e-invoices)"
    p = actions.add_parser("set", help=help_text, description=help_text, parents=[common])
    p.set_defaults(handler=set_fields)
    p.add_argument("invoice", metavar="ID", help="a draft's id as `invoice list` shows it")
    p.add_argument("settings", nargs="+", metavar="FIELD=VALUE", help="purchase_order=TEXT (empty removes it)")
