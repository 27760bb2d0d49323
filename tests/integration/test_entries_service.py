"""Listing, editing, deleting and restoring logged entries on a real file, with the rules of logging."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from entry_history import add_initech, import_history
from helpers import FRIDAY, THURSDAY, acting, berlin, count, raw_rows
from moneyed import Money
from sqlalchemy import event

from app.domain.duration import Duration
from app.domain.entry_list import EntryQuery, EntrySort, ListedEntry
from app.domain.errors import RuleViolation
from app.domain.project import TaskStatus
from app.domain.task_log import EntryStatus
from app.services import entries, task_log, timer

CARL = "carl@acme.example"
ADA = "ada@acme.example"


def log(ledger, email: str = CARL, reference: str = "WEB", **given):  # type: ignore[no-untyped-def]
    with acting(ledger, email) as (uow, actor):
        entry = task_log.log_entry(uow, actor, reference, **{"day": FRIDAY, **given})
        uow.commit()
    return entry


def edit(ledger, entry_id, email: str = CARL, **changes):  # type: ignore[no-untyped-def]
    with acting(ledger, email) as (uow, actor):
        changed = entries.edit_entry(uow, actor, entry_id, **changes)
        uow.commit()
    return changed


def refused_edit(ledger, db_path: Path, entry_id, code: str, **changes) -> RuleViolation:  # type: ignore[no-untyped-def]
    """The edit is refused with `code` and the stored row is exactly as it was."""
    before = raw_rows(db_path, "SELECT * FROM task_log_entries WHERE id = ?", entry_id.hex)
    with pytest.raises(RuleViolation) as caught:
        edit(ledger, entry_id, **changes)
    assert caught.value.code == code
    assert raw_rows(db_path, "SELECT * FROM task_log_entries WHERE id = ?", entry_id.hex) == before
    return caught.value


def listed(ledger, query: EntryQuery, email: str = CARL, page_size: int = 97) -> list[ListedEntry]:  # type: ignore[no-untyped-def]
    """Every entry of the list, walked page by page with the keyset cursor."""
    rows: list[ListedEntry] = []
    with acting(ledger, email, read=True) as (uow, actor):
        while True:
            page = entries.page(uow, actor, query, rows[-1] if rows else None, page_size)
            rows += page
            if len(page) < page_size:
                return rows


def one(ledger, entry_id, email: str = CARL):  # type: ignore[no-untyped-def]
    with acting(ledger, email, read=True) as (uow, _):
        return uow.entries.get(entry_id)


def approve(ledger, entry_id) -> None:  # type: ignore[no-untyped-def]
    with ledger.work() as uow:
        entry = uow.entries.get(entry_id)
        entry.move_to(EntryStatus.SUBMITTED)
        entry.move_to(EntryStatus.APPROVED)
        uow.entries.save(entry)
        uow.commit()


@pytest.fixture
def history(team):  # type: ignore[no-untyped-def]
    add_initech(team.ledger)
    return import_history(team.ledger)


def order_key(sort: EntrySort):  # type: ignore[no-untyped-def]
    """The list's order rebuilt in Python: NULL start times count as the smallest, ids break ties."""
    labels = {}

    def key(row: ListedEntry):  # type: ignore[no-untyped-def]
        labels[row.id] = row
        start = (0, "") if row.started_at is None else (1, row.started_at.isoformat())
        return {
            EntrySort.DATE: (row.work_date, start, row.id.int),
            EntrySort.WORK: (row.project_code, row.task_name, row.work_date, row.id.int),
            EntrySort.HOURS: (row.duration.seconds, row.work_date, row.id.int),
            EntrySort.STATUS: (row.status.value, row.work_date, row.id.int),
        }[sort]

    return key


