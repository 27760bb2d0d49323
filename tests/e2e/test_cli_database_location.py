"""Where the `timeledger` CLI keeps its database: --db, then TIMELEDGER_DB, then the platform data folder.

HOME and XDG_DATA_HOME point into the test's temporary folder, so the platform data folder here is
<tmp>/home/data/Timeledger/timeledger.db and the user's real one is never touched.
"""

from __future__ import annotations

import sqlite3
import sys
from contextlib import closing
from pathlib import Path

import pytest
from cli import assert_refused, cli_env, copy_database, fingerprint, run_cli

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not sys.platform.startswith("linux"), reason="XDG_DATA_HOME is the Linux data folder"),
]


def init_args(org: str) -> list[str]:
    return ["init", "--org", org, "--currency", "EUR", "--name", "Olga", "--email", "olga@example.org"]


def organisation_in(db: Path) -> str:
    with closing(sqlite3.connect(db)) as connection:
        return connection.execute("SELECT name FROM organisations").fetchone()[0]


@pytest.fixture
def home(tmp_path: Path) -> Path:
    folder = tmp_path / "home"
    folder.mkdir()
    return folder


def default_db(home: Path) -> Path:
    return home / "data" / "Timeledger" / "timeledger.db"


def test_without_db_or_variable_the_database_is_created_in_the_platform_data_folder(home: Path):
    result = run_cli(*init_args("Default"), env=cli_env(home))
    assert result.returncode == 0, result
    assert organisation_in(default_db(home)) == "Default"
    assert not (home / ".local").exists()  # XDG_DATA_HOME is honoured


def test_the_timeledger_db_variable_is_used_when_no_db_option_is_given(home: Path, tmp_path: Path):
    chosen = tmp_path / "elsewhere" / "books.db"  # its folder is created too
    result = run_cli(*init_args("From the variable"), env=cli_env(home, TIMELEDGER_DB=str(chosen)))
    assert result.returncode == 0, result
    assert organisation_in(chosen) == "From the variable"
    assert not default_db(home).exists()


def test_the_db_option_wins_over_the_variable_before_or_after_the_command(
    home: Path, tmp_path: Path, template_db: Path
):
    from_variable = copy_database(template_db, tmp_path / "variable" / "acme.db")
    untouched = fingerprint(from_variable)
    env = cli_env(home, TIMELEDGER_DB=str(from_variable))
    option_db = tmp_path / "option.db"
    result = run_cli(*init_args("From the option"), "--db", str(option_db), env=env)
    assert result.returncode == 0, result
    assert organisation_in(option_db) == "From the option"
    assert fingerprint(from_variable) == untouched
    assert not default_db(home).exists()


def test_a_tilde_in_the_database_path_means_the_home_folder(home: Path):
    result = run_cli(*init_args("Tilde"), env=cli_env(home, TIMELEDGER_DB="~/books/timeledger.db"))
    assert result.returncode == 0, result
    assert organisation_in(home / "books" / "timeledger.db") == "Tilde"


def test_a_folder_given_as_the_database_is_refused(home: Path, tmp_path: Path):
    result = run_cli("--db", str(tmp_path), "status", env=cli_env(home))
    assert_refused(result)
    assert "is a folder, not a database file" in result.stderr


def test_a_failed_command_on_a_missing_database_file_leaves_no_file_behind(home: Path, tmp_path: Path):
    typo = tmp_path / "tpyo.db"
    result = run_cli("--db", str(typo), "status", env=cli_env(home))
    assert_refused(result)
    assert "There is no Timeledger database at" in result.stderr
    assert not typo.exists()
