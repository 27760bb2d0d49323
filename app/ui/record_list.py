"""A list of records: a table model over plain read-model rows described column by column, and the table
with its empty state that shows it."""

from __future__ import annotations

import html
from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QItemSelectionModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QLabel, QStackedLayout, QTableView, QWidget

Index = QModelIndex | QPersistentModelIndex
PAGE = 200  # rows handed to the view at a time; the rest page in as it scrolls


@dataclass(frozen=True)
class Column:
    title: str
    text: Callable[[Any], str]
    numeric: bool = False  # right-aligned, so amounts line up
    stretch: bool = False  # takes the width left over (a name); long text is elided, whole in the tooltip


class RecordsModel(QAbstractTableModel):
    """Rows already read (data() never touches the database), handed to the view a page at a time."""

    def __init__(self, columns: Sequence[Column], dimmed: Callable[[Any], bool] = lambda row: False):
        super().__init__()
        self.columns = tuple(columns)
        self.dimmed = dimmed
        self.rows: list[Any] = []
        self.loaded = 0

    def show(self, rows: Sequence[Any]) -> None:
        self.beginResetModel()
        self.rows = list(rows)
        self.loaded = min(PAGE, len(self.rows))
        self.endResetModel()

    def row(self, number: int) -> Any:
        return self.rows[number]

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else self.loaded

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.columns)

    def canFetchMore(self, parent: Index) -> bool:
        return not parent.isValid() and self.loaded < len(self.rows)

    def fetchMore(self, parent: Index) -> None:
        if not self.canFetchMore(parent):
            return
        more = min(PAGE, len(self.rows) - self.loaded)
        self.beginInsertRows(QModelIndex(), self.loaded, self.loaded + more - 1)
        self.loaded += more
        self.endInsertRows()

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and 0 <= section < len(self.columns):
            if role == Qt.ItemDataRole.DisplayRole:
                return self.columns[section].title
            if role == Qt.ItemDataRole.TextAlignmentRole and self.columns[section].numeric:
                return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not (0 <= index.row() < self.loaded):
            return None
        column, row = self.columns[index.column()], self.rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return column.text(row)
        if role == Qt.ItemDataRole.ToolTipRole:  # tooltips read tags as rich text: names print literally
            return "<p style='white-space:pre-wrap'>" + html.escape(column.text(row)) + "</p>"
        if role == Qt.ItemDataRole.TextAlignmentRole and column.numeric:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ForegroundRole and self.dimmed(row):
            return QPalette().color(QPalette.ColorGroup.Disabled, QPalette.ColorRole.Text)
        return None


class RecordList(QWidget):
    """A read-only table of records with one selected at a time, or a sentence saying what to do when empty.

    `chosen` fires when the user selects another record; `opened` on a double-click or Enter.
    """

    chosen = Signal()
    opened = Signal()

    def __init__(self, columns: Sequence[Column], key: Callable[[Any], Hashable], **model_options: Any):
        super().__init__()
        self.key = key
        self.wanted: Hashable | None = None
        self.model = RecordsModel(columns, **model_options)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.verticalHeader().hide()
        self.table.setWordWrap(False)
        self.table.setAlternatingRowColors(True)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(not any(column.stretch for column in columns))
        for number, column in enumerate(columns):
            if column.stretch:
                header.setSectionResizeMode(number, QHeaderView.ResizeMode.Stretch)
        self.empty = QLabel()
        self.empty.setTextFormat(Qt.TextFormat.PlainText)  # it may name a client
        self.empty.setWordWrap(True)
        self.empty.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.empty.setMargin(8)
        self.stack = QStackedLayout(self)
        self.stack.addWidget(self.table)
        self.stack.addWidget(self.empty)
        self.table.selectionModel().currentRowChanged.connect(lambda *_: self.chosen.emit())
        self.table.activated.connect(lambda *_: self.opened.emit())

    def select_later(self, key: Hashable) -> None:
        """Select this record when the rows are next shown (one just saved, on its way back from a reload)."""
        self.wanted = key

    def show_rows(self, rows: Sequence[Any], empty_text: str) -> None:
        """Show `rows`, keeping the selected record selected if it is still there (no `chosen` for that)."""
        kept = self.selected()
        kept_key = self.wanted if self.wanted is not None else None if kept is None else self.key(kept)
        self.wanted = None
        blocked = self.blockSignals(True)
        try:
            self.model.show(rows)
            self.empty.setText(empty_text)
            self.stack.setCurrentWidget(self.table if rows else self.empty)
            if kept_key is not None:
                self.select(kept_key)
        finally:
            self.blockSignals(blocked)

    def selected(self) -> Any | None:
        current = self.table.selectionModel().currentIndex()
        return self.model.row(current.row()) if current.isValid() else None

    def select(self, key: Hashable) -> bool:
        """Select the record with this key (paging it in if need be); False if there is none. Not `chosen`:
        the caller, not the user, picked it."""
        number = next((n for n, row in enumerate(self.model.rows) if self.key(row) == key), None)
        if number is None:
            return False
        while self.model.loaded <= number:
            self.model.fetchMore(QModelIndex())
        index = self.model.index(number, 0)
        flags = QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows
        blocked = self.blockSignals(True)
        self.table.selectionModel().setCurrentIndex(index, flags)
        self.blockSignals(blocked)
        self.table.scrollTo(index)
        return True
