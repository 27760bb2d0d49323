"""Where a person stands, read once for the tray: timer, attendance, today's time, recent entries."""

from __future__ import annotations

import sqlite3

from helpers import FRIDAY, THURSDAY, acting, berlin

from app.domain.duration import Duration
from app.services import attendance, task_log, timer
from app.services.work_status import RECENT_ENTRIES, work_status


def log(ledger, day, start: str, end: str, note: str = "") -> None:  # type: ignore[no-untyped-def]
    with acting(ledger) as (uow, ada):
        task_log.log_entry(uow, ada, "WEB", day=day, start=start, end=end, note=note)
        uow.commit()


def test_a_quiet_morning_has_nothing_running_and_nothing_logged(team):
    status = work_status(team.ledger)

    assert status.problem is None
    assert (status.running, status.clocked_in, status.on_break) == (None, False, False)
    assert status.logged_today == Duration.ZERO
    assert status.recent == []
    assert [c.label for c in status.choices] == ["WEB/General"]
    assert (status.day, status.day_start, status.tz) == (FRIDAY, berlin(0), "Europe/Berlin")


def test_the_status_counts_todays_logged_time_and_the_running_timer_live(team, clock):
    log(team.ledger, FRIDAY, "06:00", "07:30")
    log(team.ledger, THURSDAY, "09:00", "14:00")
    with acting(team.ledger) as (uow, ada):
        timer.start(uow, ada, "WEB", note="review")
        uow.commit()

    status = work_status(team.ledger)
    later = clock.advance(minutes=20)

    assert status.running is not None and status.running.work.label == "WEB/General"
    assert status.logged_today == Duration.of(hours=1, minutes=30)
    assert status.elapsed(later) == Duration.of(minutes=20)
    assert status.today_total(later) == Duration.of(hours=1, minutes=50)


def test_a_timer_started_yesterday_adds_only_todays_part(team, clock, db_path):
    with acting(team.ledger) as (uow, ada):
        timer.start(uow, ada, "WEB", at=berlin(23, 0, THURSDAY))
        uow.commit()

    status = work_status(team.ledger)

    assert status.elapsed(clock.now()) == Duration.of(hours=10)
    assert status.today_total(clock.now()) == Duration.of(hours=9)


def test_the_latest_entries_come_newest_first(team):
    for hour in range(RECENT_ENTRIES + 2):
        log(team.ledger, THURSDAY, f"{8 + hour:02d}:00", f"{8 + hour:02d}:30", note=f"n{hour}")

    notes = [view.entry.note for view in work_status(team.ledger).recent]

    assert notes == ["n6", "n5", "n4", "n3", "n2"]


def test_clocked_in_and_on_a_break_are_seen(team, clock):
    with acting(team.ledger) as (uow, ada):
        attendance.clock_in(uow, ada)
        uow.commit()
    assert work_status(team.ledger).clocked_in_since == berlin(9)
    clock.advance(hours=1)
    with acting(team.ledger) as (uow, ada):
        attendance.start_break(uow, ada)
        uow.commit()

    status = work_status(team.ledger)

    assert (status.clocked_in, status.on_break) == (True, True)


def test_a_desktop_where_nobody_is_signed_in_gets_a_sentence_instead(team, db_path):
    with sqlite3.connect(db_path) as plain:
        plain.execute("DELETE FROM local_settings")

    status = work_status(team.ledger)

    assert status.problem is not None and "--as EMAIL" in status.problem
    assert status.choices == [] and status.running is None
