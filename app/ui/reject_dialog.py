"""The reason dialog for rejecting a submitted week: the consultant reads the reason in their Timesheet."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QDialogButtonBox, QLabel, QWidget

from app.ui.context import UiContext
from app.ui.forms import Change, RecordDialog, text_box


class RejectDialog(RecordDialog):
    """Asks why; Reject runs `reject(reason)` and the service refuses a blank reason under the field."""

    def __init__(
        self,
        ctx: UiContext,
        week_of: str,  # "Carl Consultant, week 47"
        reject: Callable[[str], Change],
        parent: QWidget | None = None,
    ):
        super().__init__(ctx, f"Reject {week_of}", ctx.events.timesheets_changed, parent)
        self.reject_with = reject
        about = QLabel(f"Why is {week_of} rejected? They see this reason in their Timesheet and fix the week.")
        about.setTextFormat(Qt.TextFormat.PlainText)  # names are user data
        about.setWordWrap(True)
        self.form.rows.insertRow(0, about)
        self.reason = self.form.add("reason", "Reason", text_box(lines=4))
        self.reason.setPlaceholderText("e.g. Tuesday's workshop belongs on the ACME project")
        self.save_button.setText("Reject week")
        self.save_button.setIcon(QIcon())  # not a save
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setDefault(False)
        self.reason.setFocus()

    def change(self) -> Change:
        return self.reject_with(self.reason.toPlainText())
