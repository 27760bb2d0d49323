"""One app per database: launching it again brings the running one forward instead of starting another."""

from __future__ import annotations

import sys
import time

import pytest
from cli import copy_database
from desktop_app import DesktopApp

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(sys.platform == "win32", reason="kill and local-socket files are tested on POSIX"),
]
QUICK_S = 15  # Python, Qt and the database opening, and nothing more


@pytest.fixture
def app(cli):  # type: ignore[no-untyped-def]
    running = DesktopApp(cli.db, cli.env).start()
    yield running
    running.stop()


def test_a_second_launch_hands_over_to_the_first_and_exits_0_quickly(app):
    began = time.monotonic()
    second = app.launch()
    took = time.monotonic() - began

    assert second.returncode == 0, second
    assert took < QUICK_S
    # The answer line comes from the first instance, after it came forward.
    assert second.stdout.strip() == (
        "Timeledger is already running on this database; brought it forward. Now: No timer running"
    )
    assert "Traceback" not in second.stderr
    assert app.process.poll() is None  # the first one keeps running


def test_the_first_instance_answers_with_what_its_timer_shows(app, cli):
    cli.ok("start", "WEB/Design")

    # The CLI's change reaches the running app within a second or two (SQLite's data_version).
    answer = app.answer_when(lambda text: text.startswith("WEB/Design — "), timeout_s=10)

    assert answer.startswith("WEB/Design — 0:00:")


def test_another_database_gets_an_app_of_its_own(app, cli, tmp_path):
    other = DesktopApp(copy_database(cli.db, tmp_path / "other.db"), cli.env)
    try:
        other.start()
        assert app.process.poll() is None and other.process.poll() is None
    finally:
        other.stop()
