"""Local days and weeks: week numbers, organisation week starts, DST-safe day bounds and local times."""

from datetime import UTC, date, datetime, time, timedelta, timezone

import pytest

from app.domain.calendar import (
    Week,
    at_local,
    day_bounds,
    local_date,
    local_label,
    parse_clock_time,
    parse_date,
    parse_week,
    span,
    zone_info,
)
from app.domain.duration import Duration
from app.domain.errors import RuleViolation

BERLIN = "Europe/Berlin"


def utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2026-W47", Week(2026, 47)),
        ("2026W47", Week(2026, 47)),
        (" 2026-w7 ", Week(2026, 7)),
        ("2026-W53", Week(2026, 53)),  # 2026 starts on a Thursday, so it has 53 weeks
        ("2020-W53", Week(2020, 53)),  # leap year starting on a Wednesday
    ],
)
def test_parse_week_reads_iso_week_text(text, expected):
    assert parse_week(text) == expected


@pytest.mark.parametrize(
    ("text", "code", "says"),
    [
        ("2026-47", "invalid_week", "write it like 2026-W47"),
        ("W47", "invalid_week", "write it like 2026-W47"),
        ("2026-W٤٧", "invalid_week", "write it like 2026-W47"),  # Arabic-Indic digits
        ("", "invalid_week", "write it like 2026-W47"),
        ("2026-W54", "week_out_of_range", "2026 has weeks 1 to 53; there is no week 54."),
        ("2025-W53", "week_out_of_range", "2025 has weeks 1 to 52; there is no week 53."),
        ("2026-W00", "week_out_of_range", "there is no week 0"),
        ("0026-W10", "year_out_of_range", "outside the years"),
    ],
)
def test_parse_week_refuses_bad_text_with_a_sentence(text, code, says):
    with pytest.raises(RuleViolation) as caught:
        parse_week(text)
    assert caught.value.code == code
    assert says in str(caught.value)
    assert caught.value.problems[0].field == "week"


def test_week_prints_as_iso_text_with_two_digit_number():
    assert str(Week(2026, 7)) == "2026-W07"
    assert str(parse_week("2026-W47")) == "2026-W47"


@pytest.mark.parametrize(
    ("week_start", "first", "last"),
    [
        (0, date(2026, 11, 16), date(2026, 11, 22)),  # Monday .. Sunday
        (6, date(2026, 11, 15), date(2026, 11, 21)),  # Sunday before the ISO Monday .. Saturday
        (5, date(2026, 11, 14), date(2026, 11, 20)),  # Saturday .. Friday
    ],
)
def test_week_days_start_on_the_organisation_week_start(week_start, first, last):
    days = Week(2026, 47).days(week_start)
    assert days == tuple(first + timedelta(days=n) for n in range(7))
    assert (days[0], days[-1]) == (first, last)
    assert days[0].weekday() == week_start


@pytest.mark.parametrize(
    ("day", "week_start", "expected"),
    [
        (date(2026, 11, 20), 0, Week(2026, 47)),
        (date(2026, 11, 22), 0, Week(2026, 47)),  # Sunday ends a Monday week
        (date(2026, 11, 22), 6, Week(2026, 48)),  # ...but starts a Sunday week
        (date(2026, 11, 15), 6, Week(2026, 47)),
        (date(2025, 12, 28), 0, Week(2025, 52)),
        (date(2025, 12, 28), 6, Week(2026, 1)),  # the Sunday week crosses the new year
        (date(2027, 1, 1), 0, Week(2026, 53)),
        (date(2027, 1, 3), 6, Week(2027, 1)),
    ],
)
def test_week_containing_a_day_depends_on_the_week_start(day, week_start, expected):
    week = Week.containing(day, week_start)
    assert week == expected
    assert day in week.days(week_start)


@pytest.mark.parametrize("week_start", range(7))
def test_every_day_of_a_week_lies_in_that_week(week_start):
    week = Week(2026, 1)
    assert {Week.containing(day, week_start) for day in week.days(week_start)} == {week}


