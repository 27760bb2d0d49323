"""Setting up the team server: its schema, the first upload of the admin's ledger, and its people's login roles.

`timeledger server init|add-user|remove-user|users` (app/cli/server_commands.py) call these. Each runs in one
transaction on the server: a failure leaves it as it was. See docs/sync.md.
"""

from __future__ import annotations

import re
import secrets
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from psycopg import sql as pgsql
from sqlalchemy import Connection, Table, create_engine, exc, inspect, select, text
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.pool import NullPool

from app.domain.errors import TimeledgerError
from app.domain.ids import new_id
from app.domain.text import normalise_email
from app.domain.user import Role
from app.ledger import Ledger
from app.services.identity import CURRENT_USER
from app.services.sync_status import ServerUnreachable
from app.storage.migrate import HEAD_REVISION, looks_like_ours, upgrade
from app.storage.rows import Base
from app.sync.postgres_url import display, sqlalchemy_url
from app.sync.wire import SYNCED_TABLES, synced_tables

SQL_DIR = Path(__file__).with_name("server_sql")
# Where this desktop remembers the server it set up (without a password), for add-user and remove-user.
SERVER_URL = "server_admin_url"
WEEKLY_HOURS_SECONDS = 40 * 3600
LOGIN_NAME = re.compile(r"[a-z_][a-z0-9_]{0,62}")


class ServerRefused(TimeledgerError):
    """The team server cannot do what was asked (or said no); nothing was changed on it."""


@dataclass(frozen=True)
class ServerUser:
    email: str
    name: str
    login: str
    role: str
    team: str | None
    active: bool
    password: str | None = None  # set only when this call made one up: show it once
    created: bool = False  # the login role is new


@dataclass
class InitReport:
    server: str
    org_name: str
    revision_before: str | None
    uploaded: dict[str, int] = field(default_factory=dict)  # new rows per table
    kept: int = 0  # rows the server already had (it keeps its version)
    admin: ServerUser | None = None

    def lines(self) -> list[str]:
        if self.revision_before is None:
            schema = f"Created the team schema on {self.server} (revision {HEAD_REVISION})."
        elif self.revision_before != HEAD_REVISION:
            schema = (
                f"Upgraded the team schema on {self.server} from revision {self.revision_before} to {HEAD_REVISION}."
            )
        else:
            schema = f"The team schema on {self.server} is up to date (revision {HEAD_REVISION})."
        moved = ", ".join(_count(count, name) for name, count in self.uploaded.items() if count)
        upload = f"Uploaded {self.org_name}: {moved}." if moved else f"{self.org_name} was already on the server."
        if self.kept and moved:
            upload += f" {self.kept} records already there were kept as the server has them."
        return [schema, upload, *(login_lines(self.admin) if self.admin else [])]


def _count(count: int, table: str) -> str:
    """ "1 project", "3 time entries"."""
    plural = {"task_log_entries": "time entries"}.get(table, table.replace("_", " "))
    one = plural[:-3] + "y" if plural.endswith("ies") else plural[:-1]
    return f"{count} {one if count == 1 else plural}"


def login_lines(user: ServerUser) -> list[str]:
    """What to tell the admin about a person's login."""
    team = f", team {user.team}" if user.team else ""
    if not user.active:
        return [
            f"{user.name} ({user.email}) can no longer sign in to the server (login {user.login}); their data stays."
        ]
    lines = [f"{user.name} ({user.email}) signs in to the server as {user.login} ({user.role}{team})."]
    if user.password:
        lines.append(f"Password for {user.login} (shown once, pass it on safely): {user.password}")
    return lines


@contextmanager
def server_transaction(url: str) -> Iterator[Connection]:
    """One transaction on the team server; its errors become sentences (unreachable: ServerUnreachable)."""
    engine = create_engine(sqlalchemy_url(url), poolclass=NullPool, connect_args={"connect_timeout": 10})
    try:
        with engine.begin() as connection:
            yield connection
    except exc.OperationalError as error:
        raise _explained(error, url) from error
    except exc.DBAPIError as error:
        reason = str(error.orig).strip().splitlines()[0] if error.orig else str(error)
        raise ServerRefused(f"The team server refused: {reason}. Nothing was changed on it.") from error
    finally:
        engine.dispose()


