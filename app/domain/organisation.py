"""The organisation: the firm whose time is tracked, with its currency, calendar and rounding policy."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

from app.domain import money
from app.domain.duration import Duration, RoundingMode
from app.domain.errors import Checks, refuse
from app.domain.ids import new_id
from app.domain.record import Record
from app.domain.text import clean_duration, clean_name, collect, echo, parse_choice

DAY = Duration.of(hours=24)
PRODUCTIVE_DAY_MIN = Duration.of(hours=1)
DEFAULT_PRODUCTIVE_DAY = Duration.of(hours=6)
QUARTER_HOUR = Duration.of(minutes=15)


@dataclass(kw_only=True, eq=False)
class Organisation(Record):
    """org_id == id: the organisation is its own tenant."""

    name: str
    base_currency: str
    time_zone: str = "UTC"
    week_start: int = 0  # 0 = Monday .. 6 = Sunday, like date.weekday()
    productive_day: Duration = DEFAULT_PRODUCTIVE_DAY
    billing_increment: Duration = QUARTER_HOUR
    rounding: RoundingMode = RoundingMode.UP
    minimum_entry: Duration = QUARTER_HOUR
    approval_required: bool = True
    lock_date: date | None = None  # no billable time may be logged on or before this day
    budget_warning_percent: int = 80  # warn when a project's budget is this far spent
    notes_required: bool = False  # billable entries need a note before their week is submitted


@cache
def _zone_names() -> dict[str, str]:
    """Canonical IANA spellings by case-folded name, so "europe/berlin" is stored as "Europe/Berlin"."""
    return {name.casefold(): name for name in available_timezones()}


def clean_time_zone(value: str, field: str = "time_zone") -> str:
    """An IANA time zone name in its canonical spelling."""
    key = value.strip()
    name = _zone_names().get(key.casefold(), key)
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, OSError):
        raise refuse(
            "unknown_time_zone",
            f"'{echo(key)}' is not a known time zone; use a name such as Europe/Berlin or America/New_York.",
            field,
        ) from None
    return name


def clean_week_start(value: int, field: str = "week_start") -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= 6:
        raise refuse("out_of_range", "The week must start on a day from 0 (Monday) to 6 (Sunday).", field)
    return value


def new_organisation(
    *,
    name: str,
    base_currency: str,
    time_zone: str = "UTC",
    week_start: int = 0,
    productive_day: Duration | str = DEFAULT_PRODUCTIVE_DAY,
    billing_increment: Duration | str = QUARTER_HOUR,
    rounding: RoundingMode | str = RoundingMode.UP,
    minimum_entry: Duration | str = QUARTER_HOUR,
    approval_required: bool = True,
) -> Organisation:
    """A validated new organisation; every failed check is reported at once.

    A billing increment or minimum entry of 0:00 means "no rounding" / "no minimum".
    """
    checks = Checks()
    fields = dict(
        name=collect(checks, clean_name, name, "name"),
        base_currency=collect(checks, money.currency_code, base_currency, field="base_currency"),
        time_zone=collect(checks, clean_time_zone, time_zone),
        week_start=collect(checks, clean_week_start, week_start),
        productive_day=collect(
            checks, clean_duration, productive_day, "productive_day", least=PRODUCTIVE_DAY_MIN, most=DAY
        ),
        billing_increment=collect(checks, clean_duration, billing_increment, "billing_increment", most=DAY),
        rounding=collect(checks, parse_choice, RoundingMode, rounding, "rounding"),
        minimum_entry=collect(checks, clean_duration, minimum_entry, "minimum_entry", most=DAY),
    )
    checks.raise_if_any()
    org_id = new_id()
    return Organisation(id=org_id, org_id=org_id, approval_required=approval_required, **fields)
