"""The timer on a real file: start, stop and switch, surviving a restart, one per user."""

from __future__ import annotations

import sqlite3
import uuid
from contextlib import closing
from pathlib import Path

import pytest
from helpers import FRIDAY, acting, berlin, count, entries_of
from moneyed import Money

from app.domain.duration import Duration
from app.domain.errors import RuleViolation
from app.domain.rates import RateLevel
from app.ledger import open_ledger
from app.services import projects, task_log, timer

CARL = "carl@acme.example"
LIVE_TIMERS = "deleted_at IS NULL"


def start(ledger, reference: str = "WEB", email: str = CARL) -> None:  # type: ignore[no-untyped-def]
    with acting(ledger, email) as (uow, actor):
        timer.start(uow, actor, reference, note="homepage")
        uow.commit()


def stop(ledger, email: str = CARL):  # type: ignore[no-untyped-def]
    with acting(ledger, email) as (uow, actor):
        entry = timer.stop(uow, actor)
        uow.commit()
    return entry


def add_design_task(ledger) -> None:  # type: ignore[no-untyped-def]
    with acting(ledger) as (uow, admin):
        projects.add_task(uow, admin, "WEB", "Design")
        uow.commit()


def test_stopping_the_timer_logs_an_entry_at_the_resolved_rate(team, clock, db_path: Path) -> None:  # type: ignore[no-untyped-def]
    start(team.ledger)
    clock.advance(hours=1, minutes=30)
    stop(team.ledger)

    [view] = entries_of(team.ledger, CARL)
    entry = view.entry
    assert (entry.started_at, entry.ended_at) == (berlin(9), berlin(10, 30))
    assert (entry.work_date, entry.duration, entry.note) == (FRIDAY, Duration.of(hours=1, minutes=30), "homepage")
    assert (entry.rate, entry.rate_source) == (Money("120", "EUR"), RateLevel.CLIENT)
    assert view.work.label == "WEB/General"
    assert count(db_path, "running_timers", LIVE_TIMERS) == 0


def test_running_timer_survives_closing_and_reopening_the_ledger(team, clock, db_path: Path) -> None:  # type: ignore[no-untyped-def]
    start(team.ledger)
    team.ledger.close()
    clock.advance(hours=2)

    reopened = open_ledger(db_path, clock)
    try:
        with acting(reopened, CARL, read=True) as (uow, carl):
            running = timer.running(uow, carl)
        assert running is not None
        assert (running.timer.started_at, running.work.label) == (berlin(9), "WEB/General")
        assert running.elapsed(clock.now()) == Duration.of(hours=2)
        stop(reopened)
        [view] = entries_of(reopened, CARL)
    finally:
        reopened.close()
    assert view.entry.duration == Duration.of(hours=2)


def test_second_start_is_refused_naming_the_running_task(team, clock, db_path: Path) -> None:  # type: ignore[no-untyped-def]
    add_design_task(team.ledger)
    start(team.ledger, "WEB/General")
    clock.advance(minutes=10)

    with pytest.raises(RuleViolation, match="already running for WEB/General since 09:00") as refused:
        start(team.ledger, "WEB/Design")

    assert refused.value.code == "timer_already_running"
    assert count(db_path, "running_timers") == 1


def test_database_itself_allows_only_one_running_timer_per_user(team, db_path: Path) -> None:  # type: ignore[no-untyped-def]
    start(team.ledger)
    columns = "user_id, project_id, task_id, started_at, note, billable, org_id, version, updated_at"
    copy = f"INSERT INTO running_timers (id, deleted_at, {columns}) SELECT ?, {{}}, {columns} FROM running_timers"

    with closing(sqlite3.connect(db_path)) as connection:
        with pytest.raises(sqlite3.IntegrityError, match=r"UNIQUE constraint failed: running_timers\.user_id"):
            connection.execute(copy.format("NULL"), (uuid.uuid4().hex,))
        # A stopped (tombstoned) timer does not count against the one running.
        connection.execute(copy.format("updated_at"), (uuid.uuid4().hex,))
        connection.commit()

    assert count(db_path, "running_timers") == 2
    assert count(db_path, "running_timers", LIVE_TIMERS) == 1


