"""Database failures turned into sentences: locked, read-only, damaged or too new."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import exc as sa_exc

from app.domain.errors import TimeledgerError


class StorageError(TimeledgerError):
    """The database cannot be used as asked; nothing was changed."""


class DatabaseTooNew(StorageError):
    pass


class DatabaseLocked(StorageError):
    pass


def explain(error: BaseException, path: Path | str) -> StorageError | None:
    """The user-facing error for a driver failure, or None when it is not a database-file problem."""
    if not isinstance(error, sa_exc.DBAPIError | OSError):
        return None
    text = str(getattr(error, "orig", error)).lower()
    if "locked" in text or "busy" in text:
        return DatabaseLocked(
            f"The database {path} is busy: another program is writing to it. "
            "Nothing was changed; try again in a moment."
        )
    if "readonly" in text or "read-only" in text or "permission denied" in text:
        return StorageError(f"The database {path} is read-only. Nothing was changed; check the file's permissions.")
    if "not a database" in text or "malformed" in text or "corrupt" in text:
        return StorageError(
            f"The file {path} is not a Timeledger database or it is damaged. "
            "Nothing was changed; restore it from a backup or choose another file with --db."
        )
    if "unable to open" in text or "disk i/o" in text or isinstance(error, OSError):
        return StorageError(f"The database {path} cannot be opened ({text}).")
    return None
