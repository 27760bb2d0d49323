"""The designer's live preview: the real PDF of the template being edited, made by the same renderer as every
export, off the GUI thread, a moment after the last keystroke, for a sample invoice or one of the ledger's.

The invoice chosen is read once (its own read transaction); each edit then only renders it again.
"""

from __future__ import annotations

import time
import uuid
from typing import Any

from PySide6.QtCore import QTimer, Signal
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QVBoxLayout, QWidget

from app.domain.invoice_template import InvoiceTemplate
from app.domain.printable import PrintableDocument
from app.services.identity import Actor
from app.services.invoice_templates import invoice_document
from app.services.invoice_views import list_invoices
from app.services.ports import UnitOfWork
from app.services.template_samples import sample_invoice
from app.ui.context import UiContext
from app.ui.labels import plain_label
from app.ui.pdf_preview import PdfPreview, rendered
from app.ui.view_jobs import ViewJobs

DELAY_MS = 250  # typing renders once, this long after the last keystroke
SAMPLE = "sample"
MOST_INVOICES = 50


class TemplatePreview(QWidget):
    rendered = Signal()  # the PDF of the latest template is on show (or the reason it could not be made)

    def __init__(self, ctx: UiContext) -> None:
        super().__init__()
        self.ctx = ctx
        self.jobs = ViewJobs(self, ctx)
        self.template: InvoiceTemplate | None = None
        self.document: PrintableDocument | None = None
        self.source: object = SAMPLE
        self.asked_at = 0.0
        self.refresh_ms = 0.0  # the last render + load, from the moment it started (not counting the delay)
        self.chooser = QComboBox()
        self.chooser.setToolTip("Preview the template with a sample invoice or with one of yours")
        self.chooser.addItem("Sample invoice (20 lines)", SAMPLE)
        self.pdf = PdfPreview(ctx)
        self.soon = QTimer(self, singleShot=True, interval=DELAY_MS, timeout=self._render)
        top = QHBoxLayout()
        top.addWidget(plain_label("Preview with", name="subheading"))
        top.addWidget(self.chooser, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(top)
        layout.addWidget(self.pdf, 1)
        self.chooser.currentIndexChanged.connect(self._source_chosen)
        self.pdf.shown.connect(self._shown)
        ctx.events.invoices_changed.connect(self.reload_invoices)
        self.reload_invoices()

    def reload_invoices(self) -> None:
        """The chooser's invoices read again (the one chosen stays chosen while it is there)."""
        self.jobs.read(_invoices, self._listed, lambda error: None)

    def show_template(self, template: InvoiceTemplate, *, now: bool = False) -> None:
        """Render `template` after the delay (at once with `now`); a newer call overtakes this one."""
        self.template = template
        if now:
            self.soon.stop()
            self._render()
        else:
            self.soon.start()

    def _listed(self, rows: list[tuple[uuid.UUID, str]]) -> None:
        chosen = self.chooser.currentData()
        blocked = self.chooser.blockSignals(True)
        try:
            while self.chooser.count() > 1:
                self.chooser.removeItem(1)
            for invoice_id, text in rows:
                self.chooser.addItem(text, invoice_id)
            self.chooser.setCurrentIndex(max(0, self.chooser.findData(chosen)))
        finally:
            self.chooser.blockSignals(blocked)
        if self.chooser.currentData() != self.source:  # the invoice shown is gone: back to the sample
            self._source_chosen()

    def _source_chosen(self) -> None:
        self.source = self.chooser.currentData()
        self.document = None
        self._render()

    def _render(self) -> None:
        template = self.template
        if template is None:
            return
        if self.document is None:
            source = self.source
            self.jobs.load(lambda uow, actor: _document(uow, actor, source), self._read, self.pdf._fail)
            return
        document, key = self.document, self.source
        self.asked_at = time.perf_counter()
        self.pdf.show_rendering(key, lambda: rendered(document, template))

    def _read(self, document: PrintableDocument) -> None:
        self.document = document
        self._render()

    def _shown(self) -> None:
        self.refresh_ms = (time.perf_counter() - self.asked_at) * 1000
        self.rendered.emit()


def _document(uow: UnitOfWork, actor: Actor, source: Any) -> PrintableDocument:
    if source == SAMPLE:
        return sample_invoice(actor.org, actor.today(uow.clock))
    invoice = uow.invoices.get(source)
    if invoice is None:
        return sample_invoice(actor.org, actor.today(uow.clock))
    return invoice_document(uow, actor, invoice)[0]


def _invoices(uow: UnitOfWork, actor: Actor) -> list[tuple[uuid.UUID, str]]:
    """The newest invoices and credit notes (drafts too), as the chooser lists them."""
    rows = list_invoices(uow, actor)[:MOST_INVOICES]
    return [(row.invoice.id, f"{row.invoice.title} {row.reference} · {row.client_name}") for row in rows]
