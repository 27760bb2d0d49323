"""The attendance week as a table: a row per day with its clock sessions and breaks, and a totals row."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QFont

from app.domain.calendar import local_label
from app.services.attendance import AttendanceDay, AttendanceWeek

Index = QModelIndex | QPersistentModelIndex
COLUMNS = ("Day", "Clocked in", "Breaks", "Present", "Break time", "Net")
FIRST_TOTAL = 3
RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)


def spans(intervals: Iterable[tuple[datetime, datetime | None]], tz: str, day: date) -> str:
    """ "09:00–12:00, 12:45–now": times on other days (a night session) carry their date."""
    return ", ".join(
        f"{local_label(start, tz, day)}–{'now' if end is None else local_label(end, tz, day)}"
        for start, end in intervals
    )


def _day_texts(shown: AttendanceDay, tz: str) -> tuple[str, ...]:
    totals, day = shown.totals, shown.totals.day
    sessions = spans(((s.session.clock_in, s.session.clock_out) for s in shown.sessions), tz, day)
    breaks = spans(((b.started_at, b.ended_at) for s in shown.sessions for b in s.breaks), tz, day)
    worked = (totals.present, totals.breaks, totals.net)
    return (f"{day:%a %d %b}", sessions, breaks, *(d.format_hm() if shown.sessions else "" for d in worked))


class AttendanceModel(QAbstractTableModel):
    def __init__(self) -> None:
        super().__init__()
        self.texts: list[tuple[str, ...]] = []
        self.today_row: int | None = None

    def show(self, week: AttendanceWeek) -> None:
        self.beginResetModel()
        totals = week.totals
        self.texts = [_day_texts(day, week.tz) for day in week.days]
        self.texts.append(("Week", "", "", *(d.format_hm() for d in (totals.present, totals.breaks, totals.net))))
        days = [day.totals.day for day in week.days]
        self.today_row = days.index(week.today) if week.today in days else None
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.texts)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole):
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(COLUMNS):
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return COLUMNS[section]
        if role == Qt.ItemDataRole.TextAlignmentRole and section >= FIRST_TOTAL:
            return RIGHT
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole):  # type: ignore[no-untyped-def]
        if not index.isValid() or not 0 <= index.row() < len(self.texts):
            return None
        text = self.texts[index.row()][index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            return text
        if role == Qt.ItemDataRole.ToolTipRole and index.column() in (1, 2) and text:
            return text  # a day of many sessions is wider than its column
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column() >= FIRST_TOTAL:
            return RIGHT
        if role == Qt.ItemDataRole.FontRole and index.row() in (self.today_row, len(self.texts) - 1):
            font = QFont()
            font.setBold(True)
            return font
        return None
