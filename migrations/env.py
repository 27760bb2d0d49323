"""Alembic environment: configured in code by app.storage.migrate, never by alembic.ini."""

from alembic import context

from app.storage.rows import Base

connection = context.config.attributes["connection"]
context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    render_as_batch=True,  # SQLite can only alter tables by copying them
    compare_type=True,
)
with context.begin_transaction():
    context.run_migrations()
    if connection.dialect.name == "sqlite":
        # SQLite migrations run with foreign keys off (Database.changing_schema); check them all at the end.
        broken = connection.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
        if broken:
            tables = ", ".join(sorted({row[0] for row in broken}))
            raise RuntimeError(f"the migration would leave {len(broken)} broken references in {tables}")
