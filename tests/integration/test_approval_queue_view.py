"""What the Approvals section reads besides the queue: its filter choices and one week in detail."""

from __future__ import annotations

from datetime import date

import pytest
from helpers import acting, berlin

from app.domain.errors import RuleViolation
from app.domain.timesheet_review import FlagKind
from app.services import approvals, attendance, people, projects, task_log
from app.services.approval_queue_view import queue_choices, timesheet_review, waiting_for_me

CARL = "carl@acme.example"
MONDAY = date(2026, 11, 16)
TUESDAY = date(2026, 11, 17)


def submitted(team) -> object:  # type: ignore[no-untyped-def]
    with acting(team.ledger, CARL) as (uow, carl):
        task_log.log_entry(uow, carl, "WEB/General", day=MONDAY, start="09:00", end="12:00", note="Checkout")
        task_log.log_entry(uow, carl, "WEB/General", day=TUESDAY, hours="2", billable=False)
        sheet = approvals.submit(uow, carl)
        uow.commit()
    return sheet.id


def test_the_review_lists_entries_by_day_with_totals_per_day_and_project(team) -> None:  # type: ignore[no-untyped-def]
    sheet = submitted(team)
    with acting(team.ledger, read=True) as (uow, ada):
        review = timesheet_review(uow, ada, sheet)

    assert (review.user_name, review.team, str(review.week), review.status.value) == (
        "Carl Consultant",
        "blue",
        "2026-W47",
        "submitted",
    )
    assert review.submitted == "2026-11-20 09:00"
    monday, tuesday = review.days[0], review.days[1]
    assert [(e.work, e.span, str(e.duration), e.billable, e.note) for e in monday.entries] == [
        ("WEB/General", "09:00–12:00", "3:00", True, "Checkout")
    ]
    assert (str(monday.billable), str(tuesday.non_billable), monday.attended) == ("3:00", "2:00", None)
    assert [(p.code, str(p.billable), str(p.non_billable)) for p in review.projects] == [("WEB", "3:00", "2:00")]
    assert review.flags == ()


def test_billable_time_above_attendance_and_a_budget_nearly_spent_are_flagged(team, clock) -> None:  # type: ignore[no-untyped-def]
    with acting(team.ledger) as (uow, ada):
        projects.add_project(uow, ada, client="Globex", name="App", code="APP", status="active", budget_hours="10")
        projects.assign(uow, ada, CARL, "APP")
        uow.commit()
    clock.at = berlin(9, day=MONDAY)
    with acting(team.ledger, CARL) as (uow, carl):
        attendance.clock_in(uow, carl)
        uow.commit()
    clock.at = berlin(13, day=MONDAY)
    with acting(team.ledger, CARL) as (uow, carl):
        attendance.clock_out(uow, carl)
        task_log.log_entry(uow, carl, "APP/General", day=MONDAY, hours="5", note="Sprint")
        task_log.log_entry(uow, carl, "APP/General", day=TUESDAY, hours="4", note="Sprint")
        uow.commit()
    clock.at = berlin(9)
    with acting(team.ledger, CARL) as (uow, carl):
        sheet = approvals.submit(uow, carl)
        uow.commit()

    with acting(team.ledger, read=True) as (uow, ada):
        review = timesheet_review(uow, ada, sheet.id)

    assert str(review.days[0].attended) == "4:00"
    assert [(f.kind, f.text) for f in review.flags] == [
        (FlagKind.ABOVE_ATTENDANCE, "Mon 16 Nov: 5:00 billable but only 4:00 attended."),
        (FlagKind.ABOVE_ATTENDANCE, "Tue 17 Nov: 4:00 billable but only 0:00 attended."),
        (FlagKind.BUDGET, "APP has used 90 % of its budget of 10:00 hours."),
    ]


def test_a_consultant_cannot_review_weeks(team) -> None:  # type: ignore[no-untyped-def]
    sheet = submitted(team)
    with acting(team.ledger, CARL, read=True) as (uow, carl):
        with pytest.raises(RuleViolation, match="Only managers and admins"):
            timesheet_review(uow, carl, sheet)
        assert waiting_for_me(uow, carl) is None


def test_the_filters_offer_a_managers_own_team_and_an_admin_everybody(team) -> None:  # type: ignore[no-untyped-def]
    with acting(team.ledger) as (uow, ada):
        people.add_user(uow, ada, name="Mina Mendes", email="mina@acme.example", team="green")
        people.add_user(uow, ada, name="Bo Boss", email="bo@acme.example", role="manager", team="blue")
        uow.commit()

    with acting(team.ledger, read=True) as (uow, ada):
        admin = queue_choices(uow, ada)
    with acting(team.ledger, "bo@acme.example", read=True) as (uow, bo):
        manager = queue_choices(uow, bo)

    assert [u.name for u in admin.people] == ["Bo Boss", "Carl Consultant", "Mina Mendes"]
    assert admin.teams == ("blue", "green")
    assert [u.name for u in manager.people] == ["Carl Consultant"]
    assert manager.teams == (), "a manager's queue holds one team: nothing to choose"
    assert [str(week) for week, _ in admin.weeks[:2]] == ["2026-W47", "2026-W46"]
    assert admin.weeks[0][1] == MONDAY
    assert [p.code for p in admin.projects] == ["WEB"]


def test_the_badge_counts_the_weeks_waiting_for_the_manager(team) -> None:  # type: ignore[no-untyped-def]
    submitted(team)
    with acting(team.ledger, read=True) as (uow, ada):
        assert waiting_for_me(uow, ada) == 1
