"""Reminder rules: which nudges are due for a situation, and each episode reminded of only once."""

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from app.domain.duration import Duration
from app.domain.reminders import NO_TIMER_GRACE, Reminder, ReminderKind, ReminderMemory, Situation, due_reminders
from app.services.preferences import Preferences

BERLIN = ZoneInfo("Europe/Berlin")
NO_TIMER, LONG_TIMER, UNTRACKED = ReminderKind.NO_TIMER, ReminderKind.LONG_TIMER, ReminderKind.UNTRACKED


def friday(hour: int, minute: int = 0) -> datetime:
    """Friday 20 November 2026 in Berlin (a working day with the default preferences)."""
    return datetime(2026, 11, 20, hour, minute, tzinfo=BERLIN)


def at(hour: int, minute: int = 0, **state) -> Situation:  # type: ignore[no-untyped-def]
    return Situation(friday(hour, minute), **state)


SATURDAY = timedelta(days=1)
ONLY_NO_TIMER = Preferences(remind_long_timer=None, remind_untracked=None)
ONLY_LONG_TIMER = Preferences(remind_no_timer=False, remind_untracked=None, remind_long_timer=Duration.of(hours=4))
ONLY_UNTRACKED = Preferences(remind_no_timer=False, remind_long_timer=None, remind_untracked=Duration.of(minutes=30))
NONE = Preferences(remind_no_timer=False, remind_long_timer=None, remind_untracked=None)

CASES = [
    # (why, situation, preferences, kinds due)
    ("working hours, no timer for the grace period", at(9, 10), ONLY_NO_TIMER, [NO_TIMER]),
    ("working hours, no timer, grace not over", at(9, 9), ONLY_NO_TIMER, []),
    ("before working hours", at(8, 30), ONLY_NO_TIMER, []),
    ("working hours end at 17:30", at(17, 30), ONLY_NO_TIMER, []),
    ("Saturday is no working day", Situation(friday(11) + SATURDAY), ONLY_NO_TIMER, []),
    ("a timer runs", at(11, timer_started_at=friday(10)), ONLY_NO_TIMER, []),
    ("on a break or gone home", at(11, away=True), ONLY_NO_TIMER, []),
    ("tracked until just now", at(11, last_tracked=friday(10, 55)), ONLY_NO_TIMER, []),
    ("tracked, then nothing for the grace period", at(11, last_tracked=friday(10, 50)), ONLY_NO_TIMER, [NO_TIMER]),
    ("no reminders wanted", at(11), NONE, []),
    ("timer at the limit", at(13, timer_started_at=friday(9)), ONLY_LONG_TIMER, [LONG_TIMER]),
    ("timer under the limit", at(12, 59, timer_started_at=friday(9)), ONLY_LONG_TIMER, []),
    ("long timer at night", at(23, timer_started_at=friday(9)), ONLY_LONG_TIMER, [LONG_TIMER]),
    ("long timer, no reminders wanted", at(23, timer_started_at=friday(9)), NONE, []),
    ("clocked in, nothing tracked for 30 min", at(9, 30, present_since=friday(9)), ONLY_UNTRACKED, [UNTRACKED]),
    ("clocked in 29 min ago", at(9, 29, present_since=friday(9)), ONLY_UNTRACKED, []),
    ("clocked in, tracked lately", at(11, present_since=friday(9), last_tracked=friday(10, 45)), ONLY_UNTRACKED, []),
    ("clocked in, a timer runs", at(11, present_since=friday(9), timer_started_at=friday(9, 5)), ONLY_UNTRACKED, []),
    ("not clocked in", at(11), ONLY_UNTRACKED, []),
    (
        "clocked in at the weekend",
        Situation(friday(11) + SATURDAY, present_since=friday(10) + SATURDAY),
        ONLY_UNTRACKED,
        [UNTRACKED],
    ),
    ("two rules at once", at(10, present_since=friday(9)), Preferences(), [NO_TIMER, UNTRACKED]),
]


@pytest.mark.parametrize(("situation", "prefs", "kinds"), [case[1:] for case in CASES], ids=[case[0] for case in CASES])
def test_due_reminders_follow_the_rules(situation, prefs, kinds):
    assert [reminder.kind for reminder in due_reminders(situation, prefs)] == kinds


@pytest.mark.parametrize(
    ("situation", "prefs", "episode", "title", "text"),
    [
        (
            Situation(friday(10), last_tracked=friday(9, 40)),
            ONLY_NO_TIMER,
            friday(9, 40),
            "No timer running",
            "It is working time and nothing has been tracked since 09:40. "
            "Start a timer from the tray or with Ctrl+Space.",
        ),
        (
            Situation(friday(13, 30), timer_started_at=friday(9), timer_label="WEB/General"),
            ONLY_LONG_TIMER,
            friday(9),
            "Timer still running",
            "WEB/General has been running for 4:30 (since 09:00). Stop or switch it if you have moved on.",
        ),
        (
            Situation(friday(10), present_since=friday(9), last_tracked=friday(9, 15)),
            ONLY_UNTRACKED,
            friday(9, 15),
            "Nothing tracked",
            "You are clocked in, but nothing has been tracked for 0:45 (since 09:15). Start a timer or log the time.",
        ),
    ],
)
def test_each_reminder_says_what_is_going_on_and_since_when(situation, prefs, episode, title, text):
    [reminder] = due_reminders(situation, prefs)
    assert (reminder.episode, reminder.title, reminder.text) == (episode, title, text)


def test_times_in_the_text_are_local_even_when_given_in_utc():
    started = friday(9).astimezone(ZoneInfo("UTC"))
    [reminder] = due_reminders(Situation(friday(14), timer_started_at=started), ONLY_LONG_TIMER)
    assert "(since 09:00)" in reminder.text


def test_no_timer_episode_starts_at_working_start_when_nothing_was_tracked_today():
    [reminder] = due_reminders(Situation(friday(9) + timedelta(seconds=NO_TIMER_GRACE.seconds)), ONLY_NO_TIMER)
    assert reminder.episode == friday(9)


def test_a_custom_working_day_is_respected():
    evening = Preferences(working_start=time(18), working_end=time(22), remind_untracked=None, remind_long_timer=None)
    assert [r.kind for r in due_reminders(Situation(friday(19)), evening)] == [NO_TIMER]
    assert due_reminders(Situation(friday(10)), evening) == []


def test_memory_gives_each_episode_once_and_a_new_episode_again():
    memory = ReminderMemory()
    first = due_reminders(Situation(friday(13), timer_started_at=friday(9)), ONLY_LONG_TIMER)
    later = due_reminders(Situation(friday(15), timer_started_at=friday(9)), ONLY_LONG_TIMER)
    next_timer = due_reminders(Situation(friday(20), timer_started_at=friday(15, 30)), ONLY_LONG_TIMER)

    assert memory.fresh(first) == first
    assert memory.fresh(later) == []
    assert memory.fresh(next_timer) == next_timer


def test_memory_keeps_kinds_apart_within_one_episode():
    memory = ReminderMemory()
    since = friday(9)
    no_timer = Reminder(NO_TIMER, since, "No timer running", "")
    untracked = Reminder(UNTRACKED, since, "Nothing tracked", "")
    assert memory.fresh([no_timer]) == [no_timer]
    assert memory.fresh([no_timer, untracked]) == [untracked]
