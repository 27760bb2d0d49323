"""The Approvals item of the sidebar: hidden from consultants, "Approvals (3)" while weeks wait for a manager."""

from __future__ import annotations

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QListWidgetItem

from app.domain.errors import TimeledgerError
from app.services.approval_queue_view import waiting_for_me
from app.services.identity import current_actor
from app.services.ports import Workspace
from app.ui.background_check import BackgroundCheck
from app.ui.context import UiContext


def badge_text(title: str, waiting: int) -> str:
    return f"{title} ({waiting})" if waiting else title


def count_waiting(workspace: Workspace) -> int | None:
    """The weeks waiting for the person signed in here; None when they decide on none (or nobody is)."""
    with workspace.read() as uow:
        try:
            return waiting_for_me(uow, current_actor(uow))
        except TimeledgerError:  # nobody signed in yet, or no organisation: nothing to approve
            return None


class ApprovalsBadge(BackgroundCheck):
    """Counts the queue whenever timesheets (or who is signed in here) may have changed."""

    def __init__(self, ctx: UiContext, item: QListWidgetItem, title: str, parent: QObject):
        workspace = ctx.workspace
        super().__init__(ctx, lambda: count_waiting(workspace), self._show, parent)
        self.item = item
        self.title = title
        item.setHidden(True)  # until the count says the person signed in here decides on weeks
        self.on(ctx.events.timesheets_changed, ctx.events.settings_changed)
        self.run()

    def _show(self, waiting: int | None) -> None:
        self.item.setHidden(waiting is None)
        self.item.setText(badge_text(self.title, waiting or 0))
