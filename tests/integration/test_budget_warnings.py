"""The budget warnings shown to the person logging, once their billable time is in (real SQLite)."""

from __future__ import annotations

from dataclasses import replace

from helpers import FRIDAY, THURSDAY, acting
from moneyed import Money

from app.domain.duration import Duration
from app.ledger import Ledger
from app.services import projects, task_log, timer
from app.services.billable_checks import budget_warnings, warnings_after

CARL = "carl@acme.example"


def budget(ledger: Ledger, **fields: object) -> None:
    with acting(ledger) as (uow, admin):
        web = projects.find_project(uow, admin.org, "WEB")
        uow.projects.save(replace(web, **fields))
        uow.commit()


def logged(ledger: Ledger, hours: str, *, billable: bool = True, day=FRIDAY) -> list[str]:  # type: ignore[no-untyped-def]
    """Carl logs `hours` on WEB; the warnings he is shown."""
    with acting(ledger, CARL) as (uow, carl):
        entry = task_log.log_entry(uow, carl, "WEB/General", day=day, hours=hours, billable=billable)
        uow.commit()
        return warnings_after(uow, carl, entry)


def test_billable_time_from_the_warning_level_on_is_warned_about(team) -> None:  # type: ignore[no-untyped-def]
    budget(team.ledger, budget_hours=Duration.of(hours=10))
    assert logged(team.ledger, "5", day=THURSDAY) == []
    assert logged(team.ledger, "2:59") == []
    assert logged(team.ledger, "0:01") == ["WEB has used 80 % of its budget of 10:00 hours."]
    assert logged(team.ledger, "2") == [
        "The budget of WEB is spent: 10:00 hours of 10:00 hours used; a manager can raise it."
    ]


def test_the_amount_budget_and_the_organisations_level_count(team) -> None:  # type: ignore[no-untyped-def]
    budget(team.ledger, budget_amount=Money("1000", "EUR"))  # Carl's hour on WEB bills the client's 120.00
    with acting(team.ledger) as (uow, admin):
        uow.organisations.save(replace(admin.org, budget_warning_percent=50))
        uow.commit()
    assert logged(team.ledger, "4") == []  # 480.00: 48 %
    assert logged(team.ledger, "1", day=THURSDAY) == ["WEB has used 60 % of its budget of 1,000.00 EUR."]


def test_non_billable_time_and_projects_without_a_budget_say_nothing(team) -> None:  # type: ignore[no-untyped-def]
    assert logged(team.ledger, "4") == []  # WEB has no budget yet
    budget(team.ledger, budget_hours=Duration.of(hours=4))
    assert logged(team.ledger, "1", billable=False, day=THURSDAY) == []
    with acting(team.ledger, CARL, read=True) as (uow, carl):
        web = projects.find_project(uow, carl.org, "WEB")
        assert budget_warnings(uow, carl, web.id) == [
            "The budget of WEB is spent: 4:00 hours of 4:00 hours used; a manager can raise it."
        ]
        assert warnings_after(uow, carl, None) == []


def test_a_timer_started_on_a_nearly_spent_project_is_warned_about_once(team) -> None:  # type: ignore[no-untyped-def]
    budget(team.ledger, budget_hours=Duration.of(hours=5))
    logged(team.ledger, "4", day=THURSDAY)
    with acting(team.ledger, CARL) as (uow, carl):
        run = timer.start(uow, carl, "WEB/General")
        assert warnings_after(uow, carl, run.timer, run.timer) == ["WEB has used 80 % of its budget of 5:00 hours."]
