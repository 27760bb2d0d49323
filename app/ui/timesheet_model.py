"""The week grid as a table: a row per task, a column per day, totals on the right and at the bottom.

Day cells of open tasks are editable. An edit is not written here: the model shows the typed text at
once (in italics) and asks for it to be saved through `edit_requested`; the view either reloads the
grid (saved) or calls `reject` (refused), which brings the old value back.
"""

from __future__ import annotations

import uuid
from datetime import date

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QFont

from app.domain.duration import Duration
from app.domain.project import TaskStatus
from app.services.timesheet import TimesheetRow, WeekGrid

Index = QModelIndex | QPersistentModelIndex
CellKey = tuple[uuid.UUID, date]  # task, day
LABELS = ("Client", "Project / task")
FIRST_DAY = len(LABELS)
DAYS = 7
TOTAL = FIRST_DAY + DAYS
RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)


def _font(*, bold: bool = False, italic: bool = False) -> QFont:
    font = QFont()
    font.setBold(bold)
    font.setItalic(italic)
    return font


class TimesheetModel(QAbstractTableModel):
    edit_requested = Signal(object, object, str)  # task id, day, the text typed

    def __init__(self) -> None:
        super().__init__()
        self.grid: WeekGrid | None = None
        self.pending: dict[CellKey, str] = {}
        self.locked = ""  # why no cell of this week can change (submitted or approved); "" while it can

    def show(self, grid: WeekGrid, still_saving: frozenset[CellKey] | set[CellKey] = frozenset()) -> None:
        """Show a freshly read grid; typed values whose save has not finished yet stay on top of it."""
        self.beginResetModel()
        self.grid = grid
        self.pending = {key: text for key, text in self.pending.items() if key in still_saving}
        self.endResetModel()

    def lock(self, reason: str) -> None:
        """Make every day cell read-only, with `reason` as its tooltip ("" opens them again)."""
        if reason != self.locked:
            self.locked = reason
            if self.rowCount():
                self.dataChanged.emit(self.index(0, 0), self.index(self.rowCount() - 1, TOTAL))

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        if parent.isValid() or self.grid is None or not self.grid.rows:
            return 0
        return len(self.grid.rows) + 1  # the totals row

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else TOTAL + 1

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole):
        if orientation != Qt.Orientation.Horizontal or not 0 <= section <= TOTAL:
            return None
        day = self._day(section)
        if role == Qt.ItemDataRole.DisplayRole:
            if section < FIRST_DAY:
                return LABELS[section]
            return "Total" if day is None else f"{day:%a %d}"
        if role == Qt.ItemDataRole.ToolTipRole and day is not None:
            return f"{day:%A %d %B %Y}"
        if role == Qt.ItemDataRole.FontRole and day is not None and self.grid is not None and day == self.grid.today:
            return _font(bold=True)
        if role == Qt.ItemDataRole.TextAlignmentRole and section >= FIRST_DAY:
            return RIGHT
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        flags = super().flags(index)
        row = self._row(index)
        day = self._day(index.column())
        if row is not None and day is not None and row.work.task.status is TaskStatus.OPEN and not self.locked:
            flags |= Qt.ItemFlag.ItemIsEditable
        return flags

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole):  # type: ignore[no-untyped-def]
        if self.grid is None or not index.isValid() or not 0 <= index.row() < self.rowCount():
            return None
        column, row = index.column(), self._row(index)
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            return self._text(row, column) if row is not None else self._total_text(column)
        if role == Qt.ItemDataRole.TextAlignmentRole and column >= FIRST_DAY:
            return RIGHT
        if role == Qt.ItemDataRole.FontRole:
            if row is None or column == TOTAL:
                return _font(bold=True)
            if self._key(row, column) in self.pending:
                return _font(italic=True)
        if role == Qt.ItemDataRole.ToolTipRole and row is not None:
            return self._tip(row, column)
        return None

    def setData(self, index: Index, value: object, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if role != Qt.ItemDataRole.EditRole or not self.flags(index) & Qt.ItemFlag.ItemIsEditable:
            return False
        row = self._row(index)
        assert row is not None
        text = str(value).strip()
        if text == self._text(row, index.column()):
            return False  # left unchanged: re-saving "1:30" must not round a timer's seconds away
        key = self._key(row, index.column())
        self.pending[key] = text
        self.dataChanged.emit(index, index)
        self.edit_requested.emit(*key, text)
        return True

    def reject(self, task_id: uuid.UUID, day: date) -> None:
        """The save was refused: show the value the cell had."""
        if self.pending.pop((task_id, day), None) is not None:
            changed = self.cell_index(task_id, day)
            if changed.isValid():
                self.dataChanged.emit(changed, changed)

    def cell_index(self, task_id: uuid.UUID, day: date) -> QModelIndex:
        """Where a task's day is shown (an invalid index when it is not)."""
        if self.grid is not None and day in self.grid.days:
            for number, row in enumerate(self.grid.rows):
                if row.work.task.id == task_id:
                    return self.index(number, FIRST_DAY + self.grid.days.index(day))
        return QModelIndex()

    def _row(self, index: Index) -> TimesheetRow | None:
        """The task row of an index; None for the totals row."""
        if self.grid is None or not index.isValid() or index.row() >= len(self.grid.rows):
            return None
        return self.grid.rows[index.row()]

    def _day(self, column: int) -> date | None:
        if self.grid is None or not FIRST_DAY <= column < TOTAL:
            return None
        return self.grid.days[column - FIRST_DAY]

    def _key(self, row: TimesheetRow, column: int) -> CellKey:
        return row.work.task.id, self.grid.days[column - FIRST_DAY]  # type: ignore[union-attr]

    def _text(self, row: TimesheetRow, column: int) -> str:
        if column == 0:
            return row.work.client.name
        if column == 1:
            return row.work.label
        if column == TOTAL:
            return row.total.format_hm()
        pending = self.pending.get(self._key(row, column))
        return pending if pending is not None else _hours(row.cells[column - FIRST_DAY].total)

    def _total_text(self, column: int) -> str:
        assert self.grid is not None
        if column == 0:
            return "Total"
        if column == 1:
            return ""
        if column == TOTAL:
            return self.grid.total.format_hm()
        return _hours(self.grid.day_totals[column - FIRST_DAY])

    def _tip(self, row: TimesheetRow, column: int) -> str | None:
        work = row.work
        if column < FIRST_DAY:
            return f"{work.client.name} — {work.project.name} ({work.project.code}) / {work.task.name}"
        if work.task.status is not TaskStatus.OPEN:
            return "This task is closed; time cannot be logged on it."
        if column == TOTAL:
            return None
        if self.locked:
            return self.locked
        fixed = row.cells[column - FIRST_DAY].fixed
        if fixed:
            return f"{fixed} of this is timed, approved or invoiced; change that in the Task log."
        return "Type hours as 1:30 or 1.5; leave empty for none."


def _hours(duration: Duration) -> str:
    """Empty for no time, so the filled cells of a week stand out."""
    return duration.format_hm() if duration else ""
