"""News of decisions on the signed-in person's weeks, told once; and the reminder that last week is not submitted."""

from __future__ import annotations

from datetime import date, timedelta

from helpers import acting, berlin

from app.domain.reminders import ReminderKind
from app.services import approvals, task_log
from app.services.identity import CURRENT_USER
from app.services.reminders import reminders_due, unsubmitted_week
from app.services.timesheet_news import news_text, take_news

CARL = "carl@acme.example"
MONDAY_46 = date(2026, 11, 9)
NEXT_MONDAY = date(2026, 11, 23)


def sign_in_carl(team) -> None:  # type: ignore[no-untyped-def]
    with acting(team.ledger, CARL) as (uow, carl):
        uow.settings.set(CURRENT_USER, str(carl.user.id))
        uow.commit()


def submitted_week_46(team):  # type: ignore[no-untyped-def]
    with acting(team.ledger, CARL) as (uow, carl):
        task_log.log_entry(uow, carl, "WEB/General", day=MONDAY_46, hours="4", note="Checkout")
        sheet = approvals.submit(uow, carl, approvals.current_week(uow, carl).shifted(-1))
        uow.commit()
    return sheet.id


def decide(team, sheet_id, clock, reason: str | None = None) -> None:  # type: ignore[no-untyped-def]
    clock.advance(minutes=5)
    with acting(team.ledger, team.admin_email) as (uow, ada):
        if reason is None:
            approvals.approve(uow, ada, sheet_id)
        else:
            approvals.reject(uow, ada, sheet_id, reason)
        uow.commit()


def test_the_first_look_tells_nothing_old_and_each_decision_after_it_once(team, clock) -> None:  # type: ignore[no-untyped-def]
    sign_in_carl(team)
    sheet = submitted_week_46(team)
    decide(team, sheet, clock, reason="Monday belongs on ACME")
    assert take_news(team.ledger) == [], "decisions before this desktop first looked are not news"

    with acting(team.ledger, CARL) as (uow, carl):
        approvals.submit(uow, carl, approvals.current_week(uow, carl).shifted(-1))
        uow.commit()
    decide(team, sheet, clock, reason="Still Monday")

    (news,) = take_news(team.ledger)
    assert news_text(news) == (
        "Week 46 rejected",
        "Ada Admin rejected your week 46: Still Monday\nFix it in the Timesheet and submit it again.",
    )
    assert take_news(team.ledger) == [], "told once"

    with acting(team.ledger, CARL) as (uow, carl):
        approvals.submit(uow, carl, approvals.current_week(uow, carl).shifted(-1))
        uow.commit()
    decide(team, sheet, clock)
    assert [news_text(n) for n in take_news(team.ledger)] == [("Week 46 approved", "Ada Admin approved your week 46.")]


def test_nobody_signed_in_has_no_news(ledger) -> None:  # type: ignore[no-untyped-def]
    assert take_news(ledger) == []


def test_last_week_holding_time_and_not_submitted_is_reminded_on_monday_from_ten(team, clock) -> None:  # type: ignore[no-untyped-def]
    sign_in_carl(team)
    with acting(team.ledger, CARL) as (uow, carl):
        task_log.log_entry(uow, carl, "WEB/General", day=NEXT_MONDAY - timedelta(days=3), hours="4", note="x")
        uow.commit()
    clock.at = berlin(9, 59, day=NEXT_MONDAY)
    assert ReminderKind.WEEK_NOT_SUBMITTED not in [r.kind for r in reminders_due(team.ledger)]

    clock.at = berlin(10, 0, day=NEXT_MONDAY)
    due = [r for r in reminders_due(team.ledger) if r.kind is ReminderKind.WEEK_NOT_SUBMITTED]
    assert [r.text for r in due] == [
        "Week 47 was due on Monday at 10:00. Check it in the Timesheet and press Submit week."
    ]

    with acting(team.ledger, CARL) as (uow, carl):
        approvals.submit(uow, carl, approvals.current_week(uow, carl).shifted(-1))
        assert unsubmitted_week(uow, carl) is None
        uow.commit()


def test_an_empty_last_week_is_nothing_to_remind_of(team, clock) -> None:  # type: ignore[no-untyped-def]
    clock.at = berlin(11, day=NEXT_MONDAY)
    with acting(team.ledger, CARL, read=True) as (uow, carl):
        assert unsubmitted_week(uow, carl) is None
