"""The invoice as its PDF: rendered off the GUI thread by the same renderer as the export, and shown with QtPdf,
so what you see is what you send."""

from __future__ import annotations

import threading
import uuid
from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, Signal
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtWidgets import QStackedLayout, QWidget
from shiboken6 import Shiboken

from app.documents.pdf import render_pdf
from app.documents.pdf_file import pdf_target, write_pdf
from app.services.identity import current_actor
from app.services.invoice_views import printable
from app.services.ports import Workspace
from app.ui.context import UiContext
from app.ui.invoice_reads import invoice_by_id
from app.ui.labels import plain_label

_RENDERING = threading.Lock()  # reportlab registers fonts globally: one rendering at a time


def invoice_pdf(workspace: Workspace, invoice_id: uuid.UUID) -> bytes:
    """The invoice's PDF; the read transaction ends before the (slower) rendering starts."""
    with workspace.read() as uow:
        actor = current_actor(uow)
        document = printable(uow, actor, invoice_by_id(uow, actor, invoice_id))
    with _RENDERING:
        return render_pdf(document)


def export_pdf(workspace: Workspace, invoice_id: uuid.UUID, path: Path) -> Path:
    """The PDF written as the command line writes it: into an existing folder, never half a file."""
    write_pdf(pdf_target(str(path)), invoice_pdf(workspace, invoice_id))
    return path


class PdfPreview(QWidget):
    """Shows the last invoice asked for; a newer request overtakes one still rendering."""

    shown = Signal()  # a rendering is loaded (or the reason it could not be made is on show)

    def __init__(self, ctx: UiContext):
        super().__init__()
        self.ctx = ctx
        self.requests = 0
        self.invoice_id: uuid.UUID | None = None
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
        self.requests += 1
        ticket, workspace = self.requests, self.ctx.workspace
        if invoice_id != self.invoice_id:
            self.invoice_id = invoice_id
            self.stack.setCurrentWidget(self.note)
            self.note.setText("Rendering the PDF…")
        self.ctx.runner.run(
            lambda: invoice_pdf(workspace, invoice_id),
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
