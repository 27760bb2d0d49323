"""Today: who is signed in, what runs now, and today's logged entries."""

from __future__ import annotations

from PySide6.QtWidgets import QHeaderView, QLabel, QTableView, QVBoxLayout, QWidget

from app.services.today import TodayView as Today
from app.services.today import today_view
from app.ui.context import UiContext
from app.ui.entries_model import EntriesModel


class TodayView(QWidget):
    def __init__(self, ctx: UiContext):
        super().__init__()
        self.ctx = ctx
        self.heading = QLabel()
        self.heading.setObjectName("heading")
        self.timer_line = QLabel()
        self.summary = QLabel()
        self.model = EntriesModel()
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.empty = QLabel()
        self.empty.setWordWrap(True)
        layout = QVBoxLayout(self)
        for widget in (self.heading, self.timer_line, self.summary, self.table, self.empty):
            layout.addWidget(widget)
        self.setStyleSheet("#heading { font-size: 16pt; font-weight: 600; }")
        for signal in (ctx.events.entries_changed, ctx.events.timer_changed):
            signal.connect(self.refresh)
        self.refresh()

    def refresh(self) -> None:
        self.render(today_view(self.ctx.workspace))

    def render(self, view: Today) -> None:
        if view.problem:
            self.heading.setText("Timeledger")
            self.timer_line.setText("")
            self.summary.setText("")
            self.table.hide()
            self.empty.setText(view.problem)
            self.empty.show()
            return
        self.heading.setText(f"{view.organisation} — {view.user}")
        now = self.ctx.workspace.clock.now()
        if view.running is None:
            self.timer_line.setText("No timer running.")
        else:
            self.timer_line.setText(f"Running: {view.running.work.label} — {view.running.elapsed(now)}")
        self.summary.setText(f"Today, {view.day:%A %d %B %Y}: {view.logged} logged in {len(view.entries)} entries")
        self.model.show(view.entries, view.tz)
        self.table.setVisible(bool(view.entries))
        self.empty.setVisible(not view.entries)
        self.empty.setText("Nothing logged today yet.")
