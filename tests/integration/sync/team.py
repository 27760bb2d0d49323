"""A team server to test against: a local ledger of Acme uploaded by `init_server` to a PostgreSQL database of the
test's own, with a login role for each person; the database and every role are dropped afterwards.

Acme (EUR, Europe/Berlin), on the admin's desktop and then on the server:
- Ada, admin (the user signed in on the desktop; `init_server` gives her a login);
- team "blue": Mona the manager, Carl (consultant A) and Bea (consultant B);
- team "red": Otto, a manager of another team;
- client Globex; project WEB (active; Carl, Bea, Mona and Ada assigned), project APP (active; only Bea assigned),
  each with its task "General".

    with team_server(tmp_path) as team:
        with team.connect(team.consultant_a) as carl:      # psycopg, as Carl's login role (RLS applies)
            carl.execute("SELECT ...")
        team.insert_entry(team.consultant_b, date(2026, 11, 16), as_superuser=True)
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import psycopg
from postgres import SERVER, fresh_database
from psycopg import sql as pgsql

from app.domain.clock import FixedClock
from app.ledger import Ledger, open_ledger
from app.services import clients, people, projects, setup
from app.services.identity import current_actor
from app.sync.server import init_server
from app.sync.server_logins import add_user

# Friday 20 November 2026, 09:00 in Berlin (the desktop's clock; the server keeps its own).
FRIDAY_MORNING = datetime(2026, 11, 20, 8, 0, tzinfo=UTC)
MONDAY = date(2026, 11, 16)  # the week of FRIDAY_MORNING starts here (Acme's weeks start on Monday)
TEAM = "blue"


@dataclass(frozen=True)
class Person:
    """Someone with a login role on the team server."""

    email: str
    login: str
    user_id: uuid.UUID
    url: str  # postgresql://<login>@127.0.0.1:5432/<db>, for psycopg or a desktop's `sync setup`


@dataclass
class TeamServer:
    url: str  # the superuser's SQLAlchemy URL of the database (postgresql+psycopg://postgres@…/<db>)
    pg_url: str  # the same as a libpq URL (postgresql://postgres@…/<db>), for psycopg
    database: str
    ledger: Ledger  # the admin's desktop, which `init_server` uploaded
    org_id: uuid.UUID
    admin: Person
    manager: Person
    consultant_a: Person
    consultant_b: Person
    other_manager: Person  # manages team "red"
    client_id: uuid.UUID
    web_id: uuid.UUID  # project WEB: Carl, Bea, Mona and Ada are assigned
    web_task_id: uuid.UUID
    app_id: uuid.UUID  # project APP: only Bea is assigned
    app_task_id: uuid.UUID
    suffix: str  # makes this test's login names unique in the cluster
    logins: list[str] = field(default_factory=list)  # every role to drop at the end

    def login_url(self, login: str) -> str:
        return f"postgresql://{login}@{self.pg_url.split('@', 1)[1]}"

    def new_login(self, stem: str) -> str:
        """A login name unique to this test, dropped at the end (for tests that add people of their own)."""
        login = f"{stem}_{self.suffix}"
        self.logins.append(login)
        return login

    def connect(self, person: Person | None = None, *, autocommit: bool = True) -> psycopg.Connection:
        """A psycopg connection as that person's login role (row-level security applies), or as the superuser."""
        return psycopg.connect(person.url if person else self.pg_url, autocommit=autocommit)

    def sql(self, query: str, *params: Any) -> list[tuple[Any, ...]]:
        """Run one statement as the superuser (no row-level security, no guards) and return its rows."""
        with psycopg.connect(self.pg_url, autocommit=True) as connection:
            cursor = connection.execute(query, params or None)
            return cursor.fetchall() if cursor.description else []

    def insert_entry(
        self,
        person: Person,
        work_date: date = MONDAY,
        seconds: int = 3600,
        *,
        project_id: uuid.UUID | None = None,
        task_id: uuid.UUID | None = None,
        note: str = "",
        billable: bool = True,
        status: str = "draft",
        as_superuser: bool = False,
    ) -> uuid.UUID:
        """A task-log entry of `person`, inserted as that person (RLS and guards apply) or as the superuser
        (to arrange a state, e.g. an approved entry). Returns its id."""
        entry_id = uuid.uuid4()
        project_id = project_id or self.web_id
        task_id = task_id or (self.app_task_id if project_id == self.app_id else self.web_task_id)
        with self.connect(None if as_superuser else person) as connection:
            connection.execute(
                """INSERT INTO task_log_entries (id, org_id, version, updated_at, user_id, project_id, task_id,
                       work_date, duration_seconds, note, billable, status, rate_minor, rate_currency, rate_source,
                       cap_override_reason)
                   VALUES (%s, %s, 1, now(), %s, %s, %s, %s, %s, %s, %s, %s, 15000, 'EUR', 'project', '')""",
                (
                    entry_id,
                    self.org_id,
                    person.user_id,
                    project_id,
                    task_id,
                    work_date,
                    seconds,
                    note,
                    billable,
                    status,
                ),
            )
        return entry_id


