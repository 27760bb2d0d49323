"""Time entries: building timed and untimed entries, status changes, locks, overlaps and day limits."""

from dataclasses import replace
from datetime import UTC, date, datetime, timedelta, timezone

import pytest
from moneyed import Money

from app.domain.duration import Duration, RoundingMode
from app.domain.errors import RuleViolation
from app.domain.ids import new_id
from app.domain.rates import RateLevel
from app.domain.task_log import (
    ENTRY_TRANSITIONS,
    EntryStatus,
    TaskLogEntry,
    billable_duration,
    check_day_total,
    check_no_clash,
    find_clash,
    log_duration,
    log_timed,
)

BERLIN = "Europe/Berlin"
ORG, USER, OTHER_USER, PROJECT, TASK = (new_id() for _ in range(5))


def utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)


def hm(hours: int, minutes: int = 0) -> Duration:
    return Duration.of(hours=hours, minutes=minutes)


def timed(start: datetime, end: datetime, **extra) -> TaskLogEntry:
    fields = {"org_id": ORG, "user_id": USER, "project_id": PROJECT, "task_id": TASK, "tz": BERLIN}
    return log_timed(started_at=start, ended_at=end, **(fields | extra))


def untimed(duration: Duration, work_date: date = date(2026, 11, 20), **extra) -> TaskLogEntry:
    fields = {"org_id": ORG, "user_id": USER, "project_id": PROJECT, "task_id": TASK}
    return log_duration(work_date=work_date, duration=duration, **(fields | extra))


def problems(violation: RuleViolation) -> dict[str, str]:
    return {p.code: p.message for p in violation.problems}


# --- building entries -------------------------------------------------------------------------


def test_timed_entry_takes_its_duration_and_local_date_from_the_interval():
    entry = timed(utc(2026, 11, 20, 8, 0), utc(2026, 11, 20, 9, 45), note="  Workshop prep  ")
    assert entry.duration == hm(1, 45)
    assert entry.work_date == date(2026, 11, 20)
    assert entry.interval == (utc(2026, 11, 20, 8, 0), utc(2026, 11, 20, 9, 45))
    assert entry.note == "Workshop prep"
    assert entry.status is EntryStatus.DRAFT


@pytest.mark.parametrize(
    ("start", "end", "work_date", "duration"),
    [
        # 23:30 UTC is already the next day in Berlin.
        (utc(2026, 11, 20, 23, 30), utc(2026, 11, 21, 0, 30), date(2026, 11, 21), hm(1)),
        # A night shift belongs to the day it starts on.
        (utc(2026, 11, 20, 21, 0), utc(2026, 11, 21, 3, 0), date(2026, 11, 20), hm(6)),
        # 01:00 to 04:00 local on the spring-forward night is two hours of real time.
        (utc(2026, 3, 29, 0, 0), utc(2026, 3, 29, 2, 0), date(2026, 3, 29), hm(2)),
        # 01:00 to 04:00 local on the fall-back night is four hours of real time.
        (utc(2026, 10, 24, 23, 0), utc(2026, 10, 25, 3, 0), date(2026, 10, 25), hm(4)),
    ],
)
def test_timed_entry_counts_real_time_and_the_local_start_day(start, end, work_date, duration):
    entry = timed(start, end)
    assert (entry.work_date, entry.duration) == (work_date, duration)


def test_timed_entry_stores_instants_in_utc():
    plus_two = timezone(timedelta(hours=2))
    entry = timed(datetime(2026, 7, 1, 9, 0, tzinfo=plus_two), datetime(2026, 7, 1, 10, 0, tzinfo=plus_two))
    assert entry.started_at == utc(2026, 7, 1, 7, 0)
    assert entry.started_at.tzinfo is UTC


