"""The idle question: when it is asked (idle, asleep, never for a moment's screen lock) and its four answers."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta

import pytest
from PySide6.QtCore import Qt

from app.domain.calendar import at_local
from app.domain.duration import Duration
from app.services import projects, task_log, timer
from app.services.identity import current_actor
from app.services.preferences import Preferences, save_preferences
from app.ui.idle.fake import FakeIdleSource
from app.ui.idle_dialog import IdleDialog
from app.ui.idle_watch import IdleWatch, away_since

TICK = timedelta(seconds=5)


def berlin(hour: int, minute: int = 0, second: int = 0) -> datetime:
    return at_local(datetime(2026, 11, 20).date(), time(hour, minute, second), "Europe/Berlin")


@pytest.fixture
def running(team):  # type: ignore[no-untyped-def]
    """WEB/General running since 09:00 with a note, and a second task WEB/Design to move time to."""
    with team.ledger.work() as uow:
        admin = current_actor(uow)
        projects.add_task(uow, admin, "WEB", "Design")
        timer.start(uow, admin, "WEB/General", note="homepage")
        uow.commit()
    return team.ledger


@pytest.fixture
def source() -> FakeIdleSource:
    return FakeIdleSource(0)


@pytest.fixture
def watch(ctx, source):  # type: ignore[no-untyped-def]
    watched = IdleWatch(ctx, source, interval_ms=int(TICK.total_seconds() * 1000))
    watched.timer.stop()  # the tests tick by hand, with the fixed clock
    yield watched
    if watched.dialog is not None:
        watched.dialog.hide()


def away(clock, source, watch, minutes: int) -> None:  # type: ignore[no-untyped-def]
    """The user leaves and stays away: the watch ticks every 5 s while the idle counter grows."""
    for _ in range(minutes * 60 // 5):
        clock.advance(seconds=5)
        source.seconds += 5
        watch.tick()


def working(clock, source, watch, minutes: int) -> None:  # type: ignore[no-untyped-def]
    """The user types away: the watch ticks every 5 s and the idle counter stays at zero."""
    source.seconds = 0
    for _ in range(minutes * 60 // 5):
        clock.advance(seconds=5)
        watch.tick()


def asked(qtbot, clock, source, watch, minutes: int = 30) -> IdleDialog:  # type: ignore[no-untyped-def]
    with qtbot.waitSignal(watch.asked, timeout=1000) as shown:
        away(clock, source, watch, minutes)
    dialog = shown.args[0]
    qtbot.waitUntil(lambda: dialog.other.count() > 0)
    return dialog


def answer(qtbot, watch, button) -> None:  # type: ignore[no-untyped-def]
    with qtbot.waitSignal(watch.settled, timeout=3000):
        qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def ledger_state(ledger):  # type: ignore[no-untyped-def]
    """The signed-in user's entries today (label, start, end, note) and the running timer (label, start, note)."""
    with ledger.read() as uow:
        admin = current_actor(uow)
        day = admin.today(uow.clock)
        entries = sorted(task_log.entries_between(uow, admin, day, day), key=lambda v: v.entry.started_at)
        now = timer.running(uow, admin)
    logged = [(v.work.label, v.entry.started_at, v.entry.ended_at, v.entry.note) for v in entries]
    return logged, None if now is None else (now.work.label, now.timer.started_at, now.timer.note)


def test_idle_longer_than_the_threshold_asks_while_a_timer_runs(qtbot, running, clock, source, watch, ctx):
    with qtbot.waitSignal(ctx.events.idle_changed, timeout=1000) as paused:
        dialog = asked(qtbot, clock, source, watch, minutes=5)

    assert paused.args == [True]
    assert dialog.isVisible() and dialog.question.since == berlin(9)
    assert "since 09:00 while the timer ran on WEB/General" in dialog.message.text()
    assert [dialog.other.itemData(i) for i in range(dialog.other.count())] == ["WEB/Design"]


def test_keeping_the_time_changes_nothing(qtbot, running, clock, source, watch, ctx):
    working(clock, source, watch, minutes=20)
    dialog = asked(qtbot, clock, source, watch)  # away 09:20 to 09:50

    with qtbot.waitSignal(ctx.events.idle_changed, timeout=3000) as resumed:
        answer(qtbot, watch, dialog.keep)

    assert resumed.args == [False]
    assert not dialog.isVisible()
    assert ledger_state(running) == ([], ("WEB/General", berlin(9), "homepage"))


def test_discarding_logs_until_the_user_left_and_runs_on_from_now(qtbot, running, clock, source, watch, ctx):
    working(clock, source, watch, minutes=20)
    dialog = asked(qtbot, clock, source, watch)

    with qtbot.waitSignals([ctx.events.timer_changed, ctx.events.entries_changed], timeout=3000):
        answer(qtbot, watch, dialog.discard)

    assert ledger_state(running) == (
        [("WEB/General", berlin(9), berlin(9, 20), "homepage")],
        ("WEB/General", berlin(9, 50), "homepage"),
    )


def test_discarding_and_stopping_logs_until_the_user_left_and_stops(qtbot, running, clock, source, watch):
    working(clock, source, watch, minutes=20)
    dialog = asked(qtbot, clock, source, watch)

    answer(qtbot, watch, dialog.discard_and_stop)

    assert ledger_state(running) == ([("WEB/General", berlin(9), berlin(9, 20), "homepage")], None)


