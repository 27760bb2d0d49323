"""Invoices: the list with its status filters, the selected invoice (a draft edited in place), and its PDF.

Drafts are made from approved time or empty, edited line by line, discounted and finalised; issued invoices
take payments (and reversals) and are cancelled by credit notes. Every step runs off the GUI thread through
the services; a refusal is shown in its dialog or under the lines, and what is shown afterwards is always
what the ledger answered. The preview renders the same PDF the export writes.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QAction, QKeySequence, QResizeEvent, QShowEvent
from PySide6.QtWidgets import (
    QHBoxLayout,
    QPushButton,
    QSplitter,
    QTabBar,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from app.domain.invoice import Invoice
from app.ui.context import UiContext
from app.ui.forms import DialogSlot
from app.ui.invoice_actions import InvoiceSteps
from app.ui.invoice_editor import InvoiceEditor
from app.ui.invoice_issue_dialogs import Confirmation
from app.ui.invoice_list_model import EMPTY, FILTERS, empty_text, invoice_list, invoices_shown
from app.ui.invoice_reads import InvoicePage, invoice_page
from app.ui.invoice_steps import DRAFT_STEPS, ISSUED_STEPS, STEPS, allowed_steps, is_draft
from app.ui.labels import plain_label
from app.ui.pdf_preview import PdfPreview
from app.ui.view_jobs import ViewJobs
from app.ui.views.invoice_templates import show_templates
from app.ui.week_bar import MessageLine

LIST_HEIGHT = 190  # px: the header and six invoices
PREVIEW_DELAY_MS = 250  # typing through several cells renders once, after the last answer
STYLE = "#sectionTitle { font-size: 13pt; font-weight: 600; } #subheading { font-weight: 600; }"


class InvoicesView(InvoiceSteps, QWidget):
    loaded = Signal()  # the list is on screen (a first read or a refresh)
    shown = Signal()  # the editor shows the selected invoice, or says why it shows none
    acted = Signal()  # an action answered: done or refused

    def __init__(self, ctx: UiContext):
        super().__init__()
        self.ctx = ctx
        self.jobs = ViewJobs(self, ctx)
        self.detail_jobs = ViewJobs(self, ctx)  # its loads must not overtake the list's
        self.page: InvoicePage | None = None
        self.rendered: tuple[uuid.UUID, int] | None = None  # the invoice and version the preview was asked for
        self.filter = FILTERS[0]
        self.sized = False  # the splitters get their first sizes once the section knows its own
        self.busy = False  # one change at a time: a double click cannot finalise twice
        self.waiting: list[tuple[Any, ...]] = []  # edits typed into the lines while another was being saved
        self.dialogs = DialogSlot()
        self.confirmation: Confirmation | None = None
        self.filters = QTabBar()
        for chosen in FILTERS:
            self.filters.addTab(chosen.title)
        self.filters.setDrawBase(False)
        self.invoices = invoice_list()
        self.editor = InvoiceEditor()
        self.preview = PdfPreview(ctx)
        self.message = MessageLine()
        self.actions = self._make_actions()
        self.buttons = {name: self._button(name) for name in STEPS if name != "refresh"}
        self.refresh_soon = QTimer(self, singleShot=True, interval=0, timeout=self.reload)
        self.preview_soon = QTimer(self, singleShot=True, interval=PREVIEW_DELAY_MS, timeout=self._render)
        self._lay_out()
        self._connect()
        self._permit()
        self.reload()

    # Building

    def _make_actions(self) -> dict[str, QAction]:
        handlers: dict[str, Callable[[], Any]] = {
            "draft_from_time": self.draft_from_time,
            "new_draft": self.new_draft,
            "add_line": self.add_line,
            "remove_line": self.remove_line,
            "discount": self.discount,
            "finalise": self.finalise,
            "delete_draft": self.delete_draft,
            "record_payment": self.record_payment,
            "reverse_payment": self.reverse_payment,
            "credit_note": self.credit_note,
            "export_pdf": lambda: self.export_pdf(),
            "send_email": self.send_by_email,
            "export_einvoice": self.export_einvoice,
            "refresh": self.reload,
        }
        actions = {}
        for name, step in STEPS.items():
            keys = QKeySequence(step.keys)
            action = QAction(step.text, self)
            action.setShortcut(keys)
            action.setToolTip(f"{step.tip} ({keys.toString(QKeySequence.SequenceFormat.NativeText)})")
            action.setData(action.toolTip())  # what it does; _permit shows why not instead while it cannot
            action.triggered.connect(handlers[name])
            # Delete removes a line only while the lines have the focus; the rest work anywhere in the section.
            on_lines = name == "remove_line"
            context = Qt.ShortcutContext.WidgetShortcut if on_lines else Qt.ShortcutContext.WidgetWithChildrenShortcut
            action.setShortcutContext(context)
            (self.editor.table if on_lines else self).addAction(action)
            actions[name] = action
        return actions

    def _button(self, name: str) -> QToolButton:
        button = QToolButton()
        button.setDefaultAction(self.actions[name])
        button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        return button

    def _lay_out(self) -> None:
        title = plain_label("Invoices", name="sectionTitle")
        top = QHBoxLayout()
        top.addWidget(title)
        top.addSpacing(12)
        top.addWidget(self.filters)
        top.addStretch(1)
        top.addWidget(self.buttons["draft_from_time"])
        top.addWidget(self.buttons["new_draft"])
        templates = QPushButton("Templates…")
        templates.setToolTip("How invoices look: the invoice designer")
        templates.clicked.connect(lambda: show_templates(self.ctx, self))
        top.addWidget(templates)
        steps = QHBoxLayout()
        for name in (*DRAFT_STEPS, *ISSUED_STEPS):
            steps.addWidget(self.buttons[name])
        steps.addStretch(1)
        left = QWidget()
        column = QVBoxLayout(left)
        column.setContentsMargins(0, 0, 0, 0)
        column.addLayout(steps)
        column.addWidget(self.editor, 1)
        right = QWidget()
        column = QVBoxLayout(right)
        column.setContentsMargins(0, 0, 0, 0)
        about_pdf = QHBoxLayout()
        about_pdf.addWidget(plain_label("PDF preview", name="subheading"))
        about_pdf.addStretch(1)
        about_pdf.addWidget(self.buttons["export_pdf"])
        column.addLayout(about_pdf)
        column.addWidget(self.preview, 1)
        self.lower = QSplitter(Qt.Orientation.Horizontal)
        self.lower.addWidget(left)
        self.lower.addWidget(right)
        self.lower.setStretchFactor(0, 3)
        self.lower.setStretchFactor(1, 2)
        self.lower.setChildrenCollapsible(False)
        self.split = QSplitter(Qt.Orientation.Vertical)
        self.split.addWidget(self.invoices)
        self.split.addWidget(self.lower)
        self.split.setStretchFactor(0, 1)
        self.split.setStretchFactor(1, 3)
        self.split.setChildrenCollapsible(False)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.split, 1)
        layout.addWidget(self.message)
        self.setStyleSheet(STYLE)

    def _connect(self) -> None:
        self.filters.currentChanged.connect(self.choose_filter)
        self.invoices.chosen.connect(self._chosen)
        self.invoices.opened.connect(self.editor.table.setFocus)  # Enter on an invoice: on to its lines
        self.editor.table.selectionModel().currentRowChanged.connect(lambda *_: self._permit())
        self.editor.payments.chosen.connect(self._permit)
        self.editor.lines.edit_requested.connect(self.edit_line)
        events = self.ctx.events
        for signal in (events.catalogue_changed, events.settings_changed):
            signal.connect(self._letterhead_changed)
        for signal in (events.invoices_changed, events.catalogue_changed, events.settings_changed):
            signal.connect(self.refresh_soon.start)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.invoices.table.setFocus()

    def resizeEvent(self, event: QResizeEvent) -> None:
        """At first: about six invoices above, and the preview wide enough to read the page's top half."""
        super().resizeEvent(event)
        if not self.sized and event.size().height() > 0:
            self.sized = True
            height, width = self.split.height() or event.size().height(), event.size().width()
            self.split.setSizes([max(LIST_HEIGHT, height // 4), height - max(LIST_HEIGHT, height // 4)])
            self.lower.setSizes([width * 11 // 20, width * 9 // 20])

    # The list and the invoice on show

    def choose_filter(self, number: int) -> None:
        self.filter = FILTERS[number]
        self.message.clear_message()
        self.reload()

    def reload(self) -> None:
        chosen = self.filter
        self.jobs.load(lambda uow, actor: invoices_shown(uow, actor, chosen), self._listed, self._cannot_list)

    def _listed(self, rows: list) -> None:  # type: ignore[type-arg]
        self.invoices.show_rows(rows, empty_text(self.filter))
        if self.invoices.selected() is None and rows:
            self.invoices.select(rows[0].invoice.id)
        self.show_selected()
        self.loaded.emit()

    def _cannot_list(self, error: Exception) -> None:
        self.invoices.show_rows([], str(error))
        self._show_none(str(error))
        self.loaded.emit()

    def _chosen(self) -> None:
        self.message.clear_message()
        self.editor.message.clear_message()
        self.show_selected()

    def show_selected(self) -> None:
        summary = self.invoices.selected()
        if summary is None:
            self._show_none(EMPTY if self.filter == FILTERS[0] and not self.invoices.model.rows else "")
            return
        invoice_id = summary.invoice.id
        self.detail_jobs.load(lambda uow, actor: invoice_page(uow, actor, invoice_id), self._show_page, self._lost)

    def _show_none(self, text: str) -> None:
        self.page = None
        self.detail_jobs.loads += 1  # a detail still loading is no longer wanted
        self.editor.show_nothing(text or "Select an invoice to see it here.")
        self.preview.clear()
        self._permit()
        self.shown.emit()

    def _show_page(self, page: InvoicePage) -> None:
        self.page = page
        self.editor.show_detail(page.detail)
        counting = [p for p in page.detail.payments if p.counts]
        if self.editor.payments.selected() is None and counting:
            self.editor.payments.select(counting[-1].id)
        self._permit()
        self.preview_soon.start()
        self.shown.emit()

    def _lost(self, error: Exception) -> None:
        self._show_none(str(error))

    def _render(self) -> None:
        """Render the invoice on show, unless the preview shows this very version of it already."""
        if self.page is None:
            return
        invoice = self.page.detail.invoice
        if (invoice.id, invoice.version) != self.rendered or self.preview.invoice_id != invoice.id:
            self.rendered = (invoice.id, invoice.version)
            self.preview.show_invoice(invoice.id)

    def _letterhead_changed(self) -> None:
        """The organisation's or a client's details print on the PDF without changing the invoice's version."""
        self.rendered = None

    def invoice(self) -> Invoice | None:
        return self.page.detail.invoice if self.page else None

    def _permit(self) -> None:
        """Each step enabled only where the invoice's state allows it; the tooltip says why not."""
        invoice = self.invoice()
        lines = self.page.detail.lines if self.page else ()
        row = self.editor.table.currentIndex().row()
        line = lines[row] if 0 <= row < len(lines) else None
        allowed = allowed_steps(invoice, lines, line, self.editor.payments.selected())
        for name, (possible, why_not) in allowed.items():
            action = self.actions[name]
            action.setEnabled(possible and not self.busy)
            action.setToolTip(action.data() if possible else why_not or action.data())
        issued = invoice is not None and not is_draft(invoice)
        for name in DRAFT_STEPS:
            self.buttons[name].setVisible(not issued)
        for name in ISSUED_STEPS:
            self.buttons[name].setVisible(issued)
