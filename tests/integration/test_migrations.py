"""Migrations on real SQLite files: up, down and up again, models in step, and files that must be refused."""

from __future__ import annotations

import sqlite3
from contextlib import closing
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from helpers import count, folder_snapshot, raw_rows

from app.ledger import open_ledger
from app.services import clients
from app.services.identity import current_actor
from app.storage.database import open_sqlite
from app.storage.errors import DatabaseTooNew, StorageError
from app.storage.migrate import MIGRATIONS_DIR, downgrade, upgrade
from app.storage.rows import Base

HEAD = ScriptDirectory(str(MIGRATIONS_DIR)).get_current_head()
APP_TABLES = set(Base.metadata.tables)
AUDIT_TRIGGERS = {"audit_log_no_update", "audit_log_no_delete"}


def schema(path: Path, kind: str) -> set[str]:
    return {name for (name,) in raw_rows(path, "SELECT name FROM sqlite_master WHERE type = ?", kind)}


def migrate(path: Path, step, *args) -> None:  # type: ignore[no-untyped-def]
    db = open_sqlite(path)
    try:
        with db.changing_schema() as connection:
            step(connection, *args)
    finally:
        db.close()


def test_empty_file_is_migrated_to_head(db_path: Path) -> None:
    migrate(db_path, upgrade, str(db_path))

    assert schema(db_path, "table") == APP_TABLES | {"alembic_version"}
    assert schema(db_path, "trigger") == AUDIT_TRIGGERS
    assert raw_rows(db_path, "SELECT version_num FROM alembic_version") == [(HEAD,)]


def test_head_down_to_base_and_up_again_restores_the_schema(db_path: Path) -> None:
    migrate(db_path, upgrade, str(db_path))
    at_head = raw_rows(db_path, "SELECT type, name, sql FROM sqlite_master ORDER BY type, name")

    migrate(db_path, downgrade, "base")
    assert schema(db_path, "table") <= {"alembic_version"}
    assert schema(db_path, "trigger") == set()

    migrate(db_path, upgrade, str(db_path))
    assert raw_rows(db_path, "SELECT type, name, sql FROM sqlite_master ORDER BY type, name") == at_head
    assert raw_rows(db_path, "SELECT version_num FROM alembic_version") == [(HEAD,)]


def test_models_match_the_migrations(db_path: Path) -> None:
    db = open_sqlite(db_path)
    try:
        with db.changing_schema() as connection:
            upgrade(connection, str(db_path))
            context = MigrationContext.configure(connection, opts={"compare_type": True})
            differences = compare_metadata(context, Base.metadata)
    finally:
        db.close()

    assert differences == []


def test_opening_a_fresh_file_twice_migrates_once_and_keeps_the_data(db_path: Path, clock) -> None:  # type: ignore[no-untyped-def]
    open_ledger(db_path, clock).close()
    with closing(sqlite3.connect(db_path)) as connection, connection:
        connection.execute("INSERT INTO local_settings (key, value) VALUES ('probe', 'kept')")

    open_ledger(db_path, clock).close()

    assert raw_rows(db_path, "SELECT value FROM local_settings WHERE key = 'probe'") == [("kept",)]
    assert count(db_path, "alembic_version") == 1


def test_database_of_a_newer_app_is_refused_and_left_unchanged(db_path: Path, clock) -> None:  # type: ignore[no-untyped-def]
    open_ledger(db_path, clock).close()
    with closing(sqlite3.connect(db_path)) as connection, connection:
        connection.execute("UPDATE alembic_version SET version_num = 'f00dfeed9999'")
    before = folder_snapshot(db_path.parent)

    with pytest.raises(DatabaseTooNew, match=r"newer version of Timeledger \(schema f00dfeed9999\)"):
        open_ledger(db_path, clock)

    assert folder_snapshot(db_path.parent) == before


