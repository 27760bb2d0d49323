"""People's logins on the team server: one PostgreSQL login role per person, in the group timeledger_app,
mapped to their user (`timeledger server add-user|remove-user|users`)."""

from __future__ import annotations

import re
import secrets
import uuid
from dataclasses import dataclass

from psycopg import sql as pgsql
from sqlalchemy import Connection, inspect, text

from app.domain.ids import new_id
from app.domain.text import normalise_email
from app.domain.user import Role
from app.sync.server_connection import ServerRefused, server_transaction

WEEKLY_HOURS_SECONDS = 40 * 3600
LOGIN_NAME = re.compile(r"[a-z_][a-z0-9_]{0,62}")


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
        return grant_login(connection, email, role, team, login, password)


def grant_login(
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
