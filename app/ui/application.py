"""Starting the Qt application around an opened ledger."""

from __future__ import annotations

import sys

from PySide6.QtWidgets import QApplication, QMessageBox

from app.services.ports import Workspace
from app.ui.change_watch import ChangeWatch
from app.ui.context import UiContext
from app.ui.events import AppEvents
from app.ui.idle.detect import idle_source
from app.ui.idle_watch import IdleWatch
from app.ui.main_window import MainWindow
from app.ui.reminders import ReminderWatch
from app.ui.task_runner import TaskRunner
from app.ui.tray.install import install_timer
from app.ui.tray.single_instance import FirstInstance, ask_first_instance, instance_name


def application() -> QApplication:
    app = QApplication.instance() or QApplication(sys.argv)
    app.setApplicationName("Timeledger")
    app.setOrganizationName("Timeledger")
    return app  # type: ignore[return-value]


def show_start_failure(message: str) -> None:
    """A desktop user may never see stderr: say why the app cannot open, in a dialog."""
    application()
    QMessageBox.critical(None, "Timeledger cannot open its database", message)


def start(workspace: Workspace, instance_key: str | None = None) -> int:
    """Run the app; with `instance_key` (the database path), a second launch on it hands over and returns 0."""
    app = application()
    if instance_key is not None:
        name = instance_name(instance_key)
        answer = ask_first_instance(name)
        if answer is not None:
            now = f" Now: {answer}" if answer else ""
            print(f"Timeledger is already running on this database; brought it forward.{now}")
            return 0
    ctx = UiContext(workspace=workspace, events=AppEvents(), runner=TaskRunner())
    window = MainWindow(ctx)
    watch = ChangeWatch(ctx)
    window.show()
    desk = install_timer(ctx)  # after the window: a compact timer window must open on top of it
    window.hide_on_close = desk.has_tray  # closing the window leaves the timer running in the tray
    app.setQuitOnLastWindowClosed(not desk.has_tray)
    ctx.events.show_window_requested.connect(window.bring_forward)
    IdleWatch(ctx, idle_source(), parent=app)  # asks about time away while a timer runs
    ReminderWatch(ctx, parent=app)
    if instance_key is not None:
        first = FirstInstance(name, answer=desk.state.summary, parent=app)
        first.show_requested.connect(ctx.events.show_window_requested.emit)
    code = app.exec()
    watch.timer.stop()
    ctx.runner.wait()
    return code