def test_sqlite_file_of_another_program_is_refused_and_left_unchanged(db_path: Path, clock) -> None:  # type: ignore[no-untyped-def]
    with closing(sqlite3.connect(db_path)) as connection, connection:
        connection.execute("CREATE TABLE recipes (name TEXT)")
        connection.execute("INSERT INTO recipes VALUES ('pancakes')")
    before = folder_snapshot(db_path.parent)

    with pytest.raises(StorageError, match="not a Timeledger database; nothing was changed") as refused:
        open_ledger(db_path, clock)

    assert not isinstance(refused.value, DatabaseTooNew)
    assert folder_snapshot(db_path.parent) == before
    assert schema(db_path, "table") == {"recipes"}


def test_sqlite_file_of_another_alembic_program_is_refused_as_foreign_and_left_unchanged(db_path: Path, clock) -> None:  # type: ignore[no-untyped-def]
    with closing(sqlite3.connect(db_path)) as connection, connection:
        connection.execute("CREATE TABLE recipes (name TEXT)")
        connection.execute("CREATE TABLE alembic_version (version_num VARCHAR(32) PRIMARY KEY)")
        connection.execute("INSERT INTO alembic_version VALUES ('3f2a9c1b')")
    before = folder_snapshot(db_path.parent)

    with pytest.raises(StorageError, match="not a Timeledger database"):
        open_ledger(db_path, clock)

    assert folder_snapshot(db_path.parent) == before


def test_the_head_revision_the_app_checks_first_is_the_chain_s_head() -> None:
    from alembic.script import ScriptDirectory

    from app.storage.migrate import HEAD_REVISION, MIGRATIONS_DIR

    assert ScriptDirectory(str(MIGRATIONS_DIR)).get_heads() == [HEAD_REVISION]


def test_a_filled_database_from_before_invoicing_keeps_its_clients_terms_and_projects(team, db_path: Path) -> None:  # type: ignore[no-untyped-def]
    with team.ledger.work() as uow:
        admin = current_actor(uow)
        clients.add_client(uow, admin, name="Initech", email="ap@initech.example", terms="eom:15")
        clients.add_client(uow, admin, name="Hooli", email="ap@hooli.example", terms="receipt")
        uow.commit()
    team.ledger.close()
    migrate(db_path, downgrade, "0005")  # rebuilds clients while projects point at it
    assert sorted(raw_rows(db_path, "SELECT name, payment_terms FROM clients")) == [
        ("Globex", "net:30"),
        ("Hooli", "net:0"),
        ("Initech", "eom:15"),
    ]

    migrate(db_path, upgrade, str(db_path))

    ledger = open_ledger(db_path)
    try:
        with ledger.read() as uow:
            terms = {c.name: str(c.payment_terms) for c in uow.clients.all(current_actor(uow).org.id)}
            assert [p.code for p in uow.projects.all(current_actor(uow).org.id)] == ["WEB"]
    finally:
        ledger.close()
    assert terms == {"Globex": "net:30", "Hooli": "receipt", "Initech": "eom:15"}
    assert raw_rows(db_path, "PRAGMA foreign_key_check") == []


def test_a_filled_database_from_before_e_invoices_gets_their_defaults_and_loses_only_them(team, db_path: Path) -> None:  # type: ignore[no-untyped-def]
    team.ledger.close()
    migrate(db_path, downgrade, "0007")
    assert "iban" not in {row[1] for row in raw_rows(db_path, "PRAGMA table_info(organisations)")}

    migrate(db_path, upgrade, str(db_path))

    assert raw_rows(
        db_path,
        "SELECT name, country, iban, electronic_address_scheme, payment_means_code, smtp_port, smtp_security "
        "FROM organisations",
    ) == [("Acme", "", "", "EM", "58", 587, "starttls")]
    assert raw_rows(db_path, "SELECT name, street, buyer_reference, electronic_address_scheme FROM clients") == [
        ("Globex", "", "", "EM")
    ]
    ledger = open_ledger(db_path)
    try:
        with ledger.read() as uow:
            org = current_actor(uow).org
    finally:
        ledger.close()
    assert "{invoice.number}" in org.mail_subject and "{client.name}" in org.mail_body
