"""The first-run form: create the organisation and its first user without the command line."""

from __future__ import annotations

from collections.abc import Callable

import tzlocal
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QLineEdit, QPushButton, QVBoxLayout, QWidget

from app.domain.errors import RuleViolation
from app.services import setup
from app.services.ports import Workspace
from app.ui.forms import FieldForm, line

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

    def __init__(self, workspace: Workspace, on_done: Callable[[], None], join: QWidget | None = None):
        """`join`: the Team sync section, for someone whose organisation already lives on a team server."""
        super().__init__()
        self.workspace = workspace
        self.on_done = on_done
        self.form = FieldForm()
        self.inputs: dict[str, QLineEdit] = {
            key: self.form.add(key, label, line(hint=hint), also=names) for key, (label, names, hint) in FIELDS.items()
        }
        self.errors = self.form.errors
        self.inputs["currency"].setText("EUR")
        self.inputs["time_zone"].setText(tzlocal.get_localzone_name() or "UTC")
        self.create = QPushButton("Create organisation")
        self.create.setDefault(True)
        self.create.clicked.connect(self.submit)
        intro = QLabel("Set up Timeledger: your organisation and you, its first admin.")
        intro.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.form)
        layout.addWidget(self.create, alignment=Qt.AlignmentFlag.AlignRight)
        if join is not None:
            joining = QLabel("Or, if your team already works with Timeledger, join its server:")
            joining.setWordWrap(True)
            layout.addSpacing(16)
            layout.addWidget(joining)
            layout.addWidget(join)
        layout.addStretch()
        for edit in self.inputs.values():
            edit.returnPressed.connect(self.submit)

    def values(self) -> dict[str, str | None]:
        text = {key: edit.text() for key, edit in self.inputs.items()}
        text["default_rate"] = text["default_rate"].strip() or None
        return text

    def submit(self) -> None:
        # The first run has no desk to keep responsive yet, and creating two rows is instant: saved in place.
        self.form.clear_problems()
        try:
            with self.workspace.work() as uow:
                setup.init_organisation(uow, **self.values())  # type: ignore[arg-type]
                uow.commit()
        except RuleViolation as refusal:
            self.form.show_failure(refusal)
            return
        self.on_done()
