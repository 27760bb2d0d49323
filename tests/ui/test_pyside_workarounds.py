"""The app survives any number of emits and void Qt calls from Python (PySide6 6.12 drops a reference to True
on each emit and to None on each void call)."""

from __future__ import annotations

import os
import subprocess
import sys

EMIT_MANY = """
from PySide6.QtWidgets import QApplication, QLabel
from app.ui.events import AppEvents
app = QApplication([])
events, label = AppEvents(), QLabel()
for number in range(20_000):
    events.entries_changed.emit()
    events.idle_changed.emit(True)
    label.setText(str(number))
print("survived")
"""


def test_twenty_thousand_emits_and_void_calls_do_not_abort_the_interpreter():
    environment = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    run = subprocess.run([sys.executable, "-c", EMIT_MANY], capture_output=True, text=True, timeout=60, env=environment)
    assert (run.returncode, run.stdout.strip()) == (0, "survived"), run.stderr[-500:]
