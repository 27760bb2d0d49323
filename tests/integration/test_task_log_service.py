"""Logging time by hand on a real file: clashes, limits and bad input are refused and write nothing."""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers import FRIDAY, THURSDAY, acting, berlin, count, entries_of
from moneyed import Money

from app.domain.duration import Duration
from app.domain.errors import RuleViolation
from app.domain.rates import RateLevel
from app.services import task_log, timer

CARL = "carl@acme.example"
ADA = "ada@acme.example"


def log(ledger, email: str = CARL, **given):  # type: ignore[no-untyped-def]
    """Log an entry on WEB for Friday (unless `day` is given) and commit it."""
    with acting(ledger, email) as (uow, actor):
        entry = task_log.log_entry(uow, actor, "WEB", **{"day": FRIDAY, **given})
        uow.commit()
    return entry


def refused(ledger, db_path: Path, code: str, **given) -> RuleViolation:  # type: ignore[no-untyped-def]
    """Logging is refused with `code`, and not a single entry is added."""
    entries = count(db_path, "task_log_entries")
    with pytest.raises(RuleViolation) as caught:
        log(ledger, **given)
    assert caught.value.code == code
    assert count(db_path, "task_log_entries") == entries
    return caught.value


def test_timed_entry_is_stored_with_its_local_day_and_rate(team) -> None:  # type: ignore[no-untyped-def]
    log(team.ledger, start="09:00", end="11:15", note="kick-off")

    [view] = entries_of(team.ledger, CARL)
    entry = view.entry
    assert (entry.started_at, entry.ended_at, entry.work_date) == (berlin(9), berlin(11, 15), FRIDAY)
    assert (entry.duration, entry.note) == (Duration.of(hours=2, minutes=15), "kick-off")
    assert (entry.rate, entry.rate_source) == (Money("120", "EUR"), RateLevel.CLIENT)


def test_overlapping_entry_is_refused_naming_the_clashing_work(team, db_path: Path) -> None:  # type: ignore[no-untyped-def]
    log(team.ledger, start="09:00", end="11:00")

    problem = refused(team.ledger, db_path, "entry_overlaps", start="10:00", end="12:00")

    assert str(problem) == (
        "This entry overlaps your entry on WEB/General from 09:00 to 11:00 on 2026-11-20; nothing was logged."
    )


def test_entries_that_only_touch_are_both_kept(team) -> None:  # type: ignore[no-untyped-def]
    log(team.ledger, start="09:00", end="11:00")
    log(team.ledger, start="11:00", end="12:00")
    log(team.ledger, start="08:00", end="09:00")

    spans = [(v.entry.started_at, v.entry.ended_at) for v in entries_of(team.ledger, CARL)]
    assert spans == [(berlin(8), berlin(9)), (berlin(9), berlin(11)), (berlin(11), berlin(12))]


def test_entry_clashing_with_last_nights_timer_entry_is_refused(team, clock, db_path: Path) -> None:  # type: ignore[no-untyped-def]
    clock.advance(hours=-11)  # Thursday 22:00 in Berlin
    with acting(team.ledger, CARL) as (uow, carl):
        timer.start(uow, carl, "WEB")
        uow.commit()
    clock.advance(hours=4)  # Friday 02:00: the entry belongs to Thursday
    with acting(team.ledger, CARL) as (uow, carl):
        timer.stop(uow, carl)
        uow.commit()
    clock.advance(hours=7)

    problem = refused(team.ledger, db_path, "entry_overlaps", start="01:00", end="01:30")

    assert "from 22:00 to 2026-11-20 02:00 on 2026-11-19" in str(problem)


def test_another_users_entry_at_the_same_time_does_not_clash(team) -> None:  # type: ignore[no-untyped-def]
    log(team.ledger, ADA, start="09:00", end="11:00")
    log(team.ledger, CARL, start="09:00", end="11:00")

    assert len(entries_of(team.ledger, CARL)) == len(entries_of(team.ledger, ADA)) == 1


