"""The `timeledger` CLI end to end: what a user gets wrong.

A mistake exits with 2 (usage, from argparse) or 3 (a rule or input check), prints one
`error: <sentence>` line per problem on stderr and never a traceback, and writes nothing: the whole
database (every table, the audit log included) is the same before and after.
Names are data: SQL, markup and any script are accepted and shown exactly as typed.
"""

from __future__ import annotations

import sqlite3
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path

import pytest
from cli import (
    Cli,
    Result,
    assert_refused,
    assert_usage_error,
    checkpoint,
    concurrently,
    copy_database,
    fingerprint,
    folder_snapshot,
    table_counts,
)

pytestmark = pytest.mark.slow

# The note limit is 10,000 characters. Linux caps one command-line argument at 128 KiB
# (MAX_ARG_STRLEN), so a 10-MB note cannot even be passed; 100,000 characters is ten times the
# limit and still fits in one argument.
LONG_NOTE = "x" * 100_000

INITECH = ("client", "add", "Initech", "--email", "billing@initech.example")
ON_MONDAY = ("--date", "2026-03-02")


@dataclass(frozen=True)
class Mistake:
    name: str
    args: tuple[str, ...]
    says: tuple[str, ...] = ()  # for a refusal: a fragment of each error line, in order


REFUSED = [
    Mistake("invalid-email", ("user", "add", "Eve", "--email", "eve.example"), ("Email 'eve.example' is not a valid",)),
    Mistake(
        "duplicate-user-email-in-another-case",
        ("user", "add", "Carl Again", "--email", "CARL@Acme.Example"),
        ("A user with email carl@acme.example already exists.",),
    ),
    Mistake(
        "duplicate-client-email-in-another-case",
        ("client", "add", "Globex Europe", "--email", "AP@GLOBEX.example"),
        ("A client with email ap@globex.example already exists (Globex).",),
    ),
    Mistake("negative-hours", ("log", "add", "WEB/Design", *ON_MONDAY, "--hours", "-2"), ("'-2' is negative",)),
    Mistake(
        "zero-hours", ("log", "add", "WEB/Design", *ON_MONDAY, "--hours", "0:00"), ("a duration longer than 0:00",)
    ),
    Mistake(
        "end-before-start",
        ("log", "add", "WEB/Design", *ON_MONDAY, "--from", "17:00", "--to", "09:00"),
        ("The entry ends (09:00) before it starts (17:00).",),
    ),
    Mistake("more-than-a-day", ("log", "add", "WEB/Design", *ON_MONDAY, "--hours", "25"), ("at most 24:00 hours",)),
    Mistake(
        "overlapping-entry",
        ("log", "add", "WEB/General", "--date", "2026-02-02", "--from", "11:00", "--to", "13:00"),
        ("overlaps your entry on WEB/Design from 09:00 to 12:00 on 2026-02-02",),
    ),
    Mistake(
        "unknown-project",
        ("log", "add", "NOPE", *ON_MONDAY, "--hours", "1"),
        ("There is no project with code NOPE",),
    ),
    Mistake(
        "unknown-task",
        ("log", "add", "WEB/Nope", *ON_MONDAY, "--hours", "1"),
        ("Project WEB has no task 'Nope' (tasks: Design, General).",),
    ),
    Mistake("task-needed-for-the-timer", ("start", "WEB"), ("name one as WEB/TASK (Design, General)",)),
    Mistake("wrong-currency-code", (*INITECH, "--currency", "EURO"), ("'EURO' is not a currency code",)),
    Mistake(
        "more-decimals-than-euros-have",
        (*INITECH, "--rate", "12.345"),
        ("EUR amounts have at most 2 decimals; '12.345' has 3.",),
    ),
    Mistake(
        "decimals-in-yen",
        (*INITECH, "--currency", "JPY", "--rate", "1.5"),
        ("JPY amounts have no decimals; '1.5' has 1.",),
    ),
    Mistake(
        "note-too-long",
        ("log", "add", "WEB/Design", *ON_MONDAY, "--hours", "1", "--note", LONG_NOTE),
        ("The note can be at most 10,000 characters long, not 100,000.",),
    ),
    Mistake(
        "every-problem-at-once",
        ("client", "add", " ", "--email", "bad", "--currency", "EURO", "--terms", "net:1000"),
        ("name cannot be empty", "Email 'bad'", "'EURO' is not a currency", "Payment terms 'net:1000'"),
    ),
    Mistake(
        "unknown-user-after-as",
        ("--as", "nobody@acme.example", "status"),
        ("There is no user with email 'nobody@acme.example' in Acme.",),
    ),
    Mistake(
        "init-twice",
        ("init", "--org", "Other", "--currency", "EUR", "--name", "Olga", "--email", "olga@other.example"),
        ("This database already belongs to Acme",),
    ),
]

