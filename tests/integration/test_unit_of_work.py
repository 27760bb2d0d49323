"""The unit of work: work is kept only on commit, failures roll back, stale saves are refused."""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers import acting, count

from app.domain.client import Client
from app.domain.errors import RuleViolation
from app.services import clients
from app.storage.unit_of_work import SqlUnitOfWork


def globex(uow: SqlUnitOfWork) -> Client:
    org = uow.organisations.first()
    assert org is not None
    found = uow.clients.by_email(org.id, "ap@globex.example")
    assert found is not None
    return found


def rename_globex(ledger, name: str) -> None:  # type: ignore[no-untyped-def]
    with ledger.work() as uow:
        client = globex(uow)
        client.name = name
        uow.clients.save(client)
        uow.commit()


def test_work_without_commit_is_not_kept(team, db_path: Path) -> None:  # type: ignore[no-untyped-def]
    audit_rows = count(db_path, "audit_log")
    with acting(team.ledger) as (uow, admin):
        clients.add_client(uow, admin, name="Initech", email="ap@initech.example")
        uow.session.flush()  # written to the file's transaction, not yet committed

    assert count(db_path, "clients", "name = 'Initech'") == 0
    assert count(db_path, "audit_log") == audit_rows


def test_committed_work_is_seen_by_the_next_unit_of_work(team, db_path: Path) -> None:  # type: ignore[no-untyped-def]
    with acting(team.ledger) as (uow, admin):
        clients.add_client(uow, admin, name="Initech", email="ap@initech.example")
        uow.commit()

    with acting(team.ledger, read=True) as (uow, admin):
        assert [view.client.name for view in clients.list_clients(uow, admin)] == ["Globex", "Initech"]
    assert count(db_path, "clients", "name = 'Initech'") == 1


def test_exception_inside_the_block_rolls_back_and_propagates(team, db_path: Path) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ZeroDivisionError), acting(team.ledger) as (uow, admin):
        clients.add_client(uow, admin, name="Initech", email="ap@initech.example")
        uow.session.flush()
        _ = 1 / 0
        uow.commit()

    assert count(db_path, "clients", "name = 'Initech'") == 0


def test_refused_input_writes_nothing(team, db_path: Path) -> None:  # type: ignore[no-untyped-def]
    clients_before, audit_before = count(db_path, "clients"), count(db_path, "audit_log")
    with pytest.raises(RuleViolation) as refused, acting(team.ledger) as (uow, admin):
        clients.add_client(uow, admin, name="", email="not an email", rate="-5")
        uow.commit()

    assert {problem.field for problem in refused.value.problems} >= {"name", "email"}
    assert (count(db_path, "clients"), count(db_path, "audit_log")) == (clients_before, audit_before)


def test_read_only_unit_cannot_commit(team, db_path: Path) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(RuntimeError, match="read-only unit of work cannot commit"), team.ledger.read() as uow:
        client = globex(uow)
        client.name = "Globex Corporation"
        uow.clients.save(client)
        uow.commit()

    assert count(db_path, "clients", "name = 'Globex'") == 1


def test_saving_bumps_the_version(team, db_path: Path) -> None:  # type: ignore[no-untyped-def]
    rename_globex(team.ledger, "Globex Corporation")

    with team.ledger.read() as uow:
        client = globex(uow)
    assert (client.name, client.version) == ("Globex Corporation", 2)


def test_saving_a_stale_record_is_refused_and_keeps_the_newer_change(team, db_path: Path) -> None:  # type: ignore[no-untyped-def]
    with team.ledger.read() as uow:
        stale = globex(uow)
    rename_globex(team.ledger, "Globex Corporation")  # someone else, meanwhile

    stale.name = "Globex Ltd"
    with pytest.raises(RuleViolation, match="changed elsewhere in the meantime") as refused, team.ledger.work() as uow:
        uow.clients.save(stale)
        uow.commit()

    assert refused.value.code == "changed"
    assert count(db_path, "clients", "name = 'Globex Corporation' AND version = 2") == 1


def test_saving_a_deleted_record_is_refused(team, db_path: Path) -> None:  # type: ignore[no-untyped-def]
    with team.ledger.read() as uow:
        kept = globex(uow)
    with team.ledger.work() as uow:
        uow.clients.remove(globex(uow))
        uow.commit()

    kept.name = "Globex Ltd"
    with pytest.raises(RuleViolation, match="deleted in the meantime"), team.ledger.work() as uow:
        uow.clients.save(kept)
        uow.commit()

    assert count(db_path, "clients", "name = 'Globex' AND deleted_at IS NOT NULL") == 1
