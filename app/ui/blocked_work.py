"""The "Blocked billable work" list: which projects refused billable time, for what reason, and how often.

Opened from Clients & projects. Managers and admins see everyone's refused attempts, consultants their own;
the list reads in the background and follows new entries and timers (a refusal is recorded as it happens).
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.domain.billable_checks import reason_label
from app.domain.calendar import local_label
from app.services.billable_checks import BlockedWork, blocked_work
from app.ui.context import UiContext
from app.ui.record_list import Column, RecordList
from app.ui.view_jobs import ViewJobs
from app.ui.week_bar import MessageLine

PERIODS = (("Last 7 days", 7), ("Last 30 days", 30), ("Last 90 days", 90), ("Last 365 days", 365))
DEFAULT_PERIOD = 1  # the last 30 days, as `timeledger blocked` shows


class BlockedWorkView(QWidget):
    loaded = Signal()  # the list for the chosen period is on screen

    def __init__(self, ctx: UiContext):
        super().__init__()
        self.ctx = ctx
        self.jobs = ViewJobs(self, ctx)
        self.tz = "UTC"  # the organisation's, once the first list has been read
        self.period = QComboBox()
        for label, days in PERIODS:
            self.period.addItem(label, days)
        self.period.setCurrentIndex(DEFAULT_PERIOD)
        self.whose = QLabel()
        self.lines = RecordList(
            (
                Column("Project", lambda line: line.project.code),
                Column("Reason", lambda line: reason_label(line.code)),
                Column("Times", lambda line: str(line.count), numeric=True),
                Column("Last", lambda line: local_label(line.last, self.tz)),
                Column("What the person was told", lambda line: line.message, stretch=True),
            ),
            key=lambda line: (line.project.id, line.code),
        )
        self.message = MessageLine()
        top = QHBoxLayout()
        top.addWidget(self.whose, 1)
        top.addWidget(self.period)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(top)
        layout.addWidget(self.lines, 1)
        layout.addWidget(self.message)
        self.period.currentIndexChanged.connect(self.reload)
        for changed in (ctx.events.entries_changed, ctx.events.timer_changed, ctx.events.catalogue_changed):
            changed.connect(self.reload)
        self.reload()

    def reload(self) -> None:
        days = self.period.currentData()
        self.jobs.load(
            lambda uow, actor: blocked_work(uow, actor, days=days),
            self.render,
            lambda error: self.message.error(str(error)),
        )

    def render(self, work: BlockedWork) -> None:
        self.tz = work.tz
        whose = "Everyone's" if work.everyone else "Your"
        span = f"{work.first:%d %b %Y} – {work.last:%d %b %Y}"
        self.whose.setText(f"{whose} billable time refused by the checks, {span}.")
        self.lines.show_rows(work.lines, f"No billable work was blocked from {work.first:%d %b} to {work.last:%d %b}.")
        self.message.clear_message()
        self.loaded.emit()


class BlockedWorkDialog(QDialog):
    """The list in a window of its own, beside Clients & projects (not blocking it)."""

    def __init__(self, ctx: UiContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle("Blocked billable work")
        self.view = BlockedWorkView(ctx)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.view, 1)
        layout.addWidget(buttons)
        self.resize(900, 420)


class BlockedWorkButton(QPushButton):
    """Opens the list (one window, brought forward when already open)."""

    def __init__(self, ctx: UiContext):
        super().__init__("Blocked billable work…")
        self.setToolTip("Which projects refused billable time, for what reason, and how often")
        self.ctx = ctx
        self.dialog: BlockedWorkDialog | None = None
        self.clicked.connect(self.open_list)

    def open_list(self) -> None:
        if self.dialog is None:
            self.dialog = BlockedWorkDialog(self.ctx, self.window())
        self.dialog.show()
        self.dialog.raise_()
        self.dialog.activateWindow()
