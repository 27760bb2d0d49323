"""The task form: a task's name, whether its time is billable, and a rate of its own."""

from __future__ import annotations

from datetime import date

from PySide6.QtWidgets import QCheckBox, QWidget

from app.domain.project import BillingType, Project
from app.services import projects, tasks
from app.services.catalogue import TaskItem
from app.ui.context import UiContext
from app.ui.forms import Change, RecordDialog, line
from app.ui.rate_fields import RateFields


class TaskDialog(RecordDialog):
    def __init__(
        self,
        ctx: UiContext,
        project: Project,
        currency: str,
        today: date,
        item: TaskItem | None = None,
        parent: QWidget | None = None,
    ):
        title = f"Edit task of {project.code}" if item else f"Add a task to {project.code}"
        super().__init__(ctx, title, ctx.events.catalogue_changed, parent)
        task = None if item is None else item.task
        self.project_code = project.code
        self.task_id = None if task is None else task.id
        self.name = self.form.add("name", "Name", line(task.name if task else "", "e.g. Design"))
        self.billable = self.form.add("billable", "Billable", QCheckBox("time on this task is billed"))
        self.billable.setChecked(project.billing is not BillingType.NON_BILLABLE if task is None else task.billable)
        hint = f"in {currency}; blank: the project's rate applies"
        self.rate = RateFields.of(self.form, "Own hourly rate", hint, None if item is None else item.rates, today)

    def change(self) -> Change:
        name, billable, rate = self.name.text(), self.billable.isChecked(), self.rate.values()
        task_id, code = self.task_id, self.project_code
        if task_id is None:
            return lambda uow, actor: projects.add_task(uow, actor, code, name, billable=billable, **rate)
        return lambda uow, actor: tasks.update_task(uow, actor, task_id, name=name, billable=billable, **rate)
