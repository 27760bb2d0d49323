"""Background sync with the team server: one round at a time, off the GUI thread, and its status for everyone.

Rounds run at start-up, every `TIMELEDGER_SYNC_INTERVAL_S` seconds (60 by default), two seconds after
changes made in this window, and on "Sync now". Nothing runs while sync is not set up. A failed round
changes nothing locally, so the next one simply tries again.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, replace

from PySide6.QtCore import QObject, QTimer
from PySide6.QtWidgets import QWidget

from app.services.sync_status import (
    ServerUnreachable,
    SyncPasswordNeeded,
    SyncPort,
    SyncReport,
    SyncState,
    SyncStatus,
)
from app.ui.context import UiContext
from app.ui.sync_password import SyncPasswordDialog

INTERVAL_S = 60
INTERVAL_ENV = "TIMELEDGER_SYNC_INTERVAL_S"
SETTLE_MS = 2000  # one save emits several signals and people make changes in bursts: one round after them
# Failures that mean "the server was not reached this time": the status says offline, nobody gets a dialog.
NOT_REACHED = (ServerUnreachable, SyncPasswordNeeded)


def interval_ms(seconds: float | None = None) -> int:
    """The time between rounds: `seconds`, else the environment's override, else a minute."""
    if seconds is None:
        try:
            seconds = float(os.environ.get(INTERVAL_ENV, INTERVAL_S))
        except ValueError:
            seconds = INTERVAL_S
    return max(int(seconds * 1000), 100)


@dataclass(frozen=True)
class RoundResult:
    status: SyncStatus
    report: SyncReport | None = None  # None: no round ran (sync is off) or it failed
    failure: Exception | None = None


def sync_round(sync: SyncPort, password: str | None = None) -> RoundResult:
    """One round if sync is set up, then the status after it (on a worker thread: both touch the disk,
    the round the network)."""
    if password is not None:
        sync.set_session_password(password)
    before = sync.status()
    if before.state is SyncState.OFF:
        return RoundResult(before)
    try:
        report = sync.run_once()
    except Exception as error:  # every failure is shown with the status; the next round starts over
        return RoundResult(sync.status(), failure=error)
    return RoundResult(sync.status(), report)


def status_after(result: RoundResult) -> SyncStatus:
    """The status to show: a round that did not reach the server means offline, whatever was known before."""
    status, failure = result.status, result.failure
    if failure is None:
        return status
    message = status.message or str(failure)
    if isinstance(failure, NOT_REACHED) and status.state in (SyncState.SYNCED, SyncState.PENDING):
        return replace(status, state=SyncState.OFFLINE, message=message)
    return replace(status, message=message)


class SyncWatch(QObject):
    """Starts rounds on the task runner, never two at once, and emits `sync_status` after each one.

    When the server wants a password that nothing keeps, it asks once per session (again after "Sync now",
    or when the password just given was refused); `window` is the parent of that question.
    """

    def __init__(
        self,
        ctx: UiContext,
        *,
        interval_s: float | None = None,
        settle_ms: int = SETTLE_MS,
        window: QWidget | None = None,
        parent: QObject | None = None,
    ):
        super().__init__(parent)
        self.ctx = ctx
        self.sync: SyncPort = ctx.workspace.sync
        self.window = window
        self.status: SyncStatus | None = None
        self.busy = False
        self.again = False  # a round was asked for while one ran: it may not have seen the latest change
        self.asking: SyncPasswordDialog | None = None
        self.asked = False  # the password question was put once this session
        self.failed_before = ""
        self.every = QTimer(self, interval=interval_ms(interval_s), timeout=self.request)
        self.settle = QTimer(self, singleShot=True, interval=settle_ms, timeout=self.request)
        events = ctx.events
        for signal in (
            events.entries_changed,
            events.timer_changed,
            events.attendance_changed,
            events.catalogue_changed,
            events.timesheets_changed,
            events.invoices_changed,
        ):
            signal.connect(self._changed)
        events.sync_now_requested.connect(self.sync_now)
        events.sync_status.connect(self._heard)
        self.every.start()
        self.request()  # the desk is open: catch up with what the team did meanwhile

    def stop(self) -> None:
        self.every.stop()
        self.settle.stop()

    def _changed(self) -> None:
        if self.ctx.events.echoing:
            return  # a commit made elsewhere (often this watch's own pull): nothing of this window to send
        self.settle.start()  # (re)started: the round waits until changes pause

    def sync_now(self) -> None:
        """Asked for by a person: a round now, and the password question again if it is needed."""
        self.asked = False
        self.request()

    def request(self, password: str | None = None) -> None:
        if self.asking is not None:
            return  # the person is typing the password; that answer starts the next round
        if self.busy:
            self.again = True
            return
        self.busy = True
        self.settle.stop()
        sync = self.sync
        self.ctx.runner.run(
            lambda: sync_round(sync, password), lambda result: self._finished(result, password), self._broke
        )

    def _finished(self, result: RoundResult, password: str | None) -> None:
        self.busy = False
        failure = result.failure
        report = result.report
        if report is not None:  # before the status: whoever asked for the round says what it moved
            self.failed_before = ""
            self.ctx.events.sync_round_done.emit(report.describe())
            if report.conflicts or report.refused:
                self.ctx.events.notify.emit("Sync", report.describe() + " See Sync problems to decide.")
        elif failure is not None:
            self._tell_failure(failure)
        self.ctx.events.sync_status.emit(status_after(result))
        if isinstance(failure, SyncPasswordNeeded) and (not self.asked or password is not None):
            self._ask(failure)  # a password just given and refused: ask again, saying so
        elif self.again:
            self.again = False
            self.request()

    def _broke(self, error: Exception) -> None:
        """Even the status could not be read (the local database is busy or broken): try again later."""
        self.busy = False
        self._tell_failure(error)
        if self.status is not None:  # whoever waits for this round hears that it failed
            self.ctx.events.sync_status.emit(replace(self.status, message=str(error)))
        self.again = False

    def _tell_failure(self, failure: Exception) -> None:
        """Offline is shown by the status alone; other trouble also goes to the status bar, once per kind."""
        said = str(failure) or type(failure).__name__
        if not isinstance(failure, NOT_REACHED) and said != self.failed_before:
            self.ctx.runner.error.emit(said)  # not again every minute
        self.failed_before = said

    def _heard(self, status: SyncStatus) -> None:
        self.status = status  # also what set-up and decisions on problems report

    def _ask(self, need: SyncPasswordNeeded) -> None:
        self.asked = True
        self.again = False  # the answer starts the next round
        dialog = SyncPasswordDialog(need, self.window)
        self.asking = dialog

        def answered(result: int) -> None:
            self.asking = None
            password = dialog.typed()
            dialog.deleteLater()
            if result == SyncPasswordDialog.DialogCode.Accepted and password:
                self.request(password)

        dialog.finished.connect(answered)
        dialog.open()
