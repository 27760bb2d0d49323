"""Addresses of the team server: the forms people type, the forms drivers want, and the form safe to show.

People type `postgresql://carl@host/team` (or `postgres://`, or SQLAlchemy's `postgresql+psycopg://`);
SQLAlchemy wants `postgresql+psycopg://`, psycopg and libpq `postgresql://`. A password in the address is
accepted but never shown or stored by these helpers' callers.
"""

from __future__ import annotations

from urllib.parse import SplitResult, quote, unquote, urlsplit, urlunsplit

from app.domain.errors import TimeledgerError

SCHEMES = ("postgresql", "postgres", "postgresql+psycopg")


class ServerAddressInvalid(TimeledgerError):
    """The team server's address is not a PostgreSQL URL."""


def _parts(url: str) -> SplitResult:
    parts = urlsplit(url.strip())
    if parts.scheme not in SCHEMES:
        raise ServerAddressInvalid(
            f"'{display(url)}' is not the address of a PostgreSQL server; "
            "write it as postgresql://USER@HOST:PORT/DATABASE."
        )
    if not parts.path.strip("/"):
        raise ServerAddressInvalid(
            f"The address '{display(url)}' names no database; add it at the end, as in postgresql://USER@HOST/team."
        )
    return parts


def _with_scheme(url: str, scheme: str) -> str:
    return urlunsplit(_parts(url)._replace(scheme=scheme))


def sqlalchemy_url(url: str) -> str:
    """The address as SQLAlchemy wants it, with the psycopg 3 driver."""
    return _with_scheme(url, "postgresql+psycopg")


def libpq_url(url: str) -> str:
    """The address as psycopg and libpq want it."""
    return _with_scheme(url, "postgresql")


def _netloc(user: str | None, password: str | None, parts: SplitResult) -> str:
    host = parts.hostname or ""
    if ":" in host:  # an IPv6 address keeps its brackets
        host = f"[{host}]"
    if parts.port:
        host = f"{host}:{parts.port}"
    if not user:
        return host
    login = quote(user, safe="")
    if password is not None:
        login += ":" + quote(password, safe="")
    return f"{login}@{host}"


def display(url: str) -> str:
    """The address without its password, to show or to store."""
    parts = urlsplit(url.strip())
    if parts.password is None:
        return url.strip()
    return urlunsplit(parts._replace(netloc=_netloc(parts.username, None, parts)))


def user_of(url: str) -> str | None:
    """The login name in the address, if it has one."""
    name = _parts(url).username
    return unquote(name) if name else None


def password_of(url: str) -> str | None:
    password = _parts(url).password
    return unquote(password) if password is not None else None


def database_of(url: str) -> str:
    return unquote(_parts(url).path.strip("/"))


def with_login(url: str, login: str, password: str | None = None) -> str:
    """The same server and database as another login (the address a person gives `timeledger sync setup`)."""
    parts = _parts(url)
    return urlunsplit(parts._replace(scheme="postgresql", netloc=_netloc(login, password, parts)))