@pytest.mark.parametrize("sort", list(EntrySort))
@pytest.mark.parametrize("descending", [True, False])
def test_pages_walk_every_entry_once_in_the_lists_order(team, history, sort, descending) -> None:  # type: ignore[no-untyped-def]
    rows = listed(team.ledger, EntryQuery(sort=sort, descending=descending))

    assert len(rows) == len(history) > 2500
    assert {r.id for r in rows} == {e.id for e in history}
    assert rows == sorted(rows, key=order_key(sort), reverse=descending)


def test_newest_first_is_the_default_and_untimed_entries_follow_the_timed_ones_of_their_day(team, history) -> None:  # type: ignore[no-untyped-def]
    with acting(team.ledger, CARL, read=True) as (uow, carl):
        first = entries.page(uow, carl, EntryQuery(), None, 4)

    day = date(2026, 11, 19)
    assert [(r.work_date, r.work_label, r.duration) for r in first[:2]] == [
        (day, "OPS/General", Duration.of(hours=1, minutes=30)),
        (day, "WEB/General", Duration.of(hours=1)),
    ]
    # Typed durations have no start; among themselves they go by id (made in the same millisecond here).
    assert {(r.work_date, r.work_label, r.duration) for r in first[2:]} == {
        (day, "WEB/General", Duration.of(minutes=45)),
        (day, "OPS/Internal", Duration.of(hours=1)),
    }
    assert [r.started_at is None for r in first] == [False, False, True, True]
    assert (first[0].client_name, first[0].user_name, first[1].amount) == (
        "Initech",
        "Carl Consultant",
        Money(120, "EUR"),
    )


def test_a_page_is_one_query_whatever_its_length(team, history) -> None:  # type: ignore[no-untyped-def]
    statements: list[tuple[str, tuple]] = []

    def seen(_connection, _cursor, statement, parameters, *_):  # type: ignore[no-untyped-def]
        statements.append((statement, parameters))

    engine = team.ledger.db.engine
    with acting(team.ledger, CARL, read=True) as (uow, carl):
        event.listen(engine, "before_cursor_execute", seen)
        try:
            rows = entries.page(uow, carl, EntryQuery(sort=EntrySort.WORK), None, 500)
        finally:
            event.remove(engine, "before_cursor_execute", seen)
    assert len(rows) == 500
    [(sql, parameters)] = statements
    assert "count(" not in sql.lower()
    # SQLAlchemy's SQLite dialect always writes an OFFSET; it stays 0, no row is ever skipped over.
    assert sql.endswith("OFFSET ?") and parameters[-1] == 0


@pytest.mark.parametrize(
    ("query", "wanted"),
    [
        (
            EntryQuery(first=date(2026, 11, 1), last=date(2026, 11, 10)),
            lambda r: date(2026, 11, 1) <= r.work_date <= date(2026, 11, 10),
        ),
        (EntryQuery(billable=False), lambda r: not r.billable),
        (EntryQuery(status=EntryStatus.APPROVED), lambda r: r.status is EntryStatus.APPROVED),
        (
            EntryQuery(sort=EntrySort.HOURS, billable=True, status=EntryStatus.DRAFT),
            lambda r: r.billable and r.status is EntryStatus.DRAFT,
        ),
    ],
)
def test_filters_keep_only_matching_entries(team, history, query, wanted) -> None:  # type: ignore[no-untyped-def]
    everything = listed(team.ledger, EntryQuery(sort=query.sort))

    rows = listed(team.ledger, query)

    assert rows and rows == [r for r in everything if wanted(r)]


def test_client_and_project_filters(team, history) -> None:  # type: ignore[no-untyped-def]
    with acting(team.ledger, CARL, read=True) as (uow, carl):
        choices = entries.list_choices(uow, carl)
    initech = next(c for c in choices.clients if c.name == "Initech")
    web = next(p for p in choices.projects if p.code == "WEB")

    by_client = listed(team.ledger, EntryQuery(client_id=initech.id, first=date(2026, 11, 1)))
    by_project = listed(team.ledger, EntryQuery(project_id=web.id, first=date(2026, 11, 1)))

    assert {r.client_name for r in by_client} == {"Initech"}
    assert {r.project_code for r in by_project} == {"WEB"}
    assert len(by_client) + len(by_project) == len(listed(team.ledger, EntryQuery(first=date(2026, 11, 1))))
    assert [p.email for p in choices.people] == [CARL]  # a consultant lists only their own time


