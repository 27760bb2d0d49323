"""The invoice as its PDF: rendered off the GUI thread by the same renderer as the export, and shown with QtPdf,
so what you see is what you send."""

from __future__ import annotations

import threading
import uuid
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, Signal
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtWidgets import QStackedLayout, QWidget
from shiboken6 import Shiboken

from app.documents.output_file import output_target, write_output
from app.documents.pdf import render_pdf
from app.domain.invoice_template import InvoiceTemplate
from app.domain.printable import PrintableDocument
from app.services.identity import current_actor
from app.services.invoice_templates import invoice_document
from app.services.ports import Workspace
from app.ui.context import UiContext
from app.ui.invoice_reads import invoice_by_id
from app.ui.labels import plain_label

_RENDERING = threading.Lock()  # reportlab registers fonts globally: one rendering at a time


def invoice_pdf(workspace: Workspace, invoice_id: uuid.UUID) -> bytes:
    """The invoice's PDF in its template; the read transaction ends before the (slower) rendering starts."""
    with workspace.read() as uow:
        actor = current_actor(uow)
        document, template = invoice_document(uow, actor, invoice_by_id(uow, actor, invoice_id))
    return rendered(document, template)


def rendered(document: PrintableDocument, template: InvoiceTemplate | None = None) -> bytes:
    """`render_pdf`, one rendering at a time in this process."""
    with _RENDERING:
        return render_pdf(document, template)


def export_pdf(workspace: Workspace, invoice_id: uuid.UUID, path: Path) -> Path:
    """The PDF written as the command line writes it: into an existing folder, never half a file."""
    write_output(output_target(str(path), "PDF file"), invoice_pdf(workspace, invoice_id), "PDF")
    return path


class PdfPreview(QWidget):
    """Shows the last invoice asked for; a newer request overtakes one still rendering."""

    shown = Signal()  # a rendering is loaded (or the reason it could not be made is on show)

    def __init__(self, ctx: UiContext):
        super().__init__()
        self.ctx = ctx
        self.requests = 0
        self.invoice_id: uuid.UUID | None = None
        self.pdf: bytes | None = None  # the PDF on show
        # Children go in the order they were made: the view before the document it draws, the document before
        # the buffer it reads from (for as long as it is open).
        self.view = QPdfView(self)
        self.document = QPdfDocument(self)
        self.buffer: QBuffer | None = None
        self.view.setDocument(self.document)
        self.view.setPageMode(QPdfView.PageMode.MultiPage)
        self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth)
        self.view.setPageSpacing(8)
        self.note = plain_label("Select an invoice to preview its PDF.")
        self.note.setWordWrap(True)
        self.note.setMargin(12)
        self.stack = QStackedLayout(self)
        self.stack.addWidget(self.note)
        self.stack.addWidget(self.view)

    def show_invoice(self, invoice_id: uuid.UUID) -> None:
        workspace = self.ctx.workspace
        self.show_rendering(invoice_id, lambda: invoice_pdf(workspace, invoice_id))

    def show_rendering(self, key: object, render: Callable[[], bytes]) -> None:
        """Show what `render` makes (run off the GUI thread); a new `key` says "Rendering…" until it is there,
        the same key keeps the last rendering on show meanwhile (an edit re-rendering the same document)."""
        self.requests += 1
        ticket = self.requests
        if key != self.invoice_id:
            self.invoice_id = key  # type: ignore[assignment]
            self.stack.setCurrentWidget(self.note)
            self.note.setText("Rendering the PDF…")
        self.ctx.runner.run(
            render,
            lambda pdf: self._answer(ticket, self._load, pdf),
            lambda error: self._answer(ticket, self._fail, error),
        )

    def clear(self) -> None:
        self.requests += 1  # whatever is rendering is no longer wanted
        self.invoice_id = None
        self.document.close()
        self.note.setText("Select an invoice to preview its PDF.")
        self.stack.setCurrentWidget(self.note)

    def _answer(self, ticket: int, show, value) -> None:  # type: ignore[no-untyped-def]
        if Shiboken.isValid(self) and ticket == self.requests:
            show(value)

    def _load(self, pdf: bytes) -> None:
        self.pdf = pdf
        scrolled = self.view.verticalScrollBar().value()  # an edit re-renders: stay where the reader was
        self.document.close()
        old, self.buffer = self.buffer, QBuffer(self)
        self.buffer.setData(QByteArray(pdf))
        self.buffer.open(QIODevice.OpenModeFlag.ReadOnly)
        self.document.load(self.buffer)
        if old is not None:
            old.close()
            old.deleteLater()
        self.stack.setCurrentWidget(self.view)
        self.view.verticalScrollBar().setValue(scrolled)
        self.shown.emit()

    def _fail(self, error: Exception) -> None:
        self.document.close()
        self.note.setText(f"The PDF could not be made: {error}")
        self.stack.setCurrentWidget(self.note)
        self.shown.emit()
