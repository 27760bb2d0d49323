"""`timeledger invoice ...` end to end: the issue's worked examples to the cent, 0- and 3-decimal currencies,
drafting approved time, finalising under gapless numbers, payments, credit notes, the PDF read back, and bad
input refused with exit 3, a sentence, and not one byte written.

The CLI runs on the real clock, so issue dates, numbers ("2026-0001") and payment days follow today in Berlin.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from cli import CONSULTANT, Cli, assert_refused, concurrently, fingerprint, run_in_one_process
from pypdf import PdfReader

pytestmark = pytest.mark.slow

TODAY = datetime.now(ZoneInfo("Europe/Berlin")).date()
YEAR = TODAY.year
WEEK = "2026-W10"  # Monday 2 to Sunday 8 March 2026


def setup(cli: Cli, *argvs: list[str]) -> str:
    """Several commands in one process (each CLI start costs half a second); their output."""
    result = run_in_one_process([["--db", str(cli.db), *argv] for argv in argvs], env=cli.env)
    assert result.returncode == 0, result
    return result.stdout


def draft(cli: Cli, client: str = "Globex", *lines: list[str]) -> str:
    """A new draft for the client with these lines (each: description, quantity, unit price, options...);
    the id `invoice list` shows for it."""
    created = cli.json("invoice", "new", "--client", client)
    assert (created["status"], created["number"]) == ("draft", None)
    ref = created["reference"].removeprefix("draft ")
    if lines:
        setup(cli, *(["invoice", "line", "add", ref, "--description", d, "--quantity", q, "--unit-price", p, *rest]
                     for d, q, p, *rest in lines))  # fmt: skip
    return ref


def totals(shown: dict) -> tuple[str, ...]:
    return shown["net"], shown["tax"], shown["total"]


def test_two_rates_are_taxed_per_category_to_the_cent(cli: Cli):
    ref = draft(
        cli, "Globex", ["Consulting", "1", "33.33", "--tax-rate", "19"], ["Books", "1", "33.33", "--tax-rate", "7"]
    )

    shown = cli.json("invoice", "show", ref)

    assert (shown["status"], shown["number"], shown["currency"]) == ("draft", None, "EUR")
    assert totals(shown) == ("66.66", "8.66", "75.32")
    assert (shown["paid"], shown["balance"]) == ("0.00", "0.00")
    assert [(row["vat"]["rate"], row["taxable"], row["tax"]) for row in shown["breakdown"]] == [
        ("19", "33.33", "6.33"),
        ("7", "33.33", "2.33"),
    ]
    assert [
        (line["description"], line["quantity"], line["unit_price"], line["net"], line["vat"]["rate"])
        for line in shown["lines"]
    ] == [("Consulting", "1", "33.33", "33.33", "19"), ("Books", "1", "33.33", "33.33", "7")]
    text = cli.ok("invoice", "show", ref).stdout
    assert "VAT 19 % on 33.33 EUR" in text and text.splitlines()[-1].split() == ["Total", "75.32", "EUR"]


def test_three_lines_at_one_rate_are_taxed_once_on_their_sum(cli: Cli):
    line = ["Hosting", "1", "33.33", "--tax-rate", "19"]
    ref = draft(cli, "Globex", line, line, line)

    assert totals(cli.json("invoice", "show", ref)) == ("99.99", "19.00", "118.99")


def test_a_percentage_discount_is_split_over_the_rates_before_tax(cli: Cli):
    ref = draft(
        cli, "Globex", ["Workshop", "1", "1000.00", "--tax-rate", "8"], ["Books", "2", "250", "--tax-rate", "0"]
    )

    changed = cli.json("invoice", "discount", ref, "--percent", "5")
    shown = cli.json("invoice", "show", ref)

    assert changed["discount"] == shown["discount"] == "75.00"
    assert (shown["lines_net"], shown["discount_percent"]) == ("1500.00", "5")
    assert [(row["discount"], row["taxable"], row["tax"]) for row in shown["breakdown"]] == [
        ("50.00", "950.00", "76.00"),
        ("25.00", "475.00", "0.00"),
    ]
    assert totals(shown) == ("1425.00", "76.00", "1501.00")
    assert totals(cli.json("invoice", "discount", ref, "--none")) == ("1500.00", "80.00", "1580.00")


def test_a_yen_invoice_has_no_decimals_and_rounds_half_up_to_whole_yen(cli: Cli):
    setup(
        cli, ["client", "add", "Nippon Denki", "--email", "ap@nippon.example", "--currency", "JPY", "--rate", "15000"]
    )
    ref = draft(cli, "Nippon Denki", ["東京 workshop", "1.5", "999", "--tax-rate", "10"], ["Travel", "1", "1234"])

    shown = cli.json("invoice", "show", ref)

    assert shown["currency"] == "JPY"
    assert [line["net"] for line in shown["lines"]] == ["1499", "1234"]  # 1498.5 rounds up
    assert totals(shown) == ("2733", "150", "2883")  # 149.9 -> 150; Travel at the default 0 %
    refused = cli("invoice", "line", "add", ref, "--description", "x", "--quantity", "1", "--unit-price", "10.5")
    assert_refused(refused)
    assert refused.stderr == "error: JPY amounts have no decimals; '10.5' has 1.\n"


def test_a_dinar_invoice_keeps_three_decimals(cli: Cli):
    setup(cli, ["client", "add", "Gulf Trading", "--email", "ap@gulf.example", "--currency", "KWD", "--rate", "40"])
    ref = draft(cli, "Gulf Trading", ["Advisory", "1", "12.345", "--tax-rate", "5"], ["Report", "0.5", "0.001"])

    shown = cli.json("invoice", "show", ref)

    assert [line["net"] for line in shown["lines"]] == ["12.345", "0.001"]  # 0.0005 rounds up to 0.001
    assert totals(shown) == ("12.346", "0.617", "12.963")  # 0.61725 -> 0.617
    cli.ok("invoice", "finalize", ref)
    assert cli.json("invoice", "list", "--client", "Gulf Trading")[0]["balance"] == "12.963"


def carl_s_week_is_approved(cli: Cli) -> None:
    setup(
        cli,
        ["--as", CONSULTANT, "log", "add", "WEB/General", "--date", "2026-03-02", "--hours", "2:30", "--note", "Specs"],
        ["--as", CONSULTANT, "log", "add", "WEB/General", "--date", "2026-03-03", "--hours", "1:15", "--note", "Call"],
        ["--as", CONSULTANT, "submit", "--week", WEEK],
        ["approve", CONSULTANT, "--week", WEEK],
        ["org", "set", "--tax-rate", "19"],
    )


def test_approved_time_is_drafted_then_finalised_under_the_next_gapless_numbers(cli: Cli):
    carl_s_week_is_approved(cli)

    drafted = cli("--json", "invoice", "draft", "--client", "Globex", "--from", "2026-03-01", "--to", "2026-03-31")

    assert drafted.returncode == 0 and drafted.stderr == "", drafted  # every entry had a rate: no warning
    data = drafted.json()
    assert (data["entries"], data["unpriced"], data["status"]) == (2, 0, "draft")
    assert totals(data) == ("525.00", "99.75", "624.75")  # 3.75 h at Carl's 140.00 on WEB, 19 % VAT
    ref = data["reference"].removeprefix("draft ")
    shown = cli.json("invoice", "show", ref)
    assert [(line["kind"], line["quantity"], line["unit_price"]) for line in shown["lines"]] == [
        ("hours", "3.75", "140.00")
    ]
    assert shown["entries"] == 2
    again = cli("invoice", "draft", "--client", "Globex", "--from", "2026-03-01", "--to", "2026-03-31")
    assert_refused(again)  # the entries are on the first draft already

    finalised = cli.json("invoice", "finalise", ref)
    second = cli.json("invoice", "finalize", draft(cli, "Globex", ["Hosting", "1", "10"]))

    assert (finalised["status"], finalised["number"], finalised["issue_date"]) == ("sent", f"{YEAR}-0001", str(TODAY))
    assert second["number"] == f"{YEAR}-0002"
    entries = cli.json("log", "list", "--week", WEEK, "--user", CONSULTANT)["entries"]
    assert {entry["status"] for entry in entries} == {"invoiced"}
    listed = cli.ok("invoice", "list").stdout.splitlines()
    assert listed[0].split() == ["Invoice", "Client", "Status", "Issued", "Due", "Total", "Balance"]
    assert [row.split()[:4] for row in listed[2:4]] == [  # newest first
        [f"{YEAR}-0002", "Globex", "sent", str(TODAY)],
        [f"{YEAR}-0001", "Globex", "sent", str(TODAY)],
    ]
    assert listed[-1] == "2 invoices."


def test_payments_settle_an_invoice_and_an_overpayment_is_refused_with_the_balance(cli: Cli):
    number = cli.json("invoice", "finalize", draft(cli, "Globex", ["Hosting", "3", "33.33", "--tax-rate", "19"]))[
        "number"
    ]

    partly = cli.json("invoice", "pay", number, "--amount", "50", "--date", str(TODAY), "--reference", "Bank 1")
    assert (partly["status"], partly["paid"], partly["balance"]) == ("partially_paid", "50.00", "68.99")

    before = fingerprint(cli.db)
    over = cli("invoice", "pay", number, "--amount", "100.00", "--date", str(TODAY))
    assert_refused(over)
    assert over.stderr == (
        f"error: A payment of 100.00 EUR is more than the open balance of 68.99 EUR on invoice {number}.\n"
    )
    assert fingerprint(cli.db) == before

    paid = cli.json("invoice", "pay", number, "--amount", "68.99", "--date", str(TODAY), "--method", "card")
    assert (paid["status"], paid["balance"], paid["paid_on"]) == ("paid", "0.00", str(TODAY))
    shown = cli.json("invoice", "show", number)
    assert [(p["amount"], p["method"], p["reference"]) for p in shown["payments"]] == [
        ("50.00", "bank transfer", "Bank 1"),
        ("68.99", "card", ""),
    ]

    reversed_ = cli.json("invoice", "unpay", shown["payments"][1]["id"][-8:], "--reason", "Card charged back")
    assert (reversed_["status"], reversed_["balance"]) == ("partially_paid", "68.99")


def test_a_credit_note_cancels_an_invoice_with_negative_totals_and_releases_its_time(cli: Cli):
    carl_s_week_is_approved(cli)
    data = cli.json("invoice", "draft", "--client", "Globex", "--from", "2026-03-02", "--to", "2026-03-08")
    number = cli.json("invoice", "finalize", data["reference"].removeprefix("draft "))["number"]

    note = cli.json("invoice", "credit", number, "--release-time", "--reason", "Wrong client")

    assert (note["kind"], note["number"], note["credited"], note["released_entries"]) == (
        "credit_note",
        f"CN-{YEAR}-0001",
        number,
        2,
    )
    assert totals(note) == ("-525.00", "-99.75", "-624.75")
    original = cli.json("invoice", "show", number)
    assert (original["status"], original["credit_notes"], original["balance"]) == ("void", [note["number"]], "0.00")
    assert cli.json("invoice", "show", note["number"])["credited_number"] == number
    entries = cli.json("log", "list", "--week", WEEK, "--user", CONSULTANT)["entries"]
    assert {entry["status"] for entry in entries} == {"approved"}  # free to bill again
    assert_refused(cli("invoice", "credit", number))  # void already


def test_the_pdf_holds_the_number_and_total_and_is_only_written_into_an_existing_folder(cli: Cli, tmp_path: Path):
    setup(
        cli,
        [
            "org",
            "set",
            "--address",
            "Hauptstraße 1\n10115 Berlin",
            "--bank-details",
            "IBAN DE89 3704 0044 0532 0130 00",
        ],
    )
    ref = draft(
        cli, "Globex", ["Consulting", "1", "33.33", "--tax-rate", "19"], ["Books", "1", "33.33", "--tax-rate", "7"]
    )
    number = cli.json("invoice", "finalize", ref)["number"]
    target = tmp_path / "out" / "invoice.pdf"

    missing = cli("invoice", "pdf", number, "-o", str(target))
    assert_refused(missing)
    assert missing.stderr == (
        f"error: The folder {target.parent} does not exist; choose a file in an existing folder.\n"
    )
    assert not target.parent.exists()

    target.parent.mkdir()
    written = cli.json("invoice", "pdf", number, "-o", str(target))
    assert written["file"] == str(target)
    text = "\n".join(page.extract_text() for page in PdfReader(target).pages)
    assert number in text and "75.32 EUR" in text and "Hauptstraße 1" in text and "IBAN DE89" in text
    assert [p.name for p in target.parent.iterdir()] == ["invoice.pdf"]  # no temporary file left behind


def test_bad_input_exits_3_with_a_sentence_and_writes_nothing(cli: Cli):
    ref = draft(cli, "Globex", ["Consulting", "1", "100.00"])
    issued = cli.json("invoice", "finalize", draft(cli, "Globex", ["Hosting", "1", "10.00"]))
    issued_line = cli.json("invoice", "show", issued["number"])["lines"][0]["id"]
    before = fingerprint(cli.db)

    def line(*options: str) -> list[str]:
        return ["invoice", "line", "add", ref, *options]

    cases = [
        (line("--description", " ", "--quantity", "1", "--unit-price", "1"), "The description cannot be empty."),
        (line("--description", "x", "--quantity", "0", "--unit-price", "1"), "The quantity must be more than zero."),
        (line("--description", "x", "--quantity", "-1", "--unit-price", "1"), "The quantity must be more than zero."),
        (line("--description", "x", "--quantity", "1e99", "--unit-price", "1"), "'1e99' is not a quantity"),
        (line("--description", "x", "--quantity", "abc", "--unit-price", "1"), "'abc' is not a quantity"),
        (line("--description", "x", "--quantity", "1", "--unit-price", "1.234"), "EUR amounts have at most 2 decimals"),
        (line("--description", "x", "--quantity", "1", "--unit-price", "1", "--tax-rate", "19.999"),
         "is not a percentage"),
        (["invoice", "show", "2026-9999"], "There is no invoice '2026-9999'"),
        (["invoice", "pay", "2026-9999", "--amount", "1", "--date", str(TODAY)], "There is no invoice '2026-9999'"),
        (["invoice", "line", "add", issued["number"], "--description", "x", "--quantity", "1", "--unit-price", "1"],
         "is issued and can no longer change; correct it with a credit note."),
        (["invoice", "line", "edit", issued_line, "--quantity", "2"], "is issued and can no longer change"),
        (["invoice", "discount", issued["number"], "--percent", "5"], "is issued and can no longer change"),
        (["invoice", "delete", issued["number"]], "is issued and can no longer change"),
        (["invoice", "discount", ref, "--amount", "100.01"],
         "A discount of 100.01 EUR is more than the lines' net of 100.00 EUR."),
        (["invoice", "pay", issued["number"], "--amount", "1", "--date", "2026-02-30"], "is not a day in the calendar"),
        (["--as", CONSULTANT, "invoice", "list"], "Only managers and admins can see invoices"),
    ]  # fmt: skip
    results = concurrently([lambda args=args: cli(*args) for args, _ in cases])

    for (_, sentence), result in zip(cases, results, strict=True):
        assert_refused(result)
        assert sentence in result.stderr, result
    assert fingerprint(cli.db) == before


def test_every_problem_of_a_line_is_said_at_once(cli: Cli):
    ref = draft(cli, "Globex")
    before = fingerprint(cli.db)

    result = cli("invoice", "line", "add", ref, "--description", "", "--quantity", "abc", "--unit-price", "1.234",
                 "--tax-rate", "200")  # fmt: skip

    assert_refused(result, problems=4)
    assert fingerprint(cli.db) == before


def test_a_draft_is_edited_by_line_and_deleted(cli: Cli):
    ref = draft(cli, "Globex", ["Consulting", "2", "100", "--tax-rate", "19"], ["Books", "1", "20"])
    lines = cli.json("invoice", "show", ref)["lines"]
    shown_ids = cli.ok("invoice", "show", ref).stdout

    assert all(line["id"][-8:] in shown_ids for line in lines)
    edited = cli.json("invoice", "line", "edit", lines[0]["id"][-8:], "--quantity", "3", "--reverse-charge", "EU B2B")
    assert (edited["line"]["net"], edited["line"]["vat"]["category"], edited["line"]["vat"]["reason"]) == (
        "300.00",
        "AE",
        "EU B2B",
    )
    removed = cli.json("invoice", "line", "remove", lines[1]["id"][-8:])
    assert totals(removed) == ("300.00", "0.00", "300.00")
    assert cli.ok("invoice", "delete", ref).stdout == f"Deleted draft {ref}.\n"
    assert cli.ok("invoice", "list").stdout == "No invoices yet.\n"


def test_approved_time_without_a_rate_is_left_out_of_the_draft_with_a_warning(fresh_cli: Cli):
    sam = "sam@solo.example"
    setup(
        fresh_cli,
        ["init", "--org", "Solo", "--currency", "EUR", "--name", "Sam", "--email", sam, "--no-approval"],
        ["client", "add", "Globex", "--email", "ap@globex.example"],  # no rate anywhere for WEB
        ["project", "add", "Globex", "Web", "--code", "WEB", "--status", "active"],
        ["project", "add", "Globex", "Ops", "--code", "OPS", "--status", "active", "--rate", "100"],
        ["assign", sam, "WEB"],
        ["assign", sam, "OPS"],
        ["log", "add", "WEB", "--date", "2026-03-02", "--hours", "2", "--note", "Unpriced"],
        ["log", "add", "OPS", "--date", "2026-03-02", "--hours", "1", "--note", "Priced"],
        ["submit", "--week", WEEK],
    )

    result = fresh_cli("invoice", "draft", "--client", "Globex", "--from", "2026-03-01", "--to", "2026-03-31")

    assert result.returncode == 0, result
    assert result.stderr == "warning: 1 approved entry has no rate and was left out of the draft.\n"
    assert (
        result.stdout.startswith("Drafted draft ") and "1 approved entry on 1 line, 100.00 EUR in all." in result.stdout
    )
