"""Noticing time away from the computer (idle or asleep) while a timer runs, and asking once what to do."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta

from PySide6.QtCore import QObject, QTimer, Signal

from app.domain.duration import Duration
from app.domain.errors import TimeledgerError
from app.services.identity import current_actor
from app.services.idle import AwayQuestion, IdleAnswer, IdleOutcome, away_question, resolve_idle
from app.services.preferences import load_preferences
from app.ui.context import UiContext
from app.ui.idle import IdleSource
from app.ui.idle_dialog import IdleDialog

TICK_MS = 5_000
# A busy machine fires timers late; only a gap this much longer than a tick counts as sleep.
SLEEP_MARGIN = timedelta(seconds=15)


def away_since(
    now: datetime, idle: int | None, last_tick: datetime, idle_at_last_tick: int, tick: timedelta
) -> datetime | None:
    """When the user left, by the idle counter or by a jump of the wall clock since the last tick (sleep).

    None when neither tells: no idle counter on this desktop and no sleep.
    """
    seen = [] if idle is None else [now - timedelta(seconds=idle)]
    if now - last_tick > tick + SLEEP_MARGIN:
        # Asleep since the last tick, and already idle for a while before it.
        seen.append(last_tick - timedelta(seconds=idle_at_last_tick))
    return min(seen, default=None)


class IdleWatch(QObject):
    """Ticks every few seconds; when the user was away at least the idle threshold, asks through an IdleDialog.

    The timer stays in the ledger as it is while the question is open (a crash loses nothing); the rest of
    the app hears `idle_changed(True)` and shows the timer as paused until the answer is carried out.
    """

    asked = Signal(object)  # the IdleDialog just shown
    settled = Signal(object)  # the IdleOutcome once an answer was carried out

    def __init__(
        self,
        ctx: UiContext,
        source: IdleSource,
        *,
        interval_ms: int = TICK_MS,
        now: Callable[[], datetime] | None = None,
        parent: QObject | None = None,
    ):
        super().__init__(parent)
        self.ctx = ctx
        self.source = source
        self.now = now or ctx.workspace.clock.now
        self.tick_length = timedelta(milliseconds=interval_ms)
        self.last_tick = self.now()
        self.idle_at_last_tick = 0
        self.settled_at: datetime | None = None  # time away before this moment has been answered for
        self.dialog: IdleDialog | None = None
        self.threshold = self._threshold()
        ctx.events.settings_changed.connect(self._reload_threshold)
        self.timer = QTimer(self, interval=interval_ms, timeout=self.tick)
        self.timer.start()

    def _threshold(self) -> timedelta:
        # One settings row, read again only when settings change: no query per tick.
        with self.ctx.workspace.read() as uow:
            threshold: Duration = load_preferences(uow).idle_threshold
        return timedelta(seconds=threshold.seconds)

    def _reload_threshold(self) -> None:
        self.threshold = self._threshold()

    def tick(self) -> None:
        now, idle = self.now(), self.source.idle_seconds()
        since = away_since(now, idle, self.last_tick, self.idle_at_last_tick, self.tick_length)
        self.last_tick, self.idle_at_last_tick = now, idle or 0
        if self.dialog is not None or since is None:
            return
        if self.settled_at is not None:
            since = max(since, self.settled_at)
        if now - since < self.threshold:  # a glance away, or a screen locked for a moment
            return
        question = self._question(since)
        if question is not None and now - question.since >= self.threshold:
            self._ask(question)

    def _question(self, since: datetime) -> AwayQuestion | None:
        with self.ctx.workspace.read() as uow:
            try:
                actor = current_actor(uow)
            except TimeledgerError:  # no organisation set up yet: nothing can be running
                return None
            return away_question(uow, actor, since)

    def _ask(self, question: AwayQuestion) -> None:
        self.dialog = IdleDialog(self.ctx, question)
        self.dialog.answered.connect(self._carry_out)
        self.ctx.events.idle_changed.emit(True)
        self.dialog.show()
        self.dialog.raise_()
        self.dialog.activateWindow()
        self.asked.emit(self.dialog)

    def _carry_out(self, answer: str, other: str) -> None:
        assert self.dialog is not None
        since, workspace = self.dialog.question.since, self.ctx.workspace

        def work() -> IdleOutcome:
            with workspace.work() as uow:
                outcome = resolve_idle(uow, current_actor(uow), since, answer, other or None)
                uow.commit()
            return outcome

        self.ctx.runner.run(work, done=lambda outcome: self._settle(answer, outcome), failed=self.dialog.show_problem)

    def _settle(self, answer: str, outcome: IdleOutcome) -> None:
        self.settled_at = self.now()
        dialog, self.dialog = self.dialog, None
        if dialog is not None:
            dialog.accept()
        self.ctx.events.idle_changed.emit(False)
        if answer != IdleAnswer.KEEP:
            self.ctx.events.timer_changed.emit()
            self.ctx.events.entries_changed.emit()
        self.settled.emit(outcome)
