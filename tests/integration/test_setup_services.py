"""Setting up the organisation, its people, clients and projects: who may do it, and names kept verbatim."""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers import FRIDAY, acting, count, entries_of, raw_rows

from app.domain.errors import NotFound, RuleViolation
from app.domain.user import Role
from app.services import clients, people, projects, setup, task_log

CARL = "carl@acme.example"
BUSINESS_TABLES = ("organisations", "users", "clients", "projects", "tasks", "assignments", "rates", "audit_log")

# Names are data: quotes, SQL, markup and any script are stored and shown exactly as typed.
CLIENT_NAME = "Robert'); DROP TABLE clients;-- Ärzte GmbH"
PROJECT_NAME = "<script>alert('x')</script> & <b>Relaunch</b> %_ \\"
USER_NAME = "Zoë Ñúñez-Øster 王秀英 🚀"
TASK_NAME = "Ünïcödé \"quoted\" 'single' <i>"
NOTE = "Line one\nLine <two> & 'three'; DELETE FROM task_log_entries; -- 🧾"


def table_counts(path: Path) -> dict[str, int]:
    return {table: count(path, table) for table in BUSINESS_TABLES}


def test_second_set_up_of_a_database_is_refused_and_writes_nothing(team, db_path: Path) -> None:  # type: ignore[no-untyped-def]
    before = table_counts(db_path)

    with pytest.raises(RuleViolation, match="already belongs to Acme") as refused, team.ledger.work() as uow:
        setup.init_organisation(
            uow, org_name="Other", currency="USD", user_name="Otto", email="otto@other.example", time_zone="UTC"
        )
        uow.commit()

    assert refused.value.code == "already_initialised"
    assert table_counts(db_path) == before


def test_set_up_signs_in_its_admin_on_this_desktop(team) -> None:  # type: ignore[no-untyped-def]
    with acting(team.ledger, read=True) as (_, signed_in):
        pass

    assert (signed_in.user.email, signed_in.user.role, signed_in.org.name) == ("ada@acme.example", Role.ADMIN, "Acme")


CONSULTANT_MAY_NOT = {
    "add clients": lambda uow, actor: clients.add_client(uow, actor, name="Initech", email="ap@initech.example"),
    "add projects": lambda uow, actor: projects.add_project(uow, actor, client="Globex", name="App", code="APP"),
    "add users": lambda uow, actor: people.add_user(uow, actor, name="Eve", email="eve@acme.example"),
    "add tasks": lambda uow, actor: projects.add_task(uow, actor, "WEB", "Design"),
    "assign people to projects": lambda uow, actor: projects.assign(uow, actor, CARL, "WEB", rate="500"),
}


@pytest.mark.parametrize("doing", CONSULTANT_MAY_NOT)
def test_consultant_cannot_change_the_organisation(team, db_path: Path, doing: str) -> None:  # type: ignore[no-untyped-def]
    before = table_counts(db_path)

    with pytest.raises(RuleViolation) as refused, acting(team.ledger, CARL) as (uow, carl):
        CONSULTANT_MAY_NOT[doing](uow, carl)
        uow.commit()

    assert str(refused.value) == f"Only managers and admins can {doing}; {CARL} is a consultant."
    assert table_counts(db_path) == before


def test_manager_can_add_people_but_not_an_admin(team, db_path: Path) -> None:  # type: ignore[no-untyped-def]
    with acting(team.ledger) as (uow, admin):
        people.add_user(uow, admin, name="Mia Manager", email="mia@acme.example", role="manager")
        uow.commit()

    with acting(team.ledger, "mia@acme.example") as (uow, mia):
        people.add_user(uow, mia, name="Nina", email="nina@acme.example")
        with pytest.raises(RuleViolation, match="Only admins can add another admin"):
            people.add_user(uow, mia, name="Root", email="root@acme.example", role="admin")
        uow.commit()

    assert {email for (email,) in raw_rows(db_path, "SELECT email FROM users")} == {
        "ada@acme.example",
        CARL,
        "mia@acme.example",
        "nina@acme.example",
    }


def test_unknown_user_is_named_in_the_refusal(team) -> None:  # type: ignore[no-untyped-def]
    with (
        pytest.raises(NotFound, match=r"no user with email 'nobody@acme\.example' in Acme"),
        acting(team.ledger, "nobody@acme.example", read=True),
    ):
        pass


def test_duplicate_client_email_is_refused(team, db_path: Path) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(RuleViolation, match="already exists") as refused, acting(team.ledger) as (uow, admin):
        clients.add_client(uow, admin, name="Globex Again", email=" AP@Globex.example ")
        uow.commit()

    assert refused.value.code == "duplicate_email"
    assert count(db_path, "clients") == 1


def test_quotes_sql_markup_and_unicode_in_names_are_stored_verbatim(team, db_path: Path) -> None:  # type: ignore[no-untyped-def]
    with acting(team.ledger) as (uow, admin):
        clients.add_client(uow, admin, name=CLIENT_NAME, email="ap@aerzte.example")
        projects.add_project(uow, admin, client=CLIENT_NAME, name=PROJECT_NAME, code="ODD", status="active")
        projects.add_task(uow, admin, "ODD", TASK_NAME)
        people.add_user(uow, admin, name=USER_NAME, email="zoe@acme.example")
        projects.assign(uow, admin, "zoe@acme.example", "ODD")
        uow.commit()
    with acting(team.ledger, "zoe@acme.example") as (uow, zoe):
        task_log.log_entry(uow, zoe, f"ODD/{TASK_NAME}", day=FRIDAY, hours="1", note=NOTE)
        uow.commit()

    with acting(team.ledger, read=True) as (uow, admin):
        [view] = [v for v in projects.list_projects(uow, admin) if v.project.code == "ODD"]
        user_names = {user.name for user in people.list_users(uow, admin)}
    assert (view.client.name, view.project.name) == (CLIENT_NAME, PROJECT_NAME)
    assert sorted(task.name for task in view.tasks) == sorted(["General", TASK_NAME])
    assert USER_NAME in user_names
    [entry_view] = entries_of(team.ledger, "zoe@acme.example", FRIDAY, FRIDAY)
    assert (entry_view.entry.note, entry_view.work.label) == (NOTE, f"ODD/{TASK_NAME}")

    assert raw_rows(db_path, "SELECT name FROM clients WHERE email = 'ap@aerzte.example'") == [(CLIENT_NAME,)]
    assert raw_rows(db_path, "SELECT note FROM task_log_entries") == [(NOTE,)]
    assert count(db_path, "clients") == 2  # the SQL in the name never ran


def test_client_with_non_ascii_capitals_is_found_by_its_name_in_any_case(team) -> None:  # type: ignore[no-untyped-def]
    with acting(team.ledger) as (uow, admin):
        clients.add_client(uow, admin, name="Ärzte Ohne Grenzen", email="ap@aerzte.example")
        uow.commit()

    with acting(team.ledger, read=True) as (uow, admin):
        found = {
            typed: clients.find_client(uow, admin.org, typed).email
            for typed in ("Ärzte Ohne Grenzen", "ÄRZTE OHNE GRENZEN", "ärzte ohne grenzen")
        }

    assert set(found.values()) == {"ap@aerzte.example"}
