"""Problems with the database file itself become a StorageError with a sentence, and change nothing."""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
from collections.abc import Iterator
from contextlib import closing, contextmanager
from pathlib import Path

import pytest
from helpers import acting, count, folder_snapshot, raw_rows
from sqlalchemy import text

from app.ledger import open_ledger
from app.services import clients
from app.storage.errors import DatabaseLocked, StorageError

PAGE = 4096


@contextmanager
def write_lock(path: Path) -> Iterator[None]:
    """Another program holding the write lock until the block ends."""
    with closing(sqlite3.connect(path, isolation_level=None)) as other:
        other.execute("BEGIN EXCLUSIVE")
        try:
            yield
        finally:
            other.execute("ROLLBACK")


@pytest.fixture
def impatient(monkeypatch: pytest.MonkeyPatch) -> None:
    """Ledgers opened from now on give up waiting for the write lock after 0.1 s."""
    monkeypatch.setenv("TIMELEDGER_BUSY_TIMEOUT_MS", "100")


@contextmanager
def read_only_file(path: Path) -> Iterator[None]:
    """The file made unwritable, even for root, whom permission bits do not stop (then: chattr +i)."""
    os.chmod(path, 0o444)
    immutable = False
    try:
        try:
            with open(path, "r+b"):
                pass
        except PermissionError:
            pass
        else:
            if (
                shutil.which("chattr") is None
                or subprocess.run(["chattr", "+i", path], capture_output=True).returncode != 0
            ):
                pytest.skip("running as root and the file cannot be made immutable, so it cannot be read-only")
            immutable = True
        yield
    finally:
        if immutable:
            subprocess.run(["chattr", "-i", path], check=True)
        os.chmod(path, 0o644)


def add_initech(ledger) -> None:  # type: ignore[no-untyped-def]
    with acting(ledger) as (uow, admin):
        clients.add_client(uow, admin, name="Initech", email="ap@initech.example")
        uow.commit()


@pytest.mark.parametrize(
    "content",
    [
        pytest.param(os.urandom(3 * PAGE), id="random-bytes"),
        pytest.param(b"Dear diary,\nthis is not a database.\n" * 200, id="text-file"),
        pytest.param(b"SQLite format 3\x00" + os.urandom(3 * PAGE), id="sqlite-header-then-noise"),
    ],
)
def test_file_that_is_not_a_database_is_refused_with_a_sentence_and_left_unchanged(
    db_path: Path, clock, content: bytes
) -> None:  # type: ignore[no-untyped-def]
    db_path.write_bytes(content)

    with pytest.raises(StorageError, match=r"is not a Timeledger database or it is damaged\. Nothing was changed"):
        open_ledger(db_path, clock)

    assert folder_snapshot(db_path.parent) == {db_path.name: content}


def test_damaged_schema_page_of_a_timeledger_database_is_refused_unchanged(team, db_path: Path, clock) -> None:  # type: ignore[no-untyped-def]
    team.ledger.close()
    damaged = bytearray(db_path.read_bytes())
    damaged[100:PAGE] = os.urandom(PAGE - 100)  # page 1 after the file header: the schema itself
    db_path.write_bytes(damaged)

    with pytest.raises(StorageError, match="damaged"):
        open_ledger(db_path, clock)

    assert db_path.read_bytes() == damaged


def test_damaged_table_page_gives_a_storage_error_when_that_table_is_read(team, db_path: Path, clock) -> None:  # type: ignore[no-untyped-def]
    team.ledger.close()
    [(root_page,)] = raw_rows(db_path, "SELECT rootpage FROM sqlite_master WHERE name = 'clients'")
    damaged = bytearray(db_path.read_bytes())
    damaged[(root_page - 1) * PAGE : root_page * PAGE] = os.urandom(PAGE)
    db_path.write_bytes(damaged)
    ledger = open_ledger(db_path, clock)
    try:
        with pytest.raises(StorageError, match="damaged"), acting(ledger, read=True) as (uow, admin):
            clients.list_clients(uow, admin)
    finally:
        ledger.close()


