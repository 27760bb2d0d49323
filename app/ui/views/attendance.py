"""Attendance: clocking in and out, breaks, and the week's sessions with present, break, net and overtime."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QAbstractScrollArea,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSizePolicy,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.domain.calendar import local_label
from app.services import attendance
from app.services.attendance import AttendanceWeek
from app.ui.attendance_model import AttendanceModel
from app.ui.context import UiContext
from app.ui.labels import contract_balance
from app.ui.view_jobs import ViewJobs
from app.ui.week_bar import MessageLine, WeekBar

COUNT_UP_MS = 60_000  # an open session's totals grow; a minute is what the view shows


def state_line(week: AttendanceWeek) -> str:
    session, on_break = week.open_session, week.open_break
    if session is None:
        return "Not clocked in. Press Clock in when you start work."
    since = local_label(session.clock_in, week.tz, week.today)
    if on_break is not None:
        return f"On a break since {local_label(on_break.started_at, week.tz, week.today)} (clocked in since {since})."
    return f"Clocked in since {since}."


def summary_line(week: AttendanceWeek) -> str:
    totals = week.totals
    return (
        f"Present {totals.present} · breaks {totals.breaks} · net {totals.net} "
        f"of {week.contract} contracted · {contract_balance(totals.overtime)}"
    )


class AttendanceView(QWidget):
    loaded = Signal()  # a freshly read week is on screen

    def __init__(self, ctx: UiContext):
        super().__init__()
        self.ctx = ctx
        self.jobs = ViewJobs(self, ctx)
        self.bar = WeekBar(self)
        self.state = QLabel()
        self.state.setTextFormat(Qt.TextFormat.PlainText)
        self.clock_in = QPushButton("Clock in")
        self.clock_out = QPushButton("Clock out")
        self.start_break = QPushButton("Start break")
        self.end_break = QPushButton("End break")
        self.model = AttendanceModel()
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.verticalHeader().hide()
        # Eight rows at most: the table keeps to its rows, and the totals sit right under it.
        self.table.setSizeAdjustPolicy(QAbstractScrollArea.SizeAdjustPolicy.AdjustToContents)
        self.table.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Maximum)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        for column in (1, 2):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Stretch)
        header.setMinimumSectionSize(80)
        self.summary = QLabel()
        self.summary.setObjectName("weekSummary")
        self.summary.setStyleSheet("#weekSummary { font-weight: 600; }")
        self.message = MessageLine()
        actions = QHBoxLayout()
        actions.addWidget(self.state, 1)
        steps = (
            (self.clock_in, attendance.clock_in),
            (self.clock_out, attendance.clock_out),
            (self.start_break, attendance.start_break),
            (self.end_break, attendance.end_break),
        )
        for button, step in steps:
            actions.addWidget(button)
            button.setEnabled(False)
            button.clicked.connect(lambda _=False, step=step: self.act(step))
        layout = QVBoxLayout(self)
        layout.addWidget(self.bar)
        layout.addLayout(actions)
        layout.addWidget(self.table)
        layout.addWidget(self.summary)
        layout.addWidget(self.message)
        layout.addStretch(1)
        self.count_up = QTimer(self, interval=COUNT_UP_MS, timeout=self.reload)
        self.bar.changed.connect(self.other_week)
        for signal in (ctx.events.attendance_changed, ctx.events.settings_changed):
            signal.connect(self.reload)
        self.reload()

    def reload(self) -> None:
        week = self.bar.week
        self.jobs.load(lambda uow, actor: attendance.attendance_week(uow, actor, week), self._show, self._cannot_show)

    def _show(self, week: AttendanceWeek) -> None:
        days = tuple(day.totals.day for day in week.days)
        self.bar.show_week(week.week, days, is_current=week.today in days)
        self.model.show(week)
        self.table.show()
        self.summary.setText(summary_line(week))
        self.state.setText(state_line(week))
        clocked_in, on_break = week.open_session is not None, week.open_break is not None
        self.clock_in.setEnabled(not clocked_in)
        self.clock_out.setEnabled(clocked_in)
        self.start_break.setEnabled(clocked_in and not on_break)
        self.end_break.setEnabled(on_break)
        if clocked_in:
            self.count_up.start()
        else:
            self.count_up.stop()
        self.loaded.emit()

    def _cannot_show(self, error: Exception) -> None:
        self.table.hide()
        self.summary.setText("")
        self.state.setText(str(error))
        for button in (self.clock_in, self.clock_out, self.start_break, self.end_break):
            button.setEnabled(False)
        self.loaded.emit()

    def other_week(self) -> None:
        self.message.clear_message()
        self.reload()

    def act(self, step) -> None:  # type: ignore[no-untyped-def]
        """Clock in or out, or start or end a break, now."""

        def done(_record: object) -> None:
            self.message.clear_message()
            self.ctx.events.attendance_changed.emit()

        self.jobs.change(step, done, lambda error: self.message.error(str(error)))
