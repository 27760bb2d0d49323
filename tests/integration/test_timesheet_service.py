"""The timesheet on a real file: the week grid, typing a day's total into a cell, and extra rows."""

from __future__ import annotations

import uuid
from datetime import date, timedelta

import pytest
from helpers import FRIDAY, THURSDAY, acting, count, entries_of

from app.domain.calendar import Week
from app.domain.duration import Duration
from app.domain.errors import RuleViolation
from app.domain.project import TaskStatus
from app.domain.task_log import EntryStatus
from app.ledger import open_ledger
from app.services import projects, task_log, timesheet

CARL = "carl@acme.example"
WEEK = Week(2026, 47)  # Monday 16 to Sunday 22 November 2026
LAST_WEEK = Week(2026, 46)
MONDAY = date(2026, 11, 16)


def hm(hours: int, minutes: int = 0) -> Duration:
    return Duration.of(hours=hours, minutes=minutes)


def task_id(ledger, name: str = "General") -> uuid.UUID:  # type: ignore[no-untyped-def]
    with acting(ledger, read=True) as (uow, admin):
        return next(
            t.id for t in uow.tasks.of_project(projects.find_project(uow, admin.org, "WEB").id) if t.name == name
        )


def add_task(ledger, name: str, billable: bool = True) -> uuid.UUID:  # type: ignore[no-untyped-def]
    with acting(ledger) as (uow, admin):
        task = projects.add_task(uow, admin, "WEB", name, billable=billable)
        uow.commit()
    return task.id


def set_cell(ledger, text: str, day: date = FRIDAY, task: uuid.UUID | None = None, week: Week = WEEK) -> Duration:  # type: ignore[no-untyped-def]
    with acting(ledger, CARL) as (uow, carl):
        total = timesheet.set_cell(uow, carl, week, task or task_id(ledger), day, text)
        uow.commit()
    return total


def grid(ledger, week: Week | None = WEEK, email: str = CARL) -> timesheet.WeekGrid:  # type: ignore[no-untyped-def]
    with acting(ledger, email, read=True) as (uow, actor):
        return timesheet.week_grid(uow, actor, week)


def log(ledger, day: date = FRIDAY, **how: str) -> None:  # type: ignore[no-untyped-def]
    with acting(ledger, CARL) as (uow, carl):
        task_log.log_entry(uow, carl, how.pop("work", "WEB/General"), day=day, **how)
        uow.commit()


def cell(ledger, day: date = FRIDAY, row: int = 0) -> timesheet.Cell:  # type: ignore[no-untyped-def]
    shown = grid(ledger)
    return shown.rows[row].cells[shown.days.index(day)]


def refused(ledger, text: str, code: str, **where) -> RuleViolation:  # type: ignore[no-untyped-def]
    before = [(v.entry.id, v.entry.duration, v.entry.version) for v in entries_of(ledger, CARL, MONDAY, FRIDAY)]
    with pytest.raises(RuleViolation) as refusal:
        set_cell(ledger, text, **where)
    assert code in {problem.code for problem in refusal.value.problems}  # every failed check is reported
    after = [(v.entry.id, v.entry.duration, v.entry.version) for v in entries_of(ledger, CARL, MONDAY, FRIDAY)]
    assert after == before, "a refused cell writes nothing"
    return refusal.value


def test_the_grid_of_this_week_runs_over_the_organisation_week(team) -> None:  # type: ignore[no-untyped-def]
    shown = grid(team.ledger, None)
    assert shown.week == WEEK
    assert shown.days == tuple(MONDAY + timedelta(days=n) for n in range(7))
    assert (shown.today, shown.rows, shown.total) == (FRIDAY, (), Duration.ZERO)


def test_a_week_starting_on_sunday_shows_sunday_first(team) -> None:  # type: ignore[no-untyped-def]
    with acting(team.ledger) as (uow, admin):
        admin.org.week_start = 6
        uow.organisations.save(admin.org)
        uow.commit()
    assert grid(team.ledger).days[0] == date(2026, 11, 15)