@pytest.mark.parametrize("week_start", [-1, 7])
def test_week_start_outside_monday_to_sunday_is_a_programming_error(week_start):
    with pytest.raises(ValueError):
        Week(2026, 1).days(week_start)


@pytest.mark.parametrize(
    ("week", "weeks", "expected"),
    [
        (Week(2026, 47), 1, Week(2026, 48)),
        (Week(2026, 53), 1, Week(2027, 1)),
        (Week(2026, 1), -1, Week(2025, 52)),
        (Week(2026, 47), 0, Week(2026, 47)),
    ],
)
def test_shifting_a_week_crosses_year_ends(week, weeks, expected):
    assert week.shifted(weeks) == expected


def test_week_constructor_refuses_week_53_in_a_52_week_year():
    with pytest.raises(RuleViolation, match="2027 has weeks 1 to 52"):
        Week(2027, 53)


def test_parse_date_reads_iso_dates():
    assert parse_date(" 2026-11-20 ") == date(2026, 11, 20)


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ("20-11-2026", "'20-11-2026' is not a date; write it like 2026-11-20."),
        ("20261120", "is not a date; write it like 2026-11-20."),
        ("2026-02-30", "'2026-02-30' is not a day in the calendar."),
        ("2026-13-01", "'2026-13-01' is not a day in the calendar."),
        ("0226-11-20", "lies outside the years"),
        ("tomorrow", "write it like 2026-11-20"),
    ],
)
def test_parse_date_refuses_what_is_not_a_date(text, says):
    with pytest.raises(RuleViolation) as caught:
        parse_date(text, field="work_date")
    assert says in str(caught.value)
    assert caught.value.problems[0].field == "work_date"


@pytest.mark.parametrize(
    ("text", "expected"),
    [("09:30", time(9, 30)), ("9:05", time(9, 5)), ("00:00", time(0, 0)), ("23:59", time(23, 59))],
)
def test_parse_clock_time_reads_24_hour_times(text, expected):
    assert parse_clock_time(text) == expected


@pytest.mark.parametrize("text", ["24:00", "09:60", "9.30", "930", "", "9:5", "-1:00"])
def test_parse_clock_time_refuses_what_is_not_a_time_of_day(text):
    with pytest.raises(RuleViolation, match="write it like 09:30"):
        parse_clock_time(text)


@pytest.mark.parametrize(
    ("instant", "tz", "expected"),
    [
        (utc(2026, 11, 20, 22, 59), BERLIN, date(2026, 11, 20)),
        (utc(2026, 11, 20, 23, 0), BERLIN, date(2026, 11, 21)),  # midnight in Berlin (UTC+1)
        (utc(2026, 7, 20, 22, 0), BERLIN, date(2026, 7, 21)),  # midnight in summer (UTC+2)
        (utc(2026, 11, 20, 4, 0), "America/New_York", date(2026, 11, 19)),
        (datetime(2026, 11, 21, 0, 30, tzinfo=timezone(timedelta(hours=1))), "UTC", date(2026, 11, 20)),
    ],
)
def test_local_date_is_the_day_in_the_given_zone(instant, tz, expected):
    assert local_date(instant, tz) == expected


def test_naive_datetimes_are_refused_as_programming_errors():
    with pytest.raises(ValueError, match="timezone-aware"):
        local_date(datetime(2026, 11, 20, 9, 0), BERLIN)


@pytest.mark.parametrize("name", ["Mars/Olympus", "", "../../etc/passwd"])
def test_unknown_time_zone_is_refused_with_a_sentence(name):
    with pytest.raises(RuleViolation) as caught:
        zone_info(name)
    assert caught.value.code == "unknown_time_zone"
    assert "is not a known time zone" in str(caught.value)


