"""Bringing a database to the app's schema: Alembic configured in code, run at start-up.

Alembic is imported inside the functions that need it: a database already at HEAD_REVISION is opened
without loading it at all.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Connection, inspect, text

import migrations
from app.storage.errors import DatabaseTooNew, StorageError

if TYPE_CHECKING:
    from alembic.config import Config

MIGRATIONS_DIR = Path(migrations.__file__).resolve().parent
# The newest revision of migrations/versions. A database already there needs no Alembic at all, which
# keeps every start-up and CLI call from loading it (tests/integration/test_migrations.py keeps this true).
HEAD_REVISION = "0009"
# A table only Timeledger has: another program's database may use Alembic too.
OWN_TABLE = "task_log_entries"


def looks_like_ours(tables: set[str]) -> bool:
    """An empty database, one downgraded to base (only alembic_version left), or one with Timeledger's tables."""
    return tables <= {"alembic_version"} or OWN_TABLE in tables


def alembic_config(connection: Connection) -> Config:
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    config.attributes["connection"] = connection
    return config


def check_known(connection: Connection, label: str) -> list[str]:
    """The database's revisions; refuses a foreign database or one written by a newer app."""
    from alembic.runtime.migration import MigrationContext
    from alembic.script import ScriptDirectory

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
    if target == "head" and at_head(connection):
        return
    from alembic import command

    check_known(connection, label)
    command.upgrade(alembic_config(connection), target)


def at_head(connection: Connection) -> bool:
    """True when the database is Timeledger's and at this app's newest revision (cheap queries, no Alembic)."""
    schema = inspect(connection)
    if not (schema.has_table("alembic_version") and schema.has_table(OWN_TABLE)):
        return False
    versions = [row[0] for row in connection.execute(text("SELECT version_num FROM alembic_version"))]
    return versions == [HEAD_REVISION]


def downgrade(connection: Connection, target: str) -> None:
    from alembic import command

    command.downgrade(alembic_config(connection), target)
