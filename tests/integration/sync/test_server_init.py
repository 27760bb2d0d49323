"""`timeledger server init`, `add-user` and `remove-user` on the real PostgreSQL: the schema, the upload of the
admin's ledger, login roles; every run twice changes nothing the second time."""

from __future__ import annotations

from pathlib import Path

import psycopg
import pytest
from postgres import SERVER

from app.domain.clock import FixedClock
from app.ledger import open_ledger
from app.services import setup
from app.services.sync_status import ServerUnreachable
from app.storage.migrate import HEAD_REVISION
from app.sync.server import init_server
from app.sync.server_connection import ServerRefused
from app.sync.server_logins import add_user, default_login, remove_user, server_users
from app.sync.wire import SYNCED_TABLES
from sync.team import FRIDAY_MORNING, TeamServer, team_server


@pytest.fixture
def team(tmp_path: Path):  # type: ignore[no-untyped-def]
    with team_server(tmp_path) as made:
        yield made


def schema_fingerprint(team: TeamServer) -> list[tuple]:
    """Everything init makes or fills: every row of every table, policies, triggers, functions, grants, roles."""
    tables = [
        name
        for (name,) in team.sql(
            "SELECT relname FROM pg_class WHERE relnamespace = 'public'::regnamespace "
            "AND relkind = 'r' ORDER BY relname"
        )
    ]
    found: list[tuple] = []
    for name in tables:
        found += team.sql(
            f"SELECT {name!r}, md5(coalesce(string_agg(t::text, '|' ORDER BY t::text), '')) FROM \"{name}\" AS t"
        )
    found += team.sql("SELECT tablename, policyname, cmd, roles::text, qual, with_check FROM pg_policies ORDER BY 1, 2")
    found += team.sql(
        "SELECT tgrelid::regclass::text, tgname, tgenabled FROM pg_trigger WHERE NOT tgisinternal ORDER BY 1, 2"
    )
    found += team.sql(
        "SELECT proname, md5(prosrc), proconfig::text, proacl::text FROM pg_proc "
        "WHERE pronamespace = 'public'::regnamespace ORDER BY 1"
    )
    found += team.sql(
        "SELECT relname, relacl::text, relrowsecurity, relforcerowsecurity FROM pg_class "
        "WHERE relnamespace = 'public'::regnamespace ORDER BY 1"
    )
    found += team.sql(
        "SELECT rolname, rolcanlogin, rolpassword FROM pg_authid WHERE rolname = ANY(%s) ORDER BY 1", team.logins
    )
    return found


def test_every_table_of_the_schema_has_row_level_security_enabled_and_forced(team: TeamServer) -> None:
    tables = team.sql(
        "SELECT relname, relrowsecurity, relforcerowsecurity FROM pg_class "
        "WHERE relnamespace = 'public'::regnamespace AND relkind IN ('r', 'p')"
    )
    names = {name for name, _, _ in tables}
    assert {*SYNCED_TABLES, "tl_change_log", "tl_applied_ops", "tl_server_users", "audit_log"} <= names
    assert [name for name, enabled, forced in tables if not (enabled and forced)] == []


def test_init_uploads_the_admins_organisation_and_gives_the_admin_a_login(team: TeamServer) -> None:
    assert team.sql("SELECT name FROM organisations") == [("Acme",)]
    assert team.sql("SELECT count(*) FROM users") == [(5,)]
    assert sorted(team.sql("SELECT code FROM projects")) == [("APP",), ("WEB",)]
    assert team.sql("SELECT count(*) FROM assignments") == [(5,)]
    # Every uploaded row is in the change log, so a desktop's first incremental pull finds them too.
    logged = team.sql("SELECT tbl, count(*) FROM tl_change_log GROUP BY tbl")
    assert dict(logged)["users"] == 5 and dict(logged)["projects"] == 2
    with team.connect(team.admin) as ada:
        assert ada.execute("SELECT role, team FROM tl_me()").fetchall() == [("admin", None)]
    assert team.ledger.db.path.exists()


