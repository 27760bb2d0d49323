"""Forms whose every problem shows under the field it is about, and dialogs that save them off the GUI thread."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from typing import Any, TypeVar

from PySide6.QtCore import Qt, Signal, SignalInstance
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from app.domain.errors import RuleViolation
from app.services.identity import Actor
from app.services.ports import UnitOfWork
from app.ui.context import UiContext
from app.ui.view_jobs import ViewJobs
from app.ui.week_bar import MessageLine

W = TypeVar("W", bound=QWidget)
Change = Callable[[UnitOfWork, Actor], Any]
ERROR_STYLE = "#fieldError { color: #b00020; }"


def error_label() -> QLabel:
    """A hidden label for problems; plain text, because messages quote what the user typed."""
    label = QLabel()
    label.setObjectName("fieldError")
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setWordWrap(True)
    label.hide()
    return label


class FieldForm(QWidget):
    """Labelled inputs, each with its problems underneath; problems about no field go below the form.

    It also notices typing (`dirty`), so a refresh from elsewhere never overwrites unsaved input.
    """

    problems_shown = Signal()

    def __init__(self) -> None:
        super().__init__()
        self.rows = QFormLayout()
        self.rows.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.inputs: dict[str, QWidget] = {}
        self.errors: dict[str, QLabel] = {}
        self.titles: dict[str, QWidget] = {}  # the label of each row, by key
        self.owner: dict[str, str] = {}  # a problem's field -> the input it is shown under
        self.general = error_label()
        self.dirty = False
        self.saving = False
        self._filling = False
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(self.rows)
        layout.addWidget(self.general)
        self.setStyleSheet(ERROR_STYLE)

    def add(self, key: str, label: str, widget: W, *, also: Iterable[str] = ()) -> W:
        """A row for `widget`; problems about `key`, or about any field named in `also`, show under it."""
        error = error_label()
        column = QVBoxLayout()
        column.setSpacing(2)
        column.addWidget(widget)
        column.addWidget(error)
        self.rows.addRow(label, column)
        self.inputs[key], self.errors[key] = widget, error
        self.titles[key] = self.rows.labelForField(column)
        for field in (key, *also):
            self.owner[field] = key
        for part in (widget, *widget.findChildren(QWidget)):
            _on_input(part, self._typed)
        return widget

    @contextmanager
    def filling(self) -> Iterator[None]:
        """Put stored values into the inputs: not typing, and the form is clean afterwards."""
        self._filling = True
        try:
            yield
        finally:
            self._filling = False
            self.dirty = False

    def _typed(self, *_: object) -> None:
        if not self._filling:
            self.dirty = True

    def save(self, jobs: ViewJobs, change: Change, saved: Callable[[Any], None]) -> None:
        """Run `change` off the GUI thread in its own transaction: then `saved(result)`, or on a refusal every
        problem under its field and nothing written. A second click while it runs saves nothing twice."""

        def done(result: Any) -> None:
            self.saving = self.dirty = False
            saved(result)

        def refused(error: BaseException) -> None:
            self.saving = False
            self.show_failure(error)

        if self.saving:
            return
        self.saving = True
        self.clear_problems()
        jobs.change(change, done, refused)

    def clear_problems(self) -> None:
        for label in (*self.errors.values(), self.general):
            label.clear()
            label.hide()

    def show_failure(self, error: BaseException) -> None:
        """A refusal under its fields; anything else (a locked database...) as a sentence below the form."""
        self.clear_problems()
        if isinstance(error, RuleViolation):
            for problem in error.problems:
                key = self.owner.get(problem.field or "")
                self._append(self.errors[key] if key else self.general, problem.message)
        else:
            self._append(self.general, str(error))
        self.problems_shown.emit()

    def shown(self) -> dict[str, str]:
        """The problems on show, by input key ("" for those about no field)."""
        labels = {**self.errors, "": self.general}
        return {key: label.text() for key, label in labels.items() if not label.isHidden()}

    @staticmethod
    def _append(label: QLabel, message: str) -> None:
        label.setText("\n".join(filter(None, [label.text(), message])))
        label.show()


def _on_input(widget: QWidget, typed: Callable[..., None]) -> None:
    if isinstance(widget, QLineEdit):
        widget.textEdited.connect(typed)
    elif isinstance(widget, QPlainTextEdit):
        widget.textChanged.connect(typed)
    elif isinstance(widget, QComboBox):
        widget.activated.connect(typed)
        widget.editTextChanged.connect(typed)
    elif isinstance(widget, QCheckBox):
        widget.clicked.connect(typed)


def line(text: str = "", hint: str = "") -> QLineEdit:
    edit = QLineEdit(text)
    edit.setPlaceholderText(hint)
    return edit


def text_box(text: str = "", lines: int = 3) -> QPlainTextEdit:
    """Several lines of free text; Tab moves on to the next field instead of typing a tab."""
    box = QPlainTextEdit(text)
    box.setTabChangesFocus(True)
    box.setFixedHeight(box.fontMetrics().lineSpacing() * lines + 12)
    return box


def choices(options: Iterable[tuple[str, str]], current: str | None = None) -> QComboBox:
    """A drop-down of (value, label) pairs; `current` selected."""
    combo = QComboBox()
    for value, label in options:
        combo.addItem(label, value)
    if current is not None:
        combo.setCurrentIndex(max(0, combo.findData(current)))
    return combo


class RecordDialog(QDialog):
    """A form in a dialog: Save runs `change()` off the GUI thread in its own transaction, then `announce`s
    the change and closes; a refusal stays open with every problem under its field and nothing written."""

    def __init__(self, ctx: UiContext, title: str, announce: SignalInstance, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setMinimumWidth(480)
        self.ctx = ctx
        self.jobs = ViewJobs(self, ctx)
        self.announce = announce
        self.saved: Any = None  # what the service returned, once saved
        self.form = FieldForm()
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        self.save_button = self.buttons.button(QDialogButtonBox.StandardButton.Save)
        self.buttons.accepted.connect(self.submit)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.form)
        layout.addStretch()
        layout.addWidget(self.buttons)
        # Wrapped problem lines need more height than the layout's minimum says (height-for-width).
        self.form.problems_shown.connect(self.adjustSize)

    def change(self) -> Change:
        """The service call to run, with the inputs' values read now (on the GUI thread)."""
        raise NotImplementedError

    def submit(self) -> None:
        self.form.save(self.jobs, self.change(), self._saved)

    def _saved(self, result: Any) -> None:
        self.saved = result
        self.announce.emit()
        self.accept()


