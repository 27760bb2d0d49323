"""A sidebar item only managers and admins see (Invoices): hidden until the person signed in here is one."""

from __future__ import annotations

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QListWidgetItem

from app.domain.errors import TimeledgerError
from app.services.identity import MANAGERS, current_actor
from app.services.ports import Workspace
from app.ui.background_check import BackgroundCheck
from app.ui.context import UiContext


def manages(workspace: Workspace) -> bool:
    """Whether the person signed in here is a manager or an admin (False while nobody is)."""
    with workspace.read() as uow:
        try:
            return current_actor(uow).user.role in MANAGERS
        except TimeledgerError:
            return False


class ManagersOnly(BackgroundCheck):
    """Looks again whenever who is signed in (or their role) may have changed."""

    def __init__(self, ctx: UiContext, item: QListWidgetItem, parent: QObject):
        workspace = ctx.workspace
        super().__init__(ctx, lambda: manages(workspace), lambda shown: item.setHidden(not shown), parent)
        item.setHidden(True)
        self.on(ctx.events.settings_changed)
        self.run()
