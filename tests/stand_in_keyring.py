"""Keyring backends standing in for the system's in tests: the test machines have no keyring service.

`MemoryKeyring` and `LockedKeyring` are set in-process (`keyring.set_keyring`); `FileKeyring` is for the CLI run
as a subprocess, chosen with PYTHON_KEYRING_BACKEND=stand_in_keyring.FileKeyring (this folder on PYTHONPATH)
and keeping its secrets in the JSON file named by STAND_IN_KEYRING_FILE, so the test can look inside.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from keyring.backend import KeyringBackend
from keyring.errors import KeyringLocked, PasswordDeleteError


class MemoryKeyring(KeyringBackend):
    priority = 1  # type: ignore[assignment]

    def __init__(self) -> None:
        super().__init__()
        self.secrets: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.secrets.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.secrets[service, username] = password

    def delete_password(self, service: str, username: str) -> None:
        if self.secrets.pop((service, username), None) is None:
            raise PasswordDeleteError("not stored")


class LockedKeyring(MemoryKeyring):
    """A keyring that is there but will not take anything (a locked collection, a denied prompt)."""

    def set_password(self, service: str, username: str, password: str) -> None:
        raise KeyringLocked("the collection is locked")


class FileKeyring(MemoryKeyring):
    @property
    def path(self) -> Path:
        return Path(os.environ["STAND_IN_KEYRING_FILE"])

    def _load(self) -> dict[str, str]:
        return json.loads(self.path.read_text()) if self.path.exists() else {}

    def get_password(self, service: str, username: str) -> str | None:
        return self._load().get(f"{service} {username}")

    def set_password(self, service: str, username: str, password: str) -> None:
        stored = self._load()
        stored[f"{service} {username}"] = password
        self.path.write_text(json.dumps(stored))

    def delete_password(self, service: str, username: str) -> None:
        stored = self._load()
        if stored.pop(f"{service} {username}", None) is None:
            raise PasswordDeleteError("not stored")
        self.path.write_text(json.dumps(stored))
