"""`python main.py --demo` as a subprocess: a throwaway demo database, never the user's own."""

from __future__ import annotations

import re
import subprocess
import sys
import time
from pathlib import Path

import pytest
from cli import ROOT, cli_env, folder_snapshot

TIMEOUT_S = 120


def app(home: Path, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
    """main.py offscreen, with a private HOME and data folder and the given extra environment."""
    return subprocess.run(
        [sys.executable, "main.py", *args],
        cwd=ROOT,
        env=cli_env(home, QT_QPA_PLATFORM="offscreen", **env),
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=TIMEOUT_S,
    )


@pytest.fixture
def real_data(tmp_path: Path) -> Path:
    """A folder standing for the user's real data: TIMELEDGER_DB points into it, at an existing file."""
    folder = tmp_path / "real"
    folder.mkdir()
    (folder / "timeledger.db").write_bytes(b"the user's own database, which the demo must never open")
    return folder


@pytest.mark.slow
def test_the_demo_shows_the_main_window_on_a_temporary_database_and_deletes_it_on_quit(tmp_path, real_data):
    before = folder_snapshot(real_data)
    done = app(tmp_path / "home", "--demo", "--quit-after-shown", TIMELEDGER_DB=str(real_data / "timeledger.db"))
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr
    printed = re.search(r"Demo database \(deleted when the app quits\): (\S+)", done.stdout)
    assert printed is not None, done.stdout
    demo_db = Path(printed.group(1))
    assert demo_db.name == "demo.db" and demo_db.parent.name.startswith("timeledger-demo-")
    assert re.search(r"^shown \d+\.\d+$", done.stdout, re.MULTILINE), done.stdout
    assert not demo_db.parent.exists()
    assert folder_snapshot(real_data) == before
    assert not (tmp_path / "home" / "data").exists()  # the platform data folder was never created


@pytest.mark.slow
def test_quitting_after_the_window_is_shown_is_refused_without_a_demo_or_a_named_database(tmp_path, real_data):
    before = folder_snapshot(real_data)
    done = app(tmp_path / "home", "--quit-after-shown", TIMELEDGER_DB=str(real_data / "timeledger.db"))
    assert done.returncode == 2
    assert "--quit-after-shown needs --demo or --db" in done.stderr
    assert folder_snapshot(real_data) == before
    assert not (tmp_path / "home" / "data").exists()


@pytest.mark.slow
def test_the_demo_refuses_a_database_given_with_db(tmp_path, real_data):
    before = folder_snapshot(real_data)
    done = app(tmp_path / "home", "--demo", "--db", str(real_data / "timeledger.db"))
    assert done.returncode == 2
    assert "--demo makes its own database" in done.stderr
    assert folder_snapshot(real_data) == before


@pytest.mark.slow
@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="SIGTERM as a desktop session sends it")
def test_a_demo_ended_with_kill_still_deletes_its_database(tmp_path):
    running = subprocess.Popen(
        [sys.executable, "main.py", "--demo"],
        cwd=ROOT,
        env=cli_env(tmp_path / "home", QT_QPA_PLATFORM="offscreen"),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        encoding="utf-8",
    )
    try:
        printed = re.search(r": (\S+demo\.db)$", running.stdout.readline().strip())
        assert printed is not None
        demo_db = Path(printed.group(1))
        assert demo_db.exists()
        time.sleep(2)  # the window is up and the event loop runs
        running.terminate()
        assert running.wait(timeout=TIMEOUT_S) == 0
    finally:
        if running.poll() is None:
            running.kill()
            running.wait()
        running.stdout.close()
        running.stderr.close()
    assert not demo_db.parent.exists()
