"""A transaction on the team server for the admin's commands, its failures told as sentences."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import Connection, create_engine, exc
from sqlalchemy.pool import NullPool

from app.domain.errors import TimeledgerError
from app.services.sync_status import ServerUnreachable
from app.sync.postgres_url import display, sqlalchemy_url


class ServerRefused(TimeledgerError):
    """The team server cannot do what was asked (or said no); nothing was changed on it."""


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
