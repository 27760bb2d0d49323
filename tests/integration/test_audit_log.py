"""The audit log: who changed what when, written in the same transaction, and never rewritten."""

from __future__ import annotations

import sqlite3
import uuid
from contextlib import closing
from datetime import timedelta
from pathlib import Path

import pytest
from helpers import acting, count, raw_rows
from sqlalchemy import select

from app.services import clients, timer
from app.services.identity import Actor
from app.storage.desktop_rows import AuditRow


def history(ledger, entity_id: uuid.UUID) -> list[AuditRow]:  # type: ignore[no-untyped-def]
    """The audit rows of one record, read back through a fresh unit of work."""
    with ledger.read() as uow:
        found = list(
            uow.session.scalars(select(AuditRow).where(AuditRow.entity_id == str(entity_id)).order_by(AuditRow.id))
        )
        uow.session.expunge_all()  # keep the loaded values once the unit of work ends
        return found


def add_initech(ledger) -> tuple[uuid.UUID, Actor]:  # type: ignore[no-untyped-def]
    """Adds a client as the admin; its id and the admin."""
    with acting(ledger) as (uow, admin):
        client = clients.add_client(uow, admin, name="Initech", email="ap@initech.example", notes="<b>VIP</b>")
        uow.commit()
    return client.id, admin


def test_creating_a_record_is_audited_with_actor_time_and_values(team, clock) -> None:  # type: ignore[no-untyped-def]
    created_at = clock.advance(minutes=5)
    client_id, admin = add_initech(team.ledger)

    [row] = history(team.ledger, client_id)
    assert (row.entity, row.action, row.actor_id, row.org_id) == ("clients", "create", admin.user.id, admin.org.id)
    assert row.at == created_at
    assert row.before is None
    assert row.after is not None
    assert {key: row.after[key] for key in ("id", "name", "email", "notes", "currency", "deleted_at")} == {
        "id": str(client_id),
        "name": "Initech",
        "email": "ap@initech.example",
        "notes": "<b>VIP</b>",
        "currency": "EUR",
        "deleted_at": None,
    }
    assert "version" not in row.after and "updated_at" not in row.after


def test_updating_a_record_audits_only_the_changed_values(team, clock) -> None:  # type: ignore[no-untyped-def]
    client_id, _ = add_initech(team.ledger)
    changed_at = clock.advance(hours=1)
    with team.ledger.work() as uow:
        client = uow.clients.get(client_id)
        assert client is not None
        client.name, client.tax_id = "Initech Ltd", "GB123"
        uow.clients.save(client)
        uow.commit()

    row = history(team.ledger, client_id)[-1]
    assert (row.action, row.at) == ("update", changed_at)
    assert row.before == {"name": "Initech", "tax_id": ""}
    assert row.after == {"name": "Initech Ltd", "tax_id": "GB123"}


def test_tombstoning_a_record_is_audited_as_a_delete(team, clock) -> None:  # type: ignore[no-untyped-def]
    client_id, _ = add_initech(team.ledger)
    deleted_at = clock.advance(days=1)
    with team.ledger.work() as uow:
        client = uow.clients.get(client_id)
        assert client is not None
        uow.clients.remove(client)
        uow.commit()

    actions = [(row.action, row.at) for row in history(team.ledger, client_id)]
    assert actions == [("create", deleted_at - timedelta(days=1)), ("delete", deleted_at)]
    assert history(team.ledger, client_id)[-1].before == {"deleted_at": None}
    assert history(team.ledger, client_id)[-1].after == {"deleted_at": deleted_at.isoformat()}


def test_audit_rows_name_the_user_who_acted(team) -> None:  # type: ignore[no-untyped-def]
    with acting(team.ledger, team.consultant_email) as (uow, carl):
        started = timer.start(uow, carl, "WEB")
        uow.commit()

    [row] = history(team.ledger, started.timer.id)
    assert (row.entity, row.action, row.actor_id) == ("running_timers", "create", carl.user.id)


def test_audit_rows_are_rolled_back_with_the_change(team, db_path: Path) -> None:  # type: ignore[no-untyped-def]
    audit_rows = count(db_path, "audit_log")
    with acting(team.ledger) as (uow, admin):
        client = clients.add_client(uow, admin, name="Initech", email="ap@initech.example")
        uow.session.flush()
        assert len(uow.session.scalars(select(AuditRow).where(AuditRow.entity_id == str(client.id))).all()) == 1

    assert count(db_path, "audit_log") == audit_rows
    assert count(db_path, "audit_log", "entity_id = ?", str(client.id)) == 0


@pytest.mark.parametrize(
    "statement",
    [
        "UPDATE audit_log SET action = 'create', actor_id = NULL",
        "DELETE FROM audit_log",
        "DELETE FROM audit_log WHERE entity = 'clients'",
    ],
)
def test_audit_log_refuses_update_and_delete(team, db_path: Path, statement: str) -> None:  # type: ignore[no-untyped-def]
    before = raw_rows(db_path, "SELECT * FROM audit_log ORDER BY id")
    assert before

    with closing(sqlite3.connect(db_path)) as connection:
        with pytest.raises(sqlite3.IntegrityError, match="the audit log is append-only"):
            connection.execute(statement)
        connection.commit()

    assert raw_rows(db_path, "SELECT * FROM audit_log ORDER BY id") == before
