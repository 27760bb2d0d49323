"""The organisation's settings: read by everyone, changed by admins only, through the domain's checks."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from helpers import FRIDAY, acting, raw_rows
from moneyed import Money

from app.domain.duration import Duration, RoundingMode
from app.domain.errors import RuleViolation
from app.services import organisation, people

CARL = "carl@acme.example"
MIA = "mia@acme.example"


def settings_as_typed(**changes: Any) -> dict[str, Any]:
    typed = dict(
        name="Acme",
        time_zone="Europe/Berlin",
        week_start=0,
        productive_day="6:00",
        billing_increment="0:15",
        rounding="up",
        minimum_entry="0:15",
        approval_required=True,
        default_rate="90",
    )
    return typed | changes


def stored(path: Path) -> list[tuple[Any, ...]]:
    return raw_rows(path, "SELECT * FROM organisations") + raw_rows(path, "SELECT * FROM rates ORDER BY id")


def update(ledger, email: str | None = None, **changes: Any):  # type: ignore[no-untyped-def]
    with acting(ledger, email) as (uow, actor):
        org = organisation.update_settings(uow, actor, **settings_as_typed(**changes))
        uow.commit()
    return org


def read(ledger, email: str | None = None) -> organisation.OrganisationSettings:  # type: ignore[no-untyped-def]
    with acting(ledger, email, read=True) as (uow, actor):
        return organisation.read_settings(uow, actor)


def test_everyone_reads_the_settings_but_only_admins_may_change_them(team) -> None:  # type: ignore[no-untyped-def]
    admin_view, consultant_view = read(team.ledger), read(team.ledger, CARL)

    assert (admin_view.organisation.name, admin_view.organisation.time_zone) == ("Acme", "Europe/Berlin")
    assert admin_view.default_rate.today == Money("90", "EUR")
    assert admin_view.read_only == ""
    assert consultant_view.read_only == "Only admins can change the organisation's settings; you are a consultant."


def test_changed_settings_are_kept(team) -> None:  # type: ignore[no-untyped-def]
    update(
        team.ledger,
        name=" Acme Consulting ",
        time_zone="america/new_york",
        week_start=6,
        productive_day="7:30",
        billing_increment="6m",
        rounding="Nearest",
        minimum_entry="0",
        approval_required=False,
    )

    org = read(team.ledger).organisation
    assert (org.name, org.time_zone, org.week_start, org.approval_required) == (
        "Acme Consulting",
        "America/New_York",
        6,
        False,
    )
    assert (org.productive_day, org.billing_increment, org.rounding, org.minimum_entry) == (
        Duration.of(hours=7, minutes=30),
        Duration.of(minutes=6),
        RoundingMode.NEAREST,
        Duration.ZERO,
    )
    assert org.base_currency == "EUR"


def test_bad_settings_report_every_field_and_change_nothing(team, db_path: Path) -> None:  # type: ignore[no-untyped-def]
    before = stored(db_path)

    with pytest.raises(RuleViolation) as refused:
        update(
            team.ledger,
            name="",
            time_zone="Mars/Olympus",
            week_start=7,
            productive_day="0:30",
            billing_increment="often",
            rounding="sideways",
            minimum_entry="25:00",
            default_rate="-5",
            rate_from="2026-02-30",
        )

    assert {p.field for p in refused.value.problems} == {
        "name",
        "time_zone",
        "week_start",
        "productive_day",
        "billing_increment",
        "rounding",
        "minimum_entry",
        "rate",
        "rate_from",
    }
    assert stored(db_path) == before


def test_a_new_default_rate_starts_on_its_date_and_the_old_one_stays(team) -> None:  # type: ignore[no-untyped-def]
    update(team.ledger, default_rate="95.50", rate_from="2026-12-01")

    rates = read(team.ledger).default_rate
    assert [(r.amount, r.effective_from) for r in rates.rates] == [
        (Money("90", "EUR"), None),
        (Money("95.50", "EUR"), FRIDAY.replace(month=12, day=1)),
    ]
    assert rates.today == Money("90", "EUR")


@pytest.mark.parametrize("role", ["consultant", "manager"])
def test_only_admins_change_the_settings(team, db_path: Path, role: str) -> None:  # type: ignore[no-untyped-def]
    with acting(team.ledger) as (uow, admin):
        people.add_user(uow, admin, name="Mia", email=MIA, role=role)
        uow.commit()
    before = stored(db_path)

    with pytest.raises(RuleViolation) as refused:
        update(team.ledger, MIA, name="Mia's firm")

    assert str(refused.value) == f"Only admins can change the organisation's settings; you are a {role}."
    assert stored(db_path) == before