def test_a_consultant_sees_only_their_own_time(team) -> None:  # type: ignore[no-untyped-def]
    log(team.ledger, ADA, hours="2")
    log(team.ledger, CARL, hours="1")
    with acting(team.ledger, ADA, read=True) as (_, ada):
        ada_id = ada.user.id

    assert [r.user_name for r in listed(team.ledger, EntryQuery())] == ["Carl Consultant"]
    for query in (EntryQuery(everyone=True), EntryQuery(user_id=ada_id)):
        with pytest.raises(RuleViolation, match="Only managers and admins can see other people's time"):
            listed(team.ledger, query)


def test_a_manager_lists_someone_else_or_everyone(team) -> None:  # type: ignore[no-untyped-def]
    log(team.ledger, ADA, hours="2")
    log(team.ledger, CARL, hours="1")
    carl_id = one(team.ledger, log(team.ledger, CARL, day=THURSDAY, hours="3").id).user_id

    assert [r.duration for r in listed(team.ledger, EntryQuery(user_id=carl_id), ADA)] == [
        Duration.of(hours=1),
        Duration.of(hours=3),
    ]
    assert sorted(r.user_name for r in listed(team.ledger, EntryQuery(everyone=True), ADA)) == [
        "Ada Admin",
        "Carl Consultant",
        "Carl Consultant",
    ]


def test_a_reversed_date_range_is_refused(team) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(RuleViolation, match=r"The range ends \(2026-11-01\) before it starts \(2026-11-20\)"):
        listed(team.ledger, EntryQuery(first=FRIDAY, last=date(2026, 11, 1)))


def test_editing_hours_of_a_typed_entry(team) -> None:  # type: ignore[no-untyped-def]
    entry = log(team.ledger, hours="1")

    changed = edit(team.ledger, entry.id, hours="1:30", note="  reviewed  ", billable=False)

    stored = one(team.ledger, entry.id)
    assert (stored.duration, stored.note, stored.billable) == (Duration.of(hours=1, minutes=30), "reviewed", False)
    assert stored.version == changed.version == entry.version + 1
    assert (stored.rate, stored.status) == (entry.rate, EntryStatus.DRAFT)


def test_editing_hours_of_a_timed_entry_keeps_its_start(team) -> None:  # type: ignore[no-untyped-def]
    entry = log(team.ledger, start="09:00", end="10:00")

    edit(team.ledger, entry.id, hours="2.5")

    stored = one(team.ledger, entry.id)
    assert (stored.started_at, stored.ended_at, stored.duration) == (
        berlin(9),
        berlin(11, 30),
        Duration.of(hours=2, minutes=30),
    )


def test_editing_the_span_and_giving_a_typed_entry_times(team) -> None:  # type: ignore[no-untyped-def]
    timed = log(team.ledger, start="09:00", end="10:00")
    typed = log(team.ledger, hours="0:30")

    edit(team.ledger, timed.id, end="10:15")
    edit(team.ledger, typed.id, start="13:00")

    assert (one(team.ledger, timed.id).started_at, one(team.ledger, timed.id).ended_at) == (berlin(9), berlin(10, 15))
    assert (one(team.ledger, typed.id).started_at, one(team.ledger, typed.id).ended_at) == (berlin(13), berlin(13, 30))


