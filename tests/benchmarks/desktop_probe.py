"""A process of its own for the desktop benchmarks: the app (or a bare PySide6 window) started and measured.

    python -m tests.benchmarks.desktop_probe shown          a bare QMainWindow; `shown <monotonic>` on first paint
    python -m tests.benchmarks.desktop_probe memory-bare    a bare QMainWindow shown; prints `rss_kb N`
    python -m tests.benchmarks.desktop_probe memory-app DB  the app on DB, opened on the Task log; prints `rss_kb N`

The bare window is the baseline: the same interpreter, Qt and first-paint probe, none of the app. The app is
started through app.ui.application.start, as main.py starts it; resident memory is read from /proc once the
Task log's first page is in (the task runner idle for a while) and printed as the process's last line.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMainWindow

from app.ui.first_paint import QuitAfterFirstPaint

WINDOW_SIZE = (1100, 680)  # the main window's
SETTLE_S = 1.0  # at least this long on the section before memory is read
QUIET_POLLS = 10  # and the task runner idle for this many polls in a row
POLL_MS = 50
GIVE_UP_S = 60


def resident_kb() -> int:
    """VmRSS of this process, in kB, from /proc (Linux)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    raise RuntimeError("no VmRSS in /proc/self/status")


def bare_window() -> QMainWindow:
    window = QMainWindow()
    window.resize(*WINDOW_SIZE)
    window.show()
    return window


def when_settled(busy: Callable[[], bool], then: Callable[[], None]) -> QTimer:
    """Call `then` once SETTLE_S has passed and `busy()` has stayed False for QUIET_POLLS polls."""
    started, quiet = time.monotonic(), [0]
    timer = QTimer(interval=POLL_MS)

    def poll() -> None:
        quiet[0] = 0 if busy() else quiet[0] + 1
        waited = time.monotonic() - started
        if (waited >= SETTLE_S and quiet[0] >= QUIET_POLLS) or waited > GIVE_UP_S:
            timer.stop()
            then()

    timer.timeout.connect(poll)
    timer.start()
    return timer


def report_memory(app: QApplication) -> None:
    print(f"rss_kb {resident_kb()}", flush=True)
    app.quit()


def memory_bare() -> int:
    app = QApplication(sys.argv)
    _window = bare_window()
    _settle = when_settled(lambda: False, lambda: report_memory(app))
    return app.exec()


def memory_app(db: Path) -> int:
    from app.ledger import open_ledger
    from app.ui.application import application, start
    from app.ui.main_window import MainWindow

    ledger = open_ledger(db)
    app = application()
    waiting: list[QTimer] = []

    def on_task_log(window: MainWindow) -> None:
        window.show_section("Task log")
        waiting.append(when_settled(lambda: window.ctx.runner.busy, lambda: report_memory(app)))

    def when_window_ready() -> None:
        window = next(w for w in app.topLevelWidgets() if isinstance(w, MainWindow))
        window.ready.connect(lambda: on_task_log(window))

    QTimer.singleShot(0, when_window_ready)
    try:
        return start(lambda: ledger)
    finally:
        ledger.close()


def shown() -> int:
    app = QApplication(sys.argv)
    _probe = QuitAfterFirstPaint(app)
    _window = bare_window()
    return app.exec()


def main(argv: list[str]) -> int:
    if argv[:1] == ["shown"]:
        return shown()
    if argv[:1] == ["memory-bare"]:
        return memory_bare()
    if argv[:1] == ["memory-app"] and len(argv) == 2:
        return memory_app(Path(argv[1]))
    raise SystemExit("usage: python -m tests.benchmarks.desktop_probe shown | memory-bare | memory-app DB")


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
