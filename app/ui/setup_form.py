"""The first-run form: create the organisation and its first user without the command line."""

from __future__ import annotations

from collections.abc import Callable

import tzlocal
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFormLayout, QLabel, QLineEdit, QPushButton, QVBoxLayout, QWidget

from app.domain.errors import RuleViolation
from app.services import setup
from app.services.ports import Workspace

# Form field -> the service's field names its problems may carry.
FIELDS = {
    "org_name": ("Organisation", ("name", "org_name"), "Acme Consulting"),
    "currency": ("Currency", ("base_currency", "currency"), "EUR"),
    "user_name": ("Your name", ("user_name",), "Ada Lovelace"),
    "email": ("Your email", ("email",), "ada@example.com"),
    "time_zone": ("Time zone", ("time_zone",), ""),
    "default_rate": ("Default hourly rate", ("rate", "default_rate"), "optional, e.g. 90"),
}


class SetupForm(QWidget):
    """Shown instead of the desk while the database has no organisation."""

    def __init__(self, workspace: Workspace, on_done: Callable[[], None]):
        super().__init__()
        self.workspace = workspace
        self.on_done = on_done
        self.inputs: dict[str, QLineEdit] = {}
        self.errors: dict[str, QLabel] = {}
        form = QFormLayout()
        for key, (label, _, hint) in FIELDS.items():
            edit = QLineEdit()
            edit.setPlaceholderText(hint)
            error = QLabel()
            error.setObjectName("fieldError")
            error.setWordWrap(True)
            error.hide()
            column = QVBoxLayout()
            column.setSpacing(2)
            column.addWidget(edit)
            column.addWidget(error)
            form.addRow(label, column)
            self.inputs[key], self.errors[key] = edit, error
        self.inputs["currency"].setText("EUR")
        self.inputs["time_zone"].setText(tzlocal.get_localzone_name() or "UTC")
        self.general = QLabel()
        self.general.setObjectName("fieldError")
        self.general.setWordWrap(True)
        self.create = QPushButton("Create organisation")
        self.create.setDefault(True)
        self.create.clicked.connect(self.submit)
        intro = QLabel("Set up Timeledger: your organisation and you, its first admin.")
        intro.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.general)
        layout.addWidget(self.create, alignment=Qt.AlignmentFlag.AlignRight)
        layout.addStretch()
        self.setStyleSheet("#fieldError { color: #b00020; }")
        for edit in self.inputs.values():
            edit.returnPressed.connect(self.submit)

    def values(self) -> dict[str, str | None]:
        text = {key: edit.text() for key, edit in self.inputs.items()}
        text["default_rate"] = text["default_rate"].strip() or None
        return text

    def submit(self) -> None:
        for error in self.errors.values():
            error.hide()
        self.general.clear()
        try:
            with self.workspace.work() as uow:
                setup.init_organisation(uow, **self.values())  # type: ignore[arg-type]
                uow.commit()
        except RuleViolation as refusal:
            self.show_problems(refusal)
            return
        self.on_done()

    def show_problems(self, refusal: RuleViolation) -> None:
        """Each problem under the field it is about; the rest above the button."""
        unplaced = []
        for problem in refusal.problems:
            key = next((k for k, (_, names, _) in FIELDS.items() if problem.field in names), None)
            if key is None:
                unplaced.append(problem.message)
                continue
            label = self.errors[key]
            label.setText("\n".join(filter(None, [label.text() if label.isVisible() else "", problem.message])))
            label.show()
        self.general.setText("\n".join(unplaced))