def test_folder_given_as_database_is_refused(tmp_path: Path, clock) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(StorageError, match="is a folder, not a database file"):
        open_ledger(tmp_path, clock)


def test_write_to_read_only_database_is_refused_with_a_sentence_and_changes_nothing(team, db_path: Path, clock) -> None:  # type: ignore[no-untyped-def]
    team.ledger.close()
    with read_only_file(db_path):
        before = db_path.read_bytes()
        ledger = open_ledger(db_path, clock)
        try:
            with acting(ledger, read=True) as (uow, admin):  # reading still works
                assert [view.client.name for view in clients.list_clients(uow, admin)] == ["Globex"]
            with pytest.raises(StorageError, match=r"is read-only\. Nothing was changed"):
                add_initech(ledger)
        finally:
            ledger.close()
        assert db_path.read_bytes() == before
    assert count(db_path, "clients") == 1


def test_read_only_file_that_needs_migrating_is_refused_unchanged(db_path: Path, clock) -> None:  # type: ignore[no-untyped-def]
    db_path.write_bytes(b"")
    with read_only_file(db_path), pytest.raises(StorageError, match=r"is read-only\. Nothing was changed"):
        open_ledger(db_path, clock)

    assert db_path.read_bytes() == b""


def test_locked_database_cannot_be_opened_until_the_lock_is_released(team, impatient, db_path: Path, clock) -> None:  # type: ignore[no-untyped-def]
    with write_lock(db_path), pytest.raises(DatabaseLocked) as refused:
        open_ledger(db_path, clock)
    assert "is busy: another program is writing to it. Nothing was changed; try again in a moment." in str(
        refused.value
    )

    open_ledger(db_path, clock).close()


def test_write_to_locked_database_fails_then_succeeds_once_released(team, impatient, db_path: Path, clock) -> None:  # type: ignore[no-untyped-def]
    ledger = open_ledger(db_path, clock)
    try:
        with write_lock(db_path), pytest.raises(DatabaseLocked, match="another program is writing"):
            add_initech(ledger)
        assert count(db_path, "clients", "name = 'Initech'") == 0

        add_initech(ledger)
    finally:
        ledger.close()
    assert count(db_path, "clients", "name = 'Initech'") == 1


@pytest.mark.parametrize("unit", ["work", "read"])
def test_every_ledger_connection_runs_with_the_safe_pragmas(monkeypatch, db_path: Path, clock, unit: str) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("TIMELEDGER_BUSY_TIMEOUT_MS", "1234")
    ledger = open_ledger(db_path, clock)
    try:
        with getattr(ledger, unit)() as uow:
            pragmas = {
                name: uow.session.execute(text(f"PRAGMA {name}")).scalar()
                for name in ("journal_mode", "synchronous", "foreign_keys", "busy_timeout")
            }
    finally:
        ledger.close()

    assert pragmas == {"journal_mode": "wal", "synchronous": 2, "foreign_keys": 1, "busy_timeout": 1234}


def test_writing_unit_takes_the_write_lock_at_its_first_statement(ledger) -> None:  # type: ignore[no-untyped-def]
    with ledger.work() as uow:
        uow.organisations.first()  # a read, yet the write lock is already held
        other = sqlite3.connect(ledger.db.path, timeout=0, isolation_level=None)
        with closing(other), pytest.raises(sqlite3.OperationalError, match="locked"):
            other.execute("BEGIN IMMEDIATE")


def test_reading_unit_does_not_block_writers(ledger) -> None:  # type: ignore[no-untyped-def]
    with ledger.read() as uow:
        uow.organisations.first()
        with closing(sqlite3.connect(ledger.db.path, timeout=0, isolation_level=None)) as other:
            other.execute("BEGIN IMMEDIATE")
            other.execute("ROLLBACK")
