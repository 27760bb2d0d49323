"""Hand-written SQL as a person's own login role (psycopg, no app in between): row-level security and grants
decide what each person can read and change on the team server."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, fields
from pathlib import Path

import psycopg
import pytest
from psycopg import errors

from app.storage.migrate import HEAD_REVISION
from sync.team import MONDAY, TeamServer, team_server

NO_ID = uuid.UUID(int=0)


@dataclass
class Arranged(TeamServer):
    """The team server with an entry each for Carl, Bea and Otto, and Carl's submitted week."""

    entry_a: uuid.UUID = NO_ID
    entry_b: uuid.UUID = NO_ID
    entry_otto: uuid.UUID = NO_ID
    timesheet_a: uuid.UUID = NO_ID


@pytest.fixture
def team(tmp_path: Path):  # type: ignore[no-untyped-def]
    with team_server(tmp_path) as made:
        arranged = Arranged(**{f.name: getattr(made, f.name) for f in fields(TeamServer)})
        arranged.entry_a = made.insert_entry(made.consultant_a, note="Carl's")
        arranged.entry_b = made.insert_entry(made.consultant_b, note="Bea's")
        arranged.entry_otto = made.insert_entry(made.other_manager, note="Otto's", as_superuser=True)
        arranged.timesheet_a = uuid.uuid4()
        made.sql(
            "INSERT INTO timesheets (id, org_id, version, updated_at, user_id, week_start, status, reason) "
            "VALUES (%s, %s, 1, now(), %s, %s, 'submitted', '')",
            arranged.timesheet_a,
            made.org_id,
            made.consultant_a.user_id,
            MONDAY,
        )
        yield arranged


def notes(connection: psycopg.Connection) -> set[str]:
    return {note for (note,) in connection.execute("SELECT note FROM task_log_entries")}


def test_consultant_reads_their_own_entries_and_not_another_users(team: Arranged) -> None:
    with team.connect(team.consultant_a) as carl:
        assert notes(carl) == {"Carl's"}
        assert carl.execute("SELECT count(*) FROM task_log_entries WHERE id = %s", (team.entry_b,)).fetchone() == (0,)


def test_consultant_cannot_insert_an_entry_for_another_user(team: Arranged) -> None:
    with (
        team.connect(team.consultant_a) as carl,
        pytest.raises(errors.InsufficientPrivilege, match="row-level security"),
    ):
        carl.execute(
            "INSERT INTO task_log_entries (id, org_id, version, updated_at, user_id, project_id, task_id, work_date, "
            "duration_seconds, note, billable, status, cap_override_reason) "
            "VALUES (%s, %s, 1, now(), %s, %s, %s, %s, 3600, 'for Bea', true, 'draft', '')",
            (uuid.uuid4(), team.org_id, team.consultant_b.user_id, team.web_id, team.web_task_id, MONDAY),
        )
    assert team.sql("SELECT count(*) FROM task_log_entries WHERE user_id = %s", team.consultant_b.user_id) == [(1,)]


def test_consultant_cannot_update_another_users_entries(team: Arranged) -> None:
    with team.connect(team.consultant_a) as carl:
        changed = carl.execute("UPDATE task_log_entries SET note = 'mine now' WHERE id = %s", (team.entry_b,))
        assert changed.rowcount == 0
        # Nor hand their own entry to someone else.
        with pytest.raises(errors.InsufficientPrivilege, match="row-level security"):
            carl.execute(
                "UPDATE task_log_entries SET user_id = %s WHERE id = %s", (team.consultant_b.user_id, team.entry_a)
            )
    assert team.sql("SELECT note, user_id FROM task_log_entries WHERE id = %s", team.entry_b) == [
        ("Bea's", team.consultant_b.user_id)
    ]


def test_nobody_can_delete_anything_rows_are_tombstoned(team: Arranged) -> None:
    for person in (team.consultant_a, team.admin):
        with team.connect(person) as connection, pytest.raises(errors.InsufficientPrivilege, match="permission denied"):
            connection.execute("DELETE FROM task_log_entries WHERE id = %s", (team.entry_a,))
    assert team.sql("SELECT count(*) FROM task_log_entries") == [(3,)]


