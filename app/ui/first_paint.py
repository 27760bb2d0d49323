"""The moment the main window is first on screen: how start-up tests and benchmarks know the app is up.

`main.py --quit-after-shown` (hidden; for tests and `make bench` only) installs `QuitAfterFirstPaint`: when
the first QMainWindow has painted, it prints `shown <seconds>` (time.monotonic(), comparable between
processes on one machine); when that window has a `ready` signal (the app's main window, which paints
before the ledger opens), it then waits for it, prints `ready <seconds>`, and quits the app normally.
The benchmark's bare PySide6 window uses the same filter, so both are timed to the same event.
"""

from __future__ import annotations

import sys
import time

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QMainWindow

SHOWN = "shown"
READY = "ready"


class QuitAfterFirstPaint(QObject):
    def __init__(self, app: QApplication):
        super().__init__(app)
        self.app = app
        self.seen = False
        app.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if not self.seen and event.type() == QEvent.Type.Paint and isinstance(watched, QMainWindow):
            self.seen = True
            QTimer.singleShot(0, lambda: self.report(watched))  # after this paint has been done
        return False

    def report(self, window: QMainWindow) -> None:
        say(SHOWN)
        ready = getattr(window, "ready", None)
        if ready is None or getattr(window, "ctx", None) is not None:
            self.finish()
        else:
            ready.connect(self.finish)

    def finish(self) -> None:
        say(READY)
        self.app.quit()


def say(moment: str) -> None:
    if sys.stdout is not None:  # None in a windowed (pythonw) start
        print(f"{moment} {time.monotonic():.6f}", flush=True)
