"""What the tray knows about the timer: one snapshot per change, and a one-second tick for the live figures."""

from __future__ import annotations

from datetime import datetime
from enum import Enum

from PySide6.QtCore import QObject, QTimer, Signal

from app.domain.calendar import local_label
from app.domain.duration import Duration
from app.services.work_status import WorkStatus, work_status
from app.ui.context import UiContext

TICK_MS = 1000


class TimerMode(Enum):
    STOPPED = "stopped"
    RUNNING = "running"
    CLOCKED_IN = "clocked in, not tracking"
    IDLE = "paused while idle"


def clock_text(duration: Duration) -> str:
    """Elapsed time to the second, as a stopwatch shows it: "1:23:45"."""
    minutes, seconds = divmod(max(duration.seconds, 0), 60)
    hours, minutes = divmod(minutes, 60)
    return f"{hours}:{minutes:02d}:{seconds:02d}"


class TimerState(QObject):
    """Re-reads the status in the background when the timer, attendance, entries or catalogue change;
    between changes, the elapsed time comes from the running timer's start and the clock alone."""

    changed = Signal()  # a new snapshot (or the idle flag) arrived
    ticked = Signal()  # a second passed while a timer runs

    def __init__(self, ctx: UiContext, tick_ms: int = TICK_MS):
        super().__init__()
        self.ctx = ctx
        self.status = WorkStatus()
        self.loaded = False
        self.idle = False
        self._reading = False
        self._stale = False
        # Several signals often fire together (everything_changed emits five): read once for all of them.
        self._soon = QTimer(self, singleShot=True, interval=0, timeout=self.refresh)
        events = ctx.events
        changes = (events.timer_changed, events.attendance_changed, events.entries_changed, events.catalogue_changed)
        for signal in changes:
            signal.connect(self._soon.start)
        events.idle_changed.connect(self.set_idle)
        self.tick = QTimer(self, interval=tick_ms, timeout=self.ticked.emit)

    def refresh(self) -> None:
        if self._reading:
            self._stale = True  # read again once the read under way is back
            return
        self._reading = True
        workspace = self.ctx.workspace
        self.ctx.runner.run(lambda: work_status(workspace), self._arrived, self._failed)

    def _arrived(self, status: WorkStatus) -> None:
        self._reading = False
        self.status, self.loaded = status, True
        if status.running is None:
            self.tick.stop()
        elif not self.tick.isActive():
            self.tick.start()
        self.changed.emit()
        if self._stale:
            self._stale = False
            self.refresh()

    def _failed(self, error: Exception) -> None:
        self._reading = False
        self.status, self.loaded = WorkStatus(problem=str(error)), True
        self.changed.emit()

    def set_idle(self, idle: bool) -> None:
        self.idle = idle
        self.changed.emit()

    def now(self) -> datetime:
        return self.ctx.workspace.clock.now()

    @property
    def mode(self) -> TimerMode:
        status = self.status
        if status.running is not None:
            return TimerMode.IDLE if self.idle else TimerMode.RUNNING
        if status.clocked_in and not status.on_break:
            return TimerMode.CLOCKED_IN
        return TimerMode.STOPPED

    def elapsed_text(self) -> str:
        return clock_text(self.status.elapsed(self.now()))

    def today_text(self) -> str:
        return clock_text(self.status.today_total(self.now()))

    def summary(self) -> str:
        """One line: what runs and for how long ("WEB/Design — 1:23:45"), or why nothing does."""
        status = self.status
        if not self.loaded:
            return "Timeledger — loading…"
        if status.problem:
            return f"Timeledger — {status.problem}"
        if status.running is not None:
            line = f"{status.running.work.label} — {self.elapsed_text()}"
            return f"{line} (idle: waiting for your answer)" if self.idle else line
        if status.on_break:
            return "No timer running — on a break"
        if status.clocked_in_since is not None:
            return f"No timer running — clocked in since {local_label(status.clocked_in_since, status.tz, status.day)}"
        return "No timer running"

    def tooltip(self) -> str:
        if not self.loaded or self.status.problem:
            return self.summary()
        return f"{self.summary()}\nToday: {self.today_text()}"
