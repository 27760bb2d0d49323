"""Approvals: the manager's queue of submitted weeks, oldest first, decided from the keyboard.

J/K move down and up the queue, A approves the week under the cursor, R rejects it (with a reason),
X selects it and Shift+A approves every selected week, reporting which were approved and which not.
The pane on the right shows the week under the cursor: its flags, entries by day, totals per project.
"""

from __future__ import annotations

import uuid

from PySide6.QtCore import QModelIndex, Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QResizeEvent, QShortcut, QShowEvent
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from app.domain.approval_queue import QueuedTimesheet, QueueQuery
from app.services import approvals
from app.services.approval_queue_view import QueueChoices, TimesheetReview, queue_choices, timesheet_review
from app.services.approvals import BulkReport, Outcome
from app.ui.approval_queue_model import PERSON, TEAM, ApprovalQueueModel, queue_table
from app.ui.context import UiContext
from app.ui.queue_filters import QueueFilters
from app.ui.reject_dialog import RejectDialog
from app.ui.timesheet_review_pane import ReviewPane
from app.ui.view_jobs import ViewJobs
from app.ui.week_bar import MessageLine

KEYS = "J / K next / previous · A approve · R reject · X select · Shift+A approve selected"
EMPTY = "No weeks are waiting for your approval. Weeks your team submits appear here, oldest first."
NO_MATCH = "No submitted weeks match these filters; widen them to see the rest of the queue."
NOTHING_SELECTED = "Select weeks with X (or their check boxes) first; Shift+A approves the selected weeks."
SIDE_BY_SIDE = 1200  # px of the section's width from which the week's detail fits beside the queue


def _week_of(row: QueuedTimesheet) -> str:
    return f"{row.user_name}'s week {row.week.number}"


def bulk_summary(report: BulkReport) -> str:
    """Which weeks were approved and which were not, and why, one line each."""
    lines = [f"Approved {len(report.approved)} of {len(report.outcomes)} selected weeks."]
    lines += [f"✓ {_outcome_week(o)}" for o in report.approved]
    lines += [f"✗ {_outcome_week(o)}: {o.message}" for o in report.failed]
    return "\n".join(lines)


def _outcome_week(outcome: Outcome) -> str:
    return f"{outcome.user_name}, week {outcome.week}" if outcome.week else outcome.user_name


