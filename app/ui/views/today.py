"""Today: the timer, today's entries (edited in their cells), and how long one has been at work today."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from app.domain.calendar import local_date, local_label
from app.domain.duration import Duration
from app.domain.entry_list import EntryQuery
from app.services.day_overview import DayOverview, day_overview
from app.ui.context import UiContext
from app.ui.entry_table import EntryTable
from app.ui.labels import contract_balance
from app.ui.task_log_model import CLIENT, DATE, PERSON
from app.ui.view_jobs import ViewJobs

EMPTY = "Nothing logged today yet. Start the timer (Ctrl+Space) or add an entry (Ctrl+N)."
TICK_MS = 1000


def stopwatch(duration: Duration) -> str:
    """ "1:05:09": a running timer shows its seconds move."""
    minutes, seconds = divmod(max(duration.seconds, 0), 60)
    hours, minutes = divmod(minutes, 60)
    return f"{hours}:{minutes:02d}:{seconds:02d}"


class TodayView(QWidget):
    loaded = Signal()  # the overview of today is on screen

    def __init__(self, ctx: UiContext):
        super().__init__()
        self.ctx = ctx
        self.jobs = ViewJobs(self, ctx)
        self.overview: DayOverview | None = None
        self.heading = self._label("heading")
        self.day_line = self._label("dayLine")
        self.timer_line = self._label("timerLine")
        self.timer_button = QPushButton("Start…")
        self.timer_button.setToolTip("Start or stop the timer (Ctrl+Space)")
        self.new_entry = QPushButton("New entry…")
        self.new_entry.setToolTip("Log time by hand (Ctrl+N)")
        self.attendance_line = self._label("attendanceLine")
        self.logged_line = self._label("loggedLine")
        self.entries = EntryTable(ctx, EMPTY, hidden=(DATE, CLIENT, PERSON))
        self.table, self.empty = self.entries.table, self.entries.empty
        self._lay_out()
        self.setStyleSheet("#heading { font-size: 16pt; font-weight: 600; } #timerLine { font-size: 13pt; }")
        self.timer_button.clicked.connect(ctx.events.toggle_timer_requested.emit)
        self.new_entry.clicked.connect(ctx.events.new_entry_requested.emit)
        for signal in (ctx.events.entries_changed, ctx.events.timer_changed, ctx.events.attendance_changed):
            signal.connect(self.reload)
        self.ticker = QTimer(self, interval=TICK_MS, timeout=self.tick)
        self.reload()

    def _label(self, name: str) -> QLabel:
        label = QLabel()
        label.setObjectName(name)
        label.setTextFormat(Qt.TextFormat.PlainText)  # names and notes are the users' own text
        return label

    def _lay_out(self) -> None:
        timer_row = QHBoxLayout()
        timer_row.addWidget(self.timer_line, 1)
        timer_row.addWidget(self.timer_button)
        timer_row.addWidget(self.new_entry)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.day_line)
        layout.addSpacing(6)
        layout.addLayout(timer_row)
        layout.addWidget(self.attendance_line)
        layout.addWidget(self.logged_line)
        layout.addWidget(self.entries, 1)

    def reload(self) -> None:
        """Read today again: the overview here, the entries in the table."""
        self.jobs.load(day_overview, self._show, self._cannot_show)

    def _show(self, overview: DayOverview) -> None:
        first_load = self.overview is None or self.overview.day != overview.day
        self.overview = overview
        self.heading.setText(f"{overview.organisation} — {overview.user}")
        self.day_line.setText(f"{overview.day:%A %d %B %Y}")
        self.timer_button.setEnabled(True)
        self.new_entry.setEnabled(True)
        self.logged_line.setText(f"Logged today: {overview.logged}")
        self.attendance_line.setText(self._attendance(overview))
        self.tick()
        self.ticker.start()
        query = EntryQuery(first=overview.day, last=overview.day, descending=False)
        if first_load:
            self.entries.show_list(query)
        else:
            self.entries.refresh()
        self.loaded.emit()

    def _cannot_show(self, error: Exception) -> None:
        self.overview = None
        self.ticker.stop()
        self.heading.setText("Timeledger")
        for label in (self.day_line, self.timer_line, self.attendance_line, self.logged_line):
            label.clear()
        self.timer_button.setEnabled(False)
        self.new_entry.setEnabled(False)
        self.table.hide()
        self.empty.setText(str(error))
        self.empty.show()
        self.loaded.emit()

    def tick(self) -> None:
        """Once a second, from what was read (no database query): the running timer's time."""
        overview = self.overview
        if overview is None:
            return
        now = self.ctx.workspace.clock.now()
        if local_date(now, overview.tz) != overview.day:
            self.ticker.stop()
            self.reload()  # past midnight: a new day
            return
        running = overview.running
        if running is None:
            self.timer_line.setText("No timer running.")
            self.timer_button.setText("Start…")
            return
        since = local_label(running.timer.started_at, overview.tz, overview.day)
        self.timer_line.setText(f"Running: {running.work.label} — {stopwatch(running.elapsed(now))} (since {since})")
        self.timer_button.setText("Stop")

    @staticmethod
    def _attendance(overview: DayOverview) -> str:
        week, today = overview.attendance, overview.attendance_today
        totals = week.totals
        if week.open_break is not None:
            state = f"On a break since {local_label(week.open_break.started_at, overview.tz, overview.day)}"
        elif week.open_session is not None:
            state = f"Clocked in since {local_label(week.open_session.clock_in, overview.tz, overview.day)}"
        elif today.present:
            state = "Clocked out"
        else:
            return "Not clocked in today."
        return (
            f"{state} · today {today.net} at work ({today.breaks} breaks) · "
            f"this week {totals.net} of {week.contract}, {contract_balance(totals.overtime)}"
        )
