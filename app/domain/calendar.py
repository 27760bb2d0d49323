"""Local days and weeks: turning UTC instants into a user's calendar and back.

Instants are timezone-aware UTC datetimes; days are local to an IANA time zone, so a day
lasts 23, 24 or 25 hours. Organisation weeks are ISO weeks shifted to start on the
organisation's first weekday (0=Monday..6=Sunday) on or before the ISO Monday.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from app.domain.duration import Duration
from app.domain.errors import refuse

# Dates outside this range are typing slips ("0226", "20266"); the margin also keeps
# week arithmetic clear of date.min and date.max.
FIRST_YEAR = 1900
LAST_YEAR = 9998

TimeZoneLike = str | ZoneInfo

_WEEK = re.compile(r"(\d{4})-?W(\d{1,2})", re.IGNORECASE | re.ASCII)
_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})", re.ASCII)
_CLOCK = re.compile(r"(\d{1,2}):(\d{2})", re.ASCII)


def zone_info(tz: TimeZoneLike) -> ZoneInfo:
    """The zone for an IANA name such as "Europe/Berlin"; refuses names the zone database lacks."""
    if isinstance(tz, ZoneInfo):
        return tz
    try:
        return ZoneInfo(tz.strip())
    except (ZoneInfoNotFoundError, ValueError):
        raise refuse(
            "unknown_time_zone",
            f"'{tz}' is not a known time zone; use a name like Europe/Berlin.",
            "time_zone",
        ) from None


def as_utc(instant: datetime) -> datetime:
    """The same instant in UTC; a naive datetime is a programming error, not user input."""
    if instant.tzinfo is None or instant.utcoffset() is None:
        raise ValueError(f"expected a timezone-aware datetime, got {instant!r}")
    return instant.astimezone(UTC)


def span(start: datetime, end: datetime) -> Duration:
    """Whole seconds from start to end (negative spans are the caller's to refuse)."""
    return Duration.of(seconds=(as_utc(end) - as_utc(start)) // timedelta(seconds=1))


def _check_week_start(week_start: int) -> None:
    if week_start not in range(7):
        raise ValueError(f"week_start must be 0 (Monday) to 6 (Sunday), got {week_start!r}")


def _check_year(year: int, text: str, field: str) -> None:
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise refuse("year_out_of_range", f"'{text}' lies outside the years {FIRST_YEAR} to {LAST_YEAR}.", field)


def weeks_in_year(year: int) -> int:
    """52 or 53: 28 December always falls in the last ISO week of its year."""
    return date(year, 12, 28).isocalendar().week


@dataclass(frozen=True, order=True)
class Week:
    """An ISO week number; which seven days it covers depends on the organisation's week start."""

    year: int
    number: int

    def __post_init__(self) -> None:
        _check_year(self.year, str(self.year), "week")
        last = weeks_in_year(self.year)
        if not 1 <= self.number <= last:
            raise refuse(
                "week_out_of_range",
                f"{self.year} has weeks 1 to {last}; there is no week {self.number}.",
                "week",
            )

    @classmethod
    def containing(cls, day: date, week_start: int = 0) -> Week:
        _check_week_start(week_start)
        first_day = day - timedelta(days=(day.weekday() - week_start) % 7)
        iso = (first_day + timedelta(days=_lead(week_start))).isocalendar()
        return cls(iso.year, iso.week)

    def days(self, week_start: int = 0) -> tuple[date, ...]:
        _check_week_start(week_start)
        first_day = date.fromisocalendar(self.year, self.number, 1) - timedelta(days=_lead(week_start))
        return tuple(first_day + timedelta(days=offset) for offset in range(7))

    def shifted(self, weeks: int) -> Week:
        """The week `weeks` later (or earlier when negative), for paging through timesheets."""
        monday = date.fromisocalendar(self.year, self.number, 1) + timedelta(weeks=weeks)
        iso = monday.isocalendar()
        return Week(iso.year, iso.week)

    def __str__(self) -> str:
        return f"{self.year}-W{self.number:02d}"


def _lead(week_start: int) -> int:
    """How many days an organisation week starts before the ISO Monday."""
    return (7 - week_start) % 7


def parse_week(text: str, *, field: str = "week") -> Week:
    """Read "2026-W47" (also "2026W47", "2026-w7"); the Week itself refuses week 53 of a 52-week year."""
    match = _WEEK.fullmatch(text.strip())
    if match is None:
        raise refuse("invalid_week", f"'{text}' is not a week; write it like 2026-W47.", field)
    return Week(int(match[1]), int(match[2]))


def parse_date(text: str, *, field: str = "date") -> date:
    """Read "2026-11-20" strictly, so "20-11-2026" or "2026-02-30" get a sentence, not a guess."""
    match = _DATE.fullmatch(text.strip())
    if match is None:
        raise refuse("invalid_date", f"'{text}' is not a date; write it like 2026-11-20.", field)
    _check_year(int(match[1]), text, field)
    try:
        return date(int(match[1]), int(match[2]), int(match[3]))
    except ValueError:
        raise refuse("invalid_date", f"'{text}' is not a day in the calendar.", field) from None


def parse_clock_time(text: str, *, field: str = "time") -> time:
    """Read a time of day such as "09:30" or "9:30" (24-hour clock)."""
    match = _CLOCK.fullmatch(text.strip())
    if match is None or int(match[1]) > 23 or int(match[2]) > 59:
        raise refuse("invalid_time", f"'{text}' is not a time of day; write it like 09:30.", field)
    return time(int(match[1]), int(match[2]))


def local_date(instant: datetime, tz: TimeZoneLike) -> date:
    """The calendar day on which `instant` falls in zone `tz`."""
    return as_utc(instant).astimezone(zone_info(tz)).date()


def local_label(instant: datetime, tz: TimeZoneLike, same_day_as: date | None = None) -> str:
    """The local time for messages ("09:30"), with the date ("2026-11-19 09:30") unless on `same_day_as`."""
    local = as_utc(instant).astimezone(zone_info(tz))
    if local.date() == same_day_as:
        return f"{local:%H:%M}"
    return f"{local:%Y-%m-%d %H:%M}"


def _start_of(day: date, zone: ZoneInfo) -> datetime:
    # Where midnight falls into a spring-forward gap, fold=0 resolves it to the very
    # instant the clocks jump, which is exactly when that day begins.
    return datetime.combine(day, time(0), tzinfo=zone).astimezone(UTC)


def day_bounds(day: date, tz: TimeZoneLike) -> tuple[datetime, datetime]:
    """The half-open UTC interval [start, end) of a local day; 23 or 25 hours long on DST days."""
    zone = zone_info(tz)
    return _start_of(day, zone), _start_of(day + timedelta(days=1), zone)


def at_local(day: date, clock_time: time, tz: TimeZoneLike) -> datetime:
    """The UTC instant of a local wall-clock time; the first one when clocks fall back."""
    zone = zone_info(tz)
    wall = datetime.combine(day, clock_time)
    instant = wall.replace(tzinfo=zone, fold=0).astimezone(UTC)
    seen = instant.astimezone(zone)
    if seen.replace(tzinfo=None) != wall:
        raise refuse(
            "nonexistent_local_time",
            f"{wall:%H:%M} on {day.isoformat()} does not exist in {zone.key} because the clocks "
            f"jump forward; did you mean {seen:%H:%M}?",
            "time",
        )
    return instant