def test_moving_logs_the_time_away_on_the_chosen_task_and_runs_on(qtbot, running, clock, source, watch):
    working(clock, source, watch, minutes=20)
    dialog = asked(qtbot, clock, source, watch)
    assert not dialog.move_button.isEnabled()  # nothing chosen yet

    dialog.other.setCurrentIndex(dialog.other.findData("WEB/Design"))
    answer(qtbot, watch, dialog.move_button)

    assert ledger_state(running) == (
        [
            ("WEB/General", berlin(9), berlin(9, 20), "homepage"),
            ("WEB/Design", berlin(9, 20), berlin(9, 50), ""),
        ],
        ("WEB/General", berlin(9, 50), "homepage"),
    )


def test_closing_the_question_keeps_the_time(qtbot, running, clock, source, watch):
    dialog = asked(qtbot, clock, source, watch)

    with qtbot.waitSignal(watch.settled, timeout=3000):
        qtbot.keyClick(dialog, Qt.Key.Key_Escape)

    assert not dialog.isVisible()
    assert ledger_state(running) == ([], ("WEB/General", berlin(9), "homepage"))


def test_locking_the_screen_for_a_few_seconds_does_not_ask(qtbot, running, clock, source, watch):
    working(clock, source, watch, minutes=20)
    with qtbot.assertNotEmitted(watch.asked):
        for _ in range(3):  # locked for 15 s, then back
            clock.advance(seconds=5)
            source.seconds += 5
            watch.tick()
        source.seconds = 0
        away(clock, source, watch, minutes=4)  # and even a long coffee under the threshold

    assert watch.dialog is None


def test_sleep_longer_than_the_threshold_asks_from_when_the_machine_went_to_sleep(qtbot, running, clock, source, watch):
    working(clock, source, watch, minutes=20)  # the last tick before the lid closes is at 09:20
    clock.advance(minutes=45)
    source.seconds = 1  # the key that woke the machine

    with qtbot.waitSignal(watch.asked, timeout=1000) as shown:
        watch.tick()

    assert shown.args[0].question.since == berlin(9, 20)


def test_a_short_sleep_does_not_ask(qtbot, running, clock, source, watch):
    working(clock, source, watch, minutes=20)
    clock.advance(minutes=2)  # the lid closed for two minutes
    with qtbot.assertNotEmitted(watch.asked):
        watch.tick()


def test_without_a_running_timer_nobody_is_asked(qtbot, team, clock, source, watch):
    with qtbot.assertNotEmitted(watch.asked):
        away(clock, source, watch, minutes=30)


def test_the_threshold_comes_from_the_preferences(qtbot, running, clock, source, watch, ctx):
    with running.work() as uow:
        save_preferences(uow, Preferences(idle_threshold=Duration.of(minutes=15)))
        uow.commit()
    ctx.events.settings_changed.emit()

    with qtbot.assertNotEmitted(watch.asked):
        away(clock, source, watch, minutes=14)
    with qtbot.waitSignal(watch.asked, timeout=1000):
        away(clock, source, watch, minutes=1)


def test_one_episode_is_asked_about_once(qtbot, running, clock, source, watch):
    dialog = asked(qtbot, clock, source, watch)
    with qtbot.assertNotEmitted(watch.asked):
        away(clock, source, watch, minutes=10)  # still away while the question waits
    answer(qtbot, watch, dialog.keep)

    with qtbot.assertNotEmitted(watch.asked):
        away(clock, source, watch, minutes=4)  # the counter was not reset, but the answer was given
    with qtbot.waitSignal(watch.asked, timeout=1000):
        away(clock, source, watch, minutes=1)  # a new episode after the answer


def test_an_answer_that_cannot_be_carried_out_is_explained_and_can_be_changed(qtbot, running, clock, source, watch):
    dialog = asked(qtbot, clock, source, watch)
    with running.work() as uow:  # meanwhile, the CLI stops the timer
        timer.stop(uow, current_actor(uow))
        uow.commit()

    qtbot.mouseClick(dialog.discard, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.problem.isVisible())

    assert "The timer was stopped in the meantime" in dialog.problem.text()
    assert dialog.isVisible() and dialog.keep.isEnabled()
    answer(qtbot, watch, dialog.keep)
    assert not dialog.isVisible()


@pytest.mark.parametrize(
    ("idle", "gap", "idle_before", "expected"),
    [
        (None, TICK, 0, None),  # no idle counter and no sleep: cannot tell
        (0, TICK, 0, 0),  # active: away since now
        (600, TICK, 595, -600),  # idle for ten minutes
        (None, timedelta(minutes=30), 10, -30 * 60 - 10),  # asleep, idle 10 s before it
        (2, timedelta(minutes=30), 0, -30 * 60),  # woken up by a key
        (None, TICK + timedelta(seconds=15), 0, None),  # a late tick is no sleep
    ],
)
def test_away_since_reads_the_idle_counter_and_clock_jumps(idle, gap, idle_before, expected):
    now = datetime(2026, 11, 20, 12, tzinfo=UTC)
    since = away_since(now, idle, now - gap, idle_before, TICK)
    assert since == (None if expected is None else now + timedelta(seconds=expected))


def test_an_ampersand_in_a_task_name_is_shown_as_typed(qtbot, team, clock, source, watch):
    with team.ledger.work() as uow:
        admin = current_actor(uow)
        projects.add_task(uow, admin, "WEB", "Design & wireframes")
        timer.start(uow, admin, "WEB/Design & wireframes")
        uow.commit()

    dialog = asked(qtbot, clock, source, watch)

    # Buttons and group titles read a lone & as a shortcut marker; && shows one &.
    assert dialog.keep.description() == "It all counts for WEB/Design && wireframes."
    assert "WEB/Design & wireframes." in dialog.message.text()
