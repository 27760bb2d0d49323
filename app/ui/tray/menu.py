"""The tray's right-click menu: the running task and Stop, recent work, switching, attendance, the app."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QApplication, QMenu

from app.services.sync_status import SyncState, SyncStatus
from app.ui.context import UiContext
from app.ui.labels import literal
from app.ui.tray.timer_actions import TimerActions
from app.ui.tray.timer_state import TimerState

RECENT_WORK = 5
SYNC_OFF = "Set up team sync in Settings first."


class TrayMenu(QMenu):
    def __init__(self, ctx: UiContext, state: TimerState, actions: TimerActions, switch: Callable[[], None]):
        super().__init__()
        self.state, self.timer_actions = state, actions
        self.setToolTipsVisible(True)
        self.running = self.addAction("")
        self.running.setEnabled(False)
        bold = self.running.font()
        bold.setBold(True)
        self.running.setFont(bold)
        self.stop = self.addAction("■  Stop", actions.stop)
        self.addSeparator()
        self.recent = self.addMenu("Start recent")
        self.switch = self.addAction("Switch to…", switch)
        self.addSeparator()
        self.clock = self.addAction("Clock in", self._clock)
        self.breaks = self.addAction("Start break", self._break)
        self.addSeparator()
        self.open_app = self.addAction("Open Timeledger", ctx.events.show_window_requested.emit)
        self.addSeparator()
        self.sync_line = self.addAction("")  # the sync status, once sync is set up
        self.sync_line.setEnabled(False)
        self.sync_line.setVisible(False)
        self.sync = self.addAction("Sync now", ctx.events.sync_now_requested.emit)
        self.sync.setEnabled(False)
        self.sync.setToolTip(SYNC_OFF)
        self.problems = self.addAction("Sync problems…", ctx.events.sync_problems_requested.emit)
        self.problems.setVisible(False)
        self.addSeparator()
        self.quit = self.addAction("Quit", QApplication.quit)
        state.changed.connect(self.render)
        ctx.events.sync_status.connect(self.render_sync)
        state.ticked.connect(lambda: self.isVisible() and self.running.setText(literal(f"▶  {state.summary()}")))
        self.aboutToShow.connect(self.render)  # the elapsed time in the first line is current when opened
        self.render()

    def render(self) -> None:
        status = self.state.status
        ready = self.state.loaded and not status.problem
        running = status.running
        if running is None:
            self.running.setText("No timer running" if ready else literal(self.state.summary()))
        else:
            self.running.setText(literal(f"▶  {self.state.summary()}"))
        self.stop.setVisible(running is not None)
        self._render_recent()
        self.switch.setText("Switch to…" if running is not None else "Start…")
        self.clock.setText("Clock out" if status.clocked_in else "Clock in")
        self.breaks.setText("End break" if status.on_break else "Start break")
        self.breaks.setEnabled(ready and status.clocked_in)
        for item in (self.recent.menuAction(), self.switch, self.clock):
            item.setEnabled(ready)

    def render_sync(self, status: SyncStatus) -> None:
        """A line with the summary and Sync now; "Sync problems…" while some wait for a decision."""
        on = status.state is not SyncState.OFF
        self.sync_line.setVisible(on)
        self.sync_line.setText(status.summary)
        self.sync.setEnabled(on)
        self.sync.setToolTip("" if on else SYNC_OFF)
        self.problems.setVisible(status.state is SyncState.ATTENTION)

    def _render_recent(self) -> None:
        self.recent.clear()
        running = self.state.status.running
        recent = [
            c
            for c in self.state.status.choices
            if c.last_used is not None and (running is None or c.task_id != running.work.task.id)
        ][:RECENT_WORK]
        for choice in recent:
            item = self.recent.addAction(literal(choice.label), lambda c=choice: self.timer_actions.start(c.reference))
            item.setToolTip(choice.detail)
        if not recent:
            self.recent.addAction("Nothing recent yet").setEnabled(False)

    def _clock(self) -> None:
        if self.state.status.clocked_in:
            self.timer_actions.clock_out()
        else:
            self.timer_actions.clock_in()

    def _break(self) -> None:
        if self.state.status.on_break:
            self.timer_actions.end_break()
        else:
            self.timer_actions.start_break()
