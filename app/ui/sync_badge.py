"""The sync status in the main window's status bar: synced, changes waiting, offline, or needs attention."""

from __future__ import annotations

import html
from collections.abc import Callable
from datetime import datetime

from PySide6.QtWidgets import QToolButton

from app.services.sync_status import SyncState, SyncStatus
from app.ui.context import UiContext

ATTENTION_STYLE = "QToolButton { color: #b00020; font-weight: 600; }"


def last_sync_text(status: SyncStatus, now: datetime) -> str:
    """ "today at 09:12", "Thu 19 Nov at 17:40" or "never", in this desktop's time zone."""
    if status.last_sync is None:
        return "never"
    when, today = status.last_sync.astimezone(), now.astimezone()
    if when.date() == today.date():
        return f"today at {when:%H:%M}"
    return f"{when:%a %d %b} at {when:%H:%M}"


def status_details(status: SyncStatus, now: datetime) -> str:
    """The tooltip: where, when, and the last failure, one per line."""
    lines = [status.summary]
    if status.server:
        lines.append(f"Server: {status.server}")
    lines.append(f"Last synced: {last_sync_text(status, now)}")
    if status.message:
        lines.append(status.message)
    return "\n".join(lines)


class SyncBadge(QToolButton):
    """Hidden until sync is set up. A click opens the Sync problems when some wait, else `open_settings`."""

    def __init__(self, ctx: UiContext, open_settings: Callable[[], object]):
        super().__init__()
        self.ctx = ctx
        self.open_settings = open_settings
        self.status: SyncStatus | None = None
        self.setAutoRaise(True)  # reads as status-bar text, still a button for the keyboard and screen readers
        self.setObjectName("syncBadge")
        self.hide()
        ctx.events.sync_status.connect(self.show_status)
        self.clicked.connect(self._open)

    def show_status(self, status: SyncStatus) -> None:
        self.status = status
        self.setVisible(status.state is not SyncState.OFF)
        self.setText(status.summary)
        attention = status.state is SyncState.ATTENTION
        self.setStyleSheet(ATTENTION_STYLE if attention else "")
        hint = "Click to decide on each problem." if attention else "Click for Team sync in Settings."
        details = status_details(status, self.ctx.workspace.clock.now()) + "\n" + hint
        # Tooltips read tags as rich text: the server's address and its messages print literally.
        self.setToolTip("<p style='white-space:pre'>" + html.escape(details) + "</p>")

    def _open(self) -> None:
        if self.status is not None and self.status.state is SyncState.ATTENTION:
            self.ctx.events.sync_problems_requested.emit()
        else:
            self.open_settings()
