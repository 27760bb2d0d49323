"""The same Alembic chain on PostgreSQL (the team server of the sync design): up, down, up, models in step."""

from __future__ import annotations

import pytest
import sqlalchemy as sa
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from postgres import fresh_database

from app.storage.migrate import alembic_config
from app.storage.rows import Base


@pytest.fixture
def engine():  # type: ignore[no-untyped-def]
    with fresh_database() as url:
        made = sa.create_engine(url)
        try:
            yield made
        finally:
            made.dispose()


def step(engine: sa.Engine, action, target: str) -> None:  # type: ignore[no-untyped-def]
    with engine.begin() as connection:
        action(alembic_config(connection), target)


def test_the_chain_goes_up_down_and_up_again_and_matches_the_models(engine) -> None:  # type: ignore[no-untyped-def]
    step(engine, command.upgrade, "head")
    first = sorted(sa.inspect(engine).get_table_names())
    step(engine, command.downgrade, "base")
    assert sa.inspect(engine).get_table_names() == ["alembic_version"]
    step(engine, command.upgrade, "head")

    assert sorted(sa.inspect(engine).get_table_names()) == first == sorted([*Base.metadata.tables, "alembic_version"])
    with engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        assert compare_metadata(context, Base.metadata) == []


def test_the_audit_log_is_append_only_on_postgresql_too(engine) -> None:  # type: ignore[no-untyped-def]
    step(engine, command.upgrade, "head")
    with engine.begin() as connection:
        connection.execute(
            sa.text("INSERT INTO audit_log (at, entity, entity_id, action) VALUES (now(), 'clients', 'x', 'insert')")
        )
    for statement in ("UPDATE audit_log SET action = 'delete'", "DELETE FROM audit_log"):
        with pytest.raises(sa.exc.DBAPIError, match="append-only"), engine.begin() as connection:
            connection.execute(sa.text(statement))
    with engine.connect() as connection:
        assert connection.execute(sa.text("SELECT action FROM audit_log")).scalars().all() == ["insert"]


def test_entries_on_an_invoice_are_found_through_partial_indexes_on_postgresql(engine) -> None:  # type: ignore[no-untyped-def]
    step(engine, command.upgrade, "head")
    indexes = {i["name"]: i for i in sa.inspect(engine).get_indexes("task_log_entries")}
    assert "ix_task_log_entries_uninvoiced" in indexes and "ix_task_log_entries_invoice_id" in indexes
    with engine.connect() as connection:
        definitions = dict(
            connection.execute(
                sa.text("SELECT indexname, indexdef FROM pg_indexes WHERE tablename = 'task_log_entries'")
            ).all()
        )
    assert "WHERE (invoice_id IS NOT NULL)" in definitions["ix_task_log_entries_invoice_id"]
    assert "'approved'" in definitions["ix_task_log_entries_uninvoiced"]