def test_consultant_cannot_approve_by_writing_timesheets(team: Arranged) -> None:
    with team.connect(team.consultant_a) as carl:
        assert carl.execute("SELECT status FROM timesheets").fetchall() == [("submitted",)]
        with pytest.raises(errors.InsufficientPrivilege, match="permission denied for table timesheets"):
            carl.execute("UPDATE timesheets SET status = 'approved' WHERE id = %s", (team.timesheet_a,))
        with pytest.raises(errors.InsufficientPrivilege, match="permission denied for table timesheets"):
            carl.execute(
                "INSERT INTO timesheets (id, org_id, version, updated_at, user_id, week_start, status, reason) "
                "VALUES (%s, %s, 1, now(), %s, '2026-11-23', 'approved', '')",
                (uuid.uuid4(), team.org_id, team.consultant_a.user_id),
            )
    assert team.sql("SELECT status FROM timesheets") == [("submitted",)]


def test_consultant_cannot_approve_their_own_week_through_the_server_function(team: Arranged) -> None:
    if not team.sql("SELECT count(*) FROM pg_proc WHERE proname = 'tl_approve'")[0][0]:
        pytest.skip("tl_approve comes with app/sync/server_sql/50_workflow.sql, not there yet")
    with team.connect(team.consultant_a) as carl, pytest.raises(psycopg.Error):
        carl.execute("SELECT tl_approve(%s)", (team.timesheet_a,))
    assert team.sql("SELECT status FROM timesheets") == [("submitted",)]


def test_switching_to_the_group_role_shows_nothing(team: Arranged) -> None:
    with team.connect(team.consultant_a) as carl:
        carl.execute("SET ROLE timeledger_app")
        for table in ("task_log_entries", "users", "projects", "organisations", "tl_change_log", "timesheets"):
            assert carl.execute(f"SELECT count(*) FROM {table}").fetchone() == (0,), table
        assert carl.execute("SELECT count(*) FROM tl_me()").fetchone() == (0,)


def test_a_login_cannot_learn_who_another_login_is(team: Arranged) -> None:
    with team.connect(team.consultant_a) as carl:
        assert carl.execute("SELECT count(*) FROM tl_identity_of(%s)", (team.manager.login,)).fetchone() == (0,)
        assert carl.execute("SELECT count(*) FROM tl_identity_of(%s)", (team.consultant_a.login,)).fetchone() == (1,)


def test_consultant_sees_only_the_projects_they_are_assigned_to_and_what_hangs_off_them(team: Arranged) -> None:
    with team.connect(team.consultant_a) as carl:
        assert carl.execute("SELECT code FROM projects").fetchall() == [("WEB",)]
        assert carl.execute("SELECT project_id FROM tasks").fetchall() == [(team.web_id,)]
        assert carl.execute("SELECT id FROM clients").fetchall() == [(team.client_id,)]
        assert {level for (level,) in carl.execute("SELECT level FROM rates")} <= {
            "organisation",
            "project",
            "client",
            "task",
            "assignment",
        }
        assert carl.execute("SELECT count(*) FROM rates WHERE subject_id = %s", (team.app_id,)).fetchone() == (0,)
        assert carl.execute("SELECT user_id FROM assignments").fetchall() == [(team.consultant_a.user_id,)]
        assert carl.execute("SELECT count(*) FROM users").fetchone() == (5,)
        assert carl.execute("SELECT count(*) FROM invoices").fetchone() == (0,)
    with team.connect(team.consultant_b) as bea:
        assert sorted(bea.execute("SELECT code FROM projects").fetchall()) == [("APP",), ("WEB",)]


