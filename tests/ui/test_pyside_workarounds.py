"""The app survives any number of signals emitted from Python (PySide6 6.12 drops a reference to True on each)."""

from __future__ import annotations

import subprocess
import sys

EMIT_MANY = """
from app.ui.events import AppEvents
events = AppEvents()
for _ in range(20_000):
    events.entries_changed.emit()
    events.idle_changed.emit(True)
print("survived")
"""


def test_twenty_thousand_emits_do_not_abort_the_interpreter():
    run = subprocess.run([sys.executable, "-c", EMIT_MANY], capture_output=True, text=True, timeout=60)
    assert (run.returncode, run.stdout.strip()) == (0, "survived"), run.stderr[-500:]
