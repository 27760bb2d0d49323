"""Time away while the timer ran, on a real file: keep, discard, discard and stop, or move it to another task."""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers import acting, berlin, count, entries_of

from app.domain.duration import Duration
from app.domain.errors import NotFound, RuleViolation
from app.domain.project import TaskStatus
from app.services import projects, timer
from app.services.idle import IdleAnswer, away_question, resolve_idle

ADA = "ada@acme.example"  # the signed-in user, as in the desktop app
LIVE_TIMERS = "deleted_at IS NULL"


@pytest.fixture
def running_since_nine(team, clock):  # type: ignore[no-untyped-def]
    """WEB/General running since 09:00 with a note; it is 10:00 now and the user left at 09:30."""
    with acting(team.ledger) as (uow, admin):
        projects.add_task(uow, admin, "WEB", "Design")
        timer.start(uow, admin, "WEB/General", note="homepage", billable=False)
        uow.commit()
    clock.advance(hours=1)
    return team.ledger


def answer(ledger, reply, since=None, other=None):  # type: ignore[no-untyped-def]
    with acting(ledger) as (uow, admin):
        outcome = resolve_idle(uow, admin, since or berlin(9, 30), reply, other)
        uow.commit()
    return outcome


def running(ledger):  # type: ignore[no-untyped-def]
    with acting(ledger, read=True) as (uow, admin):
        return timer.running(uow, admin)


def logged(ledger) -> list[tuple[str, object, object, str, bool]]:  # type: ignore[no-untyped-def]
    return [
        (v.work.label, v.entry.started_at, v.entry.ended_at, v.entry.note, v.entry.billable)
        for v in sorted(entries_of(ledger, ADA), key=lambda v: v.entry.started_at)
    ]


def test_keeping_the_time_changes_nothing(running_since_nine, db_path: Path) -> None:  # type: ignore[no-untyped-def]
    outcome = answer(running_since_nine, IdleAnswer.KEEP)

    assert logged(running_since_nine) == []
    now = running(running_since_nine)
    assert now is not None and now.timer.started_at == berlin(9)
    assert outcome.running is not None and outcome.running.timer.id == now.timer.id


def test_discarding_logs_until_the_user_left_and_runs_on_from_now(running_since_nine) -> None:  # type: ignore[no-untyped-def]
    outcome = answer(running_since_nine, IdleAnswer.DISCARD)

    assert logged(running_since_nine) == [("WEB/General", berlin(9), berlin(9, 30), "homepage", False)]
    now = running(running_since_nine)
    assert now is not None
    assert (now.work.label, now.timer.started_at, now.timer.note, now.timer.billable) == (
        "WEB/General",
        berlin(10),
        "homepage",
        False,
    )
    assert outcome.logged is not None and outcome.logged.duration == Duration.of(minutes=30)


def test_discarding_and_stopping_logs_until_the_user_left_and_stops(running_since_nine, db_path: Path) -> None:  # type: ignore[no-untyped-def]
    outcome = answer(running_since_nine, IdleAnswer.DISCARD_AND_STOP)

    assert logged(running_since_nine) == [("WEB/General", berlin(9), berlin(9, 30), "homepage", False)]
    assert running(running_since_nine) is None
    assert count(db_path, "running_timers", LIVE_TIMERS) == 0
    assert outcome.running is None


def test_moving_logs_the_time_away_on_the_other_task_and_runs_on_from_now(running_since_nine) -> None:  # type: ignore[no-untyped-def]
    outcome = answer(running_since_nine, IdleAnswer.MOVE, other="WEB/Design")

    assert logged(running_since_nine) == [
        ("WEB/General", berlin(9), berlin(9, 30), "homepage", False),
        ("WEB/Design", berlin(9, 30), berlin(10), "", True),
    ]
    now = running(running_since_nine)
    assert now is not None and (now.work.label, now.timer.started_at) == ("WEB/General", berlin(10))
    assert outcome.moved is not None and outcome.moved.duration == Duration.of(minutes=30)


def test_idle_since_before_the_timer_started_discards_the_whole_run(running_since_nine, clock) -> None:  # type: ignore[no-untyped-def]
    with acting(running_since_nine, read=True) as (uow, admin):
        question = away_question(uow, admin, berlin(8))
    assert question is not None and question.since == berlin(9)

    answer(running_since_nine, IdleAnswer.DISCARD, since=question.since)

    assert logged(running_since_nine) == []
    now = running(running_since_nine)
    assert now is not None and now.timer.started_at == berlin(10)


def test_there_is_no_question_without_a_running_timer(team) -> None:  # type: ignore[no-untyped-def]
    with acting(team.ledger, read=True) as (uow, admin):
        assert away_question(uow, admin, berlin(8)) is None


@pytest.mark.parametrize(
    ("other", "error", "code"),
    [
        (None, RuleViolation, "move_needs_task"),
        ("  ", RuleViolation, "move_needs_task"),
        ("WEB/Nope", NotFound, "unknown_task"),
    ],
)
def test_moving_without_a_known_task_is_refused_and_changes_nothing(running_since_nine, db_path, other, error, code):  # type: ignore[no-untyped-def]
    with pytest.raises(error) as refused:
        answer(running_since_nine, IdleAnswer.MOVE, other=other)

    assert refused.value.problems[0].code == code
    assert logged(running_since_nine) == []
    now = running(running_since_nine)
    assert now is not None and now.timer.started_at == berlin(9)


def test_a_move_that_cannot_be_logged_leaves_the_timer_as_it_was(running_since_nine, db_path: Path) -> None:  # type: ignore[no-untyped-def]
    with acting(running_since_nine) as (uow, admin):
        _, design = projects.find_work(uow, admin.org, "WEB/Design")
        design.move_to(TaskStatus.CLOSED)
        uow.tasks.save(design)
        uow.commit()

    with pytest.raises(RuleViolation, match="The task WEB/Design is closed"):
        answer(running_since_nine, IdleAnswer.MOVE, other="WEB/Design")

    assert logged(running_since_nine) == []
    now = running(running_since_nine)
    assert now is not None and now.timer.started_at == berlin(9)
    assert count(db_path, "running_timers", LIVE_TIMERS) == 1


def test_a_timer_stopped_in_the_meantime_is_refused_for_discarding(running_since_nine) -> None:  # type: ignore[no-untyped-def]
    with acting(running_since_nine) as (uow, admin):
        timer.stop(uow, admin)
        uow.commit()

    with pytest.raises(RuleViolation) as refused:
        answer(running_since_nine, IdleAnswer.DISCARD)
    assert refused.value.code == "no_timer"
    answer(running_since_nine, IdleAnswer.KEEP)  # keeping needs no timer


def test_a_timer_switched_in_the_meantime_is_left_alone(running_since_nine, clock) -> None:  # type: ignore[no-untyped-def]
    with acting(running_since_nine) as (uow, admin):
        timer.switch(uow, admin, "WEB/Design")
        uow.commit()
    clock.advance(minutes=5)

    with pytest.raises(RuleViolation) as refused:
        answer(running_since_nine, IdleAnswer.DISCARD_AND_STOP)

    assert refused.value.code == "timer_changed"
    now = running(running_since_nine)
    assert now is not None and (now.work.label, now.timer.started_at) == ("WEB/Design", berlin(10))
