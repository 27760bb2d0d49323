"""`timeledger blocked` and a refused billable `start` end to end: exit 3 with the checks' sentences, the attempt
kept, and the list of blocked work for managers (everyone's) and consultants (their own)."""

from __future__ import annotations

import re

from cli import CONSULTANT, Cli, assert_refused, table_counts

NOT_ON_SUP = re.compile(
    r"error: You are not assigned to SUP on \w{3} \d{2} \w{3} \d{4}; a manager can assign you to the project\."
)


def test_a_refused_start_exits_3_with_the_sentence_starts_nothing_and_is_listed_as_blocked(cli: Cli):
    refused = cli("--as", CONSULTANT, "start", "SUP")

    assert_refused(refused)
    assert NOT_ON_SUP.fullmatch(refused.stderr.strip()), refused
    counts = table_counts(cli.db)
    assert (counts["running_timers"], counts["blocked_attempts"]) == (0, 1)

    listed = cli.json("blocked")
    assert [(b["project"], b["reason"], b["count"]) for b in listed["blocked"]] == [("SUP", "not_assigned", 1)]
    assert listed["blocked"][0]["message"] == refused.stderr.strip().removeprefix("error: ")
    lines = cli.ok("blocked").stdout.splitlines()
    assert lines[0].startswith("Blocked billable work from ") and lines[0].endswith("(everyone's attempts):")
    assert lines[1].split() == ["Project", "Reason", "Times", "Last", "What", "people", "were", "told"]
    assert lines[3].split()[:3] == ["SUP", "not_assigned", "1"]


def test_a_consultant_sees_only_their_own_blocked_work_and_a_range_narrows_it(cli: Cli):
    assert_refused(cli("--as", CONSULTANT, "start", "SUP"))
    assert_refused(cli("start", "WEB/Design", "--note", "x" * 10_001))  # bad input: refused, not blocked work

    own = cli.json("--as", CONSULTANT, "blocked")
    assert [b["reason"] for b in own["blocked"]] == ["not_assigned"]
    assert cli.ok("--as", CONSULTANT, "blocked").stdout.splitlines()[0].endswith("(your attempts):")
    long_ago = cli.ok("blocked", "--from", "2026-01-01", "--to", "2026-01-31").stdout
    assert long_ago == "No billable work was blocked from 2026-01-01 to 2026-01-31.\n"


def test_a_reversed_range_exits_3_with_the_sentence(cli: Cli):
    reversed_range = cli("blocked", "--from", "2026-03-02", "--to", "2026-03-01")

    assert_refused(reversed_range)
    assert reversed_range.stderr == "error: The range ends (2026-03-01) before it starts (2026-03-02).\n"