def permit(widget: QWidget, read_only: str, possible: bool = True, tip: str = "") -> None:
    """Enable `widget` only for someone allowed to change things; otherwise its tooltip says why not."""
    widget.setEnabled(not read_only and possible)
    widget.setToolTip(read_only or tip)


def button_row(*widgets: QWidget) -> QHBoxLayout:
    row = QHBoxLayout()
    for widget in widgets:
        row.addWidget(widget)
    row.addStretch()
    return row


class DialogSlot:
    """The one form a view has open; opening the next disposes of the last."""

    def __init__(self) -> None:
        self.current: RecordDialog | None = None

    def open(self, dialog: RecordDialog, saved: Callable[[Any], None]) -> None:
        """Show `dialog` (not blocking); `saved` gets what the service returned once it saved."""
        if self.current is not None:
            self.current.deleteLater()
        self.current = dialog
        dialog.accepted.connect(lambda: saved(dialog.saved))
        dialog.open()


def run_action(jobs: ViewJobs, line: MessageLine, change: Change, said: str, announce: SignalInstance) -> None:
    """A one-click change (archive, close, end): its confirmation or its refusal on the message line."""

    def done(_: Any) -> None:
        line.info(said)
        announce.emit()

    line.clear_message()
    jobs.change(change, done, lambda error: line.error(str(error)))
