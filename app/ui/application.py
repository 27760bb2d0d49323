"""Starting the Qt application around an opened ledger."""

from __future__ import annotations

import sys

from PySide6.QtWidgets import QApplication, QMessageBox

from app.services.ports import Workspace
from app.ui.change_watch import ChangeWatch
from app.ui.context import UiContext
from app.ui.events import AppEvents
from app.ui.main_window import MainWindow
from app.ui.task_runner import TaskRunner


def application() -> QApplication:
    app = QApplication.instance() or QApplication(sys.argv)
    app.setApplicationName("Timeledger")
    app.setOrganizationName("Timeledger")
    return app  # type: ignore[return-value]


def show_start_failure(message: str) -> None:
    """A desktop user may never see stderr: say why the app cannot open, in a dialog."""
    application()
    QMessageBox.critical(None, "Timeledger cannot open its database", message)


def start(workspace: Workspace) -> int:
    app = application()
    ctx = UiContext(workspace=workspace, events=AppEvents(), runner=TaskRunner())
    window = MainWindow(ctx)
    watch = ChangeWatch(ctx)
    window.show()
    code = app.exec()
    watch.timer.stop()
    ctx.runner.wait()
    return code
