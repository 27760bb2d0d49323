"""Noticing commits by other programs (the CLI, a second window) without re-reading any data."""

from __future__ import annotations

from PySide6.QtCore import QObject, QTimer

from app.ui.context import UiContext

POLL_MS = 1000


class ChangeWatch(QObject):
    """Asks SQLite once a second whether anyone else committed; if so, every view re-reads."""

    def __init__(self, ctx: UiContext, interval_ms: int = POLL_MS):
        super().__init__()
        self.ctx = ctx
        self.seen = ctx.workspace.data_version()
        self.timer = QTimer(self, interval=interval_ms, timeout=self.check)
        self.timer.start()

    def check(self) -> None:
        version = self.ctx.workspace.data_version()
        if version != self.seen:
            self.seen = version
            self.ctx.events.everything_changed()
