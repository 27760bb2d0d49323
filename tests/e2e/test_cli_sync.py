"""The issue's journey as commands: the admin sets the server up, a consultant's new desktop joins it, works,
syncs; a server out of reach is exit 4 with nothing lost."""

from __future__ import annotations

import sqlite3
from contextlib import closing
from pathlib import Path

import pytest
from cli import CONSULTANT, Cli, table_counts
from test_server_cli import login_url, server  # noqa: F401 (the fixture: a database and login names of the test's own)

pytestmark = pytest.mark.slow


@pytest.fixture
def carl_cli(tmp_path: Path) -> Cli:
    """The CLI on Carl's new desktop: a database file that does not exist yet, and a home of its own."""
    home = tmp_path / "carl-home"
    home.mkdir()
    return Cli(tmp_path / "carl.db", home)


def _point_at(db: Path, address: str) -> None:
    """Move this desktop's server address (as if the server were moved or the network were down)."""
    with closing(sqlite3.connect(db)) as connection, connection:
        connection.execute("UPDATE local_settings SET value = ? WHERE key = 'sync_url'", (address,))


def test_a_consultant_joins_from_a_new_desktop_works_and_syncs(cli: Cli, carl_cli: Cli, server) -> None:  # noqa: F811  # type: ignore[no-untyped-def]
    url, (ada, carl) = server
    cli.ok("server", "init", "--url", url, "--login", ada)
    cli.ok("server", "add-user", CONSULTANT, "--role", "consultant", "--team", "blue", "--login", carl)

    joined = carl_cli.ok("sync", "setup", "--url", login_url(url, carl))
    assert "Sync is set up with" in joined.stdout
    counts = table_counts(carl_cli.db)
    assert counts["organisations"] == 1 and counts["projects"] == 1  # WEB: Carl is not on SUP
    assert counts["task_log_entries"] == 0  # Ada's entry is hers

    carl_cli.ok("log", "add", "WEB/General", "--date", "2026-02-03", "--hours", "2:00", "--note", "From the train")
    assert carl_cli.json("sync", "status")["pending"] == 1
    sent = carl_cli.ok("sync")
    assert "sent 1 change" in sent.stdout
    status = carl_cli.json("sync", "status")
    assert (status["state"], status["pending"], status["conflicts"], status["rejected"]) == ("synced", 0, 0, 0)
    assert status["last_sync"]

    received = cli.ok("sync", "setup", "--url", login_url(url, ada))  # the admin's own desktop joins too
    assert "Sync is set up" in received.stdout
    assert (
        "From the train"
        in cli.ok("log", "list", "--from", "2026-02-01", "--to", "2026-02-28", "--user", CONSULTANT).stdout
    )
    assert carl_cli.ok("sync", "problems").stdout.strip() == "No sync problems."


def test_a_server_out_of_reach_is_exit_4_and_keeps_every_change(cli: Cli, carl_cli: Cli, server) -> None:  # noqa: F811  # type: ignore[no-untyped-def]
    url, (ada, carl) = server
    cli.ok("server", "init", "--url", url, "--login", ada)
    cli.ok("server", "add-user", CONSULTANT, "--role", "consultant", "--team", "blue", "--login", carl)
    carl_cli.ok("sync", "setup", "--url", login_url(url, carl))
    carl_cli.ok("log", "add", "WEB/General", "--date", "2026-02-03", "--hours", "1:00")
    _point_at(carl_cli.db, "postgresql://nobody@127.0.0.1:1/team")  # nothing listens on port 1

    offline = carl_cli("sync")

    assert offline.returncode == 4
    assert offline.error_lines == [offline.error_lines[0]] and "cannot be reached" in offline.error_lines[0]
    status = carl_cli.json("sync", "status")
    assert (status["state"], status["pending"]) == ("offline", 1)
    _point_at(carl_cli.db, login_url(url, carl))
    assert "sent 1 change" in carl_cli.ok("sync").stdout
    assert carl_cli.json("sync", "status")["state"] == "synced"


def test_settling_a_problem_that_does_not_exist_is_refused(cli: Cli, carl_cli: Cli, server) -> None:  # noqa: F811  # type: ignore[no-untyped-def]
    url, (ada, carl) = server
    cli.ok("server", "init", "--url", url, "--login", ada)
    cli.ok("server", "add-user", CONSULTANT, "--role", "consultant", "--team", "blue", "--login", carl)
    carl_cli.ok("sync", "setup", "--url", login_url(url, carl))
    refused = carl_cli("sync", "problems", "--keep-mine", "7")
    assert refused.returncode == 3
    assert refused.error_lines == ["error: There is no open sync problem 7; see `timeledger sync problems`."]


def test_sync_before_setup_says_how_to_set_it_up(cli: Cli) -> None:
    refused = cli("sync")
    assert refused.returncode == 3
    assert "sync setup --url" in refused.error_lines[0]
    assert cli.json("sync", "status")["state"] == "off"


def test_an_address_that_is_not_postgresql_is_an_input_error_and_sets_nothing_up(cli: Cli) -> None:
    refused = cli("sync", "setup", "--url", "mysql://ada@host/team")
    assert refused.returncode == 3
    assert refused.error_lines == [
        "error: 'mysql://ada@host/team' is not a PostgreSQL address; write it as postgresql://person@host/database."
    ]
    assert cli.json("sync", "status")["state"] == "off"
