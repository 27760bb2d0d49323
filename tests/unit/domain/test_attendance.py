"""Attendance: clocking in and out, breaks, and present/break/net totals of local days and weeks."""

from datetime import date, datetime, timedelta

import pytest

from app.domain.attendance import (
    AttendanceBreak,
    AttendanceSession,
    DayTotals,
    clock_in,
    clock_out,
    day_totals,
    end_break,
    start_break,
    week_totals,
)
from app.domain.calendar import Week, at_local, parse_clock_time
from app.domain.duration import Duration
from app.domain.errors import RuleViolation
from app.domain.ids import new_id

BERLIN = "Europe/Berlin"
ORG, USER = new_id(), new_id()
FRIDAY = date(2026, 11, 20)


def local(day: date, clock: str) -> datetime:
    return at_local(day, parse_clock_time(clock), BERLIN)


def hm(hours: int, minutes: int = 0) -> Duration:
    return Duration.of(hours=hours, minutes=minutes)


def session(start: datetime, end: datetime | None = None) -> AttendanceSession:
    return AttendanceSession(org_id=ORG, user_id=USER, clock_in=start, clock_out=end)


def pause(of: AttendanceSession, start: datetime, end: datetime | None = None) -> AttendanceBreak:
    return AttendanceBreak(org_id=ORG, user_id=USER, session_id=of.id, started_at=start, ended_at=end)


def code_and_message(violation: RuleViolation) -> tuple[str, str]:
    return violation.code, str(violation)


# --- clocking in and out ----------------------------------------------------------------------


@pytest.mark.parametrize("previous", [None, "closed"])
def test_clocking_in_opens_a_session(previous):
    last = session(local(FRIDAY, "07:00"), local(FRIDAY, "08:00")) if previous else None
    opened = clock_in(org_id=ORG, user_id=USER, at=local(FRIDAY, "08:58"), open_session=last, tz=BERLIN)
    assert (opened.user_id, opened.clock_in, opened.clock_out) == (USER, local(FRIDAY, "08:58"), None)
    assert opened.is_open


@pytest.mark.parametrize(
    ("since", "message"),
    [
        (local(FRIDAY, "08:58"), "You are already clocked in since 08:58."),
        (local(FRIDAY - timedelta(days=1), "22:10"), "You are already clocked in since 2026-11-19 22:10."),
    ],
)
def test_clocking_in_twice_is_refused(since, message):
    with pytest.raises(RuleViolation) as caught:
        clock_in(org_id=ORG, user_id=USER, at=local(FRIDAY, "12:00"), open_session=session(since), tz=BERLIN)
    assert code_and_message(caught.value) == ("already_clocked_in", message)


def test_clocking_out_closes_the_session():
    open_session = session(local(FRIDAY, "08:58"))
    clock_out(open_session, local(FRIDAY, "17:30"), BERLIN)
    assert open_session.clock_out == local(FRIDAY, "17:30")
    assert not open_session.is_open


@pytest.mark.parametrize("current", [None, session(local(FRIDAY, "08:00"), local(FRIDAY, "12:00"))])
def test_clocking_out_without_an_open_session_is_refused(current):
    with pytest.raises(RuleViolation) as caught:
        clock_out(current, local(FRIDAY, "17:30"), BERLIN)
    assert caught.value.code == "not_clocked_in"


@pytest.mark.parametrize("at", ["08:58", "08:00"])
def test_clocking_out_must_come_after_clocking_in(at):
    open_session = session(local(FRIDAY, "08:58"))
    with pytest.raises(RuleViolation) as caught:
        clock_out(open_session, local(FRIDAY, at), BERLIN)
    assert code_and_message(caught.value) == (
        "clock_out_before_clock_in",
        "You clocked in at 08:58; clocking out must come after that.",
    )
    assert open_session.is_open


def test_clocking_out_ends_a_running_break_at_the_same_instant():
    open_session = session(local(FRIDAY, "08:58"))
    running_break = pause(open_session, local(FRIDAY, "16:45"))
    clock_out(open_session, local(FRIDAY, "17:30"), BERLIN, running_break)
    assert running_break.ended_at == open_session.clock_out == local(FRIDAY, "17:30")


def test_clocking_out_leaves_a_finished_break_alone():
    open_session = session(local(FRIDAY, "08:58"))
    lunch = pause(open_session, local(FRIDAY, "12:00"), local(FRIDAY, "12:30"))
    clock_out(open_session, local(FRIDAY, "17:30"), BERLIN, lunch)
    assert lunch.ended_at == local(FRIDAY, "12:30")


# --- breaks -----------------------------------------------------------------------------------


