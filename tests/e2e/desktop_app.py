"""The desktop app as a subprocess (offscreen), and talking to it the way a second launch does."""

from __future__ import annotations

import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

from app.ui.tray.single_instance import ask_first_instance, instance_name

ROOT = Path(__file__).resolve().parents[2]
START_S = 60  # generous: a loaded CI machine may take long to import Qt


class DesktopApp:
    """`python main.py --db DB` running in the background."""

    def __init__(self, db: Path, env: dict[str, str]):
        self.db = db
        self.env = {**env, "QT_QPA_PLATFORM": "offscreen"}
        self.name = instance_name(str(db))
        self.process: subprocess.Popen[bytes] | None = None
        self.log = db.with_name(db.name + ".app.log")

    def launch(self) -> subprocess.CompletedProcess[str]:
        """Another launch, waited for (a second instance should hand over and leave)."""
        return subprocess.run(
            [sys.executable, "main.py", "--db", str(self.db)],
            cwd=ROOT,
            env=self.env,
            capture_output=True,
            text=True,
            timeout=START_S,
        )

    def start(self) -> DesktopApp:
        """Start it and wait until it answers; what it prints goes to a log file beside the database
        (a pipe nobody reads could fill up and block the app)."""
        with self.log.open("a", encoding="utf-8") as log:
            self.process = subprocess.Popen(
                [sys.executable, "main.py", "--db", str(self.db)],
                cwd=ROOT,
                env=self.env,
                stdout=log,
                stderr=subprocess.STDOUT,
            )
        self.answer_when(lambda answer: True)
        return self

    def answer_when(self, wanted: Callable[[str], bool], timeout_s: float = START_S) -> str:
        """Ask the running app (as a second launch would) until its answer is the wanted one."""
        deadline = time.monotonic() + timeout_s
        answer = None
        while time.monotonic() < deadline:
            assert self.process is not None and self.process.poll() is None, self.output()
            answer = ask_first_instance(self.name)
            if answer is not None and wanted(answer):
                return answer
            time.sleep(0.2)
        raise AssertionError(f"the app never answered as wanted; last answer: {answer!r}\n{self.output()}")

    def crash(self) -> None:
        """kill -9: no clean-up, no last write, exactly like a power cut for the app."""
        assert self.process is not None
        self.process.send_signal(signal.SIGKILL)
        self.process.wait(timeout=START_S)

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()

    def output(self) -> str:
        code = None if self.process is None else self.process.poll()
        printed = self.log.read_text(encoding="utf-8", errors="replace") if self.log.exists() else ""
        return f"exit code {code}; the app printed:\n{printed}"