def _build_ledger(path: Path) -> Ledger:
    ledger = open_ledger(path, FixedClock(FRIDAY_MORNING))
    with ledger.work() as uow:
        setup.init_organisation(
            uow,
            org_name="Acme",
            currency="EUR",
            user_name="Ada Admin",
            email="ada@acme.example",
            time_zone="Europe/Berlin",
            default_rate="90",
        )
        admin = current_actor(uow)
        people.add_user(uow, admin, name="Mona Manager", email="mona@acme.example", role="manager", team=TEAM)
        people.add_user(uow, admin, name="Carl Consultant", email="carl@acme.example", team=TEAM)
        people.add_user(uow, admin, name="Bea Consultant", email="bea@acme.example", team=TEAM)
        people.add_user(uow, admin, name="Otto Other", email="otto@acme.example", role="manager", team="red")
        clients.add_client(uow, admin, name="Globex", email="ap@globex.example", rate="120")
        projects.add_project(uow, admin, client="Globex", name="Website", code="WEB", status="active", rate="150")
        projects.add_project(uow, admin, client="Globex", name="App", code="APP", status="active")
        for email in ("carl@acme.example", "bea@acme.example", "mona@acme.example", "ada@acme.example"):
            projects.assign(uow, admin, email, "WEB")
        projects.assign(uow, admin, "bea@acme.example", "APP")
        uow.commit()
    return ledger


def _ids(pg_url: str) -> dict[str, Any]:
    with psycopg.connect(pg_url) as connection:
        users = dict(connection.execute("SELECT email, id FROM users").fetchall())
        found = dict(connection.execute("SELECT code, id FROM projects").fetchall())
        tasks = dict(connection.execute("SELECT project_id, id FROM tasks").fetchall())
        (org_id,) = connection.execute("SELECT id FROM organisations").fetchone()
        (client_id,) = connection.execute("SELECT id FROM clients").fetchone()
    return {"users": users, "projects": found, "tasks": tasks, "org_id": org_id, "client_id": client_id}


def drop_roles(logins: list[str]) -> None:
    """Login roles are cluster-wide: drop them once the database that granted them privileges is gone."""
    with psycopg.connect(SERVER, autocommit=True) as connection:
        for login in logins:
            connection.execute(pgsql.SQL("DROP ROLE IF EXISTS {}").format(pgsql.Identifier(login)))


@contextmanager
def team_server(tmp_path: Path) -> Iterator[TeamServer]:
    """The team server of Acme, set up as the issue's journey does (init, then add-user for each person)."""
    suffix = uuid.uuid4().hex[:8]
    logins = [f"{stem}_{suffix}" for stem in ("ada", "mona", "carl", "bea", "otto")]
    ledger = _build_ledger(tmp_path / "admin.db")
    try:
        with fresh_database() as url:
            pg_url = url.replace("postgresql+psycopg://", "postgresql://", 1)
            database = pg_url.rsplit("/", 1)[1]
            init_server(url, ledger, login=logins[0], password="ada-secret")
            add_user(url, "mona@acme.example", "manager", TEAM, login=logins[1], password="mona-secret")
            add_user(url, "carl@acme.example", "consultant", TEAM, login=logins[2], password="carl-secret")
            add_user(url, "bea@acme.example", "consultant", TEAM, login=logins[3], password="bea-secret")
            add_user(url, "otto@acme.example", "manager", "red", login=logins[4], password="otto-secret")
            ids = _ids(pg_url)
            host = pg_url.split("@", 1)[1]

            def person(email: str, login: str) -> Person:
                return Person(email, login, ids["users"][email], f"postgresql://{login}@{host}")

            web_id, app_id = ids["projects"]["WEB"], ids["projects"]["APP"]
            yield TeamServer(
                url=url,
                pg_url=pg_url,
                database=database,
                ledger=ledger,
                org_id=ids["org_id"],
                admin=person("ada@acme.example", logins[0]),
                manager=person("mona@acme.example", logins[1]),
                consultant_a=person("carl@acme.example", logins[2]),
                consultant_b=person("bea@acme.example", logins[3]),
                other_manager=person("otto@acme.example", logins[4]),
                client_id=ids["client_id"],
                web_id=web_id,
                web_task_id=ids["tasks"][web_id],
                app_id=app_id,
                app_task_id=ids["tasks"][app_id],
                suffix=suffix,
                logins=logins,
            )
    finally:
        ledger.close()
        drop_roles(logins)