def test_consultant_cannot_change_the_catalogue_or_the_people(team: Arranged) -> None:
    with team.connect(team.consultant_a) as carl:
        assert carl.execute("UPDATE projects SET name = 'Mine' WHERE id = %s", (team.web_id,)).rowcount == 0
        assert carl.execute("UPDATE users SET role = 'admin' WHERE id = %s", (team.consultant_a.user_id,)).rowcount == 0
        with pytest.raises(errors.InsufficientPrivilege, match="row-level security"):
            carl.execute(
                "INSERT INTO tasks (id, org_id, version, updated_at, project_id, name, billable, status) "
                "VALUES (%s, %s, 1, now(), %s, 'Sneaky', true, 'open')",
                (uuid.uuid4(), team.org_id, team.web_id),
            )
    assert team.sql("SELECT role FROM users WHERE id = %s", team.consultant_a.user_id) == [("consultant",)]


def test_sync_bookkeeping_and_local_tables_are_closed_to_people(team: Arranged) -> None:
    with team.connect(team.admin) as ada:
        for table in ("tl_server_users", "audit_log", "number_counters", "local_settings", "sync_outbox"):
            with pytest.raises(errors.InsufficientPrivilege):
                ada.execute(f"SELECT * FROM {table}")
        with pytest.raises(errors.InsufficientPrivilege):
            ada.execute("INSERT INTO tl_change_log (tbl, row_id) VALUES ('users', %s)", (uuid.uuid4(),))
        assert ada.execute("SELECT version_num FROM alembic_version").fetchall() == [(HEAD_REVISION,)]


def test_manager_sees_their_teams_entries_and_not_another_teams(team: Arranged) -> None:
    with team.connect(team.manager) as mona:
        assert notes(mona) == {"Carl's", "Bea's"}
        assert mona.execute("SELECT count(*) FROM timesheets").fetchone() == (1,)
    with team.connect(team.other_manager) as otto:
        assert notes(otto) == {"Otto's"}
        assert otto.execute("SELECT count(*) FROM timesheets").fetchone() == (0,)
        assert otto.execute("UPDATE task_log_entries SET note = 'x' WHERE id = %s", (team.entry_a,)).rowcount == 0


def test_admin_sees_everything_in_the_organisation(team: Arranged) -> None:
    with team.connect(team.admin) as ada:
        assert notes(ada) == {"Carl's", "Bea's", "Otto's"}
        assert ada.execute("SELECT count(*) FROM projects").fetchone() == (2,)


def test_change_log_shows_only_the_organisations_lines(team: Arranged) -> None:
    team.sql("INSERT INTO tl_change_log (tbl, row_id, org_id) VALUES ('users', %s, %s)", uuid.uuid4(), uuid.uuid4())
    with team.connect(team.consultant_a) as carl:
        total = team.sql("SELECT count(*) FROM tl_change_log")[0][0]
        assert carl.execute("SELECT count(*) FROM tl_change_log").fetchone() == (total - 1,)


def test_application_roles_own_nothing_and_cannot_bypass_row_security(team: Arranged) -> None:
    roles = [*team.logins, "timeledger_app"]
    assert (
        team.sql(
            "SELECT rolname FROM pg_roles WHERE rolname = ANY(%s) AND (rolsuper OR rolbypassrls OR rolcreaterole "
            "OR rolcreatedb)",
            roles,
        )
        == []
    )
    assert team.sql("SELECT rolcanlogin FROM pg_roles WHERE rolname = 'timeledger_app'") == [(False,)]
    owned = team.sql(
        "SELECT c.relname FROM pg_class AS c JOIN pg_roles AS r ON r.oid = c.relowner "
        "WHERE r.rolname = ANY(%s) "
        "UNION ALL SELECT p.proname FROM pg_proc AS p JOIN pg_roles AS r ON r.oid = p.proowner "
        "WHERE r.rolname = ANY(%s)",
        roles,
        roles,
    )
    assert owned == []


def test_a_person_cannot_create_objects_in_the_schema(team: Arranged) -> None:
    with team.connect(team.consultant_a) as carl, pytest.raises(errors.InsufficientPrivilege):
        carl.execute("CREATE TABLE public.mine (id int)")
