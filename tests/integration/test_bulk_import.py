"""Bulk-imported task-log entries are the rows the ORM would write, read back unchanged, audited per batch."""

from __future__ import annotations

import dataclasses
import json
import sqlite3
from contextlib import closing
from datetime import timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from helpers import BERLIN, FRIDAY, THURSDAY, acting, berlin, count, raw_rows
from moneyed import Money

from app.domain.duration import Duration
from app.domain.errors import RuleViolation
from app.domain.rates import RateLevel
from app.domain.task_log import EntryStatus, TaskLogEntry, log_duration, log_timed
from app.ledger import open_ledger
from app.services import task_log
from app.storage import bulk
from app.storage.rows import TaskLogEntryRow

CARL = "carl@acme.example"


def carls_work(ledger):  # type: ignore[no-untyped-def]
    """The ids an entry of Carl's on WEB/General needs."""
    with acting(ledger, CARL, read=True) as (uow, actor):
        project = uow.projects.by_code(actor.org.id, "WEB")
        task = uow.tasks.of_project(project.id)[0]
        return {"org_id": actor.org.id, "user_id": actor.user.id, "project_id": project.id, "task_id": task.id}


def varied_entries(work: dict) -> list[TaskLogEntry]:
    """Entries covering every kind of value a row holds: timed and untimed, priced or not, odd text and times."""
    in_tokyo = berlin(9, 0, THURSDAY).astimezone(ZoneInfo("Asia/Tokyo")) + timedelta(microseconds=123_456)
    approved = log_timed(**work, started_at=berlin(13), ended_at=berlin(14, 30), tz=BERLIN, billable=False)
    approved.move_to(EntryStatus.SUBMITTED)
    approved.move_to(EntryStatus.APPROVED)
    return [
        log_timed(
            **work,
            started_at=in_tokyo,
            ended_at=in_tokyo + timedelta(hours=2, seconds=7),
            tz=BERLIN,
            note='Überarbeitung, "Entwurf" — part 2\nsecond line',
            rate=Money("120.50", "EUR"),
            rate_source=RateLevel.CLIENT,
        ),
        log_timed(**work, started_at=berlin(9), ended_at=berlin(12), tz=BERLIN),
        approved,
        log_duration(**work, work_date=FRIDAY, duration=Duration.of(hours=1, minutes=15), note="typed in"),
    ]


def second_ledger(source: Path, target: Path, clock):  # type: ignore[no-untyped-def]
    """A copy of the team's database (same organisation, same ids), opened as its own ledger."""
    with closing(sqlite3.connect(source)) as src, closing(sqlite3.connect(target)) as dst:
        src.backup(dst)
    return open_ledger(target, clock)


def import_as_carl(ledger, entries: list[TaskLogEntry], **options) -> int:  # type: ignore[no-untyped-def]
    with acting(ledger, CARL) as (uow, _):
        written = bulk.import_entries(uow, entries, **options)
        uow.commit()
    return written


def test_bulk_rows_are_byte_for_byte_what_the_orm_writes(team, db_path: Path, tmp_path: Path, clock) -> None:  # type: ignore[no-untyped-def]
    entries = varied_entries(carls_work(team.ledger))
    copies = [dataclasses.replace(entry) for entry in entries]
    other = second_ledger(db_path, tmp_path / "bulk.db", clock)
    try:
        with acting(team.ledger, CARL) as (uow, _):
            for entry in entries:
                uow.entries.add(entry)
            uow.commit()
        assert import_as_carl(other, copies) == len(copies)
    finally:
        other.close()
    columns = ", ".join(f"{c}, typeof({c})" for c in bulk.COLUMNS)
    select = f"SELECT {columns} FROM task_log_entries ORDER BY id"
    orm_rows = raw_rows(db_path, select)
    assert len(orm_rows) == len(entries)
    assert raw_rows(tmp_path / "bulk.db", select) == orm_rows


def test_bulk_covers_every_column_of_the_table() -> None:
    assert sorted(bulk.COLUMNS) == sorted(c.name for c in TaskLogEntryRow.__table__.columns)