def test_cells_sum_the_users_entries_per_task_and_day(team) -> None:  # type: ignore[no-untyped-def]
    design = add_task(team.ledger, "Design")
    log(team.ledger, hours="1:30")
    log(team.ledger, start="07:00", end="08:15")
    log(team.ledger, THURSDAY, work="WEB/Design", hours="2")
    log(team.ledger, MONDAY - timedelta(days=1), hours="3")  # the Sunday before: last week
    with acting(team.ledger) as (uow, admin):
        task_log.log_entry(uow, admin, "WEB/General", day=FRIDAY, hours="4")  # Ada's, not Carl's
        uow.commit()

    shown = grid(team.ledger)

    assert [row.work.label for row in shown.rows] == ["WEB/Design", "WEB/General"]
    design_row, general_row = shown.rows
    assert design_row.work.task.id == design and design_row.work.client.name == "Globex"
    assert general_row.cells[4] == timesheet.Cell(hm(2, 45), fixed=hm(1, 15))
    assert design_row.cells[3].total == hm(2)
    assert (design_row.total, general_row.total) == (hm(2), hm(2, 45))
    assert shown.day_totals == (Duration.ZERO,) * 3 + (hm(2), hm(2, 45), Duration.ZERO, Duration.ZERO)
    assert shown.total == hm(4, 45)


def test_typing_hours_into_an_empty_cell_logs_one_priced_untimed_entry(team) -> None:  # type: ignore[no-untyped-def]
    assert set_cell(team.ledger, "1:30") == hm(1, 30)

    (view,) = entries_of(team.ledger, CARL, MONDAY, FRIDAY)
    assert (view.entry.work_date, view.entry.duration, view.entry.interval) == (FRIDAY, hm(1, 30), None)
    assert view.entry.billable and view.entry.rate is not None
    assert cell(team.ledger).total == hm(1, 30)


def test_a_new_total_resizes_the_same_untimed_entry(team) -> None:  # type: ignore[no-untyped-def]
    set_cell(team.ledger, "1:30")
    (first,) = entries_of(team.ledger, CARL, MONDAY, FRIDAY)

    set_cell(team.ledger, "2.5")

    (again,) = entries_of(team.ledger, CARL, MONDAY, FRIDAY)
    assert (again.entry.id, again.entry.duration) == (first.entry.id, hm(2, 30))


@pytest.mark.parametrize("text", ["", "0", "0:00"])
def test_clearing_a_cell_deletes_its_untimed_entry(team, db_path, text) -> None:  # type: ignore[no-untyped-def]
    set_cell(team.ledger, "1:30")
    assert set_cell(team.ledger, text) == Duration.ZERO
    assert entries_of(team.ledger, CARL, MONDAY, FRIDAY) == []
    assert count(db_path, "task_log_entries", "deleted_at IS NOT NULL") == 1, "deleted by tombstone, for sync"


def test_the_untimed_entry_makes_up_the_difference_to_timed_entries(team) -> None:  # type: ignore[no-untyped-def]
    log(team.ledger, start="07:00", end="08:30")
    set_cell(team.ledger, "2")
    durations = sorted(v.entry.duration for v in entries_of(team.ledger, CARL, MONDAY, FRIDAY))
    assert durations == [hm(0, 30), hm(1, 30)]
    set_cell(team.ledger, "1:30")
    assert [v.entry.interval is not None for v in entries_of(team.ledger, CARL, MONDAY, FRIDAY)] == [True]


def test_going_below_the_timed_entries_is_refused_pointing_to_the_task_log(team) -> None:  # type: ignore[no-untyped-def]
    log(team.ledger, start="07:00", end="08:30")
    refusal = refused(team.ledger, "1", "below_timed_entries")
    assert "1:30" in str(refusal) and "Task log" in str(refusal)


def test_approved_time_is_never_changed_but_more_can_be_added(team) -> None:  # type: ignore[no-untyped-def]
    set_cell(team.ledger, "2")
    with acting(team.ledger, CARL) as (uow, carl):
        (entry,) = uow.entries.of_user_between(carl.user.id, FRIDAY, FRIDAY)
        entry.move_to(EntryStatus.SUBMITTED)
        entry.move_to(EntryStatus.APPROVED)
        uow.entries.save(entry)
        uow.commit()

    assert "approved" in str(refused(team.ledger, "1", "entry_locked"))
    assert cell(team.ledger).fixed == hm(2)

    set_cell(team.ledger, "3")
    statuses = sorted((v.entry.status, v.entry.duration) for v in entries_of(team.ledger, CARL, MONDAY, FRIDAY))
    assert statuses == [(EntryStatus.APPROVED, hm(2)), (EntryStatus.DRAFT, hm(1))]


