"""Exporting an issued invoice or credit note as an e-invoice from the Invoices section: the format (Factur-X PDF or
XRechnung XML), then where to save it; what the format still needs is listed detail by detail, each saying where
in the app to set it, and nothing is written until it is all there."""

from __future__ import annotations

import re
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PySide6.QtCore import QStandardPaths, Signal
from PySide6.QtWidgets import QFileDialog, QWidget
from shiboken6 import Shiboken

from app.domain.einvoice_data import EInvoiceFormat
from app.domain.errors import Problem, RuleViolation
from app.domain.invoice import Invoice
from app.services import einvoice_export
from app.services.identity import Actor, current_actor
from app.services.invoice_views import reference
from app.services.ports import UnitOfWork, Workspace
from app.ui.context import UiContext
from app.ui.forms import Change, RecordDialog, choices, error_label
from app.ui.invoice_reads import invoice_by_id
from app.ui.labels import plain_label
from app.ui.pdf_preview import rendered

FORMATS = {
    EInvoiceFormat.FACTURX: ("Factur-X PDF", "PDF documents (*.pdf)", ".pdf"),
    EInvoiceFormat.XRECHNUNG: ("XRechnung XML", "XML files (*.xml)", ".xml"),
}
# What the forms call each detail an e-invoice may miss (Settings' organisation form, the client's form).
DETAIL_NAMES = {
    "street": "Street",
    "postcode": "Postcode",
    "city": "City",
    "country": "Country",
    "vat_id": "VAT ID",
    "iban": "IBAN",
    "electronic_address": "Electronic address",
    "buyer_reference": "Buyer reference",
    "contact_name": "Contact name",
    "contact_phone": "Contact phone",
    "contact_email": "Contact email",
}


@dataclass(frozen=True)
class Written:
    path: Path
    format: EInvoiceFormat
    size: int
    reference: str  # "invoice 2026-0001", "credit note CN-2026-0001"

    def sentence(self) -> str:
        name = FORMATS[self.format][0].split()[0]
        return f"Wrote {self.reference} as {name} to {self.path} ({self.size:,} bytes)."


def where_to_set(problem: Problem, client: str) -> str:
    """One missing detail as a line saying what to set and where in the app: Settings for the organisation's,
    the client's form (Clients & projects) for the client's; other problems as the service says them."""
    owner, _, field = (problem.field or "").partition(".")
    name = DETAIL_NAMES.get(field, field.replace("_", " ").capitalize())
    if owner == "organisation":
        hint = " (or, without one, Tax number)" if field == "vat_id" and "tax_number" in problem.message else ""
        return f"Organisation: {name}{hint} is missing; set it in Settings, under E-invoice details."
    if owner == "client":
        return f"{client}: {name} is missing; set it in {client}'s form (Clients & projects, Edit client)."
    return problem.message


def missing_details(uow: UnitOfWork, actor: Actor, invoice_id: uuid.UUID, format: EInvoiceFormat) -> list[Problem]:
    """What an export in `format` would miss; none: it can be exported."""
    try:
        einvoice_export.prepare_export(uow, actor, invoice_by_id(uow, actor, invoice_id), format)
    except RuleViolation as refusal:
        return list(refusal.problems)
    return []


def write_einvoice(workspace: Workspace, invoice_id: uuid.UUID, format: EInvoiceFormat, path: Path) -> Written:
    """The e-invoice written as `timeledger invoice export` writes it: checked first, into an existing folder,
    never half a file. The reading transaction ends before the (slower) rendering."""
    # Imported here: lxml, pypdf and the factur-x library take a while to load, and only exports need them.
    from app.documents.einvoice_file import einvoice_bytes
    from app.documents.output_file import output_target, write_output

    target = output_target(str(path), f"{FORMATS[format][0]} file")
    with workspace.read() as uow:
        actor = current_actor(uow)
        invoice = invoice_by_id(uow, actor, invoice_id)
        prepared = einvoice_export.prepare_export(uow, actor, invoice, format)
        said = named(invoice)
    pdf = rendered(prepared.printable, prepared.template) if format is EInvoiceFormat.FACTURX else b""
    data = einvoice_bytes(
        prepared.document,
        prepared.format,
        pdf,
        title=prepared.title,
        author=prepared.document.seller.name,
        subject=prepared.subject,
    )
    write_output(target, data, "e-invoice")
    return Written(target, format, len(data), said)


def named(invoice: Invoice) -> str:
    """ "invoice 2026-0001", "credit note CN-2026-0001"."""
    return f"{invoice.title.lower()} {reference(invoice)}"