def _explained(error: exc.OperationalError, url: str) -> TimeledgerError:
    message = str(error.orig).strip()
    first = message.splitlines()[0] if message else str(error)
    if getattr(error.orig, "sqlstate", None):  # the server answered (a deadlock, a timeout...)
        return ServerRefused(f"The team server refused: {first}. Nothing was changed on it.")
    if "FATAL:" in message:  # the server answered the connection: wrong login, password or database
        reason = message.split("FATAL:", 1)[1].strip().splitlines()[0]
        return ServerRefused(
            f"The team server at {display(url)} did not let you in: {reason}. "
            "Check the login, the password (in the address or PGPASSWORD) and the database name."
        )
    return ServerUnreachable(
        f"The team server at {display(url)} could not be reached ({first.rsplit('failed:', 1)[-1].strip()}); "
        "check the address and your network, then try again. Nothing was changed."
    )


def init_server(url: str, ledger: Ledger, *, login: str | None = None, password: str | None = None) -> InitReport:
    """Create or upgrade the team schema, upload this ledger's organisation, and give its signed-in user an
    admin login. Running it again changes nothing."""
    local = _local_ledger(ledger)
    org = local["organisations"][0]
    with server_transaction(url) as connection:
        # Two inits at once on one database would race on the same DDL: one waits for the other.
        connection.execute(text("SELECT pg_advisory_xact_lock(hashtext('timeledger server init'))"))
        report = InitReport(display(url), org["name"], _revision(connection))
        _check_same_organisation(connection, org, url)
        upgrade(connection, display(url))
        _run_server_sql(connection)
        for table in [*synced_tables(), Base.metadata.tables["number_counters"]]:
            added = _upload(connection, table, local[table.name])
            report.uploaded[table.name] = added
            report.kept += len(local[table.name]) - added
        me = next(u for u in local["users"] if str(u["id"]) == local["me"])
        report.admin = _add_user(connection, me["email"], Role.ADMIN.value, None, login, password)
    with ledger.work() as uow:
        uow.settings.set(SERVER_URL, display(url))
        uow.commit()
    return report


def _local_ledger(ledger: Ledger) -> dict[str, Any]:
    """Every synced row of the desktop (and its invoice number counters), read in one transaction."""
    with ledger.read() as uow:
        found: dict[str, Any] = {"me": uow.settings.get(CURRENT_USER)}
        for table in [*synced_tables(), Base.metadata.tables["number_counters"]]:
            found[table.name] = [dict(row._mapping) for row in uow.session.execute(select(table))]
    if not found["organisations"] or not found["me"]:
        raise ServerRefused(
            "This desktop has no organisation to upload yet; "
            "run `timeledger init` first, then `timeledger server init`."
        )
    # A credit note points at the invoice it credits: that one goes first.
    found["invoices"].sort(key=lambda row: row["credited_id"] is not None)
    return found


def _revision(connection: Connection) -> str | None:
    if not inspect(connection).has_table("alembic_version"):
        return None
    return connection.execute(text("SELECT max(version_num) FROM alembic_version")).scalar()


def _check_same_organisation(connection: Connection, org: dict[str, Any], url: str) -> None:
    tables = set(inspect(connection).get_table_names())
    if not looks_like_ours(tables - {name for name in tables if name.startswith("tl_")}):
        raise ServerRefused(
            f"The database {display(url)} already holds tables but is not a Timeledger server; nothing was "
            "changed. Give the address of an empty database (createdb team)."
        )
    if "organisations" not in tables:
        return
    other = connection.execute(
        text("SELECT name FROM organisations WHERE id <> :id ORDER BY name LIMIT 1"), {"id": org["id"]}
    ).scalar()
    if other is not None:
        raise ServerRefused(
            f"The server at {display(url)} already holds the organisation {other}; nothing was changed. "
            f"Set up {org['name']} in a database of its own, or join {other} with `timeledger sync setup`."
        )


def _run_server_sql(connection: Connection) -> None:
    """The files of server_sql in name order, inside the caller's transaction."""
    connection.execute(
        text("SELECT set_config('timeledger.synced_tables', :names, true)"), {"names": ",".join(SYNCED_TABLES)}
    )
    raw = connection.connection.dbapi_connection
    assert raw is not None
    for path in sorted(SQL_DIR.glob("*.sql")):
        # Without parameters psycopg sends the file as one simple query: several statements, `%` left alone.
        raw.execute(path.read_text(encoding="utf-8"))  # type: ignore[call-overload]