@pytest.mark.parametrize(
    ("start", "end", "code", "message"),
    [
        (
            utc(2026, 11, 20, 9),
            utc(2026, 11, 20, 8),
            "ends_before_start",
            "The entry ends (09:00) before it starts (10:00).",
        ),
        (
            utc(2026, 11, 20, 9),
            utc(2026, 11, 19, 10),
            "ends_before_start",
            "The entry ends (2026-11-19 11:00) before it starts (2026-11-20 10:00).",
        ),
        (
            utc(2026, 11, 20, 9),
            utc(2026, 11, 20, 9),
            "empty_entry",
            "The entry starts and ends at 10:00; it must last at least one second.",
        ),
        (
            utc(2026, 11, 20, 9),
            utc(2026, 11, 20, 9) + timedelta(milliseconds=400),
            "empty_entry",
            "The entry starts and ends at 10:00; it must last at least one second.",
        ),
        (
            utc(2026, 11, 20, 9),
            utc(2026, 11, 21, 9, 1),
            "entry_too_long",
            "An entry can last at most 24:00 hours; this one lasts 24:01.",
        ),
    ],
)
def test_timed_entry_refuses_impossible_intervals(start, end, code, message):
    with pytest.raises(RuleViolation) as caught:
        timed(start, end)
    assert problems(caught.value) == {code: message}
    assert caught.value.problems[0].field == "ended_at"


def test_timed_entry_of_exactly_24_hours_is_allowed():
    assert timed(utc(2026, 11, 20, 9), utc(2026, 11, 21, 9)).duration == hm(24)


@pytest.mark.parametrize("duration", [Duration.of(seconds=1), hm(8), hm(24)])
def test_untimed_entry_accepts_durations_up_to_a_day(duration):
    entry = untimed(duration)
    assert (entry.duration, entry.interval, entry.work_date) == (duration, None, date(2026, 11, 20))


@pytest.mark.parametrize(
    ("duration", "code"),
    [
        (Duration.ZERO, "empty_entry"),
        (Duration.of(minutes=-30), "empty_entry"),
        (Duration.of(hours=24, seconds=1), "entry_too_long"),
    ],
)
def test_untimed_entry_refuses_empty_negative_and_over_long_durations(duration, code):
    with pytest.raises(RuleViolation) as caught:
        untimed(duration)
    assert caught.value.code == code
    assert caught.value.problems[0].field == "duration"


def test_every_problem_with_an_entry_is_reported_together():
    with pytest.raises(RuleViolation) as caught:
        untimed(hm(25), note="x" * 10_001)
    assert set(problems(caught.value)) == {"entry_too_long", "too_long"}


def test_a_ten_megabyte_note_is_refused_with_a_sentence():
    with pytest.raises(RuleViolation) as caught:
        untimed(hm(1), note="a" * 10 * 1024 * 1024)
    # The wording belongs to text.clean_text; what matters here is the limit and the note's size.
    assert caught.value.code == "too_long"
    assert caught.value.problems[0].field == "note"
    assert "note" in str(caught.value) and "10,000" in str(caught.value) and "10,485,760" in str(caught.value)


def test_a_note_of_exactly_ten_thousand_characters_is_kept():
    assert len(untimed(hm(1), note="é" * 10_000).note) == 10_000


def test_a_note_with_a_nul_character_is_refused():
    with pytest.raises(RuleViolation) as caught:
        timed(utc(2026, 11, 20, 9), utc(2026, 11, 20, 10), note="call\x00client")
    assert caught.value.code == "control_character"
    assert caught.value.problems[0].field == "note"


def test_a_note_keeps_its_line_breaks():
    assert untimed(hm(1), note="line one\nline two").note == "line one\nline two"


# --- status, locking and amount ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("current", "target"),
    [
        (EntryStatus.DRAFT, EntryStatus.SUBMITTED),
        (EntryStatus.SUBMITTED, EntryStatus.APPROVED),
        (EntryStatus.SUBMITTED, EntryStatus.DRAFT),
        (EntryStatus.APPROVED, EntryStatus.INVOICED),
        (EntryStatus.APPROVED, EntryStatus.DRAFT),
        (EntryStatus.INVOICED, EntryStatus.APPROVED),
    ],
)
def test_entry_moves_along_the_approval_path(current, target):
    entry = replace(untimed(hm(1)), status=current)
    entry.move_to(target)
    assert entry.status is target