def test_a_break_starts_inside_the_open_session():
    open_session = session(local(FRIDAY, "08:58"))
    lunch = start_break(open_session, None, local(FRIDAY, "12:00"), BERLIN)
    assert (lunch.session_id, lunch.user_id, lunch.org_id) == (open_session.id, USER, ORG)
    assert (lunch.started_at, lunch.is_open) == (local(FRIDAY, "12:00"), True)
    end_break(lunch, local(FRIDAY, "12:30"), BERLIN)
    assert (lunch.ended_at, lunch.is_open) == (local(FRIDAY, "12:30"), False)


@pytest.mark.parametrize(
    ("current", "running", "at", "code", "message"),
    [
        (None, None, "12:00", "not_clocked_in", "You can only start a break while you are clocked in."),
        (
            session(local(FRIDAY, "08:00"), local(FRIDAY, "11:00")),
            None,
            "12:00",
            "not_clocked_in",
            "You can only start a break while you are clocked in.",
        ),
        (
            session(local(FRIDAY, "08:58")),
            "11:50",
            "12:00",
            "already_on_break",
            "You are already on a break since 11:50.",
        ),
        (
            session(local(FRIDAY, "08:58")),
            None,
            "08:30",
            "break_before_clock_in",
            "A break cannot start (08:30) before you clocked in (08:58).",
        ),
    ],
)
def test_a_break_needs_an_open_session_and_no_other_break(current, running, at, code, message):
    other = pause(current, local(FRIDAY, running)) if running else None
    with pytest.raises(RuleViolation) as caught:
        start_break(current, other, local(FRIDAY, at), BERLIN)
    assert code_and_message(caught.value) == (code, message)


@pytest.mark.parametrize(
    ("ended_at", "at", "code"),
    [
        (None, "12:30", None),
        ("12:20", "12:30", "not_on_break"),
        (None, "12:00", "break_ends_before_start"),
        (None, "11:45", "break_ends_before_start"),
    ],
)
def test_a_break_ends_only_while_running_and_after_it_started(ended_at, at, code):
    lunch = pause(session(local(FRIDAY, "08:58")), local(FRIDAY, "12:00"))
    lunch.ended_at = local(FRIDAY, ended_at) if ended_at else None
    if code is None:
        end_break(lunch, local(FRIDAY, at), BERLIN)
        assert lunch.ended_at == local(FRIDAY, at)
    else:
        with pytest.raises(RuleViolation) as caught:
            end_break(lunch, local(FRIDAY, at), BERLIN)
        assert caught.value.code == code


def test_ending_a_break_too_early_says_both_times():
    lunch = pause(session(local(FRIDAY, "08:58")), local(FRIDAY, "12:30"))
    with pytest.raises(RuleViolation, match=r"^The break ends \(12:00\) before it starts \(12:30\)\.$"):
        end_break(lunch, local(FRIDAY, "12:00"), BERLIN)


def test_ending_a_break_when_none_is_running_is_refused():
    with pytest.raises(RuleViolation) as caught:
        end_break(None, local(FRIDAY, "12:30"), BERLIN)
    assert caught.value.code == "not_on_break"


# --- day totals -------------------------------------------------------------------------------

LATE = local(date(2026, 11, 30), "12:00")  # "now" long after the examples


def totals(day: date, sessions, breaks=(), now: datetime = LATE) -> tuple[Duration, Duration, Duration]:
    result = day_totals(sessions, breaks, day, BERLIN, now)
    assert result.day == day
    return result.present, result.breaks, result.net


def test_an_ordinary_day_has_present_breaks_and_net_time():
    work = session(local(FRIDAY, "08:30"), local(FRIDAY, "17:15"))
    lunch = pause(work, local(FRIDAY, "12:00"), local(FRIDAY, "12:45"))
    assert totals(FRIDAY, [work], [lunch]) == (hm(8, 45), hm(0, 45), hm(8))


def test_several_sessions_on_a_day_add_up():
    morning = session(local(FRIDAY, "08:00"), local(FRIDAY, "12:00"))
    afternoon = session(local(FRIDAY, "13:00"), local(FRIDAY, "16:30"))
    assert totals(FRIDAY, [morning, afternoon]) == (hm(7, 30), Duration.ZERO, hm(7, 30))


@pytest.mark.parametrize(
    ("day", "present", "breaks", "net"),
    [
        (FRIDAY, hm(2), hm(0, 30), hm(1, 30)),  # 22:00 to midnight, break 23:30-00:15
        (FRIDAY + timedelta(days=1), hm(6), hm(0, 15), hm(5, 45)),  # midnight to 06:00
        (FRIDAY + timedelta(days=2), Duration.ZERO, Duration.ZERO, Duration.ZERO),
    ],
)
def test_a_night_shift_is_split_between_the_days_it_touches(day, present, breaks, net):
    night = session(local(FRIDAY, "22:00"), local(FRIDAY + timedelta(days=1), "06:00"))
    snack = pause(night, local(FRIDAY, "23:30"), local(FRIDAY + timedelta(days=1), "00:15"))
    assert totals(day, [night], [snack]) == (present, breaks, net)