def test_init_twice_succeeds_and_changes_nothing_the_second_time(team: TeamServer) -> None:
    before = schema_fingerprint(team)

    report = init_server(team.url, team.ledger, login=team.admin.login)

    assert schema_fingerprint(team) == before
    assert sum(report.uploaded.values()) == 0 and report.revision_before == HEAD_REVISION
    assert report.admin is not None and report.admin.password is None  # her password is left alone
    assert "up to date" in report.lines()[0]


def test_init_keeps_the_servers_version_of_rows_it_already_has(team: TeamServer) -> None:
    team.sql("UPDATE projects SET name = 'Web shop' WHERE code = 'WEB'")

    init_server(team.url, team.ledger)

    assert team.sql("SELECT name FROM projects WHERE code = 'WEB'") == [("Web shop",)]


def test_init_refuses_a_server_that_holds_another_organisation(team: TeamServer, tmp_path: Path) -> None:
    other = open_ledger(tmp_path / "globex.db", FixedClock(FRIDAY_MORNING))
    try:
        with other.work() as uow:
            setup.init_organisation(
                uow, org_name="Globex", currency="EUR", user_name="Gil", email="gil@globex.example", time_zone="UTC"
            )
            uow.commit()
        before = schema_fingerprint(team)

        with pytest.raises(ServerRefused, match="already holds the organisation Acme; nothing was changed"):
            init_server(team.url, other, login=team.new_login("gil"))

        assert schema_fingerprint(team) == before
    finally:
        other.close()


def test_a_server_that_cannot_be_reached_is_reported_as_such(team: TeamServer) -> None:
    with pytest.raises(ServerUnreachable, match="could not be reached"):
        init_server("postgresql://postgres@127.0.0.1:1/nowhere", team.ledger)


def test_a_wrong_database_name_is_a_sentence_not_a_traceback(team: TeamServer) -> None:
    with pytest.raises(ServerRefused, match=r"did not let you in: database \S+ does not exist"):
        add_user(team.url + "_missing", "zoe@acme.example", "consultant")


def test_add_user_creates_the_person_and_a_login_that_can_sign_in(team: TeamServer) -> None:
    login = team.new_login("zoe")

    added = add_user(team.url, "Zoe.Quinn@acme.example", "consultant", "blue", login=login)

    assert added.password and added.created and added.name == "Zoe Quinn"
    assert team.sql(
        "SELECT name, role, team, weekly_hours_seconds, active FROM users WHERE email = %s", "zoe.quinn@acme.example"
    ) == [("Zoe Quinn", "consultant", "blue", 40 * 3600, True)]
    assert team.sql(
        "SELECT rolcanlogin, rolsuper, rolbypassrls, rolcreaterole FROM pg_roles WHERE rolname = %s", login
    ) == [(True, False, False, False)]
    with psycopg.connect(team.login_url(login)) as zoe:
        assert zoe.execute("SELECT role, team FROM tl_me()").fetchall() == [("consultant", "blue")]


def test_add_user_again_updates_role_and_team_and_keeps_the_password(team: TeamServer) -> None:
    before = team.sql("SELECT rolpassword FROM pg_authid WHERE rolname = %s", team.consultant_a.login)

    again = add_user(team.url, team.consultant_a.email, "manager", "red")

    assert again.login == team.consultant_a.login and again.password is None and not again.created
    assert team.sql("SELECT role, team FROM users WHERE id = %s", team.consultant_a.user_id) == [("manager", "red")]
    assert team.sql("SELECT rolpassword FROM pg_authid WHERE rolname = %s", team.consultant_a.login) == before


