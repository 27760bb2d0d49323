"""A table of whole rows whose cells are edited in place (the task log's entries, a draft invoice's lines)."""

from __future__ import annotations

from PySide6.QtCore import QAbstractItemModel
from PySide6.QtWidgets import QAbstractItemView, QTableView


def edited_rows_table(model: QAbstractItemModel, selection: QAbstractItemView.SelectionMode) -> QTableView:
    """Rows selected whole, one line high each, alternately shaded; a cell is edited by double-click, F2 or
    typing."""
    table = QTableView()
    table.setModel(model)
    table.verticalHeader().hide()
    table.setWordWrap(False)
    table.setAlternatingRowColors(True)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(selection)
    table.setEditTriggers(
        QAbstractItemView.EditTrigger.DoubleClicked
        | QAbstractItemView.EditTrigger.EditKeyPressed
        | QAbstractItemView.EditTrigger.AnyKeyPressed
    )
    return table
