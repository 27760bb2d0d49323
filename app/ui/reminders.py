"""Reminders as notifications: checked once a minute in the background, each episode shown once."""

from __future__ import annotations

from PySide6.QtCore import QObject, QTimer

from app.domain.reminders import Reminder, ReminderMemory
from app.services.reminders import reminders_due
from app.ui.context import UiContext

CHECK_MS = 60_000


class ReminderWatch(QObject):
    """Sends due reminders through `events.notify`; the tray (or status bar) shows them."""

    def __init__(self, ctx: UiContext, interval_ms: int = CHECK_MS, parent: QObject | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.memory = ReminderMemory()
        self.checking = False
        self.timer = QTimer(self, interval=interval_ms, timeout=self.check)
        self.timer.start()

    def check(self) -> None:
        if self.checking:  # a slow disk must not pile up checks
            return
        self.checking = True
        workspace = self.ctx.workspace
        self.ctx.runner.run(lambda: reminders_due(workspace), done=self._show, failed=self._failed)

    def _show(self, due: list[Reminder]) -> None:
        self.checking = False
        for reminder in self.memory.fresh(due):
            self.ctx.events.notify.emit(reminder.title, reminder.text)

    def _failed(self, error: Exception) -> None:
        self.checking = False
        self.ctx.runner.error.emit(str(error))
