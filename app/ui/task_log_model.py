"""Task-log entries as a table that pages itself in: a few hundred rows at a time, as the view scrolls.

Pages are read on a worker thread (keyset-paged by the service, so the thousandth page is as quick as
the first) and appended when they arrive; data() only reads rows already in memory. Edits are not
written here: the model shows the typed value at once (in italics) and asks for it through
`edit_requested`; whoever saves it calls `replace` (saved) or `reject` (refused: the old value is back).
"""

from __future__ import annotations

import html
import re
import uuid
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont

from app.domain.calendar import local_label
from app.domain.entry_list import EntryQuery, EntrySort, ListedEntry
from app.domain.money import format_money
from app.services import entries
from app.ui.paged_rows import ROOT, Index, PagedRows
from app.ui.view_jobs import ViewJobs

SPAN_SEPARATOR = re.compile(r"\s*(?:–|—|-|\bto\b)\s*")


@dataclass(frozen=True)
class Column:
    title: str
    sort: EntrySort | None = None  # the order a click on the header asks for; None: not sortable
    field: str | None = None  # what an edit of the cell changes; None: read-only


COLUMNS = (
    Column("Date", EntrySort.DATE),
    Column("Time", field="span"),
    Column("Work", EntrySort.WORK, "work"),
    Column("Client"),
    Column("Person"),
    Column("Hours", EntrySort.HOURS, "hours"),
    Column("Billable", field="billable"),
    Column("Status", EntrySort.STATUS),
    Column("Amount"),
    Column("Note", field="note"),
)
DATE, TIME, WORK, CLIENT, PERSON, HOURS, BILLABLE, STATUS, AMOUNT, NOTE = range(len(COLUMNS))
RIGHT_ALIGNED = {HOURS, AMOUNT}
LOCKED_TIP = "{status} entries are locked; a manager must reopen the timesheet before they can change."


def column_of(sort: EntrySort) -> int:
    return next(number for number, column in enumerate(COLUMNS) if column.sort is sort)


