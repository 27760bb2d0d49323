"""One project's tasks and the people assigned to it, and what a manager can do to them."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QGroupBox, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from app.domain.money import format_money
from app.domain.project import TaskStatus
from app.services import assignments, tasks
from app.services.catalogue import (
    AssignmentItem,
    Catalogue,
    ProjectDetail,
    ProjectItem,
    RateHistory,
    TaskItem,
    project_detail,
)
from app.ui.assignment_form import AssignmentDialog
from app.ui.context import UiContext
from app.ui.forms import DialogSlot, button_row, permit, run_action
from app.ui.record_list import Column, RecordList
from app.ui.task_form import TaskDialog
from app.ui.view_jobs import ViewJobs
from app.ui.week_bar import MessageLine


def own_rate(rates: RateHistory) -> str:
    return "—" if rates.today is None else format_money(rates.today)


def empty_text(state: str, step: str, read_only: str) -> str:
    """What an empty list says: and what to do next, for someone who can do it."""
    return f"{state}." if read_only else f"{state} — {step}."


def period(item: AssignmentItem) -> str:
    first, last = item.assignment.valid_from, item.assignment.valid_to
    return f"{first.isoformat() if first else 'start'} – {last.isoformat() if last else 'open'}"


TASK_COLUMNS = (
    Column("Task", lambda t: t.task.name, stretch=True),
    Column("Billable", lambda t: "yes" if t.task.billable else "no"),
    Column("Own rate", lambda t: own_rate(t.rates), numeric=True),
    Column("Status", lambda t: t.task.status.value),
)
ASSIGNMENT_COLUMNS = (
    Column("Person", lambda a: a.person.name, stretch=True),
    Column("Role", lambda a: a.assignment.role),
    Column("Own rate", lambda a: own_rate(a.rates), numeric=True),
    Column("Period", lambda a: period(a)),
)


class ProjectPanel(QWidget):
    loaded = Signal()  # the shown project's tasks and people are on screen

    def __init__(self, ctx: UiContext):
        super().__init__()
        self.ctx = ctx
        self.jobs = ViewJobs(self, ctx)
        self.item: ProjectItem | None = None
        self.catalogue: Catalogue | None = None
        self.dialogs = DialogSlot()
        self.title = QLabel()
        self.title.setObjectName("subheading")
        self.title.setTextFormat(Qt.TextFormat.PlainText)
        self.tasks = RecordList(
            TASK_COLUMNS, key=lambda t: t.task.id, dimmed=lambda t: t.task.status is TaskStatus.CLOSED
        )
        self.people = RecordList(ASSIGNMENT_COLUMNS, key=lambda a: a.assignment.id, dimmed=self._ended)
        self.add_task, self.edit_task, self.close_task = QPushButton("Add task"), QPushButton("Edit"), QPushButton()
        self.assign, self.edit_assignment, self.end_assignment = (
            QPushButton("Assign someone"),
            QPushButton("Edit"),
            QPushButton("End today"),
        )
        self.message = MessageLine()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.title)
        lists = QHBoxLayout()
        lists.addWidget(self._group("Tasks", self.tasks, self.add_task, self.edit_task, self.close_task))
        lists.addWidget(self._group("People", self.people, self.assign, self.edit_assignment, self.end_assignment))
        layout.addLayout(lists, 1)
        layout.addWidget(self.message)
        self.add_task.clicked.connect(lambda: self.open_task(None))
        self.edit_task.clicked.connect(lambda: self.open_task(self.tasks.selected()))
        self.tasks.opened.connect(lambda: self.edit_task.isEnabled() and self.open_task(self.tasks.selected()))
        self.close_task.clicked.connect(self.toggle_task)
        self.assign.clicked.connect(lambda: self.open_assignment(None))
        self.edit_assignment.clicked.connect(lambda: self.open_assignment(self.people.selected()))
        self.people.opened.connect(
            lambda: self.edit_assignment.isEnabled() and self.open_assignment(self.people.selected())
        )
        self.end_assignment.clicked.connect(self.end_selected)
        for records in (self.tasks, self.people):
            records.chosen.connect(self.update_buttons)
        self.setVisible(False)

    @staticmethod
    def _group(title: str, records: RecordList, *buttons: QPushButton) -> QGroupBox:
        group = QGroupBox(title)
        column = QVBoxLayout(group)
        column.addLayout(button_row(*buttons))
        column.addWidget(records, 1)
        return group

    def _ended(self, item: AssignmentItem) -> bool:
        last = item.assignment.valid_to
        return self.catalogue is not None and last is not None and last < self.catalogue.today

    def _ends_by_today(self, item: AssignmentItem) -> bool:
        last = item.assignment.valid_to
        return self.catalogue is not None and last is not None and last <= self.catalogue.today

    def show_project(self, item: ProjectItem | None, catalogue: Catalogue) -> None:
        """Show a project's tasks and people (read in the background), or nothing when none is selected."""
        self.item, self.catalogue = item, catalogue
        self.setVisible(item is not None)
        if item is None:
            return
        self.title.setText(f"{item.project.code} — {item.project.name}")
        project_id = item.project.id
        self.jobs.load(lambda uow, actor: project_detail(uow, actor, project_id), self._render, self._failed)

    def _render(self, detail: ProjectDetail) -> None:
        if self.item is None or detail.project_id != self.item.project.id:
            return
        read_only = "" if self.catalogue is None else self.catalogue.read_only
        self.tasks.show_rows(detail.tasks, empty_text("No tasks yet", "add one", read_only))
        self.people.show_rows(detail.assignments, empty_text("Nobody is assigned yet", "assign someone", read_only))
        self.update_buttons()
        self.loaded.emit()

    def _failed(self, error: BaseException) -> None:
        self.message.error(str(error))

    def update_buttons(self) -> None:
        read_only = "" if self.catalogue is None else self.catalogue.read_only
        task: TaskItem | None = self.tasks.selected()
        assignment: AssignmentItem | None = self.people.selected()
        closed = task is not None and task.task.status is TaskStatus.CLOSED
        self.close_task.setText("Reopen" if closed else "Close")
        permit(self.add_task, read_only, tip="Add a task to this project")
        permit(self.edit_task, read_only, task is not None, "Rename the task, change its rate or billability")
        permit(self.close_task, read_only, task is not None, "A closed task takes no new time; logged time stays")
        permit(self.assign, read_only, tip="Put someone on this project")
        permit(self.edit_assignment, read_only, assignment is not None, "Change the role, period or own rate")
        running = assignment is not None and not self._ends_by_today(assignment)
        permit(self.end_assignment, read_only, running, "Their last day on the project is today")

    def open_task(self, item: TaskItem | None) -> None:
        assert self.item is not None and self.catalogue is not None
        project, today = self.item.project, self.catalogue.today
        dialog = TaskDialog(self.ctx, project, self.item.client.currency, today, item, self)
        self.dialogs.open(dialog, lambda task: self.tasks.select_later(task.id))

    def open_assignment(self, item: AssignmentItem | None) -> None:
        assert self.item is not None and self.catalogue is not None
        cat, project = self.catalogue, self.item.project
        dialog = AssignmentDialog(self.ctx, project, self.item.client.currency, cat.today, cat.people, item, self)
        self.dialogs.open(dialog, lambda assignment: self.people.select_later(assignment.id))

    def toggle_task(self) -> None:
        item: TaskItem | None = self.tasks.selected()
        if item is None:
            return
        target = TaskStatus.OPEN if item.task.status is TaskStatus.CLOSED else TaskStatus.CLOSED
        task_id = item.task.id
        done = "reopened" if target is TaskStatus.OPEN else "closed: no new time can be logged on it"
        self._act(
            lambda uow, actor: tasks.set_task_status(uow, actor, task_id, target), f"Task {item.task.name} {done}."
        )

    def end_selected(self) -> None:
        item: AssignmentItem | None = self.people.selected()
        if item is None or self.catalogue is None or self.item is None:
            return
        assignment_id, today = item.assignment.id, self.catalogue.today
        self._act(
            lambda uow, actor: assignments.end_assignment(uow, actor, assignment_id, today),
            f"{item.person.name}'s last day on {self.item.project.code} is today, {today.isoformat()}.",
        )

    def _act(self, change: Any, said: str) -> None:
        run_action(self.jobs, self.message, change, said, self.ctx.events.catalogue_changed)
