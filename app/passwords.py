"""Secrets the app must remember (the team server's password, the mail server's): in the system keyring, or, where
no keyring works, for this process only; never in a file."""

from __future__ import annotations

import contextlib
from typing import Any

_session: dict[tuple[str, str], str] = {}  # (service, key) -> secret, for this process only (never written anywhere)


def keyring() -> Any | None:
    """The keyring module when a real backend answers here, else None (headless machine, no D-Bus session...)."""
    try:
        import keyring as module
        from keyring.backends.fail import Keyring as FailKeyring
    except ImportError:
        return None
    backend = module.get_keyring()
    return None if isinstance(backend, FailKeyring) else module


def remember(service: str, key: str, secret: str) -> str:
    """Keep the secret in the system keyring; where none works, for this session only. Returns a warning sentence
    (empty when the keyring took it)."""
    _session[service, key] = secret
    store = keyring()
    why = "no system keyring works here"
    if store is not None:
        try:
            store.set_password(service, key, secret)
            return ""
        except Exception as error:  # keyring backends raise their own kinds (locked, no D-Bus, denied)
            why = f"the system keyring refused it ({error})"
    return f"The password is kept only until this program ends: {why}; you will be asked again next time."


def stored(service: str, key: str) -> str | None:
    """The secret kept this session, else the keyring's, else None."""
    found = _session.get((service, key))
    if found is not None:
        return found
    store = keyring()
    if store is None:
        return None
    try:
        return store.get_password(service, key)
    except Exception:  # an unusable keyring is the same as an empty one: the person is asked
        return None


def forget(service: str, key: str) -> None:
    """Drop the secret from this session and from the keyring (nothing stored is not an error)."""
    _session.pop((service, key), None)
    store = keyring()
    if store is not None:
        # Nothing stored, or a keyring that cannot be used: nothing to forget.
        with contextlib.suppress(Exception):
            store.delete_password(service, key)
