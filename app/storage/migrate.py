"""Bringing a database to the app's schema: Alembic configured in code, run at start-up."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, inspect

import migrations
from app.storage.errors import DatabaseTooNew, StorageError

MIGRATIONS_DIR = Path(migrations.__file__).resolve().parent
# A table only Timeledger has: another program's database may use Alembic too.
OWN_TABLE = "task_log_entries"


def looks_like_ours(tables: set[str]) -> bool:
    """An empty database, one downgraded to base (only alembic_version left), or one with Timeledger's tables."""
    return tables <= {"alembic_version"} or OWN_TABLE in tables


def alembic_config(connection: Connection) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    config.attributes["connection"] = connection
    return config


def check_known(connection: Connection, label: str) -> list[str]:
    """The database's revisions; refuses a foreign database or one written by a newer app."""
    current = list(MigrationContext.configure(connection).get_current_heads())
    if not looks_like_ours(set(inspect(connection).get_table_names())):
        raise StorageError(
            f"{label} already holds tables but is not a Timeledger database; "
            "nothing was changed. Choose another file with --db."
        )
    script = ScriptDirectory(str(MIGRATIONS_DIR))
    for revision in current:
        try:
            script.get_revision(revision)
        except Exception as error:  # alembic raises several kinds for an unknown revision
            raise DatabaseTooNew(
                f"{label} was written by a newer version of Timeledger (schema {revision}); "
                "nothing was changed. Update Timeledger to open it."
            ) from error
    return current


def upgrade(connection: Connection, label: str, target: str = "head") -> None:
    """Migrate inside the caller's transaction, so a failure leaves the database as it was."""
    check_known(connection, label)
    command.upgrade(alembic_config(connection), target)


def downgrade(connection: Connection, target: str) -> None:
    command.downgrade(alembic_config(connection), target)