@pytest.mark.parametrize(
    ("now", "present", "breaks"),
    [
        (local(FRIDAY, "11:00"), hm(2), Duration.ZERO),
        (local(FRIDAY, "12:20"), hm(3, 20), hm(0, 20)),  # the open break counts up to now
        (local(FRIDAY, "08:30"), Duration.ZERO, Duration.ZERO),  # "now" before clocking in
    ],
)
def test_open_session_and_open_break_count_up_to_now(now, present, breaks):
    work = session(local(FRIDAY, "09:00"))
    lunch = pause(work, local(FRIDAY, "12:00"))
    assert totals(FRIDAY, [work], [lunch], now) == (present, breaks, present - breaks)


def test_an_open_session_from_yesterday_counts_today_from_midnight():
    yesterday = session(local(FRIDAY - timedelta(days=1), "20:00"))
    assert totals(FRIDAY, [yesterday], now=local(FRIDAY, "02:30"))[0] == hm(2, 30)


@pytest.mark.parametrize(
    ("day", "present"),
    [
        (date(2026, 3, 29), hm(23)),  # the spring-forward day is 23 hours long
        (date(2026, 10, 25), hm(25)),  # the fall-back day is 25 hours long
    ],
)
def test_presence_across_a_whole_dst_day_counts_real_hours(day, present):
    marathon = session(local(day - timedelta(days=1), "20:00"), local(day + timedelta(days=1), "04:00"))
    assert totals(day, [marathon])[0] == present


def test_work_through_the_spring_forward_night_counts_real_hours():
    spring = date(2026, 3, 29)
    night = session(local(spring, "01:00"), local(spring, "04:00"))
    assert totals(spring, [night])[0] == hm(2)


def test_a_break_outside_its_session_does_not_make_net_time_negative():
    work = session(local(FRIDAY, "09:00"), local(FRIDAY, "10:00"))
    stray = pause(work, local(FRIDAY, "09:30"), local(FRIDAY, "11:00"))
    orphan = AttendanceBreak(
        org_id=ORG, user_id=USER, session_id=new_id(), started_at=local(FRIDAY, "09:00"), ended_at=LATE
    )
    assert totals(FRIDAY, [work], [stray, orphan]) == (hm(1), hm(0, 30), hm(0, 30))


# --- week totals ------------------------------------------------------------------------------


def office_week(days: tuple[date, ...], worked: int) -> tuple[list, list]:
    """Eight hours present with a 30-minute break on the first `worked` days."""
    sessions, breaks = [], []
    for day in days[:worked]:
        work = session(local(day, "08:30"), local(day, "16:30"))
        sessions.append(work)
        breaks.append(pause(work, local(day, "12:00"), local(day, "12:30")))
    return sessions, breaks


@pytest.mark.parametrize(
    ("worked", "overtime"),
    [
        (5, Duration.of(hours=-2, minutes=-30)),  # 37:30 net against 40:00
        (6, hm(5)),  # a Saturday on top
        (0, Duration.of(hours=-40)),
    ],
)
def test_week_totals_add_the_days_and_compare_with_the_contract(worked, overtime):
    days = Week(2026, 47).days(0)
    sessions, breaks = office_week(days, worked)
    result = week_totals(sessions, breaks, days, BERLIN, LATE, contract=hm(40))
    assert len(result.days) == 7
    assert result.days[0] == DayTotals(
        day=days[0],
        present=hm(8) if worked else Duration.ZERO,
        breaks=hm(0, 30) if worked else Duration.ZERO,
        net=hm(7, 30) if worked else Duration.ZERO,
    )
    assert result.present == hm(8 * worked)
    assert result.breaks == Duration.of(minutes=30 * worked)
    assert result.net == Duration.of(minutes=450 * worked)
    assert result.overtime == overtime


def test_a_sunday_week_counts_sunday_work_in_the_week_it_starts():
    sunday = date(2026, 11, 22)
    shift = session(local(sunday, "10:00"), local(sunday, "14:00"))
    monday_week = week_totals([shift], [], Week(2026, 47).days(0), BERLIN, LATE, contract=Duration.ZERO)
    sunday_week = week_totals([shift], [], Week(2026, 48).days(6), BERLIN, LATE, contract=Duration.ZERO)
    assert monday_week.days[-1].net == hm(4)
    assert sunday_week.days[0].day == sunday and sunday_week.days[0].net == hm(4)


def test_a_night_shift_across_the_week_boundary_counts_in_both_weeks():
    sunday = date(2026, 11, 22)
    night = session(local(sunday, "22:00"), local(sunday + timedelta(days=1), "02:00"))
    this_week = week_totals([night], [], Week(2026, 47).days(0), BERLIN, LATE, contract=Duration.ZERO)
    next_week = week_totals([night], [], Week(2026, 48).days(0), BERLIN, LATE, contract=Duration.ZERO)
    assert (this_week.net, next_week.net) == (hm(2), hm(2))
