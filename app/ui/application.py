"""Starting the Qt application around an opened ledger."""

from __future__ import annotations

import sys

from PySide6.QtWidgets import QApplication, QMessageBox

from app.services.ports import Workspace
from app.ui.main_window import MainWindow


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
    window = MainWindow(workspace)
    window.show()
    return app.exec()
