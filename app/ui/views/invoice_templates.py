"""Invoices ▸ Templates: the organisation's invoice templates and the shipped ones, the designer's form for the
one selected, and beside it the live preview of the real PDF.

New, duplicate, delete (after a confirmation), set as default, import and export as JSON files; Save keeps
the form's template (a shipped one is saved as the organisation's own, under its name). Every problem of the
template shows under its field as you type, and the preview leaves out what the template gets wrong.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from app.domain.invoice_template import InvoiceTemplate
from app.services import invoice_templates
from app.services.invoice_templates import TemplateEntry
from app.shipped_templates import CLASSIC, shipped_template
from app.ui.context import UiContext
from app.ui.labels import plain_label
from app.ui.record_list import Column, RecordList
from app.ui.template_files import TemplateFiles
from app.ui.template_form import TemplateForm
from app.ui.template_preview import TemplatePreview
from app.ui.view_jobs import ViewJobs
from app.ui.week_bar import MessageLine

STYLE = "#sectionTitle { font-size: 13pt; font-weight: 600; } #subheading { font-weight: 600; }"
COLUMNS = (
    Column("Template", lambda e: e.name, stretch=True),
    Column("Kind", lambda e: "shipped" if e.shipped else "own"),
    Column("Default", lambda e: "yes" if e.is_default else ""),
    Column("Clients", lambda e: str(e.clients) if e.clients else "", numeric=True),
)


class InvoiceTemplatesView(TemplateFiles, QWidget):
    loaded = Signal()  # the list is on screen
    saved = Signal()  # a change was kept (or refused: see the message line and the form)

    def __init__(self, ctx: UiContext) -> None:
        super().__init__()
        self.ctx = ctx
        self.jobs = ViewJobs(self, ctx)
        self.entry: TemplateEntry | None = None  # the template in the form; None while it is a new one
        self.templates = RecordList(COLUMNS, key=lambda e: e.name.casefold())
        self.form = TemplateForm()
        self.preview = TemplatePreview(ctx)
        self.message = MessageLine()
        self.buttons = {
            name: QPushButton(text)
            for name, text in (
                ("new", "New"),
                ("duplicate", "Duplicate"),
                ("delete", "Delete…"),
                ("default", "Set as default"),
                ("import", "Import…"),
                ("export", "Export…"),
                ("save", "Save"),
                ("revert", "Revert"),
            )
        }
        self.buttons["save"].setDefault(True)
        self._lay_out()
        self._connect()
        self.reload()

    def _lay_out(self) -> None:
        top = QHBoxLayout()
        top.addWidget(plain_label("Invoice templates", name="sectionTitle"))
        top.addStretch(1)
        for name in ("new", "duplicate", "delete", "default", "import", "export"):
            top.addWidget(self.buttons[name])
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.form)
        middle = QWidget()
        column = QVBoxLayout(middle)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(scroll, 1)
        saving = QHBoxLayout()
        saving.addStretch(1)
        saving.addWidget(self.buttons["revert"])
        saving.addWidget(self.buttons["save"])
        column.addLayout(saving)
        self.split = QSplitter(Qt.Orientation.Horizontal)
        self.split.addWidget(self.templates)
        self.split.addWidget(middle)
        self.split.addWidget(self.preview)
        self.split.setStretchFactor(0, 1)
        self.split.setStretchFactor(1, 3)
        self.split.setStretchFactor(2, 3)
        self.split.setChildrenCollapsible(False)
        self.templates.setMinimumWidth(280)  # the name, its kind, default and clients side by side
        self.split.setSizes([300, 620, 600])
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.split, 1)
        layout.addWidget(self.message)
        self.setStyleSheet(STYLE)

    def _connect(self) -> None:
        self.templates.chosen.connect(self._chosen)
        self.form.edited.connect(self._edited)
        handlers = {
            "new": self.new_template,
            "duplicate": self.duplicate,
            "delete": self.delete,
            "default": self.set_default,
            "import": lambda: self.import_file(),
            "export": lambda: self.export_file(),
            "save": self.save,
            "revert": self.revert,
        }
        for name, handler in handlers.items():
            self.buttons[name].clicked.connect(handler)

    # The list and the template on show

    def reload(self, select: str | None = None) -> None:
        if select is not None:
            self.templates.select_later(select.casefold())
        self.jobs.load(invoice_templates.list_templates, self._listed, self._cannot_list)

    def _listed(self, entries: list[TemplateEntry]) -> None:
        self.templates.show_rows(entries, "No templates.")
        chosen = self.templates.selected()
        if chosen is None and entries:
            self.templates.select(entries[0].name.casefold())
            chosen = entries[0]
        if chosen is not None and not self.form.dirty:
            self._show(chosen)
        self._permit()
        self.loaded.emit()

    def _cannot_list(self, error: Exception) -> None:
        self.message.error(str(error))
        self.loaded.emit()

    def _chosen(self) -> None:
        chosen = self.templates.selected()
        if chosen is None or (self.entry is not None and chosen.name == self.entry.name and not self.form.dirty):
            return
        if self.form.dirty and not self._discard():
            if self.entry is not None:
                self.templates.select(self.entry.name.casefold())
            return
        self.message.clear_message()
        self._show(chosen)

    def _show(self, entry: TemplateEntry | None, template: InvoiceTemplate | None = None) -> None:
        self.entry = entry
        shown = template or (entry.template if entry else shipped_template(CLASSIC))
        self.form.show_template(shown)
        self.preview.show_template(shown, now=True)
        self._permit()

    def _edited(self) -> None:
        template = self.form.template()
        self.form.show_problems(template)
        self.preview.show_template(template)
        self._permit()

    def _discard(self) -> bool:
        answer = QMessageBox.question(
            self,
            "Unsaved changes",
            "The template has changes that are not saved. Discard them?",
            QMessageBox.StandardButton.Discard | QMessageBox.StandardButton.Cancel,
        )
        return answer == QMessageBox.StandardButton.Discard

    def _permit(self) -> None:
        entry = self.entry
        self.buttons["delete"].setEnabled(entry is not None and not entry.shipped)
        self.buttons["delete"].setToolTip(
            "Shipped templates cannot be deleted." if entry is not None and entry.shipped else ""
        )
        self.buttons["duplicate"].setEnabled(entry is not None)
        self.buttons["default"].setEnabled(entry is not None and not entry.is_default)
        self.buttons["revert"].setEnabled(self.form.dirty)

    # Actions

    def new_template(self) -> None:
        if self.form.dirty and not self._discard():
            return
        taken = {row.name.casefold() for row in self.templates.model.rows}
        name, number = "New template", 2
        while name.casefold() in taken:
            name, number = f"New template {number}", number + 1
        self._show(None, shipped_template(CLASSIC).changed(name=name))
        self.form.dirty = True
        self.form.name.setFocus()
        self.form.name.selectAll()
        self._permit()

    def save(self) -> None:
        """Keep the form's template; a refusal shows every problem under its field and writes nothing."""
        if self.form.saving:
            return
        template = self.form.template()
        replacing = self.entry.saved.id if self.entry and self.entry.saved else None

        def done(_: object) -> None:
            self.form.saving = self.form.dirty = False
            self.message.info(f"Saved the template {template.name}.")
            self.entry = None
            self.reload(select=template.name)
            self.ctx.events.invoices_changed.emit()  # invoices may print differently now
            self.saved.emit()

        def refused(error: Exception) -> None:
            self.form.saving = False
            self.form.show_failure(error)
            self.message.error("The template was not saved; see the problems in the form.")
            self.saved.emit()

        self.form.saving = True
        self.message.clear_message()
        self.jobs.change(
            lambda uow, actor: invoice_templates.save_template(uow, actor, template, replacing=replacing), done, refused
        )

    def revert(self) -> None:
        self.form.dirty = False
        self._show(self.entry)

    def duplicate(self) -> None:
        if self.entry is None:
            return
        name = self.entry.name
        self._change(
            lambda uow, actor: invoice_templates.duplicate_template(uow, actor, name),
            lambda saved: (f"Made {saved.name}, a copy of {name}.", saved.name),
        )

    def delete(self) -> None:
        if self.entry is None or self.entry.shipped:
            return
        name = self.entry.name
        used = (
            f" {self.entry.clients} client(s) print in it and will go back to the default."
            if self.entry.clients
            else ""
        )
        answer = QMessageBox.question(
            self,
            "Delete template",
            f"Delete the template {name}?{used}",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        self.form.dirty = False
        self.entry = None
        self._change(
            lambda uow, actor: invoice_templates.delete_template(uow, actor, name),
            lambda _: (f"Deleted the template {name}.", None),
        )

    def set_default(self) -> None:
        if self.entry is None:
            return
        name = self.entry.name
        self._change(
            lambda uow, actor: invoice_templates.set_default(uow, actor, name),
            lambda saved: (f"Invoices now print in {saved.name} unless their client has its own.", saved.name),
        )

    def _change(self, use, said) -> None:  # type: ignore[no-untyped-def]
        """A one-click change off the GUI thread; its sentence on the message line, the list reloaded."""

        def done(result: object) -> None:
            sentence, select = said(result)
            self._changed(sentence, select)

        def failed(error: Exception) -> None:
            self.message.error(str(error))
            self.saved.emit()

        self.message.clear_message()
        self.jobs.change(use, done, failed)

    def _changed(self, sentence: str, select: str | None) -> None:
        self.message.info(sentence)
        self.form.dirty = False
        self.entry = None
        self.reload(select=select)
        self.ctx.events.invoices_changed.emit()  # invoices may print differently now
        self.saved.emit()


class InvoiceTemplatesWindow(QDialog):
    """The designer in a window of its own, opened from the Invoices section ("Templates…")."""

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Invoice templates")
        self.setModal(False)
        self.resize(1400, 860)
        self.view = InvoiceTemplatesView(ctx)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addWidget(self.view)


def show_templates(ctx: UiContext, parent: QWidget) -> InvoiceTemplatesWindow:
    """Open the designer's window from `parent` (the Invoices section), or bring back the one already open."""
    window = getattr(parent, "_templates_window", None)
    if window is None:
        window = InvoiceTemplatesWindow(ctx, parent)
        parent._templates_window = window  # type: ignore[attr-defined]
    window.show()
    window.raise_()
    window.activateWindow()
    return window