def test_entry_overlapping_the_running_timer_is_refused(team, clock, db_path: Path) -> None:  # type: ignore[no-untyped-def]
    with acting(team.ledger, CARL) as (uow, carl):
        timer.start(uow, carl, "WEB")
        uow.commit()
    clock.advance(hours=2)

    problem = refused(team.ledger, db_path, "entry_overlaps_timer", start="10:00", end="10:30")

    assert "overlaps your running timer (since 2026-11-20 09:00); stop the timer first" in str(problem)


def test_entry_later_today_is_refused_while_a_timer_runs_towards_it(team, clock, db_path: Path) -> None:  # type: ignore[no-untyped-def]
    with acting(team.ledger, CARL) as (uow, carl):
        timer.start(uow, carl, "WEB")
        uow.commit()

    refused(team.ledger, db_path, "entry_overlaps_timer", start="15:00", end="16:00")


def test_entry_before_the_timer_started_is_fine(team, clock) -> None:  # type: ignore[no-untyped-def]
    with acting(team.ledger, CARL) as (uow, carl):
        timer.start(uow, carl, "WEB")
        uow.commit()

    log(team.ledger, CARL, start="07:00", end="09:00")

    assert len(entries_of(team.ledger, CARL)) == 1


def test_entry_before_the_running_timer_started_is_fine(team, clock) -> None:  # type: ignore[no-untyped-def]
    with acting(team.ledger, CARL) as (uow, carl):
        timer.start(uow, carl, "WEB")
        uow.commit()

    log(team.ledger, start="07:00", end="09:00")

    assert len(entries_of(team.ledger, CARL)) == 1


def test_day_total_over_24_hours_is_refused(team, db_path: Path) -> None:  # type: ignore[no-untyped-def]
    # Non-billable time: the daily billable cap would refuse 20 hours long before the 24-hour rule.
    log(team.ledger, day=THURSDAY, hours="20", billable=False)
    log(team.ledger, day=THURSDAY, hours="3:59", billable=False)

    problem = refused(team.ledger, db_path, "day_over_24_hours", day=THURSDAY, hours="0:02", billable=False)

    assert "bring your time on 2026-11-19 to 24:01 hours" in str(problem)
    log(team.ledger, day=THURSDAY, hours="0:01", billable=False)  # exactly 24 hours is allowed
    assert sum((v.entry.duration for v in entries_of(team.ledger, CARL)), Duration.ZERO) == Duration.of(hours=24)


def test_entry_ending_before_it_starts_is_refused(team, db_path: Path) -> None:  # type: ignore[no-untyped-def]
    problem = refused(team.ledger, db_path, "ends_before_start", start="11:00", end="10:00")

    assert "ends (10:00) before it starts (11:00)" in str(problem)


def test_ten_megabyte_note_is_refused(team, db_path: Path) -> None:  # type: ignore[no-untyped-def]
    problem = refused(team.ledger, db_path, "too_long", hours="1", note="x" * 10_000_000)

    assert problem.problems[0].field == "note"
    assert "at most 10,000 characters" in str(problem)


def test_consultant_cannot_list_someone_elses_entries(team) -> None:  # type: ignore[no-untyped-def]
    log(team.ledger, ADA, hours="2")

    with (
        pytest.raises(RuleViolation, match="Only managers and admins can see other people's time"),
        acting(team.ledger, CARL, read=True) as (uow, carl),
    ):
        task_log.entries_between(uow, carl, FRIDAY, FRIDAY, user_email=ADA)


def test_admin_can_list_a_consultants_entries(team) -> None:  # type: ignore[no-untyped-def]
    log(team.ledger, CARL, hours="2")

    with acting(team.ledger, ADA, read=True) as (uow, ada):
        views = task_log.entries_between(uow, ada, FRIDAY, FRIDAY, user_email=CARL)
    assert [(v.user.email, v.entry.duration) for v in views] == [(CARL, Duration.of(hours=2))]