def file_name(invoice: Invoice, format: EInvoiceFormat) -> str:
    """ "Invoice 2026-0007.pdf", "Credit note CN-2026-0001.xml"; slashes in a number still make one file name."""
    return re.sub(r"[\\/:*?\"<>|]+", "-", f"{invoice.title} {reference(invoice)}{FORMATS[format][2]}")


class EInvoiceDialog(RecordDialog):
    """Choose the format and Export…: a save-file dialog, then the file written off the GUI thread. While the
    chosen format misses details, they are listed one a line and Export… is disabled."""

    exported = Signal()  # the file is written (`saved` holds the Written)
    checked = Signal()  # the missing details of the chosen format are on show

    def __init__(self, ctx: UiContext, invoice: Invoice, client: str, parent: QWidget | None = None):
        super().__init__(ctx, f"Export {named(invoice)} as an e-invoice", ctx.events.invoices_changed, parent)
        self.announce = self.exported  # an export changes nothing stored
        self.invoice = invoice
        self.client = client
        self.busy = False
        self.problems: list[Problem] = []
        about = plain_label(
            "Factur-X is the invoice's PDF with the EN 16931 XML inside; XRechnung is the XML alone, as German "
            "public buyers require."
        )
        about.setWordWrap(True)
        self.form.rows.insertRow(0, about)
        self.format = self.form.add(
            "format", "Format", choices((chosen.value, names[0]) for chosen, names in FORMATS.items())
        )
        self.missing = error_label()
        self.form.rows.addRow(self.missing)
        self.save_button.setText("Export…")
        self.format.currentIndexChanged.connect(self.check)
        for signal in (ctx.events.settings_changed, ctx.events.catalogue_changed):
            signal.connect(self.check)  # details set meanwhile count at once
        self.check()

    def chosen(self) -> EInvoiceFormat:
        return EInvoiceFormat(self.format.currentData())

    def missing_lines(self) -> list[str]:
        return [where_to_set(problem, self.client) for problem in self.problems]

    def check(self) -> None:
        """Ask (off the GUI thread) what the chosen format still needs."""
        invoice_id, chosen = self.invoice.id, self.chosen()
        self.save_button.setEnabled(False)
        self.jobs.load(
            lambda uow, actor: missing_details(uow, actor, invoice_id, chosen),
            lambda problems: self._show_missing(problems),
            lambda error: self._failed(error),
        )

    def _show_missing(self, problems: Sequence[Problem]) -> None:
        self.problems = list(problems)
        lines = self.missing_lines()
        if lines:
            lines.insert(0, f"{FORMATS[self.chosen()][0]} needs these details first:")
        self.missing.setText("\n".join(lines))
        self.missing.setVisible(bool(lines))
        self.save_button.setEnabled(not lines and not self.busy)
        self.adjustSize()
        self.checked.emit()

    def change(self) -> Change:  # not a plain change: see submit
        raise NotImplementedError

    def submit(self, path: Path | None = None) -> None:
        """Ask where to save (unless told), then write the file off the GUI thread."""
        if self.busy or self.problems:
            return
        chosen = self.chosen()
        if path is None:
            folder = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
            picked, _ = QFileDialog.getSaveFileName(
                self,
                f"Export {FORMATS[chosen][0]}",
                str(Path(folder) / file_name(self.invoice, chosen)),
                FORMATS[chosen][1],
            )
            if not picked:
                return
            path = Path(picked)
        self.busy = True
        self.form.clear_problems()
        self.save_button.setEnabled(False)
        self.save_button.setText("Exporting…")
        workspace, invoice_id, target = self.ctx.workspace, self.invoice.id, path
        self.ctx.runner.run(
            lambda: write_einvoice(workspace, invoice_id, chosen, target),
            self._guard(self._written),
            self._guard(self._failed),
        )

    def _guard(self, callback: Callable[[Any], None]) -> Callable[[Any], None]:
        return lambda value: Shiboken.isValid(self) and callback(value)  # the dialog may have closed meanwhile

    def _written(self, written: Written) -> None:
        self.busy = False
        self.save_button.setText("Export…")
        self._saved(written)

    def _failed(self, error: Any) -> None:
        """Details missing after all (changed meanwhile) are listed; other refusals (no such folder) below."""
        self.busy = False
        self.save_button.setText("Export…")
        if isinstance(error, RuleViolation) and any("." in (p.field or "") for p in error.problems):
            self._show_missing(error.problems)
            return
        self.save_button.setEnabled(not self.problems)
        self.form.show_failure(error if isinstance(error, Exception) else Exception(str(error)))
