"""Invoice templates in and out of the designer as JSON files: import (replacing one of the same name after
asking) and export of the template as the form shows it, written all or nothing."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QFileDialog, QMessageBox

from app.documents.output_file import write_output
from app.domain.errors import RuleViolation
from app.services import invoice_templates

if TYPE_CHECKING:
    from app.ui.views.invoice_templates import InvoiceTemplatesView

JSON_FILTER = "Invoice templates (*.json);;All files (*)"


class TemplateFiles:
    """The designer's Import… and Export… (mixed into InvoiceTemplatesView)."""

    def import_file(self: InvoiceTemplatesView, path: Path | None = None, *, replace: bool = False) -> None:
        if path is None:
            name, _ = QFileDialog.getOpenFileName(self, "Import an invoice template", "", JSON_FILTER)
            if not name:
                return
            path = Path(name)
        try:
            data = path.read_bytes()
        except OSError as error:
            self.message.error(f"{path.name} cannot be read: {error.strerror or error}.")
            return

        def refused(error: Exception) -> None:
            duplicate = isinstance(error, RuleViolation) and error.code == "duplicate_template"
            if duplicate and not replace and self._confirm_replace(str(error)):
                self.import_file(path, replace=True)
            else:
                self.message.error(str(error))
            self.saved.emit()

        self.jobs.change(
            lambda uow, actor: invoice_templates.import_template(uow, actor, data, replace=replace),
            lambda saved: self._changed(f"Imported the template {saved.name}.", saved.name),
            refused,
        )

    def _confirm_replace(self: InvoiceTemplatesView, reason: str) -> bool:
        answer = QMessageBox.question(
            self,
            "Import template",
            f"{reason}\n\nReplace it?",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
        )
        return answer == QMessageBox.StandardButton.Yes

    def export_file(self: InvoiceTemplatesView, path: Path | None = None) -> None:
        """The template as the form shows it, as a JSON file with its logo."""
        template = self.form.template()
        if path is None:
            name, _ = QFileDialog.getSaveFileName(self, "Export the template", f"{template.name}.json", JSON_FILTER)
            if not name:
                return
            path = Path(name)
        try:
            write_output(path, template.to_json().encode("utf-8"), "template")
        except RuleViolation as refused:
            self.message.error(str(refused))
            return
        self.message.info(f"Wrote the template {template.name} to {path}.")
