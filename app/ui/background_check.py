"""A look at the ledger taken off the GUI thread whenever something may have changed, one look at a time."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QTimer, SignalInstance
from shiboken6 import Shiboken

from app.ui.context import UiContext


class BackgroundCheck(QObject):
    """Runs `look()` on the task runner and hands its answer to `answer` on the GUI thread.

    Requests are folded together: the signals of one change (another program's commit fires them all)
    start one look, and a request while a look runs starts one more after it, since the change may have
    come after that look read the ledger.
    """

    def __init__(self, ctx: UiContext, look: Callable[[], Any], answer: Callable[[Any], None], parent: QObject):
        super().__init__(parent)
        self.ctx = ctx
        self.look = look
        self.answer = answer
        self.running = False
        self.again = False
        self.soon = QTimer(self, singleShot=True, interval=0, timeout=self.run)

    def on(self, *signals: SignalInstance) -> None:
        for signal in signals:
            signal.connect(self.soon.start)

    def run(self) -> None:
        if self.running:
            self.again = True
            return
        self.running = True
        self.ctx.runner.run(self.look, self._answered, self._failed)

    def _answered(self, result: Any) -> None:
        if Shiboken.isValid(self):  # its owner may have closed meanwhile
            self.answer(result)
            self._done()

    def _failed(self, error: Exception) -> None:
        self.ctx.runner.error.emit(str(error))
        if Shiboken.isValid(self):
            self._done()

    def _done(self) -> None:
        self.running = False
        if self.again:
            self.again = False
            self.run()