def test_only_the_latest_typed_entry_changes(team) -> None:  # type: ignore[no-untyped-def]
    log(team.ledger, hours="1")
    log(team.ledger, hours="2")
    set_cell(team.ledger, "2:30")
    assert sorted(v.entry.duration for v in entries_of(team.ledger, CARL, MONDAY, FRIDAY)) == [hm(1), hm(1, 30)]
    assert "Task log" in str(refused(team.ledger, "0:30", "several_typed_entries"))


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("abc", "invalid_duration"),
        ("-1", "negative_duration"),
        ("1:75", "invalid_duration"),
        ("25", "day_over_24_hours"),
    ],
)
def test_bad_values_are_refused_and_write_nothing(team, text, code) -> None:  # type: ignore[no-untyped-def]
    set_cell(team.ledger, "1")
    refused(team.ledger, text, code)


def test_a_day_holds_at_most_24_hours_over_all_tasks(team) -> None:  # type: ignore[no-untyped-def]
    # Non-billable time: the daily billable cap would refuse 20 hours long before the 24-hour rule.
    internal = add_task(team.ledger, "Internal", billable=False)
    design = add_task(team.ledger, "Design", billable=False)
    set_cell(team.ledger, "20", task=internal)
    assert "24:00" in str(refused(team.ledger, "5", "day_over_24_hours", task=design))
    set_cell(team.ledger, "4", task=design)
    refused(team.ledger, "21", "day_over_24_hours", task=internal)


def test_a_closed_task_takes_no_time(team) -> None:  # type: ignore[no-untyped-def]
    design = add_task(team.ledger, "Design")
    with acting(team.ledger) as (uow, _):
        task = uow.tasks.get(design)
        task.move_to(TaskStatus.CLOSED)
        uow.tasks.save(task)
        uow.commit()
    assert "closed" in str(refused(team.ledger, "1", "task_closed", task=design))


def test_a_day_outside_the_week_is_refused(team) -> None:  # type: ignore[no-untyped-def]
    refused(team.ledger, "1", "day_outside_week", day=MONDAY - timedelta(days=1))


def test_last_weeks_rows_become_rows_of_this_week_and_survive_a_restart(team, db_path, clock) -> None:  # type: ignore[no-untyped-def]
    design = add_task(team.ledger, "Design")
    closed = add_task(team.ledger, "Old")
    for name in ("WEB/Design", "WEB/Old"):
        log(team.ledger, MONDAY - timedelta(days=3), work=name, hours="1")
    with acting(team.ledger) as (uow, _):
        task = uow.tasks.get(closed)
        task.move_to(TaskStatus.CLOSED)
        uow.tasks.save(task)
        uow.commit()
    set_cell(team.ledger, "1")  # General already has a row this week

    with acting(team.ledger, CARL) as (uow, carl):
        added = timesheet.copy_last_week_rows(uow, carl, WEEK)
        uow.commit()

    assert [work.task.id for work in added] == [design]
    team.ledger.close()
    reopened = open_ledger(db_path, clock)
    try:
        rows = grid(reopened).rows
        assert [(row.work.label, row.total) for row in rows] == [("WEB/Design", Duration.ZERO), ("WEB/General", hm(1))]
        assert grid(reopened, email=team.admin_email).rows == (), "extra rows belong to one user"
        assert grid(reopened, WEEK.shifted(1)).rows == (), "and to one week"
    finally:
        reopened.close()


def test_copying_twice_adds_nothing_new(team) -> None:  # type: ignore[no-untyped-def]
    log(team.ledger, MONDAY - timedelta(days=1), hours="1")
    for expected in (1, 0):
        with acting(team.ledger, CARL) as (uow, carl):
            assert len(timesheet.copy_last_week_rows(uow, carl, WEEK)) == expected
            uow.commit()
    assert len(grid(team.ledger).rows) == 1


def test_an_open_task_can_be_added_as_a_row_but_not_a_closed_one(team) -> None:  # type: ignore[no-untyped-def]
    design = add_task(team.ledger, "Design")
    old = add_task(team.ledger, "Old")
    with acting(team.ledger) as (uow, _):
        task = uow.tasks.get(old)
        task.move_to(TaskStatus.CLOSED)
        uow.tasks.save(task)
        uow.commit()
    with acting(team.ledger, CARL) as (uow, carl):
        assert timesheet.add_row(uow, carl, WEEK, design).label == "WEB/Design"
        with pytest.raises(RuleViolation) as refusal:
            timesheet.add_row(uow, carl, WEEK, old)
        assert refusal.value.code == "task_closed"
        uow.commit()
    assert [row.work.label for row in grid(team.ledger).rows] == ["WEB/Design"]