@pytest.mark.parametrize(
    ("day", "tz", "start", "hours"),
    [
        (date(2026, 11, 20), BERLIN, utc(2026, 11, 19, 23, 0), 24),
        (date(2026, 3, 29), BERLIN, utc(2026, 3, 28, 23, 0), 23),  # spring forward
        (date(2026, 10, 25), BERLIN, utc(2026, 10, 24, 22, 0), 25),  # fall back
        (date(2026, 3, 30), BERLIN, utc(2026, 3, 29, 22, 0), 24),
        (date(2026, 11, 20), "UTC", utc(2026, 11, 20), 24),
        # Chile moves its clocks at midnight: 6 September 2026 begins at 01:00 local time.
        (date(2026, 9, 6), "America/Santiago", utc(2026, 9, 6, 4, 0), 23),
    ],
)
def test_day_bounds_span_the_local_day_across_dst(day, tz, start, hours):
    begin, end = day_bounds(day, tz)
    assert begin == start
    assert end - begin == timedelta(hours=hours)
    assert begin.tzinfo is UTC and end.tzinfo is UTC
    assert local_date(begin, tz) == day
    assert local_date(end - timedelta(microseconds=1), tz) == day


def test_consecutive_day_bounds_leave_no_gap():
    assert day_bounds(date(2026, 3, 28), BERLIN)[1] == day_bounds(date(2026, 3, 29), BERLIN)[0]


@pytest.mark.parametrize(
    ("day", "clock", "expected"),
    [
        (date(2026, 11, 20), time(9, 30), utc(2026, 11, 20, 8, 30)),
        (date(2026, 7, 20), time(9, 30), utc(2026, 7, 20, 7, 30)),
        (date(2026, 3, 29), time(1, 59), utc(2026, 3, 29, 0, 59)),
        (date(2026, 3, 29), time(3, 0), utc(2026, 3, 29, 1, 0)),
        # 02:30 happens twice on 25 October; the first (summer time) one is taken.
        (date(2026, 10, 25), time(2, 30), utc(2026, 10, 25, 0, 30)),
        (date(2026, 10, 25), time(3, 0), utc(2026, 10, 25, 2, 0)),
    ],
)
def test_at_local_turns_berlin_wall_clock_into_utc(day, clock, expected):
    assert at_local(day, clock, BERLIN) == expected


@pytest.mark.parametrize("clock", [time(2, 0), time(2, 30), time(2, 59)])
def test_at_local_refuses_times_skipped_when_clocks_spring_forward(clock):
    with pytest.raises(RuleViolation) as caught:
        at_local(date(2026, 3, 29), clock, BERLIN)
    assert caught.value.code == "nonexistent_local_time"
    assert f"{clock:%H:%M} on 2026-03-29 does not exist in Europe/Berlin" in str(caught.value)
    assert f"did you mean 03:{clock.minute:02d}?" in str(caught.value)


@pytest.mark.parametrize(
    ("instant", "same_day_as", "expected"),
    [
        (utc(2026, 11, 20, 7, 58), date(2026, 11, 20), "08:58"),
        (utc(2026, 11, 20, 7, 58), date(2026, 11, 21), "2026-11-20 08:58"),
        (utc(2026, 11, 20, 7, 58), None, "2026-11-20 08:58"),
    ],
)
def test_local_label_shows_the_date_only_when_it_is_another_day(instant, same_day_as, expected):
    assert local_label(instant, BERLIN, same_day_as) == expected


@pytest.mark.parametrize(
    ("start", "end", "expected"),
    [
        (utc(2026, 11, 20, 9), utc(2026, 11, 20, 10, 30), Duration.of(hours=1, minutes=30)),
        (utc(2026, 11, 20, 9), utc(2026, 11, 20, 9, 0, 0) + timedelta(microseconds=999_999), Duration.ZERO),
        (utc(2026, 11, 20, 10), utc(2026, 11, 20, 9), Duration.of(hours=-1)),
    ],
)
def test_span_counts_whole_seconds(start, end, expected):
    assert span(start, end) == expected
