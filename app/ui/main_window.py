"""The main window: a sidebar of sections (the consultant's and the manager's desk)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtGui import QCloseEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import QHBoxLayout, QListWidget, QMainWindow, QStackedWidget, QWidget

from app.services.today import today_view
from app.ui.context import UiContext
from app.ui.entry_dialog import open_entry_dialog
from app.ui.setup_form import SetupForm
from app.ui.views.attendance import AttendanceView
from app.ui.views.catalogue import CatalogueView
from app.ui.views.settings import SettingsView
from app.ui.views.task_log import TaskLogView
from app.ui.views.timesheet import TimesheetView
from app.ui.views.today import TodayView

SECTIONS: tuple[tuple[str, Callable[[UiContext], QWidget]], ...] = (
    ("Today", TodayView),
    ("Timesheet", TimesheetView),
    ("Task log", TaskLogView),
    ("Attendance", AttendanceView),
    ("Clients & projects", CatalogueView),
    ("Settings", SettingsView),
)
STATUS_MS = 8000


class MainWindow(QMainWindow):
    def __init__(self, ctx: UiContext):
        super().__init__()
        self.ctx = ctx
        self.hide_on_close = False  # set when a tray icon keeps the app running
        self.sections: dict[str, QWidget] = {}
        self.setWindowTitle("Timeledger")
        self.resize(1100, 680)
        self.setup_form = SetupForm(ctx.workspace, on_done=self.build_desk)
        self.sidebar = QListWidget()
        self.pages = QStackedWidget()
        ctx.runner.error.connect(lambda message: self.statusBar().showMessage(message, STATUS_MS))
        ctx.events.notify.connect(lambda title, text: self.statusBar().showMessage(f"{title}: {text}", STATUS_MS))
        self._shortcuts()
        if today_view(ctx.workspace).problem_code == "not_initialised":
            self.setCentralWidget(self.setup_form)
        else:
            self.build_desk()

    def build_desk(self) -> None:
        """The sidebar and its sections (after set-up, if the database was new)."""
        self.sidebar.setObjectName("sidebar")
        self.sidebar.setFixedWidth(180)
        for title, make in SECTIONS:
            view = make(self.ctx)
            self.sections[title] = view
            self.sidebar.addItem(title)
            self.pages.addWidget(view)
        self.sidebar.currentRowChanged.connect(self.pages.setCurrentIndex)
        self.ctx.events.new_entry_requested.connect(lambda: open_entry_dialog(self.ctx, self))
        self.sidebar.setCurrentRow(0)
        body = QWidget()
        layout = QHBoxLayout(body)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.sidebar)
        layout.addWidget(self.pages, 1)
        self.setCentralWidget(body)
        self.setStyleSheet(
            "#sidebar { font-size: 11pt; border: none; background: palette(alternate-base); }"
            "#sidebar::item { padding: 8px 12px; }"
        )

    def show_section(self, title: str) -> QWidget:
        self.sidebar.setCurrentRow([t for t, _ in SECTIONS].index(title))
        return self.sections[title]

    def _shortcuts(self) -> None:
        for number, (title, _) in enumerate(SECTIONS, start=1):
            QShortcut(
                QKeySequence(f"Ctrl+{number}"), self, activated=lambda t=title: self.sections and self.show_section(t)
            )
        events = self.ctx.events
        QShortcut(QKeySequence("Ctrl+Space"), self, activated=events.toggle_timer_requested.emit)
        QShortcut(QKeySequence("Ctrl+K"), self, activated=events.quick_switch_requested.emit)
        QShortcut(QKeySequence("Ctrl+N"), self, activated=events.new_entry_requested.emit)

    def bring_forward(self) -> None:
        self.show()
        self.setWindowState(self.windowState() & ~Qt.WindowState.WindowMinimized | Qt.WindowState.WindowActive)
        self.raise_()
        self.activateWindow()

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.hide_on_close:
            event.ignore()
            self.hide()
        else:
            event.accept()
