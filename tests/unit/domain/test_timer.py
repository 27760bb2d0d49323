"""The running timer: elapsed time, stopping into an entry, and the refusals that keep data safe."""

from datetime import UTC, date, datetime, timedelta

import pytest
from moneyed import Money

from app.domain.duration import Duration
from app.domain.errors import RuleViolation
from app.domain.ids import new_id
from app.domain.rates import RateLevel
from app.domain.task_log import EntryStatus
from app.domain.timer import (
    CLOCK_BEHIND_TIMER,
    TIMER_ALREADY_RUNNING,
    TIMER_TOO_SHORT,
    RunningTimer,
    start_timer,
    timer_already_running,
)

BERLIN = "Europe/Berlin"
ORG, USER, PROJECT, TASK = (new_id() for _ in range(4))
START = datetime(2026, 11, 20, 8, 0, tzinfo=UTC)  # 09:00 in Berlin


def running(note: str = "", billable: bool = True, started_at: datetime = START) -> RunningTimer:
    return start_timer(
        org_id=ORG,
        user_id=USER,
        project_id=PROJECT,
        task_id=TASK,
        started_at=started_at,
        note=note,
        billable=billable,
    )


@pytest.mark.parametrize(
    ("now", "expected"),
    [
        (START + timedelta(hours=1, minutes=30), Duration.of(hours=1, minutes=30)),
        (START + timedelta(seconds=59, microseconds=999_999), Duration.of(seconds=59)),
        (START, Duration.ZERO),
        (START - timedelta(minutes=5), Duration.ZERO),  # the clock went backwards
    ],
)
def test_elapsed_time_is_whole_seconds_and_never_negative(now, expected):
    assert running().elapsed(now) == expected


def test_starting_a_timer_trims_the_note_and_keeps_utc():
    timer = running(note="  Steering committee  ")
    assert timer.note == "Steering committee"
    assert timer.started_at == START and timer.started_at.tzinfo is UTC


@pytest.mark.parametrize(("note", "code"), [("x" * 10_001, "too_long"), ("a\x00b", "control_character")])
def test_starting_a_timer_refuses_a_bad_note(note, code):
    with pytest.raises(RuleViolation) as caught:
        running(note=note)
    assert caught.value.code == code


def test_stopping_a_timer_logs_a_draft_timed_entry_with_its_details():
    timer = running(note="Review", billable=False)
    now = START + timedelta(hours=2, minutes=15)
    entry = timer.stop(now, BERLIN, rate=Money("110.00", "EUR"), rate_source=RateLevel.CLIENT)
    assert (entry.org_id, entry.user_id, entry.project_id, entry.task_id) == (ORG, USER, PROJECT, TASK)
    assert (entry.started_at, entry.ended_at) == (START, now)
    assert entry.duration == Duration.of(hours=2, minutes=15)
    assert entry.work_date == date(2026, 11, 20)
    assert (entry.note, entry.billable, entry.status) == ("Review", False, EntryStatus.DRAFT)
    assert (entry.rate, entry.rate_source) == (Money("110.00", "EUR"), RateLevel.CLIENT)
    assert entry.id != timer.id


def test_a_timer_running_over_midnight_logs_on_the_day_it_started():
    timer = running(started_at=datetime(2026, 11, 20, 22, 30, tzinfo=UTC))  # 23:30 in Berlin
    entry = timer.stop(datetime(2026, 11, 21, 1, 0, tzinfo=UTC), BERLIN)
    assert entry.work_date == date(2026, 11, 20)
    assert entry.duration == Duration.of(hours=2, minutes=30)


@pytest.mark.parametrize("after", [timedelta(0), timedelta(milliseconds=999)])
def test_a_timer_stopped_within_a_second_is_refused_so_the_service_can_discard_it(after):
    with pytest.raises(RuleViolation) as caught:
        running().stop(START + after, BERLIN)
    assert caught.value.code == TIMER_TOO_SHORT
    assert str(caught.value) == "The timer ran for less than a second; nothing to log."


def test_a_timer_stopped_after_one_second_logs_one_second():
    assert running().stop(START + timedelta(seconds=1), BERLIN).duration == Duration.of(seconds=1)


def test_a_clock_that_went_backwards_keeps_the_timer_running():
    with pytest.raises(RuleViolation) as caught:
        running().stop(START - timedelta(hours=1), BERLIN)
    assert caught.value.code == CLOCK_BEHIND_TIMER
    assert str(caught.value) == (
        "Your computer's clock shows 2026-11-20 08:00, before the timer started at 2026-11-20 09:00; "
        "correct the clock, then stop the timer again."
    )


def test_a_timer_left_running_for_more_than_a_day_cannot_become_one_entry():
    with pytest.raises(RuleViolation) as caught:
        running().stop(START + timedelta(hours=30), BERLIN)
    assert caught.value.code == "entry_too_long"


@pytest.mark.parametrize(
    ("now", "since"),
    [
        (START + timedelta(hours=3), "09:00"),
        (START + timedelta(days=1), "2026-11-20 09:00"),
    ],
)
def test_a_second_timer_is_refused_naming_the_running_task(now, since):
    violation = timer_already_running(running(), "Acme / Design review", BERLIN, now)
    assert violation.code == TIMER_ALREADY_RUNNING
    assert str(violation) == (
        f"A timer is already running for Acme / Design review since {since}; stop it before starting another."
    )