@pytest.mark.parametrize(
    ("current", "target"),
    [
        (EntryStatus.DRAFT, EntryStatus.APPROVED),
        (EntryStatus.DRAFT, EntryStatus.INVOICED),
        (EntryStatus.SUBMITTED, EntryStatus.INVOICED),
        (EntryStatus.APPROVED, EntryStatus.SUBMITTED),
        (EntryStatus.INVOICED, EntryStatus.DRAFT),
        (EntryStatus.INVOICED, EntryStatus.SUBMITTED),
    ],
)
def test_entry_cannot_skip_or_undo_steps(current, target):
    entry = replace(untimed(hm(1)), status=current)
    with pytest.raises(RuleViolation) as caught:
        entry.move_to(target)
    assert caught.value.code == "invalid_transition"
    assert entry.status is current


def test_invoiced_time_only_goes_back_to_approved_when_a_credit_note_releases_it():
    assert ENTRY_TRANSITIONS.allowed(EntryStatus.INVOICED) == frozenset({EntryStatus.APPROVED})


@pytest.mark.parametrize(
    ("status", "message"),
    [
        (
            EntryStatus.SUBMITTED,
            "This entry is submitted for approval; it can change again only if a manager rejects its timesheet.",
        ),
        (
            EntryStatus.APPROVED,
            "This entry is approved; a manager must reopen its timesheet before it can change.",
        ),
        (EntryStatus.INVOICED, "This entry is invoiced and can no longer change."),
    ],
)
def test_submitted_approved_and_invoiced_entries_are_locked(status, message):
    entry = replace(untimed(hm(1)), status=status)
    assert entry.is_locked
    with pytest.raises(RuleViolation) as caught:
        entry.check_editable()
    assert problems(caught.value) == {"entry_locked": message}


def test_draft_entries_can_still_change():
    entry = untimed(hm(1))
    assert entry.status is EntryStatus.DRAFT
    assert not entry.is_locked
    entry.check_editable()


@pytest.mark.parametrize(
    ("duration", "rate", "billable", "expected"),
    [
        (hm(1, 30), Money("120.00", "EUR"), True, Money("180.00", "EUR")),
        (Duration.of(minutes=20), Money("100.00", "EUR"), True, Money("33.33", "EUR")),
        (hm(2), Money("15000", "JPY"), True, Money("30000", "JPY")),
        (hm(1, 30), Money("120.00", "EUR"), False, None),
        (hm(1, 30), None, True, None),
    ],
)
def test_entry_amount_is_rate_times_duration_when_billable(duration, rate, billable, expected):
    entry = untimed(duration, rate=rate, rate_source=RateLevel.PROJECT if rate else None, billable=billable)
    assert entry.amount == expected


# --- overlaps ---------------------------------------------------------------------------------

NINE, TEN, ELEVEN, NOON = (utc(2026, 11, 20, h) for h in (9, 10, 11, 12))


@pytest.mark.parametrize(
    ("other_start", "other_end", "clashes"),
    [
        (NINE, TEN, False),  # ends exactly when the candidate starts
        (ELEVEN, NOON, False),  # starts exactly when the candidate ends
        (NINE, TEN + timedelta(seconds=1), True),  # one second of overlap
        (NINE, NOON, True),  # contains the candidate
        (TEN + timedelta(minutes=15), TEN + timedelta(minutes=45), True),  # inside the candidate
        (TEN, ELEVEN, True),  # identical interval
        (TEN + timedelta(minutes=30), NOON, True),  # overlaps the end
        (utc(2026, 11, 19, 10), utc(2026, 11, 19, 11), False),  # same hours, another day
    ],
)
def test_timed_entries_clash_when_half_open_intervals_intersect(other_start, other_end, clashes):
    candidate = timed(TEN, ELEVEN)
    other = timed(other_start, other_end)
    assert find_clash(candidate, [other]) == (other if clashes else None)
    assert find_clash(other, [candidate]) == (candidate if clashes else None)


def test_an_edited_entry_does_not_clash_with_its_stored_self():
    stored = timed(TEN, ELEVEN)
    edited = replace(timed(TEN, ELEVEN + timedelta(minutes=30)), id=stored.id)
    assert find_clash(edited, [stored]) is None


def test_entries_of_another_user_never_clash():
    assert find_clash(timed(TEN, ELEVEN), [timed(TEN, ELEVEN, user_id=OTHER_USER)]) is None


def test_untimed_entries_never_clash_by_interval():
    assert find_clash(untimed(hm(8)), [timed(TEN, ELEVEN)]) is None
    assert find_clash(timed(TEN, ELEVEN), [untimed(hm(8))]) is None