def test_removed_people_cannot_sign_in_but_their_data_stays_and_adding_them_again_lets_them_in(
    team: TeamServer,
) -> None:
    entry = team.insert_entry(team.consultant_a)

    removed = remove_user(team.url, team.consultant_a.email)

    assert not removed.active
    assert team.sql("SELECT rolcanlogin FROM pg_roles WHERE rolname = %s", team.consultant_a.login) == [(False,)]
    assert team.sql("SELECT active FROM tl_server_users WHERE login_role = %s", team.consultant_a.login) == [(False,)]
    assert team.sql("SELECT active FROM users WHERE id = %s", team.consultant_a.user_id) == [(False,)]
    assert team.sql("SELECT count(*) FROM task_log_entries WHERE id = %s", entry) == [(1,)]
    with pytest.raises(psycopg.OperationalError, match="not permitted to log in"):
        psycopg.connect(team.consultant_a.url)

    back = add_user(team.url, team.consultant_a.email, "consultant")

    assert back.active and back.password  # a fresh password, shown once
    with team.connect(team.consultant_a) as carl:
        assert carl.execute("SELECT count(*) FROM task_log_entries").fetchone() == (1,)


def test_a_session_open_while_someone_is_removed_sees_nothing_more(team: TeamServer) -> None:
    team.insert_entry(team.consultant_a)
    with team.connect(team.consultant_a) as carl:
        remove_user(team.url, team.consultant_a.email)
        assert carl.execute("SELECT count(*) FROM task_log_entries").fetchone() == (0,)
        assert carl.execute("SELECT count(*) FROM projects").fetchone() == (0,)


def test_add_user_refuses_a_role_that_is_not_a_timeledger_login(team: TeamServer) -> None:
    with pytest.raises(ServerRefused, match="already has a role named postgres that is not a Timeledger login"):
        add_user(team.url, "root@acme.example", "admin", login="postgres")
    assert team.sql("SELECT count(*) FROM users WHERE email = 'root@acme.example'") == [(0,)]


def test_add_user_refuses_someone_elses_login_and_a_name_that_cannot_be_a_login(team: TeamServer) -> None:
    with pytest.raises(ServerRefused, match="belongs to someone else"):
        add_user(team.url, team.consultant_b.email, "consultant", login=team.consultant_a.login)
    with pytest.raises(ServerRefused, match="cannot be a login name"):
        add_user(team.url, "zoe@acme.example", "consultant", login="Zoe; DROP TABLE users")


def test_the_default_login_is_the_email_before_the_at_in_lower_case() -> None:
    assert default_login("Carl.Smith-Jones@example.com") == "carl_smith_jones"
    assert default_login("1st@example.com") == "u_1st"


def test_server_users_lists_every_login_with_its_person(team: TeamServer) -> None:
    remove_user(team.url, team.other_manager.email)

    listed = {u.login: (u.email, u.role, u.team, u.active) for u in server_users(team.url)}

    assert listed[team.manager.login] == ("mona@acme.example", "manager", "blue", True)
    assert listed[team.other_manager.login] == ("otto@acme.example", "manager", "red", False)
    assert len(listed) == 5


def test_the_pull_horizon_waits_for_this_databases_transactions_but_not_for_other_databases(team: TeamServer) -> None:
    def horizon() -> int:
        with team.connect(team.consultant_a) as carl:
            return int(carl.execute("SELECT tl_pull_horizon()::text").fetchone()[0])

    def commit_here() -> None:  # a later transaction of this database ends
        team.sql("UPDATE projects SET name = name WHERE code = 'WEB'")

    with psycopg.connect(SERVER) as elsewhere, team.connect(autocommit=False) as here:
        (other,) = elsewhere.execute("SELECT pg_current_xact_id()::text").fetchone()
        commit_here()
        assert horizon() > int(other)  # another database's open transaction does not hold pulls back
        assert int(team.sql("SELECT pg_snapshot_xmin(pg_current_snapshot())::text")[0][0]) <= int(other)
        (ours,) = here.execute("SELECT pg_current_xact_id()::text").fetchone()
        commit_here()
        assert horizon() <= int(ours)  # this database's does: its changes are not visible yet
        here.rollback()
        elsewhere.rollback()
    commit_here()
    assert horizon() > int(ours)
