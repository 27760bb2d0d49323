"""The approval queue as a table: submitted weeks, oldest first, paged in as the list scrolls.

Pages are read on a worker thread (keyset-paged by the service) and appended when they arrive; data()
only reads rows already in memory. The check box in the first column is the manager's selection for a
bulk approval (X, or a click); it is kept by timesheet id, so it survives a refresh of the list.
"""

from __future__ import annotations

import uuid
from datetime import timedelta

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView

from app.domain.approval_queue import QueuedTimesheet, QueueQuery
from app.domain.calendar import as_utc, local_label, zone_info
from app.services import approvals
from app.ui.paged_rows import ROOT, Index, PagedRows
from app.ui.view_jobs import ViewJobs

COLUMNS = ("Person", "Team", "Week", "Billable", "Non-billable", "Attendance", "Submitted")
PERSON, TEAM, WEEK, BILLABLE, NON_BILLABLE, ATTENDANCE, SUBMITTED = range(len(COLUMNS))
RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
HOURS = (BILLABLE, NON_BILLABLE, ATTENDANCE)
WIDEST = {TEAM: "Marketing", WEEK: "2026-W52", BILLABLE: "888:88", NON_BILLABLE: "888:88", ATTENDANCE: "888:88",
          SUBMITTED: "28 Nov 23:59"}  # fmt: skip


def week_span(row: QueuedTimesheet) -> str:
    """ "Mon 09 Nov – Sun 15 Nov 2026" """
    last = row.week_start + timedelta(days=6)
    return f"{row.week_start:%a %d %b} – {last:%a %d %b %Y}"


class ApprovalQueueModel(PagedRows[QueuedTimesheet]):
    def __init__(self, jobs: ViewJobs, page_size: int = approvals.PAGE_SIZE):
        super().__init__(jobs, QueueQuery(), page_size)
        self.selected: set[uuid.UUID] = set()

    def read_page(self, uow, actor, query, after, limit):  # type: ignore[no-untyped-def]
        return approvals.queue(uow, actor, query, after, limit)

    # Loading

    def set_query(self, query: QueueQuery) -> None:
        """Show the queue narrowed to `query`, from its first page; the selection is kept."""
        self.beginResetModel()
        self.query, self.rows = query, []
        self.exhausted, self.loading = False, False
        self.endResetModel()
        self.fetchMore(ROOT)

    def refresh(self) -> None:
        """Read again as many rows as are shown (at least a page): weeks decided elsewhere drop out."""
        self._load(None, max(len(self.rows), self.page_size), self._refreshed)

    def _refreshed(self, answer: tuple[str, int, list[QueuedTimesheet]]) -> None:
        self.tz, limit, fresh = answer
        self.loading, self.exhausted = False, len(fresh) < limit
        self.beginResetModel()  # rows left the queue anywhere in the list: the view re-finds its current row
        self.rows = fresh
        self.selected &= {row.timesheet_id for row in fresh}
        self.endResetModel()
        self.page_loaded.emit()

    # Selection

    def toggle(self, row: int) -> None:
        """X on a row: select it for a bulk approval, or leave it out again."""
        timesheet_id = self.rows[row].timesheet_id
        self.selected.symmetric_difference_update({timesheet_id})
        changed = self.index(row, PERSON)
        self.dataChanged.emit(changed, changed, [Qt.ItemDataRole.CheckStateRole])

    def selected_rows(self) -> list[QueuedTimesheet]:
        """The selected weeks, in queue order."""
        return [row for row in self.rows if row.timesheet_id in self.selected]

    def row_of(self, timesheet_id: uuid.UUID) -> int | None:
        return next((n for n, row in enumerate(self.rows) if row.timesheet_id == timesheet_id), None)

    # The table

    def rowCount(self, parent: Index = ROOT) -> int:
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = ROOT) -> int:
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole):
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(COLUMNS):
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return COLUMNS[section]
        if role == Qt.ItemDataRole.TextAlignmentRole and section in HOURS:
            return RIGHT
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        flags = super().flags(index)
        if index.isValid() and index.column() == PERSON:
            flags |= Qt.ItemFlag.ItemIsUserCheckable
        return flags

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole):  # type: ignore[no-untyped-def]
        if not index.isValid() or not 0 <= index.row() < len(self.rows):
            return None
        row, column = self.rows[index.row()], index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(row, column)
        if role == Qt.ItemDataRole.CheckStateRole and column == PERSON:
            return Qt.CheckState.Checked if row.timesheet_id in self.selected else Qt.CheckState.Unchecked
        if role == Qt.ItemDataRole.TextAlignmentRole and column in HOURS:
            return RIGHT
        if role == Qt.ItemDataRole.ToolTipRole and column == PERSON:
            return f"{row.user_name} <{row.user_email}>"
        if role == Qt.ItemDataRole.ToolTipRole and column == WEEK:
            return week_span(row)
        if role == Qt.ItemDataRole.ToolTipRole and column == SUBMITTED:
            return f"Submitted {local_label(row.submitted_at, self.tz)}"
        return None

    def setData(self, index: Index, value: object, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if role != Qt.ItemDataRole.CheckStateRole or not index.isValid() or index.column() != PERSON:
            return False
        wanted = value in (Qt.CheckState.Checked, Qt.CheckState.Checked.value)
        if wanted != (self.rows[index.row()].timesheet_id in self.selected):
            self.toggle(index.row())
        return True

    def _text(self, row: QueuedTimesheet, column: int) -> str:
        if column == PERSON:
            return row.user_name
        if column == TEAM:
            return row.team or "—"
        if column == WEEK:
            return str(row.week)
        if column == BILLABLE:
            return row.billable.format_hm()
        if column == NON_BILLABLE:
            return row.non_billable.format_hm()
        if column == ATTENDANCE:
            return row.attendance.format_hm() if row.attendance else "—"
        return f"{as_utc(row.submitted_at).astimezone(zone_info(self.tz)):%d %b %H:%M}"  # the year is in the tooltip


def queue_table(model: ApprovalQueueModel) -> QTableView:
    """The queue's table: whole rows, one at a time, the person's name taking the room left."""
    table = QTableView()
    table.setModel(model)
    table.verticalHeader().hide()
    table.verticalHeader().setDefaultSectionSize(table.fontMetrics().height() + 10)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setWordWrap(False)
    table.horizontalHeader().setSectionResizeMode(PERSON, QHeaderView.ResizeMode.Stretch)
    # Widths from the widest text each column holds: sizing to contents goes wrong while a refresh has
    # emptied the list for a moment.
    metrics = table.fontMetrics()
    for column, widest in WIDEST.items():
        table.setColumnWidth(column, max(metrics.horizontalAdvance(t) for t in (widest, COLUMNS[column])) + 20)
    return table
