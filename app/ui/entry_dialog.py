"""The New entry dialog (Ctrl+N): log time by hand, as hours on a day or from–to, with each problem under its field."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QCompleter,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from app.domain.errors import RuleViolation
from app.services import task_log
from app.services.billable_checks import warnings_after
from app.services.identity import MANAGERS
from app.services.work_choices import WorkChoice, work_choices
from app.ui.context import UiContext
from app.ui.view_jobs import ViewJobs

# Which of the service's problem fields each form field answers for.
FIELDS = {
    "work": ("project", "task", "work", "reference"),
    "day": ("date", "day"),
    "hours": ("hours", "duration"),
    "start": ("from", "started_at", "time"),
    "end": ("to", "ended_at"),
    "note": ("note",),
    "override": ("cap_override_reason",),
}
# Refusals about the work that name no field.
CODES = {"ambiguous_task": "work", "no_open_task": "work", "task_closed": "work"}
BOTH = "Give either the hours, or from and to, not both."
NEITHER = "Enter the hours (1:30 or 1.5), or from and to (09:00 and 10:30)."


class EntryDialog(QDialog):
    logged = Signal()  # an entry was written

    def __init__(self, ctx: UiContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.jobs = ViewJobs(self, ctx)
        self.setWindowTitle("New entry")
        self.work = self._work_picker()
        self.day = QDateEdit(QDate.currentDate())
        self.day.setCalendarPopup(True)
        self.day.setDisplayFormat("ddd yyyy-MM-dd")
        self.hours = self._line("1:30 or 1.5")
        self.start = self._line("09:00")
        self.end = self._line("10:30")
        self.note = self._line("What was done (optional)")
        self.override = self._line("Only for a day past the productive day")
        self.billable = QCheckBox("Billable")
        self.billable.setChecked(True)
        self.errors = {key: self._error_label() for key in FIELDS}
        self.general = self._error_label()
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.submit)
        self.buttons.rejected.connect(self.reject)
        self._lay_out()
        self.jobs.read(
            lambda uow, actor: (work_choices(uow, actor), actor.today(uow.clock), actor.user.role in MANAGERS),
            self._fill,
            self._failed,
        )

    def _work_picker(self) -> QComboBox:
        picker = QComboBox()
        picker.setEditable(True)
        picker.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        picker.setMinimumContentsLength(36)
        picker.lineEdit().setPlaceholderText("CODE/Task, or type a client, project or task…")
        completer = picker.completer()
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        return picker

    @staticmethod
    def _line(hint: str) -> QLineEdit:
        edit = QLineEdit()
        edit.setPlaceholderText(hint)
        return edit

    @staticmethod
    def _error_label() -> QLabel:
        label = QLabel()
        label.setTextFormat(Qt.TextFormat.PlainText)  # refusals quote what was typed
        label.setWordWrap(True)
        label.setStyleSheet("color: #b00020;")
        label.hide()
        return label

    def _with_error(self, key: str, *widgets: QWidget) -> QWidget:
        box = QWidget()
        column = QVBoxLayout(box)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(2)
        row = QHBoxLayout()
        for widget in widgets:
            row.addWidget(widget)
        column.addLayout(row)
        column.addWidget(self.errors[key])
        return box

    def _lay_out(self) -> None:
        span = QHBoxLayout()
        form = QFormLayout()
        form.addRow("Work", self._with_error("work", self.work))
        form.addRow("Date", self._with_error("day", self.day))
        form.addRow("Hours", self._with_error("hours", self.hours))
        span.addWidget(self._with_error("start", self.start))
        span.addWidget(QLabel("to"), 0, Qt.AlignmentFlag.AlignTop)
        span.addWidget(self._with_error("end", self.end))
        form.addRow("or from", span)
        form.addRow("Note", self._with_error("note", self.note))
        form.addRow("", self.billable)
        self.override_row = self._with_error("override", self.override)
        form.addRow("Over the daily cap, because…", self.override_row)
        form.setRowVisible(self.override_row, False)  # managers and admins only, once the actor is known
        self.form = form
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.general)
        layout.addWidget(self.buttons)

    def _fill(self, loaded: tuple[list[WorkChoice], date, bool]) -> None:
        choices, today, manages = loaded
        self.form.setRowVisible(self.override_row, manages)
        typed = self.work.currentText()
        for choice in choices:
            self.work.addItem(f"{choice.reference} — {choice.detail}", choice.reference)
        self.work.setCurrentIndex(-1)
        self.work.setEditText(typed)
        if self.day.date() == QDate.currentDate():  # not changed yet: the organisation's today
            self.day.setDate(QDate(today.year, today.month, today.day))

    def _failed(self, error: Exception) -> None:
        self.general.setText(str(error))
        self.general.show()

    def reference(self) -> str:
        """ "CODE/Task": the chosen item's, or what was typed."""
        position = self.work.currentIndex()
        if position >= 0 and self.work.currentText() == self.work.itemText(position):
            return str(self.work.itemData(position))
        return self.work.currentText().strip()

    def submit(self) -> None:
        for label in (*self.errors.values(), self.general):
            label.clear()
            label.hide()
        hours, start, end = (edit.text().strip() for edit in (self.hours, self.start, self.end))
        if hours and (start or end):
            self._show("hours", BOTH)
            return
        if not hours and not (start and end):
            self._show("hours" if not (start or end) else ("end" if start else "start"), NEITHER)
            return
        given = {
            "day": self.day.date().toPython(),
            "hours": hours or None,
            "start": start or None,
            "end": end or None,
            "note": self.note.text(),
            "billable": self.billable.isChecked(),
            "cap_override_reason": self.override.text().strip() or None,
        }
        reference = self.reference()

        def log(uow, actor):  # type: ignore[no-untyped-def]
            return warnings_after(uow, actor, task_log.log_entry(uow, actor, reference, **given))

        self.buttons.setEnabled(False)
        self.jobs.change(log, self._done, self._refused)

    def _done(self, warnings: list[str]) -> None:
        self.ctx.events.entries_changed.emit()
        self.ctx.events.warn_about_budget(warnings)
        self.logged.emit()
        self.accept()

    def _refused(self, error: Exception) -> None:
        self.buttons.setEnabled(True)
        if not isinstance(error, RuleViolation):
            self._show(None, str(error))
            return
        for problem in error.problems:
            key = next((k for k, names in FIELDS.items() if problem.field in names), CODES.get(problem.code))
            self._show(key, problem.message)

    def _show(self, key: str | None, message: str) -> None:
        label = self.general if key is None else self.errors[key]
        label.setText("\n".join(filter(None, [label.text(), message])))
        label.show()
        self.adjustSize()  # make room for the message instead of squeezing the rows together


def open_entry_dialog(ctx: UiContext, parent: QWidget | None = None) -> EntryDialog:
    """Ctrl+N: the dialog (the one already open, if any), in front."""
    dialog = parent.findChild(EntryDialog) if parent is not None else None
    if dialog is None or not dialog.isVisible():
        dialog = EntryDialog(ctx, parent)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
    dialog.raise_()
    dialog.activateWindow()
    return dialog
