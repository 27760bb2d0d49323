"""The lines of the invoice on show, as a table; on a draft, descriptions and quantities are edited in place.

An edit is not written by the model: it asks (`edit_requested`) and shows what was typed, in italics, until
the service's answer comes back as fresh lines (or as a refusal, after which the lines are shown again).
Only a line typed by hand has a price that can change: time is billed at the rates it was logged with.
"""

from __future__ import annotations

import html
import uuid
from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView

from app.domain.document_lines import DocumentLine, LineKind
from app.domain.money import format_money
from app.ui.edited_rows import edited_rows_table

Index = QModelIndex | QPersistentModelIndex
ROOT = QModelIndex()
COLUMNS = ("Description", "Quantity", "Unit", "Unit price", "VAT", "Net")
DESCRIPTION, QUANTITY, UNIT, UNIT_PRICE, VAT, NET = range(len(COLUMNS))
FIELDS = {DESCRIPTION: "description", QUANTITY: "quantity", UNIT_PRICE: "unit_price"}
RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
KINDS = {
    LineKind.HOURS: "approved time",
    LineKind.FIXED: "a share of a fixed price",
    LineKind.MILESTONE: "a reached milestone",
    LineKind.DEPOSIT: "a deposit",
    LineKind.MANUAL: "typed by hand",
}


def tip(text: str) -> str | None:
    """A tooltip showing user text literally (tooltips read anything with tags in it as rich text)."""
    return "<p style='white-space:pre-wrap'>" + html.escape(text) + "</p>" if text else None


def quantity_text(line: DocumentLine) -> str:
    return f"{line.quantity:f}"


def amount_text(line: DocumentLine) -> str:
    """The unit price as it is typed back in (no thousands separators, no currency)."""
    return f"{line.unit_price.amount:f}"


class InvoiceLinesModel(QAbstractTableModel):
    edit_requested = Signal(object, str, str)  # line id, field ("description", "quantity", "unit_price"), text

    def __init__(self) -> None:
        super().__init__()
        self.lines: list[DocumentLine] = []
        self.editable = False
        self.pending: dict[tuple[uuid.UUID, int], str] = {}  # typed, on its way to the service
        self.settled: set[tuple[uuid.UUID, int]] = set()  # of those, the ones answered already

    def show_lines(self, lines: Sequence[DocumentLine], editable: bool) -> None:
        """Show these lines. The same lines with new values (an edit's answer) are updated in place, so the
        cursor stays and a cell being typed into stays open; edits still waiting for their answer stay shown."""
        fresh = list(lines)
        for key in self.settled:
            self.pending.pop(key, None)
        self.settled.clear()
        if editable == self.editable and [line.id for line in fresh] == [line.id for line in self.lines]:
            self.lines = fresh
            if fresh:  # a range, not one cell: Qt would rewrite an editor open on a single changed cell
                self.dataChanged.emit(self.index(0, 0), self.index(len(fresh) - 1, len(COLUMNS) - 1))
            return
        self.beginResetModel()
        self.lines, self.editable = fresh, editable
        ids = {line.id for line in fresh}
        self.pending = {key: text for key, text in self.pending.items() if key[0] in ids and editable}
        self.endResetModel()

    def answered(self, line_id: uuid.UUID, field: str) -> None:
        """The edit of this cell was saved or refused: the lines shown next show what is stored there."""
        column = next(column for column, name in FIELDS.items() if name == field)
        self.settled.add((line_id, column))

    def line(self, row: int) -> DocumentLine:
        return self.lines[row]

    def rowCount(self, parent: Index = ROOT) -> int:
        return 0 if parent.isValid() else len(self.lines)

    def columnCount(self, parent: Index = ROOT) -> int:
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(COLUMNS):
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return COLUMNS[section]
        if role == Qt.ItemDataRole.TextAlignmentRole and section in (QUANTITY, UNIT_PRICE, NET):
            return RIGHT
        return None

    def can_edit(self, row: int, column: int) -> bool:
        if not self.editable or column not in FIELDS:
            return False
        return column != UNIT_PRICE or self.lines[row].kind is LineKind.MANUAL

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if self.can_edit(index.row(), index.column()):
            flags |= Qt.ItemFlag.ItemIsEditable
        return flags

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self.lines):
            return None
        line, column = self.lines[index.row()], index.column()
        typed = self.pending.get((line.id, column))
        if role == Qt.ItemDataRole.DisplayRole:
            return typed if typed is not None else self._shown(line, column)
        if role == Qt.ItemDataRole.EditRole:
            return typed if typed is not None else self._edited(line, column)
        if role == Qt.ItemDataRole.ToolTipRole:
            return tip(self._tip(line, column))
        if role == Qt.ItemDataRole.TextAlignmentRole and column in (QUANTITY, UNIT_PRICE, NET):
            return RIGHT
        if role == Qt.ItemDataRole.FontRole and typed is not None:
            font = QFont()
            font.setItalic(True)  # typed, not yet saved
            return font
        return None

    @staticmethod
    def _shown(line: DocumentLine, column: int) -> str:
        return (
            line.description,
            quantity_text(line),
            line.unit,
            format_money(line.unit_price),
            line.vat.describe(),
            format_money(line.net),
        )[column]

    @staticmethod
    def _edited(line: DocumentLine, column: int) -> str:
        return {DESCRIPTION: line.description, QUANTITY: quantity_text(line), UNIT_PRICE: amount_text(line)}.get(
            column, InvoiceLinesModel._shown(line, column)
        )

    def _tip(self, line: DocumentLine, column: int) -> str:
        if column == DESCRIPTION:
            return line.description
        if column == VAT:
            return f"{line.vat.describe()}: {line.vat_reason}" if line.vat_reason else line.vat.describe()
        if column == UNIT_PRICE and self.editable and line.kind is not LineKind.MANUAL:
            return f"A line of {KINDS[line.kind]}: its price stays as billed."
        return ""

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if role != Qt.ItemDataRole.EditRole or not index.isValid() or not self.can_edit(index.row(), index.column()):
            return False
        line, column = self.lines[index.row()], index.column()
        text = str(value)
        if text == self._edited(line, column):
            return False  # nothing changed: nothing to save
        self.pending[(line.id, column)] = text
        self.dataChanged.emit(index, index)
        self.edit_requested.emit(line.id, FIELDS[column], text)
        return True


def lines_table(model: InvoiceLinesModel) -> QTableView:
    table = edited_rows_table(model, QAbstractItemView.SelectionMode.SingleSelection)
    header = table.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    header.setSectionResizeMode(DESCRIPTION, QHeaderView.ResizeMode.Stretch)
    return table
