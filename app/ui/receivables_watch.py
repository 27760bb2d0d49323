"""Keeping invoice and quote statuses current while the app runs: at start-up, then once a day.

Invoices past their due date become overdue and sent quotes past their validity expire. The watch looks
every hour but changes anything only on the first look of each of the organisation's days, so a laptop
woken from a night's sleep catches up within the hour.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QObject, QTimer

from app.domain.errors import TimeledgerError
from app.services.identity import current_actor
from app.services.ports import Workspace
from app.services.receivables import refresh_statuses
from app.ui.background_check import BackgroundCheck
from app.ui.context import UiContext

LOOK_MS = 60 * 60 * 1000


def refresh_once_a_day(workspace: Workspace, done_on: date | None) -> tuple[date | None, int]:
    """(The organisation's today, documents whose status moved), or (`done_on`, 0) if today is done already."""
    with workspace.read() as uow:
        try:
            today = current_actor(uow).today(uow.clock)
        except TimeledgerError:  # nobody signed in yet, or no organisation: nothing to keep current
            return done_on, 0
    if today == done_on:
        return done_on, 0
    with workspace.work() as uow:
        overdue, expired = refresh_statuses(uow, current_actor(uow))
        uow.commit()
    return today, overdue + expired


class ReceivablesWatch(BackgroundCheck):
    """Runs the refresh on the task runner; views hear of any move through `invoices_changed`."""

    def __init__(self, ctx: UiContext, interval_ms: int = LOOK_MS, parent: QObject | None = None):
        workspace = ctx.workspace
        super().__init__(ctx, lambda: refresh_once_a_day(workspace, self.done_on), self._refreshed, parent)
        self.done_on: date | None = None
        self.timer = QTimer(self, interval=interval_ms, timeout=self.run)
        self.timer.start()
        ctx.events.settings_changed.connect(self._signed_in_changed)
        self.run()

    def _signed_in_changed(self) -> None:
        """Another person signed in, or the organisation's time zone changed: look again now."""
        self.done_on = None
        self.soon.start()

    def _refreshed(self, answer: tuple[date | None, int]) -> None:
        self.done_on, moved = answer
        if moved:
            self.ctx.events.invoices_changed.emit()
