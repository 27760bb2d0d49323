"""Running the real `timeledger` command in a subprocess, and looking at what it left in the database.

Every run gets a private environment: TIMELEDGER_DB removed unless a test sets it, HOME and
XDG_DATA_HOME pointed into the test's temporary folder, so the user's real data folder is never read
or written. The database is given with --db unless a test is about where the database lives.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
import sys
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

ROOT = Path(__file__).resolve().parents[2]
TIMEOUT_S = 60
WORKERS = min(8, os.cpu_count() or 2)
T = TypeVar("T")

ADMIN = "ada@acme.example"
CONSULTANT = "carl@acme.example"

# The organisation every module starts from (see `build_template`): Acme in EUR and Berlin time with a
# default rate of 90.00; client Globex at 120.00; project WEB at 150.00 with tasks General and Design
# (160.00); project SUP with only its General task; Carl assigned to WEB at 140.00 from 2026-01-01, Ada to WEB and SUP;
# Ada's one entry, WEB/Design on Monday 2 February 2026 from 09:00 to 12:00.
# fmt: off
TEMPLATE_COMMANDS: list[list[str]] = [
    ["init", "--org", "Acme", "--currency", "EUR", "--name", "Ada Admin", "--email", ADMIN,
     "--time-zone", "Europe/Berlin", "--rate", "90"],
    ["user", "add", "Carl Consultant", "--email", CONSULTANT, "--role", "consultant", "--team", "blue"],
    ["client", "add", "Globex", "--email", "ap@globex.example", "--rate", "120", "--terms", "net:30"],
    ["project", "add", "Globex", "Website", "--code", "WEB", "--rate", "150", "--status", "active"],
    ["task", "add", "WEB", "Design", "--rate", "160"],
    ["project", "add", "Globex", "Support", "--code", "SUP", "--status", "active"],
    ["assign", CONSULTANT, "WEB", "--rate", "140", "--from", "2026-01-01"],
    ["assign", ADMIN, "WEB"],  # billable time needs an assignment, an admin's too
    ["assign", ADMIN, "SUP"],
    ["log", "add", "WEB/Design", "--date", "2026-02-02", "--from", "09:00", "--to", "12:00", "--note", "Workshop"],
]
# fmt: on


@dataclass(frozen=True)
class Result:
    args: tuple[str, ...]
    returncode: int
    stdout: str
    stderr: str

    def json(self) -> Any:
        return json.loads(self.stdout)

    @property
    def error_lines(self) -> list[str]:
        return self.stderr.splitlines()

    def __str__(self) -> str:  # shown by pytest when an assertion about a run fails
        return f"timeledger {' '.join(self.args)!r} -> {self.returncode}\nstdout: {self.stdout}\nstderr: {self.stderr}"


def cli_env(home: Path, **extra: str) -> dict[str, str]:
    """The environment of one run: no TIMELEDGER_DB, a private HOME and data folder, UTF-8 output."""
    env = {k: v for k, v in os.environ.items() if k not in ("TIMELEDGER_DB", "XDG_DATA_HOME", "XDG_CONFIG_HOME")}
    env.update(
        HOME=str(home),
        XDG_DATA_HOME=str(home / "data"),
        XDG_CONFIG_HOME=str(home / "config"),
        PYTHONIOENCODING="utf-8",
        PYTHONUTF8="1",
        TIMELEDGER_BUSY_TIMEOUT_MS="2000",
    )
    env.update(extra)
    return env


def run_cli(*args: str, env: dict[str, str]) -> Result:
    """`python -m app.cli.main ARGS...` from the repository root, exactly as a user would type it."""
    done = subprocess.run(
        [sys.executable, "-m", "app.cli.main", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=TIMEOUT_S,
    )
    return Result(tuple(args), done.returncode, done.stdout, done.stderr)


def run_in_one_process(argvs: list[list[str]], *, env: dict[str, str]) -> Result:
    """Several commands through the CLI's own `main()` in one process: for setup, and where the
    commands must follow each other within the same second."""
    script = (
        "import json, sys\n"
        "from app.cli.main import main\n"
        "for argv in json.loads(sys.argv[1]):\n"
        "    code = main(argv)\n"
        "    if code:\n"
        "        sys.exit(code)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script, json.dumps(argvs)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=TIMEOUT_S,
    )
    return Result(("<in one process>",), done.returncode, done.stdout, done.stderr)


def concurrently(jobs: Iterable[Callable[[], T]]) -> list[T]:
    """Run independent jobs (each starting its own CLI processes) side by side; results in order.

    Every CLI run costs about half a second of start-up, so independent runs share the CPUs."""
    with ThreadPoolExecutor(max_workers=WORKERS) as pool:
        return list(pool.map(lambda job: job(), jobs))


class Cli:
    """The CLI bound to one database file (given with --db) and one private environment."""

    def __init__(self, db: Path, home: Path):
        self.db = db
        self.home = home
        self.env = cli_env(home)

    def __call__(self, *args: str) -> Result:
        return run_cli("--db", str(self.db), *args, env=self.env)

    def json(self, *args: str) -> Any:
        """Run with --json, require success, and return the parsed output."""
        result = self("--json", *args)
        assert result.returncode == 0, result
        assert "Traceback" not in result.stderr, result
        return result.json()

    def ok(self, *args: str) -> Result:
        result = self(*args)
        assert result.returncode == 0, result
        assert "Traceback" not in result.stderr, result
        return result


def checkpoint(db: Path) -> None:
    """Fold the write-ahead log into the main file, so copying the one file copies everything."""
    with closing(sqlite3.connect(db)) as connection:
        connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")


def build_template(folder: Path) -> Path:
    """The Acme database of TEMPLATE_COMMANDS, made through the CLI (in one process, for speed)."""
    folder.mkdir(parents=True, exist_ok=True)
    db = folder / "template.db"
    env = cli_env(folder)
    result = run_in_one_process([["--db", str(db), *argv] for argv in TEMPLATE_COMMANDS], env=env)
    assert result.returncode == 0, result
    checkpoint(db)
    return db


def copy_database(template: Path, target: Path) -> Path:
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copy(template, target)
    for suffix in ("-wal", "-shm"):
        companion = template.with_name(template.name + suffix)
        if companion.exists():
            shutil.copy(companion, target.with_name(target.name + suffix))
    return target


def fingerprint(db: Path) -> str:
    """A digest of the whole database contents (schema and every row of every table, the audit log
    included), read with a plain sqlite3 connection that bypasses the app."""
    digest = hashlib.sha256()
    with closing(sqlite3.connect(db)) as connection:
        for statement in connection.iterdump():
            digest.update(statement.encode("utf-8", "surrogatepass"))
            digest.update(b"\n")
    return digest.hexdigest()


def table_counts(db: Path) -> dict[str, int]:
    with closing(sqlite3.connect(db)) as connection:
        tables = [row[0] for row in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
        return {table: connection.execute(f'SELECT count(*) FROM "{table}"').fetchone()[0] for table in tables}


def folder_snapshot(folder: Path) -> dict[str, bytes]:
    """Every file in a folder with its bytes: proof that a refused open touched nothing."""
    return {item.name: item.read_bytes() for item in sorted(folder.iterdir()) if item.is_file()}


def assert_refused(result: Result, *, problems: int = 1) -> None:
    """Exit 3, one `error: sentence` line per problem on stderr, nothing on stdout, no traceback."""
    assert result.returncode == 3, result
    assert "Traceback" not in result.stderr, result
    lines = result.error_lines
    assert len(lines) == problems, result
    assert all(line.startswith("error: ") and len(line) > len("error: ") for line in lines), result
    assert result.stdout == "", result


def assert_usage_error(result: Result) -> None:
    """Exit 2 from argparse: usage on stderr, no traceback, nothing on stdout."""
    assert result.returncode == 2, result
    assert "usage: timeledger" in result.stderr, result
    assert "Traceback" not in result.stderr, result
    assert result.stdout == "", result


def money(amount: str, currency: str = "EUR") -> dict[str, str]:
    """An amount as the CLI writes it in JSON."""
    return {"amount": amount, "currency": currency}
