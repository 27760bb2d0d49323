"""Timesheet: the signed-in user's week as a grid of tasks by days, edited by typing a day's hours."""

from __future__ import annotations

import uuid
from datetime import date

from PySide6.QtCore import QModelIndex, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QAbstractScrollArea,
    QComboBox,
    QCompleter,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSizePolicy,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.domain.timesheet import Timesheet
from app.services import approvals, timesheet
from app.services.approvals import WeekStatus
from app.services.timesheet import WeekGrid
from app.services.work_choices import WorkChoice, work_choices
from app.services.work_labels import WorkRef
from app.ui.context import UiContext
from app.ui.timesheet_model import FIRST_DAY, TOTAL, CellKey, TimesheetModel
from app.ui.view_jobs import ViewJobs
from app.ui.week_bar import MessageLine, WeekBar
from app.ui.week_standing import WeekStanding, submitted_text, week_and_zone

EMPTY = "Nothing is logged in this week yet. Add a task above, or copy last week's rows, then type hours into a day."


class RightAlignedEditing(QStyledItemDelegate):
    """Hours are typed where they are shown: at the right of the cell."""

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem, index: QModelIndex) -> QWidget:
        editor = super().createEditor(parent, option, index)
        if isinstance(editor, QLineEdit):
            editor.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return editor


