"""The person logging hears about a nearly spent budget from the CLI, and managers let a day go past the cap.

Warnings go to stderr as `warning: sentence` lines (the exit code stays 0) and into the JSON object under
"warnings"; the daily-cap override is `log add --override-reason TEXT`, for managers and admins only.
"""

from __future__ import annotations

import time

import pytest
from cli import ADMIN, CONSULTANT, Cli, assert_refused, fingerprint

pytestmark = pytest.mark.slow

EIGHTY = "BUD has used 80 % of its budget of 10:00 hours."


def budgeted(cli: Cli) -> None:
    """BUD: an active project with a budget of ten hours, Ada assigned."""
    cli.ok("project", "add", "Globex", "Budgeted", "--code", "BUD", "--budget-hours", "10", "--status", "active")
    cli.ok("assign", ADMIN, "BUD")


def test_logging_up_to_the_warning_level_warns_on_stderr_and_in_json(cli: Cli):
    budgeted(cli)
    below = cli("log", "add", "BUD", "--date", "2026-03-02", "--hours", "5")
    assert below.returncode == 0 and below.stderr == "", below

    warned = cli("log", "add", "BUD", "--date", "2026-03-03", "--hours", "3")
    assert warned.returncode == 0, warned
    assert warned.stdout.startswith("Logged 3:00 on BUD/General on 2026-03-03"), warned
    assert warned.error_lines == [f"warning: {EIGHTY}"]

    as_json = cli("--json", "log", "add", "BUD", "--date", "2026-03-04", "--hours", "1")
    assert as_json.returncode == 0, as_json
    assert as_json.json()["warnings"] == ["BUD has used 90 % of its budget of 10:00 hours."]
    quiet = cli.json("log", "add", "SUP", "--date", "2026-03-04", "--hours", "1")  # SUP has no budget
    assert quiet["warnings"] == []


def test_starting_and_stopping_the_timer_on_a_nearly_spent_project_warns(cli: Cli):
    budgeted(cli)
    cli.ok("log", "add", "BUD", "--date", "2026-03-02", "--hours", "4")
    cli.ok("log", "add", "BUD", "--date", "2026-03-03", "--hours", "4")

    started = cli("--json", "start", "BUD")
    assert started.returncode == 0, started
    assert started.json()["warnings"] == [EIGHTY]
    assert started.error_lines == [f"warning: {EIGHTY}"]
    time.sleep(1.2)  # a timer stopped within its first second logs nothing

    away = cli("switch", "SUP")  # the stretch logged on BUD keeps it at 80 %; SUP has no budget
    assert away.returncode == 0 and away.error_lines == [f"warning: {EIGHTY}"], away
    time.sleep(1.2)
    back = cli("--json", "switch", "BUD")  # the stretch logged on SUP says nothing; starting on BUD does
    assert back.returncode == 0 and back.json()["warnings"] == [EIGHTY], back
    time.sleep(1.2)
    stopped = cli("stop")
    assert stopped.returncode == 0 and stopped.error_lines == [f"warning: {EIGHTY}"], stopped


def test_an_admin_lets_a_day_go_past_the_productive_day_with_a_reason(cli: Cli):
    refused = cli("log", "add", "WEB/General", "--date", "2026-03-05", "--hours", "7")
    assert_refused(refused)
    assert "more than the productive day" in refused.stderr

    allowed = cli.json(
        "log", "add", "WEB/General", "--date", "2026-03-05", "--hours", "7", "--override-reason", "Go-live"
    )
    assert allowed["duration"] == 7 * 3600

    with_no_reason = cli("log", "add", "WEB/General", "--date", "2026-03-06", "--hours", "7", "--override-reason", " ")
    assert_refused(with_no_reason)
    assert with_no_reason.error_lines == ["error: Say why this day may hold more billable time."]


def test_a_consultant_cannot_override_the_daily_cap(cli: Cli):
    before = fingerprint(cli.db)
    refused = cli(
        "--as",
        CONSULTANT,
        "log",
        "add",
        "WEB/General",
        "--date",
        "2026-03-05",
        "--hours",
        "7",
        "--override-reason",
        "Urgent",
    )
    assert_refused(refused)
    assert refused.error_lines == ["error: Only managers and admins can allow billable time past the productive day."]
    assert fingerprint(cli.db) == before