def test_bulk_entries_read_back_through_the_repositories_unchanged(team) -> None:  # type: ignore[no-untyped-def]
    entries = varied_entries(carls_work(team.ledger))
    import_as_carl(team.ledger, entries)
    with acting(team.ledger, CARL, read=True) as (uow, actor):
        stored = {e.id: e for e in uow.entries.of_user_between(actor.user.id, THURSDAY, FRIDAY)}
        one = uow.entries.get(entries[0].id)
        views = task_log.entries_between(uow, actor, THURSDAY, FRIDAY)
    assert set(stored) == {e.id for e in entries}
    for entry in entries:
        assert entry.version == 1
        assert dataclasses.asdict(stored[entry.id]) == dataclasses.asdict(entry)
    assert one is not None and dataclasses.asdict(one) == dataclasses.asdict(entries[0])
    assert [v.work.label for v in views] == ["WEB/General"] * len(entries)


def test_each_batch_gets_one_import_audit_record_naming_its_entries(team, db_path: Path) -> None:  # type: ignore[no-untyped-def]
    work = carls_work(team.ledger)
    entries = [
        log_timed(**work, started_at=berlin(8 + n), ended_at=berlin(9 + n), tz=BERLIN, note=f"hour {n}")
        for n in range(5)
    ]
    audits_before = count(db_path, "audit_log")
    import_as_carl(team.ledger, entries, batch_size=2)
    audits = raw_rows(
        db_path,
        "SELECT entity, entity_id, action, actor_id, json_extract(after, '$.count'), "
        "json_extract(after, '$.ids'), json_extract(after, '$.duration_seconds') FROM audit_log WHERE id > ? "
        "ORDER BY id",
        audits_before,
    )
    batches = [entries[0:2], entries[2:4], entries[4:5]]
    assert [(a[0], a[1], a[2], a[4]) for a in audits] == [
        ("task_log_entries", str(batch[0].id), "import", len(batch)) for batch in batches
    ]
    assert {a[3] for a in audits} == {work["user_id"].hex}
    assert [json.loads(a[5]) for a in audits] == [[str(e.id) for e in batch] for batch in batches]
    assert [a[6] for a in audits] == [3600 * len(batch) for batch in batches]


def test_overlapping_entries_in_one_import_are_refused_and_nothing_is_written(team, db_path: Path) -> None:  # type: ignore[no-untyped-def]
    work = carls_work(team.ledger)
    entries = [
        log_timed(**work, started_at=berlin(9), ended_at=berlin(10), tz=BERLIN),
        log_timed(**work, started_at=berlin(10), ended_at=berlin(12), tz=BERLIN),  # touching is fine
        log_timed(**work, started_at=berlin(11, 30), ended_at=berlin(13), tz=BERLIN),
    ]
    audits = count(db_path, "audit_log")
    with pytest.raises(RuleViolation) as caught:
        import_as_carl(team.ledger, entries)
    assert caught.value.code == "entry_overlaps"
    assert "10:00 to 12:00" in str(caught.value)
    assert count(db_path, "task_log_entries") == 0
    assert count(db_path, "audit_log") == audits


def test_an_import_overlapping_a_stored_entry_is_refused(team, db_path: Path) -> None:  # type: ignore[no-untyped-def]
    with acting(team.ledger, CARL) as (uow, actor):
        task_log.log_entry(uow, actor, "WEB", day=FRIDAY, start="09:00", end="10:00")
        uow.commit()
    late_evening = log_timed(
        **carls_work(team.ledger), started_at=berlin(23, 0, THURSDAY), ended_at=berlin(9, 30), tz=BERLIN
    )
    with pytest.raises(RuleViolation) as caught:
        import_as_carl(team.ledger, [late_evening])
    assert caught.value.code == "entry_overlaps"
    assert count(db_path, "task_log_entries") == 1


def test_an_import_filling_a_day_beyond_24_hours_is_refused(team, db_path: Path) -> None:  # type: ignore[no-untyped-def]
    work = carls_work(team.ledger)
    entries = [log_duration(**work, work_date=FRIDAY, duration=Duration.of(hours=9)) for _ in range(3)]
    with pytest.raises(RuleViolation) as caught:
        import_as_carl(team.ledger, entries)
    assert caught.value.code == "day_over_24_hours"
    assert count(db_path, "task_log_entries") == 0


def test_a_naive_time_is_refused_as_the_orm_refuses_it(team, db_path: Path) -> None:  # type: ignore[no-untyped-def]
    entry = log_timed(**carls_work(team.ledger), started_at=berlin(9), ended_at=berlin(10), tz=BERLIN)
    entry.started_at = entry.started_at.replace(tzinfo=None)  # type: ignore[union-attr]
    entry.ended_at = entry.ended_at.replace(tzinfo=None)  # type: ignore[union-attr]
    with pytest.raises(ValueError, match="naive"):
        import_as_carl(team.ledger, [entry])
    assert count(db_path, "task_log_entries") == 0