class ApprovalsView(QWidget):
    loaded = Signal()  # the queue (a page, or a refresh) is on screen
    reviewed = Signal()  # the pane shows the week under the cursor (or says why it cannot)
    decided = Signal()  # an approval, rejection or bulk approval answered (done or refused)

    def __init__(self, ctx: UiContext):
        super().__init__()
        self.ctx = ctx
        self.jobs = ViewJobs(self, ctx)
        self.review_jobs = ViewJobs(self, ctx)  # its loads must not overtake the queue's
        self.model = ApprovalQueueModel(ViewJobs(self, ctx))
        self.current: tuple[uuid.UUID, int] | None = None  # (timesheet, row) under the cursor, kept over refreshes
        self.deciding = False
        self.filters = QueueFilters()
        self.waiting = QLabel()
        self.table = queue_table(self.model)
        self.pane = ReviewPane()
        self.pane.show_message("Loading the queue…")
        self.message = MessageLine()
        self.refresh_soon = QTimer(self, singleShot=True, interval=0, timeout=self.refresh)
        self._lay_out()
        self._connect()
        self._shortcuts()
        self.jobs.read(queue_choices, self._show_choices, lambda error: None)  # the queue reports a refusal
        self.model.set_query(QueueQuery())
        self._count()

    def _lay_out(self) -> None:
        title = QLabel("Approvals")
        title.setObjectName("sectionTitle")
        title.setStyleSheet("#sectionTitle { font-size: 13pt; font-weight: 600; }")
        top = QHBoxLayout()
        top.addWidget(title)
        top.addSpacing(12)
        top.addWidget(self.waiting)
        top.addStretch(1)
        self.split = split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(self.table)
        split.addWidget(self.pane)
        split.setChildrenCollapsible(False)
        keys = QLabel(KEYS)
        keys.setStyleSheet("color: palette(mid);")
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.filters)
        layout.addWidget(split, 1)
        layout.addWidget(keys)
        layout.addWidget(self.message)

    def showEvent(self, event: QShowEvent) -> None:
        """The keys work on the queue: it has the focus whenever the section comes up."""
        super().showEvent(event)
        self.table.setFocus()

    def resizeEvent(self, event: QResizeEvent) -> None:
        """Queue and week side by side on a wide window; one above the other where that would cut off notes."""
        super().resizeEvent(event)
        wide = event.size().width() >= SIDE_BY_SIDE
        orientation = Qt.Orientation.Horizontal if wide else Qt.Orientation.Vertical
        if self.split.orientation() != orientation:
            self.split.setOrientation(orientation)
            length = event.size().width() if wide else event.size().height()
            self.split.setSizes([length * 11 // 20, length * 9 // 20] if wide else [length // 3, length * 2 // 3])

    def _connect(self) -> None:
        self.filters.changed.connect(self.filter)
        self.model.page_loaded.connect(self._rows_arrived)
        self.model.load_failed.connect(self._cannot_show)
        self.table.selectionModel().currentRowChanged.connect(self._moved)
        events = self.ctx.events
        # Totals follow entries and attendance; decisions anywhere change the queue. One re-read for all.
        for signal in (events.timesheets_changed, events.entries_changed, events.attendance_changed):
            signal.connect(self.refresh_soon.start)
        events.settings_changed.connect(self._signed_in_changed)

    def _shortcuts(self) -> None:
        for keys, act in (
            ("J", lambda: self.move(1)),
            ("K", lambda: self.move(-1)),
            ("A", self.approve_current),
            ("R", self.reject_current),
            ("X", self.toggle_current),
            ("Shift+A", self.approve_selected),
        ):
            shortcut = QShortcut(QKeySequence(keys), self)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(act)

    # The queue

    def filter(self) -> None:
        self.message.clear_message()
        self.current = None
        self.model.set_query(self.filters.query())
        self._count()

    def refresh(self) -> None:
        self.model.refresh()
        self._count()

    def _signed_in_changed(self) -> None:
        self.jobs.read(queue_choices, self._show_choices, lambda error: None)
        self.refresh()

    def _count(self) -> None:
        query = self.filters.query()

        def shown(waiting: int) -> None:
            self.waiting.setText(f"{waiting} week{'s' if waiting != 1 else ''} waiting")

        self.jobs.read(lambda uow, actor: approvals.queue_length(uow, actor, query), shown, lambda error: None)

    def _show_choices(self, choices: QueueChoices) -> None:
        self.table.setColumnHidden(TEAM, not self.filters.offer(choices))

    def _rows_arrived(self) -> None:
        rows = self.model.rowCount()
        if not self.table.currentIndex().isValid() and rows:
            found = None if self.current is None else self.model.row_of(self.current[0])
            row = found if found is not None else min(self.current[1] if self.current else 0, rows - 1)
            self.table.setCurrentIndex(self.model.index(row, PERSON))
        elif not rows:
            self.pane.show_message(NO_MATCH if self.filters.query() != QueueQuery() else EMPTY)
            self.reviewed.emit()
        self.loaded.emit()

    def _cannot_show(self, error: str) -> None:
        self.pane.show_message(error)
        self.loaded.emit()

    def _moved(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if not current.isValid():
            return  # the list is being re-read: the cursor comes back when it arrives
        row = self.model.rows[current.row()]
        self.current = (row.timesheet_id, current.row())
        timesheet_id = row.timesheet_id
        self.review_jobs.load(
            lambda uow, actor: timesheet_review(uow, actor, timesheet_id), self._show_review, self._cannot_review
        )

    def _show_review(self, review: TimesheetReview) -> None:
        self.pane.show_review(review)
        self.reviewed.emit()

    def _cannot_review(self, error: Exception) -> None:
        self.pane.show_message(str(error))
        self.reviewed.emit()

    # The keys

    def current_row(self) -> QueuedTimesheet | None:
        index = self.table.currentIndex()
        return self.model.rows[index.row()] if index.isValid() else None

    def move(self, step: int) -> None:
        rows = self.model.rowCount()
        if not rows:
            return
        index = self.table.currentIndex()
        row = min(max((index.row() if index.isValid() else -1) + step, 0), rows - 1)
        self.table.setCurrentIndex(self.model.index(row, index.column() if index.isValid() else PERSON))
        if row == rows - 1 and self.model.canFetchMore(QModelIndex()):
            self.model.fetchMore(QModelIndex())

    def toggle_current(self) -> None:
        index = self.table.currentIndex()
        if index.isValid():
            self.model.toggle(index.row())

    def approve_current(self) -> None:
        row = self.current_row()
        if row is None or self.deciding:
            return
        timesheet_id, version = row.timesheet_id, row.version
        self._decide(
            lambda uow, actor: approvals.approve(uow, actor, timesheet_id, seen_version=version),
            lambda _: self.message.info(f"Approved {_week_of(row)}."),
        )

    def reject_current(self) -> None:
        row = self.current_row()
        if row is None or self.deciding:
            return
        timesheet_id, version = row.timesheet_id, row.version

        def reject(reason: str):  # type: ignore[no-untyped-def]
            return lambda uow, actor: approvals.reject(uow, actor, timesheet_id, reason, seen_version=version)

        self.dialog = RejectDialog(self.ctx, _week_of(row), reject, self)
        self.dialog.accepted.connect(lambda: self._rejected(row))
        self.dialog.open()

    def _rejected(self, row: QueuedTimesheet) -> None:
        self.message.info(f"Rejected {_week_of(row)}; they see your reason in their Timesheet.")
        self.ctx.events.entries_changed.emit()  # the week's entries are drafts again

    def approve_selected(self) -> None:
        chosen = [row.timesheet_id for row in self.model.selected_rows()]
        if not chosen:
            self.message.error(NOTHING_SELECTED)
            return
        if self.deciding:
            return

        def reported(report: BulkReport) -> None:
            if report.failed:
                self.message.error(bulk_summary(report))
            else:
                self.message.info(bulk_summary(report))

        self._decide(lambda uow, actor: approvals.approve_many(uow, actor, chosen), reported)

    def _decide(self, change, said) -> None:  # type: ignore[no-untyped-def]
        """Run a decision off the GUI thread; one at a time, so a double A cannot decide twice."""
        self.deciding = True
        self.message.clear_message()

        def done(result: object) -> None:
            self.deciding = False
            said(result)
            self.ctx.events.timesheets_changed.emit()
            self.ctx.events.entries_changed.emit()  # the week's entries changed status
            self.decided.emit()

        def refused(error: Exception) -> None:
            self.deciding = False
            self.message.error(str(error))
            self.decided.emit()

        self.jobs.change(change, done, refused)
