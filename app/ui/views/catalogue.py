"""Clients & projects: the clients, a selected client's projects, and a selected project's tasks and people."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QSplitter, QVBoxLayout, QWidget

from app.domain.client import ClientStatus
from app.domain.money import format_money
from app.domain.project import ProjectStatus
from app.services import clients
from app.services.catalogue import Catalogue, ClientItem, ProjectItem, catalogue
from app.ui.blocked_work import BlockedWorkButton
from app.ui.client_form import ClientDialog
from app.ui.context import UiContext
from app.ui.forms import DialogSlot, button_row, permit, run_action
from app.ui.project_form import BILLING, ProjectDialog
from app.ui.record_list import Column, RecordList
from app.ui.view_jobs import ViewJobs
from app.ui.views.project_panel import ProjectPanel, empty_text, own_rate
from app.ui.week_bar import MessageLine

CLIENT_COLUMNS = (
    Column("Client", lambda c: c.client.name, stretch=True),
    Column("Rate", lambda c: own_rate(c.rates), numeric=True),
    Column("Status", lambda c: c.client.status.value),
)
PROJECT_COLUMNS = (
    Column("Code", lambda p: p.project.code),
    Column("Project", lambda p: p.project.name, stretch=True),
    Column("Status", lambda p: p.project.status.value),
    Column("Billing", lambda p: BILLING[p.project.billing]),
    Column("Bills at", lambda p: bills_at(p), numeric=True),
    Column("Budget", lambda p: budget(p), numeric=True),
)
STYLE = "#heading { font-size: 16pt; font-weight: 600; } #subheading { font-size: 12pt; font-weight: 600; }"


def bills_at(item: ProjectItem) -> str:
    """What an hour bills at today and where that rate is set ("120.00 EUR (client)")."""
    if item.billed_at is None:
        return "no rate"
    return f"{format_money(item.billed_at.amount)} ({item.billed_at.level.value})"


def budget(item: ProjectItem) -> str:
    project = item.project
    hours = "" if project.budget_hours is None else f"{project.budget_hours.format_decimal(2).removesuffix('.00')} h"
    amount = "" if project.budget_amount is None else format_money(project.budget_amount)
    return " · ".join(filter(None, (hours, amount))) or "—"


class CatalogueView(QWidget):
    loaded = Signal()  # the clients (and the selected client's projects) are on screen

    def __init__(self, ctx: UiContext):
        super().__init__()
        self.ctx = ctx
        self.jobs = ViewJobs(self, ctx)
        self.catalogue: Catalogue | None = None
        self.dialogs = DialogSlot()
        heading = QLabel("Clients & projects")
        heading.setObjectName("heading")
        self.notice = QLabel()
        self.notice.setWordWrap(True)
        self.notice.hide()
        self.message = MessageLine()
        self.clients = RecordList(
            CLIENT_COLUMNS, key=lambda c: c.client.id, dimmed=lambda c: c.client.status is ClientStatus.ARCHIVED
        )
        self.projects = RecordList(
            PROJECT_COLUMNS, key=lambda p: p.project.id, dimmed=lambda p: p.project.status is ProjectStatus.ARCHIVED
        )
        self.panel = ProjectPanel(ctx)
        self.add_client, self.edit_client, self.archive = QPushButton("Add client"), QPushButton("Edit"), QPushButton()
        self.add_project, self.edit_project = QPushButton("Add project"), QPushButton("Edit")
        self.projects_title = QLabel("Projects")
        self.projects_title.setObjectName("subheading")
        self.projects_title.setTextFormat(Qt.TextFormat.PlainText)  # it names the client
        self.blocked = BlockedWorkButton(ctx)
        self._lay_out(heading)
        self.add_client.clicked.connect(lambda: self.open_client(None))
        self.edit_client.clicked.connect(lambda: self.open_client(self.clients.selected()))
        self.clients.opened.connect(lambda: self.edit_client.isEnabled() and self.open_client(self.clients.selected()))
        self.archive.clicked.connect(self.toggle_archive)
        self.add_project.clicked.connect(lambda: self.open_project(None))
        self.edit_project.clicked.connect(lambda: self.open_project(self.projects.selected()))
        self.projects.opened.connect(
            lambda: self.edit_project.isEnabled() and self.open_project(self.projects.selected())
        )
        self.clients.chosen.connect(self.show_client)
        self.projects.chosen.connect(self.show_project)
        for changed in (ctx.events.catalogue_changed, ctx.events.settings_changed):
            changed.connect(self.reload)
        self.reload()

    def _lay_out(self, heading: QLabel) -> None:
        left = QWidget()
        column = QVBoxLayout(left)
        column.setContentsMargins(0, 0, 0, 0)
        column.addLayout(button_row(self.add_client, self.edit_client, self.archive))
        column.addWidget(self.clients, 1)
        right = QWidget()
        column = QVBoxLayout(right)
        column.setContentsMargins(0, 0, 0, 0)
        column.addLayout(button_row(self.projects_title, self.add_project, self.edit_project))
        column.addWidget(self.projects, 1)
        lists = QSplitter()
        lists.addWidget(left)
        lists.addWidget(right)
        lists.setStretchFactor(1, 2)
        lists.setSizes([320, 580])
        # The project's tasks and people get the full width: each list has several columns.
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(lists)
        split.addWidget(self.panel)
        split.setChildrenCollapsible(False)
        layout = QVBoxLayout(self)
        title_row = QHBoxLayout()
        title_row.addWidget(heading)
        title_row.addStretch()
        title_row.addWidget(self.blocked)
        layout.addLayout(title_row)
        layout.addWidget(self.notice)
        layout.addWidget(split, 1)
        layout.addWidget(self.message)
        self.setStyleSheet(STYLE)

    def reload(self) -> None:
        self.jobs.load(catalogue, self.render, lambda error: self.message.error(str(error)))

    def render(self, shown: Catalogue) -> None:
        self.catalogue = shown
        self.notice.setText(f"Read only. {shown.read_only}")
        self.notice.setVisible(bool(shown.read_only))
        self.clients.show_rows(shown.clients, empty_text("No clients yet", "add one", shown.read_only))
        if self.clients.selected() is None and shown.clients:
            self.clients.select(shown.clients[0].client.id)
        self.show_client()
        self.loaded.emit()

    def show_client(self) -> None:
        """The selected client's projects (already read with the catalogue)."""
        assert self.catalogue is not None
        item: ClientItem | None = self.clients.selected()
        read_only = self.catalogue.read_only
        archived = item is not None and item.client.status is ClientStatus.ARCHIVED
        self.archive.setText("Restore" if archived else "Archive")
        permit(self.add_client, read_only, tip="Add a client")
        permit(self.edit_client, read_only, item is not None, "Change the client's details and default rate")
        why = "Bring the client back into use" if archived else "Keep the client and its history, out of the way"
        permit(self.archive, read_only, item is not None, why)
        permit(self.add_project, read_only, item is not None, "Add a project for the selected client")
        if item is None:
            self.projects_title.setText("Projects")
            none = empty_text("No projects yet", "add a client first", read_only)
            self.projects.show_rows([], "Select a client to see its projects." if self.catalogue.clients else none)
        else:
            self.projects_title.setText(f"Projects of {item.client.name}")
            rows = self.catalogue.projects.get(item.client.id, [])
            none = empty_text(f"No projects for {item.client.name} yet", "add one", read_only)
            self.projects.show_rows(rows, none)
            if self.projects.selected() is None and rows:
                self.projects.select(rows[0].project.id)
        self.show_project()

    def show_project(self) -> None:
        assert self.catalogue is not None
        item: ProjectItem | None = self.projects.selected()
        permit(self.edit_project, self.catalogue.read_only, item is not None, "Change the project, its status or rate")
        self.panel.show_project(item, self.catalogue)

    def open_client(self, item: ClientItem | None) -> None:
        assert self.catalogue is not None
        dialog = ClientDialog(self.ctx, self.catalogue.today, self.catalogue.currency, item, self)
        self.dialogs.open(dialog, lambda client: self.clients.select_later(client.id))

    def open_project(self, item: ProjectItem | None) -> None:
        client: ClientItem | None = self.clients.selected()
        assert self.catalogue is not None and client is not None
        dialog = ProjectDialog(self.ctx, client.client, self.catalogue.today, item, self)
        self.dialogs.open(dialog, lambda project: self.projects.select_later(project.id))

    def toggle_archive(self) -> None:
        item: ClientItem | None = self.clients.selected()
        if item is None:
            return
        archived = item.client.status is ClientStatus.ARCHIVED
        target = ClientStatus.ACTIVE if archived else ClientStatus.ARCHIVED
        client_id, said = item.client.id, f"{item.client.name} {'restored' if archived else 'archived'}."
        change = lambda uow, actor: clients.set_client_status(uow, actor, client_id, target)  # noqa: E731
        run_action(self.jobs, self.message, change, said, self.ctx.events.catalogue_changed)