class TaskLogModel(PagedRows[ListedEntry]):
    edit_requested = Signal(object, str, object)  # the row's entry, the field, the new value

    def __init__(self, jobs: ViewJobs, query: EntryQuery | None = None, page_size: int = entries.PAGE_SIZE):
        super().__init__(jobs, query or EntryQuery(), page_size)
        self.pending: dict[tuple[uuid.UUID, str], Any] = {}

    def read_page(self, uow, actor, query, after, limit):  # type: ignore[no-untyped-def]
        return entries.page(uow, actor, query, after, limit)

    # Loading

    def set_query(self, query: EntryQuery) -> None:
        """Show another list (filters or order changed): start again from its first page."""
        self.beginResetModel()
        self.query, self.rows, self.pending = query, [], {}
        self.exhausted, self.loading = False, False
        self.endResetModel()
        self.fetchMore(ROOT)

    def refresh(self, shown: int | None = None) -> None:
        """Read the list again down to row `shown` (all rows read so far when None), keeping the scroll position.

        Rows further down are dropped and page in again when scrolled to, so a change elsewhere does not
        re-read tens of thousands of rows someone once scrolled past.
        """
        if self.loading and not self.rows:
            return  # the first page is on its way and will be fresh
        wanted = len(self.rows) if shown is None else min(shown, len(self.rows))
        self._load(None, max(wanted, self.page_size), self._refreshed)

    def _refreshed(self, answer: tuple[str, int, list[ListedEntry]]) -> None:
        self.tz, limit, fresh = answer
        self.loading, self.exhausted = False, len(fresh) < limit
        shown = len(self.rows)
        if len(fresh) < shown:
            self.beginRemoveRows(ROOT, len(fresh), shown - 1)
            del self.rows[len(fresh) :]
            self.endRemoveRows()
        elif len(fresh) > shown:
            self.beginInsertRows(ROOT, shown, len(fresh) - 1)
            self.rows.extend(fresh[shown:])
            self.endInsertRows()
        self.rows[:] = fresh
        self.pending = {key: value for key, value in self.pending.items() if self.row_of(key[0]) is not None}
        if fresh:
            self.dataChanged.emit(self.index(0, 0), self.index(len(fresh) - 1, len(COLUMNS) - 1))
        self.page_loaded.emit()

    # Edits

    def replace(self, entry: ListedEntry) -> None:
        """An edit was saved: show the entry as it is now."""
        row = self.row_of(entry.id)
        self.pending = {key: value for key, value in self.pending.items() if key[0] != entry.id}
        if row is not None:
            self.rows[row] = entry
            self.dataChanged.emit(self.index(row, 0), self.index(row, len(COLUMNS) - 1))

    def reject(self, entry_id: uuid.UUID, field: str) -> None:
        """An edit was refused: show the value the cell had."""
        self.pending.pop((entry_id, field), None)
        row = self.row_of(entry_id)
        if row is not None:
            self.dataChanged.emit(self.index(row, 0), self.index(row, len(COLUMNS) - 1))

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if not index.isValid() or not self.flags(index) & (
            Qt.ItemFlag.ItemIsEditable | Qt.ItemFlag.ItemIsUserCheckable
        ):
            return False
        entry, field = self.rows[index.row()], COLUMNS[index.column()].field
        assert field is not None
        if field == "billable":
            if role != Qt.ItemDataRole.CheckStateRole:
                return False
            value = Qt.CheckState(value) == Qt.CheckState.Checked
            if value == entry.billable:
                return False
        else:
            if role != Qt.ItemDataRole.EditRole:
                return False
            value = str(value).strip()
            if value == self._edit_text(entry, index.column()).strip():
                return False  # unchanged: re-saving "1:30" must not round a timer's seconds away
        self.pending[(entry.id, field)] = value
        self.dataChanged.emit(index, index)
        self.edit_requested.emit(entry, field, value)
        return True

    # What the view shows

    def entry(self, row: int) -> ListedEntry:
        return self.rows[row]

    def row_of(self, entry_id: uuid.UUID) -> int | None:
        return next((number for number, entry in enumerate(self.rows) if entry.id == entry_id), None)

    def rowCount(self, parent: Index = ROOT) -> int:
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = ROOT) -> int:
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(COLUMNS):
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return COLUMNS[section].title
        if role == Qt.ItemDataRole.TextAlignmentRole and section in RIGHT_ALIGNED:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        flags = super().flags(index)
        if not index.isValid() or index.row() >= len(self.rows) or self.rows[index.row()].is_locked:
            return flags
        field = COLUMNS[index.column()].field
        if field == "billable":
            flags |= Qt.ItemFlag.ItemIsUserCheckable
        elif field is not None:
            flags |= Qt.ItemFlag.ItemIsEditable
        return flags

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self.rows):
            return None
        entry, column = self.rows[index.row()], index.column()
        pending = self.pending.get((entry.id, COLUMNS[column].field or ""))
        if column == BILLABLE:
            if role == Qt.ItemDataRole.CheckStateRole:
                shown = entry.billable if pending is None else pending
                return Qt.CheckState.Checked if shown else Qt.CheckState.Unchecked
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return pending if pending is not None else self._text(entry, column)
        if role == Qt.ItemDataRole.EditRole:
            return self._edit_text(entry, column)
        if role == Qt.ItemDataRole.TextAlignmentRole and column in RIGHT_ALIGNED:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.FontRole and pending is not None:
            font = QFont()
            font.setItalic(True)
            return font
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tip(entry, column)
        return None

    def _text(self, entry: ListedEntry, column: int) -> str:
        if column == DATE:
            return f"{entry.work_date:%a} {entry.work_date.isoformat()}"
        if column == TIME:
            return self._span(entry) or "—"
        if column == WORK:
            return entry.work_label
        if column == CLIENT:
            return entry.client_name
        if column == PERSON:
            return entry.user_name
        if column == HOURS:
            return entry.duration.format_hm()
        if column == STATUS:
            return entry.status.value.capitalize()
        if column == AMOUNT:
            amount = entry.amount
            return "" if amount is None else format_money(amount)
        return " ".join(entry.note.split())  # one line in the table; the tooltip has the note as typed

    def _edit_text(self, entry: ListedEntry, column: int) -> str:
        if column == TIME:
            return self._span(entry)
        if column == NOTE:
            return entry.note
        return self._text(entry, column)

    def _span(self, entry: ListedEntry) -> str:
        if entry.started_at is None or entry.ended_at is None:
            return ""
        day = entry.work_date
        return f"{local_label(entry.started_at, self.tz, day)}–{local_label(entry.ended_at, self.tz, day)}"

    def _tip(self, entry: ListedEntry, column: int) -> str | None:
        if entry.is_locked:
            return LOCKED_TIP.format(status=entry.status.value.capitalize())
        if column == NOTE and entry.note:
            # A tooltip guesses rich text from a leading tag; spell the note out so "<b>" stays literal.
            return "<p style='white-space:pre-wrap'>" + html.escape(entry.note) + "</p>"
        if column == TIME:
            return "Type the time as 09:00–10:30."
        if column == HOURS:
            return "Type hours as 1:30 or 1.5."
        if column == WORK:
            return f"{entry.client_name}: type another project/task as CODE/Task to move the entry."
        return None


def span_parts(text: str) -> tuple[str, str] | None:
    """ "09:00–10:30" (also "9:00 - 10:30", "09:00 to 10:30") as its two times; None if it is not a span."""
    parts = SPAN_SEPARATOR.split(text.strip(), maxsplit=1)
    if len(parts) != 2 or not all(parts):
        return None
    return parts[0], parts[1]


def describe(entry: ListedEntry) -> str:
    """ "WEB/General 1:30 on 2026-11-20" """
    return f"{entry.work_label} {entry.duration.format_hm()} on {entry.work_date.isoformat()}"
