"""Starting the Qt application: the window paints first, then the ledger opens and the desk fills in."""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QTimer
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication, QMessageBox

from app.resources import resource
from app.ui.main_window import MainWindow
from app.ui.tray.single_instance import FirstInstance, ask_first_instance, instance_name

if TYPE_CHECKING:  # the services load after the first paint
    from app.services.ports import Workspace

FIRST_PAINT_WAIT_MS = 1000


def application() -> QApplication:
    app = QApplication.instance() or QApplication(sys.argv)
    app.setApplicationName("Timeledger")
    app.setOrganizationName("Timeledger")
    app.setDesktopFileName("timeledger")  # Wayland desktops match windows to timeledger.desktop by this name
    app.setWindowIcon(app_icon())
    return app  # type: ignore[return-value]


def app_icon() -> QIcon:
    """The app's icon at every size drawn for it (resources/icons, as the installers ship them)."""
    icon = QIcon()
    for path in sorted(resource("icons").glob("timeledger-*.png")):
        icon.addFile(str(path))
    return icon


def show_start_failure(message: str, parent: MainWindow | None = None) -> None:
    """A desktop user may never see stderr: say why the app cannot open, in a dialog."""
    print(f"error: {message}", file=sys.stderr)
    application()
    QMessageBox.critical(parent, "Timeledger cannot open its database", message)


class Desk:
    """Everything that runs once the ledger is open: context, watches, tray, idle and reminders."""

    def __init__(self, app: QApplication, window: MainWindow, workspace: Workspace, instance: str | None):
        # Imported here, after the first paint: these pull in the services and the views.
        from app.ui.change_watch import ChangeWatch
        from app.ui.context import UiContext
        from app.ui.events import AppEvents
        from app.ui.idle.detect import idle_source
        from app.ui.idle_watch import IdleWatch
        from app.ui.receivables_watch import ReceivablesWatch
        from app.ui.reminders import ReminderWatch
        from app.ui.sync_watch import SyncWatch
        from app.ui.task_runner import TaskRunner
        from app.ui.timesheet_news import TimesheetNewsWatch
        from app.ui.tray.install import install_timer

        self.ctx = ctx = UiContext(workspace=workspace, events=AppEvents(), runner=TaskRunner())
        window.attach(ctx)
        self.watch = ChangeWatch(ctx)
        timer = install_timer(ctx)  # after the window: a compact timer window must open on top of it
        window.hide_on_close = timer.has_tray  # closing the window leaves the timer running in the tray
        app.setQuitOnLastWindowClosed(not timer.has_tray)
        ctx.events.show_window_requested.connect(window.bring_forward)
        IdleWatch(ctx, idle_source(), parent=app)  # asks about time away while a timer runs
        ReminderWatch(ctx, parent=app)
        ReceivablesWatch(ctx, parent=app)  # invoices past due become overdue: at start-up and daily
        TimesheetNewsWatch(ctx, parent=app)  # a week of yours approved or rejected: a tray message
        # Rounds at start, every minute, after changes made here and on Sync now; none while sync is not set up.
        self.sync = SyncWatch(ctx, window=window, parent=app)
        if instance is not None:
            first = FirstInstance(instance, answer=timer.state.summary, parent=app)
            first.show_requested.connect(ctx.events.show_window_requested.emit)

    def close(self) -> None:
        self.watch.timer.stop()
        self.sync.stop()
        self.ctx.runner.wait()


def start(open_workspace: Callable[[], Workspace], instance_key: str | None = None) -> int:
    """Run the app on the workspace `open_workspace` gives; with `instance_key` (the database path),
    a second launch on the same database hands over to the first and returns 0."""
    from app.domain.errors import TimeledgerError

    app = application()
    instance = None
    if instance_key is not None:
        instance = instance_name(instance_key)
        answer = ask_first_instance(instance)
        if answer is not None:
            now = f" Now: {answer}" if answer else ""
            print(f"Timeledger is already running on this database; brought it forward.{now}")
            return 0
    window = MainWindow()
    window.show()
    desk: list[Desk] = []
    failed: list[int] = []

    def open_desk() -> None:
        if desk or failed:
            return
        try:
            desk.append(Desk(app, window, open_workspace(), instance))
        except TimeledgerError as error:
            show_start_failure(str(error), window)
            failed.append(3)
            app.quit()

    window.painted.connect(open_desk)  # the shell is on screen before the ledger and views load
    QTimer.singleShot(FIRST_PAINT_WAIT_MS, open_desk)  # in case the window is never painted (e.g. minimised)
    code = app.exec()
    for opened in desk:
        opened.close()
    return failed[0] if failed else code
