"""The picker's list: the catalogue of work filtered by what has been typed (no database per keystroke)."""

from __future__ import annotations

from PySide6.QtCore import QAbstractListModel, QModelIndex, QPersistentModelIndex, QSize, Qt
from PySide6.QtGui import QPainter, QPalette
from PySide6.QtWidgets import QStyle, QStyledItemDelegate, QStyleOptionViewItem

from app.services.work_choices import WorkChoice, matching

Index = QModelIndex | QPersistentModelIndex
CHOICE_ROLE = Qt.ItemDataRole.UserRole
DETAIL_ROLE = Qt.ItemDataRole.UserRole + 1
ROW_PADDING = 8


class WorkChoicesModel(QAbstractListModel):
    def __init__(self) -> None:
        super().__init__()
        self.catalogue: list[WorkChoice] = []
        self.text = ""
        self.rows: list[WorkChoice] = []

    def show(self, catalogue: list[WorkChoice]) -> None:
        self.catalogue = list(catalogue)
        self._filter()

    def search(self, text: str) -> None:
        self.text = text
        self._filter()

    def _filter(self) -> None:
        self.beginResetModel()
        self.rows = matching(self.catalogue, self.text)
        self.endResetModel()

    def choice(self, row: int) -> WorkChoice | None:
        return self.rows[row] if 0 <= row < len(self.rows) else None

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole):  # type: ignore[no-untyped-def]
        choice = self.choice(index.row()) if index.isValid() else None
        if choice is None:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return choice.label
        if role == DETAIL_ROLE:
            return choice.detail
        if role == Qt.ItemDataRole.ToolTipRole:
            return f"{choice.label}\n{choice.detail}"
        if role == CHOICE_ROLE:
            return choice
        return None


class ChoiceDelegate(QStyledItemDelegate):
    """The work's label, then its project and client in a quieter colour, cut short with "…" if long."""

    def sizeHint(self, option: QStyleOptionViewItem, index: Index) -> QSize:
        size = super().sizeHint(option, index)
        return QSize(size.width(), size.height() + ROW_PADDING)  # easier to hit, easier to read

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
        detail = index.data(DETAIL_ROLE) or ""
        super().paint(painter, option, index)  # background, selection and the label
        label_width = option.fontMetrics.horizontalAdvance(f"{index.data()}   ")
        room = option.rect.adjusted(label_width + 6, 0, -6, 0)
        if room.width() <= 0 or not detail:
            return
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        group = QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.PlaceholderText
        painter.save()
        painter.setPen(option.palette.color(group))
        text = option.fontMetrics.elidedText(detail, Qt.TextElideMode.ElideRight, room.width())
        painter.drawText(room, int(Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft), text)
        painter.restore()
