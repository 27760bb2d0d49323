"""Where the database file lives: --db, then TIMELEDGER_DB, then the platform's data folder."""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

APP_NAME = "Timeledger"


def default_database_path() -> Path:
    """The platform's data folder, e.g. ~/.local/share/Timeledger/timeledger.db on Linux."""
    return platformdirs.user_data_path(APP_NAME, appauthor=False) / "timeledger.db"


def database_path(given: str | None = None) -> Path:
    """--db wins, then TIMELEDGER_DB, then the platform's data folder."""
    chosen = given or os.environ.get("TIMELEDGER_DB") or default_database_path()
    return Path(chosen).expanduser()
