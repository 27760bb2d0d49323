"""People who log time: their role (what they may do), team, cost rate and contracted hours."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from uuid import UUID

from moneyed import Money

from app.domain.duration import Duration
from app.domain.errors import Checks
from app.domain.record import Record
from app.domain.text import (
    blank_to_none,
    clean_duration,
    clean_money,
    clean_name,
    collect,
    normalise_email,
    parse_choice,
)

WEEK = Duration.of(hours=168)
FULL_TIME = Duration.of(hours=40)


class Role(StrEnum):
    CONSULTANT = "consultant"
    MANAGER = "manager"
    ADMIN = "admin"


@dataclass(kw_only=True, eq=False)
class User(Record):
    name: str
    email: str  # stored normalised (normalise_email), so services compare it directly for uniqueness
    role: Role = Role.CONSULTANT
    team: str | None = None
    cost_rate: Money | None = None  # what an hour of this person costs the firm, in the base currency
    weekly_hours: Duration = FULL_TIME
    active: bool = True


def new_user(
    *,
    org_id: UUID,
    name: str,
    email: str,
    base_currency: str,
    role: Role | str = Role.CONSULTANT,
    team: str | None = None,
    cost_rate: Money | str | None = None,
    weekly_hours: Duration | str = FULL_TIME,
    active: bool = True,
) -> User:
    """A validated new user; every failed check is reported at once.

    `base_currency` is the organisation's: a cost rate in any other currency is refused.
    Email uniqueness within the organisation is the service's check (compare normalised emails).
    """
    checks = Checks()
    cost_rate = blank_to_none(cost_rate)
    fields = dict(
        name=collect(checks, clean_name, name, "name"),
        email=collect(checks, normalise_email, email),
        role=collect(checks, parse_choice, Role, role, "role"),
        team=collect(checks, clean_name, team or "", "team", max_len=100, required=False) or None,
        cost_rate=None
        if cost_rate is None
        else collect(
            checks,
            clean_money,
            cost_rate,
            "cost_rate",
            currency=base_currency,
            currency_of="the organisation's base currency",
        ),
        weekly_hours=collect(checks, clean_duration, weekly_hours, "weekly_hours", most=WEEK),
    )
    checks.raise_if_any()
    return User(org_id=org_id, active=active, **fields)
