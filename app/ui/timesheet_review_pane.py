"""The detail of one queued week: its flags, its entries day by day, and its totals per project."""

from __future__ import annotations

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor, QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QGridLayout,
    QHeaderView,
    QLabel,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.services.approval_queue_view import ReviewDay, ReviewEntry, TimesheetReview

Index = QModelIndex | QPersistentModelIndex
ROOT = QModelIndex()
COLUMNS = ("Day / work", "Time", "Hours", "Billable", "Note")
WORK, TIME, HOURS, BILLABLE, NOTE = range(len(COLUMNS))
RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
FLAGGED = QColor("#fff3cd")  # the amber of a warning, light enough for dark text
NO_FLAGS = "Nothing unusual in this week."


def _bold() -> QFont:
    font = QFont()
    font.setBold(True)
    return font


class ReviewModel(QAbstractTableModel):
    """A week as rows: each day (bold, with its totals), then that day's entries under it."""

    def __init__(self) -> None:
        super().__init__()
        self.rows: list[ReviewDay | tuple[ReviewDay, ReviewEntry]] = []
        self.flagged: dict[object, list[str]] = {}  # day -> the flags about it

    def show(self, review: TimesheetReview | None) -> None:
        self.beginResetModel()
        self.rows = []
        self.flagged = {}
        if review is not None:
            for day in review.days:
                self.rows.append(day)
                self.rows.extend((day, entry) for entry in day.entries)
            for flag in review.flags:
                if flag.day is not None:
                    self.flagged.setdefault(flag.day, []).append(flag.text)
        self.endResetModel()

    def rowCount(self, parent: Index = ROOT) -> int:
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = ROOT) -> int:
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole):
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(COLUMNS):
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return COLUMNS[section]
        if role == Qt.ItemDataRole.TextAlignmentRole and section in (HOURS, BILLABLE):
            return RIGHT
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole):  # type: ignore[no-untyped-def]
        if not index.isValid() or not 0 <= index.row() < len(self.rows):
            return None
        row, column = self.rows[index.row()], index.column()
        day = row if isinstance(row, ReviewDay) else row[0]
        if role == Qt.ItemDataRole.DisplayRole:
            return _day_text(row, column) if isinstance(row, ReviewDay) else _entry_text(row[1], column)
        if role == Qt.ItemDataRole.TextAlignmentRole and column in (HOURS, BILLABLE):
            return RIGHT
        if role == Qt.ItemDataRole.FontRole and isinstance(row, ReviewDay) and row.entries:
            return _bold()
        if role == Qt.ItemDataRole.BackgroundRole and isinstance(row, ReviewDay) and day.day in self.flagged:
            return QBrush(FLAGGED)
        if role == Qt.ItemDataRole.ForegroundRole and isinstance(row, ReviewDay):
            if day.day in self.flagged:
                return QBrush(QColor("black"))  # readable on the amber in a dark theme too
            if not row.entries:
                return QBrush(QColor("gray"))
        if role == Qt.ItemDataRole.ToolTipRole:
            if isinstance(row, ReviewDay):
                return "\n".join(self.flagged.get(day.day, [])) or None
            return row[1].note or None
        return None


def _day_text(day: ReviewDay, column: int) -> str:
    if column == WORK:
        return f"{day.day:%a %d %b}"
    if column == TIME:  # where it can be compared with billable time
        shown = day.attended is not None and (day.attended or day.billable)
        return f"attended {day.attended}" if shown else ""
    if column == HOURS:
        total = day.billable + day.non_billable
        return total.format_hm() if total else ""
    if column == BILLABLE:
        return day.billable.format_hm() if day.billable else ""
    return ""


def _entry_text(entry: ReviewEntry, column: int) -> str:
    if column == WORK:
        return f"    {entry.work}"
    if column == TIME:
        return entry.span
    if column == HOURS:
        return entry.duration.format_hm()
    if column == BILLABLE:
        return "yes" if entry.billable else "no"
    return entry.note.replace("\n", " ")


def _plain(text: str = "", *, wrap: bool = True) -> QLabel:
    """User data (names, notes, reasons) never goes through the rich-text parser."""
    label = QLabel(text)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setWordWrap(wrap)
    return label


class ReviewPane(QWidget):
    def __init__(self) -> None:
        super().__init__()
        self.title = _plain()
        self.title.setObjectName("reviewTitle")
        self.title.setStyleSheet("#reviewTitle { font-size: 13pt; font-weight: 600; }")
        self.about = _plain()
        self.flags = _plain()
        self.flags.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.model = ReviewModel()
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(self.table.fontMetrics().height() + 8)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.table.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # J/K stay with the queue
        self.table.setWordWrap(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(NOTE, QHeaderView.ResizeMode.Stretch)
        self.projects_title = _plain("Per project")
        self.projects_title.setStyleSheet("font-weight: 600;")
        self.projects = QGridLayout()
        self.projects.setHorizontalSpacing(16)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.title)
        layout.addWidget(self.about)
        layout.addWidget(self.flags)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.projects_title)
        layout.addLayout(self.projects)

    def show_review(self, review: TimesheetReview) -> None:
        first, last = review.days[0].day, review.days[-1].day
        team = f" · team {review.team}" if review.team else ""
        self.title.setText(f"{review.user_name} · week {review.week.number}")
        self.about.setText(f"{first:%a %d %b} – {last:%a %d %b %Y}{team} · submitted {review.submitted}")
        if review.flags:
            self.flags.setText("\n".join(f"⚠ {flag.text}" for flag in review.flags))
            self.flags.setStyleSheet("color: #8a5a00;")
        else:
            self.flags.setText(NO_FLAGS)
            self.flags.setStyleSheet("")
        self.model.show(review)
        self._show_projects(review)
        for widget in (self.about, self.flags, self.table, self.projects_title):
            widget.show()

    def show_message(self, text: str) -> None:
        """Nothing to review (empty queue, loading, a failure): the sentence says what."""
        self.title.setText(text)
        self.model.show(None)
        self._show_projects(None)
        for widget in (self.about, self.flags, self.table, self.projects_title):
            widget.hide()

    def _show_projects(self, review: TimesheetReview | None) -> None:
        while self.projects.count():
            item = self.projects.takeAt(0)
            if item.widget() is not None:
                item.widget().deleteLater()
        for row, total in enumerate(review.projects if review else ()):
            name = _plain(f"{total.code} · {total.name}", wrap=False)
            name.setToolTip(total.client)
            self.projects.addWidget(name, row, 0)
            hours = _plain(f"{total.billable} billable" if total.billable else "", wrap=False)
            other = _plain(f"{total.non_billable} non-billable" if total.non_billable else "", wrap=False)
            for column, label in ((1, hours), (2, other)):
                label.setAlignment(Qt.AlignmentFlag.AlignRight)
                self.projects.addWidget(label, row, column)
        self.projects.setColumnStretch(3, 1)  # the figures stay next to the names
