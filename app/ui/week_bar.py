"""Paging through weeks (the timesheet and attendance headers) and the one-line message under a view."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QWidget

from app.domain.calendar import Week


def week_title(week: Week, days: tuple[date, ...]) -> str:
    """ "Week 47 · Mon 16 – Sun 22 Nov 2026" """
    first, last = days[0], days[-1]
    return f"Week {week.number} · {first:%a %d %b} – {last:%a %d %b %Y}"


class WeekBar(QWidget):
    """Previous / next week (also Alt+Left / Alt+Right anywhere in `owner`), the week shown, and This week.

    `week` is the week to show; None means this week, until the owner has shown one.
    """

    changed = Signal()  # another week was asked for: the owner reloads

    def __init__(self, owner: QWidget):
        super().__init__(owner)
        self.week: Week | None = None
        self.previous = QPushButton("◀  Previous")
        self.previous.setToolTip("Previous week (Alt+Left)")
        self.next = QPushButton("Next  ▶")
        self.next.setToolTip("Next week (Alt+Right)")
        self.this_week = QPushButton("This week")
        self.title = QLabel()
        self.title.setObjectName("weekTitle")
        self.title.setStyleSheet("#weekTitle { font-size: 13pt; font-weight: 600; }")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.previous)
        layout.addWidget(self.title)
        layout.addWidget(self.next)
        layout.addStretch(1)
        layout.addWidget(self.this_week)
        self.previous.clicked.connect(lambda: self.move(-1))
        self.next.clicked.connect(lambda: self.move(1))
        self.this_week.clicked.connect(self.go_to_this_week)
        for keys, step in (("Alt+Left", -1), ("Alt+Right", 1)):
            shortcut = QShortcut(QKeySequence(keys), owner)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(lambda step=step: self.move(step))

    def move(self, weeks: int) -> None:
        if self.week is not None:
            self.week = self.week.shifted(weeks)
            self.this_week.setEnabled(True)  # the way back, even before the other week is shown
            self.changed.emit()

    def go_to_this_week(self) -> None:
        self.week = None
        self.changed.emit()

    def show_week(self, week: Week, days: tuple[date, ...], is_current: bool) -> None:
        """The owner shows `week` now (pages move on from it)."""
        self.week = week
        self.title.setText(week_title(week, days))
        self.this_week.setEnabled(not is_current)


class MessageLine(QLabel):
    """What the last action said: a refusal in the theme's warning colour, or a short confirmation."""

    def __init__(self) -> None:
        super().__init__()
        self.setTextFormat(Qt.TextFormat.PlainText)  # refusals quote what the user typed
        self.setWordWrap(True)
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

    def error(self, text: str) -> None:
        self.setStyleSheet("color: #b00020;")
        self.setText(text)

    def info(self, text: str) -> None:
        self.setStyleSheet("")
        self.setText(text)

    def clear_message(self) -> None:
        self.info("")