USAGE = [
    Mistake("unknown-command", ("frobnicate",)),
    Mistake("missing-required-option", ("user", "add", "Eve")),
    Mistake("missing-argument", ("log", "add", "--hours", "1")),
]

JSON_MISTAKE = Mistake("json", ("--json", *INITECH, "--currency", "EURO", "--rate", "12.5"))


@dataclass(frozen=True)
class Attempt:
    result: Result
    before: str
    after: str


@pytest.fixture(scope="module")
def attempts(template_db: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Attempt]:
    """Every mistake above, each on its own copy of the database, run side by side."""
    mistakes = [*REFUSED, *USAGE, JSON_MISTAKE]
    clis = []
    for mistake in mistakes:
        folder = tmp_path_factory.mktemp(mistake.name)
        (folder / "home").mkdir()
        clis.append(Cli(copy_database(template_db, folder / "acme.db"), folder / "home"))

    def attempt(mistake: Mistake, cli: Cli) -> Attempt:
        before = fingerprint(cli.db)
        result = cli(*mistake.args)
        return Attempt(result, before, fingerprint(cli.db))

    done = concurrently([lambda m=m, c=c: attempt(m, c) for m, c in zip(mistakes, clis, strict=True)])
    return {m.name: a for m, a in zip(mistakes, done, strict=True)}


@pytest.mark.parametrize("mistake", REFUSED, ids=lambda m: m.name)
def test_a_refused_command_prints_one_error_line_per_problem_and_writes_nothing(mistake, attempts):
    attempt = attempts[mistake.name]
    assert_refused(attempt.result, problems=len(mistake.says))
    for line, fragment in zip(attempt.result.error_lines, mistake.says, strict=True):
        assert fragment in line, attempt.result
    assert attempt.after == attempt.before


@pytest.mark.parametrize("mistake", USAGE, ids=lambda m: m.name)
def test_a_usage_mistake_exits_2_with_the_usage_and_writes_nothing(mistake, attempts):
    attempt = attempts[mistake.name]
    assert_usage_error(attempt.result)
    assert attempt.after == attempt.before


def test_with_json_a_refusal_is_also_printed_as_a_json_error_object(attempts):
    attempt = attempts[JSON_MISTAKE.name]
    result = attempt.result
    assert result.returncode == 3 and "Traceback" not in result.stderr
    assert result.error_lines == [
        "error: 'EURO' is not a currency code; use an ISO 4217 code such as EUR or USD.",
    ]
    error = result.json()["error"]
    assert error["problems"] == [
        {
            "code": "unknown_currency",
            "message": "'EURO' is not a currency code; use an ISO 4217 code such as EUR or USD.",
            "field": "currency",
        }
    ]
    assert error["message"] == error["problems"][0]["message"]
    assert attempt.after == attempt.before


SQL = "Robert'); DROP TABLE clients;--"
MARKUP = "<b>Launch</b> & <script>alert('x')</script>"
TEMPLATE_LIKE = "%s {0} ${HOME} $(rm -rf ~) `id`"
NOTE = "'; DELETE FROM task_log_entries; --\n<i>second line</i> &amp;"