def test_timer_stopped_within_a_second_logs_nothing_and_is_discarded(team, clock, db_path: Path) -> None:  # type: ignore[no-untyped-def]
    start(team.ledger)
    clock.advance(seconds=0.9)

    assert stop(team.ledger) is None

    assert count(db_path, "task_log_entries") == 0
    assert count(db_path, "running_timers", LIVE_TIMERS) == 0
    start(team.ledger)  # and a new one can start straight away


def test_switch_logs_the_running_work_and_starts_the_next_at_the_same_instant(team, clock) -> None:  # type: ignore[no-untyped-def]
    add_design_task(team.ledger)
    start(team.ledger, "WEB/General")
    switched_at = clock.advance(minutes=45)

    with acting(team.ledger, CARL) as (uow, carl):
        logged, started = timer.switch(uow, carl, "WEB/Design", note="wireframes")
        uow.commit()

    [view] = entries_of(team.ledger, CARL)
    assert view.entry.id == logged.id
    assert (view.work.label, view.entry.ended_at, view.entry.duration) == (
        "WEB/General",
        switched_at,
        Duration.of(minutes=45),
    )
    with acting(team.ledger, CARL, read=True) as (uow, carl):
        running = timer.running(uow, carl)
    assert running is not None and running.timer.id == started.timer.id
    assert (running.work.label, running.timer.started_at, running.timer.note) == (
        "WEB/Design",
        switched_at,
        "wireframes",
    )


def test_stop_without_a_running_timer_is_refused(team) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(RuleViolation, match="No timer is running"):
        stop(team.ledger)


def test_timer_keeps_running_when_its_entry_would_clash(team, clock, db_path: Path) -> None:  # type: ignore[no-untyped-def]
    with acting(team.ledger, CARL) as (uow, carl):  # logged ahead, for later this morning
        task_log.log_entry(uow, carl, "WEB", day=FRIDAY, start="10:00", end="11:00")
        uow.commit()
    start(team.ledger)  # at 09:00, and left running into the entry logged ahead
    clock.advance(hours=1, minutes=30)

    with pytest.raises(RuleViolation, match="overlaps your entry on WEB/General from 10:00 to 11:00"):
        stop(team.ledger)

    assert count(db_path, "running_timers", LIVE_TIMERS) == 1
    assert count(db_path, "task_log_entries") == 1


def test_timer_left_running_for_days_is_kept_until_stopped_at_a_real_end(team, clock, db_path: Path) -> None:  # type: ignore[no-untyped-def]
    start(team.ledger)
    clock.advance(days=3)  # forgotten over the weekend

    with pytest.raises(RuleViolation, match="at most 24:00 hours; this one lasts 72:00"):
        stop(team.ledger)
    assert (count(db_path, "running_timers", LIVE_TIMERS), count(db_path, "task_log_entries")) == (1, 0)

    with acting(team.ledger, CARL) as (uow, carl):
        timer.stop(uow, carl, at=berlin(14))
        uow.commit()
    [view] = entries_of(team.ledger, CARL)
    assert (view.entry.ended_at, view.entry.duration) == (berlin(14), Duration.of(hours=5))
    assert count(db_path, "running_timers", LIVE_TIMERS) == 0


def test_a_timer_cannot_be_stopped_before_it_started_or_in_the_future(team, clock, db_path: Path) -> None:  # type: ignore[no-untyped-def]
    start(team.ledger)
    clock.advance(hours=1)
    for when, code in ((berlin(8), "stop_before_start"), (berlin(11), "stop_in_future")):
        with acting(team.ledger, CARL) as (uow, carl), pytest.raises(RuleViolation) as caught:
            timer.stop_at(uow, carl, when)
        assert caught.value.code == code
    assert (count(db_path, "running_timers", LIVE_TIMERS), count(db_path, "task_log_entries")) == (1, 0)
