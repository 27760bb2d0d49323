"""Hourly billing rates and which one prices a piece of work.

Rates are effective-dated: a change adds a new Rate with a later `effective_from` instead of editing
the old one, so work already done keeps the rate that applied on its date.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from uuid import UUID

from moneyed import Money

from app.domain import money
from app.domain.errors import Checks
from app.domain.record import Record
from app.domain.text import clean_money, collect, parse_choice


class RateLevel(StrEnum):
    """Where a rate is set. Declared from most to least specific: the first level with a rate wins."""

    ASSIGNMENT = "assignment"
    TASK = "task"
    PROJECT = "project"
    CLIENT = "client"
    ORGANISATION = "organisation"


@dataclass(kw_only=True, eq=False)
class Rate(Record):
    level: RateLevel
    subject_id: UUID  # the assignment, task, project, client or organisation the rate is set on
    amount: Money  # per hour
    effective_from: date | None = None  # None: has always applied


@dataclass(frozen=True)
class ResolvedRate:
    """The hourly rate that prices some work, and the level it came from (shown and snapshotted)."""

    amount: Money
    level: RateLevel


def new_rate(
    *,
    org_id: UUID,
    level: RateLevel | str,
    subject_id: UUID,
    amount: Money | str,
    currency: str,
    effective_from: date | None = None,
) -> Rate:
    """A validated rate of zero or more per hour in `currency`, the currency of what it prices
    (the client's, or for an organisation default the currency it is a default for)."""
    checks = Checks()
    rate = Rate(
        org_id=org_id,
        level=collect(checks, parse_choice, RateLevel, level, "level"),
        subject_id=subject_id,
        amount=collect(
            checks,
            clean_money,
            amount,
            "amount",
            currency=currency,
            currency_of="the currency of the work it prices",
        ),
        effective_from=effective_from,
    )
    checks.raise_if_any()
    return rate


def _applies_from(rate: Rate) -> date:
    return rate.effective_from or date.min


def _rate_on(rates: Sequence[Rate], on: date, currency: str) -> Rate | None:
    """The rate in `currency` with the latest start on or before `on`.

    Two rates starting the same day should not coexist (services replace instead); if they do, the one
    with the larger id wins, which for UUIDv7 ids is the later-created one to the millisecond.
    """
    applicable = [rate for rate in rates if rate.amount.currency.code == currency and _applies_from(rate) <= on]
    return max(applicable, key=lambda rate: (_applies_from(rate), rate.id), default=None)


def resolve_rate(candidates: Mapping[RateLevel, Sequence[Rate]], on: date, currency: str) -> ResolvedRate | None:
    """The hourly rate for work done `on` a day and billed in `currency`, or None when no level has one.

    Levels are tried from assignment to organisation. Rates in another currency are ignored, so an
    organisation default in EUR never prices a USD client's time. A zero rate is a rate (work done free).
    """
    currency = money.currency_code(currency)
    for level in RateLevel:
        rate = _rate_on(candidates.get(level, ()), on, currency)
        if rate is not None:
            return ResolvedRate(amount=rate.amount, level=level)
    return None