def test_sql_and_markup_in_names_and_notes_are_kept_and_shown_verbatim(cli: Cli):
    assert cli.json("client", "add", SQL, "--email", "bobby@tables.example")["name"] == SQL
    assert cli.json("project", "add", SQL, MARKUP, "--code", "XSS", "--status", "active")["name"] == MARKUP
    assert cli.json("task", "add", "XSS", TEMPLATE_LIKE)["name"] == TEMPLATE_LIKE
    cli.ok("assign", "ada@acme.example", "XSS")
    logged = cli.json("log", "add", f"XSS/{TEMPLATE_LIKE}", *ON_MONDAY, "--hours", "1", "--note", NOTE)
    assert logged["note"] == NOTE and logged["task"] == TEMPLATE_LIKE and logged["client"] == SQL

    xss = next(p for p in cli.json("project", "list") if p["code"] == "XSS")
    assert (xss["name"], xss["client"]) == (MARKUP, SQL)
    assert [t["name"] for t in xss["tasks"]] == [TEMPLATE_LIKE, "General"]
    listing = cli.ok("client", "list").stdout
    assert SQL in listing  # plain text, not escaped
    counts = table_counts(cli.db)
    assert counts["clients"] == 2 and counts["task_log_entries"] == 2


def test_unicode_names_are_accepted_and_stored_in_composed_form(cli: Cli):
    decomposed = "Zoe\u0308 Ñandú 株式会社 🚀"  # "ë" typed as e + combining diaeresis
    composed = "Zoë Ñandú 株式会社 🚀"
    client = cli.json("client", "add", decomposed, "--email", "zoe@xn--nand-gra.example", "--currency", "jpy")
    assert client["name"] == composed and client["currency"] == "JPY"
    project = cli.json("project", "add", composed, "مشروع التصميم", "--code", "RTL", "--rate", "15000")
    assert project["name"] == "مشروع التصميم"  # the client was found by its name, typed composed
    assert composed in cli.ok("client", "list").stdout


def refused_open(db: Path, home: Path) -> tuple[Result, dict[str, bytes], dict[str, bytes]]:
    before = folder_snapshot(db.parent)
    result = Cli(db, home)("client", "list")
    return result, before, folder_snapshot(db.parent)


def test_damaged_foreign_or_newer_database_files_are_refused_and_left_untouched(template_db: Path, tmp_path: Path):
    home = tmp_path / "home"
    home.mkdir()
    garbage = tmp_path / "garbage" / "timeledger.db"
    garbage.parent.mkdir()
    garbage.write_bytes(b"SQLite format 3\x00" + bytes(range(256)) * 8)
    truncated = copy_database(template_db, tmp_path / "truncated" / "timeledger.db")
    truncated.write_bytes(truncated.read_bytes()[: truncated.stat().st_size // 2])
    foreign = tmp_path / "foreign" / "recipes.db"
    foreign.parent.mkdir()
    with closing(sqlite3.connect(foreign)) as connection:
        connection.execute("CREATE TABLE recipes (id INTEGER PRIMARY KEY, name TEXT)")
        connection.execute("INSERT INTO recipes (name) VALUES ('soup')")
        connection.commit()
    newer = copy_database(template_db, tmp_path / "newer" / "timeledger.db")
    with closing(sqlite3.connect(newer)) as connection:
        connection.execute("UPDATE alembic_version SET version_num = '9999_from_the_future'")
        connection.commit()
    checkpoint(newer)

    expected = {
        garbage: "is not a Timeledger database or it is damaged",
        truncated: "is not a Timeledger database or it is damaged",
        foreign: "already holds tables but is not a Timeledger database",
        newer: "was written by a newer version of Timeledger",
    }
    outcomes = concurrently([lambda db=db: refused_open(db, home) for db in expected])
    for (db, says), (result, before, after) in zip(expected.items(), outcomes, strict=True):
        assert_refused(result)
        assert says in result.stderr and str(db) in result.stderr, result
        assert after == before, f"{db} was changed"
