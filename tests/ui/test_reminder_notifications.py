"""Reminders reach the tray as notifications, each once, from the real ledger and the user's preferences."""

from __future__ import annotations

import pytest

from app.domain.duration import Duration
from app.services import attendance, timer
from app.services.identity import current_actor
from app.services.preferences import Preferences, save_preferences
from app.ui.reminders import ReminderWatch

NO_TIMER_ONLY = Preferences(remind_long_timer=None, remind_untracked=None)
LONG_TIMER_ONLY = Preferences(remind_no_timer=False, remind_untracked=None, remind_long_timer=Duration.of(hours=2))
UNTRACKED_ONLY = Preferences(remind_no_timer=False, remind_long_timer=None, remind_untracked=Duration.of(minutes=30))


@pytest.fixture
def watch(ctx):  # type: ignore[no-untyped-def]
    watched = ReminderWatch(ctx)
    watched.timer.stop()  # the tests check by hand, with the fixed clock
    return watched


@pytest.fixture
def shown(ctx) -> list[tuple[str, str]]:  # type: ignore[no-untyped-def]
    notes: list[tuple[str, str]] = []
    ctx.events.notify.connect(lambda title, text: notes.append((title, text)))
    return notes


def check(qtbot, watch) -> None:  # type: ignore[no-untyped-def]
    watch.check()
    qtbot.waitUntil(lambda: not watch.checking, timeout=3000)


def prefer(ledger, prefs: Preferences) -> None:  # type: ignore[no-untyped-def]
    with ledger.work() as uow:
        save_preferences(uow, prefs)
        uow.commit()


def act(ledger, *steps) -> None:  # type: ignore[no-untyped-def]
    """Run service steps (each called with uow and actor) for the signed-in user, in one commit."""
    with ledger.work() as uow:
        actor = current_actor(uow)
        for step in steps:
            step(uow, actor)
        uow.commit()


def test_no_timer_in_working_hours_is_reminded_once(qtbot, team, clock, watch, shown):
    prefer(team.ledger, NO_TIMER_ONLY)
    clock.advance(minutes=9)
    check(qtbot, watch)
    assert shown == []

    clock.advance(minutes=1)
    check(qtbot, watch)
    clock.advance(minutes=5)
    check(qtbot, watch)

    assert shown == [
        (
            "No timer running",
            "It is working time and nothing has been tracked since 09:00. "
            "Start a timer from the tray or with Ctrl+Space.",
        )
    ]


def test_after_tracking_stops_a_new_episode_begins(qtbot, team, clock, watch, shown):
    prefer(team.ledger, NO_TIMER_ONLY)
    act(team.ledger, lambda uow, me: timer.start(uow, me, "WEB"))
    clock.advance(hours=1)
    act(team.ledger, lambda uow, me: timer.stop(uow, me))  # at 10:00
    clock.advance(minutes=9)
    check(qtbot, watch)
    assert shown == []

    clock.advance(minutes=1)
    check(qtbot, watch)
    assert [text for _, text in shown] == [
        "It is working time and nothing has been tracked since 10:00. Start a timer from the tray or with Ctrl+Space."
    ]


def test_a_long_running_timer_is_reminded_once_per_timer(qtbot, team, clock, watch, shown):
    prefer(team.ledger, LONG_TIMER_ONLY)
    act(team.ledger, lambda uow, me: timer.start(uow, me, "WEB"))
    clock.advance(hours=2)
    check(qtbot, watch)
    clock.advance(hours=1)
    check(qtbot, watch)

    assert shown == [
        (
            "Timer still running",
            "WEB/General has been running for 2:00 (since 09:00). Stop or switch it if you have moved on.",
        )
    ]


def test_clocked_in_without_tracking_is_reminded_counting_from_the_end_of_a_break(qtbot, team, clock, watch, shown):
    prefer(team.ledger, UNTRACKED_ONLY)
    act(team.ledger, attendance.clock_in)
    clock.advance(minutes=10)
    act(team.ledger, attendance.start_break)
    clock.advance(minutes=40)
    check(qtbot, watch)  # on a break: no nagging
    assert shown == []

    act(team.ledger, attendance.end_break)  # back at 09:50
    clock.advance(minutes=30)
    check(qtbot, watch)

    assert [text for _, text in shown] == [
        "You are clocked in, but nothing has been tracked for 0:30 (since 09:50). Start a timer or log the time."
    ]


def test_after_clocking_out_for_the_day_no_timer_is_not_reminded(qtbot, team, clock, watch, shown):
    prefer(team.ledger, NO_TIMER_ONLY)
    act(team.ledger, attendance.clock_in)
    clock.advance(minutes=5)
    act(team.ledger, attendance.clock_out)
    clock.advance(hours=1)
    check(qtbot, watch)
    assert shown == []


def test_switched_off_reminders_stay_silent(qtbot, team, clock, watch, shown):
    prefer(team.ledger, Preferences(remind_no_timer=False, remind_long_timer=None, remind_untracked=None))
    act(team.ledger, attendance.clock_in, lambda uow, me: timer.start(uow, me, "WEB"))
    clock.advance(hours=9)
    check(qtbot, watch)
    assert shown == []


def test_a_ledger_without_an_organisation_has_nothing_to_remind(qtbot, ledger, clock, watch, shown):
    clock.advance(hours=2)
    check(qtbot, watch)
    assert shown == []
