"""The `timeledger` CLI end to end: setting up an organisation, global options, acting as another user."""

from __future__ import annotations

import uuid

import pytest
from cli import ADMIN, CONSULTANT, Cli, assert_refused, money, run_cli

pytestmark = pytest.mark.slow


def is_uuid(text: str) -> bool:
    return str(uuid.UUID(text)) == text


def test_setting_up_an_organisation_from_scratch_reports_each_record_as_json(fresh_cli: Cli):
    cli = fresh_cli
    init = cli.json(
        "init", "--org", "Acme", "--currency", "eur", "--name", "Ada Admin", "--email", "Ada@Acme.example"
    )  # without --time-zone: the computer's zone (tested below)
    assert init["organisation"]["name"] == "Acme"
    assert init["organisation"]["currency"] == "EUR"
    assert init["user"]["name"] == "Ada Admin"
    assert init["user"]["email"] == "ada@acme.example"  # emails are compared and kept lower-cased
    assert init["user"]["role"] == "admin"
    assert is_uuid(init["organisation"]["id"]) and is_uuid(init["user"]["id"])

    user = cli.json(
        "user", "add", "Carl Consultant", "--email", CONSULTANT, "--role", "consultant", "--team", "blue",
        "--cost-rate", "55.50",
    )  # fmt: skip
    assert user | {"id": None} == {
        "id": None,
        "name": "Carl Consultant",
        "email": CONSULTANT,
        "role": "consultant",
        "team": "blue",
    }

    client = cli.json(
        "client", "add", "Globex", "--email", "ap@globex.example", "--currency", "usd", "--rate", "120",
        "--terms", "net:14",
    )  # fmt: skip
    assert client["currency"] == "USD" and client["payment_terms"] == "net:14" and client["status"] == "active"
    cli.json("client", "add", "Initech", "--email", "billing@initech.example")  # currency and terms by default
    listed = {c["name"]: c for c in cli.json("client", "list")}
    assert listed["Globex"]["rate"] == money("120.00", "USD")
    assert listed["Initech"]["rate"] is None
    assert listed["Initech"]["currency"] == "EUR" and listed["Initech"]["payment_terms"] == "net:30"

    project = cli.json(
        "project", "add", "Globex", "Website", "--code", "web", "--billing", "hourly", "--budget-hours", "100",
        "--budget-amount", "15000", "--rate", "150", "--status", "quoted",
    )  # fmt: skip
    assert project["code"] == "WEB"
    assert project["status"] == "quoted" and project["billing"] == "hourly"
    assert project["budget_hours"] == 100 * 3600  # durations in seconds
    assert project["budget_amount"] == money("15000.00", "USD")  # in the client's currency
    internal = cli.json(
        "project", "add", "billing@initech.example", "Internal", "--code", "INT", "--billing", "non_billable"
    )
    assert internal["billing"] == "non_billable" and internal["status"] == "enquiry"

    assert cli.json("project", "status", "WEB", "active")["status"] == "active"
    design = cli.json("task", "add", "WEB", "Design", "--rate", "160")
    admin_task = cli.json("task", "add", "web", "Admin", "--non-billable")
    assert design["billable"] is True and design["status"] == "open"
    assert admin_task["billable"] is False

    projects = {p["code"]: p for p in cli.json("project", "list")}
    assert projects["WEB"]["client"] == "Globex"
    assert projects["WEB"]["rate"] == money("150.00", "USD")
    assert [(t["name"], t["billable"]) for t in projects["WEB"]["tasks"]] == [
        ("Admin", False),
        ("Design", True),
        ("General", True),
    ]
    assert [(t["name"], t["billable"]) for t in projects["INT"]["tasks"]] == [("General", False)]
    assert projects["INT"]["rate"] is None  # no rate at project, client or organisation level

    assignment = cli.json("assign", CONSULTANT, "WEB", "--rate", "140", "--from", "2026-01-01", "--to", "2026-12-31")
    assert assignment | {"id": None} == {
        "id": None,
        "user": CONSULTANT,
        "project": "WEB",
        "valid_from": "2026-01-01",
        "valid_to": "2026-12-31",
    }


def test_init_without_a_time_zone_takes_the_computers_zone(fresh_cli: Cli):
    fresh_cli.env["TZ"] = "Asia/Tokyo"
    init = fresh_cli.json("init", "--org", "Acme", "--currency", "JPY", "--name", "Ada", "--email", ADMIN)
    assert init["organisation"]["time_zone"] == "Asia/Tokyo"
    assert init["organisation"]["currency"] == "JPY"


def test_project_list_prints_an_aligned_table(cli: Cli):
    listing = cli.ok("project", "list").stdout.splitlines()
    header, rule, *rows = listing
    assert header.split() == ["Code", "Project", "Client", "Status", "Billing", "Rate/h", "Tasks"]
    assert set(rule.replace(" ", "")) == {"-"}
    assert [row.split()[0] for row in rows] == ["SUP", "WEB"]
    # Each column starts where its header does, and the rate column is right-aligned under "Rate/h".
    rate_end = header.index("Rate/h") + len("Rate/h")
    for row in rows:
        assert row.index("Globex") == header.index("Client")
        assert row[:rate_end].endswith(" EUR")
    assert "150.00 EUR" in rows[1] and "120.00 EUR" in rows[0]  # SUP has no own rate: the client's applies
    assert rows[1].endswith("Design, General")


def test_global_options_work_before_and_after_the_command(cli: Cli):
    db = str(cli.db)
    spellings = [
        ["--db", db, "--json", "--as", CONSULTANT, "status"],
        ["status", "--as", CONSULTANT, "--json", "--db", db],
    ]
    outputs = []
    for argv in spellings:
        result = run_cli(*argv, env=cli.env)
        assert result.returncode == 0, result
        outputs.append(result.json())
    assert outputs[0] == outputs[1]
    assert outputs[0]["user"] == CONSULTANT
    # --db given before the command was once lost, and the default data folder used instead.
    assert not (cli.home / "data" / "Timeledger").exists()


def test_acting_as_another_user_logs_time_as_that_user_at_their_assignment_rate(cli: Cli):
    logged = cli.json("--as", CONSULTANT, "log", "add", "WEB/Design", "--date", "2026-03-02", "--hours", "2")
    assert logged["rate"] == money("140.00")  # Carl's assignment rate beats the task's 160.00
    assert logged["amount"] == money("280.00")

    # The email after --as is matched whatever its case.
    own = cli.json("log", "list", "--week", "2026-W10", "--as", "Carl@ACME.example")
    assert [e["id"] for e in own["entries"]] == [logged["id"]]
    assert cli.json("log", "list", "--week", "2026-W10")["entries"] == []  # Ada, signed in here, logged nothing
    seen_by_admin = cli.json("log", "list", "--week", "2026-W10", "--user", CONSULTANT)
    assert [e["id"] for e in seen_by_admin["entries"]] == [logged["id"]]
    assert seen_by_admin["total"] == 2 * 3600


def test_a_consultant_cannot_add_clients_or_read_other_peoples_time(cli: Cli):
    refused = cli("--as", CONSULTANT, "client", "add", "Initech", "--email", "billing@initech.example")
    assert_refused(refused)
    assert "Only managers and admins can add clients" in refused.stderr
    peeking = cli("--as", CONSULTANT, "log", "list", "--user", ADMIN)
    assert_refused(peeking)
    assert "other people's time" in peeking.stderr
