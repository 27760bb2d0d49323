"""Which rate prices an entry: the most specific level wins, and rates are effective-dated."""

from __future__ import annotations

from datetime import date

import pytest
from helpers import FRIDAY, THURSDAY, acting, entries_of
from moneyed import Money

from app.domain.rates import RateLevel
from app.services import clients, projects, rating, task_log

CARL = "carl@acme.example"
# Acme's organisation default is 90 EUR (the `team` fixture); the other levels are set here.
AMOUNTS = {
    RateLevel.ASSIGNMENT: "200",
    RateLevel.TASK: "170",
    RateLevel.PROJECT: "150",
    RateLevel.CLIENT: "130",
    RateLevel.ORGANISATION: "90",
}
SPECIFIC_FIRST = list(RateLevel)


def log(ledger, reference: str, day: date = FRIDAY, hours: str = "1"):  # type: ignore[no-untyped-def]
    with acting(ledger, CARL) as (uow, carl):
        entry = task_log.log_entry(uow, carl, reference, day=day, hours=hours)
        uow.commit()
    return entry


def rate_on(ledger, reference: str, day: date) -> Money | None:  # type: ignore[no-untyped-def]
    with acting(ledger, CARL, read=True) as (uow, carl):
        project, task = projects.find_work(uow, carl.org, reference)
        resolved = rating.rate_for_work(uow, carl.org, carl.user.id, project, task, day)
    return None if resolved is None else resolved.amount


@pytest.mark.parametrize("winner", SPECIFIC_FIRST)
def test_most_specific_rate_set_prices_the_entry(team, winner: RateLevel) -> None:  # type: ignore[no-untyped-def]
    levels = set(SPECIFIC_FIRST[SPECIFIC_FIRST.index(winner) :])  # the winner and every broader level

    def rate(level: RateLevel) -> str | None:
        return AMOUNTS[level] if level in levels else None

    with acting(team.ledger) as (uow, admin):
        clients.add_client(uow, admin, name="Initech", email="ap@initech.example", rate=rate(RateLevel.CLIENT))
        projects.add_project(
            uow, admin, client="Initech", name="Intranet", code="INI", status="active", rate=rate(RateLevel.PROJECT)
        )
        projects.add_task(uow, admin, "INI", "Build", rate=rate(RateLevel.TASK))
        projects.assign(uow, admin, CARL, "INI", rate=rate(RateLevel.ASSIGNMENT))
        uow.commit()

    log(team.ledger, "INI/Build")

    [view] = entries_of(team.ledger, CARL)
    assert (view.entry.rate, view.entry.rate_source) == (Money(AMOUNTS[winner], "EUR"), winner)


def test_new_client_rate_from_a_later_date_leaves_earlier_work_alone(team) -> None:  # type: ignore[no-untyped-def]
    log(team.ledger, "WEB", day=FRIDAY)
    with acting(team.ledger) as (uow, admin):
        globex = clients.find_client(uow, admin.org, "Globex")
        rating.set_rate(uow, admin.org.id, RateLevel.CLIENT, globex.id, Money("150", "EUR"), date(2026, 12, 1))
        uow.commit()

    [view] = entries_of(team.ledger, CARL)
    assert view.entry.rate == Money("120", "EUR")
    assert rate_on(team.ledger, "WEB", FRIDAY) == Money("120", "EUR")
    assert rate_on(team.ledger, "WEB", date(2026, 11, 30)) == Money("120", "EUR")
    assert rate_on(team.ledger, "WEB", date(2026, 12, 1)) == Money("150", "EUR")

    log(team.ledger, "WEB", day=date(2026, 12, 2))
    later = entries_of(team.ledger, CARL, date(2026, 12, 2), date(2026, 12, 2))
    assert [v.entry.rate for v in later] == [Money("150", "EUR")]


def test_assignment_rate_applies_only_from_its_start(team) -> None:  # type: ignore[no-untyped-def]
    with acting(team.ledger) as (uow, admin):
        projects.assign(uow, admin, CARL, "WEB", rate="200", valid_from=FRIDAY)
        uow.commit()

    log(team.ledger, "WEB", day=THURSDAY)
    log(team.ledger, "WEB", day=FRIDAY)

    priced = [(v.entry.work_date, v.entry.rate, v.entry.rate_source) for v in entries_of(team.ledger, CARL)]
    assert priced == [
        (THURSDAY, Money("120", "EUR"), RateLevel.CLIENT),
        (FRIDAY, Money("200", "EUR"), RateLevel.ASSIGNMENT),
    ]


def test_rate_in_another_currency_never_prices_a_clients_time(team) -> None:  # type: ignore[no-untyped-def]
    with acting(team.ledger) as (uow, admin):
        clients.add_client(uow, admin, name="Hooli", email="ap@hooli.example", currency="USD")
        projects.add_project(uow, admin, client="Hooli", name="App", code="HOO", status="active")
        projects.assign(uow, admin, CARL, "HOO")
        uow.commit()

    log(team.ledger, "HOO")

    [view] = entries_of(team.ledger, CARL)
    assert (view.entry.rate, view.entry.rate_source) == (None, None)
