"""`timeledger org show|set` end to end: the policies shown, changed by admins, bad values and non-admins refused
with exit 3 and every sentence, and a lock date that then refuses billable time."""

from __future__ import annotations

from cli import CONSULTANT, Cli, assert_refused, table_counts

DEFAULTS = {
    "lock_date": None,
    "budget_warning_percent": 80,
    "notes_required": False,
    "submit_deadline": {"weekday": "Monday", "time": "10:00"},
}


def policies(shown: dict) -> dict:
    return {key: shown[key] for key in DEFAULTS}


def test_show_lists_the_policies_with_their_defaults(cli: Cli):
    assert policies(cli.json("org", "show")) == DEFAULTS
    lines = cli.ok("--as", CONSULTANT, "org", "show").stdout.splitlines()
    assert lines[0].split() == ["Organisation:", "Acme"]
    assert [line.split(":", 1)[0] for line in lines[-4:]] == [
        "Lock date",
        "Budget warning",
        "Notes required",
        "Submission deadline",
    ]
    assert lines[-1].split(":", 1)[1].strip() == "Monday 10:00, after each week"


def test_an_admin_sets_the_policies_and_a_lock_date_then_refuses_billable_time(cli: Cli):
    changed = cli.json(
        "org",
        "set",
        "--lock-date",
        "2026-02-28",
        "--budget-warning",
        "90",
        "--notes-required",
        "yes",
        "--submit-deadline",
        "Fri 17:30",
    )
    assert policies(changed) == {
        "lock_date": "2026-02-28",
        "budget_warning_percent": 90,
        "notes_required": True,
        "submit_deadline": {"weekday": "Friday", "time": "17:30"},
    }
    assert policies(cli.json("org", "show")) == policies(changed)

    locked = cli("log", "add", "WEB/Design", "--date", "2026-02-03", "--hours", "1", "--note", "Review")
    assert locked.returncode == 3, locked
    assert "is locked" in locked.stderr

    unlocked = cli.json("org", "set", "--lock-date", "none")
    assert unlocked["lock_date"] is None and unlocked["budget_warning_percent"] == 90
    cli.ok("log", "add", "WEB/Design", "--date", "2026-02-03", "--hours", "1", "--note", "Review")


def test_bad_values_are_refused_with_every_sentence_and_change_nothing(cli: Cli):
    before = cli.json("org", "show")

    refused = cli(
        "org",
        "set",
        "--lock-date",
        "2026-02-30",
        "--budget-warning",
        "0",
        "--notes-required",
        "maybe",
        "--submit-deadline",
        "Xy 25:00",
    )

    assert_refused(refused, problems=5)
    assert refused.error_lines == [
        "error: '2026-02-30' is not a day in the calendar.",
        "error: '0' is not a budget warning level; give a whole percentage from 1 to 100.",
        "error: 'maybe' is not a choice for notes required; say yes or no.",
        "error: 'Xy' is not a day of the week; write it like Mon.",
        "error: '25:00' is not a time of day; write it like 09:30.",
    ]
    assert cli.json("org", "show") == before


def test_a_consultant_may_look_but_not_set(cli: Cli):
    counts = table_counts(cli.db)

    refused = cli("--as", CONSULTANT, "org", "set", "--budget-warning", "50")

    assert_refused(refused)
    assert refused.stderr == "error: Only admins can change the organisation's settings; you are a consultant.\n"
    assert policies(cli.json("org", "show")) == DEFAULTS
    assert table_counts(cli.db) == counts
