"""Editing clients, projects, tasks and assignments: every problem at once, nothing written on a refusal,
rate changes dated and kept as history."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest
from helpers import FRIDAY, THURSDAY, acting, entries_of, raw_rows
from moneyed import Money

from app.domain.client import ClientStatus
from app.domain.errors import NotFound, RuleViolation
from app.domain.project import ProjectStatus, TaskStatus
from app.domain.rates import RateLevel
from app.services import assignments, catalogue, clients, projects, task_log, tasks

CARL = "carl@acme.example"
CATALOGUE_TABLES = ("clients", "projects", "tasks", "assignments", "rates")


def snapshot(path: Path) -> dict[str, list[tuple[Any, ...]]]:
    """Every catalogue row as stored, versions and timestamps included."""
    return {table: raw_rows(path, f"SELECT * FROM {table} ORDER BY id") for table in CATALOGUE_TABLES}


def globex_fields(**changes: str) -> dict[str, str]:
    fields = dict(name="Globex", email="ap@globex.example", currency="EUR", terms="net:30", rate="120")
    return fields | changes


def web_fields(**changes: Any) -> dict[str, Any]:
    return dict(code="WEB", name="Website", status="active", billing="hourly") | changes


def ids(ledger) -> dict[str, Any]:  # type: ignore[no-untyped-def]
    """The team's records: the Globex client, the WEB project, its General task and Carl's assignment."""
    with acting(ledger, read=True) as (uow, admin):
        globex = clients.find_client(uow, admin.org, "Globex")
        web, general = projects.find_work(uow, admin.org, "WEB/General")
        carl = uow.users.by_email(admin.org.id, "carl@acme.example")
        [carl_on_web] = uow.assignments.of(carl.id, web.id)
    return {"client": globex.id, "project": web.id, "task": general.id, "assignment": carl_on_web.id}


def change(ledger, edit, email: str | None = None):  # type: ignore[no-untyped-def]
    with acting(ledger, email) as (uow, actor):
        result = edit(uow, actor)
        uow.commit()
    return result


def refused(ledger, edit, email: str | None = None) -> RuleViolation:  # type: ignore[no-untyped-def]
    with pytest.raises(RuleViolation) as caught:
        change(ledger, edit, email)
    return caught.value


def fields_of(refusal: RuleViolation) -> set[str | None]:
    return {problem.field for problem in refusal.problems}


def test_edited_client_details_are_kept(team) -> None:  # type: ignore[no-untyped-def]
    record = ids(team.ledger)
    change(
        team.ledger,
        lambda uow, admin: clients.update_client(
            uow,
            admin,
            record["client"],
            **globex_fields(name="Globex GmbH", email=" Billing@Globex.example", terms="eom:15"),
            billing_address="Hauptstr. 1\n10115 Berlin",
            tax_id="DE123",
            notes="Pays late",
        ),
    )

    with acting(team.ledger, read=True) as (uow, _):
        globex = uow.clients.get(record["client"])
    assert globex is not None
    assert (globex.name, globex.email, str(globex.payment_terms), globex.tax_id, globex.version) == (
        "Globex GmbH",
        "billing@globex.example",
        "eom:15",
        "DE123",
        2,
    )
    assert globex.billing_address == "Hauptstr. 1\n10115 Berlin"


def test_bad_client_edit_reports_every_field_and_writes_nothing(team, db_path: Path) -> None:  # type: ignore[no-untyped-def]
    record = ids(team.ledger)
    before = snapshot(db_path)

    refusal = refused(
        team.ledger,
        lambda uow, admin: clients.update_client(
            uow,
            admin,
            record["client"],
            **globex_fields(name=" ", email="ap@", terms="someday", rate="12x"),
            rate_from="tomorrow",
        ),
    )

    assert fields_of(refusal) == {"name", "email", "payment_terms", "rate", "rate_from"}
    assert snapshot(db_path) == before


def test_a_client_cannot_take_another_clients_email(team) -> None:  # type: ignore[no-untyped-def]
    record = ids(team.ledger)
    change(team.ledger, lambda uow, admin: clients.add_client(uow, admin, name="Initech", email="ap@initech.example"))

    refusal = refused(
        team.ledger,
        lambda uow, admin: clients.update_client(
            uow, admin, record["client"], **globex_fields(email="AP@initech.example")
        ),
    )

    assert [(p.code, p.field) for p in refusal.problems] == [("duplicate_email", "email")]


def test_currency_of_a_client_with_projects_cannot_change(team) -> None:  # type: ignore[no-untyped-def]
    record = ids(team.ledger)

    refusal = refused(
        team.ledger,
        lambda uow, admin: clients.update_client(uow, admin, record["client"], **globex_fields(currency="USD")),
    )

    assert [(p.code, p.field) for p in refusal.problems] == [("currency_in_use", "currency")]


def test_changed_client_rate_prices_work_from_its_date_and_keeps_the_old_rate(team) -> None:  # type: ignore[no-untyped-def]
    record = ids(team.ledger)
    change(
        team.ledger,
        lambda uow, admin: clients.update_client(
            uow, admin, record["client"], **globex_fields(rate="150.00"), rate_from="2026-11-20"
        ),
    )
    for day in (THURSDAY, FRIDAY):
        change(team.ledger, lambda uow, carl, day=day: task_log.log_entry(uow, carl, "WEB", day=day, hours="1"), CARL)

    priced = [(view.entry.work_date, view.entry.rate) for view in entries_of(team.ledger, CARL)]
    assert priced == [(THURSDAY, Money("120", "EUR")), (FRIDAY, Money("150", "EUR"))]
    with acting(team.ledger, read=True) as (uow, admin):
        [globex] = catalogue.catalogue(uow, admin).clients
    assert [(r.amount, r.effective_from) for r in globex.rates.rates] == [
        (Money("120", "EUR"), None),
        (Money("150", "EUR"), FRIDAY),
    ]
    assert globex.rates.today == Money("150", "EUR")


def test_a_second_rate_change_on_the_same_day_replaces_the_first(team) -> None:  # type: ignore[no-untyped-def]
    record = ids(team.ledger)
    for amount in ("150", "140"):
        change(
            team.ledger,
            lambda uow, admin, amount=amount: clients.update_client(
                uow, admin, record["client"], **globex_fields(rate=amount)
            ),
        )

    with acting(team.ledger, read=True) as (uow, admin):
        [globex] = catalogue.catalogue(uow, admin).clients
    assert [(r.amount, r.effective_from) for r in globex.rates.rates] == [
        (Money("120", "EUR"), None),
        (Money("140", "EUR"), FRIDAY),
    ]


def test_an_unchanged_rate_adds_no_rate_and_a_blank_one_is_refused(team, db_path: Path) -> None:  # type: ignore[no-untyped-def]
    record = ids(team.ledger)
    change(team.ledger, lambda uow, admin: clients.update_client(uow, admin, record["client"], **globex_fields()))
    assert raw_rows(db_path, "SELECT count(*) FROM rates WHERE level = 'client'") == [(1,)]

    refusal = refused(
        team.ledger,
        lambda uow, admin: clients.update_client(uow, admin, record["client"], **globex_fields(rate=" ")),
    )
    assert [(p.code, p.field) for p in refusal.problems] == [("rate_required", "rate")]


def test_archived_client_can_be_restored_but_not_archived_twice(team) -> None:  # type: ignore[no-untyped-def]
    record = ids(team.ledger)
    archived = change(
        team.ledger, lambda uow, admin: clients.set_client_status(uow, admin, record["client"], "archived")
    )
    assert archived.status is ClientStatus.ARCHIVED

    refusal = refused(
        team.ledger, lambda uow, admin: clients.set_client_status(uow, admin, record["client"], "archived")
    )
    assert refusal.code == "no_change"

    restored = change(team.ledger, lambda uow, admin: clients.set_client_status(uow, admin, record["client"], "active"))
    assert restored.status is ClientStatus.ACTIVE


def test_project_status_moves_only_along_its_transitions(team, db_path: Path) -> None:  # type: ignore[no-untyped-def]
    record = ids(team.ledger)
    before = snapshot(db_path)

    refusal = refused(
        team.ledger,
        lambda uow, admin: projects.update_project(uow, admin, record["project"], **web_fields(status="enquiry")),
    )
    assert [(p.code, p.field) for p in refusal.problems] == [("invalid_transition", "status")]
    assert snapshot(db_path) == before

    done = change(
        team.ledger,
        lambda uow, admin: projects.update_project(uow, admin, record["project"], **web_fields(status="completed")),
    )
    assert done.status is ProjectStatus.COMPLETED


def test_bad_project_edit_reports_every_field(team, db_path: Path) -> None:  # type: ignore[no-untyped-def]
    record = ids(team.ledger)
    change(
        team.ledger,
        lambda uow, admin: projects.add_project(uow, admin, client="Globex", name="Shop", code="SHOP"),
    )
    before = snapshot(db_path)

    refusal = refused(
        team.ledger,
        lambda uow, admin: projects.update_project(
            uow,
            admin,
            record["project"],
            **web_fields(code="shop", name="", billing="fixed", budget_hours="lots", budget_amount="10 USD"),
            requires_quote=True,
        ),
    )

    assert fields_of(refusal) == {"code", "name", "fixed_price", "budget_hours", "budget_amount", "quote_signed"}
    assert snapshot(db_path) == before


def test_edited_project_keeps_its_identity_and_gets_a_dated_rate(team) -> None:  # type: ignore[no-untyped-def]
    record = ids(team.ledger)
    change(
        team.ledger,
        lambda uow, admin: projects.update_project(
            uow,
            admin,
            record["project"],
            **web_fields(code="web-2", name="Website relaunch", billing="fixed", fixed_price="12000"),
            budget_hours="100",
            rate="135",
        ),
    )

    with acting(team.ledger, read=True) as (uow, admin):
        [web] = catalogue.catalogue(uow, admin).projects[record["client"]]
    assert (web.project.id, web.project.code, web.project.name, web.project.fixed_price) == (
        record["project"],
        "WEB-2",
        "Website relaunch",
        Money("12000", "EUR"),
    )
    assert (web.billed_at.amount, web.billed_at.level) == (Money("135", "EUR"), RateLevel.PROJECT)  # type: ignore[union-attr]


def test_project_without_its_own_rate_bills_at_the_clients(team) -> None:  # type: ignore[no-untyped-def]
    record = ids(team.ledger)
    with acting(team.ledger, read=True) as (uow, admin):
        view = catalogue.catalogue(uow, admin)
    [globex] = view.clients
    [web] = view.projects[record["client"]]
    assert globex.projects == 1
    assert web.rates.rates == ()
    assert (web.billed_at.amount, web.billed_at.level) == (Money("120", "EUR"), RateLevel.CLIENT)  # type: ignore[union-attr]


def test_task_rename_is_checked_against_its_siblings(team) -> None:  # type: ignore[no-untyped-def]
    record = ids(team.ledger)
    change(team.ledger, lambda uow, admin: projects.add_task(uow, admin, "WEB", "Design"))

    refusal = refused(
        team.ledger, lambda uow, admin: tasks.update_task(uow, admin, record["task"], name=" design ", rate="-1")
    )
    assert {(p.code, p.field) for p in refusal.problems} == {("duplicate_task", "name"), ("negative_amount", "rate")}

    renamed = change(
        team.ledger,
        lambda uow, admin: tasks.update_task(uow, admin, record["task"], name="general ", billable=False, rate="99"),
    )
    assert (renamed.name, renamed.billable) == ("general", False)
    with acting(team.ledger, read=True) as (uow, admin):
        detail = catalogue.project_detail(uow, admin, record["project"])
    assert [(t.task.name, t.rates.today) for t in detail.tasks] == [("Design", None), ("general", Money("99", "EUR"))]


def test_closed_task_can_be_reopened(team) -> None:  # type: ignore[no-untyped-def]
    record = ids(team.ledger)
    closed = change(team.ledger, lambda uow, admin: tasks.set_task_status(uow, admin, record["task"], "closed"))
    assert closed.status is TaskStatus.CLOSED

    reopened = change(team.ledger, lambda uow, admin: tasks.set_task_status(uow, admin, record["task"], "open"))
    assert reopened.status is TaskStatus.OPEN


def test_assignment_with_typed_dates_is_checked_and_listed(team, db_path: Path) -> None:  # type: ignore[no-untyped-def]
    before = snapshot(db_path)
    refusal = refused(
        team.ledger,
        lambda uow, admin: projects.assign(uow, admin, "ada@acme.example", "WEB", valid_from="20.11.2026", role=""),
    )
    assert fields_of(refusal) == {"valid_from", "role"}
    assert snapshot(db_path) == before

    change(
        team.ledger,
        lambda uow, admin: projects.assign(
            uow, admin, "ada@acme.example", "WEB", valid_from="2026-12-01", valid_to=" ", role="lead", rate="180"
        ),
    )

    with acting(team.ledger, read=True) as (uow, admin):
        web = projects.find_project(uow, admin.org, "WEB")
        detail = catalogue.project_detail(uow, admin, web.id)
    listed = [
        (a.person.email, a.assignment.role, a.assignment.valid_from, [r.amount for r in a.rates.rates])
        for a in detail.assignments
    ]
    assert listed == [
        (CARL, "consultant", None, []),
        ("ada@acme.example", "consultant", None, []),  # the team's own assignment of Ada
        ("ada@acme.example", "lead", date(2026, 12, 1), [Money("180", "EUR")]),
    ]


def test_ending_an_assignment_before_it_starts_is_refused(team) -> None:  # type: ignore[no-untyped-def]
    record = ids(team.ledger)
    change(
        team.ledger,
        lambda uow, admin: assignments.update_assignment(
            uow, admin, record["assignment"], role="Lead", valid_from="2026-11-23", valid_to="", rate="200"
        ),
    )

    refusal = refused(
        team.ledger, lambda uow, admin: assignments.end_assignment(uow, admin, record["assignment"], FRIDAY)
    )
    assert [(p.code, p.field) for p in refusal.problems] == [("invalid_period", "valid_to")]

    ended = change(
        team.ledger,
        lambda uow, admin: assignments.end_assignment(uow, admin, record["assignment"], date(2026, 11, 30)),
    )
    assert (ended.role, ended.valid_from, ended.valid_to) == ("Lead", date(2026, 11, 23), date(2026, 11, 30))

    again = refused(
        team.ledger,
        lambda uow, admin: assignments.end_assignment(uow, admin, record["assignment"], date(2026, 12, 31)),
    )
    assert [(p.code, p.field) for p in again.problems] == [("already_ended", "valid_to")]


CONSULTANT_MAY_NOT = {
    "change clients": lambda uow, actor, r: clients.update_client(uow, actor, r["client"], **globex_fields()),
    "archive or restore clients": lambda uow, actor, r: clients.set_client_status(uow, actor, r["client"], "archived"),
    "change projects": lambda uow, actor, r: projects.update_project(uow, actor, r["project"], **web_fields()),
    "change tasks": lambda uow, actor, r: tasks.update_task(uow, actor, r["task"], name="Mine"),
    "close or reopen tasks": lambda uow, actor, r: tasks.set_task_status(uow, actor, r["task"], "closed"),
    "change assignments": lambda uow, actor, r: assignments.end_assignment(uow, actor, r["assignment"], FRIDAY),
}


@pytest.mark.parametrize("doing", CONSULTANT_MAY_NOT)
def test_consultant_cannot_edit_the_catalogue(team, db_path: Path, doing: str) -> None:  # type: ignore[no-untyped-def]
    record = ids(team.ledger)
    before = snapshot(db_path)

    refusal = refused(team.ledger, lambda uow, carl: CONSULTANT_MAY_NOT[doing](uow, carl, record), CARL)

    assert str(refusal) == f"Only managers and admins can {doing}; {CARL} is a consultant."
    assert snapshot(db_path) == before


def test_consultant_sees_the_catalogue_read_only(team) -> None:  # type: ignore[no-untyped-def]
    with acting(team.ledger, CARL, read=True) as (uow, carl):
        view = catalogue.catalogue(uow, carl)
    with acting(team.ledger, read=True) as (uow, admin):
        assert catalogue.catalogue(uow, admin).read_only == ""
    assert view.read_only == "Only managers and admins can change clients and projects; you are a consultant."
    assert [c.client.name for c in view.clients] == ["Globex"]


def test_editing_a_record_deleted_meanwhile_says_so(team) -> None:  # type: ignore[no-untyped-def]
    record = ids(team.ledger)
    with acting(team.ledger) as (uow, _):
        uow.tasks.remove(uow.tasks.get(record["task"]))
        uow.commit()

    with pytest.raises(NotFound, match="This task was deleted in the meantime"):
        change(team.ledger, lambda uow, admin: tasks.update_task(uow, admin, record["task"], name="Gone"))
