"""The main window: a sidebar of sections (the consultant's and the manager's desk).

The window paints as a shell first (sidebar, "Opening…") and gets its context once the ledger is open;
each section is imported and built the first time it is shown, so start-up pays only for Today.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, Qt, QTimer, Signal
from PySide6.QtGui import QCloseEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import QHBoxLayout, QLabel, QListWidget, QMainWindow, QStackedWidget, QWidget

if TYPE_CHECKING:  # the context (services, events) loads after the first paint
    from app.ui.context import UiContext
    from app.ui.sync_problems import SyncProblemsDialog

# Section title -> "module:Class" of its view, built from a UiContext on first show.
SECTIONS: tuple[tuple[str, str], ...] = (
    ("Today", "app.ui.views.today:TodayView"),
    ("Timesheet", "app.ui.views.timesheet:TimesheetView"),
    ("Task log", "app.ui.views.task_log:TaskLogView"),
    ("Attendance", "app.ui.views.attendance:AttendanceView"),
    ("Clients & projects", "app.ui.views.catalogue:CatalogueView"),
    ("Settings", "app.ui.views.settings:SettingsView"),
    ("Approvals", "app.ui.views.approvals:ApprovalsView"),  # managers and admins only (Ctrl+7)
    ("Invoices", "app.ui.views.invoices:InvoicesView"),  # managers and admins only (Ctrl+8)
)
TITLES = tuple(title for title, _ in SECTIONS)
STATUS_MS = 8000


class MainWindow(QMainWindow):
    painted = Signal()  # once, just after the window was first painted
    ready = Signal()  # the desk (or the first-run form) is in place, after the ledger opened

    def __init__(self, ctx: UiContext | None = None):
        super().__init__()
        self.hide_on_close = False  # set when a tray icon keeps the app running
        self.first_paint_done = False
        self.sections: dict[str, QWidget] = {}
        self.sync_problems: SyncProblemsDialog | None = None
        self.setWindowTitle("Timeledger")
        self.resize(1100, 680)
        self.sidebar = QListWidget()
        self.sidebar.setObjectName("sidebar")
        self.sidebar.setFixedWidth(180)
        self.sidebar.addItems(TITLES)
        self.sidebar.setEnabled(False)
        self.pages = QStackedWidget()
        opening = QLabel("Opening your ledger…")
        opening.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.pages.addWidget(opening)
        self.desk = QWidget()
        layout = QHBoxLayout(self.desk)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.sidebar)
        layout.addWidget(self.pages, 1)
        self.screens = QStackedWidget()  # the desk, or the first-run form
        self.screens.addWidget(self.desk)
        self.setCentralWidget(self.screens)
        self.setStyleSheet(
            "#sidebar { font-size: 11pt; border: none; background: palette(alternate-base); outline: none; }"
            "#sidebar::item { padding: 8px 12px; }"
        )
        if ctx is not None:
            self.attach(ctx)

    def attach(self, ctx: UiContext) -> None:
        """Work on this context: the first-run form for a new database, else the desk."""
        from app.services.today import today_view
        from app.ui.setup_form import SetupForm

        self.ctx = ctx
        ctx.runner.error.connect(lambda message: self.statusBar().showMessage(message, STATUS_MS))
        ctx.events.notify.connect(lambda title, text: self.statusBar().showMessage(f"{title}: {text}", STATUS_MS))
        self._shortcuts()
        if today_view(ctx.workspace).problem_code == "not_initialised":
            from app.ui.views.sync_settings import TeamSyncSection

            join = TeamSyncSection(ctx)  # a consultant's new desktop joins the team's server instead
            self.setup_form = SetupForm(ctx.workspace, on_done=self.build_desk, join=join)
            join.connected.connect(self.build_desk)
            self.screens.addWidget(self.setup_form)
            self.screens.setCurrentWidget(self.setup_form)
        else:
            self.build_desk()
        self.ready.emit()

    def build_desk(self) -> None:
        """The sidebar and its sections (after set-up, if the database was new)."""
        from app.ui.approvals_badge import ApprovalsBadge
        from app.ui.entry_dialog import open_entry_dialog
        from app.ui.managers_only import ManagersOnly
        from app.ui.sync_badge import SyncBadge

        # Hidden from consultants; "Approvals (3)" for a manager with three weeks waiting.
        self.approvals_badge = ApprovalsBadge(self.ctx, self.sidebar.item(TITLES.index("Approvals")), "Approvals", self)
        self.invoices_item = ManagersOnly(self.ctx, self.sidebar.item(TITLES.index("Invoices")), self)
        self.screens.setCurrentWidget(self.desk)
        self.sidebar.setEnabled(True)
        self.sidebar.currentRowChanged.connect(lambda row: self.pages.setCurrentWidget(self.section(TITLES[row])))
        self.ctx.events.new_entry_requested.connect(lambda: open_entry_dialog(self.ctx, self))
        self.sync_badge = SyncBadge(self.ctx, open_settings=lambda: self.show_section("Settings"))
        self.statusBar().addPermanentWidget(self.sync_badge)
        self.ctx.events.sync_problems_requested.connect(self.open_sync_problems)
        self.sidebar.setCurrentRow(0)

    def section(self, title: str) -> QWidget:
        """The section's view, imported and built the first time it is asked for."""
        if title not in self.sections:
            module, name = dict(SECTIONS)[title].split(":")
            view = getattr(importlib.import_module(module), name)(self.ctx)
            self.sections[title] = view
            self.pages.addWidget(view)
        return self.sections[title]

    def open_sync_problems(self) -> SyncProblemsDialog:
        """The Sync problems list, over this window (one of it: asked for again, it comes forward, re-read)."""
        from app.ui.sync_problems import SyncProblemsDialog

        if self.sync_problems is None:
            self.sync_problems = SyncProblemsDialog(self.ctx, self)
        else:
            self.sync_problems.reload()
        self.bring_forward()
        self.sync_problems.show()
        self.sync_problems.raise_()
        self.sync_problems.activateWindow()
        return self.sync_problems

    def show_section(self, title: str) -> QWidget:
        self.sidebar.setCurrentRow(TITLES.index(title))
        return self.section(title)

    def _shortcuts(self) -> None:
        for number, title in enumerate(TITLES, start=1):
            QShortcut(
                QKeySequence(f"Ctrl+{number}"),
                self,
                activated=lambda t=title: (
                    self.sidebar.isEnabled()
                    and not self.sidebar.item(TITLES.index(t)).isHidden()
                    and self.show_section(t)
                ),
            )
        events = self.ctx.events
        QShortcut(QKeySequence("Ctrl+Space"), self, activated=events.toggle_timer_requested.emit)
        QShortcut(QKeySequence("Ctrl+K"), self, activated=events.quick_switch_requested.emit)
        QShortcut(QKeySequence("Ctrl+N"), self, activated=events.new_entry_requested.emit)

    def event(self, event: QEvent) -> bool:
        handled = super().event(event)
        if event.type() == QEvent.Type.Paint and not self.first_paint_done:
            self.first_paint_done = True
            QTimer.singleShot(0, self.painted.emit)  # once this paint is on screen
        return handled

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
