"""The timer picker's catalogue on a real file: who may log on what, recent work first, searching."""

from __future__ import annotations

from datetime import date

import pytest
from helpers import FRIDAY, THURSDAY, acting

from app.services import clients, projects, task_log, timer
from app.services.work_choices import WorkChoice, matching, work_choices

CARL = "carl@acme.example"
ADA = "ada@acme.example"


@pytest.fixture
def catalogue(team):  # type: ignore[no-untyped-def]
    """Besides WEB/General (Globex, Carl assigned): WEB/Design and a closed WEB/Legacy task; APP for
    Müller Bäckerei (Carl assigned) with Backend and Frontend; SUP (active, Carl not assigned); OLD
    (Carl's assignment ended); LEAD (an enquiry, not started)."""
    with acting(team.ledger) as (uow, ada):
        clients.add_client(uow, ada, name="Müller Bäckerei", email="info@mueller.example")
        projects.add_task(uow, ada, "WEB", "Design")
        legacy = projects.add_task(uow, ada, "WEB", "Legacy")
        legacy.move_to("closed")
        uow.tasks.save(legacy)
        projects.add_project(uow, ada, client="Müller Bäckerei", name="Shop app", code="APP", status="active")
        projects.add_task(uow, ada, "APP", "Backend")
        projects.add_task(uow, ada, "APP", "Frontend")
        projects.assign(uow, ada, CARL, "APP")
        projects.add_project(uow, ada, client="Globex", name="Support", code="SUP", status="active")
        projects.add_project(uow, ada, client="Globex", name="Old site", code="OLD", status="active")
        projects.assign(uow, ada, CARL, "OLD", valid_from=date(2026, 1, 1), valid_to=date(2026, 6, 30))
        projects.add_project(uow, ada, client="Globex", name="Lead", code="LEAD")
        uow.commit()
    return team


def choices_of(ledger, email: str) -> list[WorkChoice]:  # type: ignore[no-untyped-def]
    with acting(ledger, email, read=True) as (uow, actor):
        return work_choices(uow, actor)


def labels(choices: list[WorkChoice]) -> list[str]:
    return [c.label for c in choices]


def log(ledger, email: str, reference: str, day: date, start: str, end: str) -> None:  # type: ignore[no-untyped-def]
    with acting(ledger, email) as (uow, actor):
        task_log.log_entry(uow, actor, reference, day=day, start=start, end=end)
        uow.commit()


def test_a_consultant_sees_open_tasks_of_active_projects_assigned_to_them_today(catalogue):
    assert labels(choices_of(catalogue.ledger, CARL)) == [
        "APP/Backend",
        "APP/Frontend",
        "APP/General",
        "WEB/Design",
        "WEB/General",
    ]


def test_a_manager_may_log_on_every_active_project(catalogue):
    assert labels(choices_of(catalogue.ledger, ADA)) == [
        "APP/Backend",
        "APP/Frontend",
        "APP/General",
        "OLD/General",
        "SUP/General",
        "WEB/Design",
        "WEB/General",
    ]


def test_each_choice_carries_the_names_a_person_may_type(catalogue):
    backend = choices_of(catalogue.ledger, CARL)[0]
    assert (backend.code, backend.project_name, backend.client_name, backend.task_name) == (
        "APP",
        "Shop app",
        "Müller Bäckerei",
        "Backend",
    )
    assert backend.reference == "APP/Backend"
    assert backend.detail == "Shop app · Müller Bäckerei"


def test_recently_used_work_comes_first_newest_first_and_the_running_timer_counts_as_now(catalogue):
    log(catalogue.ledger, CARL, "WEB/Design", THURSDAY, "09:00", "10:00")
    log(catalogue.ledger, CARL, "APP/Frontend", THURSDAY, "10:00", "11:00")
    log(catalogue.ledger, CARL, "WEB/Design", FRIDAY, "07:00", "08:00")
    with acting(catalogue.ledger, CARL) as (uow, carl):
        timer.start(uow, carl, "APP/Backend")
        uow.commit()

    choices = choices_of(catalogue.ledger, CARL)

    assert labels(choices) == ["APP/Backend", "WEB/Design", "APP/Frontend", "APP/General", "WEB/General"]
    assert [c.last_used is not None for c in choices] == [True, True, True, False, False]


def test_an_entry_logged_as_hours_counts_from_the_start_of_its_day(catalogue):
    with acting(catalogue.ledger, CARL) as (uow, carl):
        task_log.log_entry(uow, carl, "APP/Frontend", day=FRIDAY, hours="1:00")
        uow.commit()
    log(catalogue.ledger, CARL, "WEB/Design", THURSDAY, "09:00", "10:00")

    assert labels(choices_of(catalogue.ledger, CARL))[:2] == ["APP/Frontend", "WEB/Design"]


def test_another_users_time_does_not_make_work_recent_for_me(catalogue):
    log(catalogue.ledger, ADA, "WEB/General", FRIDAY, "07:00", "08:00")

    assert all(c.last_used is None for c in choices_of(catalogue.ledger, CARL))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("", ["APP/Backend", "APP/Frontend", "APP/General", "WEB/Design", "WEB/General"]),
        ("web", ["WEB/Design", "WEB/General"]),
        ("MULLER front", ["APP/Frontend"]),
        ("bäck", ["APP/Backend", "APP/Frontend", "APP/General"]),
        ("globex des", ["WEB/Design"]),
        ("shop   general", ["APP/General"]),
        ("website frontend", []),
    ],
)
def test_searching_ignores_case_and_accents_and_needs_every_word_somewhere(catalogue, text, expected):
    assert labels(matching(choices_of(catalogue.ledger, CARL), text)) == expected


def test_searching_keeps_recent_work_first(catalogue):
    log(catalogue.ledger, CARL, "WEB/General", FRIDAY, "07:00", "08:00")

    assert labels(matching(choices_of(catalogue.ledger, CARL), "general")) == ["WEB/General", "APP/General"]
