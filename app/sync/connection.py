"""Reaching the team server: the address without its password, the password from the keyring (or, where no
keyring works, from the person once per session: app/passwords.py), and failures told as sentences."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit, urlunsplit

from app import passwords
from app.domain.errors import refuse
from app.services.sync_status import ServerUnreachable, SyncPasswordNeeded

KEYRING_SERVICE = "timeledger-sync"
CONNECT_TIMEOUT_S = 10


def split_password(url: str) -> tuple[str, str | None]:
    """The address to keep (no password in it) and the password it carried, if any."""
    parts = urlsplit(url.strip())
    if parts.scheme not in ("postgresql", "postgres"):
        raise refuse(
            "not_postgresql",
            f"'{url}' is not a PostgreSQL address; write it as postgresql://person@host/database.",
            "url",
        )
    if not parts.hostname and not parts.path.strip("/"):
        raise refuse(
            "incomplete_address",
            "The server address needs a host and a database: postgresql://person@host/database.",
            "url",
        )
    password = parts.password
    netloc = parts.netloc.rsplit("@", 1)
    if len(netloc) == 2 and password is not None:
        user = netloc[0].split(":", 1)[0]
        netloc = [user, netloc[1]]
    clean = urlunsplit(("postgresql", "@".join(netloc), parts.path, parts.query, ""))
    return clean, password


def connect(url: str, password: str | None = None) -> Any:
    """An autocommit psycopg connection as the person of `url`."""
    try:
        import psycopg
    except ImportError as error:
        raise ServerUnreachable("Sync needs psycopg, which is missing from this installation.") from error
    secret = password if password is not None else passwords.stored(KEYRING_SERVICE, url)
    try:
        return psycopg.connect(
            url,
            password=secret,
            autocommit=True,
            connect_timeout=CONNECT_TIMEOUT_S,
            application_name="timeledger",
            keepalives=1,
            keepalives_idle=15,
            keepalives_interval=5,
            keepalives_count=3,
        )
    except psycopg.OperationalError as error:
        text = str(error).strip()
        if "password" in text.lower():
            raise SyncPasswordNeeded(
                f"The team server at {url} asks for a password" + (" and refused the one given." if secret else "."),
                "" if passwords.keyring() is not None else "no system keyring works here, so it is kept until you quit",
            ) from error
        if "does not exist" in text or "not permitted to log in" in text:
            raise refuse(
                "unknown_login",
                f"The team server at {url} does not accept this login ({text.splitlines()[0]}); check the address, "
                "or ask your admin to run `timeledger server add-user` for you.",
            ) from error
        raise ServerUnreachable(f"The team server at {url} cannot be reached: {text.splitlines()[0]}") from error
