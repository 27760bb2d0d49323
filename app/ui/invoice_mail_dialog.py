"""Sending an issued invoice by email: the recipients, subject and message prefilled from the client and the
organisation's template (all editable), the PDF attached and the XML if asked; sent off the GUI thread, and the
server's refusal shown as the sentence that says why (the invoice then stays as it was)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QCheckBox, QWidget
from shiboken6 import Shiboken

from app.domain.einvoice_data import EInvoice, EInvoiceFormat
from app.domain.errors import RuleViolation
from app.domain.invoice import Invoice
from app.services import invoice_templates
from app.services.identity import Actor
from app.services.invoice_mail import MailDraft, MailRequest, SentInvoice, send_invoice
from app.services.ports import UnitOfWork
from app.ui.context import UiContext
from app.ui.forms import Change, RecordDialog, line, text_box
from app.ui.labels import plain_label
from app.ui.pdf_preview import rendered

XML_CHOICE = "Attach the e-invoice XML too (EN 16931)"


def invoice_pdf(uow: UnitOfWork, actor: Actor, invoice: Invoice) -> bytes:
    """The PDF the preview shows and the export writes: in the invoice's template, one rendering at a time."""
    return rendered(*invoice_templates.invoice_document(uow, actor, invoice))


def invoice_xml(document: EInvoice, format: EInvoiceFormat) -> bytes:
    from app.documents.einvoice_file import einvoice_xml

    return einvoice_xml(document, format)


class InvoiceMailDialog(RecordDialog):
    """Send shows "Sending…" while the server is talked to; a refusal keeps the dialog open with its sentence."""

    sending = Signal()  # the message was handed to a worker thread

    def __init__(self, ctx: UiContext, draft: MailDraft, parent: QWidget | None = None):
        super().__init__(ctx, f"Send {draft.title.lower()} {draft.reference}", ctx.events.invoices_changed, parent)
        self.setMinimumWidth(560)
        self.draft = draft
        self.busy = False
        history = draft.last_sent or "It has not been sent by email yet."
        self.about = plain_label(f"{draft.title} {draft.reference} goes as a PDF attachment. {history}")
        self.about.setWordWrap(True)
        self.form.rows.insertRow(0, self.about)
        form = self.form
        self.to = form.add("to", "To", line(", ".join(draft.recipients), "addresses, separated by commas"))
        self.subject = form.add("subject", "Subject", line(draft.subject), also=("mail_subject",))
        self.body = form.add("message", "Message", text_box(draft.body, lines=10), also=("mail_body",))
        self.with_xml = form.add("xml", "", QCheckBox(XML_CHOICE))
        self.save_button.setText("Send")
        if draft.problems:  # e.g. no mail server set yet: said before Send is tried
            form.general.setText("\n".join(draft.problems))
            form.general.show()
        self.to.setFocus()

    def request(self) -> MailRequest:
        return MailRequest(
            to=[self.to.text()],
            subject=self.subject.text(),
            body=self.body.toPlainText(),
            with_xml=self.with_xml.isChecked(),
        )

    def change(self) -> Change:  # not a plain change: see submit
        raise NotImplementedError

    def submit(self) -> None:
        """Compose, send and record off the GUI thread (app.services.invoice_mail.send_invoice)."""
        if self.busy:
            return
        from app.mail import smtp

        self.busy = True
        self.form.clear_problems()
        self._sending(True)
        workspace, ref, request = self.ctx.workspace, self.draft.invoice_id.hex, self.request()
        sender = smtp.sender()

        def work() -> SentInvoice:
            return send_invoice(workspace, ref, request, render_pdf=invoice_pdf, send=sender, write_xml=invoice_xml)

        self.ctx.runner.run(work, self._guard(self._sent), self._guard(self._refused))
        self.sending.emit()

    def _guard(self, callback: Callable[[Any], None]) -> Callable[[Any], None]:
        return lambda value: Shiboken.isValid(self) and callback(value)  # the dialog may have closed meanwhile

    def _sending(self, busy: bool) -> None:
        self.save_button.setEnabled(not busy)
        self.save_button.setText("Sending…" if busy else "Send")
        for widget in (self.to, self.subject, self.body, self.with_xml):
            widget.setEnabled(not busy)

    def _sent(self, sent: SentInvoice) -> None:
        self.busy = False
        self._sending(False)
        self._saved(sent)

    def _refused(self, error: Any) -> None:
        self.busy = False
        self._sending(False)
        if isinstance(error, RuleViolation):
            self.form.show_failure(error)
        else:
            self.form.show_failure(Exception(str(error) or "The invoice could not be sent."))