def _upload(connection: Connection, table: Table, rows: list[dict[str, Any]]) -> int:
    """Insert the rows the server does not have yet; the server's version of the others wins."""
    if not rows:
        return 0
    keys = [column.name for column in table.primary_key.columns]
    statement = insert(table).on_conflict_do_nothing(index_elements=keys).returning(*table.primary_key.columns)
    return len(connection.execute(statement, rows).all())


def add_user(
    url: str,
    email: str,
    role: str,
    team: str | None = None,
    *,
    login: str | None = None,
    password: str | None = None,
) -> ServerUser:
    """Give a person a login role on the server (creating or updating their user row); re-adding someone who
    was removed lets them in again. A password is made up when none is given."""
    with server_transaction(url) as connection:
        return _add_user(connection, email, role, team, login, password)


def _add_user(
    connection: Connection, email: str, role: str, team: str | None, login: str | None, password: str | None
) -> ServerUser:
    email = normalise_email(email)
    if role not in {r.value for r in Role}:
        raise ServerRefused(f"'{role}' is not a role; use consultant, manager or admin.")
    team = team.strip() or None if team is not None else None
    org_id = _organisation(connection)
    user = connection.execute(
        text("SELECT id, name, role, team, active FROM users WHERE org_id = :org AND email = :email"),
        {"org": org_id, "email": email},
    ).one_or_none()
    if user is None:
        user_id, name = new_id(), _name_from(email)
        connection.execute(
            text(
                "INSERT INTO users (id, org_id, version, updated_at, name, email, role, team, weekly_hours_seconds, "
                "active) VALUES (:id, :org, 1, now(), :name, :email, :role, :team, :hours, true)"
            ),
            {
                "id": user_id,
                "org": org_id,
                "name": name,
                "email": email,
                "role": role,
                "team": team,
                "hours": WEEKLY_HOURS_SECONDS,
            },
        )
    else:
        user_id, name = user.id, user.name
        team = user.team if team is None else team
        if (user.role, user.team, user.active) != (role, team, True):
            connection.execute(
                text(
                    "UPDATE users SET role = :role, team = :team, active = true, version = version + 1, "
                    "updated_at = now() WHERE id = :id"
                ),
                {"role": role, "team": team, "id": user_id},
            )
    mapped = connection.execute(
        text("SELECT login_role, active FROM tl_server_users WHERE user_id = :id ORDER BY active DESC, login_role"),
        {"id": user_id},
    ).all()
    login = _login_name(login, mapped[0].login_role if mapped else None, email)
    password, created = _ensure_login_role(connection, login, user_id, password)
    for old in mapped:
        if old.login_role != login and old.active:  # one working login per person
            _disable(connection, old.login_role)
    connection.execute(
        text(
            "INSERT INTO tl_server_users (login_role, user_id, org_id, active) VALUES (:login, :user, :org, true) "
            "ON CONFLICT (login_role) DO UPDATE SET active = true WHERE NOT tl_server_users.active"
        ),
        {"login": login, "user": user_id, "org": org_id},
    )
    return ServerUser(email, name, login, role, team, True, password, created)


def _organisation(connection: Connection) -> uuid.UUID:
    if not inspect(connection).has_table("tl_server_users"):
        raise ServerRefused("This database is not a team server yet; run `timeledger server init --url URL` first.")
    found = connection.execute(text("SELECT id FROM organisations WHERE deleted_at IS NULL")).scalars().all()
    if len(found) != 1:
        raise ServerRefused("The team server holds no organisation; run `timeledger server init --url URL` first.")
    return found[0]


def _name_from(email: str) -> str:
    """A first name for someone known only by email ("carl.smith@x" → "Carl Smith"); they can change it."""
    words = re.split(r"[._\-+]+", email.split("@", 1)[0])
    return " ".join(word.capitalize() for word in words if word) or email


def default_login(email: str) -> str:
    """The login role's name: the part of the email before @, lower case, anything but [a-z0-9_] as `_`."""
    name = re.sub(r"[^a-z0-9_]", "_", email.split("@", 1)[0].lower())[:63]
    return name if name and not name[0].isdigit() else f"u_{name}"[:63]


def _login_name(given: str | None, mapped: str | None, email: str) -> str:
    login = (given or mapped or default_login(email)).strip()
    if not LOGIN_NAME.fullmatch(login):
        raise ServerRefused(
            f"'{login}' cannot be a login name; use lower-case letters, digits and _ (at most 63, not starting "
            "with a digit)."
        )
    return login