def test_moving_an_entry_to_other_work_prices_it_there(team) -> None:  # type: ignore[no-untyped-def]
    add_initech(team.ledger)
    entry = log(team.ledger, hours="1")

    edit(team.ledger, entry.id, work="OPS/General")
    assert one(team.ledger, entry.id).rate == Money(100, "EUR")

    edit(team.ledger, entry.id, work="ops/internal", billable=True)
    moved = one(team.ledger, entry.id)
    assert (moved.rate, moved.billable) == (Money(100, "EUR"), False)  # Internal is not billable


def test_an_unchanged_edit_writes_nothing(team, db_path: Path) -> None:  # type: ignore[no-untyped-def]
    entry = log(team.ledger, hours="1", note="same")
    audits = count(db_path, "audit_log")

    edit(team.ledger, entry.id, hours="1:00", note="same")

    assert one(team.ledger, entry.id).version == entry.version
    assert count(db_path, "audit_log") == audits


def test_bad_hours_are_refused_with_a_sentence(team, db_path: Path) -> None:  # type: ignore[no-untyped-def]
    entry = log(team.ledger, hours="1")

    problem = refused_edit(team.ledger, db_path, entry.id, "invalid_duration", hours="1:75")

    assert str(problem) == "'1:75' is not a duration; use 1:30, 1.5, 90m or 1h30m."


def test_an_edit_making_entries_overlap_is_refused(team, db_path: Path) -> None:  # type: ignore[no-untyped-def]
    log(team.ledger, start="09:00", end="10:00")
    later = log(team.ledger, start="10:00", end="11:00")

    problem = refused_edit(team.ledger, db_path, later.id, "entry_overlaps", start="09:30")

    assert "overlaps your entry on WEB/General from 09:00 to 10:00 on 2026-11-20" in str(problem)


def test_an_edit_reaching_into_the_running_timer_is_refused(team, db_path: Path, clock) -> None:  # type: ignore[no-untyped-def]
    entry = log(team.ledger, start="07:00", end="08:00")
    with acting(team.ledger, CARL) as (uow, carl):
        timer.start(uow, carl, "WEB")
        uow.commit()

    refused_edit(team.ledger, db_path, entry.id, "entry_overlaps_timer", end="09:30")


def test_an_edit_filling_the_day_beyond_24_hours_is_refused(team, db_path: Path) -> None:  # type: ignore[no-untyped-def]
    # Non-billable time: the daily billable cap would refuse 20 hours long before the 24-hour rule.
    log(team.ledger, hours="20", billable=False)
    entry = log(team.ledger, hours="3", billable=False)

    problem = refused_edit(team.ledger, db_path, entry.id, "day_over_24_hours", hours="4:30")

    assert "bring your time on 2026-11-20 to 24:30 hours" in str(problem)


def test_time_on_a_closed_task_cannot_change_but_its_note_can(team, db_path: Path) -> None:  # type: ignore[no-untyped-def]
    entry = log(team.ledger, hours="1")
    with team.ledger.work() as uow:
        task = uow.tasks.get(entry.task_id)
        task.move_to(TaskStatus.CLOSED)
        uow.tasks.save(task)
        uow.commit()

    refused_edit(team.ledger, db_path, entry.id, "task_closed", hours="2")
    edit(team.ledger, entry.id, note="typo fixed")

    assert one(team.ledger, entry.id).note == "typo fixed"


def test_an_approved_entry_can_be_neither_edited_nor_deleted(team, db_path: Path) -> None:  # type: ignore[no-untyped-def]
    entry = log(team.ledger, hours="1")
    approve(team.ledger, entry.id)

    problem = refused_edit(team.ledger, db_path, entry.id, "entry_locked", note="sneaky")
    with (
        pytest.raises(RuleViolation, match="approved; a manager must reopen"),
        acting(team.ledger, CARL) as (uow, carl),
    ):
        entries.delete_entries(uow, carl, [(entry.id, entry.version + 1)])
        uow.commit()

    assert "a manager must reopen its timesheet" in str(problem)
    assert one(team.ledger, entry.id) is not None


