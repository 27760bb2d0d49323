"""The billable checks through the real services on a SQLite file: every way billable time comes in is checked,
all failures come back at once, refused attempts are recorded and summarised, attendance and non-billable time
are never blocked."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from helpers import FRIDAY, THURSDAY, acting, berlin, count, entries_of, raw_rows
from moneyed import Money

from app.domain.duration import Duration
from app.domain.errors import RuleViolation
from app.domain.project import ProjectStatus, TaskStatus
from app.domain.task_log import EntryStatus
from app.domain.timesheet import Timesheet, TimesheetStatus
from app.ledger import Ledger
from app.services import attendance, entries, idle, projects, task_log, timer, timesheet
from app.services.billable_checks import blocked_summary

CARL = "carl@acme.example"
ADA = "ada@acme.example"
MONDAY = date(2026, 11, 16)
Change = Callable[[Ledger], object]


def act(ledger: Ledger, step: Callable[..., Any], email: str = CARL) -> Any:
    """One unit of work as `email`, committed; a refusal propagates out of it (and leaves its record)."""
    with acting(ledger, email) as (uow, actor):
        result = step(uow, actor)
        uow.commit()
    return result


def log(ledger: Ledger, email: str = CARL, reference: str = "WEB/General", **given: Any) -> Any:
    """Log time on Friday (an hour unless a span or other hours are given) as `email`."""
    how = {"day": FRIDAY, **({} if "start" in given else {"hours": "1"}), **given}
    return act(ledger, lambda uow, a: task_log.log_entry(uow, a, reference, **how), email)


def refused(step: Callable[[], object]) -> RuleViolation:
    with pytest.raises(RuleViolation) as caught:
        step()
    return caught.value


def codes(violation: RuleViolation) -> list[str]:
    return [p.code for p in violation.problems]


def blocked_codes(db_path: Path) -> list[str]:
    """The codes of every recorded attempt, oldest first, as stored."""
    stored = raw_rows(db_path, "SELECT codes FROM blocked_attempts ORDER BY at, rowid")
    return [code for (codes_json,) in stored for code in json.loads(codes_json)]


def change_project(ledger: Ledger, **fields: Any) -> None:
    with acting(ledger) as (uow, admin):
        web = projects.find_project(uow, admin.org, "WEB")
        uow.projects.save(replace(web, **fields))
        uow.commit()


def change_organisation(ledger: Ledger, **fields: Any) -> None:
    with acting(ledger) as (uow, admin):
        uow.organisations.save(replace(admin.org, **fields))
        uow.commit()


def close_general(ledger: Ledger) -> None:
    with acting(ledger) as (uow, admin):
        _, general = projects.find_work(uow, admin.org, "WEB/General")
        general.move_to(TaskStatus.CLOSED)
        uow.tasks.save(general)
        uow.commit()


def end_carls_assignment(ledger: Ledger, last_day: date = THURSDAY) -> None:
    with acting(ledger) as (uow, admin):
        web = projects.find_project(uow, admin.org, "WEB")
        carl = uow.users.by_email(admin.org.id, CARL)
        [assignment] = uow.assignments.of(carl.id, web.id)
        uow.assignments.save(replace(assignment, valid_to=last_day))
        uow.commit()


def submit_carls_week(ledger: Ledger) -> None:
    with acting(ledger, CARL) as (uow, carl):
        uow.timesheets.add(
            Timesheet(org_id=carl.org.id, user_id=carl.user.id, week_start=MONDAY, status=TimesheetStatus.SUBMITTED)
        )
        uow.commit()


# Each breaks exactly one check for Carl's hour on WEB on Friday.
BREAKERS: dict[str, Change] = {
    "project_not_active": lambda ledger: change_project(ledger, status=ProjectStatus.COMPLETED),
    "quote_not_signed": lambda ledger: change_project(ledger, requires_quote=True),
    "deposit_not_paid": lambda ledger: change_project(ledger, requires_deposit=True),
    "not_assigned": end_carls_assignment,
    "budget_hours_spent": lambda ledger: (
        change_project(ledger, budget_hours=Duration.of(hours=1, minutes=30)),
        log(ledger, ADA),
    ),
    "budget_amount_spent": lambda ledger: change_project(ledger, budget_amount=Money("100", "EUR")),  # 1 h = 120
    "over_daily_cap": lambda ledger: log(ledger, hours="5:30"),
    "period_locked": lambda ledger: change_organisation(ledger, lock_date=FRIDAY),
    "week_submitted": submit_carls_week,
    "task_closed": close_general,
}


def test_an_hour_on_an_active_assigned_project_with_room_is_logged_and_leaves_no_record(team, db_path) -> None:  # type: ignore[no-untyped-def]
    change_project(team.ledger, budget_hours=Duration.of(hours=10), budget_amount=Money("1000", "EUR"))

    log(team.ledger)

    assert len(entries_of(team.ledger, CARL)) == 1
    assert count(db_path, "blocked_attempts") == 0


@pytest.mark.parametrize("code", BREAKERS)
def test_each_check_refuses_billable_time_writes_no_entry_and_records_the_attempt(team, db_path, code) -> None:  # type: ignore[no-untyped-def]
    BREAKERS[code](team.ledger)
    entries_before = count(db_path, "task_log_entries")

    refusal = refused(lambda: log(team.ledger))

    assert codes(refusal) == [code]
    assert count(db_path, "task_log_entries") == entries_before
    assert blocked_codes(db_path) == [code]


def test_every_failed_check_comes_back_at_once_and_is_recorded_once(team, db_path) -> None:  # type: ignore[no-untyped-def]
    log(team.ledger, start="09:00", end="10:00")
    for code in ("project_not_active", "quote_not_signed", "not_assigned", "period_locked", "task_closed"):
        BREAKERS[code](team.ledger)

    refusal = refused(lambda: log(team.ledger, start="09:30", end="10:30"))

    assert codes(refusal) == [
        "project_not_active",
        "quote_not_signed",
        "not_assigned",
        "period_locked",
        "task_closed",
        "entry_overlaps",  # the task log's own rule, reported with them
    ]
    assert str(refusal).startswith("WEB is completed; a manager must make it active again")
    # The overlap is an input mistake, not a reason the project blocks work: it is not recorded.
    recorded = ["project_not_active", "quote_not_signed", "not_assigned", "period_locked", "task_closed"]
    assert blocked_codes(db_path) == recorded


def test_an_input_mistake_alone_is_refused_without_a_record(team, db_path) -> None:  # type: ignore[no-untyped-def]
    log(team.ledger, start="09:00", end="10:00")

    assert codes(refused(lambda: log(team.ledger, start="09:30", end="10:30"))) == ["entry_overlaps"]
    assert count(db_path, "blocked_attempts") == 0


def test_the_budget_counts_approved_and_pending_billable_time_but_not_deleted_or_internal_time(team, db_path) -> None:  # type: ignore[no-untyped-def]
    change_project(team.ledger, budget_hours=Duration.of(hours=4))
    for day, status in ((MONDAY, EntryStatus.INVOICED), (MONDAY + timedelta(1), EntryStatus.APPROVED)):
        entry = log(team.ledger, day=day)
        with acting(team.ledger) as (uow, _):
            stored = uow.entries.get(entry.id)
            uow.entries.save(replace(stored, status=status))
            uow.commit()
    log(team.ledger, day=THURSDAY)  # draft: 3 hours used so far
    log(team.ledger, day=THURSDAY, billable=False, hours="5")  # internal time never counts
    deleted = log(team.ledger, day=MONDAY + timedelta(2))
    act(team.ledger, lambda uow, a: entries.delete_entries(uow, a, [(deleted.id, deleted.version)]))

    log(team.ledger, hours="0:30")  # 3:30 of 4:00

    refusal = refused(lambda: log(team.ledger, hours="0:31"))
    assert str(refusal) == (
        "This would take WEB past its budget: 3:30 hours of 4:00 hours used, 0:30 hours are left and this adds "
        "0:31 hours."
    )
    log(team.ledger, hours="0:30")  # exactly the budget
    assert codes(refused(lambda: act(team.ledger, lambda uow, a: timer.start(uow, a, "WEB")))) == ["budget_hours_spent"]


def test_the_amount_budget_counts_each_entry_at_its_rate(team) -> None:  # type: ignore[no-untyped-def]
    change_project(team.ledger, budget_amount=Money("300", "EUR"))
    log(team.ledger, hours="1:15")  # 150.00 EUR at the client's 120 EUR an hour

    assert "150.00 EUR of 300.00 EUR used" in str(refused(lambda: log(team.ledger, hours="1:16")))
    log(team.ledger, hours="1:15")


def test_attendance_is_never_blocked(team, clock) -> None:  # type: ignore[no-untyped-def]
    for code, breaker in BREAKERS.items():
        if code not in ("budget_hours_spent", "over_daily_cap"):  # those log time themselves
            breaker(team.ledger)

    for step in (attendance.clock_in, attendance.start_break, attendance.end_break, attendance.clock_out):
        act(team.ledger, step)
        clock.advance(minutes=30)


def test_non_billable_time_is_never_blocked(team, db_path) -> None:  # type: ignore[no-untyped-def]
    for code in ("over_daily_cap", "project_not_active", "quote_not_signed", "not_assigned", "period_locked"):
        BREAKERS[code](team.ledger)

    log(team.ledger, billable=False, hours="2")
    act(team.ledger, lambda uow, a: timer.start(uow, a, "WEB", billable=False))

    assert [v.entry.billable for v in entries_of(team.ledger, CARL)] == [True, False]  # the 5:30 breaker, then this
    assert count(db_path, "blocked_attempts") == 0


def test_a_billable_timer_is_checked_when_it_starts_and_the_refusal_recorded(team, clock, db_path) -> None:  # type: ignore[no-untyped-def]
    end_carls_assignment(team.ledger)
    change_project(team.ledger, requires_deposit=True)

    refusal = refused(lambda: act(team.ledger, lambda uow, a: timer.start(uow, a, "WEB")))

    assert codes(refusal) == ["deposit_not_paid", "not_assigned"]
    assert count(db_path, "running_timers") == 0
    assert blocked_codes(db_path) == ["deposit_not_paid", "not_assigned"]


def test_a_timer_cannot_start_inside_time_already_logged(team, clock) -> None:  # type: ignore[no-untyped-def]
    log(team.ledger, start="08:30", end="10:00")  # the clock stands at 09:00

    refusal = refused(lambda: act(team.ledger, lambda uow, a: timer.start(uow, a, "WEB")))

    assert str(refusal) == "Your entry on WEB/General runs from 08:30 to 10:00; a timer started now would overlap it."


def test_a_timer_going_past_the_productive_day_keeps_running_until_a_manager_allows_it(team, clock, db_path) -> None:  # type: ignore[no-untyped-def]
    log(team.ledger, day=FRIDAY, start="00:00", end="05:00")
    act(team.ledger, lambda uow, a: timer.start(uow, a, "WEB"))
    clock.advance(hours=2)

    refusal = refused(lambda: act(team.ledger, timer.stop))

    assert codes(refusal) == ["over_daily_cap"]
    assert count(db_path, "running_timers", "deleted_at IS NULL") == 1
    assert blocked_codes(db_path) == ["over_daily_cap"]


def test_a_timer_refused_as_billable_can_still_be_stopped_as_internal_time(team, clock, db_path) -> None:  # type: ignore[no-untyped-def]
    log(team.ledger, day=FRIDAY, start="00:00", end="05:00")
    act(team.ledger, lambda uow, a: timer.start(uow, a, "WEB"))
    clock.advance(hours=2)

    entry = act(team.ledger, lambda uow, a: timer.stop(uow, a, non_billable=True))

    assert (entry.billable, entry.duration) == (False, Duration.of(hours=2))
    assert count(db_path, "running_timers", "deleted_at IS NULL") == 0
    assert count(db_path, "task_log_entries", "billable = 0") == 1


def test_switching_to_a_project_that_is_not_active_is_refused_and_the_first_timer_runs_on(team, clock) -> None:  # type: ignore[no-untyped-def]
    with acting(team.ledger) as (uow, admin):
        projects.add_project(uow, admin, client="Globex", name="Later", code="LATER", status="quoted")
        projects.assign(uow, admin, CARL, "LATER")
        uow.commit()
    act(team.ledger, lambda uow, a: timer.start(uow, a, "WEB"))
    clock.advance(minutes=30)

    assert codes(refused(lambda: act(team.ledger, lambda uow, a: timer.switch(uow, a, "LATER")))) == [
        "project_not_active"
    ]
    with acting(team.ledger, CARL, read=True) as (uow, carl):
        assert timer.running(uow, carl).work.label == "WEB/General"


def test_a_billable_timer_on_a_non_billable_task_is_refused(team) -> None:  # type: ignore[no-untyped-def]
    with acting(team.ledger) as (uow, admin):
        projects.add_task(uow, admin, "WEB", "Internal", billable=False)
        uow.commit()

    refusal = refused(lambda: act(team.ledger, lambda uow, a: timer.start(uow, a, "WEB/Internal", billable=True)))

    assert str(refusal) == "The task WEB/Internal is not billable; log the time as non-billable."


def test_a_manager_lets_a_day_go_past_the_productive_day_with_a_reason(team) -> None:  # type: ignore[no-untyped-def]
    log(team.ledger, ADA, hours="5")
    assert codes(refused(lambda: log(team.ledger, ADA, hours="2"))) == ["over_daily_cap"]
    assert codes(refused(lambda: log(team.ledger, ADA, hours="2", cap_override_reason=" "))) == ["reason_required"]

    entry = log(team.ledger, ADA, hours="2", cap_override_reason="Go-live night")

    assert (entry.cap_override_reason, entry.cap_override_by is not None) == ("Go-live night", True)


def test_a_consultant_cannot_allow_their_own_overtime(team, db_path) -> None:  # type: ignore[no-untyped-def]
    refusal = refused(lambda: log(team.ledger, hours="7", cap_override_reason="Deadline"))

    assert codes(refusal) == ["not_allowed"]
    assert count(db_path, "task_log_entries") == 0


def test_edits_adding_billable_time_are_checked_and_taking_time_away_is_not(team, db_path) -> None:  # type: ignore[no-untyped-def]
    entry = log(team.ledger, hours="5")

    def edit(email: str = CARL, **changes: Any) -> Any:
        with acting(team.ledger, email) as (uow, actor):
            stored = uow.entries.get(entry.id)
            changed = entries.edit_entry(uow, actor, entry.id, seen_version=stored.version, **changes)
            uow.commit()
        return changed

    assert codes(refused(lambda: edit(hours="6:30"))) == ["over_daily_cap"]
    change_project(team.ledger, status=ProjectStatus.COMPLETED)
    assert edit(hours="4").duration == Duration.of(hours=4)  # less time on a completed project is fine
    assert codes(refused(lambda: edit(hours="4:30"))) == ["project_not_active"]
    change_project(team.ledger, status=ProjectStatus.ACTIVE)
    assert edit(hours="6:30", cap_override_reason="Release day", email=ADA).duration == Duration.of(hours=6, minutes=30)
    assert edit(note="release notes").cap_override_reason == "Release day"  # the override stays with the entry
    assert blocked_codes(db_path) == ["over_daily_cap", "project_not_active"]


def test_switching_an_entry_to_billable_or_to_other_work_is_checked(team) -> None:  # type: ignore[no-untyped-def]
    with acting(team.ledger) as (uow, admin):
        projects.add_project(uow, admin, client="Globex", name="Shop", code="SHOP", status="active")
        uow.commit()
    entry = log(team.ledger, billable=False, hours="1")
    end_carls_assignment(team.ledger)

    def edit(**changes: Any) -> Any:
        return act(team.ledger, lambda uow, a: entries.edit_entry(uow, a, entry.id, **changes))

    assert codes(refused(lambda: edit(billable=True))) == ["not_assigned"]
    assert codes(refused(lambda: edit(work="SHOP", billable=True))) == ["not_assigned"]


def test_a_manager_editing_someone_elses_entry_reads_about_them(team) -> None:  # type: ignore[no-untyped-def]
    entry = log(team.ledger, hours="5")

    refusal = refused(
        lambda: act(team.ledger, lambda uow, a: entries.edit_entry(uow, a, entry.id, hours="7"), email=ADA)
    )

    assert "bring Carl Consultant's billable time on Fri 20 Nov 2026 to 7:00 hours" in str(refusal)


def test_typing_more_into_a_timesheet_cell_is_checked_like_new_time(team) -> None:  # type: ignore[no-untyped-def]
    with acting(team.ledger, read=True) as (uow, admin):
        _, general = projects.find_work(uow, admin.org, "WEB/General")
    week = timesheet.current_week

    def type_into_cell(text: str) -> Any:
        return act(team.ledger, lambda uow, a: timesheet.set_cell(uow, a, week(uow, a), general.id, FRIDAY, text))

    type_into_cell("5")
    assert codes(refused(lambda: type_into_cell("6:15"))) == ["over_daily_cap"]
    change_project(team.ledger, status=ProjectStatus.COMPLETED)
    assert type_into_cell("4") == Duration.of(hours=4)


def test_moving_time_away_onto_work_that_is_blocked_keeps_the_timer_as_it_was(team, clock) -> None:  # type: ignore[no-untyped-def]
    with acting(team.ledger) as (uow, admin):
        projects.add_project(uow, admin, client="Globex", name="Shop", code="SHOP", status="active")
        uow.commit()
    act(team.ledger, lambda uow, a: timer.start(uow, a, "WEB"))
    clock.advance(hours=1)

    refusal = refused(lambda: act(team.ledger, lambda uow, a: idle.resolve_idle(uow, a, berlin(9, 30), "move", "SHOP")))

    assert codes(refusal) == ["not_assigned"]
    with acting(team.ledger, CARL, read=True) as (uow, carl):
        assert timer.running(uow, carl).timer.started_at == berlin(9)


def test_the_blocked_list_counts_attempts_per_project_and_reason_and_only_managers_see_everyones(team, clock) -> None:  # type: ignore[no-untyped-def]
    change_project(team.ledger, requires_quote=True)
    for _ in range(2):
        refused(lambda: log(team.ledger))
    clock.advance(hours=1)
    close_general(team.ledger)
    refused(lambda: log(team.ledger))
    refused(lambda: log(team.ledger, ADA))

    with acting(team.ledger, read=True) as (uow, admin):
        everyone = blocked_summary(uow, admin, THURSDAY, FRIDAY)
    with acting(team.ledger, CARL, read=True) as (uow, carl):
        own = blocked_summary(uow, carl, FRIDAY, FRIDAY)
        earlier = blocked_summary(uow, carl, MONDAY, THURSDAY)

    assert [(line.project.code, line.code, line.count, line.last) for line in everyone] == [
        ("WEB", "quote_not_signed", 4, clock.now()),
        ("WEB", "task_closed", 2, clock.now()),
    ]
    assert [(line.code, line.count) for line in own] == [("quote_not_signed", 3), ("task_closed", 1)]
    assert own[0].message == "The quote for WEB is not signed yet; time can be logged once the client has signed it."
    assert earlier == []


def test_a_reversed_range_of_the_blocked_list_is_refused(team) -> None:  # type: ignore[no-untyped-def]
    with acting(team.ledger, read=True) as (uow, admin), pytest.raises(RuleViolation) as caught:
        blocked_summary(uow, admin, FRIDAY, THURSDAY)
    assert caught.value.code == "range_reversed"
