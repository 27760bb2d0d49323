"""Task log: every entry, newest first, narrowed by dates, client, project, status, billable and person.

The list pages itself in as it scrolls (a million entries scroll like a hundred); a click on a column
header sorts by it, and the cells edit and delete like Today's.
"""

from __future__ import annotations

import uuid
from dataclasses import replace
from datetime import date

from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QComboBox, QDateEdit, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from app.domain.entry_list import EntryQuery, Period, period_range
from app.domain.task_log import EntryStatus
from app.services import entries
from app.services.entries import ListChoices
from app.ui.context import UiContext
from app.ui.entry_table import EntryTable
from app.ui.task_log_model import COLUMNS, PERSON, column_of
from app.ui.view_jobs import ViewJobs

CUSTOM = "Custom range"
EMPTY = "Nothing logged yet. Start the timer (Ctrl+Space) or add an entry (Ctrl+N)."
NO_MATCH = "No entries match these filters. Widen them, or add an entry (Ctrl+N)."
EVERYONE = "everyone"


def _combo(*items: tuple[str, object]) -> QComboBox:
    combo = QComboBox()
    combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
    for text, data in items:
        combo.addItem(text, data)
    return combo


class TaskLogView(QWidget):
    filters_changed = Signal()  # a new list was asked for

    def __init__(self, ctx: UiContext):
        super().__init__()
        self.ctx = ctx
        self.jobs = ViewJobs(self, ctx)
        self.choices: ListChoices | None = None
        self.opened = False  # the first page is read when the section is first shown, not at start-up
        self.query = EntryQuery()
        self.period = _combo(*((p.value, p) for p in Period), (CUSTOM, CUSTOM))
        self.first, self.last = self._date_edit(), self._date_edit()
        self.client = _combo(("All clients", None))
        self.project = _combo(("All projects", None))
        self.status = _combo(("Any status", None), *((s.value.capitalize(), s) for s in EntryStatus))
        self.billable = _combo(("Billable or not", None), ("Billable", True), ("Not billable", False))
        self.person = _combo(("My time", None))
        self.new_entry = QPushButton("New entry…")
        self.new_entry.setToolTip("Log time by hand (Ctrl+N)")
        self.entries = EntryTable(ctx, EMPTY, hidden=(PERSON,))
        self.table, self.model, self.empty = self.entries.table, self.entries.model, self.entries.empty
        self._lay_out()
        self._connect()
        self.load_choices()

    @staticmethod
    def _date_edit() -> QDateEdit:
        edit = QDateEdit()
        edit.setCalendarPopup(True)
        edit.setDisplayFormat("yyyy-MM-dd")
        edit.hide()
        return edit

    def _lay_out(self) -> None:
        bar = QHBoxLayout()
        for widget in (self.period, self.first, self.last, self.client, self.project, self.status, self.billable):
            bar.addWidget(widget)
        bar.addWidget(self.person)
        bar.addStretch(1)
        bar.addWidget(self.new_entry)
        title = QLabel("Task log")
        title.setObjectName("heading")
        title.setStyleSheet("#heading { font-size: 16pt; font-weight: 600; }")
        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addLayout(bar)
        layout.addWidget(self.entries, 1)

    def _connect(self) -> None:
        for combo in (self.period, self.client, self.project, self.status, self.billable, self.person):
            combo.activated.connect(self.apply_filters)
        self.client.activated.connect(self._projects_of_client)
        for edit in (self.first, self.last):
            edit.dateChanged.connect(self.apply_filters)
        self.new_entry.clicked.connect(self.ctx.events.new_entry_requested.emit)
        header = self.table.horizontalHeader()
        header.setSortIndicatorShown(True)
        header.setSectionsClickable(True)
        header.setSortIndicator(column_of(self.query.sort), Qt.SortOrder.DescendingOrder)
        header.sortIndicatorChanged.connect(self.sort_by)
        self.ctx.events.entries_changed.connect(self.refresh)
        self.ctx.events.catalogue_changed.connect(self.load_choices)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if not self.opened:
            self.opened = True
            self.entries.show_list(self.query)

    def refresh(self) -> None:
        if self.opened:
            self.entries.refresh()

    def load_choices(self) -> None:
        self.jobs.read(entries.list_choices, self._fill_choices, lambda error: None)  # the list says what is wrong

    def _fill_choices(self, choices: ListChoices) -> None:
        self.choices = choices
        self._refill(self.client, "All clients", [(c.name, c.id) for c in choices.clients])
        self._projects_of_client()
        people = [(EVERYONE.capitalize(), EVERYONE)] + [(u.name, u.id) for u in choices.people if u.id != choices.me.id]
        self._refill(self.person, "My time", people)
        self.person.setVisible(choices.manages)
        today = QDate(choices.today.year, choices.today.month, choices.today.day)
        for edit in (self.first, self.last):
            if edit.date() == QDate(2000, 1, 1):  # never set: start at today
                edit.blockSignals(True)
                edit.setDate(today)
                edit.blockSignals(False)

    @staticmethod
    def _refill(combo: QComboBox, anything: str, items: list[tuple[str, object]]) -> None:
        chosen = combo.currentData()
        combo.blockSignals(True)
        combo.clear()
        combo.addItem(anything, None)
        for text, data in items:
            combo.addItem(text, data)
        combo.setCurrentIndex(max(combo.findData(chosen), 0))
        combo.blockSignals(False)

    def _projects_of_client(self) -> None:
        if self.choices is None:
            return
        client_id = self.client.currentData()
        projects = [p for p in self.choices.projects if client_id is None or p.client_id == client_id]
        self._refill(self.project, "All projects", [(f"{p.code} — {p.name}", p.id) for p in projects])

    def apply_filters(self) -> None:
        custom = self.period.currentData() == CUSTOM
        self.first.setVisible(custom)
        self.last.setVisible(custom)
        first, last = self._range(custom)
        person = self.person.currentData()
        self.query = replace(
            self.query,
            first=first,
            last=last,
            client_id=self.client.currentData(),
            project_id=self.project.currentData(),
            status=None if self.status.currentData() is None else EntryStatus(self.status.currentData()),
            billable=self.billable.currentData(),
            everyone=person == EVERYONE,
            user_id=person if isinstance(person, uuid.UUID) else None,
        )
        self.table.setColumnHidden(PERSON, person is None)
        filtered = self.query != replace(EntryQuery(), sort=self.query.sort, descending=self.query.descending)
        self.entries.empty_text = NO_MATCH if filtered else EMPTY
        self.entries.messages.clear()
        self.opened = True
        self.entries.show_list(self.query)
        self.filters_changed.emit()

    def _range(self, custom: bool) -> tuple[date | None, date | None]:
        if custom:
            return self.first.date().toPython(), self.last.date().toPython()  # type: ignore[return-value]
        if self.choices is None:
            return None, None
        return period_range(Period(self.period.currentData()), self.choices.today, self.choices.week_start)

    def sort_by(self, column: int, order: Qt.SortOrder) -> None:
        sort = COLUMNS[column].sort
        header = self.table.horizontalHeader()
        if sort is None:  # not a sortable column: the indicator stays where the list is sorted
            header.blockSignals(True)
            header.setSortIndicator(column_of(self.query.sort), self._order())
            header.blockSignals(False)
            return
        self.query = replace(self.query, sort=sort, descending=order == Qt.SortOrder.DescendingOrder)
        self.opened = True
        self.entries.show_list(self.query)

    def _order(self) -> Qt.SortOrder:
        return Qt.SortOrder.DescendingOrder if self.query.descending else Qt.SortOrder.AscendingOrder
