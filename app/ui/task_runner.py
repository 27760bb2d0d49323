"""Background work off the GUI thread: one runner, results delivered back on the GUI thread."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal, Slot


class _Outcome(QObject):
    finished = Signal(object)
    failed = Signal(object)


class _Job(QRunnable):
    def __init__(self, work: Callable[[], Any], outcome: _Outcome):
        super().__init__()
        self.work = work
        self.outcome = outcome

    def run(self) -> None:
        try:
            result = self.work()
        except Exception as error:  # handed to the GUI thread, which reports it
            self.outcome.failed.emit(error)
        else:
            self.outcome.finished.emit(result)


class TaskRunner(QObject):
    """Runs a callable on a worker thread; `done` / `failed` are called on the GUI thread.

    Each job must open its own unit of work: sessions never cross threads.
    """

    error = Signal(str)  # a failure nobody handled, for the status bar

    def __init__(self, parent: QObject | None = None, max_threads: int = 2):
        super().__init__(parent)
        self.pool = QThreadPool(self)
        self.pool.setMaxThreadCount(max_threads)
        self._pending: set[_Outcome] = set()

    def run(
        self,
        work: Callable[[], Any],
        done: Callable[[Any], None] | None = None,
        failed: Callable[[Exception], None] | None = None,
    ) -> None:
        outcome = _Outcome()  # lives on the GUI thread: its signals arrive there, queued
        self._pending.add(outcome)

        @Slot(object)
        def finish(result: Any) -> None:
            self._pending.discard(outcome)
            if done is not None:
                done(result)

        @Slot(object)
        def fail(error: Exception) -> None:
            self._pending.discard(outcome)
            if failed is not None:
                failed(error)
            else:
                self.error.emit(str(error))

        outcome.finished.connect(finish)
        outcome.failed.connect(fail)
        self.pool.start(_Job(work, outcome))

    def wait(self, msecs: int = 30_000) -> bool:
        """Block until every job has finished (tests and shutdown)."""
        return self.pool.waitForDone(msecs)

    @property
    def busy(self) -> bool:
        return bool(self._pending)
