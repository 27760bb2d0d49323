"""The manager's approval queue on a real file: whose weeks, which filters, what order, which totals."""

from __future__ import annotations

from datetime import date, time

import pytest
from approval_helpers import (
    ADA,
    CARL,
    LAST_MONDAY,
    LAST_WEEK,
    MIA,
    MONDAY,
    ROB,
    TUESDAY,
    WEEK,
    add_people,
    decide,
    log,
    submit,
)
from helpers import BERLIN, acting

from app.domain.approval_queue import QueueQuery
from app.domain.attendance import AttendanceBreak, AttendanceSession
from app.domain.calendar import at_local
from app.domain.duration import Duration
from app.services import approvals, attendance, projects

SUNDAY_BEFORE = date(2026, 11, 15)
FRIDAY = date(2026, 11, 20)


def hm(hours: int, minutes: int = 0) -> Duration:
    return Duration.of(hours=hours, minutes=minutes)


def berlin(day: date, hour: int, minute: int = 0):  # type: ignore[no-untyped-def]
    return at_local(day, time(hour, minute), BERLIN)


@pytest.fixture
def office(team):  # type: ignore[no-untyped-def]
    add_people(team.ledger)
    return team.ledger


def queue(ledger, who: str = ADA, **query) -> list:  # type: ignore[no-untyped-def]
    with acting(ledger, who, read=True) as (uow, actor):
        return approvals.queue(uow, actor, QueueQuery(**query))


def waiting(ledger, who: str = ADA, **query) -> list[tuple[str, str]]:  # type: ignore[no-untyped-def]
    return [(row.user_email, str(row.week)) for row in queue(ledger, who, **query)]


def submit_everyone(ledger) -> None:  # type: ignore[no-untyped-def]
    """Last week: Rob, then Carl; this week: Carl, Mia, Ada (submitted in that order)."""
    for who, day, week in ((ROB, LAST_MONDAY, LAST_WEEK), (CARL, LAST_MONDAY, LAST_WEEK)):
        log(ledger, who, day)
        submit(ledger, who, week)
    for who in (CARL, MIA, ADA):
        log(ledger, who, MONDAY)
        submit(ledger, who)


def test_the_queue_is_oldest_week_first_then_longest_waiting_and_never_the_approvers_own(office):
    submit_everyone(office)
    assert waiting(office, ADA) == [
        (ROB, "2026-W46"),
        (CARL, "2026-W46"),
        (CARL, "2026-W47"),
        (MIA, "2026-W47"),
    ]


def test_a_manager_sees_only_their_teams_weeks(office):
    submit_everyone(office)
    assert waiting(office, MIA) == [(CARL, "2026-W46"), (CARL, "2026-W47")]
    with acting(office, MIA, read=True) as (uow, mia):
        assert approvals.queue_length(uow, mia) == 2


def test_decided_weeks_leave_the_queue(office):
    submit_everyone(office)
    decide(office, MIA, "approve", CARL)
    decide(office, ADA, "reject", ROB, LAST_WEEK, reason="Notes")
    assert waiting(office) == [(CARL, "2026-W46"), (MIA, "2026-W47")]


def test_the_queue_filters_by_team_user_week_and_project(office):
    submit_everyone(office)
    with acting(office) as (uow, admin):
        projects.add_project(uow, admin, client="Globex", name="Support", code="SUP", status="active")
        projects.assign(uow, admin, ROB, "SUP")
        uow.commit()
        sup = projects.find_project(uow, admin.org, "SUP").id
        carl = uow.users.by_email(admin.org.id, CARL).id
    log(office, ROB, MONDAY, work="SUP/General")
    submit(office, ROB)

    assert waiting(office, team="red") == [(ROB, "2026-W46"), (ROB, "2026-W47")]
    assert waiting(office, team="") == []  # only Ada has no team, and her own week is not in her queue
    assert waiting(office, user_id=carl) == [(CARL, "2026-W46"), (CARL, "2026-W47")]
    assert waiting(office, week_start=MONDAY) == [(CARL, "2026-W47"), (MIA, "2026-W47"), (ROB, "2026-W47")]
    assert waiting(office, project_id=sup) == [(ROB, "2026-W47")]
    assert waiting(office, team="blue", week_start=LAST_MONDAY) == [(CARL, "2026-W46")]
    with acting(office, read=True) as (uow, admin):
        assert approvals.queue_length(uow, admin, QueueQuery(week_start=MONDAY)) == 3


def test_the_queue_pages_without_gaps_or_repeats(office):
    submit_everyone(office)
    everything = queue(office)
    with acting(office, read=True) as (uow, admin):
        first = approvals.queue(uow, admin, limit=3)
        rest = approvals.queue(uow, admin, after=first[-1], limit=3)
        assert approvals.queue(uow, admin, after=rest[-1], limit=3) == []
    assert first + rest == everything


def test_each_row_totals_billable_non_billable_and_attendance_net_of_breaks(office, clock):
    log(office, CARL, MONDAY, "2:00")
    log(office, CARL, MONDAY, "0:45", work="WEB/General", billable=False, note="Internal")
    log(office, CARL, TUESDAY, "3:15")
    log(office, CARL, LAST_MONDAY, "5:00")  # another week
    with acting(office, CARL) as (uow, carl):
        monday = uow.attendance.add(
            AttendanceSession(
                org_id=carl.org.id, user_id=carl.user.id, clock_in=berlin(MONDAY, 9), clock_out=berlin(MONDAY, 17)
            )
        )
        uow.session.flush()  # the session row first: nothing tells the ORM the break depends on it
        uow.breaks.add(
            AttendanceBreak(
                org_id=carl.org.id,
                user_id=carl.user.id,
                session_id=monday.id,
                started_at=berlin(MONDAY, 12),
                ended_at=berlin(MONDAY, 12, 30),
            )
        )
        # A night shift from Sunday 22:00 into Monday 02:00: two hours on each side of the week's start.
        uow.attendance.add(
            AttendanceSession(
                org_id=carl.org.id,
                user_id=carl.user.id,
                clock_in=berlin(SUNDAY_BEFORE, 22),
                clock_out=berlin(MONDAY, 2),
            )
        )
        uow.commit()
    clock.advance(hours=-2)  # Friday 07:00 in Berlin
    with acting(office, CARL) as (uow, carl):
        attendance.clock_in(uow, carl)  # still open: counts up to now
        uow.commit()
    clock.advance(hours=2)
    submit(office, CARL)
    submit(office, CARL, LAST_WEEK)

    last, this = queue(office)

    assert (this.billable, this.non_billable, this.logged) == (hm(5, 15), hm(0, 45), hm(6))
    assert this.attendance == hm(8) - hm(0, 30) + hm(2) + hm(2)
    assert (last.billable, last.non_billable, last.attendance) == (hm(5), Duration.ZERO, hm(2))
    with acting(office, CARL, read=True) as (uow, carl):
        assert this.attendance == attendance.week_summary(uow, carl, WEEK).net
        assert last.attendance == attendance.week_summary(uow, carl, LAST_WEEK).net
    assert (this.user_name, this.team, this.week_start, this.week) == ("Carl Consultant", "blue", MONDAY, WEEK)


def test_an_empty_queue_is_an_empty_list(office):
    assert queue(office) == []
    with acting(office, read=True) as (uow, admin):
        assert approvals.queue_length(uow, admin) == 0
