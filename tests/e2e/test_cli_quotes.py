"""The `timeledger` CLI end to end: quotes from draft to signature (with and without a deposit), their PDF, the
aging list, and bad input refused without writing anything.

The CLI reads the real clock, so dates are computed from today in the organisation's time zone (Berlin).
"""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from io import BytesIO
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from cli import CONSULTANT, Cli, assert_refused, assert_usage_error, fingerprint, run_in_one_process
from pypdf import PdfReader

pytestmark = pytest.mark.slow

NUMBER = re.compile(r"Q-\d{4}-0001")


def today() -> str:
    return datetime.now(ZoneInfo("Europe/Berlin")).date().isoformat()


def setup(cli: Cli, *argvs: list[str]) -> None:
    """Several commands in one process (each CLI start costs half a second)."""
    result = run_in_one_process([["--db", str(cli.db), *argv] for argv in argvs], env=cli.env)
    assert result.returncode == 0, result


def new_app_quote(cli: Cli) -> str:
    """Project APP for Globex (an enquiry, Carl on it), VAT 19 %, and a draft quote for it with two lines
    (33.33 at 19 % and 33.33 at 7 %); returns the draft's id as lists show it."""
    setup(
        cli,
        ["org", "set", "--tax-rate", "19"],
        ["project", "add", "Globex", "App", "--code", "APP"],
        ["assign", CONSULTANT, "APP"],
    )
    draft = cli.json("quote", "new", "--project", "APP", "--notes", "Phase 1")
    ref = draft["reference"].removeprefix("draft ")
    cli.ok("quote", "line", "add", ref, "--description", "Design", "--quantity", "1", "--unit-price", "33.33")
    cli.ok(
        "quote", "line", "add", ref, "--description", "Books", "--quantity", "1", "--unit-price", "33.33",
        "--tax-rate", "7",
    )  # fmt: skip
    return ref


def test_a_quote_is_drafted_sent_signed_and_its_project_starts(cli: Cli, tmp_path: Path):
    ref = new_app_quote(cli)

    shown = cli.json("quote", "show", ref)
    assert (shown["status"], shown["number"], shown["currency"]) == ("draft", None, "EUR")
    assert (shown["net"], shown["tax"], shown["total"]) == ("66.66", "8.66", "75.32")
    assert [(line["description"], line["net"], line["vat"]["rate"]) for line in shown["lines"]] == [
        ("Design", "33.33", "19"),
        ("Books", "33.33", "7"),
    ]
    text = cli.ok("quote", "show", ref).stdout
    assert "Not sent yet" in text and "75.32 EUR" in text

    sent = cli.json("quote", "send", ref)
    number = sent["number"]
    assert NUMBER.fullmatch(number), sent
    assert (sent["status"], sent["issue_date"]) == ("sent", today())
    expected_until = (datetime.fromisoformat(today()) + timedelta(days=30)).date().isoformat()
    assert sent["valid_until"] == expected_until
    listed = cli.ok("quote", "list").stdout.splitlines()
    assert listed[0].split() == ["Quote", "Project", "Client", "Status", "Sent", "Valid", "until", "Total"]
    assert listed[2].split()[:4] == [number, "APP", "Globex", "sent"]
    assert listed[-1] == "1 quote."

    signed = cli.json("quote", "sign", number)

    assert (signed["status"], signed["project_status"], signed["deposit_invoice"]) == ("signed", "active", None)
    assert cli.ok("quote", "list", "--status", "draft").stdout == "No quotes match.\n"
    projects = {p["code"]: p["status"] for p in cli.json("project", "list")}
    assert projects["APP"] == "active"
    pdf = tmp_path / "quote.pdf"
    wrote = cli.ok("quote", "pdf", number, "-o", str(pdf))
    assert wrote.stdout.startswith(f"Wrote quote {number} to {pdf}")
    pages = "".join(page.extract_text() for page in PdfReader(BytesIO(pdf.read_bytes())).pages)
    for expected in (f"Quote {number}", expected_until, "75.32", "Phase 1", "SIGNED"):
        assert expected in pages


def test_a_deposit_client_signing_drafts_the_deposit_and_paying_it_starts_the_project(cli: Cli):
    setup(
        cli,
        ["client", "add", "Initech", "--email", "ap@initech.example", "--rate", "100", "--terms", "deposit:30"],
        ["project", "add", "Initech", "Shop", "--code", "SHOP"],
        ["assign", CONSULTANT, "SHOP"],
    )
    ref = cli.json("quote", "new", "--project", "SHOP")["reference"].removeprefix("draft ")
    cli.ok("quote", "line", "add", ref, "--description", "Build", "--quantity", "10", "--unit-price", "100")
    cli.ok("quote", "discount", ref, "--percent", "5")
    number = cli.json("quote", "send", ref)["number"]

    signed = cli.json("quote", "sign", number)

    assert signed["project_status"] == "waiting_deposit"
    deposit = signed["deposit_invoice"]
    assert deposit["total"] == "285.00"  # 30 % of 950.00; the organisation charges no VAT
    refused = cli("--as", CONSULTANT, "log", "add", "SHOP/General", "--date", today(), "--hours", "1", "--note", "x")
    assert refused.returncode == 3, refused
    finalised = cli.json("invoice", "finalize", deposit["reference"].removeprefix("draft "))
    cli.ok("invoice", "pay", finalised["number"], "--amount", "285.00", "--date", today())

    assert {p["code"]: p["status"] for p in cli.json("project", "list")}["SHOP"] == "active"
    cli.ok("--as", CONSULTANT, "log", "add", "SHOP/General", "--date", today(), "--hours", "1", "--note", "Kick-off")


