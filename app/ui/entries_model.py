"""A table model over task-log entries (plain read-model rows; data() never touches the database)."""

from __future__ import annotations

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

from app.domain.calendar import local_label
from app.domain.money import format_money
from app.services.task_log import EntryView

Index = QModelIndex | QPersistentModelIndex
COLUMNS = ("Time", "Work", "Hours", "Billable", "Amount", "Note")
RIGHT_ALIGNED = {2, 4}


class EntriesModel(QAbstractTableModel):
    def __init__(self, tz: str = "UTC") -> None:
        super().__init__()
        self.tz = tz
        self.rows: list[EntryView] = []

    def show(self, rows: list[EntryView], tz: str) -> None:
        self.beginResetModel()
        self.rows, self.tz = list(rows), tz
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole):
        if (
            role == Qt.ItemDataRole.DisplayRole
            and orientation == Qt.Orientation.Horizontal
            and 0 <= section < len(COLUMNS)
        ):
            return COLUMNS[section]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole):  # type: ignore[no-untyped-def]
        if not index.isValid() or not (0 <= index.row() < len(self.rows)):
            return None
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column() in RIGHT_ALIGNED:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        view = self.rows[index.row()]
        entry = view.entry
        return (
            self._time(view),
            view.work.label,
            str(entry.duration),
            "yes" if entry.billable else "no",
            "" if entry.amount is None else format_money(entry.amount),
            " ".join(entry.note.split()),
        )[index.column()]

    def _time(self, view: EntryView) -> str:
        entry = view.entry
        if entry.started_at is None or entry.ended_at is None:
            return "—"
        day = entry.work_date
        return f"{local_label(entry.started_at, self.tz, day)}–{local_label(entry.ended_at, self.tz, day)}"
