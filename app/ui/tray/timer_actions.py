"""Starting, switching and stopping the timer, and clocking in and out, from the tray.

Every step runs through the task runner (a write waits on SQLite's lock when the CLI or a sync holds it,
which must never freeze the tray) and, once committed, announces what it changed on the event bridge.
Whatever the services refuse is said to the user through `message`, never dropped.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, Signal, SignalInstance

from app.domain.errors import TimeledgerError
from app.services import attendance, timer
from app.services.billable_checks import warnings_after
from app.services.identity import Actor, current_actor
from app.services.ports import UnitOfWork
from app.services.task_log import EntryView
from app.ui.context import UiContext
from app.ui.tray.timer_state import TimerState

Step = Callable[[UnitOfWork, Actor], Any]
NOTHING_LOGGED = "The timer ran for less than a second; nothing was logged."


class TimerActions(QObject):
    message = Signal(str)  # a refusal or a notice the user must read
    busy_changed = Signal(bool)  # True while a step is under way (buttons wait for it)
    choice_needed = Signal()  # asked to start "the last work" when there is none yet

    def __init__(self, ctx: UiContext, state: TimerState):
        super().__init__()
        self.ctx = ctx
        self.state = state
        self.pending = 0
        ctx.events.toggle_timer_requested.connect(self.toggle)

    @property
    def busy(self) -> bool:
        return self.pending > 0

    def start(self, reference: str, note: str = "") -> None:
        """Start on "CODE/TASK"; while a timer runs, switch to it without losing a second between the two."""
        events = self.ctx.events
        if self.state.status.running is None:
            self._run(
                lambda uow, actor: timer.start(uow, actor, reference, note=note),
                events.timer_changed,
                touched=lambda run: (run.timer,),
            )
        else:
            self._run(
                lambda uow, actor: timer.switch(uow, actor, reference, note=note),
                events.timer_changed,
                events.entries_changed,
                touched=lambda switched: (switched[0], switched[1].timer),
            )

    def restart(self, view: EntryView) -> None:
        """Carry on with an earlier entry's work and note."""
        self.start(view.work.label, view.entry.note)

    def stop(self) -> None:
        events = self.ctx.events
        self._run(
            timer.stop,
            events.timer_changed,
            events.entries_changed,
            said=lambda entry: NOTHING_LOGGED if entry is None else None,
            touched=lambda entry: (entry,),
        )

    def toggle(self) -> None:
        """Ctrl+Space: stop what runs, else carry on with the most recent work."""
        status = self.state.status
        if status.running is not None:
            self.stop()
        elif status.recent:
            self.restart(status.recent[0])
        else:
            self.choice_needed.emit()

    def clock_in(self) -> None:
        self._run(attendance.clock_in, self.ctx.events.attendance_changed)

    def clock_out(self) -> None:
        self._run(attendance.clock_out, self.ctx.events.attendance_changed)

    def start_break(self) -> None:
        self._run(attendance.start_break, self.ctx.events.attendance_changed)

    def end_break(self) -> None:
        self._run(attendance.end_break, self.ctx.events.attendance_changed)

    def _run(
        self,
        step: Step,
        *changed: SignalInstance,
        said: Callable[[Any], str | None] | None = None,
        touched: Callable[[Any], tuple] | None = None,
    ) -> None:
        """Run `step`; `touched` names the entries and timers it logged or started, whose budgets are warned about."""
        workspace = self.ctx.workspace

        def work() -> tuple[Any, list[str]]:
            with workspace.work() as uow:
                actor = current_actor(uow)
                result = step(uow, actor)
                warnings = [] if touched is None else warnings_after(uow, actor, *touched(result))
                uow.commit()
            return result, warnings

        def done(outcome: tuple[Any, list[str]]) -> None:
            result, warnings = outcome
            self._finished()
            for signal in changed:
                signal.emit()
            notice = said(result) if said is not None else None
            if notice:
                self.message.emit(notice)
            self.ctx.events.warn_about_budget(warnings)

        def failed(error: Exception) -> None:
            self._finished()
            if isinstance(error, TimeledgerError):
                self.message.emit(str(error))
            else:  # a bug, but the user still has to know the click did nothing
                self.message.emit(f"That did not work: {error}")
            # The refusal may come from a change made elsewhere (the CLI started a timer): show the truth.
            self.state.refresh()

        self.pending += 1
        if self.pending == 1:
            self.busy_changed.emit(True)
        self.ctx.runner.run(work, done, failed)

    def _finished(self) -> None:
        self.pending -= 1
        if self.pending == 0:
            self.busy_changed.emit(False)
