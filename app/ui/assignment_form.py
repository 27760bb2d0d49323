"""The assignment form: who works on a project, in what role, for which days, at what rate of their own."""

from __future__ import annotations

from datetime import date

from PySide6.QtWidgets import QWidget

from app.domain.project import Project
from app.domain.user import User
from app.services import assignments, projects
from app.services.catalogue import AssignmentItem
from app.ui.context import UiContext
from app.ui.forms import Change, RecordDialog, choices, line
from app.ui.rate_fields import RateFields


def _day(day: date | None) -> str:
    return "" if day is None else day.isoformat()


class AssignmentDialog(RecordDialog):
    def __init__(
        self,
        ctx: UiContext,
        project: Project,
        currency: str,
        today: date,
        people: list[User],
        item: AssignmentItem | None = None,
        parent: QWidget | None = None,
    ):
        title = f"Edit assignment to {project.code}" if item else f"Assign someone to {project.code}"
        super().__init__(ctx, title, ctx.events.catalogue_changed, parent)
        assignment = None if item is None else item.assignment
        self.project_code = project.code
        self.assignment_id = None if assignment is None else assignment.id
        form = self.form
        listed = people if item is None else [item.person]  # the person of an assignment stays
        options = ((user.email, f"{user.name} <{user.email}>") for user in listed)
        self.person = form.add("person", "Person", choices(options), also=("email", "user"))
        self.person.setEnabled(item is None)
        self.role = form.add("role", "Role", line(assignment.role if assignment else "consultant", "e.g. lead"))
        first = _day(assignment.valid_from) if assignment else ""
        last = _day(assignment.valid_to) if assignment else ""
        self.valid_from = form.add("valid_from", "From", line(first, "e.g. 2026-11-20; blank: from the start"))
        self.valid_to = form.add("valid_to", "Until (inclusive)", line(last, "blank: open-ended"))
        hint = f"in {currency}; blank: the task's or project's rate applies"
        self.rate = RateFields.of(form, "Own hourly rate", hint, None if item is None else item.rates, today)

    def change(self) -> Change:
        period = dict(role=self.role.text(), valid_from=self.valid_from.text(), valid_to=self.valid_to.text())
        rate, email = self.rate.values(), self.person.currentData() or ""
        assignment_id, code = self.assignment_id, self.project_code
        if assignment_id is None:
            return lambda uow, actor: projects.assign(uow, actor, email, code, **period, **rate)
        return lambda uow, actor: assignments.update_assignment(uow, actor, assignment_id, **period, **rate)
