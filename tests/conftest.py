"""Fixtures shared by the whole suite: a fixed clock, a real SQLite ledger, a small organisation."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import pytest

from app.domain.clock import FixedClock
from app.ledger import Ledger, open_ledger
from app.services import clients, people, projects, setup
from app.services.identity import Actor, current_actor

# Friday 20 November 2026, 09:00 in Berlin.
FRIDAY_MORNING = datetime(2026, 11, 20, 8, 0, tzinfo=UTC)


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(FRIDAY_MORNING)


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "timeledger.db"


@pytest.fixture
def ledger(db_path: Path, clock: FixedClock):  # type: ignore[no-untyped-def]
    opened = open_ledger(db_path, clock)
    yield opened
    opened.close()


@dataclass
class Team:
    """Acme (EUR, Europe/Berlin): Ada the admin, Carl a consultant (both on it), client Globex, active project WEB."""

    ledger: Ledger
    admin_email: str = "ada@acme.example"
    consultant_email: str = "carl@acme.example"
    project_code: str = "WEB"

    def actor(self, uow, email: str | None = None) -> Actor:  # type: ignore[no-untyped-def]
        return current_actor(uow, email)


@pytest.fixture
def team(ledger: Ledger) -> Team:
    with ledger.work() as uow:
        setup.init_organisation(
            uow,
            org_name="Acme",
            currency="EUR",
            user_name="Ada Admin",
            email="ada@acme.example",
            time_zone="Europe/Berlin",
            default_rate="90",
        )
        admin = current_actor(uow)
        people.add_user(uow, admin, name="Carl Consultant", email="carl@acme.example", team="blue")
        clients.add_client(uow, admin, name="Globex", email="ap@globex.example", rate="120")
        projects.add_project(uow, admin, client="Globex", name="Website", code="WEB", status="active")
        projects.assign(uow, admin, "carl@acme.example", "WEB")
        projects.assign(uow, admin, "ada@acme.example", "WEB")  # billable time needs an assignment, an admin's too
        uow.commit()
    return Team(ledger)
