"""The project form: code, name, status (only along its allowed transitions), billing, budgets and rate."""

from __future__ import annotations

from datetime import date

from PySide6.QtWidgets import QCheckBox, QHBoxLayout, QWidget

from app.domain.client import Client
from app.domain.project import PROJECT_TRANSITIONS, BillingType, Project, ProjectStatus
from app.services import projects
from app.services.catalogue import ProjectItem
from app.ui.context import UiContext
from app.ui.forms import Change, RecordDialog, choices, line
from app.ui.rate_fields import RateFields

BILLING = {
    BillingType.HOURLY: "Hourly",
    BillingType.FIXED: "Fixed price",
    BillingType.MILESTONE: "Milestones",
    BillingType.NON_BILLABLE: "Not billable",
}
# A new project starts before or at the beginning of its life; later statuses are reached by moving it.
NEW_STATUSES = (ProjectStatus.ENQUIRY, ProjectStatus.QUOTED, ProjectStatus.ACTIVE)


def status_label(status: ProjectStatus) -> str:
    return status.value.capitalize()


def status_choices(project: Project | None) -> list[tuple[str, str]]:
    """What the status can be set to: for a new project where it may start, else where it is and where it
    may go next."""
    if project is None:
        return [(status.value, status_label(status)) for status in NEW_STATUSES]
    allowed = PROJECT_TRANSITIONS.allowed(project.status)
    now = (project.status.value, f"{status_label(project.status)} (now)")
    return [now] + [(status.value, f"→ {status_label(status)}") for status in ProjectStatus if status in allowed]


class ProjectDialog(RecordDialog):
    def __init__(
        self,
        ctx: UiContext,
        client: Client,
        today: date,
        item: ProjectItem | None = None,
        parent: QWidget | None = None,
    ):
        title = f"Edit project {item.project.code}" if item else f"Add a project for {client.name}"
        super().__init__(ctx, title, ctx.events.catalogue_changed, parent)
        self.client = client
        project = None if item is None else item.project
        self.project_id = None if project is None else project.id
        form, money_hint = self.form, f"in {client.currency}; optional"
        self.code = form.add("code", "Code", line(project.code if project else "", "e.g. WEB-01"))
        self.name = form.add("name", "Name", line(project.name if project else "", "e.g. Website relaunch"))
        self.status = form.add("status", "Status", choices(status_choices(project)))
        billing = BillingType.HOURLY if project is None else project.billing
        self.billing = form.add(
            "billing", "Billing", choices(((b.value, label) for b, label in BILLING.items()), billing)
        )
        hours = "" if project is None or project.budget_hours is None else project.budget_hours.format_hm()
        self.budget_hours = form.add("budget_hours", "Budget hours", line(hours, "e.g. 120 or 120:30; optional"))
        self.budget_amount = form.add(
            "budget_amount", "Budget amount", line(_amount(project, "budget_amount"), money_hint)
        )
        self.fixed_price = form.add(
            "fixed_price",
            "Fixed price",
            line(_amount(project, "fixed_price"), f"in {client.currency}; fixed price only"),
        )
        self.requires_quote, self.quote_signed = self._pair("quote", "Quote", "needed", "signed", project)
        self.requires_deposit, self.deposit_paid = self._pair("deposit", "Deposit", "needed", "paid", project)
        # Paid follows the deposit invoice of the signed quote; shown, never ticked by hand.
        self.deposit_paid.setEnabled(False)
        self.deposit_paid.setToolTip("Ticked when the deposit invoice is paid in full")
        hint = f"in {client.currency}; blank: the client's rate applies"
        self.rate = RateFields.of(form, "Hourly rate", hint, None if item is None else item.rates, today)

    def _pair(self, noun: str, label: str, first: str, second: str, project: Project | None) -> tuple[QCheckBox, ...]:
        """Two ticks on one row ("Quote: needed, signed"); problems about either show under the row."""
        keys = (f"requires_{noun}", f"{noun}_{second}")
        boxes = (QCheckBox(first), QCheckBox(second))
        row = QWidget()
        layout = QHBoxLayout(row)
        layout.setContentsMargins(0, 0, 0, 0)
        for key, box in zip(keys, boxes, strict=True):
            box.setChecked(bool(project and getattr(project, key)))
            layout.addWidget(box)
        layout.addStretch()
        self.form.add(noun, label, row, also=keys)
        return boxes

    def change(self) -> Change:
        values = dict(
            code=self.code.text(),
            name=self.name.text(),
            status=self.status.currentData(),
            billing=self.billing.currentData(),
            budget_hours=self.budget_hours.text(),
            budget_amount=self.budget_amount.text(),
            fixed_price=self.fixed_price.text(),
        )
        flags = {
            "requires_quote": self.requires_quote.isChecked(),
            "quote_signed": self.quote_signed.isChecked(),
            "requires_deposit": self.requires_deposit.isChecked(),
        }
        rate = self.rate.values()
        project_id, client = self.project_id, self.client.email
        if project_id is None:
            return lambda uow, actor: projects.add_project(uow, actor, client=client, **values, **flags, **rate)
        return lambda uow, actor: projects.update_project(uow, actor, project_id, **values, **flags, **rate)


def _amount(project: Project | None, field: str) -> str:
    value = None if project is None else getattr(project, field)
    return "" if value is None else f"{value.amount:f}"
