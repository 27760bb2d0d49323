"""The steps of the Invoices section: drafting, editing, finalising, payments, credit notes, the PDF and e-invoice
exports.

Each runs its service call off the GUI thread, one at a time; dialogs show their own refusals under their
fields, the rest go to the section's message line (or, for a refused edit in the lines, right under them).
Whatever the answer, the section re-reads the ledger afterwards, so what it shows is what was stored.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QStandardPaths
from PySide6.QtWidgets import QFileDialog
from shiboken6 import Shiboken

from app.domain.invoice import Invoice
from app.domain.money import format_money
from app.services import invoice_drafts, invoice_issue
from app.services.invoice_drafts import DraftResult
from app.services.invoice_mail import MailDraft, SentInvoice, mail_draft
from app.services.invoice_views import reference
from app.ui.einvoice_dialog import EInvoiceDialog, Written
from app.ui.forms import Change
from app.ui.invoice_dialogs import AddLineDialog, DiscountDialog, DraftFromTimeDialog, NewDraftDialog
from app.ui.invoice_issue_dialogs import Confirmation, CreditNoteDialog, PaymentDialog, ReversePaymentDialog
from app.ui.invoice_list_model import FILTERS
from app.ui.invoice_mail_dialog import InvoiceMailDialog
from app.ui.invoice_reads import invoice_by_id
from app.ui.pdf_preview import export_pdf

FINALISE = "Invoice will get the next number and can no longer change."


def file_name(invoice: Invoice) -> str:
    """ "Invoice 2026-0007.pdf", "Invoice draft 3f9c27ab.pdf"; a number with slashes ("AC/2026/7") still makes
    one file name."""
    return re.sub(r"[\\/:*?\"<>|]+", "-", f"{invoice.title} {reference(invoice)}.pdf")


def plural(count: int, noun: str) -> str:
    return f"{count} {noun}" if count == 1 else f"{count} {noun.replace('entry', 'entries')}"


class InvoiceSteps:
    """What the section does; mixed into InvoicesView, whose list, editor, dialogs and message line it uses."""

    def _change(
        self,
        change: Change,
        done: Callable[[Any], None],
        refused: Callable[[str], None] | None = None,
        *,
        queue: bool = False,
    ) -> None:
        """Run a change off the GUI thread, one at a time; the view re-reads the ledger afterwards, whatever
        the answer. While one runs, another is dropped (a second click) or, with `queue`, run after it (the
        next cell typed into the lines)."""
        if self.busy:
            if queue:
                self.waiting.append((change, done, refused))
            return
        self.busy = True
        self.message.clear_message()
        self._permit()

        def ok(result: Any) -> None:
            self.busy = False
            done(result)
            self.ctx.events.invoices_changed.emit()
            self.acted.emit()
            self._next()

        def failed(error: Exception) -> None:
            self.busy = False
            (refused or self.message.error)(str(error))
            self.show_selected()  # typed values back to what is stored
            self.acted.emit()
            self._next()

        self.jobs.change(change, ok, failed)

    def _next(self) -> None:
        if self.waiting and not self.busy:
            change, done, refused = self.waiting.pop(0)
            self._change(change, done, refused, queue=True)

    def _current_id(self):  # type: ignore[no-untyped-def]
        invoice = self.invoice()
        assert invoice is not None
        return invoice.id

    def _opened(self, dialog, saved: Callable[[Any], None]) -> None:  # type: ignore[no-untyped-def]
        self.message.clear_message()
        self.dialogs.open(dialog, saved)

    def draft_from_time(self) -> DraftFromTimeDialog:
        dialog = DraftFromTimeDialog(self.ctx, self)
        self._opened(dialog, self._drafted)
        return dialog

    def _drafted(self, result: DraftResult) -> None:
        self._show_new(result.invoice)
        unpriced = f" {plural(result.unpriced, 'entry')} without a rate were left out." if result.unpriced else ""
        self.message.info(f"Drafted from {plural(result.entries, 'approved entry')}.{unpriced}")
        self.ctx.events.entries_changed.emit()  # those entries are on a draft now

    def new_draft(self) -> NewDraftDialog:
        dialog = NewDraftDialog(self.ctx, self)
        self._opened(dialog, lambda invoice: self._show_new(invoice))
        return dialog

    def _show_new(self, invoice: Invoice) -> None:
        """Select the new document once the list is read again (under a filter that shows it)."""
        if self.filter is not FILTERS[0]:
            self.filters.setCurrentIndex(0)
        self.invoices.select_later(invoice.id)

    def add_line(self) -> AddLineDialog | None:
        invoice = self.invoice()
        if invoice is None or self.page is None:
            return None
        dialog = AddLineDialog(self.ctx, invoice.id, invoice.currency, self.page.default_tax_rate, self)
        self._opened(dialog, lambda _: self.message.info("Line added."))
        return dialog

    def remove_line(self) -> None:
        index = self.editor.table.currentIndex()
        if not self.actions["remove_line"].isEnabled() or not index.isValid():
            return
        line_id = self.editor.lines.line(index.row()).id
        change = lambda uow, actor: invoice_drafts.remove_line(uow, actor, line_id)  # noqa: E731
        self._change(change, lambda _: self.message.info("Line removed."))

    def edit_line(self, line_id, field: str, text: str) -> None:  # type: ignore[no-untyped-def]
        """An edit typed into the lines table; the totals shown next come from the service's answer."""
        self.editor.message.clear_message()
        change = lambda uow, actor: invoice_drafts.edit_line(uow, actor, line_id, **{field: text})  # noqa: E731

        def refused(error: str) -> None:
            self.editor.lines.answered(line_id, field)
            self.editor.message.error(error)

        self._change(change, lambda _: self.editor.lines.answered(line_id, field), refused, queue=True)

    def discount(self) -> DiscountDialog | None:
        invoice = self.invoice()
        if invoice is None:
            return None
        dialog = DiscountDialog(self.ctx, invoice.id, invoice.currency, invoice.discount, self)
        self._opened(dialog, lambda _: self.message.info("Discount set."))
        return dialog

    def _ask(self, title: str, text: str, yes: str, then: Callable[[], None]) -> Confirmation:
        if self.confirmation is not None:
            self.confirmation.deleteLater()
        self.confirmation = Confirmation(self, title, text, yes, then)
        self.confirmation.open()
        return self.confirmation

    def finalise(self) -> Confirmation | None:
        if self.page is None or not self.actions["finalise"].isEnabled():
            return None
        detail, invoice_id = self.page.detail, self._current_id()
        text = f"Finalise the draft for {detail.client.name} over {format_money(detail.totals.total)}?\n\n{FINALISE}"

        def finalise(uow, actor):  # type: ignore[no-untyped-def]
            return invoice_issue.finalise(uow, actor, invoice_by_id(uow, actor, invoice_id))

        def done(invoice: Invoice) -> None:
            if invoice.number is None:  # sync is set up: only the team server gives numbers
                self.message.info("Waits for the team server: the invoice gets its number at the next sync.")
            else:
                self.message.info(f"Finalised as invoice {invoice.number}, due {invoice.due_date}.")
            self.ctx.events.entries_changed.emit()  # its time is invoiced now

        return self._ask("Finalise invoice", text, "Finalise", lambda: self._change(finalise, done))

    def delete_draft(self) -> Confirmation | None:
        if self.page is None or not self.actions["delete_draft"].isEnabled():
            return None
        entries, invoice_id = self.page.detail.entries, self._current_id()
        released = (
            f"Its {plural(entries, 'approved entry')} are released and can be drafted again."
            if entries
            else "No approved time is on it."
        )
        text = f"Delete this draft for {self.page.detail.client.name}?\n\n{released}"

        def delete(uow, actor):  # type: ignore[no-untyped-def]
            return invoice_drafts.delete_draft(uow, actor, invoice_by_id(uow, actor, invoice_id))

        def done(count: int) -> None:
            self.message.info(f"Draft deleted; {plural(count, 'entry')} released." if count else "Draft deleted.")
            self.ctx.events.entries_changed.emit()

        return self._ask("Delete draft", text, "Delete draft", lambda: self._change(delete, done))

    def record_payment(self) -> PaymentDialog | None:
        invoice = self.invoice()
        if invoice is None or self.page is None or not self.actions["record_payment"].isEnabled():
            return None
        label = f"Invoice {invoice.number}"
        dialog = PaymentDialog(self.ctx, invoice.id, label, invoice.balance, self.page.today, self)
        self._opened(dialog, lambda payment: self.message.info(f"Payment of {format_money(payment.amount)} recorded."))
        return dialog

    def reverse_payment(self) -> ReversePaymentDialog | None:
        invoice, payment = self.invoice(), self.editor.payments.selected()
        if invoice is None or payment is None or not self.actions["reverse_payment"].isEnabled():
            return None
        dialog = ReversePaymentDialog(self.ctx, payment, f"invoice {invoice.number}", self)
        self._opened(dialog, lambda _: self.message.info("Payment reversed; the balance is owed again."))
        return dialog

    def credit_note(self) -> CreditNoteDialog | None:
        invoice = self.invoice()
        if invoice is None or self.page is None or not self.actions["credit_note"].isEnabled():
            return None
        dialog = CreditNoteDialog(self.ctx, invoice.id, invoice.number or "", self.page.detail.entries, self)
        self._opened(dialog, self._credited)
        return dialog

    def _credited(self, note: Invoice) -> None:
        self.invoices.select_later(note.id)
        self.message.info(f"Credit note {note.number} issued; the invoice it cancels is void.")
        self.ctx.events.entries_changed.emit()  # released time is billable again

    def send_by_email(self) -> None:
        """Open the send dialog, prefilled from the client and the organisation's template (read off the GUI
        thread); it is in `self.dialogs.current` once open."""
        invoice = self.invoice()
        if invoice is None or not self.actions["send_email"].isEnabled():
            return
        invoice_id = invoice.id
        self.message.clear_message()

        def draft(uow, actor):  # type: ignore[no-untyped-def]
            return mail_draft(uow, actor, invoice_by_id(uow, actor, invoice_id))

        self.jobs.read(draft, self._compose, lambda error: self.message.error(str(error)))

    def _compose(self, draft: MailDraft) -> None:
        self._opened(InvoiceMailDialog(self.ctx, draft, self), self._sent)

    def _sent(self, sent: SentInvoice) -> None:
        said = sent.sentences()
        if len(said) > 1:  # some recipients refused: sent, but not everywhere
            self.message.error(" ".join(said))
        else:
            self.message.info(said[0])

    def export_einvoice(self) -> EInvoiceDialog | None:
        """The e-invoice dialog: format, then where to save; the file written is said on the message line."""
        invoice = self.invoice()
        if invoice is None or self.page is None or not self.actions["export_einvoice"].isEnabled():
            return None
        dialog = EInvoiceDialog(self.ctx, invoice, self.page.detail.client.name, self)
        self._opened(dialog, self._exported)
        return dialog

    def _exported(self, written: Written) -> None:
        self.message.info(written.sentence())
        self.acted.emit()

    def export_pdf(self, path: Path | None = None) -> None:
        """Save the invoice's PDF (asks where, unless told); written off the GUI thread."""
        invoice = self.invoice()
        if invoice is None:
            return
        if path is None:
            folder = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
            chosen, _ = QFileDialog.getSaveFileName(
                self, "Export PDF", str(Path(folder) / file_name(invoice)), "PDF documents (*.pdf)"
            )
            if not chosen:
                return
            path = Path(chosen)
        workspace, invoice_id, target = self.ctx.workspace, invoice.id, path
        self.message.info(f"Saving {target.name}…")

        def saved(written: Path) -> None:
            self.message.info(f"Saved {written}.")
            self.acted.emit()

        def failed(error: Exception) -> None:
            self.message.error(f"The PDF could not be saved: {error}")
            self.acted.emit()

        def answered(show: Callable[[Any], None]) -> Callable[[Any], None]:
            return lambda value: Shiboken.isValid(self) and show(value)  # the view may have closed meanwhile

        self.ctx.runner.run(lambda: export_pdf(workspace, invoice_id, target), answered(saved), answered(failed))