def test_the_earliest_clashing_entry_is_reported():
    later, earlier = timed(TEN + timedelta(minutes=30), NOON), timed(NINE, TEN + timedelta(minutes=10))
    assert find_clash(timed(TEN, ELEVEN), [later, earlier]) == earlier


def test_a_clash_is_refused_naming_the_entry_in_the_way():
    with pytest.raises(RuleViolation) as caught:
        check_no_clash(timed(TEN, ELEVEN), [timed(NINE, TEN + timedelta(minutes=30))], BERLIN)
    assert problems(caught.value) == {
        "entry_overlaps": "This entry overlaps your entry from 10:00 to 11:30 on 2026-11-20; nothing was logged."
    }


def test_a_clash_names_the_work_of_the_entry_in_the_way():
    with pytest.raises(RuleViolation) as caught:
        check_no_clash(
            timed(TEN, ELEVEN), [timed(NINE, TEN + timedelta(minutes=30))], BERLIN, describe=lambda e: "ACME/Design"
        )
    assert "your entry on ACME/Design from 10:00 to 11:30" in caught.value.problems[0].message


def test_no_clash_passes_quietly():
    check_no_clash(timed(TEN, ELEVEN), [timed(NINE, TEN)], BERLIN)


# --- 24 hours a day ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("existing", "candidate", "ok"),
    [
        ([hm(8), hm(8)], hm(8), True),  # exactly 24 hours
        ([hm(8), hm(8)], hm(8, 1), False),
        ([hm(23, 59)], Duration.of(minutes=1), True),
        ([hm(24)], Duration.of(seconds=1), False),
    ],
)
def test_a_user_cannot_log_more_than_24_hours_on_one_day(existing, candidate, ok):
    others = [untimed(d) for d in existing]
    if ok:
        check_day_total(untimed(candidate), others)
    else:
        with pytest.raises(RuleViolation) as caught:
            check_day_total(untimed(candidate), others)
        assert caught.value.code == "day_over_24_hours"


def test_day_total_message_names_the_day_and_the_total():
    with pytest.raises(RuleViolation) as caught:
        check_day_total(untimed(hm(10)), [untimed(hm(15))])
    assert str(caught.value) == (
        "This would bring your time on 2026-11-20 to 25:00 hours; a day holds at most 24:00 hours."
    )


def test_day_total_counts_only_the_same_user_and_day_and_not_the_edited_entry_itself():
    stored = untimed(hm(20))
    others = [
        stored,
        untimed(hm(20), user_id=OTHER_USER),
        untimed(hm(20), work_date=date(2026, 11, 21)),
        timed(utc(2026, 11, 20, 8), utc(2026, 11, 20, 10)),  # timed entries count too
    ]
    check_day_total(replace(untimed(hm(22)), id=stored.id), others)
    with pytest.raises(RuleViolation):
        check_day_total(untimed(hm(3)), others)


# --- billable time ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("duration", "increment", "mode", "minimum", "expected"),
    [
        (hm(0, 7), hm(0, 15), RoundingMode.UP, hm(0, 15), hm(0, 15)),
        (hm(0, 52), hm(0, 15), RoundingMode.UP, Duration.ZERO, hm(1)),
        (hm(0, 52), hm(0, 15), RoundingMode.DOWN, Duration.ZERO, hm(0, 45)),
        (hm(0, 52), hm(0, 15), RoundingMode.NEAREST, Duration.ZERO, hm(0, 45)),
        (hm(0, 53), hm(0, 15), RoundingMode.NEAREST, Duration.ZERO, hm(1)),
        # Rounding first: 5 min rounds down to nothing, then the minimum entry applies.
        (hm(0, 5), hm(0, 15), RoundingMode.DOWN, hm(0, 30), hm(0, 30)),
        (hm(0, 52), Duration.ZERO, RoundingMode.UP, Duration.ZERO, hm(0, 52)),
        (hm(0, 52), hm(0, 6), RoundingMode.UP, hm(0, 15), hm(0, 54)),
    ],
)
def test_billable_duration_rounds_to_the_increment_then_applies_the_minimum(
    duration, increment, mode, minimum, expected
):
    assert billable_duration(duration, increment, mode, minimum) == expected
