"""`timeledger server ...` as an admin types it, against the real PostgreSQL (a database and login roles of the
test's own, dropped afterwards)."""

from __future__ import annotations

import importlib.util
import uuid
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest
from cli import ADMIN, CONSULTANT, Cli
from psycopg import sql as pgsql

# tests/integration/postgres.py makes and drops the database; it is not on this folder's import path.
_spec = importlib.util.spec_from_file_location("postgres", Path(__file__).parents[1] / "integration" / "postgres.py")
assert _spec and _spec.loader
postgres = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(postgres)

pytestmark = pytest.mark.slow


@pytest.fixture
def server() -> Iterator[tuple[str, list[str]]]:
    """The address of an empty database (as people type it), and the login names the test may use."""
    suffix = uuid.uuid4().hex[:8]
    logins = [f"ada_{suffix}", f"carl_{suffix}"]
    try:
        with postgres.fresh_database() as url:
            yield url.replace("postgresql+psycopg://", "postgresql://", 1), logins
    finally:
        with psycopg.connect(postgres.SERVER, autocommit=True) as connection:
            for login in logins:
                connection.execute(pgsql.SQL("DROP ROLE IF EXISTS {}").format(pgsql.Identifier(login)))


def login_url(url: str, login: str) -> str:
    return f"postgresql://{login}@{url.split('@', 1)[1]}"


def test_server_init_uploads_the_organisation_and_a_second_run_changes_nothing(cli: Cli, server) -> None:  # type: ignore[no-untyped-def]
    url, (ada, _) = server

    first = cli.ok("server", "init", "--url", url, "--login", ada)

    assert "Created the team schema" in first.stdout
    assert "Uploaded Acme: 1 organisation, 2 users, 1 client, 2 projects, 3 tasks" in first.stdout
    assert f"Ada Admin ({ADMIN}) signs in to the server as {ada} (admin)." in first.stdout
    assert f"Password for {ada} (shown once" in first.stdout
    again = cli.json("server", "init", "--url", url)
    assert sum(again["uploaded"].values()) == 0 and again["admin"]["login"] == ada
    assert "password" not in again["admin"]
    with psycopg.connect(login_url(url, ada)) as connection:
        assert connection.execute("SELECT role FROM tl_me()").fetchone() == ("admin",)


def test_an_admin_lets_a_consultant_in_and_out_on_the_server_this_desktop_set_up(cli: Cli, server) -> None:  # type: ignore[no-untyped-def]
    url, (ada, carl) = server
    cli.ok("server", "init", "--url", url, "--login", ada)

    added = cli.ok("server", "add-user", CONSULTANT, "--role", "consultant", "--team", "blue", "--login", carl)

    assert f"signs in to the server as {carl} (consultant, team blue)." in added.stdout
    with psycopg.connect(login_url(url, carl)) as connection:
        assert connection.execute("SELECT role, team FROM tl_me()").fetchone() == ("consultant", "blue")
    listed = {person["login"]: person for person in cli.json("server", "users")}
    assert listed[carl]["email"] == CONSULTANT and listed[carl]["active"] and "password" not in listed[carl]

    removed = cli.ok("server", "remove-user", CONSULTANT)

    assert "can no longer sign in" in removed.stdout and "their data stays" in removed.stdout
    with pytest.raises(psycopg.OperationalError, match="not permitted to log in"):
        psycopg.connect(login_url(url, carl))
    assert not {p["login"]: p for p in cli.json("server", "users")}[carl]["active"]


def test_a_server_that_cannot_be_reached_exits_4_with_a_sentence(cli: Cli) -> None:
    result = cli("server", "init", "--url", "postgresql://postgres:secret@127.0.0.1:1/team")

    assert result.returncode == 4, result
    assert result.stderr.startswith("error: The team server at postgresql://postgres@127.0.0.1:1/team could not")
    assert "secret" not in result.stderr and "Traceback" not in result.stderr


def test_adding_someone_before_any_server_was_set_up_asks_which_server(cli: Cli) -> None:
    result = cli("server", "add-user", CONSULTANT, "--role", "consultant")

    assert result.returncode == 3, result
    assert "Which server? Give its address with --url" in result.stderr


def test_a_role_that_does_not_exist_is_a_usage_error(cli: Cli) -> None:
    result = cli("server", "add-user", CONSULTANT, "--role", "boss", "--url", "postgresql://x@h/db")

    assert result.returncode == 2, result
    assert "invalid choice: 'boss'" in result.stderr