def test_a_change_made_elsewhere_is_not_overwritten(team, db_path: Path) -> None:  # type: ignore[no-untyped-def]
    entry = log(team.ledger, hours="1")
    edit(team.ledger, entry.id, note="from the other window")

    problem = refused_edit(team.ledger, db_path, entry.id, "changed", seen_version=entry.version, note="mine")

    assert "changed elsewhere in the meantime" in str(problem)


def test_a_consultant_cannot_change_someone_elses_entry(team, db_path: Path) -> None:  # type: ignore[no-untyped-def]
    adas = log(team.ledger, ADA, hours="1")

    with pytest.raises(RuleViolation, match="Only managers and admins can change other people's time"):
        edit(team.ledger, adas.id, CARL, note="hi")


def delete(ledger, *logged, email: str = CARL):  # type: ignore[no-untyped-def]
    with acting(ledger, email) as (uow, actor):
        gone = entries.delete_entries(uow, actor, [(e.id, e.version) for e in logged])
        uow.commit()
    return gone


def restore(ledger, gone, email: str = CARL):  # type: ignore[no-untyped-def]
    with acting(ledger, email) as (uow, actor):
        entries.restore_entries(uow, actor, gone)
        uow.commit()


def test_deleting_tombstones_and_undo_brings_back_the_same_entries(team, db_path: Path) -> None:  # type: ignore[no-untyped-def]
    first, second = log(team.ledger, start="09:00", end="10:00"), log(team.ledger, hours="2")

    gone = delete(team.ledger, first, second)
    assert listed(team.ledger, EntryQuery()) == []
    assert count(db_path, "task_log_entries", "deleted_at IS NOT NULL") == 2

    restore(team.ledger, gone)

    assert {r.id for r in listed(team.ledger, EntryQuery())} == {first.id, second.id}
    assert one(team.ledger, first.id).version == first.version + 2
    actions = raw_rows(db_path, "SELECT action FROM audit_log WHERE entity_id = ? ORDER BY id", str(first.id))
    assert actions == [("create",), ("delete",), ("update",)]


def test_undo_is_refused_when_the_time_was_logged_again_since(team, db_path: Path) -> None:  # type: ignore[no-untyped-def]
    gone = delete(team.ledger, log(team.ledger, start="09:00", end="10:00"))
    log(team.ledger, start="09:30", end="10:30")

    with pytest.raises(RuleViolation) as caught:
        restore(team.ledger, gone)

    assert caught.value.code == "entry_overlaps"
    assert count(db_path, "task_log_entries", "deleted_at IS NULL") == 1


def test_undo_twice_is_refused(team) -> None:  # type: ignore[no-untyped-def]
    gone = delete(team.ledger, log(team.ledger, hours="1"))
    restore(team.ledger, gone)

    with pytest.raises(RuleViolation, match="changed elsewhere"):
        restore(team.ledger, gone)


def test_deleting_several_is_all_or_nothing(team, db_path: Path) -> None:  # type: ignore[no-untyped-def]
    kept, locked = log(team.ledger, hours="1"), log(team.ledger, hours="2")
    approve(team.ledger, locked.id)

    with pytest.raises(RuleViolation, match="approved"):
        delete(team.ledger, kept, one(team.ledger, locked.id))

    assert count(db_path, "task_log_entries", "deleted_at IS NULL") == 2


def test_an_edited_entry_is_described_as_the_list_shows_it(team) -> None:  # type: ignore[no-untyped-def]
    add_initech(team.ledger)
    entry = log(team.ledger, start="09:00", end="10:00", note="first")
    changed = edit(team.ledger, entry.id, work="OPS/General", note="moved")

    with acting(team.ledger, CARL, read=True) as (uow, _):
        described = entries.listed(uow, changed)
    [row] = listed(team.ledger, EntryQuery())

    assert described == row
    assert (row.work_label, row.client_name, row.note, row.version) == ("OPS/General", "Initech", "moved", 2)