def test_aging_lists_what_each_client_owes_with_its_figures(cli: Cli):
    assert cli.ok("aging").stdout == "No invoices issued yet.\n"
    draft = cli.json("invoice", "new", "--client", "Globex")["reference"].removeprefix("draft ")
    cli.ok("invoice", "line", "add", draft, "--description", "Workshop", "--quantity", "2", "--unit-price", "600")
    number = cli.json("invoice", "finalize", draft)["number"]
    cli.ok("invoice", "pay", number, "--amount", "200", "--date", today())

    report = cli.json("aging")

    [globex] = report["clients"]
    assert (globex["client"], globex["currency"], globex["current"], globex["1-30"], globex["90+"]) == (
        "Globex",
        "EUR",
        "1000.00",
        "0.00",
        "0.00",
    )
    assert (globex["outstanding"], globex["billed"], globex["paid"], globex["grade"]) == (
        "1000.00",
        "1200.00",
        "200.00",
        "A",
    )
    assert globex["average_days_to_pay"] is None
    assert report["totals"] == [
        {"currency": "EUR", "current": "1000.00", "1-30": "0.00", "31-60": "0.00", "61-90": "0.00", "90+": "0.00",
         "outstanding": "1000.00"}
    ]  # fmt: skip
    lines = cli.ok("aging").stdout.splitlines()
    assert lines[0].split() == [
        "Client", "Current", "1-30", "31-60", "61-90", "90+", "Outstanding", "Billed", "Paid", "Avg", "days", "Grade",
    ]  # fmt: skip
    assert lines[2].split()[:3] == ["Globex", "1,000.00", "EUR"]
    assert lines[-1].split()[:3] == ["Total", "1,000.00", "EUR"]


def test_bad_quote_input_is_refused_and_writes_nothing(cli: Cli, tmp_path: Path):
    number = cli.json("quote", "send", new_app_quote(cli))["number"]
    cli.ok("quote", "sign", number)
    draft = cli.json("quote", "new", "--project", "APP")["reference"].removeprefix("draft ")
    cli.ok("quote", "line", "add", draft, "--description", "Review", "--quantity", "1", "--unit-price", "10")
    before = fingerprint(cli.db)

    for args, problems in (
        (["quote", "line", "add", draft, "--description", " ", "--quantity", "1", "--unit-price", "1"], 1),
        (["quote", "line", "add", draft, "--description", "", "--quantity", "0", "--unit-price", "1.001"], 3),
        (["quote", "line", "add", draft, "--description", "Huge", "--quantity", "999999999",
          "--unit-price", "999999999999"], 1),
        (["quote", "line", "add", draft, "--description", "x", "--quantity", "1", "--unit-price", "9" * 300], 1),
        (["quote", "line", "add", draft, "--description", "x", "--quantity", "1", "--unit-price", "1",
          "--tax-rate", "101"], 1),
        (["quote", "discount", draft, "--amount", "10.01"], 1),  # more than the net
        (["quote", "discount", number, "--percent", "5"], 1),  # sent: no longer changes
        (["quote", "sign", draft], 1),  # still a draft
        (["quote", "sign", number], 1),  # signed twice
        (["quote", "decline", number], 1),
        (["quote", "sign", "Q-2099-0042"], 1),
        (["quote", "show", "nope"], 1),
        (["quote", "new", "--project", "NOPE"], 1),
        (["quote", "new", "--project", "APP", "--valid-until", "2020-01-01"], 1),
        (["quote", "new", "--project", "APP", "--valid-until", "tomorrow"], 1),
        (["quote", "send", number], 1),
        (["quote", "list", "--status", "lost"], 1),
        (["quote", "pdf", number, "-o", str(tmp_path / "missing" / "q.pdf")], 1),
        (["--as", CONSULTANT, "quote", "new", "--project", "APP"], 1),
        (["--as", CONSULTANT, "aging"], 1),
    ):  # fmt: skip
        assert_refused(cli(*args), problems=problems)
    for args in (
        ["quote", "line", "add", draft, "--description", "x", "--quantity", "1", "--unit-price", "1",
         "--tax-rate", "19", "--tax-exempt", "why"],
        ["quote", "discount", draft],
        ["quote", "discount", draft, "--percent", "5", "--amount", "5"],
        ["quote", "pdf", number],
    ):  # fmt: skip
        assert_usage_error(cli(*args))

    assert fingerprint(cli.db) == before
