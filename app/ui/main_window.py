"""The main window: for now a desk showing who is signed in, the running timer and today's entries."""

from __future__ import annotations

from PySide6.QtCore import QTimer
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QHeaderView, QLabel, QMainWindow, QStackedWidget, QTableView, QVBoxLayout, QWidget

from app.services.ports import Workspace
from app.services.today import TodayView, today_view
from app.ui.entries_model import EntriesModel
from app.ui.setup_form import SetupForm

REFRESH_MS = 2000


class MainWindow(QMainWindow):
    def __init__(self, workspace: Workspace):
        super().__init__()
        self.workspace = workspace
        self.setWindowTitle("Timeledger")
        self.resize(860, 480)
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
        layout = QVBoxLayout()
        for widget in (self.heading, self.timer_line, self.summary, self.table, self.empty):
            layout.addWidget(widget)
        self.desk = QWidget()
        self.desk.setLayout(layout)
        self.setup_form = SetupForm(workspace, on_done=self.refresh)
        self.pages = QStackedWidget()
        self.pages.addWidget(self.desk)
        self.pages.addWidget(self.setup_form)
        self.setCentralWidget(self.pages)
        self.setStyleSheet("#heading { font-size: 16pt; font-weight: 600; }")
        QShortcut(QKeySequence.StandardKey.Refresh, self, activated=self.refresh)
        # The CLI may change the database while the window is open: re-read it now and then.
        self.poll = QTimer(self, interval=REFRESH_MS, timeout=self.refresh)
        self.poll.start()
        self.refresh()

    def refresh(self) -> None:
        self.render(today_view(self.workspace))

    def render(self, view: TodayView) -> None:
        if view.problem_code == "not_initialised":
            self.pages.setCurrentWidget(self.setup_form)
            return
        self.pages.setCurrentWidget(self.desk)
        if view.problem:
            self.heading.setText("Welcome to Timeledger")
            self.timer_line.setText("")
            self.summary.setText("")
            self.table.hide()
            self.empty.setText(view.problem)
            self.empty.show()
            return
        self.heading.setText(f"{view.organisation} — {view.user}")
        now = self.workspace.clock.now()
        if view.running is None:
            self.timer_line.setText("No timer running. Start one with: timeledger start CODE[/TASK]")
        else:
            self.timer_line.setText(f"Running: {view.running.work.label} — {view.running.elapsed(now)}")
        self.summary.setText(f"Today, {view.day:%A %d %B %Y}: {view.logged} logged in {len(view.entries)} entries")
        self.model.show(view.entries, view.tz)
        self.table.setVisible(bool(view.entries))
        self.empty.setVisible(not view.entries)
        self.empty.setText("Nothing logged today yet.")