class TimesheetView(QWidget):
    loaded = Signal()  # a freshly read week is on screen

    def __init__(self, ctx: UiContext):
        super().__init__()
        self.ctx = ctx
        self.jobs = ViewJobs(self, ctx)
        self.saving: set[CellKey] = set()
        self.waiting: WeekGrid | None = None  # read while a cell was being typed into
        self.choices_asked = False
        self.focus_task: uuid.UUID | None = None  # a row just added: its today (or first day) gets the cursor
        self.bar = WeekBar(self)
        self.standing = WeekStanding()  # open, submitted, approved, rejected (and why); Submit week
        self.status_loads = 0
        self.copy_rows = QPushButton("Copy last week's rows")
        self.add_task = self._task_picker()
        self.model = TimesheetModel()
        self.table = self._grid_table()
        self.empty = QLabel(EMPTY)
        self.empty.setWordWrap(True)
        self.empty.setTextFormat(Qt.TextFormat.PlainText)
        self.message = MessageLine()
        tools = QHBoxLayout()
        tools.addWidget(self.add_task, 1)
        tools.addWidget(self.copy_rows)
        layout = QVBoxLayout(self)
        layout.addWidget(self.bar)
        layout.addWidget(self.standing)
        layout.addLayout(tools)
        layout.addWidget(self.table)
        layout.addWidget(self.empty)
        layout.addWidget(self.message)
        layout.addStretch(1)  # a short week stays a compact grid at the top, its message right under it
        self.bar.changed.connect(self.other_week)
        self.copy_rows.clicked.connect(self.copy_last_week)
        self.standing.submit.clicked.connect(self.submit_week)
        ctx.events.timesheets_changed.connect(self.reload)
        self.add_task.activated.connect(self._picked)
        self.model.edit_requested.connect(self.save_cell)
        self.table.itemDelegate().closeEditor.connect(lambda: QTimer.singleShot(0, self._show_waiting))
        for signal in (ctx.events.entries_changed, ctx.events.catalogue_changed, ctx.events.settings_changed):
            signal.connect(self.reload)
        ctx.events.catalogue_changed.connect(self.load_choices)
        self.reload()

    def _grid_table(self) -> QTableView:
        table = QTableView()
        table.setModel(self.model)
        table.verticalHeader().hide()
        table.setItemDelegate(RightAlignedEditing(table))
        table.setSizeAdjustPolicy(QAbstractScrollArea.SizeAdjustPolicy.AdjustToContents)
        table.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Maximum)
        table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        table.setEditTriggers(
            QAbstractItemView.EditTrigger.AnyKeyPressed
            | QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
        )
        header = table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        table.setColumnWidth(0, 150)
        for column in range(FIRST_DAY, TOTAL + 1):
            table.setColumnWidth(column, 66 if column < TOTAL else 76)
        return table

    def _task_picker(self) -> QComboBox:
        picker = QComboBox()
        picker.setEditable(True)
        picker.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        picker.lineEdit().setPlaceholderText("Add a task to this week: type a client, project or task…")
        completer = picker.completer()
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        return picker

    def reload(self) -> None:
        week = self.bar.week
        self.jobs.load(lambda uow, actor: timesheet.week_grid(uow, actor, week), self._show, self._cannot_show)
        self.status_loads += 1  # like the grid's loads: only the newest answer is shown
        ticket = self.status_loads
        self.jobs.read(
            lambda uow, actor: week_and_zone(uow, actor, week),
            lambda answer: ticket == self.status_loads and self._show_status(*answer),
            lambda error: None,  # the grid's load reports what is wrong
        )

    def _show_status(self, status: WeekStatus, tz: str) -> None:
        """Submitted and approved weeks are read-only: their cells say why."""
        locked = self.standing.show_status(status, tz)
        self.model.lock(locked)
        self.add_task.setEnabled(not locked)
        self.copy_rows.setEnabled(not locked)

    def submit_week(self) -> None:
        week = self.bar.week

        def submitted(sheet: Timesheet) -> None:
            self.message.info(submitted_text(sheet))
            self.ctx.events.timesheets_changed.emit()
            self.ctx.events.entries_changed.emit()  # its entries changed status

        self.jobs.change(lambda uow, actor: approvals.submit(uow, actor, week), submitted, self._refused)

    def load_choices(self) -> None:
        self.choices_asked = True
        # A failure here is the grid's to report (e.g. nobody signed in).
        self.jobs.read(work_choices, self._show_choices, lambda error: None)

    def _show(self, grid: WeekGrid) -> None:
        if self.table.state() == QAbstractItemView.State.EditingState:
            self.waiting = grid  # resetting the model now would throw away what is being typed
            return
        self.waiting = None
        self.bar.show_week(grid.week, grid.days, is_current=grid.today in grid.days)
        self.model.show(grid, self.saving)
        self.table.setVisible(bool(grid.rows))
        self.empty.setVisible(not grid.rows)
        self.empty.setText(EMPTY)
        self.copy_rows.setEnabled(not self.model.locked)
        if not self.choices_asked:
            self.load_choices()  # after the grid, which must not wait for a catalogue of hundreds of projects
        if self.focus_task is not None:
            day = grid.today if grid.today in grid.days else grid.days[0]
            self.table.setCurrentIndex(self.model.cell_index(self.focus_task, day))
            self.table.setFocus()
            self.focus_task = None
        self.loaded.emit()

    def _show_waiting(self) -> None:
        if self.waiting is not None and self.table.state() != QAbstractItemView.State.EditingState:
            self._show(self.waiting)

    def _cannot_show(self, error: Exception) -> None:
        self.table.hide()
        self.empty.setText(str(error))
        self.empty.show()
        self.copy_rows.setEnabled(False)
        self.loaded.emit()

    def _show_choices(self, choices: list[WorkChoice]) -> None:
        self.add_task.clear()
        for choice in choices:
            self.add_task.addItem(f"{choice.client_name} — {choice.label}", choice.task_id)
        self.add_task.setCurrentIndex(-1)

    def other_week(self) -> None:
        self.message.clear_message()
        self.reload()

    def save_cell(self, task_id: uuid.UUID, day: date, text: str) -> None:
        week, key = self.bar.week, (task_id, day)
        assert week is not None, "cells exist only once a week is shown"
        self.saving.add(key)

        def saved(_total: object) -> None:
            self.saving.discard(key)
            self.message.clear_message()
            self.ctx.events.entries_changed.emit()

        def refused(error: Exception) -> None:
            self.saving.discard(key)
            self.model.reject(task_id, day)
            self.message.error(str(error))

        self.jobs.change(lambda uow, actor: timesheet.set_cell(uow, actor, week, task_id, day, text), saved, refused)

    def copy_last_week(self) -> None:
        week = self.bar.week
        if week is None:
            return

        def copied(added: list[WorkRef]) -> None:
            if added:
                rows = "1 row" if len(added) == 1 else f"{len(added)} rows"
                self.message.info(f"Copied {rows} from week {week.shifted(-1).number}.")
            else:
                self.message.info(f"Week {week.shifted(-1).number} has no open tasks that this week lacks.")
            self.reload()

        self.jobs.change(lambda uow, actor: timesheet.copy_last_week_rows(uow, actor, week), copied, self._refused)

    def _picked(self, position: int) -> None:
        task_id, week = self.add_task.itemData(position), self.bar.week
        if task_id is None or week is None:
            return
        self.add_task.setCurrentIndex(-1)
        self.add_task.clearEditText()

        def added(work: WorkRef) -> None:
            self.message.info(f"Added {work.label}; type its hours into a day.")
            self.focus_task = work.task.id
            self.reload()

        self.jobs.change(lambda uow, actor: timesheet.add_row(uow, actor, week, task_id), added, self._refused)

    def _refused(self, error: Exception) -> None:
        self.message.error(str(error))
