"""Telling the person at this desktop, through the tray, when a week of theirs is approved or rejected."""

from __future__ import annotations

from PySide6.QtCore import QObject

from app.services.approvals import WeekStatus
from app.services.timesheet_news import news_text, take_news
from app.ui.background_check import BackgroundCheck
from app.ui.context import UiContext


class TimesheetNewsWatch(BackgroundCheck):
    """Looks for decisions at start and whenever timesheets change (here, or by another program)."""

    def __init__(self, ctx: UiContext, parent: QObject):
        workspace = ctx.workspace
        super().__init__(ctx, lambda: take_news(workspace), self._tell, parent)
        # settings_changed: someone else signed in here, whose news is their own
        self.on(ctx.events.timesheets_changed, ctx.events.settings_changed)
        self.run()

    def _tell(self, news: list[WeekStatus]) -> None:
        for status in news:
            self.ctx.events.notify.emit(*news_text(status))
