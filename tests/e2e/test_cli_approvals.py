"""The `timeledger` CLI end to end: submitting a week, the approval queue, approving, rejecting, reopening.

The weeks are in March 2026, long past for the real clock the CLI reads, so they can be submitted.
"""

from __future__ import annotations

import pytest
from cli import (
    ADMIN,
    CONSULTANT,
    Cli,
    assert_refused,
    assert_usage_error,
    fingerprint,
    run_in_one_process,
    table_counts,
)

pytestmark = pytest.mark.slow

MIA, ROB = "mia@acme.example", "rob@acme.example"
WEEK = "2026-W10"  # Monday 2 to Sunday 8 March 2026


def setup(cli: Cli, *argvs: list[str]) -> None:
    """Several commands in one process (each CLI start costs half a second)."""
    result = run_in_one_process([["--db", str(cli.db), *argv] for argv in argvs], env=cli.env)
    assert result.returncode == 0, result


def carl_submits_week_10(cli: Cli) -> None:
    setup(
        cli,
        ["--as", CONSULTANT, "log", "add", "WEB/General", "--date", "2026-03-02", "--hours", "2:30", "--note", "Specs"],
        ["--as", CONSULTANT, "log", "add", "WEB/General", "--date", "2026-03-03", "--hours", "1:00", "--non-billable"],
        ["--as", CONSULTANT, "submit", "--week", WEEK],
    )


def test_a_submitted_week_waits_in_the_queue_and_is_approved(cli: Cli):
    submitted = cli.json("--as", CONSULTANT, "submit", "--week", "2026-W11")
    assert (submitted["status"], submitted["week"], submitted["week_start"]) == ("submitted", "2026-W11", "2026-03-09")
    carl_submits_week_10(cli)

    listed = cli.ok("approvals", "list").stdout.splitlines()
    assert listed[0].split() == ["User", "Team", "Week", "Billable", "Non-billable", "Attendance", "Submitted", "at"]
    assert listed[2].split()[:8] == ["Carl", "Consultant", "<carl@acme.example>", "blue", WEEK, "2:30", "1:00", "0:00"]
    assert listed[3].split()[4] == "2026-W11"  # oldest week first
    assert listed[-1] == "2 timesheets wait for approval."
    rows = cli.json("approvals", "list", "--week", WEEK)
    assert [(r["user"], r["week"], r["billable"], r["non_billable"], r["attendance"]) for r in rows] == [
        (CONSULTANT, WEEK, 9000, 3600, 0)
    ]

    assert cli.ok("approve", CONSULTANT, "--week", WEEK).stdout == f"Approved Carl Consultant's week {WEEK}.\n"
    assert [e["status"] for e in cli.json("log", "list", "--week", WEEK, "--user", CONSULTANT)["entries"]] == [
        "approved",
        "approved",
    ]
    assert cli.ok("approvals", "list", "--week", WEEK).stdout == "No submitted timesheets wait for your approval.\n"


def test_time_cannot_go_into_an_approved_week_until_it_is_reopened(cli: Cli):
    carl_submits_week_10(cli)
    cli.ok("approve", CONSULTANT, "--week", WEEK)
    before = table_counts(cli.db)

    refused = cli(
        "--as", CONSULTANT, "log", "add", "WEB/General", "--date", "2026-03-04", "--hours", "1", "--note", "x"
    )

    assert_refused(refused)
    assert refused.stderr == (
        "error: Week 2026-W10 is approved; a manager must reopen its timesheet before its time can change.\n"
    )
    after = table_counts(cli.db)
    assert after["task_log_entries"] == before["task_log_entries"]
    assert after["blocked_attempts"] == before["blocked_attempts"] + 1  # refused billable time is on record
    reopened = cli.json("reopen", CONSULTANT, "--week", WEEK, "--reason", "Wednesday is missing")
    assert (reopened["status"], reopened["reason"]) == ("open", "Wednesday is missing")
    cli.ok("--as", CONSULTANT, "log", "add", "WEB/General", "--date", "2026-03-04", "--hours", "1", "--note", "x")


def test_a_rejected_week_shows_its_reason_and_is_submitted_again(cli: Cli):
    carl_submits_week_10(cli)
    assert_usage_error(cli("reject", CONSULTANT, "--week", WEEK))  # --reason is required
    blank = cli("reject", CONSULTANT, "--week", WEEK, "--reason", "  ")
    assert_refused(blank)
    assert blank.stderr == "error: Give a reason for rejecting, so Carl Consultant knows what to fix.\n"

    rejected = cli.json("reject", CONSULTANT, "--week", WEEK, "--reason", "Split the specs by chapter")

    assert (rejected["status"], rejected["reason"]) == ("rejected", "Split the specs by chapter")
    again = cli.ok("--as", CONSULTANT, "submit", "--week", WEEK)
    assert again.stdout == f"Submitted week {WEEK} for approval.\n"


def test_bulk_approval_takes_the_managers_team_only_and_reports_each(cli: Cli):
    setup(
        cli,
        ["user", "add", "Mia Manager", "--email", MIA, "--role", "manager", "--team", "blue"],
        ["user", "add", "Rob Red", "--email", ROB, "--team", "red"],
        ["assign", ROB, "WEB"],
        ["--as", ROB, "log", "add", "WEB/General", "--date", "2026-03-05", "--hours", "4", "--note", "Ops"],
        ["--as", ROB, "submit", "--week", WEEK],
    )
    carl_submits_week_10(cli)

    result = cli.ok("--as", MIA, "approve", "--all", "--week", WEEK)
    assert result.stdout.splitlines() == [
        "Approved Carl Consultant <carl@acme.example>.",
        f"Approved 1 of 1 waiting for week {WEEK}.",
    ]
    report = cli.json("approve", "--all", "--week", WEEK)
    assert (report["approved"][0]["user"], report["failed"]) == (ROB, [])


def test_refusals_exit_3_with_the_sentence_and_change_nothing(cli: Cli):
    carl_submits_week_10(cli)
    setup(
        cli,
        ["log", "add", "WEB/General", "--date", "2026-03-02", "--hours", "1", "--note", "x"],
        ["submit", "--week", WEEK],
    )
    before = fingerprint(cli.db)
    for args, sentence in [
        (
            ("approve", ADMIN, "--week", WEEK),
            "Nobody can approve timesheets of their own; another manager or an admin decides on week 2026-W10.",
        ),
        (
            ("--as", CONSULTANT, "approve", ADMIN, "--week", WEEK),
            "Only managers and admins can approve timesheets; carl@acme.example is a consultant.",
        ),
        (
            ("--as", CONSULTANT, "approvals", "list"),
            "Only managers and admins can see the approval queue; carl@acme.example is a consultant.",
        ),
        (("approve", CONSULTANT, "--week", "2026-W09"), "Carl Consultant has not submitted week 2026-W09."),
        (("approve", CONSULTANT, "--all", "--week", WEEK), "Give either a user's email or --all."),
        (
            ("reopen", CONSULTANT, "--week", WEEK, "--reason", "x"),
            "Carl Consultant's week 2026-W10 is submitted; only approved weeks can be reopened.",
        ),
        (("--as", CONSULTANT, "submit", "--week", WEEK), "Week 2026-W10 is already submitted."),
    ]:
        result = cli(*args)
        assert_refused(result)
        assert result.stderr == f"error: {sentence}\n", result
    assert_usage_error(cli("approve", CONSULTANT))  # --week is required
    assert fingerprint(cli.db) == before
