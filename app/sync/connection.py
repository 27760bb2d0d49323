"""Reaching the team server: the address without its password, the password from the keyring (or, where no
keyring works, from the person once per session), and failures told as sentences."""

from __future__ import annotations

import contextlib
from typing import Any
from urllib.parse import urlsplit, urlunsplit

from app.domain.errors import refuse
from app.services.sync_status import ServerUnreachable, SyncPasswordNeeded

KEYRING_SERVICE = "timeledger-sync"
CONNECT_TIMEOUT_S = 10
_session_passwords: dict[str, str] = {}  # address -> password, for this process only (never written anywhere)


def split_password(url: str) -> tuple[str, str | None]:
    """The address to keep (no password in it) and the password it carried, if any."""
    parts = urlsplit(url.strip())
    if parts.scheme not in ("postgresql", "postgres"):
        raise ServerUnreachable(f"'{url}' is not a PostgreSQL address; write it as postgresql://person@host/database.")
    if not parts.hostname and not parts.path.strip("/"):
        raise ServerUnreachable("The server address needs a host and a database: postgresql://person@host/database.")
    password = parts.password
    netloc = parts.netloc.rsplit("@", 1)
    if len(netloc) == 2 and password is not None:
        user = netloc[0].split(":", 1)[0]
        netloc = [user, netloc[1]]
    clean = urlunsplit(("postgresql", "@".join(netloc), parts.path, parts.query, ""))
    return clean, password


def _keyring() -> Any | None:
    try:
        import keyring
        from keyring.backends.fail import Keyring as FailKeyring
    except ImportError:
        return None
    backend = keyring.get_keyring()
    return None if isinstance(backend, FailKeyring) else keyring


def remember_password(url: str, password: str) -> str:
    """Keep the password in the system keyring; where none works, for this session only. Returns a warning
    (empty when the keyring took it)."""
    _session_passwords[url] = password
    store = _keyring()
    why = "no system keyring works here"
    if store is not None:
        try:
            store.set_password(KEYRING_SERVICE, url, password)
            return ""
        except Exception as error:  # keyring backends raise their own kinds (locked, no D-Bus, denied)
            why = f"the system keyring refused it ({error})"
    return f"The password is kept only until this program ends: {why}; you will be asked again next time."


def stored_password(url: str) -> str | None:
    found = _session_passwords.get(url)
    if found is not None:
        return found
    store = _keyring()
    if store is None:
        return None
    try:
        return store.get_password(KEYRING_SERVICE, url)
    except Exception:  # an unusable keyring is the same as an empty one: the person is asked
        return None


def forget_password(url: str) -> None:
    _session_passwords.pop(url, None)
    store = _keyring()
    if store is not None:
        # Nothing stored, or a keyring that cannot be used: nothing to forget.
        with contextlib.suppress(Exception):
            store.delete_password(KEYRING_SERVICE, url)


def connect(url: str, password: str | None = None) -> Any:
    """An autocommit psycopg connection as the person of `url`."""
    try:
        import psycopg
    except ImportError as error:
        raise ServerUnreachable("Sync needs psycopg, which is missing from this installation.") from error
    secret = password if password is not None else stored_password(url)
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
                "" if _keyring() is not None else "no system keyring works here, so it is kept until you quit",
            ) from error
        if "does not exist" in text or "not permitted to log in" in text:
            raise refuse(
                "unknown_login",
                f"The team server at {url} does not accept this login ({text.splitlines()[0]}); check the address, "
                "or ask your admin to run `timeledger server add-user` for you.",
            ) from error
        raise ServerUnreachable(f"The team server at {url} cannot be reached: {text.splitlines()[0]}") from error