def _ensure_login_role(
    connection: Connection, login: str, user_id: uuid.UUID, password: str | None
) -> tuple[str | None, bool]:
    """The login role exists, can log in and is in timeledger_app. Returns the password made up (if any)."""
    role = connection.execute(
        text("SELECT rolcanlogin, rolsuper FROM pg_roles WHERE rolname = :login"), {"login": login}
    ).one_or_none()
    owner = connection.execute(
        text("SELECT user_id FROM tl_server_users WHERE login_role = :login"), {"login": login}
    ).scalar()
    if role is not None and owner is None:
        raise ServerRefused(
            f"The server already has a role named {login} that is not a Timeledger login; nothing was changed. "
            "Choose another name with --login."
        )
    if owner is not None and owner != user_id:
        raise ServerRefused(f"The login {login} belongs to someone else; choose another name with --login.")
    made_up = None
    if role is None or not role.rolcanlogin:
        password = password or (made_up := secrets.token_urlsafe(12))
    raw = connection.connection.dbapi_connection
    assert raw is not None
    name = pgsql.Identifier(login)
    if password is not None:
        # Only the SCRAM verifier travels and reaches the server's logs, never the password itself.
        verifier = raw.pgconn.encrypt_password(password.encode(), login.encode(), b"scram-sha-256").decode()  # type: ignore[attr-defined]
        secret = pgsql.SQL("PASSWORD {}").format(pgsql.Literal(verifier))
    else:
        secret = pgsql.SQL("")
    if role is None:
        raw.execute(  # type: ignore[call-overload]
            pgsql.SQL(
                "CREATE ROLE {} LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS "
                "IN ROLE timeledger_app {}"
            ).format(name, secret)
        )
        return made_up, True
    if password is not None or not role.rolcanlogin:
        raw.execute(pgsql.SQL("ALTER ROLE {} LOGIN {}").format(name, secret))  # type: ignore[call-overload]
    member = connection.execute(text("SELECT pg_has_role(:login, 'timeledger_app', 'MEMBER')"), {"login": login})
    if not member.scalar():
        raw.execute(pgsql.SQL("GRANT timeledger_app TO {}").format(name))  # type: ignore[call-overload]
    return made_up, False


def _disable(connection: Connection, login: str) -> None:
    connection.execute(text("UPDATE tl_server_users SET active = false WHERE login_role = :login"), {"login": login})
    exists = connection.execute(text("SELECT rolcanlogin FROM pg_roles WHERE rolname = :login"), {"login": login})
    if exists.scalar():
        connection.connection.dbapi_connection.execute(  # type: ignore[union-attr]
            pgsql.SQL("ALTER ROLE {} NOLOGIN").format(pgsql.Identifier(login))
        )


def remove_user(url: str, email: str) -> ServerUser:
    """Stop someone signing in to the server: their login role can no longer log in, their mapping and user
    are inactive; everything they wrote stays."""
    email = normalise_email(email)
    with server_transaction(url) as connection:
        org_id = _organisation(connection)
        user = connection.execute(
            text("SELECT id, name, role, team, active FROM users WHERE org_id = :org AND email = :email"),
            {"org": org_id, "email": email},
        ).one_or_none()
        if user is None:
            raise ServerRefused(f"There is no user with email {email} on the server; nothing was changed.")
        logins = (
            connection.execute(
                text("SELECT login_role FROM tl_server_users WHERE user_id = :id ORDER BY active DESC"), {"id": user.id}
            )
            .scalars()
            .all()
        )
        for login in logins:
            _disable(connection, login)
        if user.active:
            connection.execute(
                text("UPDATE users SET active = false, version = version + 1, updated_at = now() WHERE id = :id"),
                {"id": user.id},
            )
        return ServerUser(email, user.name, logins[0] if logins else "—", user.role, user.team, False)


def server_users(url: str) -> list[ServerUser]:
    """Everyone with a login on the server, removed people included."""
    with server_transaction(url) as connection:
        _organisation(connection)
        found = connection.execute(
            text(
                "SELECT u.email, u.name, s.login_role, u.role, u.team, s.active AND u.active AS active "
                "FROM tl_server_users AS s JOIN users AS u ON u.id = s.user_id ORDER BY u.email, s.login_role"
            )
        ).all()
    return [ServerUser(r.email, r.name, r.login_role, r.role, r.team, r.active) for r in found]


def remembered_url(ledger: Ledger) -> str | None:
    """The server this desktop set up with `server init` (without its password)."""
    with ledger.read() as uow:
        return uow.settings.get(SERVER_URL)
